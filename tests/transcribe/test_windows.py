"""Long audio is transcribed window by window, cut where it is quiet, times kept."""

import numpy as np

from razendereporter.media import SAMPLE_RATE
from razendereporter.transcribe.engine import DutchSettings
from razendereporter.transcribe.windows import transcribe_pcm, window_bounds
from razendereporter.transcript import Segment, Transcript, Word


def test_windows_cover_everything_and_cut_in_silence():
    rng = np.random.default_rng(0)
    pcm = (rng.normal(0, 3000, 95 * SAMPLE_RATE)).astype("<i2")
    pcm[38 * SAMPLE_RATE : int(38.4 * SAMPLE_RATE)] = 0  # a pause near the first boundary
    bounds = window_bounds(pcm, window_s=40)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(pcm)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
    assert all(hi - lo <= 40 * SAMPLE_RATE for lo, hi in bounds)
    assert 38 * SAMPLE_RATE <= bounds[0][1] <= 38.4 * SAMPLE_RATE


class FakeEngine:
    """Reports one word at the loudest moment of each window it is given."""

    name, model = "fake", "fake"

    def __init__(self):
        self.lengths = []

    def transcribe(self, audio, settings, progress=None):
        self.lengths.append(len(audio))
        t = float(np.argmax(np.abs(audio))) / SAMPLE_RATE
        if progress:
            progress(len(audio) / SAMPLE_RATE)
        return Transcript("nl", len(audio) / SAMPLE_RATE, self.name, self.model,
                          [Segment(t, t + 0.1, " piek", [Word(t, t + 0.1, " piek", 1.0)])])


def test_transcribe_pcm_shifts_each_window_onto_the_recording_clock():
    pcm = np.zeros(100 * SAMPLE_RATE, dtype="<i2")
    peaks = [10.0, 55.0, 91.0]
    for p in peaks:
        pcm[int(p * SAMPLE_RATE)] = 30000
    engine, seen = FakeEngine(), []
    result = transcribe_pcm(engine, pcm, DutchSettings(), seen.append, window_s=40)
    assert len(engine.lengths) == 3 and max(engine.lengths) <= 40 * SAMPLE_RATE
    assert [round(w.start, 2) for w in result.words] == peaks
    assert result.duration == 100.0 and seen[-1] == 100.0 and seen == sorted(seen)
