"""Speaker turns on words, and names for the speakers (editor > self-introduction > article)."""

from __future__ import annotations

import itertools

import pytest

import diarize_fixtures as F
from razendereporter.speakers.diarize import Turn, get_diarizer
from razendereporter.speakers import assign_words, editor_overrides, name_speakers, speaker_prior, summary
from razendereporter.speakers.introductions import question_score, self_introduction
from razendereporter.transcript import Segment, Transcript, Word
from speaker_scripts import ARTICLE, INTERVIEW, transcript_from

def strip_speakers(tr: Transcript) -> list[str]:
    truth = [w.speaker for w in tr.words]
    for w in tr.words:
        w.speaker = None
    return truth


# ---------------------------------------------------------------------------- assign_words

def test_words_follow_the_turns_and_turns_follow_the_words():
    tr = transcript_from(INTERVIEW)
    truth = strip_speakers(tr)
    # diarizer turns a little off the word boundaries, as real ones are
    turns = [Turn(0.3, 4.1, "S1"), Turn(4.2, 9.6, "S2"), Turn(9.7, 11.0, "S1"), Turn(11.1, 30.0, "S2")]
    ends = [(s.words[0].start, s.words[-1].end) for s in tr.segments]
    turns = [Turn(ends[0][0] - 0.2, ends[0][1] + 0.1, "S1"), Turn(ends[1][0] - 0.05, ends[1][1] + 0.2, "S2"),
             Turn(ends[2][0] + 0.1, ends[2][1], "S1"), Turn(ends[3][0], ends[3][1] + 1, "S2")]
    assign_words(tr, turns)
    assert [w.speaker for w in tr.words] == truth
    assert [t["label"] for t in tr.turns] == ["S1", "S2", "S1", "S2"]
    for t, seg in zip(tr.turns, tr.segments):
        assert (t["start"], t["end"]) == (round(seg.words[0].start, 3), round(seg.words[-1].end, 3))


def test_boundary_inside_a_word_and_words_outside_turns():
    tr = transcript_from([("S1", "een twee drie"), ("S2", "vier vijf zes")], gap=0.0)
    strip_speakers(tr)
    w = tr.words
    # the change falls 0.1 s into "vier": it still belongs to S2; "zes" lies outside every turn
    turns = [Turn(0.0, w[3].start + 0.1, "S1"), Turn(w[3].start + 0.1, w[4].end, "S2")]
    assign_words(tr, turns)
    assert [x.speaker for x in w] == ["S1", "S1", "S1", "S2", "S2", "S2"]


def test_lone_grazing_word_joins_its_neighbours():
    tr = transcript_from([("S1", "dat is echt heel mooi geworden")], gap=0.0)
    strip_speakers(tr)
    w = tr.words
    turns = [Turn(0.0, w[2].start + 0.05, "S1"), Turn(w[2].start + 0.05, w[2].start + 0.1, "S2"),
             Turn(w[2].start + 0.1, 99, "S1")]
    assign_words(tr, turns)
    assert {x.speaker for x in w} == {"S1"}
    assert tr.turns == [{"label": "S1", "start": round(w[0].start, 3), "end": round(w[-1].end, 3)}]


def test_no_turns_means_one_speaker():
    tr = transcript_from([("S1", "alleen ik praat hier")])
    strip_speakers(tr)
    assign_words(tr, [])
    assert {w.speaker for w in tr.words} == {"S1"}


def test_dict_turns_accepted():
    tr = transcript_from(INTERVIEW[:2])
    strip_speakers(tr)
    mid = (tr.segments[0].end + tr.segments[1].start) / 2
    assign_words(tr, [{"label": "S1", "start": 0, "end": mid}, {"label": "S2", "start": mid, "end": 99}])
    assert [t["label"] for t in tr.turns] == ["S1", "S2"]


# ---------------------------------------------------------------------------- prior

def test_speaker_prior():
    assert speaker_prior(ARTICLE, 1) == 2  # Stefan + the reporter
    assert speaker_prior(ARTICLE, 2) == 3
    assert speaker_prior(ARTICLE, 9) is None
    assert speaker_prior(ARTICLE, None) is None  # two slots: which one is unknown
    assert speaker_prior(None, 1) is None
    one_slot = {**ARTICLE, "slots": [{"index": 1, "heading": "x", "people": ["Arjen Baatje", "Kim"]}]}
    assert speaker_prior(one_slot, None) == 2  # the reporter is not counted twice


# ---------------------------------------------------------------------------- naming

def test_article_names_reporter_and_slot_person():
    tr = transcript_from(INTERVIEW)
    out = name_speakers(tr, ARTICLE, 1, {})
    assert out["S1"]["name"] == "Kim" and out["S1"]["role"] == "verslaggever"
    assert out["S2"]["name"] == "Stefan Ramaker" and out["S2"]["role"] == "ambtenaar"
    assert {v["method"] for v in out.values()} == {"article"}
    assert out["S2"]["confidence"] >= 0.7
    assert tr.speakers == out
    assert out["S2"]["talk_time"] > out["S1"]["talk_time"]
    assert out["S2"]["sample"].startswith("Ik vind het een goed plan")


def test_self_introduction_beats_the_article():
    tr = transcript_from([
        ("S1", "Wie bent u en wat doet u hier?"),
        ("S2", "Mijn naam is Hans Janssen, ik ben energieadviseur en ik help de bewoners."),
        ("S1", "Wat adviseert u?"),
        ("S3", "Ik woon hier al dertig jaar en ik twijfel nog over de warmtepomp."),
    ])
    out = name_speakers(tr, ARTICLE, 2, {})
    assert out["S2"] == {**out["S2"], "name": "Hans Janssen", "role": "energieadviseur", "method": "self-introduction"}
    assert out["S2"]["confidence"] == pytest.approx(0.9)
    assert out["S1"]["role"] == "verslaggever"
    # the other guest of the slot, found through what she says ("ik woon hier")
    assert out["S3"]["name"] == "Arjen Baatje" and out["S3"]["method"] == "article"


def test_role_words_match_guests():
    tr = transcript_from([
        ("S1", "Wat gaat er gebeuren?"),
        ("S2", "Wij van de gemeente gaan eerst alle straten langs om te kijken wat er kan."),
        ("S1", "En u?"),
        ("S3", "Ik woon hier sinds negentien tachtig en mijn huis is slecht geisoleerd."),
    ])
    article = {**ARTICLE, "slots": [{"index": 1, "heading": "x", "people": ["Arjen Baatje", "Stefan Ramaker"]}]}
    out = name_speakers(tr, article, 1, {})
    assert out["S2"]["name"] == "Stefan Ramaker" and out["S2"]["role"] == "ambtenaar"
    assert out["S3"]["name"] == "Arjen Baatje" and out["S3"]["role"] == "bewoner"


def test_self_introduction_of_someone_not_in_the_article():
    tr = transcript_from([("S1", "Hoe heet u?"), ("S2", "Ik heet Jan Zuilhof en ik ben van de woningcorporatie.")])
    out = name_speakers(tr, ARTICLE, 1, {})
    assert out["S2"]["name"] == "Jan Zuilhof" and out["S2"]["method"] == "self-introduction"
    assert out["S2"]["confidence"] < 0.9


def test_editor_wins_and_is_kept():
    tr = transcript_from([("S1", "Wat doet u?"), ("S2", "Mijn naam is Hans Janssen en ik adviseer bewoners.")])
    out = name_speakers(tr, ARTICLE, 2, {"S2": {"name": "Stefan Ramaker"}})
    assert out["S2"]["name"] == "Stefan Ramaker" and out["S2"]["method"] == "editor"
    assert out["S2"]["role"] == "ambtenaar"  # from the article's person of that name
    assert out["S2"]["confidence"] == 1.0
    # re-naming later without overrides keeps the editor's choice stored in the transcript
    again = name_speakers(tr, ARTICLE, 2, {})
    assert again["S2"]["name"] == "Stefan Ramaker" and again["S2"]["method"] == "editor"
    assert editor_overrides(tr) == {"S2": {"name": "Stefan Ramaker", "role": "ambtenaar", "role_label": "ambtenaar"}}
    # the editor can set a free role too
    out = name_speakers(tr, ARTICLE, 2, {"S2": {"name": "Ad de Kort", "role": "overig", "role_label": "woningcorporatie"}})
    assert (out["S2"]["name"], out["S2"]["role"], out["S2"]["role_label"]) == ("Ad de Kort", "overig", "woningcorporatie")


def test_without_article_the_questioner_is_the_reporter_and_the_rest_default():
    tr = transcript_from(INTERVIEW)
    out = name_speakers(tr, None, None, {})
    assert [(v["name"], v["role"], v["method"], v["confidence"]) for v in out.values()] == [
        ("Spreker 1", "verslaggever", "self-introduction", 0.6), ("Spreker 2", None, "default", 0.0)]


# ---------------------------------------------------------------------------- roles without an article

NO_ARTICLE = [
    ("S1", "Goedemiddag, we zijn hier in de Zilverkamp. Welkom bij de Razende Reporter!"),
    ("S2", "Ik woon hier al veertig jaar en het huis is nog lang niet geisoleerd."),
    ("S1", "Wat vindt u van de plannen?"),
    ("S3", "Ik werk bij de gemeente aan de warmtetransitie van deze wijk."),
    ("S1", "En wat doet u hier?"),
    ("S4", "Ik ben energiecoach. Ik adviseer mensen over isolatie en subsidies."),
    ("S1", "Hoe lang duurt het nog?"),
    ("S5", "Ik spreek namens de woningcorporatie, wij verhuren hier vierhonderd woningen."),
    ("S1", "Wanneer begint het?"),
    ("S6", "Tja, dat weet niemand precies, het hangt af van het geld en van het weer."),
]


def roles(out):
    return {label: (v["name"], v["role"], v["role_label"], v["method"]) for label, v in out.items()}


def test_without_article_every_role_heard_is_kept_with_a_confidence():
    out = name_speakers(transcript_from(NO_ARTICLE), None, None, {})
    assert roles(out) == {
        "S1": ("Spreker 1", "verslaggever", "verslaggever", "self-introduction"),
        "S2": ("Spreker 2", "bewoner", "bewoner", "self-introduction"),
        "S3": ("Spreker 3", "ambtenaar", "ambtenaar", "self-introduction"),
        "S4": ("Spreker 4", "energieadviseur", "energieadviseur", "self-introduction"),
        "S5": ("Spreker 5", "overig", "woningcorporatie", "self-introduction"),
        "S6": ("Spreker 6", None, None, "default"),  # nothing to go on: the last resort
    }
    # asking the questions and welcoming: surer than asking alone (0.6), less sure than a name
    assert out["S1"]["confidence"] == 0.75 and "Goedemiddag, we zijn hier" in out["S1"]["evidence"]
    assert all(0.6 <= out[s]["confidence"] < 0.9 for s in ("S2", "S3", "S4", "S5"))
    assert out["S6"]["confidence"] == 0.0
    assert out["S4"]["evidence"] == "energiecoach" and out["S5"]["evidence"] == "namens de woningcorporatie"


def test_without_article_a_name_heard_is_kept_and_the_editor_still_wins():
    tr = transcript_from([("S1", "Welkom terug. Ik ben Kim, verslaggever van de Razende Reporter. Wie bent u?"),
                          ("S2", "Ik ben Jan Zuilhof en ik woon hier sinds negentien tachtig in deze straat.")])
    out = name_speakers(tr, None, None, {"S2": {"name": "Johan Zuilhof", "role": "bewoner"}})
    assert roles(out) == {"S1": ("Kim", "verslaggever", "verslaggever", "self-introduction"),
                          "S2": ("Johan Zuilhof", "bewoner", "bewoner", "editor")}
    assert out["S1"]["confidence"] == 0.7


@pytest.mark.parametrize("text, role", [
    ("Ik werk bij de gemeente, afdeling wonen.", "ambtenaar"),
    ("Ik adviseer mensen over hun energierekening.", "energieadviseur"),
    ("Wij wonen hier sinds de bouw van de wijk.", "bewoner"),
    ("Welkom bij de Razende Reporter.", "verslaggever"),
    # what is said of someone else, or a host's welcome, is no role of one's own
    ("Er kwam een brief van de gemeente over de warmtepomp.", None),
    ("De energiecoach is nog niet langs geweest.", None),
    ("Welkom bij ons, kom verder.", None),
    ("Welkom in mijn huis, kom binnen.", "bewoner"),  # a host: "mijn huis", not the reporter's welcome
    ("Goedemiddag, dat zijn hier allemaal rijtjeshuizen.", None),
])
def test_role_cues_only_count_what_a_speaker_says_of_themself(text, role):
    # A questioner beside them, so the speaker's role comes from their words alone.
    tr = transcript_from([("S1", "Wat vindt u ervan? En hoe gaat het verder?"), ("S2", text)])
    out = name_speakers(tr, None, None, {})
    assert out["S1"]["role"] == "verslaggever"
    assert out["S2"]["role"] == role
    assert out["S2"]["method"] == ("default" if role is None else "self-introduction")


def test_without_article_nobody_is_the_reporter_when_nobody_asks():
    tr = transcript_from([("S1", "Het is hier een mooie wijk met veel groen en oude bomen langs de straat."),
                          ("S2", "Dat vind ik ook, al is het verkeer in de ochtend soms wel erg druk.")])
    out = name_speakers(tr, None, None, {})
    assert [(v["role"], v["method"]) for v in out.values()] == [(None, "default"), (None, "default")]


def test_a_role_heard_that_fits_nobody_of_the_article_is_still_given():
    """With an article, a speaker the slot does not name keeps the role they gave."""
    tr = transcript_from(INTERVIEW + [("S3", "Ik spreek namens de woningcorporatie en wij verhuren hier veel.")])
    out = name_speakers(tr, ARTICLE, 1, {})
    assert (out["S1"]["name"], out["S2"]["name"]) == ("Kim", "Stefan Ramaker")
    assert roles(out)["S3"] == ("Spreker 3", "overig", "woningcorporatie", "self-introduction")


def test_monologue_gets_the_slot_person_and_no_reporter():
    tr = transcript_from([("S1", INTERVIEW[1][1]), ("S1", INTERVIEW[3][1])])
    out = name_speakers(tr, ARTICLE, 1, {})
    assert list(out) == ["S1"]
    assert out["S1"]["name"] == "Stefan Ramaker" and out["S1"]["method"] == "article"


def test_more_speakers_than_people_leaves_the_rest_default():
    tr = transcript_from(INTERVIEW + [("S3", "Ik loop hier toevallig langs met de hond en ik weet er niks van.")])
    out = name_speakers(tr, ARTICLE, 1, {})
    assert out["S1"]["role"] == "verslaggever"
    names = {out["S2"]["name"], out["S3"]["name"]}
    assert "Stefan Ramaker" in names and any(n.startswith("Spreker") for n in names)


def test_question_score_and_intro_parsing():
    q = question_score(["Wat vindt u ervan?", "Hoe lang woont u hier?"])
    a = question_score(["Ik woon hier al twintig jaar en ik vind het eigenlijk wel een goed plan voor de hele buurt."])
    assert q > 0.8 > 0.3 > a
    assert self_introduction(["Ik ben blij dat het eindelijk gebeurt."]) is None
    intro = self_introduction(["Goedemorgen. Ik ben Arjen, ik woon hier."], ARTICLE)
    assert intro["name"] == "Arjen Baatje" and intro["role"] == "bewoner"


def test_summary_rows():
    tr = transcript_from(INTERVIEW)
    name_speakers(tr, ARTICLE, 1, {})
    rows = summary(tr)
    assert [r["label"] for r in rows] == ["S1", "S2"]
    assert set(rows[0]) >= {"label", "name", "role", "method", "confidence", "talk_time", "sample"}
    assert rows[1]["name"] == "Stefan Ramaker" and rows[1]["talk_time"] > 5


# ---------------------------------------------------------------------------- end to end

def best_mapping(truth: list[str], got: list[str | None]) -> dict[str, str]:
    """True speaker → diarizer label, one to one, agreeing on the most words.

    Optimal assignment by exhaustive search (a handful of speakers): a true speaker left
    without a label of its own, e.g. when everyone is put in one cluster, maps to nothing
    and all its words count as wrong.
    """
    refs, hyps = sorted(set(truth)), sorted({g for g in got if g is not None})
    agree = {(t, g): sum(1 for a, b in zip(truth, got) if (a, b) == (t, g)) for t in refs for g in hyps}
    best: tuple[int, dict[str, str]] = (-1, {})
    for chosen in itertools.permutations(hyps, min(len(refs), len(hyps))):
        for kept in itertools.combinations(refs, len(chosen)):
            pairs = dict(zip(kept, chosen))
            score = sum(agree[t, g] for t, g in pairs.items())
            if score > best[0]:
                best = (score, pairs)
    return best[1]


def test_best_mapping_does_not_reward_one_cluster():
    truth = ["reporter"] * 3 + ["guest1"] * 7
    assert best_mapping(truth, ["S1"] * 10) == {"guest1": "S1"}  # the reporter has no label left
    assert best_mapping(truth, ["S2"] * 3 + ["S1"] * 7) == {"reporter": "S2", "guest1": "S1"}
    assert best_mapping(truth, ["S1", "S1", "S2"] + ["S3"] * 7) == {"reporter": "S1", "guest1": "S3"}


def test_diarized_conversation_is_named():
    """espeak interview → diarizer → words (timed evenly within each spoken turn) → names."""
    conv = F.interview([F.VOICE_A, F.VOICE_B], 6)
    turns = get_diarizer("default")(conv.audio, expected_speakers=speaker_prior(ARTICLE, 1))
    segments, truth = [], []
    for start, end, spk, text in conv.texts:
        toks = text.split()
        step = (end - start) / len(toks)
        words = [Word(start + i * step, start + (i + 1) * step - 0.02, " " + tok) for i, tok in enumerate(toks)]
        segments.append(Segment(start, end, text, words))
        truth += [spk] * len(words)
    tr = Transcript("nl", conv.duration, "test", "none", segments)
    assign_words(tr, turns)
    got = [w.speaker for w in tr.words]
    mapping = best_mapping(truth, got)
    correct = sum(mapping.get(t) == g for t, g in zip(truth, got))
    assert correct / len(got) >= 0.97, (mapping, correct, len(got))
    out = name_speakers(tr, ARTICLE, 1, {})
    assert out[mapping["reporter"]]["name"] == "Kim"
    assert out[mapping["guest1"]]["name"] == "Stefan Ramaker"


# ---------------------------------------------------------------------------- CLI

def test_cli_lists_and_renames_without_the_model(root):
    """`rr speakers EP --set S2=…` rewrites sidecar, VTT and catalogue from the stored words."""
    import json

    from click.testing import CliRunner

    from razendereporter import transcript as transcript_io
    from razendereporter.catalogue import Catalogue
    from razendereporter.cli.common import Settings
    from razendereporter.cli.speakers import speakers

    tr = transcript_from(INTERVIEW)
    name_speakers(tr, ARTICLE, 1, {})
    sidecar = root / "transcripts" / "zilverkamp" / "ep1.nl.json"
    sidecar.parent.mkdir(parents=True)
    transcript_io.save(sidecar, tr)
    with Catalogue(root).transaction() as db:
        db.table("articles").insert(ARTICLE)
        db.table("episodes").insert({"id": "ep1", "wijk": "zilverkamp", "suffix": ".mp4", "sha256": "ab" * 32,
                                     "article": "zilverkamp", "slot": 1, "steps": [], "transcript":
                                     "transcripts/zilverkamp/ep1.nl.json"})
    runner = CliRunner()
    listed = runner.invoke(speakers, ["ep1"], obj=Settings(root))
    assert listed.exit_code == 0, listed.output
    assert "Kim" in listed.output and "Stefan Ramaker" in listed.output

    renamed = runner.invoke(speakers, ["ep1", "--set", "S2=Arjen Baatje", "--json"], obj=Settings(root))
    assert renamed.exit_code == 0, renamed.output
    rows = json.loads(renamed.output)
    assert rows[1]["name"] == "Arjen Baatje" and rows[1]["role"] == "bewoner" and rows[1]["method"] == "editor"
    vtt = (root / "transcripts" / "zilverkamp" / "ep1.nl.vtt").read_text(encoding="utf-8")
    assert "<v Arjen Baatje>" in vtt and "<v Kim>" in vtt
    stored = transcript_io.load(sidecar)
    assert stored.speakers["S2"]["method"] == "editor"
    assert Catalogue(root).get("speakers", episode="ep1", label="S2")["name"] == "Arjen Baatje"

    bad = runner.invoke(speakers, ["ep1", "--set", "S9=Iemand"], obj=Settings(root))
    assert bad.exit_code != 0 and "no speaker S9" in str(bad.exception)


def test_a_second_questioner_after_the_editor_named_the_reporter_gets_a_default_name():
    tr = transcript_from([("S1", "Goedemiddag."), ("S2", "Wat vindt u ervan? Hoe lang woont u hier? Waarom?"),
                          ("S1", "Ik woon hier al twintig jaar en ik vind het een goed plan voor de wijk."),
                          ("S2", "Wanneer is het klaar? Wie betaalt dat?")])
    out = name_speakers(tr, ARTICLE, 2, {"S1": {"name": "Kim", "role": "verslaggever"}})
    assert out["S1"]["name"] == "Kim" and out["S1"]["method"] == "editor"
    assert out["S2"]["method"] == "default" and out["S2"]["name"] == "Spreker 2"
