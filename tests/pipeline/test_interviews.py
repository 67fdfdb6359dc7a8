"""The real-voice interviews and their scores: deterministic, consistent truth, metrics that
give the right answer on the truth itself. No model runs here (bench/bench_real_voices.py
does that)."""

from __future__ import annotations

import numpy as np
import pytest

import interviews
import metrics


@pytest.fixture(scope="module")
def built():
    return {name: interviews.build(name) for name in interviews.NAMES}


def test_built_from_committed_clips_the_same_every_time(built):
    again = interviews.build("three-voices")
    assert np.array_equal(again.audio, built["three-voices"].audio)
    assert again.turns == built["three-voices"].turns


@pytest.mark.parametrize("name", interviews.NAMES)
def test_truth_is_consistent_with_the_audio(built, name):
    iv = built[name]
    assert iv.audio.dtype == np.float32 and np.max(np.abs(iv.audio)) < 1.0
    assert iv.turns[0].start == pytest.approx(interviews.LEAD, abs=1e-3)
    assert iv.duration == pytest.approx(iv.turns[-1].end + interviews.LEAD, abs=1e-3)
    for prev, turn in zip(iv.turns, iv.turns[1:]):
        assert turn.start - prev.end == pytest.approx(turn.pause_before, abs=1e-3)
    for turn in iv.turns:
        inside = iv.audio[int(turn.start * interviews.SR) : int(turn.end * interviews.SR)]
        assert np.sqrt(np.mean(inside**2)) > 0.01, turn  # speech where the truth says so
        gap = iv.audio[int((turn.start - turn.pause_before) * interviews.SR) + 1 : int(turn.start * interviews.SR) - 1]
        assert not np.any(gap), turn  # and silence in the pauses
        assert turn.text


def test_the_scripts_hold_the_cases_they_promise(built):
    voices = {v for iv in built.values() for v in iv.speakers.values()}
    assert {"cv_429566f5", "rdh_vl", "stp_nl"} <= voices
    genders = {interviews.VOICES[v].gender.split()[0] for v in voices}
    assert {"male", "female"} <= genders
    tv = built["three-voices"]
    continued = [(a, b) for a, b in zip(tv.turns, tv.turns[1:]) if a.speaker == b.speaker]
    assert any(b.pause_before == 0.25 and 2.0 <= b.end - b.start <= 3.0 for a, b in continued)
    assert len(built["phone-in"].speakers) == 3
    assert built["phone-in"].speakers["caller"] == "stp_nl"
    assert any(t.end - t.start < 2.5 for t in built["kitchen-table"].turns)


def test_turns_kept_on_the_truth_and_on_a_hole(built):
    iv = built["three-voices"]
    perfect = [(t.start + 0.1 * k, t.start + 0.1 * (k + 1), w)
               for t in iv.turns for k, w in enumerate(t.text.split())]
    kept, total, lost = metrics.turns_kept(iv.turns, perfect)
    assert (kept, total, lost) == (len(iv.turns), len(iv.turns), [])
    hole = iv.turns[6]
    holed = [w for w in perfect if not (hole.start <= w[0] < hole.end)]
    kept, total, lost = metrics.turns_kept(iv.turns, holed)
    assert kept == total - 1 and [s.index for s in lost] == [6]


def test_turns_kept_counts_repeated_words_once_each():
    turn = [(0.0, 2.0, "a", "deze dialoog en deze dialoog")]
    assert metrics.turn_scores(turn, [(0.1, 0.4, "deze"), (0.5, 0.9, "dialoog")])[0].found == 2
    assert metrics.turns_kept(turn, [(0.1, 0.4, "deze"), (0.5, 0.9, "dialoog"), (1.0, 1.2, "en")])[0] == 1
    far = [(5.0, 5.5, w) for w in "deze dialoog en deze dialoog".split()]
    assert metrics.turns_kept(turn, far)[0] == 0  # the right words, at the wrong time


def test_der_and_wer_of_the_truth_are_zero(built):
    iv = built["phone-in"]
    assert metrics.der(iv.reference, iv.reference) == 0.0
    sidecar_turns = [{"label": f"S{'abc'.index(s[0]) + 1}" if s[0] in "abc" else s, "start": a, "end": b}
                     for a, b, s in iv.reference]
    assert metrics.der(iv.reference, sidecar_turns) == 0.0
    assert metrics.wer(iv.text, iv.text) == 0.0


def test_written_as_a_video(tmp_path, built):
    path = interviews.write_video(built["kitchen-table"], tmp_path / "kitchen-table.mp4")
    assert path.stat().st_size > 1000
