"""The corrected text against the stored words, without the model: what is kept, what is aligned where."""

import pytest

from razendereporter.corrections import check_cues, plan, resolve_voices
from razendereporter.corrections.diff import groups_of, normalise, tokens_of
from razendereporter.errors import RRError
from razendereporter.subtitles import make_cues
from razendereporter.transcript import Segment, Transcript, Word

STEP = 0.4


def words(text, start=0.0, speaker="S1"):
    return [Word(round(start + k * STEP, 3), round(start + k * STEP + 0.3, 3), " " + w, 0.9, speaker)
            for k, w in enumerate(text.split())]


def spans(ws):
    return [(c.start, c.end) for c in make_cues(ws)]


def untimed(*texts, voice=None):
    return [{"start": None, "end": None, "voice": voice, "text": t, "line": k + 1} for k, t in enumerate(texts)]


def even(p):
    """Stand-in times for the aligner (tests/transcribe/test_align.py runs the real one): evenly in each window."""
    return [[(job.lo + k * (job.hi - job.lo) / len(job.texts), job.lo + (k + 1) * (job.hi - job.lo) / len(job.texts), 0.5)
             for k in range(len(job.texts))] for job in p.jobs]


STORED = "Ik geloof in deze dialog en we zullen deze dialog voren met de gemeente."


def test_matching_ignores_case_accents_and_punctuation_but_keeps_the_editors_spelling():
    assert normalise("Één,") == normalise("een") == "een"
    old = words(STORED)
    p = plan(old, spans(old), untimed("Ik geloof in deze Dialog, en we zullen deze dialog voren met de Gemeente!"),
             [None], 10.0)
    assert p.jobs == [] and p.kept_share == 1.0
    new = p.words([])
    assert [w.text for w in new] == [" Ik", " geloof", " in", " deze", " Dialog,", " en", " we", " zullen", " deze",
                                     " dialog", " voren", " met", " de", " Gemeente!"]
    assert [(w.start, w.end) for w in new] == [(w.start, w.end) for w in old]
    assert new[0] is old[0], "an unchanged word is the same word"


def test_changed_words_are_aligned_between_the_kept_words_around_them():
    old = words(STORED)
    p = plan(old, spans(old), untimed("Ik geloof in deze dialoog en we zullen deze dialoog voeren met de gemeente."),
             [None], 10.0)
    assert [job.texts for job in p.jobs] == [["dialoog"], ["dialoog", "voeren"]]
    assert (p.jobs[0].lo, p.jobs[0].hi) == (old[3].end, old[5].start)
    assert (p.jobs[1].lo, p.jobs[1].hi) == (old[8].end, old[11].start)
    new = p.words(even(p))
    assert [w.text.strip() for w in new] == "Ik geloof in deze dialoog en we zullen deze dialoog voeren met de gemeente.".split()
    assert all(a.end <= b.start + 1e-9 for a, b in zip(new, new[1:]))
    assert {k for k, (a, b) in enumerate(zip(old, new)) if a is not b} == {4, 9, 10}


def test_deleted_words_go_and_inserted_ones_are_aligned():
    old = words(STORED)
    p = plan(old, spans(old), untimed("Ik geloof echt in deze dialog en we zullen deze dialog voren met de gemeente."),
             [None], 10.0)
    assert [job.texts for job in p.jobs] == [["echt"]] and p.jobs[0].lo == old[1].end
    p = plan(old, spans(old), untimed("Ik geloof in deze dialog en we zullen deze dialog voren."), [None], 10.0)
    assert p.jobs == [] and [w.text for w in p.words([])][-1] == " voren."


def test_with_cue_times_a_stretch_stays_in_its_cue_and_times_the_editor_changed_are_kept():
    old = words("Goedemorgen allemaal.") + words("Wij wonen hier al lang.", start=2.0, speaker="S2")
    stored = spans(old)
    assert len(stored) == 2
    cues = [{"start": stored[0][0], "end": stored[0][1], "voice": None, "text": "Goedemorgen allemaal.", "line": 3},
            {"start": 1.9, "end": 4.5, "voice": None, "text": "Wij wonen hier al heel lang.", "line": 6}]
    p = plan(old, stored, cues, [None, None], 10.0)
    assert len(p.jobs) == 1 and p.jobs[0].texts == "Wij wonen hier al heel lang.".split()
    assert (p.jobs[0].lo, p.jobs[0].hi) == (1.9, 4.5), "the editor's times"
    new = p.words(even(p))
    assert new[:2] == old[:2] and all(w.speaker == "S2" for w in new[2:]), "matched words keep their speaker"
    cues[1].update(start=stored[1][0] + 0.02, end=stored[1][1] - 0.03)  # as a subtitle editor rounds them
    p = plan(old, stored, cues, [None, None], 10.0)
    assert [job.texts for job in p.jobs] == [["heel"]], "machine times, so only the new word is aligned"
    assert p.jobs[0].lo == old[5].end and p.jobs[0].hi == old[6].start


def test_a_voice_gives_the_cues_words_its_speaker():
    old = words("Goedemorgen allemaal.") + words("Wij wonen hier.", start=2.0, speaker="S2")
    transcript = Transcript("nl", 10.0, "faster-whisper", "base", [Segment(0.0, 3.0, "", old)],
                            speakers={"S1": {"name": "Kim"}, "S2": {"name": "Spreker 2"}})
    cues = untimed("Goedemorgen allemaal.", "Wij wonen hier.")
    cues[0]["voice"], cues[1]["voice"] = "spreker  2", "Anna de Vries"
    labels, added = resolve_voices(transcript, cues)
    assert labels == ["S2", "S3"]
    assert added == {"S3": {"name": "Anna de Vries", "role": None, "method": "editor", "confidence": 1.0}}
    new = plan(old, spans(old), cues, labels, 10.0).words([])
    assert [w.speaker for w in new] == ["S2", "S2", "S3", "S3", "S3"]
    assert [(w.start, w.end, w.text) for w in new] == [(w.start, w.end, w.text) for w in old]


def test_pieces_of_a_word_and_lone_punctuation_pair_with_the_editors_word():
    old = [Word(0.0, 0.3, " We", 0.9, "S1"), Word(0.3, 0.5, " plan", 0.9, "S1"), Word(0.5, 0.8, "nen", 0.8, "S1"),
           Word(0.8, 0.9, " -", 0.5, "S1"), Word(0.9, 1.2, " veel.", 0.9, "S1")]
    assert [g.text for g in groups_of(old)] == ["We", "plannen -", "veel."]
    assert [t.text for t in tokens_of(untimed("– We plannen - veel ..."))] == ["– We", "plannen -", "veel ..."]
    p = plan(old, spans(old), untimed("We plannen - veel."), [None], 2.0)
    assert p.jobs == [] and p.words([]) == old
    p = plan(old, spans(old), untimed("We Plannen veel."), [None], 2.0)
    assert p.jobs == [] and [(w.start, w.end, w.text, w.probability) for w in p.words([])][1] == (0.3, 0.9, " Plannen", 0.5)


def test_a_text_sharing_almost_nothing_is_another_episodes():
    old = words(STORED)
    with pytest.raises(RRError, match="keeps only 7% of the episode's 14 words: is it the transcript of another episode"):
        plan(old, spans(old), untimed("De Straat van Gibraltar is een zee-engte aan het uiteinde van de Middellandse Zee."),
             [None], 10.0)


def test_the_cues_are_checked_first():
    cues, warnings = check_cues([{"start": 1.0, "end": 3.0, "text": "a " * 300, "line": 4},
                                 {"start": 0.0, "end": 1.5, "text": "eerst", "line": 8},
                                 {"start": 2.0, "end": 2.5, "text": "ook", "line": 12}], 10.0, "ep.vtt")
    assert [c["line"] for c in cues] == [8, 4, 12], "in time order"
    assert warnings == [
        "ep.vtt, line 4: the cue has 599 characters, more than a subtitle shows (84); the subtitle rules cut it "
        "into several cues",
        "ep.vtt, line 4: the cue overlaps the one at line 8 by 0.50 s; its words are placed after that cue's",
        "ep.vtt, line 12: the cue overlaps the one at line 4 by 1.00 s; its words are placed after that cue's",
    ]
    with pytest.raises(RRError, match=r"^ep.vtt, line 2: the cue ends at 45:00, after the end of the video \(0:10\)"):
        check_cues([{"start": 2699.0, "end": 2700.0, "text": "ver weg", "line": 2}], 10.0, "ep.vtt")
    with pytest.raises(RRError, match="has no words"):
        check_cues([{"start": None, "end": None, "text": "  "}], 10.0, "ep.txt")
    for bad, message in [("tekst", "a cue is an object with a text"), ({"text": 3}, "a cue is an object with a text"),
                         ({"text": "x", "start": 1.0}, "both a start and an end time, or neither"),
                         ({"text": "x", "start": True, "end": 2.0}, "cue times are seconds"),
                         ({"text": "x", "start": 2.0, "end": 1.0}, r"ends \(1.0\) before it starts"),
                         ({"text": "x", "voice": ["Kim"]}, "a cue's voice is a speaker's name")]:
        with pytest.raises(RRError, match=message):
            check_cues([bad], 10.0, "the browser's cues")
