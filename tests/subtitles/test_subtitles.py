"""The cue splitter against every subtitle rule, on generated word streams (hypothesis)."""

import html
import io

import webvtt
from hypothesis import given, settings, strategies as st

from razendereporter import subtitles as sub
from razendereporter.subtitles import cues, vtt
from razendereporter.subtitles.cues import MAX_CPS, MAX_DURATION, MAX_LINE, MIN_DURATION, make_cues
from razendereporter.transcript import Word

EPS = 1e-3
DUTCH = ("de het een en maar of want dus wij wonen hier al twintig jaar in wijk gemeente isolatie "
         "warmtepomp aardgas bewoners buurman informatie werkgroep onderzoek oplossingen duur "
         "zonnepanelen energieadviseur ambtenaar Ermelo-West Zilverkamp").split()

token = st.tuples(
    st.sampled_from(DUTCH),
    st.sampled_from(["", "", "", ",", ".", "?"]),
    st.floats(0.05, 0.9),  # word duration
    st.floats(0.0, 0.4) | st.floats(0.4, 3.0),  # pause before the next word
    st.sampled_from(["S1", "S1", "S1", "S2", "S3"]),
)


@st.composite
def word_streams(draw):
    items = draw(st.lists(token, min_size=1, max_size=120))
    t = draw(st.floats(0.0, 5.0))
    words = []
    for text, punct, dur, pause, speaker in items:
        words.append(Word(round(t, 3), round(t + dur, 3), " " + text + punct, 0.9, speaker))
        t += dur + pause
    return words


def check_rules(words, cues):
    for cue in cues:
        assert 1 <= len(cue.lines) <= 2
        if len(cue.words) > 1:
            assert all(len(line) <= MAX_LINE for line in cue.lines), cue.lines
        assert cue.end - cue.start <= MAX_DURATION + EPS
        assert cue.end >= cue.start
        assert len({w.speaker for w in cue.words}) == 1, "a cue never spans two speakers"
    for a, b in zip(cues, cues[1:]):
        assert a.end <= b.start + EPS, "cues never overlap"
        assert a.start <= b.start
        room = b.start - a.start
        # Minimum duration and reading speed: met wherever the gap to the next cue allows.
        if room >= MIN_DURATION:
            assert a.end - a.start >= MIN_DURATION - EPS
        needed = len(a.text) / MAX_CPS
        if a.end - a.start < needed - EPS:
            assert abs(a.end - min(b.start, a.start + MAX_DURATION)) < EPS, "held as long as the gap allows"
    # Nothing lost, nothing doubled, order kept.
    assert [w for c in cues for w in c.words] == [w for w in words if w.text.strip()]
    assert " ".join(c.text for c in cues).split() == " ".join(w.text.strip() for w in words).split()


@settings(max_examples=300, deadline=None)
@given(word_streams())
def test_every_rule_holds_for_any_word_stream(words):
    check_rules(words, make_cues(words))


@settings(max_examples=100, deadline=None)
@given(word_streams())
def test_cues_keep_the_audio_timing(words):
    cues = make_cues(words)
    for cue in cues:
        # A cue starts with its first word and ends no earlier than its last word: a cue
        # holds at most MAX_DURATION seconds of words, so the 7-second cap never cuts one
        # short, and the next cue starts with its own first word, after this one's last.
        assert abs(cue.start - cue.words[0].start) < EPS
        assert cue.end >= cue.words[-1].end - EPS


@settings(max_examples=100, deadline=None)
@given(word_streams())
def test_written_vtt_reads_back_with_webvtt_py(words):
    cues = make_cues(words)
    names = {"S1": "Arjen Baatje", "S2": "Kim & Benjamin", "S3": "René <energie>"}
    parsed = webvtt.from_buffer(io.StringIO(sub.vtt_text(cues, names)))
    assert len(parsed.captions) == len(cues)
    for caption, cue in zip(parsed.captions, cues):
        assert (caption.start, caption.end) == (vtt.timestamp(cue.start), vtt.timestamp(cue.end))
        assert caption.voice == html.escape(names[cue.speaker], quote=False)
        assert caption.text.replace("\n", " ") == html.escape(cue.text, quote=False)


def _words(text, start=0.0, speaker="S1", per_word=0.35, pause=0.05):
    out, t = [], start
    for tok in text.split():
        out.append(Word(t, t + per_word, " " + tok, 0.9, speaker))
        t += per_word + pause
    return out


def test_breaks_at_sentence_end_rather_than_filling_the_cue():
    words = _words("Wij wonen hier al twintig jaar. Maar de isolatie van onze woningen is echt veel te duur voor ons.")
    cues = make_cues(words)
    assert cues[0].text.endswith("jaar."), [c.text for c in cues]


def test_line_break_prefers_punctuation_or_conjunction():
    # 86 characters, more than two lines hold (the comma's line alone would be 53)
    assert cues.break_lines(_words("De gemeente heeft geld gereserveerd voor elke woning, en bewoners zetten de eerste stap")) is None
    lines = cues.break_lines(_words("De gemeente heeft geld gereserveerd, en bewoners zetten de eerste stap"))
    assert lines == ["De gemeente heeft geld gereserveerd,", "en bewoners zetten de eerste stap"]
    lines = cues.break_lines(_words("Wij willen graag van het gas af maar de isolatie is nog te duur"))
    assert lines == ["Wij willen graag van het gas af", "maar de isolatie is nog te duur"]
    assert cues.break_lines(_words("woord " * 20)) is None


def test_speaker_change_starts_a_new_cue_and_voice_spans_cover_their_own_cue():
    words = _words("Hoe lang woont u hier?", 0.0, "S1") + _words("Al twintig jaar.", 2.2, "S2")
    cues = make_cues(words)
    assert [c.speaker for c in cues] == ["S1", "S2"]
    text = sub.vtt_text(cues, {"S1": "Kim", "S2": "Arjen Baatje"})
    assert "<v Kim>Hoe lang woont u hier?" in text and "<v Arjen Baatje>Al twintig jaar." in text


def test_short_cue_is_held_for_minimum_duration_and_reading_time():
    words = [Word(1.0, 1.2, " Ja.", 0.9, "S1"), Word(9.0, 9.3, " Nee.", 0.9, "S1")]
    cues = make_cues(words)
    assert cues[0].end - cues[0].start >= MIN_DURATION - EPS
    long = _words("Informatie van de buurman komt vaak beter aan", per_word=0.15, pause=0.0)
    cue = make_cues(long)[0]
    assert cue.end - cue.start >= len(cue.text) / MAX_CPS - EPS


def test_srt_prefixes_the_speaker_name_and_txt_groups_turns():
    words = _words("Hoe lang woont u hier?", 0.0, "S1") + _words("Al twintig jaar.", 2.2, "S2")
    cues = make_cues(words)
    srt = sub.srt_text(cues, {"S1": "Kim", "S2": "Arjen Baatje"})
    assert "Kim: Hoe lang woont u hier?" in srt and "00:00:00,000 -->" in srt
    assert sub.plain_text(cues, {"S1": "Kim"}).splitlines()[0] == "Kim: Hoe lang woont u hier?"


def test_no_words_gives_a_valid_empty_vtt():
    assert sub.vtt_text([]) == "WEBVTT\n"
    assert webvtt.from_buffer(io.StringIO(sub.vtt_text([]))).captions == []


def test_vtt_reader_reads_back_what_the_writer_wrote():
    """One reader and one writer per format: names, escaping and millisecond times survive."""
    words = [Word(1.25, 1.6, " Hallo", speaker="S1"), Word(1.7, 2.05, " &", speaker="S1"),
             Word(2.1, 2.5, " welkom.", speaker="S1"), Word(4.0, 4.4, " Dank", speaker="S2")]
    names = {"S1": "<img src=x onerror=alert(1)>", "S2": "Arjen Baatje"}
    cues_out = make_cues(words)
    back = vtt.read_vtt(sub.vtt_text(cues_out, names))
    assert [c["voice"] for c in back] == [names["S1"], "Arjen Baatje"]
    assert back[0]["text"] == "Hallo & welkom." and back[1]["text"] == "Dank"
    assert [(c["start"], c["end"]) for c in back] == [(round(c.start, 3), round(c.end, 3)) for c in cues_out]


def test_control_characters_and_bidi_overrides_never_reach_a_subtitle_file():
    """A sidecar holding ESC, BEL or an RTL override in a name or a word (an older catalogue, a
    hand edit): the VTT, SRT and TXT written from it are clean, the rest of the text kept."""
    from razendereporter.transcript import Segment, Transcript

    words = [Word(0.0, 0.5, " Goede\x1b[31m", 0.9, "S1"), Word(0.5, 1.0, " morgen\x07.", 0.9, "S1")]
    transcript = Transcript("nl", 2.0, "faster-whisper", "base", [Segment(0.0, 1.0, "", words)],
                            speakers={"S1": {"name": "Kim\u202e\x1b]0;x\x07 de Vries"}})
    for fmt in ("vtt", "srt", "txt"):
        text = sub.render(transcript, fmt)
        assert not any(ch in text for ch in ("\x1b", "\x07", "\u202e")), (fmt, text)
        assert "Kim]0;x de Vries" in text and "Goede[31m morgen." in text, (fmt, text)
    assert "<v Kim]0;x de Vries>" in sub.render(transcript, "vtt")
