"""What the editor page (``rr serve --edit``) reads and writes: an episode's cues with the
probability of every word, and a save that is ``rr correct``'s own library call.

The page gets the cues the stored words make (``subtitles.cues_for``, the cues of the
published VTT), each with its speaker label and its words, each word with Whisper's
probability and times: the words under :data:`UNSURE_BELOW` are marked on the page so the
editor looks there first, except those an editor wrote or the alignment placed again
(``edited``, from the correction records), whose probability is the alignment's. Only the
edit server hands this out; a built site has none of it.

A save is the page's lines as plain cues, ``{"voice", "text"}`` (a speaker's label or a new
name, the line's text), in order, given to :func:`razendereporter.pipeline.correct.correct`
as they are: the browser edits words and speakers, not times (the cue rules make the
published cues from the words' times), so a line's words are matched by their text and only
changed words are aligned to the audio again.
"""

from __future__ import annotations

from typing import Any

from ..catalogue import Catalogue
from ..errors import RRError
from ..limits import MAX_NAME, text_at_most
from ..text import one_line

UNSURE_BELOW = 0.5  # a word Whisper gave a lower probability is marked for the editor
MAX_CUES = 20_000  # lines of one save: a three-hour interview has about 3 000
SOURCE = "the edited transcript"  # how errors and warnings name what the page sent


def episode_data(catalogue: Catalogue, episode_id: str) -> dict[str, Any]:
    """The episode's cues as the editor page shows them, with every word's probability."""
    from ..pipeline import load_episode
    from ..subtitles import cues_for, speaker_names

    episode, transcript = load_episode(catalogue, episode_id)
    names = speaker_names(transcript)
    written = _editors_words(transcript.corrections)
    labels = sorted(set(names) | {w.speaker for w in transcript.words if w.speaker}, key=_label_order)
    return {
        "episode": episode["id"], "title": episode.get("title") or episode["id"],
        "unsure_below": UNSURE_BELOW,
        "speakers": [{"label": label, "name": names.get(label, label)} for label in labels],
        "cues": [{"start": cue.start, "end": cue.end, "speaker": cue.speaker, "text": cue.text,
                  "words": [{"text": w.text.strip(), "start": w.start, "end": w.end, "p": round(w.probability, 3),
                             "edited": _written(w, written)}
                            for w in cue.words if w.text.strip()]}
                 for cue in cues_for(transcript)],
        "corrections": len(transcript.corrections),
    }


def save(catalogue: Catalogue, episode_id: str, data: Any, editor: str | None = None,
         log=None) -> dict[str, Any]:
    """Correct the episode with the page's lines; what the page shows of the result."""
    from ..pipeline.correct import correct

    cues = _cues(data)
    result = correct(catalogue, episode_id, cues, editor, source=SOURCE, log=log)
    return {"status": result.status, "words_changed": result.words_changed, "words_aligned": result.words_aligned,
            "records": len(result.records), "align_cpu_s": round(result.align_cpu_s, 2),
            "warnings": [one_line(w) for w in result.warnings]}


def _cues(data: Any) -> list[dict[str, Any]]:
    """The page's lines as the cues :func:`correct` takes (it checks each one itself)."""
    if not isinstance(data, dict) or not isinstance(data.get("cues"), list):
        raise RRError('a save sends {"cues": [{"voice": …, "text": …}, …]}')
    lines = data["cues"]
    if len(lines) > MAX_CUES:
        raise RRError(f"{SOURCE} has {len(lines)} lines; at most {MAX_CUES} are taken in one save")
    cues = [{"start": line.get("start"), "end": line.get("end"), "voice": line.get("voice"),
             "text": line.get("text"), "line": k} if isinstance(line, dict) else line
            for k, line in enumerate(lines, 1)]
    for cue in cues:  # a new name becomes a speaker's name in the catalogue: as long as `rr speakers --set` allows
        if isinstance(cue, dict) and isinstance(cue["voice"], str):
            text_at_most(cue["voice"], f"{SOURCE}, line {cue['line']}: the speaker's name", MAX_NAME)
    return cues


def _editors_words(records: list[dict[str, Any]]) -> dict[float, list[str]]:
    """The words editors wrote, or the alignment placed again, by start time: each record's
    ``after`` words that are not one of its ``before`` words (a new speaker alone is not)."""
    out: dict[float, list[str]] = {}
    for record in records:
        before = {(_start(w), str(w.get("text") or "").strip()) for w in record.get("before") or [] if isinstance(w, dict)}
        for word in record.get("after") or []:
            key = (_start(word), str(word.get("text") or "").strip()) if isinstance(word, dict) else (None, "")
            if key[0] is not None and key not in before:
                out.setdefault(key[0], []).append(key[1])
    return out


def _start(word: dict[str, Any]) -> float | None:
    start = word.get("start")
    return round(start, 3) if isinstance(start, (int, float)) and not isinstance(start, bool) else None


def _written(word, written: dict[float, list[str]]) -> bool:
    """Whether an editor wrote ``word`` or the alignment placed it again: its probability is then
    the alignment's, not Whisper's doubt about what was said, and it is not marked unsure."""
    return any(text and word.text.strip().startswith(text) for text in written.get(round(word.start, 3), ()))


def _label_order(label: str) -> tuple[int, str]:
    digits = label[1:] if label[:1] == "S" else ""
    return (int(digits), label) if digits.isdigit() else (1 << 30, label)
