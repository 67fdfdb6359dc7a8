"""The catalogue's rows as typed records: each field and its default written once.

``from_row`` reads a stored row (missing fields take their defaults; fields this release
does not know are kept in ``extra`` and written back, so an older release never drops what
a newer one stored); ``to_row`` gives the row to store. :class:`EpisodeView` is the one
joined view, "an episode with its wijk and linked article", that search, the site and the
exports all read.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, ClassVar, TypeVar

R = TypeVar("R", bound="Record")


def now() -> str:
    """A record's timestamp: UTC, to the second, ISO 8601."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class Record:
    extra: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    KEY: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def from_row(cls: type[R], row: dict[str, Any]) -> R:
        names = _stored_names(cls)
        known = {k: v for k, v in row.items() if k in names}
        return cls(**known, extra={k: v for k, v in row.items() if k not in names})

    def to_row(self) -> dict[str, Any]:
        row = {name: getattr(self, name) for name in _stored_fields(type(self))}
        return {**self.extra, **row}

    @classmethod
    def with_defaults(cls, row: dict[str, Any]) -> dict[str, Any]:
        """``row`` with the fields it lacks at their defaults: ``from_row(row).to_row()``
        without building the record, for listing many rows."""
        filled = {**row}
        defaults = _defaults(cls)
        for name in [name for name in _stored_fields(cls) if name not in row]:  # in field order: stable output
            default = defaults[name]
            filled[name] = default() if callable(default) else default
        return filled

    def key(self) -> dict[str, Any]:
        """The fields that find this record's row (``{"id": ...}``)."""
        return {k: getattr(self, k) for k in self.KEY}


@functools.cache
def _stored_fields(cls: type) -> tuple[str, ...]:
    """A record class's stored field names, in order; looked up once per class, since
    ``dataclasses.fields`` is slow enough to dominate listing 20 000 episodes."""
    return tuple(f.name for f in dataclasses.fields(cls) if f.name != "extra")


@functools.cache
def _stored_names(cls: type) -> frozenset[str]:
    return frozenset(_stored_fields(cls))


@functools.cache
def _defaults(cls: type) -> dict[str, Any]:
    """Each stored field's default value, or its factory (a list or dict made fresh per row)."""
    return {f.name: f.default if f.default is not dataclasses.MISSING else f.default_factory
            for f in dataclasses.fields(cls) if f.name != "extra"}


@dataclass
class Wijk(Record):
    slug: str = ""
    name: str | None = None
    gemeente: str | None = None
    province: str | None = None
    place: str | None = None
    source: str | None = None  # "editor" or "extracted": whose values win on the next import
    KEY: ClassVar[tuple[str, ...]] = ("slug",)

    @property
    def title(self) -> str:
        return self.name or self.slug


@dataclass
class Person(Record):
    """Someone an article names: ``role_confidence`` of an extracted role, ``role_unsure``
    when nothing decided it."""

    name: str = ""
    role: str = "overig"
    role_label: str | None = None
    description: str | None = None
    role_confidence: float | None = None
    role_unsure: bool = False


@dataclass
class Article(Record):
    slug: str = ""
    title: str | None = None
    date: str | None = None  # ISO
    kind: str | None = None
    url: str | None = None
    wijk: str | None = None
    gemeente: str | None = None
    summary: str | None = None
    people: list[dict[str, Any]] = field(default_factory=list)
    slots: list[dict[str, Any]] = field(default_factory=list)
    source: str | None = None
    source_file: str | None = None
    KEY: ClassVar[tuple[str, ...]] = ("slug",)

    def persons(self) -> list[Person]:
        return [Person.from_row(p) for p in self.people]


DEFAULT_DIARIZER = "default"


@dataclass
class Episode(Record):
    id: str = ""
    title: str | None = None
    wijk: str | None = None
    article: str | None = None
    slot: int | None = None
    sha256: str = ""  # of the video: the key an ingest finds it by
    suffix: str = ""  # the video's file extension
    duration: float | None = None
    start_time: float | None = None
    audio_start: float | None = None
    has_video: bool | None = None
    container: str | None = None
    language: str | None = None
    engine: str | None = None
    model: str | None = None
    engine_requested: str | None = None  # what the last ingest asked, to tell whether a re-run redoes work
    model_requested: str | None = None
    speakers_requested: int | None = None
    vocabulary: str | None = None  # digest of the decoder's vocabulary (transcribe/hints.py) it was transcribed with
    vocabulary_terms: list[str] = field(default_factory=list)  # the editor's own (--vocabulary), kept for re-runs
    diarizer: str = DEFAULT_DIARIZER
    steps: list[str] = field(default_factory=list)
    source: dict[str, Any] | None = None  # path, size and mtime of the file last ingested
    video: str | None = None  # paths relative to the root
    vtt: str | None = None
    transcript: str | None = None
    cues: int = 0
    words: int = 0
    quotes: int = 0
    quotes_digest: str | None = None  # of quotes/<id>.json: tells the index what changed without reading it
    # Automatic or corrected (subtitles/labels.py): {"status", "cues", "corrected_cues", "by", "when"}
    subtitles: dict[str, Any] | None = None
    added: str | None = None
    updated: str | None = None
    KEY: ClassVar[tuple[str, ...]] = ("id",)


@dataclass
class Speaker(Record):
    episode: str = ""
    label: str = ""  # S1, S2 …
    name: str | None = None
    role: str | None = None
    role_label: str | None = None
    method: str | None = None  # editor, self-introduction, article, default
    confidence: float | None = None
    talk_time: float | None = None
    KEY: ClassVar[tuple[str, ...]] = ("episode", "label")


@dataclass
class Quote(Record):
    """A speaker's words cut at a sentence end or a pause: what researchers search."""

    episode: str = ""
    start: float = 0.0
    end: float = 0.0
    speaker: str | None = None
    person: str | None = None
    role: str | None = None
    text: str = ""
    corrected: dict[str, Any] | None = None  # {"by": [editors], "when"} when an editor changed words of it


@dataclass
class EpisodeView:
    """An episode with its wijk and its linked article: what search, the site and exports show."""

    episode: Episode
    wijk: Wijk | None
    article: Article | None

    @property
    def id(self) -> str:
        return self.episode.id

    @property
    def wijk_slug(self) -> str | None:
        return self.episode.wijk or (self.article.wijk if self.article else None)

    @property
    def wijk_name(self) -> str | None:
        return (self.wijk.name if self.wijk else None) or self.wijk_slug

    @property
    def gemeente(self) -> str | None:
        return (self.wijk.gemeente if self.wijk else None) or (self.article.gemeente if self.article else None)

    @property
    def date(self) -> str | None:
        """The article's date: when the visit was; None when no article is linked."""
        return self.article.date if self.article else None

    def meta(self) -> dict[str, Any]:
        """The fields a quote's hit carries about its episode (search, exports)."""
        return {
            "episode": self.episode.id, "episode_title": self.episode.title, "wijk": self.wijk_slug,
            "wijk_name": self.wijk_name, "gemeente": self.gemeente,
            "province": self.wijk.province if self.wijk else None, "article": self.episode.article,
            "article_title": self.article.title if self.article else None, "date": self.date,
            "url": self.article.url if self.article else None, "video": self.episode.video,
            "subtitles": self.episode.subtitles,
        }

