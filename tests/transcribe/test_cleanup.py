"""Known Whisper silence hallucinations are dropped; real speech is kept."""

import pytest

from razendereporter.transcribe.hallucinations import clean, is_hallucination
from razendereporter.transcript import Segment, Transcript, Word


def seg(text, no_speech=0.05, logprob=-0.3):
    return Segment(0.0, 2.0, text, [Word(0.0, 2.0, " " + text.split()[0] if text.split() else " ", 0.9)],
                   logprob, no_speech)


@pytest.mark.parametrize("text", [
    " Ondertiteld door de Amara.org gemeenschap",
    " Ondertiteling door: TV Gelderland",
    " ondertitels door de amara.org-gemeenschap",
    " TV Gelderland 2021",
    " Bedankt voor het kijken!",
    " Dank je wel voor het kijken en tot de volgende keer.",
    " [Muziek]",
    " ♪ ♪",
    " ...",
    " ",
])
def test_known_hallucinations_are_dropped(text):
    assert is_hallucination(seg(text))


@pytest.mark.parametrize("text", [
    " Dank je wel.",
    " Bedankt!",
    " De gemeente heeft geld gereserveerd voor isolatie.",
    " Ik kijk naar de ondertiteling van het plan.",
    " Muziek maken doen we in het buurthuis.",
])
def test_real_speech_is_kept(text):
    assert not is_hallucination(seg(text))


def test_silence_the_model_itself_doubts_is_dropped():
    assert is_hallucination(seg(" Ja, ja, ja.", no_speech=0.9, logprob=-1.4))
    assert not is_hallucination(seg(" Ja, ja, ja.", no_speech=0.9, logprob=-0.2))


def test_clean_warns_when_nothing_is_left():
    t = Transcript("nl", 10.0, "faster-whisper", "base", [seg(" Ondertiteld door de Amara.org gemeenschap")])
    clean(t)
    assert t.segments == [] and t.warnings == ["no speech found: the subtitles have no cues"]
