"""Hostile article files: a YAML alias bomb, endless fields, `javascript:` addresses, control
characters. Each is refused with its file and line, or cleaned, before catalog.json is written."""

import json
import time

import pytest
from click.testing import CliRunner

from razendereporter import articles, pipeline
from razendereporter.catalogue import Catalogue
from razendereporter.cli import main
from razendereporter.errors import RRError

FRONT = "---\ntitle: Razende Reporter in Ermelo-West\ndate: 2023-04-13\nwijk: Ermelo-West\ngemeente: Ermelo\n{extra}---\n\nTekst.\n"


def write(tmp_path, text, name="stuk.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def billion_laughs(levels: int) -> str:
    """The classic shape in known fields: each person's description lists the one before ten
    times, so the last one is 10^levels strings."""
    people = ["people:", "  - {name: P0, role: bewoner, description: &a0 lol}"]
    people += [f"  - {{name: P{n}, role: bewoner, description: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]}}"
               for n in range(1, levels + 1)]
    return "\n".join(people)


def test_a_yaml_alias_bomb_is_refused_at_once_with_its_line(tmp_path, root):
    """Before, str() of the expanded aliases was stored: 8 MB of catalogue from these 700
    bytes (351 MB with two levels more)."""
    bomb = "---\ntitle: Razende Reporter in Ermelo-West\n" + billion_laughs(6) + "\n---\n\nTekst.\n"
    assert len(bomb) < 800
    began = time.perf_counter()
    with pytest.raises(RRError, match=r"stuk\.md:5: YAML alias \*a0 is not allowed in front matter"):
        pipeline.import_articles(Catalogue(root), [write(tmp_path, bomb)])
    assert time.perf_counter() - began < 2
    assert not (root / "catalog.json").exists()


def test_any_alias_is_refused_even_a_harmless_one(tmp_path):
    path = write(tmp_path, FRONT.format(extra="place: &p Ermelo\nprovince: *p\n"))
    with pytest.raises(RRError, match=r"stuk\.md:7: YAML alias \*p"):
        articles.read_file(path)


@pytest.mark.parametrize("extra, pattern", [
    (f"summary: {'x' * 2001}\n", r"stuk\.md:6: 'summary' is 2001 characters long; at most 2000"),
    (f"place: {'x' * 121}\n", rf"'place' is 121 characters long"),
    (f"url: https://example.org/{'x' * 2000}\n", r"'url' is 2020 characters long"),
    ("people:\n  - name: " + "N" * 500 + "\n    role: bewoner\n", r"stuk\.md:7: 'name' of person 1 is 500 characters"),
    ("people:\n  - name: Kim\n    role: verslaggever\n    description: " + "d" * 5000 + "\n",
     r"stuk\.md:9: 'description' of person 1 is 5000 characters"),
    ("people:\n" + "".join(f"  - name: P{n}\n    role: bewoner\n" for n in range(101)),
     r"101 entries in 'people'; at most 100"),
])
def test_endless_fields_in_front_matter_are_refused_with_their_line(tmp_path, extra, pattern):
    with pytest.raises(RRError, match=pattern):
        articles.read_file(write(tmp_path, FRONT.format(extra=extra)))


def test_an_endless_title_on_a_saved_page_is_refused(tmp_path):
    page = f"<html><body><h1>{'Razende Reporter ' * 40}</h1><p>Een verhaal over de wijk.</p></body></html>"
    with pytest.raises(RRError, match=rf"stuk\.html:1: the title is \d+ characters long; at most 300"):
        articles.read_file(write(tmp_path, page, "stuk.html"))


@pytest.mark.parametrize("url", ["javascript:alert(document.domain)", " JavaScript:alert(1)", "data:text/html,<b>x",
                                 "vbscript:msgbox", "file:///etc/passwd", "//evil.example/x", "https:nohost"])
def test_only_web_addresses_are_kept_from_an_editors_file(tmp_path, root, url):
    path = write(tmp_path, FRONT.format(extra=f"url: {json.dumps(url)}\n"))
    [result] = pipeline.import_articles(Catalogue(root), [path])
    assert result["warnings"] and "is not an http(s) address; left out" in result["warnings"][0]
    stored = json.loads((root / "catalog.json").read_text())["articles"]
    assert [a["url"] for a in stored.values()] == [None]


def test_only_web_addresses_are_kept_from_a_saved_page(tmp_path, root):
    page = ('<html><head><link rel="canonical" href="javascript:alert(1)"></head><body>'
            "<h1>Razende Reporter in Ermelo-West</h1><p>In de wijk Ermelo-West spraken wij bewoners.</p></body></html>")
    result = CliRunner().invoke(main, ["--root", str(root), "articles", "import", str(write(tmp_path, page, "p.html"))])
    assert result.exit_code == 0, result.output
    assert "warning: " in result.stderr and "javascript:alert(1)" in result.stderr
    stored = json.loads((root / "catalog.json").read_text())["articles"]
    assert [a["url"] for a in stored.values()] == [None]
    good = page.replace("javascript:alert(1)", "https://www.wijkvandetoekomst.nl/ermelo-west/")
    [result] = pipeline.import_articles(Catalogue(root), [write(tmp_path, good, "p.html")])
    assert result["warnings"] == []
    stored = json.loads((root / "catalog.json").read_text())["articles"]
    assert [a["url"] for a in stored.values()] == ["https://www.wijkvandetoekomst.nl/ermelo-west/"]


def test_control_characters_and_bidi_overrides_never_reach_the_catalogue(tmp_path, root):
    extra = ('people:\n  - name: "Arjen\\e[31m Baatje\\a"\n    role: bewoner\n    slot: 1\n'
             '  - name: "Kim\\u202e"\n    role: verslaggever\n')
    path = write(tmp_path, FRONT.format(extra=extra).replace("title: Razende Reporter in Ermelo-West\n",
                                                                'title: "\\e]0;pwned\\aRazende Reporter in Ermelo-West"\n'))
    pipeline.import_articles(Catalogue(root), [path])
    text = (root / "catalog.json").read_text(encoding="utf-8")
    assert not any(ch in text for ch in ("\x1b", "\x07", "\u202e", "\\u001b", "\\u0007"))
    stored = next(iter(json.loads(text)["articles"].values()))
    assert [p["name"] for p in stored["people"]] == ["Arjen[31m Baatje", "Kim"]
    assert stored["slots"][0]["people"] == ["Arjen[31m Baatje"]
    assert stored["title"] == "]0;pwnedRazende Reporter in Ermelo-West"


@pytest.mark.parametrize("extra, pattern", [
    ("date: 2023-02-30\n", r"stuk\.md:5: date '2023-02-30' is not a date like 2023-04-13"),
    ("place: 2023-13-45\n", None),  # a text that looks like a date is kept as the text
])
def test_an_impossible_date_in_front_matter_is_a_line_not_a_traceback(tmp_path, extra, pattern):
    """PyYAML turned 2023-02-30 into a date and failed inside itself with ValueError."""
    path = write(tmp_path, FRONT.format(extra=extra).replace("date: 2023-04-13\n", ""))
    if pattern:
        with pytest.raises(RRError, match=pattern):
            articles.read_file(path)
    else:
        assert articles.read_file(path)[0].place == "2023-13-45"
