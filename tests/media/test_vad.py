"""One VAD pass cut many ways: the regions from a SpeechMap are faster-whisper's own, for every
set of settings the pipeline uses."""

from __future__ import annotations

import numpy as np
import pytest
from faster_whisper.vad import VadOptions, get_speech_timestamps

import interviews
from razendereporter.media.vad import BATCHED, DIARIZATION, SpeechMap, VadSettings, speech_regions, windowed_regions
from razendereporter.transcribe.gaps import GAPS


@pytest.fixture(scope="module")
def audio():
    return interviews.build("three-voices").audio


@pytest.mark.parametrize("settings", [VadSettings(), DIARIZATION, BATCHED, GAPS.vad,
                                      VadSettings(min_silence_ms=100, max_speech_s=4.0)],
                         ids=["defaults", "diarization", "batched", "gaps", "short-max"])
def test_regions_from_one_map_are_faster_whispers_own(audio, settings):
    expected = get_speech_timestamps(audio, VadOptions(
        threshold=settings.threshold, min_speech_duration_ms=settings.min_speech_ms,
        min_silence_duration_ms=settings.min_silence_ms, speech_pad_ms=settings.pad_ms,
        max_speech_duration_s=settings.max_speech_s))
    found = SpeechMap(audio).regions(settings)
    assert found == [(s["start"], s["end"]) for s in expected]
    assert found
    assert speech_regions(audio, settings) == found


def test_windowed_regions_are_on_the_whole_audios_clock(audio):
    half = len(audio) // 2
    maps = [(0, SpeechMap(audio[:half])), (half, SpeechMap(audio[half:]))]
    regions = windowed_regions(maps, DIARIZATION)
    assert regions == sorted(regions) and all(0 <= a < b <= len(audio) for a, b in regions)
    assert [r for r in regions if r[0] >= half] == [(half + a, half + b) for a, b in maps[1][1].regions(DIARIZATION)]


def test_too_little_audio_has_no_speech():
    assert SpeechMap(np.zeros(100, np.float32)).regions() == []
