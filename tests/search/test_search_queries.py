"""The query language: what it finds, and bad queries giving one-line errors, never tracebacks."""

import pytest

from razendereporter.errors import RRError
from razendereporter.search import Filters, query, search
from razendereporter.search.analyzer import Analyzer

WORDS = Analyzer()


def texts(catalogue, q, **f):
    return [h.text for h in search(catalogue, q, Filters(**f), limit=100).hits]


def test_phrase_prefix_and_booleans(cat):
    assert any("warmtenet komt" in t for t in texts(cat, '"het warmtenet komt"'))
    assert texts(cat, '"komt het warmtenet"') == []
    assert any("warmtescan" in t for t in texts(cat, "warmte*"))
    both = texts(cat, "warmtenet OR energiecoach")
    assert any("energiecoaches" in t for t in both) and any("warmtenet" in t for t in both)
    without = texts(cat, "isolatie NOT gemeente")
    assert without and not any("gemeente" in t.lower() for t in without)
    assert texts(cat, "isolatie -gemeente") == without
    assert set(texts(cat, "(subsidie OR warmtenet) AND gemeente")) == set(texts(cat, "gemeente subsidie")) | set(
        texts(cat, "gemeente warmtenet"))


def test_default_is_and_and_stopwords_do_not_have_to_occur(cat):
    assert texts(cat, "kost: een warmtepomp?") == ["Warmtepompen zijn duur; de kosten vallen tegen."]
    assert texts(cat, "isolatie warmtenet") == []


def test_ranking_is_bm25(cat):
    result = search(cat, "isolatie", Filters(), limit=10)
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0


@pytest.mark.parametrize("bad,message", [
    ('"aardgasvrij wonen', "unbalanced double quote"),
    ("(isolatie OR gas", "unbalanced parenthesis"),
    ("isolatie)", "unbalanced parenthesis"),
    ("*", "prefix needs at least"),
    ("w*", "prefix needs at least"),
    ("AND OR NOT", "no words"),
    ("", "empty query"),
    ("   ", "empty query"),
    ("x" * 10_000, "query too long"),
    ("(" * 30 + "gas" + ")" * 30, "nested too deeply"),
])
def test_bad_queries_are_one_line_errors(cat, bad, message):
    with pytest.raises(RRError, match=message):
        search(cat, bad, Filters())


@pytest.mark.parametrize("odd", [
    "kost: een warmtepomp?",
    "text:isolatie",
    "isolatie^3 gas~2",
    "'; DROP TABLE quotes; --",
    "isolatie NEAR/3 gas",
    'quotes MATCH "x"',
    "{\"$ne\": 1}",
    "warmte* AND NOT (gas OR -stroom)",
    "NOT gemeente",
    "OR isolatie AND",
    "\x00\x01 isolatie \u200b",
    "isolatie " * 100,
])
def test_odd_queries_give_a_result_not_an_injection(cat, odd):
    result = search(cat, odd, Filters(), limit=5)
    assert result.total >= 0


def test_injection_syntax_is_just_words(cat):
    # tantivy's own syntax (field:value, regex, ranges) is never interpreted
    assert texts(cat, "role:ambtenaar") == []
    assert texts(cat, "episode:kim-en-jan") == []
    with pytest.raises(RRError, match="no words"):
        search(cat, "/.*/", Filters())


def test_ast_shapes():
    node = query.parse('warmte* "aardgasvrij wonen" -gas', WORDS)
    assert isinstance(node, query.And)
    kinds = [type(i).__name__ for i in node.items]
    assert kinds == ["Prefix", "Phrase", "Not"]
    assert isinstance(query.parse("Ermelo-West", WORDS), query.Phrase)
