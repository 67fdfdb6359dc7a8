"""One episode from video file to catalogue: the steps, their order, and resuming.

video ─probe─► audio (16 kHz) ─engine─► words ─gaps─► words ─diarize─► speakers ─► cues, quotes ─► catalogue

Everything is checked before anything is written (engine, model, language, article, slot,
names), and the audio is decoded before the episode is recorded, so bad input leaves no
trace. catalog.json is read once and written twice: when the episode is claimed (its id,
the video copied into media/, its article link) and when it is published. From the claim to
the publish the ingest holds the episode's lock (locks.py), so an editor's change to the
same episode waits for it instead of being overwritten. An interrupted
ingest resumes: the sidecar of a finished transcription is reused when it belongs to the
same video, engine and model.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .. import limits, media
from .. import transcript as transcript_io
from ..catalogue import Catalog, Snapshot, linked_article
from ..errors import RRError
from ..paths import slug
from ..text import one_line
from ..speakers import editor_overrides, get_diarizer, name_speakers
from ..transcribe import DutchSettings, check_engine, clean, create_engine, fill_gaps, transcribe_pcm
from ..transcript import Transcript
from ..vocabulary import MAX_SPEAKERS
from . import claim, workspace
from .editing import relink
from .locks import episode_lock
from .publish import episode_paths, publish
from .who_speaks import find_speakers

STEPS = claim.STEPS
WORK_DIR = workspace.WORK_DIR
DEFAULT_ENGINE = "faster-whisper"

ProgressFn = Callable[[float, float], None]  # (seconds done, seconds total)
LogFn = Callable[[str], None]


@dataclass
class IngestOptions:
    """What ``rr ingest`` was asked, beyond the video and the wijk (see its ``--help``)."""

    title: str | None = None
    article: str | None = None
    slot: int | None = None
    speakers: int | None = None
    diarizer: str = "default"
    engine: str = DEFAULT_ENGINE
    model: str | None = None
    settings: DutchSettings = field(default_factory=DutchSettings)
    force: bool = False

    def request(self) -> dict[str, Any]:
        """The options an episode record remembers, to tell whether a re-run must redo work."""
        wanted = {"engine_requested": self.engine, "model_requested": self.model or "base", "diarizer": self.diarizer}
        if self.speakers:
            wanted["speakers_requested"] = self.speakers
        return wanted


@dataclass
class IngestResult:
    episode: dict[str, Any]
    status: str  # "ingested", "resumed" or "unchanged"
    seconds: float
    warnings: list[str] = field(default_factory=list)


def ingest(root: str | os.PathLike, video: str | os.PathLike, wijk: str, *, progress: ProgressFn | None = None,
           log: LogFn | None = None, **options: Any) -> IngestResult:
    """Ingest ``video`` for ``wijk`` under catalogue ``root``; ``options`` are :class:`IngestOptions`."""
    started = time.perf_counter()
    root, video, opts = Path(root), Path(video), IngestOptions(**options)
    opts.settings = opts.settings or DutchSettings()
    log = log or (lambda message: None)
    wijk_slug = slug(wijk, "wijk")
    snapshot = Catalog(root).read()
    validate(snapshot, opts)
    done = None if opts.force else claim.unchanged(snapshot, root, video, opts.request(), wijk_slug)
    if done is not None:
        return _unchanged_result(root, done, opts, snapshot, started)
    info = media.probe(video)
    sha = media.sha256_file(video)
    done = None if opts.force else claim.same_content(snapshot, root, video, sha, opts.request(), wijk_slug)
    if done is not None:
        return _unchanged_result(root, done, opts, snapshot, started)
    work = workspace.work_dir(root, sha)
    try:
        log("extracting 16 kHz mono audio")  # a truncated or undecodable file fails here, before any record
        audio_path = work / "audio.wav"
        media.extract_audio(video, audio_path, info)
        episode, resumed, warnings = claim.claim(root, snapshot, video, info, sha, wijk_slug, opts, log)
        with episode_lock(root, episode):  # `rr speakers --set` meanwhile waits, and is not overwritten
            return _finish(root, snapshot, episode, info, audio_path, opts, started, resumed, warnings, progress, log)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def validate(snapshot: Snapshot, opts: IngestOptions) -> None:
    """Every option checked before anything is read from the video or written anywhere."""
    check_engine(opts.engine, opts.model, opts.settings.language)
    get_diarizer(opts.diarizer, opts.settings.threads)  # an unknown name fails now, not after the transcription
    if opts.speakers is not None:
        limits.whole_number(opts.speakers, "--speakers", 1, MAX_SPEAKERS)
    if opts.title is not None:
        opts.title = limits.text_at_most(one_line(opts.title).strip(), "--title", limits.MAX_TITLE)
        slug(opts.title, "episode title", strict=False)
    if opts.slot is not None:
        limits.whole_number(opts.slot, "--slot", 1, limits.MAX_SLOTS)
        if not opts.article:
            raise RRError("--slot goes with --article")
    if opts.article:
        found = snapshot.get("articles", slug=opts.article)
        if found is None:
            raise RRError(f"no article {opts.article!r} in the catalogue; import it first with `rr articles import`")
        if opts.slot is not None and not any(s.get("index") == opts.slot for s in found.get("slots") or []):
            raise RRError(f"article {opts.article!r} has no video slot {opts.slot}")


def _finish(root: Path, snapshot: Snapshot, episode: dict[str, Any], info: media.MediaInfo, audio_path: Path,
            opts: IngestOptions, started: float, resumed: bool, warnings: list[str],
            progress: ProgressFn | None, log: LogFn) -> IngestResult:
    """Transcribe (or reuse the transcript), find the speakers, publish: the episode's second write."""
    paths = episode_paths(root, episode["wijk"], episode["id"], episode["suffix"])
    transcript = _cached_transcript(paths["sidecar"], episode, opts)
    fields: dict[str, Any] = {}
    if transcript is None:
        transcript = _transcribe(audio_path, info, episode["sha256"], opts, progress, log)
        transcript_io.save(paths["sidecar"], transcript)  # a killed ingest resumes from here
        episode["steps"] = [s for s in episode["steps"] if s not in ("speakers", "subtitles")]
    fields.update(engine=transcript.engine, model=transcript.model, language=transcript.language)
    warnings.extend(transcript.warnings)
    redo_speakers = (opts.speakers and opts.speakers != episode.get("speakers_requested")) or \
        opts.diarizer != episode.get("diarizer", "default")
    article = linked_article(snapshot, episode)
    if "speakers" not in episode["steps"] or redo_speakers:
        log("finding who speaks when")
        find_speakers(transcript, media.load_wav(audio_path), info.audio_start, article, episode.get("slot"),
                      num_speakers=opts.speakers, diarizer=opts.diarizer, threads=opts.settings.threads)
        fields.update(speakers_requested=opts.speakers, diarizer=opts.diarizer)
    else:  # the article link may have changed: the names follow it
        name_speakers(transcript, article, episode.get("slot"), editor_overrides(transcript))
    episode = publish(root, episode["id"], transcript, steps=STEPS[1:], fields=fields, snapshot=snapshot)
    return IngestResult(episode, "resumed" if resumed else "ingested", time.perf_counter() - started, warnings)


def _transcribe(audio_path: Path, info: media.MediaInfo, sha: str, opts: IngestOptions,
                progress: ProgressFn | None, log: LogFn) -> Transcript:
    pcm = media.load_pcm(audio_path)
    total = len(pcm) / media.SAMPLE_RATE
    log(f"transcribing {total:.1f} s with {opts.engine} ({opts.model or 'base'})")
    stt = create_engine(opts.engine, opts.model, opts.settings)
    transcript = clean(transcribe_pcm(stt, pcm, opts.settings, (lambda done: progress(done, total)) if progress else None))
    if opts.settings.fill_gaps:  # speech the decoder skipped, decoded again on its own
        transcript, lost = fill_gaps(transcript, pcm, stt, opts.settings, offset=info.audio_start)
        transcript.warnings.extend(lost)
    del pcm, stt
    transcript = transcript.shifted(info.audio_start)
    transcript.sha256 = sha
    transcript.duration = info.duration or transcript.duration
    return transcript


def _cached_transcript(path: Path, episode: dict[str, Any], opts: IngestOptions) -> Transcript | None:
    """The sidecar of an earlier run, if it is this video's transcript by the same engine and model."""
    if opts.force or ("transcript" not in episode["steps"] and not path.exists()):
        return None
    try:
        found = transcript_io.load(path)
    except RRError:
        return None
    same_model = found.model == (opts.model or "base") or "transcript" in episode["steps"]
    return found if found.sha256 == episode["sha256"] and found.engine == opts.engine and same_model else None


def _unchanged_result(root: Path, done: dict[str, Any], opts: IngestOptions, snapshot: Snapshot,
                      started: float) -> IngestResult:
    """Nothing to redo; only a new ``--article``/``--slot`` is applied (names follow)."""
    done, warnings = relink(root, done, opts.article, opts.slot, snapshot)
    return IngestResult(done, "unchanged", time.perf_counter() - started, warnings)
