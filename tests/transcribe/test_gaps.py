"""Speech the decoder skipped is decoded again on its own and merged in; what stays silent is
reported; the hallucination filter holds for what comes back."""

from __future__ import annotations

import re

import numpy as np
import pytest

import interviews
import metrics
import synth
from razendereporter.transcribe import DutchSettings, clean, fill_gaps
from razendereporter.transcribe import gaps as gaps_module
from razendereporter.transcribe.gaps import decode_stretch, speech_stretches, uncovered
from razendereporter.transcript import Segment, Transcript, Word

SR = 16_000
CREDIT_LINES = re.compile(r"bedankt|kijken|ondertitel|amara|abonneer|copyright", re.I)


class FakeEngine:
    """Returns the given segments (times relative to the audio it is given) and records the calls."""

    name, model = "fake", "fake"

    def __init__(self, *segments: Segment):
        self.segments = segments
        self.calls: list[tuple[int, DutchSettings]] = []

    def transcribe(self, audio, settings, progress=None):
        self.calls.append((len(audio), settings))
        return Transcript("nl", len(audio) / SR, "fake", "fake",
                          [Segment(s.start, s.end, s.text, list(s.words), s.avg_logprob, s.no_speech_prob)
                           for s in self.segments])


def words(*spec: tuple[float, float, str]) -> list[Word]:
    return [Word(a, b, f" {t}", 0.9) for a, b, t in spec]


def segment(*spec: tuple[float, float, str]) -> Segment:
    ws = words(*spec)
    return Segment(ws[0].start, ws[-1].end, " " + " ".join(w.text.strip() for w in ws), ws, -0.3, 0.05)


@pytest.fixture
def one_stretch(monkeypatch):
    """The VAD finds speech at 3.0–5.0 s (and 0.0–2.0 s, 6.0–7.0 s, which have words)."""
    stretches = [(0.0, 2.0), (3.0, 5.0), (6.0, 7.0)]
    monkeypatch.setattr(gaps_module, "speech_stretches", lambda audio, gaps=None, **_: stretches)


def before_gap() -> Transcript:
    # The first segment runs on over the hole: " b" stretched from 1.5 to 4.5 s, as Whisper does.
    first = segment((0.0, 0.5, "a"), (0.6, 1.2, "een"), (1.3, 1.9, "twee"), (1.95, 4.5, "b"))
    last = segment((6.0, 6.4, "drie"), (6.5, 7.0, "vier"))
    return Transcript("nl", 8.0, "fake", "fake", [first, last])


def test_the_merge_puts_the_stretch_words_in_time_order_without_context_or_repeats(one_stretch):
    audio = np.zeros(8 * SR, dtype=np.int16)
    # The re-decode of 2.25–5.75 s: context " twee" before, the stretch's words, context " drie" after.
    engine = FakeEngine(segment((0.0, 0.45, "twee"), (0.8, 1.5, "nieuw"), (1.6, 2.1, "woord"), (2.2, 2.7, "hier")),
                        segment((3.0, 3.4, "drie")))
    transcript, warnings = fill_gaps(before_gap(), audio, engine, DutchSettings())
    texts = [w.text.strip() for w in transcript.words]
    assert texts == ["a", "een", "twee", "b", "nieuw", "woord", "hier", "drie", "vier"]
    starts = [w.start for w in transcript.words]
    assert starts == sorted(starts)
    assert [w.start for w in transcript.words[4:7]] == pytest.approx([3.05, 3.85, 4.45])  # on the video's clock
    assert transcript.words[3].end == 3.0  # the stretched word cut back to the stretch's edge
    assert warnings == []
    (length, settings), = engine.calls  # one decode: the stretch and 0.75 s either side, no VAD, no batch
    assert length == int(5.75 * SR) - int(2.25 * SR)
    assert settings.vad is False and settings.batch_size == 1
    assert [s.text for s in transcript.segments] == [" a een twee b", " nieuw woord hier", " drie vier"]


def test_a_stretch_that_stays_silent_is_a_warning_and_changes_nothing(one_stretch):
    audio = np.zeros(8 * SR, dtype=np.float32)
    transcript, warnings = fill_gaps(before_gap(), audio, FakeEngine(), DutchSettings(), offset=10.0)
    assert warnings == ["no words in speech at 13.0–15.0 s"]  # on the video's clock
    assert [w.text.strip() for w in transcript.words] == ["a", "een", "twee", "b", "drie", "vier"]


CREDIT = [(0.9, 1.3, "Bedankt"), (1.3, 1.7, "voor"), (1.7, 2.1, "het"), (2.1, 2.5, "kijken!")]
AMARA = [(0.9, 1.4, "Ondertiteld"), (1.4, 1.7, "door"), (1.7, 1.9, "de"), (1.9, 2.3, "Amara.org"), (2.3, 2.6, "gemeenschap")]


@pytest.mark.parametrize("heard", [CREDIT, AMARA, [(0.0, 0.4, "twee")] + CREDIT], ids=["credit", "amara", "behind-context"])
def test_a_credit_line_from_the_redecode_is_not_added(one_stretch, heard):
    transcript, warnings = fill_gaps(before_gap(), np.zeros(8 * SR, np.float32), FakeEngine(segment(*heard)),
                                     DutchSettings())
    assert not CREDIT_LINES.search(transcript.text)
    assert warnings == ["no words in speech at 3.0–5.0 s"]


def test_a_stretch_with_words_is_left_alone(monkeypatch):
    monkeypatch.setattr(gaps_module, "speech_stretches", lambda audio, gaps=None, **_: [(0.0, 2.0)])
    engine = FakeEngine()
    t = Transcript("nl", 3.0, "fake", "fake", [segment((0.1, 0.5, "een"), (0.6, 1.1, "twee"), (1.2, 1.9, "drie"))])
    transcript, warnings = fill_gaps(t, np.zeros(3 * SR, np.float32), engine, DutchSettings())
    assert engine.calls == [] and warnings == [] and len(transcript.words) == 3


def test_uncovered_counts_plausible_words_only():
    stretches = [(0.0, 2.0), (3.0, 5.0)]
    heard = words((0.1, 0.6, "een"), (0.7, 1.4, "twee"), (2.9, 5.2, "lang"))  # one word over the whole 2nd
    assert uncovered(stretches, heard) == [(3.0, 5.0)]


def test_uncovered_sees_a_phrase_repeated_in_place_of_speech():
    said = "ze had hem aan de haak geslagen".split()
    first = [(0.1 + 0.3 * k, 0.35 + 0.3 * k, t) for k, t in enumerate(said)]
    again = [(a + 3.0, b + 3.0, t) for a, b, t in first]
    other = [(a + 6.0, b + 6.0, t) for (a, b, _), t in zip(first, "deze landen bestaan echter niet uit olie".split())]
    assert uncovered([(0.0, 2.5), (3.0, 5.5), (6.0, 8.5)], words(*first, *again, *other)) == [(3.0, 5.5)]
    twice = [(3.0 + 0.17 * k, 3.15 + 0.17 * k, t) for k, t in enumerate(said + said)]
    assert uncovered([(0.0, 2.5), (3.0, 5.5)], words(*first, *twice)) == [(3.0, 5.5)]
    different = [(a - 3.0, b - 3.0, t) for a, b, t in other]
    assert uncovered([(0.0, 2.5), (3.0, 5.5)], words(*first, *different)) == []  # other words: fine


def test_stretches_are_the_same_from_int16_windows_and_from_float():
    iv = interviews.build("three-voices")
    pcm = np.round(iv.audio * 32767).astype(np.int16)
    whole = speech_stretches(iv.audio)
    windowed = speech_stretches(pcm, window_s=12.0)
    assert len(whole) >= len(iv.turns) - 1
    for turn in iv.turns:  # every turn of the truth is speech, in both
        for found in (whole, windowed):
            assert any(a < turn.end and turn.start < b for a, b in found), turn
    assert sum(b - a for a, b in windowed) == pytest.approx(sum(b - a for a, b in whole), rel=0.05)


@pytest.fixture(scope="module")
def engine():
    from razendereporter.transcribe import create_engine

    return create_engine("faster-whisper", None, DutchSettings(threads=2))


@pytest.mark.model
@pytest.mark.parametrize("kind", ["silence", "noise", "music"])
def test_redecoding_silence_noise_or_music_adds_no_credit_line(engine, kind):
    rng = np.random.default_rng(7)
    t = np.arange(5 * SR) / SR
    audio = {
        "silence": np.zeros_like(t),
        "noise": 0.05 * rng.standard_normal(len(t)),
        "music": 0.1 * sum(np.sin(2 * np.pi * f * t * (1 + 0.01 * np.sin(2 * np.pi * 5 * t))) for f in (220, 277, 330))
                 * (0.5 + 0.5 * np.sin(2 * np.pi * 0.5 * t)),
    }[kind].astype(np.float32)
    redo = DutchSettings(vad=False, batch_size=1, threads=2)
    found = decode_stretch(audio, 1.0, 4.0, engine, redo)
    assert not CREDIT_LINES.search(" ".join(s.text for s in found))


@pytest.mark.model
def test_the_answer_the_decoder_skipped_is_kept_with_the_gap_pass(engine):
    """three-voices: the pipeline's batched decoding loses whole turns (a guest's answer after
    the reporter; see docs/benchmarks.md); decoded again on their own they come back."""
    iv = interviews.build("three-voices")
    settings = DutchSettings(threads=2)
    transcript = clean(engine.transcribe(iv.audio, settings))
    heard = [(w.start, w.end, w.text) for w in transcript.words]
    kept, total, lost_before = metrics.turns_kept(iv.turns, heard)
    assert lost_before, "the decoder kept every turn: this interview no longer shows the loss"
    transcript, warnings = fill_gaps(transcript, iv.audio, engine, settings)
    heard = [(w.start, w.end, w.text) for w in transcript.words]
    kept, total, lost = metrics.turns_kept(iv.turns, heard)
    assert (kept, total) == (len(iv.turns), len(iv.turns)), [s.index + 1 for s in lost]
    assert warnings == []
    starts = [w.start for w in transcript.words]
    assert starts == sorted(starts)
    assert not CREDIT_LINES.search(transcript.text)


def test_uncovered_sees_a_loop_running_over_later_answers():
    """vox-pop-tight: the batched decoder writes the first answer again and again over the four
    that follow; each later stretch holds a piece of it, never a whole repeat."""
    said = "misschien moet hij gewoon betalen voor het apparaat".split()
    first = [(0.1 + 0.15 * k, 0.2 + 0.15 * k, t) for k, t in enumerate(said + said)]  # the loop has begun
    piece = [(3.0 + 0.3 * k, 3.25 + 0.3 * k, t) for k, t in enumerate(said[3:] + said[:2])]
    assert uncovered([(0.0, 2.5), (3.0, 5.0)], words(*first, *piece)) == [(3.0, 5.0)]
    answer = [(3.0 + 0.3 * k, 3.25 + 0.3 * k, t) for k, t in enumerate("ja dat moet hij gewoon doen".split())]
    assert uncovered([(0.0, 2.5), (3.0, 5.0)], words(*first, *answer)) == []  # two words in common: an answer


@pytest.mark.model
def test_a_loop_over_a_vox_pop_is_decoded_again(engine, tmp_path):
    """vox-pop-tight as the pipeline hears it (through the video's AAC): the batched decoder
    writes the first woman's sentence over every answer after it; with the loop seen as speech
    without words, the answers come back (docs/benchmarks.md: 3 of 8 turns kept before, 7 after)."""
    iv = interviews.build("vox-pop-tight")
    audio = synth.read_audio(interviews.write_video(iv, tmp_path / "vox-pop-tight.mp4"))
    settings = DutchSettings(threads=2)
    transcript = clean(engine.transcribe(audio, settings))
    kept_before = metrics.turns_kept(iv.turns, [(w.start, w.end, w.text) for w in transcript.words])[0]
    assert kept_before <= 4, "the decoder no longer loops here: this test shows nothing"
    transcript, warnings = fill_gaps(transcript, audio, engine, settings)
    kept, total, lost = metrics.turns_kept(iv.turns, [(w.start, w.end, w.text) for w in transcript.words])
    assert kept >= total - 1, [s.index + 1 for s in lost]
    assert transcript.text.lower().count("misschien moet hij") <= 2
