"""Exports for researchers and the CLI commands (on a click group built here)."""

import csv
import io
import json

import click
import pytest
from click.testing import CliRunner

from razendereporter.cli.common import Settings
from razendereporter.cli.search import index, quotes, search
from razendereporter.errors import RRError
from razendereporter.search import Filters, export, export_quotes


@click.group()
@click.option("--root", type=click.Path())
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def cli(ctx, root, as_json):
    ctx.obj = Settings(root=__import__("pathlib").Path(root), as_json=as_json)


cli.add_command(search)
cli.add_command(index)
cli.add_command(quotes)


def run(catalogue, *args):
    result = CliRunner().invoke(cli, ["--root", str(catalogue.root), *args], catch_exceptions=True)
    return result


def test_csv_round_trip_and_formula_injection(cat):
    buf = io.StringIO(newline="")
    n = export_quotes(cat, buf, "csv")
    rows = list(csv.DictReader(io.StringIO(buf.getvalue(), newline="")))
    assert n == len(rows) == 18
    assert list(rows[0]) == list(export.FIELDS)
    by_text = {r["text"]: r for r in rows}
    assert "'=SUM(A1:A9) zei mijn buurman nog." in by_text
    assert "'-Geen idee; ik heb er niets over gehoord." in by_text
    quoted = next(r for r in rows if "oude" in r["text"])
    assert quoted["text"] == 'Alle woningen worden aardgasvrij, ook de "oude" huizen, zei hij.'
    assert quoted["link"] == "media/ramplaankwartier/haarlem-net.mp4#t=26.2"
    assert quoted["url"] == "" and quoted["gemeente"] == "Haarlem"
    assert all(not r[k].startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for k in r)


@pytest.mark.parametrize("value,expected", [
    ("=1+1", "'=1+1"), ("+31 6", "'+31 6"), ("-x", "'-x"), ("@cmd", "'@cmd"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("gewoon", "gewoon"), (1.5, 1.5)])
def test_inert(value, expected):
    assert export.inert(value) == expected


def test_jsonl_with_query_and_filters(cat):
    buf = io.StringIO()
    n = export_quotes(cat, buf, "jsonl", "isolatie", Filters(role=("ambtenaar",)))
    lines = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert n == 1 and lines[0]["person"] == "Petra Bakker" and lines[0]["score"] > 0
    assert set(lines[0]) == set(export.FIELDS)


def test_cli_search_table_json_and_errors(cat):
    result = run(cat, "search", "isolatie", "--role", "ambtenaar", "--context", "1")
    assert result.exit_code == 0, result.output
    assert "Petra Bakker (ambtenaar)" in result.output and "#t=" in result.output
    assert "by role: ambtenaar 1" in result.output and "\x1b[" not in result.output  # not a tty: plain
    result = run(cat, "search", "isolatie", "--format", "json")
    data = json.loads(result.output)
    assert data["total"] == 6 and data["facets"]["wijk"]["ermelo-west"] == 4
    result = run(cat, "search", '"open')
    assert isinstance(result.exception, RRError) and "unbalanced" in str(result.exception)
    result = run(cat, "search", "isolatie", "--format", "csv")
    assert result.output.splitlines()[0].startswith("episode,seq,start")


def test_cli_export_files(cat, tmp_path):
    out = tmp_path / "q.csv"
    result = run(cat, "quotes", "export", "--wijk", "Zilverkamp", "--excel", "-o", str(out))
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert {r["wijk"] for r in rows} == {"zilverkamp"} and len(rows) == 5
    bulk = tmp_path / "q.ndjson"
    result = run(cat, "quotes", "export", "isolatie", "--format", "opensearch", "-o", str(bulk))
    assert result.exit_code == 0, result.output
    lines = bulk.read_text().splitlines()
    assert len(lines) == 12 and json.loads(lines[0])["index"]["_index"] == "rr-quotes"
    mapping = json.loads((tmp_path / "q.mapping.json").read_text())
    analysis = mapping["settings"]["analysis"]
    assert "subsidies => subsidie" in analysis["filter"]["rr_overrides"]["rules"]
    assert analysis["analyzer"]["rr_dutch"]["filter"] == ["lowercase", "asciifolding", "rr_overrides", "rr_dutch_stemmer"]
    result = run(cat, "quotes", "export", "--format", "opensearch")
    assert isinstance(result.exception, RRError)


def test_cli_index_commands(cat):
    result = run(cat, "index", "status")
    assert "stale" in result.output
    result = run(cat, "index", "rebuild")
    assert result.exit_code == 0 and "index rebuilt" in result.output
    assert "fresh" in run(cat, "index", "status").output


def test_export_without_query_is_in_episode_and_time_order(cat):
    buf = io.StringIO()
    export_quotes(cat, buf, "jsonl", None, Filters(wijk=("ermelo-west", "zilverkamp")))
    keys = [(r["episode"], r["seq"]) for r in map(json.loads, buf.getvalue().splitlines())]
    assert keys == sorted(keys) and len(keys) == 13
    starts = [r["start"] for r in map(json.loads, buf.getvalue().splitlines()) if r["episode"] == "kim-en-jan"]
    assert starts == sorted(starts)
