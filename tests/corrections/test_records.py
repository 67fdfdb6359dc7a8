"""Correction records: applied, taken back exactly, laid over a new transcription by time."""

import copy
import json

from hypothesis import given, settings, strategies as st

from razendereporter import transcript as transcript_io
from razendereporter.corrections import apply, edits, lay_over, make_records, next_save, undo
from razendereporter.transcript import Segment, Transcript, Word

VOCAB = "de het een gemeente warmtepomp isolatie wij wonen hier al lang subsidie buurt en maar dus".split()


def transcript_of(words, per_segment=4):
    segments = [Segment(words[k].start, words[min(k + per_segment, len(words)) - 1].end,
                        "".join(w.text for w in words[k:k + per_segment]), words[k:k + per_segment])
                for k in range(0, len(words), per_segment)]
    return Transcript("nl", 60.0, "faster-whisper", "base", segments)


@st.composite
def edited(draw):
    """Machine words, and an editor's version: some words replaced, inserted, deleted, re-spoken."""
    n = draw(st.integers(1, 30))
    texts = draw(st.lists(st.sampled_from(VOCAB), min_size=n, max_size=n))
    old = [Word(round(0.5 * k, 3), round(0.5 * k + 0.4, 3), " " + t, 0.8, f"S{1 + k // 10}") for k, t in enumerate(texts)]
    new, k = [], 0
    while k < len(old):
        op = draw(st.sampled_from(["keep", "keep", "keep", "replace", "insert", "delete", "speaker"]))
        w = old[k]
        if op == "keep":
            new.append(w)
        elif op == "replace":
            new.append(Word(w.start + 0.01, w.end - 0.01, " " + draw(st.sampled_from(VOCAB)).upper(), 0.5, w.speaker))
        elif op == "insert":
            new += [Word(w.start, w.start + 0.1, " eh", 0.3, w.speaker), Word(w.start + 0.1, w.end, w.text, 0.8, w.speaker)]
        elif op == "speaker":
            new.append(Word(w.start, w.end, w.text, w.probability, "S9"))
        k += 1
    return old, new


@settings(max_examples=150, deadline=None)
@given(edited())
def test_records_apply_and_undo_exactly(case):
    old, new = case
    tr = transcript_of(old)
    before = json.dumps(transcript_io.to_dict(tr)["segments"])
    changes = edits(tr.words, new)
    records = make_records(tr.words, changes, next_save(tr), "Anna", "2025-01-01T00:00:00+00:00")
    apply(tr, changes)
    assert tr.words == new
    for record in records:
        assert record["start"] <= min(w["start"] for w in record["before"] + record["after"])
    undo(tr, records)
    assert tr.words == old, "every word back, with its time, text, probability and speaker"
    assert all(seg.text == "".join(w.text for w in seg.words) for seg in tr.segments)
    # Whisper's segments (its decoding windows, read by nothing after the ingest) come back as
    # they were too, unless a change reached across two of them or took all of one's words.
    segments = transcript_of(old).segments
    segment_of = [k for k, seg in enumerate(segments) for _ in seg.words]
    if all(len({segment_of[k] for k in range(i, j)}) <= 1 and j - i < len(segments[segment_of[i]].words)
           for i, j, _ in changes if j > i):
        assert json.dumps(transcript_io.to_dict(tr)["segments"]) == before


def test_corrections_lie_over_a_new_transcription_by_time():
    old = [Word(round(0.5 * k, 3), round(0.5 * k + 0.4, 3), " " + t, 0.8, "S1") for k, t in enumerate(VOCAB)]
    tr = transcript_of(old)
    new = copy.deepcopy(old)
    del new[12]  # one word deleted
    new[2].text, new[7:9] = " geen", [Word(3.5, 4.3, " al-lang", 0.6, "S1")]  # two stretches corrected
    records = make_records(tr.words, edits(tr.words, new), 1, "Anna", "2025-01-01T00:00:00+00:00")
    assert len(records) == 3
    # A re-transcription: other words and times, a little off the old ones.
    again = [Word(round(w.start + 0.03, 3), round(w.end + 0.02, 3), w.text.upper(), 0.7, None) for w in old]
    retranscribed = transcript_of(again, per_segment=5)
    placed, lost = lay_over(retranscribed, records)
    assert lost == [] and len(placed) == 3
    texts = [w.text for w in retranscribed.words]
    assert texts[2] == " geen" and " al-lang" in texts and " BUURT" not in texts and " SUBSIDIE" in texts
    assert [w.text for w in retranscribed.words if w.text.strip().islower() or "-" in w.text] == [" geen", " al-lang"]
    assert placed[0]["before"] == [{"start": 1.03, "end": 1.42, "text": " EEN", "probability": 0.7, "speaker": None}]
    undo(retranscribed, placed)  # taken back, the new machine words return
    assert retranscribed.words == again


def test_a_correction_that_does_not_fit_the_new_words_is_not_forced_in():
    old = [Word(0.0, 0.4, " deze", 0.8, "S1"), Word(0.5, 0.9, " dialog", 0.8, "S1"), Word(1.0, 1.4, " voren", 0.8, "S1")]
    tr = transcript_of(old)
    new = [old[0], Word(0.5, 0.9, " dialoog", 0.9, "S1"), old[2]]
    records = make_records(old, edits(old, new), 1, "Anna", "t")
    records += [dict(records[0], start=70.0, end=71.0, after=[])]  # past the end of the audio
    retranscribed = transcript_of([Word(0.0, 0.4, " deze", 0.8, None), Word(0.45, 1.45, " dialoogvoeren", 0.8, None)])
    placed, lost = lay_over(retranscribed, records)
    assert placed == [] and lost == records, "a new word straddles the span, and a span past the end"
    assert [w.text for w in retranscribed.words] == [" deze", " dialoogvoeren"]
    del tr


def test_a_sidecar_from_before_corrections_loads(tmp_path):
    tr = transcript_of([Word(0.0, 0.4, " hallo", 0.8, "S1")])
    data = transcript_io.to_dict(tr)
    assert data["corrections"] == []
    del data["corrections"]
    path = tmp_path / "oud.nl.json"
    path.write_text(json.dumps(data))
    assert transcript_io.load(path).corrections == []


def test_later_corrections_of_the_same_words_and_two_insertions_in_one_gap_are_laid_over_in_order():
    old = [Word(round(1.0 * k, 3), round(1.0 * k + 0.4, 3), " " + t, 0.8, "S1") for k, t in enumerate(VOCAB[:8])]
    tr = transcript_of(old)
    records = []
    for save, new in enumerate([
        old[:3] + [Word(3.0, 3.4, " GEMEENTEN", 0.5, "S1")] + old[4:],
        old[:3] + [Word(3.0, 3.4, " gemeenten,", 0.5, "S1")] + old[4:5] + [Word(4.5, 4.6, " eh", 0.3, "S1")] + old[5:],
        old[:3] + [Word(3.0, 3.4, " gemeenten,", 0.5, "S1")] + old[4:5]
        + [Word(4.5, 4.6, " eh", 0.3, "S1"), Word(4.8, 4.9, " nou", 0.3, "S1")] + old[5:],
    ], 1):
        records += make_records(tr.words, edits(tr.words, new), save, "Anna", "t")
        apply(tr, edits(tr.words, new))
    assert [r["save"] for r in records] == [1, 2, 2, 3]
    final = tr.words
    again = transcript_of([Word(round(w.start + 0.02, 3), round(w.end + 0.02, 3), w.text.upper(), 0.7, None)
                           for w in old])
    placed, lost = lay_over(again, records)
    assert not lost and [w.text for w in again.words] == [w.text.upper() if w in old else w.text for w in final]
    assert [w.text for w in again.words][3:7] == [" gemeenten,", " WARMTEPOMP", " eh", " nou"]
