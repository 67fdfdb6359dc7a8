"""Researchers' exports of quotes: CSV, JSON Lines, and OpenSearch bulk NDJSON + mapping.

CSV is written for spreadsheets: UTF-8 (with a byte order mark for Excel), the csv
module's quoting (commas, quotes and newlines inside a quote survive), CRLF line ends, and
formula injection made inert: a text cell starting with =, +, -, @, a tab or a carriage
return gets a leading apostrophe, so a spreadsheet shows it as text instead of running it.
"""

from __future__ import annotations

import csv
import json
from typing import IO, Any, Iterable

from . import analyzer

FORMATS = ("csv", "jsonl", "opensearch")
FIELDS = ("episode", "seq", "start", "end", "time", "speaker", "person", "role", "text",
          "episode_title", "wijk", "wijk_name", "gemeente", "province", "article", "article_title",
          "date", "url", "video", "link", "score", "corrected_by", "corrected_on")
OPENSEARCH_INDEX = "rr-quotes"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def record(hit) -> dict[str, Any]:
    """The exported fields of a hit, in order."""
    return {name: getattr(hit, name) for name in FIELDS}


def inert(value: Any) -> Any:
    """A spreadsheet cell that cannot start a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write(hits: Iterable, out: IO[str], fmt: str, *, excel: bool = False, mapping_out: IO[str] | None = None) -> int:
    """Write ``hits`` to ``out`` in ``fmt``; returns how many quotes were written."""
    if fmt == "csv":
        return write_csv(hits, out, excel=excel)
    if fmt == "jsonl":
        return write_jsonl(hits, out)
    if fmt == "opensearch":
        if mapping_out is not None:
            json.dump(opensearch_mapping(), mapping_out, ensure_ascii=False, indent=2)
            mapping_out.write("\n")
        return write_bulk(hits, out)
    raise ValueError(f"unknown format {fmt!r}")


def write_csv(hits: Iterable, out: IO[str], excel: bool = False) -> int:
    if excel:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIELDS)
    n = 0
    for hit in hits:
        writer.writerow(["" if v is None else inert(v) for v in record(hit).values()])
        n += 1
    return n


def write_jsonl(hits: Iterable, out: IO[str]) -> int:
    n = 0
    for hit in hits:
        out.write(json.dumps(record(hit), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_bulk(hits: Iterable, out: IO[str], index_name: str = OPENSEARCH_INDEX) -> int:
    """OpenSearch/Elasticsearch ``_bulk`` NDJSON: an action line, then the document."""
    n = 0
    for hit in hits:
        doc = record(hit)
        doc.pop("score", None)
        action = {"index": {"_index": index_name, "_id": f"{hit.episode}:{hit.seq}"}}
        out.write(json.dumps(action, ensure_ascii=False) + "\n")
        out.write(json.dumps(doc, ensure_ascii=False) + "\n")
        n += 1
    return n


def override_rules() -> list[str]:
    """stem_overrides.tsv as OpenSearch ``stemmer_override`` rules (``word => stem``)."""
    return [f"{word} => {stem}" for word, stem in sorted(analyzer.load_overrides().items())]


def opensearch_mapping() -> dict[str, Any]:
    """Index settings and mapping with the same Dutch analysis as the local index."""
    keyword = {"type": "keyword"}
    return {
        "settings": {"analysis": {
            "char_filter": {"rr_apostrophe": {"type": "pattern_replace", "pattern": "['’]", "replacement": ""}},
            "filter": {
                "rr_overrides": {"type": "stemmer_override", "rules": override_rules()},
                "rr_dutch_stemmer": {"type": "stemmer", "language": "dutch"},
            },
            "analyzer": {
                "rr_dutch": {"type": "custom", "char_filter": ["rr_apostrophe"], "tokenizer": "standard",
                             "filter": ["lowercase", "asciifolding", "rr_overrides", "rr_dutch_stemmer"]},
                "rr_folded": {"type": "custom", "char_filter": ["rr_apostrophe"], "tokenizer": "standard",
                              "filter": ["lowercase", "asciifolding"]},
            },
        }},
        "mappings": {"properties": {
            "text": {"type": "text", "analyzer": "rr_dutch",
                     "fields": {"folded": {"type": "text", "analyzer": "rr_folded"}}},
            "episode": keyword, "seq": {"type": "integer"}, "start": {"type": "float"},
            "end": {"type": "float"}, "time": keyword, "speaker": keyword,
            "person": {"type": "text", "analyzer": "rr_folded", "fields": {"raw": keyword}},
            "role": keyword, "episode_title": {"type": "text"}, "wijk": keyword, "wijk_name": keyword,
            "gemeente": keyword, "province": keyword, "article": keyword, "article_title": {"type": "text"},
            "date": {"type": "date", "format": "yyyy-MM-dd"}, "url": keyword, "video": keyword,
            "link": keyword,
        }},
    }
