"""Which cues an editor corrected: records to labels, labels to VTT NOTEs and back."""

from razendereporter.subtitles import cues_for, labelled_vtt, labels_of, read_cues
from razendereporter.subtitles.labels import corrected_cues, episode_text
from razendereporter.transcript import Segment, Transcript, Word, corrections_in


def transcript(corrections=()):
    """Two cues a long pause apart: "een twee drie" and "vier vijf zes"."""
    words = [Word(0.5 + i * 0.4, 0.8 + i * 0.4, f" {w}", 0.9, "S1") for i, w in enumerate("een twee drie".split())]
    words += [Word(5.0 + i * 0.4, 5.3 + i * 0.4, f" {w}", 0.9, "S1") for i, w in enumerate("vier vijf zes".split())]
    return Transcript("nl", 8.0, "faster-whisper", "base", [Segment(0.5, 6.1, " …", words)],
                      speakers={"S1": {"name": "Kim"}}, corrections=list(corrections))


def record(start, end, editor="Anna de Vries", when="2026-12-02T10:00:00+00:00", after=True):
    word = {"start": start, "end": end, "text": " x", "probability": 1.0, "speaker": "S1"}
    return {"save": 1, "editor": editor, "when": when, "start": start, "end": end, "before": [word],
            "after": [word] if after else []}


def test_a_cue_is_corrected_when_a_record_changed_words_in_it():
    fixed = transcript([record(5.4, 5.7), record(0.9, 1.2, "Piet", "2026-12-03T09:00:00+00:00", after=False)])
    labels = labels_of(fixed, cues_for(fixed))
    assert labels["episode"] == {"status": "corrected", "cues": 2, "corrected_cues": 2,
                                 "by": ["Anna de Vries", "Piet"], "when": "2026-12-03T09:00:00+00:00"}
    assert [c["by"] for c in labels["cues"]] == [["Piet"], ["Anna de Vries"]], "a deletion inside a cue counts"
    assert episode_text(labels["episode"]).endswith("gecorrigeerd door Anna de Vries en Piet op 2026-12-03")
    assert corrections_in(fixed.corrections, 2.0, 4.9) == [], "between the cues: neither"


def test_the_vtt_carries_the_labels_as_notes_that_readers_skip():
    machine = transcript()
    assert "NOTE Ondertiteling automatisch gemaakt\n" in labelled_vtt(machine)
    assert labels_of(machine, cues_for(machine))["episode"]["status"] == "automatic"
    fixed = transcript([record(5.4, 5.7)])
    vtt = labelled_vtt(fixed)
    assert "NOTE Ondertiteling automatisch gemaakt, deels gecorrigeerd (1 van 2 ondertitels) door Anna de Vries " \
           "op 2026-12-02" in vtt
    cues = read_cues(vtt)
    assert [c["text"] for c in cues] == ["een twee drie", "vier vijf zes"]
    assert corrected_cues(vtt) == {cues[1]["line"]: "gecorrigeerd door Anna de Vries op 2026-12-02"}
