"""The steps of an ingest that need the audio: transcribe (or reuse the sidecar), find
the speakers, publish. ingest.py imports this only when a video has work to do."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from .. import media
from .. import transcript as transcript_io
from ..catalogue import STEPS, Catalogue, Episode
from ..errors import RRError
from ..speakers import editor_overrides, name_speakers
from ..transcribe import clean, create_engine, fill_gaps, hints, transcribe_pcm
from ..transcript import Transcript
from .correct import keep_corrections
from .publish import publish
from .who_speaks import find_speakers

ProgressFn = Callable[[float, float], None]  # (seconds done, seconds total)
LogFn = Callable[[str], None]


def finish(catalogue: Catalogue, episode: dict[str, Any], info: media.MediaInfo, audio_path: Path, opts: Any,
           warnings: list[str], progress: ProgressFn | None, log: LogFn) -> tuple[dict[str, Any], list[str]]:
    """Transcribe (or reuse the transcript), find the speakers, publish: the episode's second write."""
    sidecar = catalogue.paths(episode).sidecar
    transcript = _cached_transcript(sidecar, episode, opts)
    fields: dict[str, Any] = {}
    if transcript is None:
        transcript = _transcribe(audio_path, info, episode["sha256"], opts, progress, log)
        keep_corrections(sidecar, transcript)  # the editors' corrections, over the new words
        transcript_io.save(sidecar, transcript)  # a killed ingest resumes from here
        episode["steps"] = [s for s in episode["steps"] if s not in ("speakers", "subtitles")]
    fields.update(vocabulary=opts.request()["vocabulary"], vocabulary_terms=list(opts.editor_terms or ()))
    fields.update(engine=transcript.engine, model=transcript.model, language=transcript.language)
    warnings.extend(transcript.warnings)
    redo_speakers = (opts.speakers and opts.speakers != episode.get("speakers_requested")) or \
        opts.diarizer != Episode.from_row(episode).diarizer
    article = catalogue.linked_article(episode)
    if "speakers" not in episode["steps"] or redo_speakers:
        log("finding who speaks when")
        find_speakers(transcript, media.load_wav(audio_path), info.audio_start, article, episode.get("slot"),
                      num_speakers=opts.speakers, diarizer=opts.diarizer,
                      threads=opts.settings.threads or opts.settings.config.threads, config=opts.settings.config)
        fields.update(speakers_requested=opts.speakers, diarizer=opts.diarizer)
    else:  # the article link may have changed: the names follow it
        name_speakers(transcript, article, episode.get("slot"), editor_overrides(transcript))
    return publish(catalogue, episode["id"], transcript, steps=STEPS[1:], fields=fields), warnings


def _transcribe(audio_path: Path, info: media.MediaInfo, sha: str, opts: Any,
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
    if opts.settings.vocabulary:  # remembered: a re-ingest with another vocabulary transcribes again
        transcript.vocabulary = {"terms": list(opts.settings.vocabulary), "use": opts.settings.vocabulary_use}
    transcript.duration = info.duration or transcript.duration
    return transcript


def _cached_transcript(path: Path, episode: dict[str, Any], opts: Any) -> Transcript | None:
    """The sidecar of an earlier run, if it is this video's transcript by the same engine and model."""
    if opts.force or ("transcript" not in episode["steps"] and not path.exists()):
        return None
    try:
        found = transcript_io.load(path)
    except RRError:
        return None
    done = "transcript" in episode["steps"]
    same_model = found.model == (opts.model or "base") or done
    same_vocabulary = done or hints.digest(found.vocabulary.get("terms") or (), found.vocabulary.get("use", "")) == \
        hints.digest(opts.settings.vocabulary, opts.settings.vocabulary_use)
    same = found.sha256 == episode["sha256"] and found.engine == opts.engine and same_model and same_vocabulary
    return found if same else None
