"""Any text as a query: a result or a one-line RRError, never another exception."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from razendereporter.errors import RRError
from razendereporter.search import Filters, query, search
from razendereporter.search.analyzer import Analyzer

WORDS = Analyzer()

ALPHABET = st.sampled_from(list('abcdeéïö AND OR NOT ()"*-+:^~/\\\'?!{}[]$;=') + ["warmte", "gas", " isolatie "])


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=30).map("".join))
def test_parser_never_crashes(text):
    try:
        node = query.parse(text, WORDS)
    except RRError as exc:
        assert "\n" not in str(exc)
        return
    query.to_tantivy(node)  # builds without error


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_search_any_text(cat, text):
    try:
        result = search(cat, text, Filters(), limit=3)
    except RRError:
        return
    assert result.total >= 0
