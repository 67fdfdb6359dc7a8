"""Search against a broken index folder, impossible dates and numbers out of range: one-line errors."""

import io

import pytest

from razendereporter.cli import message_of
from razendereporter.errors import InvalidInput, RRError
from razendereporter.search import Filters, export_quotes, rebuild, search, status


IS_A_FILE = r"^the search index \S+/\.rr-index is a file, not a folder; remove it and run `rr index rebuild`$"


@pytest.mark.parametrize("call, pattern", [
    (lambda cat: search(cat, "isolatie"), IS_A_FILE),  # each says what to do about it
    (lambda cat: status(cat), IS_A_FILE),
    (lambda cat: rebuild(cat), IS_A_FILE),
    (lambda cat: export_quotes(cat, io.StringIO(), "csv"), IS_A_FILE),
], ids=["search", "status", "rebuild", "export"])
def test_an_index_folder_that_is_a_file_is_a_one_line_error(repo_cat, call, pattern):
    before = (repo_cat.root / "catalog.json").read_bytes()
    (repo_cat.root / ".rr-index").write_text("not a folder")
    with pytest.raises(RRError, match=pattern):
        call(repo_cat)
    assert (repo_cat.root / ".rr-index").read_text() == "not a folder"
    assert (repo_cat.root / "catalog.json").read_bytes() == before


@pytest.mark.parametrize("date", ["2023-02-30", "2023-04-31", "2023-02-29", "2023-00", "2023-1x", "20230", "2023-04-13-1"])
def test_dates_that_do_not_exist_are_refused(cat, date):
    with pytest.raises(InvalidInput) as err:
        search(cat, "warmtenet", Filters(date_from=date))
    assert err.value.param == "date_from"
    assert str(err.value) == f"date from '{date}' is not a date; use 2023-04-13, 2023-04 or 2023"
    assert message_of(err.value) == f"--from '{date}' is not a date; use 2023-04-13, 2023-04 or 2023"


def test_the_last_day_of_a_month_is_found_in_any_month(cat):
    """--to 2023-02 ends on the 28th, 2024-02 on the 29th; both are dates and both search."""
    assert search(cat, "warmtenet", Filters(date_to="2023-02")).total >= 0
    assert search(cat, "warmtenet", Filters(date_from="2024-02-29")).total == 0


@pytest.mark.parametrize("kw, library, cli", [
    ({"limit": 0}, "limit must be between 1 and 10000, got 0", "--limit must be between 1 and 10000, got 0"),
    ({"limit": "5"}, "limit must be a whole number, got '5'", "--limit must be a whole number, got '5'"),
    ({"context": 21}, "context must be between 0 and 20, got 21", "--context must be between 0 and 20, got 21"),
    ({"context": True}, "context must be a whole number, got True", "--context must be a whole number, got True"),
])
def test_numbers_out_of_range_are_refused_by_the_library_too(cat, kw, library, cli):
    with pytest.raises(InvalidInput) as err:
        search(cat, "warmtenet", **kw)
    assert str(err.value) == library
    assert message_of(err.value) == cli
