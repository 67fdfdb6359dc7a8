"""The steps of an ingest that need the audio: transcribe (or reuse the sidecar), find
the speakers, publish. ingest.py imports this only when a video has work to do.

Two halves, shared by a single ingest and a batch (batch.py): :func:`analyse` is the heavy
stage and touches no catalogue (a batch runs it in worker processes or on Ray and gets back
the plain transcript); :func:`record` names the speakers and publishes, in the one process
that writes the catalogue.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from .. import media
from .. import transcript as transcript_io
from ..catalogue import STEPS, Catalogue, Episode
from ..errors import RRError
from ..speakers import editor_overrides, name_speakers
from ..transcribe import clean, create_engine, fill_gaps, hints, speech_maps, transcribe_pcm
from ..transcribe.engine import Engine
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
    cached = cached_transcript(sidecar, episode, opts)
    article = catalogue.linked_article(episode)

    def keep(transcript: Transcript) -> None:
        keep_corrections(sidecar, transcript)  # the editors' corrections, over the new words
        transcript_io.save(sidecar, transcript)  # a killed ingest resumes from here

    diarize = needs_diarizing(episode, opts, cached)
    transcript = analyse(audio_path, info, episode["sha256"], opts, article, episode.get("slot"), cached=cached,
                         diarize=diarize, transcribed=keep, progress=progress, log=log)
    return record(catalogue, episode, transcript, opts, diarized=diarize, warnings=warnings), warnings


def analyse(audio_path: Path, info: media.MediaInfo, sha: str, opts: Any, article: dict | None, slot: int | None, *,
            cached: Transcript | None = None, diarize: bool = True, stt: Engine | None = None,
            transcribed: Callable[[Transcript], None] | None = None, progress: ProgressFn | None = None,
            log: LogFn = lambda message: None) -> Transcript:
    """The heavy stage: transcribe (unless ``cached``), then diarize (if ``diarize``); no catalogue.

    ``stt`` is an engine already loaded (a batch worker loads it once); ``transcribed`` sees
    the fresh transcript before the speakers are found. The speakers are labelled, not named.
    """
    transcript, speech = cached, None  # speech: the VAD of the audio, when this run computed it
    if transcript is None:
        transcript, speech = _transcribe(audio_path, info, sha, opts, progress, log, stt)
        if transcribed is not None:
            transcribed(transcript)
    if diarize:
        log("finding who speaks when")
        find_speakers(transcript, media.load_wav(audio_path), info.audio_start, article, slot,
                      num_speakers=opts.speakers, diarizer=opts.diarizer,
                      threads=opts.settings.threads or opts.settings.config.threads, config=opts.settings.config,
                      name=False, speech=speech)
    return transcript


def record(catalogue: Catalogue, episode: dict[str, Any], transcript: Transcript, opts: Any, *, diarized: bool,
           warnings: list[str]) -> dict[str, Any]:
    """Name the speakers (the linked article's people, the editors' names) and publish."""
    fields: dict[str, Any] = dict(engine=transcript.engine, model=transcript.model, language=transcript.language,
                                  vocabulary=opts.request()["vocabulary"], vocabulary_terms=list(opts.editor_terms or ()))
    warnings.extend(transcript.warnings)
    if diarized:
        fields.update(speakers_requested=opts.speakers, diarizer=opts.diarizer)
    # The article link may have changed since the speakers were found: the names follow it.
    name_speakers(transcript, catalogue.linked_article(episode), episode.get("slot"), editor_overrides(transcript))
    return publish(catalogue, episode["id"], transcript, steps=STEPS[1:], fields=fields)


def needs_diarizing(episode: dict[str, Any], opts: Any, cached: Transcript | None) -> bool:
    """Whether the speaker step runs: a new transcript, no speakers yet, or other speaker options."""
    redo = (opts.speakers and opts.speakers != episode.get("speakers_requested")) or \
        opts.diarizer != Episode.from_row(episode).diarizer
    return cached is None or "speakers" not in episode["steps"] or bool(redo)


def _transcribe(audio_path: Path, info: media.MediaInfo, sha: str, opts: Any, progress: ProgressFn | None,
                log: LogFn, stt: Engine | None = None) -> tuple[Transcript, list]:
    """The transcript, and the VAD of the audio (window by window) for the speaker step."""
    pcm = media.load_pcm(audio_path)
    total = len(pcm) / media.SAMPLE_RATE
    log(f"transcribing {total:.1f} s with {opts.engine} ({opts.model or 'base'})")
    stt = stt or create_engine(opts.engine, opts.model, opts.settings)
    speech = speech_maps(pcm)  # one VAD pass, shared by the decoder, the gap pass and the diarizer
    transcript = clean(transcribe_pcm(stt, pcm, opts.settings, (lambda done: progress(done, total)) if progress else None,
                                      speech=speech))
    if opts.settings.fill_gaps:  # speech the decoder skipped, decoded again on its own
        transcript, lost = fill_gaps(transcript, pcm, stt, opts.settings, offset=info.audio_start, speech=speech)
        transcript.warnings.extend(lost)
    del pcm, stt
    transcript = transcript.shifted(info.audio_start)
    transcript.sha256 = sha
    if opts.settings.vocabulary:  # remembered: a re-ingest with another vocabulary transcribes again
        transcript.vocabulary = {"terms": list(opts.settings.vocabulary), "use": opts.settings.vocabulary_use}
    transcript.duration = info.duration or transcript.duration
    return transcript, speech


def cached_transcript(path: Path, episode: dict[str, Any], opts: Any) -> Transcript | None:
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
