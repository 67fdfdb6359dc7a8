from pathlib import Path

from razendereporter.search import analyzer

WORDS = analyzer.Analyzer()


def test_folding_and_case():
    assert analyzer.fold("Geïsoleerd") == "geisoleerd"
    assert analyzer.fold("coöperatie") == "cooperatie"
    assert analyzer.fold("auto's") == "autos"
    assert WORDS.analyze("GEÏSOLEERD") == WORDS.analyze("geisoleerd")


def test_stems_a_dutch_reader_agrees_with():
    a = WORDS.analyze
    assert a("subsidies") == a("subsidie")
    assert a("woningen") == a("woning")
    assert a("warmtepompen") == a("warmtepomp")
    assert a("isolatie") == a("isoleren") == a("geïsoleerd")
    assert a("gemeente") == a("gemeentes") == a("gemeenten")
    assert a("gemeente") != a("gemeen")
    assert a("mening") != a("menen")
    assert a("gebied") == ["gebied"]


def test_tokens_keep_offsets_into_the_text():
    text = "De gemeente subsidieert isolatie."
    for tok in WORDS.tokens(text):
        assert text[tok.start:tok.end] == tok.text
    assert [t.folded for t in WORDS.tokens("Kost: een warmtepomp?")] == ["kost", "een", "warmtepomp"]


def test_override_rows_are_folded_and_explained():
    path = Path(analyzer.OVERRIDES_PATH)
    rows = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert len(rows) >= 30
    for line in rows:
        word, stem, why = line.split("\t")
        assert analyzer.fold(word) == word
        assert why.startswith("# ") and len(why) > 8
    assert analyzer.load_overrides()["subsidies"] == "subsidie"


def test_long_tokens_are_dropped_consistently():
    long_word = "a" * 60
    assert WORDS.analyze(f"kort {long_word}") == ["kort"]
