"""Filters, facets, context, hit fields, on the generated catalogue and the repository's own."""

import pytest
from click.testing import CliRunner

from razendereporter.catalogue import Catalogue
from razendereporter.cli import main
from razendereporter.errors import InvalidInput, RRError
from razendereporter.search import Filters, search


def test_hit_fields_and_deep_link(cat):
    hit = search(cat, "warmtenet", Filters(wijk=("Ramplaankwartier",))).hits[0]
    assert hit.person == "Tom Smit" and hit.role == "ambtenaar"
    assert hit.wijk == "ramplaankwartier" and hit.wijk_name == "Ramplaankwartier" and hit.gemeente == "Haarlem"
    assert hit.episode == "haarlem-net" and hit.article == "rr-haarlem" and hit.date == "2023-09-06"
    assert hit.time == "00:16" and hit.link == "media/ramplaankwartier/haarlem-net.mp4#t=16.2"
    assert hit.snippet[hit.highlights[0][0]:hit.highlights[0][1]].lower() == "warmtenet"


@pytest.mark.parametrize("filters,expected", [
    (Filters(role=("ambtenaar",)), {"Petra Bakker", "Tom Smit"}),
    (Filters(role=("ambtenaar", "energieadviseur")), {"Petra Bakker", "Tom Smit", "Ahmed El Amrani"}),
    (Filters(wijk=("Ermelo-West",)), {"Kim", "Jan de Vries", "Petra Bakker"}),
    (Filters(wijk=("ermelo-west", "zilverkamp")), {"Kim", "Jan de Vries", "Petra Bakker", "Ahmed El Amrani", "Els Jansen"}),
    (Filters(gemeente="haarlem"), {"Tom Smit", "Kim", "Lies Smit"}),
    (Filters(speaker="jan de vries"), {"Jan de Vries"}),
    (Filters(speaker="Smit"), {"Tom Smit", "Lies Smit"}),
    (Filters(article="rr-zilverkamp"), {"Kim", "Ahmed El Amrani", "Els Jansen"}),
    (Filters(episode="ambtenaar-ermelo"), {"Kim", "Petra Bakker"}),
    (Filters(date_from="2023-01-01"), {"Kim", "Jan de Vries", "Petra Bakker", "Tom Smit", "Lies Smit"}),
    (Filters(date_from="2022", date_to="2022-12"), {"Kim", "Ahmed El Amrani", "Els Jansen"}),
    (Filters(date_from="2023-05-01", date_to="2023-12-31"), {"Kim", "Tom Smit", "Lies Smit"}),
    (Filters(role=("onbekend",)), {"Els Jansen", "Lies Smit"}),
])
def test_every_filter(cat, filters, expected):
    people = {h.person for h in search(cat, "NOT zzzz", filters, limit=100).hits}
    assert people == expected


def test_filters_combine_with_the_query(cat):
    hits = search(cat, "isolatie", Filters(role=("ambtenaar",), wijk=("Ermelo-West",))).hits
    assert [h.person for h in hits] == ["Petra Bakker"]


def test_facets_count_the_whole_result_not_the_page(cat):
    result = search(cat, "isolatie", Filters(), limit=1)
    assert len(result.hits) == 1 and result.total == 6
    assert result.facets.role == {"ambtenaar": 1, "bewoner": 1, "energieadviseur": 1, "overig": 1, "verslaggever": 2}
    assert result.facets.wijk == {"ermelo-west": 4, "zilverkamp": 1, "": 1} or result.facets.wijk == {
        "ermelo-west": 4, "zilverkamp": 1}
    assert sum(result.facets.role.values()) == result.total
    assert result.to_dict()["facets"]["role"]["verslaggever"] == 2


def test_context_gives_the_question(cat):
    hit = search(cat, "kosten duur", Filters(), context=1).hits[0]
    assert [b.text for b in hit.before] == ["En de warmtepomp?"]
    assert [a.text for a in hit.after] == ["Dank u wel."]
    first = search(cat, "helpt bewoners", Filters(), context=2).hits[0]
    assert first.before == [] and len(first.after) == 2


@pytest.mark.parametrize("filters,message", [
    (Filters(role=("burgemeester",)), "^role 'burgemeester' is unknown; roles are bewoner, "),
    (Filters(date_from="13-04-2023"), "is not a date"),
    (Filters(date_from="2023-13-01"), "is not a date"),
    (Filters(date_from="2024", date_to="2023"), "is after"),
    (Filters(speaker="!!"), "no letters"),
])
def test_bad_filters(cat, filters, message):
    with pytest.raises(RRError, match=message):
        search(cat, "isolatie", filters)


def test_limits(cat):
    # The library names its parameters; the CLI names them as the user typed them (flags).
    with pytest.raises(InvalidInput, match="^limit must be between 1 and 10000, got 0$") as exc:
        search(cat, "isolatie", limit=0)
    assert exc.value.param == "limit" and exc.value.value == 0
    with pytest.raises(InvalidInput, match="^context must be between 0 and 20, got -1$") as exc:
        search(cat, "isolatie", context=-1)
    assert exc.value.param == "context"
    # The CLI refuses them while parsing the command line (click's range check), flag named.
    for args, message in ((["--limit", "0"], "error: Invalid value for '--limit': 0 is not in the range 1<=x<=10000"),
                          (["--context", "-1"],
                           "error: Invalid value for '--context': -1 is not in the range 0<=x<=20")):
        result = CliRunner().invoke(main, ["--root", str(cat.root), "search", "isolatie", *args])
        assert result.exit_code == InvalidInput.exit_code and message in result.stderr, result.output


def test_repository_catalogue(repo_cat):
    result = search(repo_cat, "middag", Filters(wijk=("Ermelo-West",)), context=1)
    assert result.total >= 1
    hit = result.hits[0]
    assert hit.episode == "arjen-baatje" and hit.person == "Kim" and hit.role == "verslaggever"
    assert hit.link.startswith("media/ermelo-west/arjen-baatje.mp4#t=")
    assert hit.article == "razende-reporter-in-ermelo-west" and hit.date == "2023-04-13"
    assert hit.after and hit.after[0].person == "Arjen Baatje"
    everyone = search(repo_cat, "NOT zzzz", Filters(), limit=1000)
    assert everyone.total == 7 and sum(everyone.facets.role.values()) == 7


def test_no_catalogue(tmp_path):
    with pytest.raises(RRError, match="no catalogue"):
        search(Catalogue(tmp_path), "isolatie")
