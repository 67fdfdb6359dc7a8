"""Articles, people and wijken: the site's text, saved HTML and editors' files into the catalogue."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from razendereporter import articles, pipeline
from razendereporter.articles import people
from razendereporter.articles.article import parse_date
from razendereporter.catalogue import articles as wijken
from razendereporter.catalogue import Catalogue
from razendereporter.cli import main
from razendereporter.errors import NotFound, RRError
from razendereporter.paths import portable_path

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seeds" / "wijkvandetoekomst-site.txt"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
# The Ermelo-West editor file doubles as the sample article of the README's demo.
EDITOR = {"ermelo-west": Path(__file__).resolve().parents[2] / "samples" / "razende-reporter-in-ermelo-west.md",
          "zilverkamp": FIXTURES / "editor" / "zilverkamp.md"}
ERMELO = "razende-reporter-in-ermelo-west"
ZILVERKAMP = "razende-reporter-in-de-zilverkamp"

# What the seed really contains: seven pages, each followed by the same teaser list.
SEED_ARTICLES = {
    "zonnewarmtenet-ramplaankwartier": ("2023-09-06", "project", "ramplaankwartier", "Haarlem"),
    "terugblik-kennisatelier-buurkracht-x-hier": ("2023-06-13", "kennisatelier", None, None),
    "nieuwsbrief-zomer-2023": ("2023-06-29", "nieuwsbrief", None, None),
    ZILVERKAMP: ("2023-06-27", "razende-reporter", "zilverkamp", "Lingewaard"),
    ERMELO: ("2023-04-13", "razende-reporter", "ermelo-west", "Ermelo"),
    "terugblik-workshop-het-wijkkompas": ("2023-03-07", "workshop", None, None),
    "terugblik-kennisatelier-het-wijkkompas": ("2023-01-31", "kennisatelier", None, None),
}

# (name, role, secondary role, named) as the Ermelo-West and Zilverkamp articles introduce them
ERMELO_PEOPLE = [
    ("Kim", "verslaggever", None, True),
    ("Benjamin", "verslaggever", None, True),
    ("Arjen Baatje", "bewoner", None, True),
    ("Ad de Kort", "bewoner", None, True),
    ("René", "energieadviseur", "bewoner", True),
    ("Stefan Ramaker", "ambtenaar", None, True),
    ("mevrouw op de markt", "bewoner", None, False),
]
ERMELO_SLOTS = [
    (1, "Ervaringen uit de wijk", ["Arjen Baatje"]),
    (2, "Wijkvereniging Ermelo-West", ["Ad de Kort"]),
    (3, "Bij bewoners over de vloer", ["René"]),
    (4, "Samenwerkingen voor Gemeente Ermelo", ["Stefan Ramaker"]),
    (5, "Inspiratie op de markt", ["mevrouw op de markt"]),
]
ZILVERKAMP_PEOPLE = [
    ("Razende Reporter", "verslaggever", None, False),
    ("Yvette Detiger", "ambtenaar", None, True),
    ("Marjolijn", "bewoner", None, True),
    ("Hans Janssen", "energieadviseur", None, True),
]
ZILVERKAMP_SLOTS = [(1, ["Yvette Detiger"]), (2, ["Marjolijn"]), (3, ["Hans Janssen"])]


def _people(record):
    return [(p["name"], p["role"], p["secondary_role"], p["named"]) for p in record["people"]]


def _person(record, name):
    return next(p for p in record["people"] if p["name"] == name)


def _cli(root, *args):
    result = CliRunner().invoke(main, ["--root", str(root), *args])
    return result


@pytest.fixture
def seeded(root):
    pipeline.import_articles(Catalogue(root), [SEED])
    return root


# ---------------------------------------------------------------------------------------
# The site's text


def test_seed_gives_exactly_the_sites_pages_and_no_teasers(seeded):
    rows = {a["slug"]: a for a in Catalogue(seeded).find("articles")}
    assert {slug: (a["date"], a["kind"], a["wijk"], a["gemeente"]) for slug, a in rows.items()} == SEED_ARTICLES
    # "Nieuwsbrief Winter 2022" exists only as a teaser in the "Verder lezen?" lists
    assert "nieuwsbrief-winter-2022" not in rows
    assert not any(a["title"].lower().startswith("verder lezen") for a in rows.values())
    # the Nieuwsbrief page appears twice in the file and is still one article
    assert len(Catalogue(seeded).find("articles", slug="nieuwsbrief-zomer-2023")) == 1
    assert all(a["source"] == "extracted" and a["source_file"] == portable_path(SEED, seeded) for a in rows.values())


def test_seed_visits_wijken_and_gemeenten(seeded):
    visits = Catalogue(seeded).find("articles", kind="razende-reporter")
    assert sorted((a["title"], a["date"], a["wijk"], a["gemeente"]) for a in visits) == [
        ("Razende Reporter in Ermelo-West", "2023-04-13", "ermelo-west", "Ermelo"),
        ("Razende Reporter in de Zilverkamp", "2023-06-27", "zilverkamp", "Lingewaard"),
    ]
    wijk_rows = {w["slug"]: (w["name"], w["gemeente"], w["province"], w["place"]) for w in Catalogue(seeded).find("wijken")}
    assert wijk_rows == {
        "ermelo-west": ("Ermelo-West", "Ermelo", "Gelderland", None),
        "zilverkamp": ("Zilverkamp", "Lingewaard", "Gelderland", "Huissen"),
        "ramplaankwartier": ("Ramplaankwartier", "Haarlem", "Noord-Holland", None),
    }


def test_ermelo_west_people_roles_and_videos(seeded):
    a = Catalogue(seeded).get("articles", slug=ERMELO)
    assert _people(a) == ERMELO_PEOPLE
    assert [(s["index"], s["heading"], s["people"]) for s in a["slots"]] == ERMELO_SLOTS
    stefan = _person(a, "Stefan Ramaker")
    assert stefan["role_label"] == "beleidsadviseur Wonen & Duurzaamheid bij gemeente Ermelo"
    assert stefan["evidence"] == "Stefan Ramaker, beleidsadviseur Wonen & Duurzaamheid bij gemeente Ermelo."
    arjen = _person(a, "Arjen Baatje")
    assert "Arjen Baatje. Hij woont in de wijk" in arjen["evidence"]
    rene = _person(a, "René")
    assert rene["evidence"].startswith("René is bewoner van de wijk en door gemeente Ermelo ingehuurd als energieadviseur")
    assert "Wijkvereniging Ermelo-West" in _person(a, "Ad de Kort")["role_label"]
    assert "haar woning flink aangepakt" in _person(a, "mevrouw op de markt")["evidence"]
    assert all(p["source"] == "extracted" for p in a["people"])


def test_zilverkamp_people_roles_and_videos(seeded):
    a = Catalogue(seeded).get("articles", slug=ZILVERKAMP)
    assert _people(a) == ZILVERKAMP_PEOPLE
    assert [(s["index"], s["people"]) for s in a["slots"]] == ZILVERKAMP_SLOTS
    assert [s["heading"] for s in a["slots"]] == [None, "Ervaringen van een Zilverkamper", "Van je dak, in je zak"]
    assert _person(a, "Yvette Detiger")["role_label"] == "projectondersteuner Warmtetransitie bij gemeente Lingewaard"
    assert "bewoonster Marjolijn" in _person(a, "Marjolijn")["evidence"]
    assert _person(a, "Hans Janssen")["role_label"] == "Energieloket Lingewaard"


def test_other_pages_have_no_visit_people(seeded):
    for a in Catalogue(seeded).find("articles"):
        if a["kind"] != "razende-reporter":
            assert a["people"] == [] and a["slots"] == [], a["slug"]


def test_reimport_changes_nothing(seeded):
    before = (seeded / "catalog.json").read_text()
    results = pipeline.import_articles(Catalogue(seeded), [SEED])
    assert {r["status"] for r in results} == {"unchanged"}
    assert (seeded / "catalog.json").read_text() == before


# ---------------------------------------------------------------------------------------
# Three formats, one record

COMPARED = ("slug", "title", "date", "kind", "wijk", "gemeente", "summary")


def _core(record):
    return ({k: record[k] for k in COMPARED}, _people(record), [(s["index"], s["people"]) for s in record["slots"]])


@pytest.mark.parametrize("name,slug", [("ermelo-west", ERMELO), ("zilverkamp", ZILVERKAMP)])
def test_text_html_and_front_matter_give_the_same_records(tmp_path, name, slug):
    records = {}
    wijk_rows = {}
    for fmt, path in (("text", SEED), ("html", FIXTURES / "html" / f"{name}.html"),
                      ("editor", EDITOR[name])):
        root = tmp_path / fmt
        pipeline.import_articles(Catalogue(root), [path])
        records[fmt] = Catalogue(root).get("articles", slug=slug)
        wijk_rows[fmt] = Catalogue(root).get("wijken", slug=records[fmt]["wijk"])
    assert _core(records["text"]) == _core(records["html"]) == _core(records["editor"])
    assert {k: wijk_rows["text"][k] for k in ("name", "gemeente", "province", "place")} == \
        {k: wijk_rows["editor"][k] for k in ("name", "gemeente", "province", "place")} == \
        {k: wijk_rows["html"][k] for k in ("name", "gemeente", "province", "place")}
    assert records["html"]["url"] == f"https://www.wijkvandetoekomst.nl/{slug}/"
    assert records["editor"]["source"] == "editor"
    assert {p["source"] for p in records["editor"]["people"]} == {"editor"}


def test_html_teasers_and_navigation_are_skipped():
    for name in ("ermelo-west", "zilverkamp"):
        found = articles.read_file(FIXTURES / "html" / f"{name}.html")
        assert [a.slug for a in found] == [ERMELO if name == "ermelo-west" else ZILVERKAMP]
        assert "Verder lezen" not in found[0].summary and "Nieuwsbrief" not in found[0].summary
        assert not any(p.name in ("Zonnewarmtenet", "Nieuwsbrief") for p in found[0].people)


# ---------------------------------------------------------------------------------------
# Editors win


def test_editor_record_survives_a_later_import_of_extracted_text(root, tmp_path):
    corrected = tmp_path / "ad.md"
    corrected.write_text(
        "---\n"
        "title: Razende Reporter in Ermelo-West\n"
        "people:\n"
        "  - name: Ad de Kort\n"
        "    role: overig\n"
        "    role_label: wijkvereniging\n"
        "    slot: 1\n"
        "---\n", encoding="utf-8")
    pipeline.import_articles(Catalogue(root), [SEED])
    results = pipeline.import_articles(Catalogue(root), [corrected])
    assert [r["status"] for r in results] == ["updated"]
    after_editor = Catalogue(root).get("articles", slug=ERMELO)
    assert _people(after_editor) == [("Ad de Kort", "overig", None, True)]
    assert after_editor["source"] == "editor" and after_editor["people"][0]["source"] == "editor"
    # what the editor left out is still there from the site's text
    assert after_editor["date"] == "2023-04-13" and after_editor["gemeente"] == "Ermelo"
    assert after_editor["summary"].startswith("In 2023 trekt de Razende Reporter")

    results = pipeline.import_articles(Catalogue(root), [SEED])
    assert {r["slug"]: r["status"] for r in results}[ERMELO] == "kept editor's"
    assert Catalogue(root).get("articles", slug=ERMELO) == after_editor


def test_front_matter_without_people_extracts_them_from_its_body(root):
    found = articles.read_file(EDITOR["ermelo-west"])
    assert found[0].source == "editor"
    text = (EDITOR["ermelo-west"]).read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    title_only = "\n".join(line for line in head.splitlines() if line.startswith(("---", "title:", "date:")))
    path = root / "body-only.md"
    path.write_text(f"{title_only}\n---\n{body}", encoding="utf-8")
    article = articles.read_file(path)[0]
    assert [(p.name, p.role, p.source) for p in article.people] == [
        ("Kim", "verslaggever", "extracted"), ("Benjamin", "verslaggever", "extracted"),
        ("Arjen Baatje", "bewoner", "extracted")]
    assert [(s.heading, s.people) for s in article.slots] == [("Ervaringen uit de wijk", ["Arjen Baatje"])]


# ---------------------------------------------------------------------------------------
# Broken files


@pytest.mark.parametrize("name,line,words", [
    ("bad-role.md", 10, "beleidsmedewerker"),
    ("bad-yaml.md", 7, "quoted scalar"),
])
def test_broken_front_matter_names_file_and_line_and_imports_nothing(root, tmp_path, name, line, words):
    folder = tmp_path / "batch"
    folder.mkdir()
    for path in EDITOR.values():
        shutil.copy(path, folder / path.name)
    shutil.copy(FIXTURES / "broken" / name, folder / name)
    with pytest.raises(RRError) as err:
        pipeline.import_articles(Catalogue(root), [folder])
    message = str(err.value)
    assert message.startswith(f"{folder / name}:{line}: ") and words in message
    assert "\n" not in message
    assert not (root / "catalog.json").exists()  # the good files next to it were not imported either

    result = _cli(root, "articles", "import", str(folder / name))
    assert result.exit_code != 0
    assert f"error: {folder / name}:{line}:" in result.output
    assert "Traceback" not in result.output
    assert not (root / "catalog.json").exists()


@pytest.mark.parametrize("text,line,words", [
    ("title: x\n", 1, "start with a line '---'"),
    ("---\ntitle: x\n", 1, "never closed"),
    ("---\ntitle: x\ndate: 31 februari 2023\n---\n", 3, "not a date"),
    ("---\ntitle: x\nwijkk: Ermelo-West\n---\n", 3, "unknown field 'wijkk'"),
    ("---\ndate: 2023-04-13\n---\n", 2, "'title' is required"),
    ("---\ntitle: x\npeople:\n  - name: A\n    role: bewoner\n    slot: 2\n---\n", 6, "numbered 1 to 1"),
])
def test_front_matter_errors(tmp_path, text, line, words):
    path = tmp_path / "a.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RRError, match=words) as err:
        articles.read_file(path)
    assert str(err.value).startswith(f"{path}:{line}: ")


def test_unreadable_and_empty_files(tmp_path):
    bad = tmp_path / "site.txt"
    bad.write_bytes("Titel\n\nEen alinea.\n".encode() + b"\xff\xfe kapot\n")
    with pytest.raises(RRError, match=r"site\.txt:4: not UTF-8"):
        articles.read_file(bad)
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><nav><h1>Menu</h1></nav></body></html>", encoding="utf-8")
    with pytest.raises(RRError, match=r"empty\.html:1: no article found"):
        articles.read_file(empty)
    with pytest.raises(RRError, match="unknown article format"):
        articles.read_file(tmp_path / "notes.docx")


# ---------------------------------------------------------------------------------------
# The pieces


@pytest.mark.parametrize("text,iso", [
    ("13 april 2023", "2023-04-13"), ("6 september 2023", "2023-09-06"), ("dinsdag 31 januari 2023", "2023-01-31"),
    ("2023-06-27", "2023-06-27"), ("31 februari 2023", None), ("Zomer 2023", None),
])
def test_dutch_dates(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize("sentence,role", [
    ("Stefan Ramaker, beleidsadviseur Wonen & Duurzaamheid bij gemeente Ermelo.", "ambtenaar"),
    ("Hij woont in de wijk en vertelt over de werkgroep.", "bewoner"),
    ("Hans heeft door zijn jaren bij Energieloket Lingewaard kennis in huis.", "energieadviseur"),
    ("Zij is wethouder Duurzaamheid.", "overig"),
])
def test_role_rules_table(sentence, role):
    assert people.roles_in(sentence)[0][0] == role


def test_a_person_gets_the_role_they_were_interviewed_for_and_keeps_the_other():
    sections = [people.Section("Bij bewoners over de vloer", [
        "René is bewoner van de wijk en door gemeente Ermelo ingehuurd als energieadviseur voor het project."])]
    found, slots = people.extract_people(sections, reporter=None)
    assert [(p.name, p.role, p.secondary_role) for p in found] == [("René", "energieadviseur", "bewoner")]
    assert [(s.index, s.people) for s in slots] == [(1, ["René"])]


def test_place_names_are_not_people():
    sections = [people.Section(None, ["Zilverkamp is een wijk in Huissen. Ermelo-West, een wijk in Ermelo."])]
    assert people.extract_people(sections, reporter=None) == ([], [])


# ---------------------------------------------------------------------------------------
# Catalogue: wijken, links, CLI


def _add_episode(root, episode_id, wijk):
    from razendereporter import catalogue as catalog

    with Catalogue(root).transaction() as db:
        catalog.upsert(db, "episodes", {"id": episode_id, "wijk": wijk, "article": None, "slot": None}, id=episode_id)


def test_link_and_show(seeded):
    _add_episode(seeded, "ermelo-west-arjen", "ermelo-west")
    result = pipeline.link_episode(Catalogue(seeded), "ermelo-west-arjen", ERMELO, 1)
    assert result["warnings"] == []
    assert Catalogue(seeded).get("episodes", id="ermelo-west-arjen")[("article")] == ERMELO
    assert Catalogue(seeded).get("episodes", id="ermelo-west-arjen")["slot"] == 1
    shown = wijken.show_article(Catalogue(seeded), ERMELO)
    assert shown["slots"][0]["episodes"] == ["ermelo-west-arjen"]
    assert shown["episodes"] == [{"id": "ermelo-west-arjen", "slot": 1}]
    # linking to another wijk's article works but warns
    assert pipeline.link_episode(Catalogue(seeded), "ermelo-west-arjen", ZILVERKAMP, None)["warnings"]


def test_link_refuses_unknown_things(seeded):
    _add_episode(seeded, "ermelo-west-arjen", "ermelo-west")
    before = (seeded / "catalog.json").read_text()
    with pytest.raises(NotFound, match="no episode 'nope'"):
        pipeline.link_episode(Catalogue(seeded), "nope", ERMELO, 1)
    with pytest.raises(NotFound, match="no article 'nope'"):
        pipeline.link_episode(Catalogue(seeded), "ermelo-west-arjen", "nope", 1)
    with pytest.raises(RRError, match="videos 1 to 5; there is no slot 6"):
        pipeline.link_episode(Catalogue(seeded), "ermelo-west-arjen", ERMELO, 6)
    with pytest.raises(RRError, match="no video slots"):
        pipeline.link_episode(Catalogue(seeded), "ermelo-west-arjen", "nieuwsbrief-zomer-2023", 1)
    assert (seeded / "catalog.json").read_text() == before


def test_cli_import_list_show_wijken_link(root):
    result = _cli(root, "articles", "import", str(SEED))
    assert result.exit_code == 0, result.output
    assert "7 articles: 7 new" in result.output

    result = _cli(root, "--json", "articles", "import", str(SEED))
    assert {r["status"] for r in json.loads(result.output)} == {"unchanged"}

    result = _cli(root, "articles", "list", "--kind", "razende-reporter")
    assert result.exit_code == 0
    assert [line.split()[1] for line in result.output.splitlines()] == [ERMELO, ZILVERKAMP]

    result = _cli(root, "articles", "show", ERMELO)
    assert result.exit_code == 0
    assert "Stefan Ramaker" in result.output and "ambtenaar (beleidsadviseur Wonen & Duurzaamheid" in result.output
    assert "energieadviseur (door gemeente Ermelo ingehuurd als energieadviseur), also bewoner" in result.output

    result = _cli(root, "--json", "wijken")
    rows = {w["slug"]: w for w in json.loads(result.output)}
    assert rows["zilverkamp"]["gemeente"] == "Lingewaard" and rows["zilverkamp"]["articles"] == [ZILVERKAMP]
    result = _cli(root, "wijken")
    assert "Zilverkamp (Huissen, gemeente Lingewaard, Gelderland)" in result.output

    _add_episode(root, "zilverkamp-hans", "zilverkamp")
    result = _cli(root, "link", "zilverkamp-hans", ZILVERKAMP, "--slot", "3")
    assert result.exit_code == 0, result.output
    assert "linked zilverkamp-hans -> razende-reporter-in-de-zilverkamp video 3" in result.output
    result = _cli(root, "articles", "show", ZILVERKAMP)
    assert "3. Van je dak, in je zak: Hans Janssen -> zilverkamp-hans" in result.output
    result = _cli(root, "--json", "wijken")
    assert {w["slug"]: w for w in json.loads(result.output)}["zilverkamp"]["episodes"] == ["zilverkamp-hans"]

    result = _cli(root, "link", "zilverkamp-hans", ZILVERKAMP, "--slot", "9")
    assert result.exit_code != 0 and "error: " in result.output and "Traceback" not in result.output
    result = _cli(root, "articles", "show", "does-not-exist")
    assert result.exit_code == 2 and "error: no article 'does-not-exist'" in result.output


def test_cli_new_writes_an_importable_template(root, tmp_path):
    target = tmp_path / "zilverkamp.md"
    result = _cli(root, "articles", "new", str(target), "--wijk", "Zilverkamp", "--gemeente", "Lingewaard",
                  "--date", "27 juni 2023")
    assert result.exit_code == 0, result.output
    assert _cli(root, "articles", "new", str(target)).exit_code != 0  # never overwrites silently
    result = _cli(root, "--json", "articles", "import", str(target))
    assert result.exit_code == 0, result.output
    record = Catalogue(root).get("articles", slug="razende-reporter-in-zilverkamp")
    assert (record["date"], record["wijk"], record["gemeente"], record["source"]) == \
        ("2023-06-27", "zilverkamp", "Lingewaard", "editor")
    assert record["people"] == [] and record["summary"] is None

    untouched = tmp_path / "blank.md"
    untouched.write_text(articles.template(), encoding="utf-8")
    result = _cli(root, "articles", "import", str(untouched))
    assert result.exit_code != 0 and f"{untouched}:4: 'title' is required" in result.output

