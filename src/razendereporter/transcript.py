"""Plain data for what an engine heard, and the JSON sidecar that keeps it.

The sidecar (``<episode>.nl.json`` next to the VTT) holds every word with its timing and
confidence, so later steps (speakers, search, editing, export) never run the model again.
All times are seconds from the start of the video, as a player counts them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import atomic
from .errors import RRError

SIDECAR_VERSION = 1
MAX_PAUSE = 1.5  # seconds of silence that always end a turn of speech: a cue, a quote


@dataclass
class Word:
    start: float
    end: float
    text: str  # as the engine wrote it, usually with a leading space
    probability: float = 1.0
    speaker: str | None = None  # cluster label (S1, S2, …) once speakers are known


@dataclass
class Segment:
    start: float
    end: float
    text: str
    words: list[Word] = field(default_factory=list)
    avg_logprob: float = 0.0
    no_speech_prob: float = 0.0


@dataclass
class Transcript:
    language: str
    duration: float
    engine: str
    model: str
    segments: list[Segment] = field(default_factory=list)
    # Speaker turns and names, filled by the speaker step: {"label", "start", "end"} and
    # {label: {"name", "role", "method", "confidence"}}.
    turns: list[dict[str, Any]] = field(default_factory=list)
    speakers: dict[str, dict[str, Any]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    sha256: str = ""  # of the video this came from, so a stale sidecar is never reused
    # The editors' corrections, in order (pipeline/correct.py): {"save", "editor", "when",
    # "start", "end", "before": [word dicts], "after": [word dicts]}; kept through re-runs.
    corrections: list[dict[str, Any]] = field(default_factory=list)
    # What the published subtitles say of themselves (subtitles/labels.py), written by each publish:
    # {"episode": {"status", "cues", "corrected_cues", "by", "when"}, "cues": [{"start", "end", "by", "when"}]}.
    labels: dict[str, Any] = field(default_factory=dict)
    # The decoder's vocabulary (transcribe/hints.py): {"terms": [...], "use": "hotwords"}; {} without.
    vocabulary: dict[str, Any] = field(default_factory=dict)

    @property
    def words(self) -> list[Word]:
        return [w for s in self.segments for w in s.words]

    @property
    def text(self) -> str:
        return " ".join(s.text.strip() for s in self.segments).strip()

    def shifted(self, offset: float) -> "Transcript":
        """The same transcript with every time moved by ``offset`` seconds."""
        if not offset:
            return self
        segs = [
            Segment(
                start=s.start + offset,
                end=s.end + offset,
                text=s.text,
                words=[Word(w.start + offset, w.end + offset, w.text, w.probability, w.speaker) for w in s.words],
                avg_logprob=s.avg_logprob,
                no_speech_prob=s.no_speech_prob,
            )
            for s in self.segments
        ]
        return Transcript(self.language, self.duration, self.engine, self.model, segs, self.turns, self.speakers,
                          self.warnings, self.sha256, self.corrections, self.labels, self.vocabulary)


def to_dict(transcript: Transcript) -> dict[str, Any]:
    data = asdict(transcript)
    data["version"] = SIDECAR_VERSION
    for seg in data["segments"]:
        for key in ("start", "end", "avg_logprob", "no_speech_prob"):
            seg[key] = round(seg[key], 3)
        for word in seg["words"]:
            word["start"], word["end"] = round(word["start"], 3), round(word["end"], 3)
            word["probability"] = round(word["probability"], 4)
    return data


def from_dict(data: dict[str, Any]) -> Transcript:
    segments = [
        Segment(
            start=s["start"],
            end=s["end"],
            text=s["text"],
            words=[Word(**w) for w in s.get("words", [])],
            avg_logprob=s.get("avg_logprob", 0.0),
            no_speech_prob=s.get("no_speech_prob", 0.0),
        )
        for s in data.get("segments", [])
    ]
    return Transcript(
        language=data["language"],
        duration=data["duration"],
        engine=data["engine"],
        model=data["model"],
        segments=segments,
        turns=data.get("turns", []),
        speakers=data.get("speakers", {}),
        warnings=data.get("warnings", []),
        sha256=data.get("sha256", ""),
        corrections=data.get("corrections", []),  # sidecars from before corrections have none
        labels=data.get("labels") or {},
        vocabulary=data.get("vocabulary") or {},
    )


def save(path: Path, transcript: Transcript) -> None:
    atomic.write_text(path, json.dumps(to_dict(transcript), ensure_ascii=False, indent=1) + "\n")


def load(path: Path) -> Transcript:
    try:
        return from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except FileNotFoundError as exc:
        raise RRError(f"transcript sidecar {path} is missing; run `rr ingest` again") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise RRError(f"transcript sidecar {path} is damaged ({exc}); run `rr ingest --force` on the video") from exc


# ---------------------------------------------------------------------------------------
# Words as text and as turns: how every later step (cues, quotes, naming) groups words


def join_words(words: list[Word]) -> str:
    """Join words as spoken; a word without a leading space (a split compound) attaches."""
    out = ""
    for i, w in enumerate(words):
        if i and (w.text[:1].isspace() or not out):
            out += " "
        out += w.text.strip()
    return out.strip()


def speaker_runs(words: list[Word], max_pause: float | None = None) -> list[list[Word]]:
    """Consecutive words of one speaker; a pause over ``max_pause`` seconds also ends a run."""
    runs: list[list[Word]] = []
    for w in words:
        if runs and w.speaker == runs[-1][-1].speaker and (max_pause is None or w.start - runs[-1][-1].end <= max_pause):
            runs[-1].append(w)
        else:
            runs.append([w])
    return runs


# ---------------------------------------------------------------------------------------
# Whose words these are: the machine's or an editor's (cues, quotes, the episode)

EDGE = 1e-3


def corrections_in(corrections: list[dict[str, Any]], start: float, end: float) -> list[dict[str, Any]]:
    """The editors' records (pipeline/correct.py) that changed words from ``start`` to ``end`` (the first
    word's start and the last word's end of a cue or a quote): words put in that overlap it, or words
    only taken out, inside it."""
    return [r for r in corrections
            if (r.get("after") and r["start"] < end - EDGE and r["end"] > start + EDGE)
            or (not r.get("after") and start - EDGE <= r["start"] and r["end"] <= end + EDGE)]


def correction_label(records: list[dict[str, Any]]) -> dict[str, Any] | None:
    """``{"by": [editors, in order], "when": the latest record's time}``, None for machine words only."""
    if not records:
        return None
    by = list(dict.fromkeys(r.get("editor") or "unknown" for r in records))
    return {"by": by, "when": max(r.get("when") or "" for r in records)}
