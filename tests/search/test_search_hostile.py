"""Search against a broken index folder, impossible dates and numbers out of range: one-line errors."""

import io

import pytest

from razendereporter.errors import RRError
from razendereporter.search import Filters, export_quotes, rebuild, search, status


@pytest.mark.parametrize("call", [
    lambda root: search(root, "isolatie"),
    lambda root: status(root),
    lambda root: rebuild(root),
    lambda root: export_quotes(root, io.StringIO(), "csv"),
])
def test_an_index_folder_that_is_a_file_is_a_one_line_error(repo_cat, call):
    (repo_cat / ".rr-index").write_text("not a folder")
    with pytest.raises(RRError, match=r"\.rr-index is a file, not the search index folder; move it away"):
        call(repo_cat)
    assert (repo_cat / ".rr-index").read_text() == "not a folder"


@pytest.mark.parametrize("date", ["2023-02-30", "2023-04-31", "2023-02-29", "2023-00", "2023-1x", "20230", "2023-04-13-1"])
def test_dates_that_do_not_exist_are_refused(cat, date):
    with pytest.raises(RRError, match=f"--from '{date}' is not a date"):
        search(cat, "warmtenet", Filters(date_from=date))


def test_the_last_day_of_a_month_is_found_in_any_month(cat):
    """--to 2023-02 ends on the 28th, 2024-02 on the 29th; both are dates and both search."""
    assert search(cat, "warmtenet", Filters(date_to="2023-02")).total >= 0
    assert search(cat, "warmtenet", Filters(date_from="2024-02-29")).total == 0


@pytest.mark.parametrize("kw, pattern", [
    ({"limit": 0}, "--limit must be between 1 and 10000, got 0"),
    ({"limit": "5"}, "--limit must be a whole number, got '5'"),
    ({"context": 21}, "--context must be between 0 and 20, got 21"),
    ({"context": True}, "--context must be a whole number, got True"),
])
def test_numbers_out_of_range_are_refused_by_the_library_too(cat, kw, pattern):
    with pytest.raises(RRError, match=pattern):
        search(cat, "warmtenet", **kw)
