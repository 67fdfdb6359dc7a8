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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from .. import limits
from ..catalogue import Catalogue
from ..errors import InvalidInput
from ..paths import slug
from ..speakers.registry import check_diarizer
from ..text import one_line
from ..transcribe import hints
from ..transcribe.engine import DutchSettings
from ..vocabulary import check_speakers
from . import claim, workspace
from .locks import episode_lock

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
    vocabulary: str | os.PathLike | None = None  # a file of the editor's own terms, one a line
    editor_terms: tuple[str, ...] | None = None  # read from it by validate(); None: the episode's, as before

    def request(self) -> dict[str, Any]:
        """The options an episode record remembers, to tell whether a re-run must redo work."""
        wanted = {"engine_requested": self.engine, "model_requested": self.model or "base", "diarizer": self.diarizer,
                  "vocabulary": hints.digest(self.settings.vocabulary, self.settings.vocabulary_use),
                  "vocabulary_terms": list(self.editor_terms or ())}
        if self.speakers:
            wanted["speakers_requested"] = self.speakers
        return wanted


@dataclass
class IngestResult:
    episode: dict[str, Any]
    status: str  # "ingested", "resumed" or "unchanged"
    seconds: float
    warnings: list[str] = field(default_factory=list)


def ingest(catalogue: Catalogue, video: str | os.PathLike, wijk: str, *, progress: ProgressFn | None = None,
           log: LogFn | None = None, **options: Any) -> IngestResult:
    """Ingest ``video`` for ``wijk`` into ``catalogue``; ``options`` are :class:`IngestOptions`."""
    started = time.perf_counter()
    video, opts = Path(video), IngestOptions(**options)
    opts.settings = opts.settings or DutchSettings()
    log = log or (lambda message: None)
    wijk_slug = slug(wijk, "wijk")
    validate(catalogue, opts)
    with_vocabulary(catalogue, opts, claim.known(catalogue, video))
    done = None if opts.force else claim.unchanged(catalogue, video, opts.request(), wijk_slug)
    if done is not None:
        return _unchanged_result(catalogue, done, opts, started)
    # There is work to do: now the stack it needs (a re-ingest of an unchanged video never loads it).
    from .. import media
    from ..transcribe import check_engine
    from . import steps

    check_engine(opts.engine, opts.model, opts.settings.language, opts.settings.config)
    info = media.probe(video)
    sha = media.sha256_file(video)
    with_vocabulary(catalogue, opts, claim.known(catalogue, video, sha))
    done = None if opts.force else claim.same_content(catalogue, video, sha, opts.request(), wijk_slug)
    if done is not None:
        return _unchanged_result(catalogue, done, opts, started)
    work = workspace.work_dir(catalogue.root, sha)
    try:
        log("extracting 16 kHz mono audio")  # a truncated or undecodable file fails here, before any record
        audio_path = work / "audio.wav"
        media.extract_audio(video, audio_path, info)
        episode, resumed, warnings = claim.claim(catalogue, video, info, sha, wijk_slug, opts, log)
        with episode_lock(catalogue, episode):  # `rr speakers --set` meanwhile waits, and is not overwritten
            episode, warnings = steps.finish(catalogue, episode, info, audio_path, opts, warnings, progress, log)
            return IngestResult(episode, "resumed" if resumed else "ingested", time.perf_counter() - started, warnings)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def validate(catalogue: Catalogue, opts: IngestOptions) -> None:
    """The options checked before anything is read from the video or written anywhere (the
    engine, model and language too, once the video turns out to need transcribing)."""
    check_diarizer(opts.diarizer)  # an unknown name fails now, not after the transcription
    check_speakers(opts.speakers)
    if opts.vocabulary is not None and opts.editor_terms is None:
        opts.editor_terms = hints.read_vocabulary(opts.vocabulary)
    if opts.title is not None:
        opts.title = limits.text_at_most(one_line(opts.title).strip(), "the title", limits.MAX_TITLE)
        slug(opts.title, "episode title", strict=False)
    if opts.slot is not None:
        limits.whole_number(opts.slot, "slot", 1, limits.MAX_SLOTS)
        if not opts.article:
            raise InvalidInput("slot", "needs an article to go with it", opts.slot)
    if opts.article:
        found = catalogue.article(opts.article)
        if found is None:
            raise InvalidInput("article", f"{opts.article!r} is not in the catalogue; import it first with "
                               f"`rr articles import`", opts.article)
        if opts.slot is not None and not any(s.get("index") == opts.slot for s in found.get("slots") or []):
            raise InvalidInput("slot", f"{opts.slot} is not a video slot of article {opts.article!r}", opts.slot)


def with_vocabulary(catalogue: Catalogue, opts: IngestOptions, known: dict[str, Any] | None) -> None:
    """The decoder's vocabulary (transcribe/hints.py): the editor's own terms (``--vocabulary``, else those
    the episode, ``known``, was last transcribed with), then the names, places and organisations of the
    article asked for, else of the one the episode is linked to."""
    from ..articles.terms import article_terms

    known = known or {}
    if opts.vocabulary is None:
        opts.editor_terms = tuple(known.get("vocabulary_terms") or ())
    slug_ = opts.article or known.get("article")
    article = catalogue.article(slug_) if slug_ else None
    wijk = catalogue.snapshot.get("wijken", slug=article.get("wijk")) if article and article.get("wijk") else None
    terms = hints.clean_terms([*(opts.editor_terms or ()), *article_terms(article, wijk)])
    opts.settings = replace(opts.settings, vocabulary=terms)


def _unchanged_result(catalogue: Catalogue, done: dict[str, Any], opts: IngestOptions,
                      started: float) -> IngestResult:
    """Nothing to redo; only a new ``article``/``slot`` is applied (names follow)."""
    warnings: list[str] = []
    if claim.new_link(done, opts.article, opts.slot) is not None:  # the editing stack only when it is needed
        from .editing import relink

        done, warnings = relink(catalogue, done, opts.article, opts.slot)
    return IngestResult(done, "unchanged", time.perf_counter() - started, warnings)
