"""The query language: parsed here into a small AST, then into tantivy Query objects.

Raw user text never reaches tantivy's own query parser. The language::

    warmtepomp subsidie          both words (AND is the default)
    "aardgasvrij wonen"          an exact phrase
    warmte*                      words starting with warmte (at least 2 letters)
    isolatie OR spouwmuur        either
    warmtenet NOT kosten         without (also: -kosten)
    (gas OR stroom) AND rekening grouping; AND, OR and NOT are operators in capitals only

Every word goes through the analyzer, so subsidies finds subsidie and geïsoleerd finds
isoleren. Punctuation is ignored (``kost: een warmtepomp?`` is three words). Common
words (de, het, een …) next to other words only raise the score, they do not have to
occur.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import tantivy

from ..errors import RRError
from . import analyzer
from .index import SCHEMA

MAX_QUERY_CHARS = 1000
MAX_DEPTH = 16
MIN_PREFIX = 2
STOPWORDS = frozenset(
    "de het een en of van in op te dat die is voor met aan er niet als zijn ook om maar bij nog "
    "wat dan ze we wij je jij u ik hij zij naar uit over dus wel al".split()
)


# --------------------------------------------------------------------------------------
# AST


@dataclass
class Term:
    stem: str
    folded: str
    stopword: bool = False


@dataclass
class Prefix:
    folded: str


@dataclass
class Phrase:
    stems: list[str]
    folded: list[str]


@dataclass
class And:
    items: list = field(default_factory=list)


@dataclass
class Or:
    items: list = field(default_factory=list)


@dataclass
class Not:
    item: object


# --------------------------------------------------------------------------------------
# Lexing and parsing

_OPERATORS = {"AND": "AND", "OR": "OR", "NOT": "NOT", "&&": "AND", "||": "OR"}
_BREAK = set('"()') | {" ", "\t", "\n", "\r"}


def lex(text: str) -> list[tuple[str, str]]:
    if len(text) > MAX_QUERY_CHARS:
        raise RRError(f"query too long ({len(text)} characters; at most {MAX_QUERY_CHARS})")
    out: list[tuple[str, str]] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "()":
            out.append((c, c))
            i += 1
        elif c == '"':
            close = text.find('"', i + 1)
            if close < 0:
                raise RRError(f'unbalanced double quote in query at character {i + 1}: close the phrase with "')
            out.append(("PHRASE", text[i + 1:close]))
            i = close + 1
        elif c == "-" and i + 1 < n and (text[i + 1].isalnum() or text[i + 1] in '"('):
            out.append(("NOT", "-"))
            i += 1
        else:
            j = i
            while j < n and text[j] not in _BREAK:
                j += 1
            word = text[i:j]
            out.append((_OPERATORS[word], word) if word in _OPERATORS else ("WORD", word))
            i = j
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], words: analyzer.Analyzer):
        self.tokens, self.pos, self.depth, self.words = tokens, 0, 0, words

    def peek(self) -> str:
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else "EOF"

    def take(self) -> tuple[str, str]:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def parse(self):
        node = self.parse_or()
        if self.peek() == ")":
            raise RRError("unbalanced parenthesis in query: a ')' without its '('")
        return node

    def parse_or(self):
        items = [self.parse_and()]
        while self.peek() == "OR":
            self.take()
            items.append(self.parse_and())
        items = [i for i in items if i is not None]
        return items[0] if len(items) == 1 else (Or(items) if items else None)

    def parse_and(self):
        items = []
        while self.peek() not in ("OR", ")", "EOF"):
            if self.peek() == "AND":
                self.take()
                continue
            items.append(self.parse_unary())
        items = [i for i in items if i is not None]
        return items[0] if len(items) == 1 else (And(items) if items else None)

    def parse_unary(self):
        if self.peek() == "NOT":
            self.take()
            self._enter()
            inner = self.parse_unary() if self.peek() not in ("OR", ")", "EOF", "AND") else None
            self.depth -= 1
            return Not(inner) if inner is not None else None
        return self.primary()

    def primary(self):
        kind, value = self.take()
        if kind == "(":
            self._enter()
            node = self.parse_or()
            if self.peek() != ")":
                raise RRError("unbalanced parenthesis in query: a '(' without its ')'")
            self.take()
            self.depth -= 1
            return node
        if kind == "PHRASE":
            return phrase_node(value, self.words)
        return word_node(value, self.words)

    def _enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise RRError(f"query nested too deeply (more than {MAX_DEPTH} levels of brackets or NOT)")


def word_node(word: str, words: analyzer.Analyzer):
    """A bare word: analyzed; ``warmte*`` is a prefix; several tokens make a phrase."""
    is_prefix = word.endswith("*")
    toks = words.tokens(word.rstrip("*"))
    if is_prefix:
        if not toks or len(toks[-1].folded) < MIN_PREFIX:
            raise RRError(f"'{word}': a prefix needs at least {MIN_PREFIX} letters before the *")
        last = Prefix(toks[-1].folded)
        rest = [Term(t.stem, t.folded) for t in toks[:-1]]
        return And(rest + [last]) if rest else last
    if not toks:
        return None
    if len(toks) == 1:
        t = toks[0]
        return Term(t.stem, t.folded, stopword=t.folded in STOPWORDS)
    return Phrase([t.stem for t in toks], [t.folded for t in toks])


def phrase_node(text: str, words: analyzer.Analyzer):
    toks = words.tokens(text)
    if not toks:
        return None
    if len(toks) == 1:
        return Term(toks[0].stem, toks[0].folded)
    return Phrase([t.stem for t in toks], [t.folded for t in toks])


def parse(text: str, words: analyzer.Analyzer):
    """The AST of ``text`` (its words analysed by ``words``); RRError when it has no word to
    search for or is malformed.

    A query of only exclusions (``NOT gas``) matches every quote without those words.
    """
    if not (text or "").strip():
        raise RRError("empty query: give a word to search for")
    node = _Parser(lex(text), words).parse()
    if node is None:
        raise RRError(f"query {text.strip()[:60]!r} has no words to search for (only operators or punctuation)")
    return node


# --------------------------------------------------------------------------------------
# To tantivy


def quote_only() -> tantivy.Query:
    return tantivy.Query.term_query(SCHEMA, "kind", "quote")


def to_tantivy(node) -> tantivy.Query:
    if isinstance(node, Term):
        return tantivy.Query.term_query(SCHEMA, "body", node.stem)
    if isinstance(node, Prefix):
        return tantivy.Query.regex_query(SCHEMA, "words", re.escape(node.folded) + ".*")
    if isinstance(node, Phrase):
        return tantivy.Query.phrase_query(SCHEMA, "body", node.stems)
    if isinstance(node, Not):
        return _boolean([], [], [node.item])
    if isinstance(node, Or):
        return _boolean([], list(node.items), [])
    must = [i for i in node.items if not isinstance(i, Not)]
    negs = [i.item for i in node.items if isinstance(i, Not)]
    content = [i for i in must if not (isinstance(i, Term) and i.stopword)]
    should = [i for i in must if i not in content] if content else []
    return _boolean(content or must, should, negs)


def _boolean(must: list, should: list, must_not: list) -> tantivy.Query:
    clauses = [(tantivy.Occur.Must, to_tantivy(i)) for i in must]
    clauses += [(tantivy.Occur.Should, to_tantivy(i)) for i in should]
    clauses += [(tantivy.Occur.MustNot, to_tantivy(i)) for i in must_not]
    if not must and not should:
        clauses.append((tantivy.Occur.Must, quote_only()))
    return tantivy.Query.boolean_query(clauses)


def highlight_terms(node, stems: set | None = None, prefixes: set | None = None) -> tuple[set, set]:
    """The stems and prefixes a hit is highlighted on (those not under NOT)."""
    stems = set() if stems is None else stems
    prefixes = set() if prefixes is None else prefixes
    if isinstance(node, Term):
        if not node.stopword:  # "de" lit up in every line helps no one
            stems.add(node.stem)
    elif isinstance(node, Prefix):
        prefixes.add(node.folded)
    elif isinstance(node, Phrase):
        stems.update(node.stems)
    elif isinstance(node, (And, Or)):
        for item in node.items:
            highlight_terms(item, stems, prefixes)
    return stems, prefixes
