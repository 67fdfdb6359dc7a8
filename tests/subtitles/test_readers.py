"""The readers of corrected subtitle files: WebVTT, SRT and plain text as editors' tools leave them."""

import pytest

from razendereporter import subtitles as sub
from razendereporter.errors import RRError
from razendereporter.subtitles.cues import make_cues
from razendereporter.transcript import Word

# As Subtitle Edit writes it on Windows (BOM, CRLF), with what an editor adds by hand: a STYLE
# and a NOTE block, a cue identifier, cue settings, a voice with a class, a closing </v>,
# italics, an entity, a blank line with spaces in it.
EDITED_VTT = (
    "\ufeffWEBVTT - Razende Reporter\r\n\r\n"
    "STYLE\r\n::cue(v[voice=\"Anna\"]) { color: yellow }\r\n\r\n"
    "NOTE gecorrigeerd door de redactie,\r\ntwee regels lang\r\n\r\n"
    "1\r\n00:00:01.000 --> 00:00:03.500 align:start position:10% line:85%\r\n"
    "<v.loud Anna de Vries>Hallo <i>daar</i>, R&amp;D\r\nen welkom.</v>\r\n  \r\n"
    "00:03.600 --> 00:05.000\r\n<v Piet>Ja &lt;graag&gt;.\r\n\r\n"
    "00:00:06.000 --> 00:00:07.000\r\nZonder stem.\r\n"
)


def test_a_vtt_as_subtitle_edit_leaves_it():
    cues = sub.read_cues(EDITED_VTT)
    assert cues == [
        {"start": 1.0, "end": 3.5, "voice": "Anna de Vries", "text": "Hallo daar, R&D en welkom.", "line": 10},
        {"start": 3.6, "end": 5.0, "voice": "Piet", "text": "Ja <graag>.", "line": 14},
        {"start": 6.0, "end": 7.0, "voice": None, "text": "Zonder stem.", "line": 17},
    ]


def test_the_vtt_reader_reads_back_what_the_writer_wrote():
    words = [Word(0.5, 0.9, " Goedemorgen,", speaker="S1"), Word(1.0, 1.4, " welkom.", speaker="S1"),
             Word(3.0, 3.5, " Dank", speaker="S2"), Word(3.5, 3.9, " u.", speaker="S2")]
    cues = make_cues(words)
    names = {"S1": "Anna de Vries", "S2": "Spreker 2"}
    back = sub.read_cues(sub.vtt_text(cues, names))
    assert [(c["voice"], c["text"]) for c in back] == [("Anna de Vries", "Goedemorgen, welkom."), ("Spreker 2", "Dank u.")]
    srt = sub.read_cues(sub.srt_text(cues, names), names=tuple(names.values()))
    assert [(c["start"], c["end"], c["voice"], c["text"]) for c in srt] == \
        [(c["start"], c["end"], c["voice"], c["text"]) for c in back]
    txt = sub.read_cues(sub.plain_text(cues, names), names=tuple(names.values()))
    assert [(c["start"], c["voice"], c["text"]) for c in txt] == [(None, c["voice"], c["text"]) for c in back]


def test_srt_as_aegisub_and_subtitle_edit_leave_it():
    text = ("\ufeff1\r\n00:00:01,000 --> 00:00:02,500\r\n<i>Anna de Vries: hallo</i>\r\n\r\n"
            "2\r\n00:00:03,000 --> 00:00:04,000\r\n{\\an8}<font color=\"#ffff00\">Let op: hier</font>\r\n\r\n")
    cues = sub.read_cues(text, names=("Anna de Vries",))
    assert cues == [{"start": 1.0, "end": 2.5, "voice": "Anna de Vries", "text": "hallo", "line": 2},
                    {"start": 3.0, "end": 4.0, "voice": None, "text": "Let op: hier", "line": 6}]


def test_plain_text_is_one_cue_a_line():
    cues = sub.read_cues("Spreker 1: Goedemorgen.\r\n\r\nEn hoe gaat het?\n", names=("Spreker 1",))
    assert cues == [{"start": None, "end": None, "voice": "Spreker 1", "text": "Goedemorgen.", "line": 1},
                    {"start": None, "end": None, "voice": None, "text": "En hoe gaat het?", "line": 3}]


@pytest.mark.parametrize("text, suffix, fmt", [
    ("WEBVTT\n\n00:01.000 --> 00:02.000\nx\n", ".txt", "vtt"),
    ("1\n00:00:01,000 --> 00:00:02,000\nx\n", ".txt", "srt"),
    ("1\n00:00:01,000 --> 00:00:02,000\nx\n", "", "srt"),
    ("Gewoon tekst.\n", ".srt", "srt"),  # the suffix decides what the text leaves open: an error follows
    ("Gewoon tekst.\n", ".vtt", "vtt"),
    ("Gewoon tekst.\n", "", "txt"),
])
def test_the_format_is_told_by_the_text_then_the_suffix(text, suffix, fmt):
    assert sub.detect_format(text, suffix) == fmt


@pytest.mark.parametrize("text, message", [
    ("WEBVTT\n\n00:00:01.000 --> 00:0x:02.000\nhallo\n", "line 3: cue timings '00:00:01.000 --> 00:0x:02.000' do not parse"),
    ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhallo\n\ndaar\n", "line 6: text outside any cue: 'daar'"),
    ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhallo\n00:00:03.000 --> 00:00:04.000\nb\n", "line 5: cue timings inside"),
    ("WEBVTT\n\n00:00:03.000 --> 00:00:02.000\nx\n", "line 3: the cue ends (00:00:02.000) before it starts"),
    ("00:00:01.000 --> 00:00:02.000\nhallo\n", "line 1: a WebVTT file starts with the line WEBVTT"),
])
def test_a_malformed_vtt_is_one_line_with_its_line_number(text, message):
    with pytest.raises(RRError) as caught:
        sub.read_cues(text, "vtt", source="ep.vtt")
    assert str(caught.value).startswith("ep.vtt, " + message) and "\n" not in str(caught.value)


def test_a_malformed_srt_is_refused_with_its_line():
    with pytest.raises(RRError, match=r"^x.srt, line 2: cue timings '00:00:01,000 -> 00:00:02,000' do not parse"):
        sub.read_cues("1\n00:00:01,000 -> 00:00:02,000\nx\n", "srt", source="x.srt")
    with pytest.raises(RRError, match=r"^x.srt, line 5: expected a cue number, got 'y'"):
        sub.read_cues("1\n00:00:01,000 --> 00:00:02,000\nx\n\ny\n", "srt", source="x.srt")


@pytest.mark.parametrize("fmt", ["vtt", "srt", "txt"])
@pytest.mark.parametrize("text", ["", "\ufeff", " \r\n\r\n "])
def test_an_empty_file_is_an_error(fmt, text):
    with pytest.raises(RRError, match="is empty: there are no cues"):
        sub.read_cues(text, fmt)


def test_read_file_reads_windows_1252_and_says_what_is_missing(tmp_path):
    path = tmp_path / "oud.srt"
    path.write_bytes("1\r\n00:00:01,000 --> 00:00:02,000\r\nWe gaan naar Zeeland, één keer.\r\n".encode("cp1252"))
    assert sub.read_file(path)[0]["text"] == "We gaan naar Zeeland, één keer."
    with pytest.raises(RRError, match="no such file"):
        sub.read_file(tmp_path / "weg.vtt")
