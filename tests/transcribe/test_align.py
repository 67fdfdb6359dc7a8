"""Forced alignment on a real Dutch voice, with both engines' own word timing."""

from difflib import SequenceMatcher

import interviews
import pytest

from razendereporter.corrections import normalise
from razendereporter.transcribe import DutchSettings, create_engine
from razendereporter.transcribe.align import load_aligner, sentence_ends, word_times

pytestmark = pytest.mark.model

CLIP = "real-dutch/rdh_vl04108.wav"  # "De Straat van Gibraltar is een zee-engte aan het uiteinde van de Middellandse Zee."


@pytest.fixture(scope="module")
def heard(model_cache):
    """The clip, its exact words, and the words the embedded model hears in it, with its own times."""
    audio, text = interviews.clip(CLIP)
    settings = DutchSettings(batch_size=1, threads=2)
    machine = create_engine("faster-whisper", None, settings).transcribe(audio, settings).words
    return audio, text.split(), machine


@pytest.mark.parametrize("engine", ["faster-whisper", "openai-whisper"])
def test_the_exact_words_land_where_the_model_heard_them(heard, engine):
    audio, words, machine = heard
    timings = load_aligner(engine, None, "nl", threads=2).align(audio, words)
    assert len(timings) == len(words)
    duration = len(audio) / 16000
    for (start, end, probability), nxt in zip(timings, timings[1:] + [(duration, duration, 0.0)]):
        assert 0.0 <= start <= end <= nxt[0] + 1e-6 <= duration + 1e-6
        assert 0.0 <= probability <= 1.0
    # Where the model heard a word right, the aligned word lies where it heard it.
    same = SequenceMatcher(None, [normalise(w.text) for w in machine], [normalise(w) for w in words], autojunk=False)
    pairs = [(machine[i + k], timings[j + k]) for i, j, n in same.get_matching_blocks() for k in range(n)]
    assert len(pairs) >= len(words) // 2
    for word, (start, end, _) in pairs:
        assert abs(word.start - start) <= 0.3 and abs(word.end - end) <= 0.3, (word, start, end)
    assert sum(p for _, _, p in timings) / len(timings) > 0.5, "the model finds these words likely"


def test_word_times_from_a_token_alignment_follow_faster_whisper():
    # Three tokens over two words; rows 0..3 (row 3: end of text) jump to frames 0, 10, 20, 40.
    alignments = [(0, 0), (0, 5), (1, 10), (2, 20), (2, 30), (3, 40)]
    assert word_times(alignments, [0.9, 0.5, 0.7], [2, 1], tokens_per_second=50, duration=1.0) == \
        [(0.0, 0.4, pytest.approx(0.7)), (0.4, 0.8, pytest.approx(0.7))]
    assert word_times([], [], [1, 1], 50, 1.0) == [(0.0, 0.5, 0.0), (0.5, 1.0, 0.0)], "nothing aligned: spread"
    # A sentence's last word does not swallow the pause after it, nor the next one the pause before it.
    long = [(0.0, 0.2, 1.0), (0.2, 0.4, 1.0), (0.4, 1.6, 1.0), (1.6, 3.0, 1.0), (3.0, 3.2, 1.0)]
    assert sentence_ends(["Ja", "dat", "klopt.", "Maar", "nu"], long) == \
        [(0.0, 0.2, 1.0), (0.2, 0.4, 1.0), (0.4, pytest.approx(0.8), 1.0), (pytest.approx(2.6), 3.0, 1.0), (3.0, 3.2, 1.0)]
