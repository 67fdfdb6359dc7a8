"""The ingest's one VAD pass feeds the batched decoder the chunks faster-whisper's own VAD would
make, so sharing it changes no word; the gap pass decodes its stretches as clips of their own."""

from __future__ import annotations

import pytest

import interviews
from razendereporter.media.vad import SpeechMap
from razendereporter.transcribe import DutchSettings, create_engine

SR = 16_000


@pytest.fixture(scope="module")
def engine():
    return create_engine("faster-whisper", None, DutchSettings(threads=2))


@pytest.mark.model
def test_the_shared_vad_gives_the_words_of_plain_batched_faster_whisper(engine):
    audio = interviews.build("three-voices").audio
    settings = DutchSettings(threads=2)
    shared = engine.transcribe(audio, settings, speech=SpeechMap(audio))
    plain, _ = engine._batched.transcribe(audio, batch_size=4, language="nl", beam_size=5, word_timestamps=True,
                                          vad_filter=True, condition_on_previous_text=False)
    expected = [(w.start, w.end, w.word) for seg in plain for w in seg.words]
    assert len(expected) > 30
    assert [(w.start, w.end, w.text) for w in shared.words] == expected


@pytest.mark.model
def test_clips_are_decoded_each_on_its_own_on_the_audios_clock(engine):
    iv = interviews.build("kitchen-table")
    turns = iv.turns[1], iv.turns[5]
    clips = [(int((t.start - 0.3) * SR), int((t.end + 0.3) * SR)) for t in turns]
    parts = engine.transcribe_clips(iv.audio, clips, DutchSettings(threads=2))
    assert len(parts) == 2
    for (lo, hi), part in zip(clips, parts):
        assert part.words, (lo, hi)
        assert all(lo / SR - 0.05 <= w.start <= w.end <= hi / SR + 0.05 for w in part.words)
    assert "dialo" in parts[1].text.lower()  # "Ik geloof in deze dialoog …"
