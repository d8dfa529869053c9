"""Search queries as people type them: words, "quoted phrases", AND, OR, NOT, brackets.

DuckDB's full-text index ranks by BM25 but has no boolean syntax, so a query is parsed
here into a small tree; the warehouse (``newsroom.warehouse.search``) turns the tree into
a filter (which articles qualify) and ranks what qualifies by BM25 over its positive
words. The grammar, loosest first::

    query  := any (OR any)*          OR, or |
    any    := unary ((AND)? unary)*  words side by side must all be there
    unary  := (NOT | -) unary | atom
    atom   := ( query ) | "a phrase" | word

Operators are upper case (``or`` in lower case is a word, as in "war or peace" typed
without thought: it is dropped as a stopword when the index has it as one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsroom.errors import TerminalError


class QueryError(TerminalError):
    """A query that cannot be parsed: an unclosed quote or bracket, a dangling operator."""


@dataclass(frozen=True, slots=True)
class Word:
    text: str


@dataclass(frozen=True, slots=True)
class Phrase:
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class All:
    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Any_:
    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    part: Node


Node = Word | Phrase | All | Any_ | Not

_TOKEN = re.compile(r'\s*(?:(?P<quote>"[^"]*"?)|(?P<open>\()|(?P<close>\))|(?P<word>[^\s()"]+))')


def _tokens(text: str) -> list[str]:
    found: list[str] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            break
        pos = match.end()
        token = match.group(match.lastgroup or "word")
        if token.startswith('"') and (len(token) == 1 or not token.endswith('"')):
            raise QueryError(f"unclosed quote in {text!r}")
        found.append(token)
    return found


def parse(text: str) -> Node:
    """The query's tree; ``QueryError`` when it cannot be read."""
    tokens = _tokens(text)
    if not tokens:
        raise QueryError("empty query: give at least one word")
    parser = _Parser(tokens)
    node = parser.any_of()
    if parser.pos < len(tokens):
        raise QueryError(f"unexpected {tokens[parser.pos]!r} in {text!r}")
    if only_negative(node):
        raise QueryError(f"{text!r} says only what to leave out: add a word to look for")
    return node


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def any_of(self) -> Node:
        parts = [self.all_of()]
        while self.peek() in ("OR", "|"):
            self.take()
            parts.append(self.all_of())
        return parts[0] if len(parts) == 1 else Any_(tuple(parts))

    def all_of(self) -> Node:
        parts = [self.unary()]
        while (token := self.peek()) is not None and token not in ("OR", "|", ")"):
            if token == "AND":
                self.take()
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else All(tuple(parts))

    def unary(self) -> Node:
        token = self.peek()
        if token is None or token in ("AND", "OR", "|", ")"):
            raise QueryError(f"expected a word, a phrase or '(' but found {token or 'the end'}")
        if token in ("NOT", "-"):  # '-"a phrase"' arrives as '-' then the phrase
            self.take()
            return Not(self.unary())
        if token.startswith("-") and len(token) > 1:
            self.tokens[self.pos] = token[1:]
            return Not(self.unary())
        return self.atom()

    def atom(self) -> Node:
        token = self.take()
        if token == "(":
            node = self.any_of()
            if self.peek() != ")":
                raise QueryError("unclosed '('")
            self.take()
            return node
        if token.startswith('"'):
            words = tuple(token[1:-1].split())
            if not words:
                raise QueryError('empty phrase ""')
            return Phrase(words) if len(words) > 1 else Word(words[0])
        return Word(token)


def only_negative(node: Node) -> bool:
    """Whether the query names nothing to find (``NOT x``, ``-a -b``)."""
    if isinstance(node, Not):
        return True
    if isinstance(node, All):
        return all(only_negative(p) for p in node.parts)
    if isinstance(node, Any_):
        return any(only_negative(p) for p in node.parts)
    return False


def positive_words(node: Node) -> list[str]:
    """The words the ranking weighs: every word and phrase word not under a NOT."""
    if isinstance(node, Word):
        return [node.text]
    if isinstance(node, Phrase):
        return list(node.words)
    if isinstance(node, Not):
        return []
    return [w for part in node.parts for w in positive_words(part)]
