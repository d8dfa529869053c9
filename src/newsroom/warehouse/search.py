"""Full-text search over the warehouse: a BM25 index of every article's title and body.

The index is DuckDB's ``fts`` extension (loaded from the ``duckdb-extension-fts`` wheel,
like the others): ``PRAGMA create_fts_index`` over ``article_versions`` makes the schema
``fts_main_article_versions`` (its terms, documents and the ``match_bm25`` macro). The
extension cannot add to an index, so every run that loads something builds it again
before it publishes (``refresh_index``; its cost per run: ``bench/search_cost.py``).
Superseded versions are indexed too (they share the table) and left out by the join with
``articles``: they weigh a little in the collection statistics and nothing else.

A DuckLake cannot hold the index: its tables refuse the column types the extension
writes (probed on 1.5.5: "Failed to convert DuckDB type to DuckLake - unsupported type
NULL"). ``Store.searchable`` says so, and search on a lake says how to copy the lake
into a DuckDB file, which can.

Two macros make the search usable from any SQL client that loads the extension:
``search_articles(q)`` and ``search_stories(q)`` (warehouse/README.md, "Search"). They are
plain BM25; the boolean operators and filters are ``search``'s, here, for the CLI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import duckdb

from newsroom.errors import WarehouseError
from newsroom.search_query import All, Any_, Node, Not, Phrase, Word, parse, positive_words
from newsroom.warehouse.backend import _sql_string, extension_path

INDEX = "fts_main_article_versions"
# Tokens are runs of letters and digits, lower-cased, accents stripped, stemmed (Porter),
# English stopwords left out: "COVID-19" is "covid" and "19".
_INDEX_OPTIONS = (
    "stemmer='porter', stopwords='english', ignore='(\\.|[^a-z0-9])+',"
    " strip_accents=1, lower=1, overwrite=1"
)
_NOT_TOKEN = "[^a-z0-9]"

MACROS = f"""
CREATE OR REPLACE MACRO search_articles(q, conjunctive := 0) AS TABLE
SELECT a.article_id, a.story_id, a.title, o.outlet, a.language, a.published_at,
       a.source_uri, s.score
FROM (SELECT article_id,
             {INDEX}.match_bm25(article_id, q, conjunctive := conjunctive) AS score
      FROM articles) s
JOIN articles a USING (article_id)
JOIN article_outlets o USING (article_id)
WHERE s.score IS NOT NULL
ORDER BY s.score DESC, a.article_id;

CREATE OR REPLACE MACRO search_stories(q, conjunctive := 0) AS TABLE
SELECT story_id, arg_max(title, score) AS title, max(score) AS score,
       count(*) AS matching_copies, list(DISTINCT outlet ORDER BY outlet) AS outlets
FROM search_articles(q, conjunctive := conjunctive)
GROUP BY story_id
ORDER BY score DESC, story_id;
"""


def load_extension(con: duckdb.DuckDBPyConnection) -> None:
    """Load ``fts`` from its wheel (a plain ``LOAD fts`` would try to download it)."""
    con.execute(f"LOAD {_sql_string(str(extension_path('fts')))}")


def refresh_index(con: duckdb.DuckDBPyConnection) -> None:
    """Build the index of every article version again, and the macros over it."""
    load_extension(con)
    con.execute(
        f"PRAGMA create_fts_index('article_versions', 'article_id', 'title', 'body',"
        f" {_INDEX_OPTIONS})"
    )
    con.execute(MACROS)  # a macro is bound when made: after the index it calls


def has_index(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute(
        "SELECT 1 FROM duckdb_tables() WHERE schema_name = ? AND table_name = 'docs'", [INDEX]
    ).fetchall()
    return bool(found)


def require_index(con: duckdb.DuckDBPyConnection) -> None:
    """A ``WarehouseError`` saying how to get the index, when there is none."""
    if not has_index(con):
        raise WarehouseError(
            "this warehouse has no search index yet: the next run builds it (a run with"
            " nothing new does too)"
        )


@dataclass(frozen=True, slots=True)
class Filters:
    """What a result must also be: published (else first seen) within the dates, from
    one of the outlets, in one of the languages, mentioning every named entity."""

    since: date | None = None
    until: date | None = None  # inclusive
    outlets: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    places: tuple[str, ...] = ()

    def sql(self, params: list[Any]) -> str:
        """A condition on ``a`` (articles) and ``o`` (article_outlets); adds its params."""
        conditions = ["TRUE"]
        day = "CAST(timezone('UTC', coalesce(a.published_at, a.first_seen_at)) AS DATE)"
        if self.since is not None:
            conditions.append(f"{day} >= ?")
            params.append(self.since)
        if self.until is not None:
            conditions.append(f"{day} <= ?")
            params.append(self.until)
        if self.outlets:
            conditions.append("list_contains(?, lower(o.outlet))")
            params.append([o.lower() for o in self.outlets])
        if self.languages:
            conditions.append("list_contains(?, lower(a.language))")
            params.append([lang.lower() for lang in self.languages])
        for kind, names in (("person", self.people), ("org", self.orgs), ("place", self.places)):
            for name in names:
                conditions.append(
                    "a.article_id IN (SELECT article_id FROM mentions"
                    " WHERE kind = ? AND lower(entity) = lower(?))"
                )
                params += [kind, name]
        return " AND ".join(conditions)


@dataclass(frozen=True, slots=True)
class StoryHit:
    """A story with articles matching a search, ranked by its best article's score."""

    story_id: str
    score: float
    article_id: str  # the best-scoring matching article
    title: str
    outlet: str
    source_uri: str
    published: datetime | None  # its earliest matching article's date (published, else seen)
    matching: int  # matching articles of the story (copies folded in)
    copies: int  # all its current articles
    outlets: list[str] = field(default_factory=list)  # every outlet carrying it


def search(
    con: duckdb.DuckDBPyConnection,
    query: str | Node,
    filters: Filters | None = None,
    limit: int = 20,
) -> list[StoryHit]:
    """Stories matching ``query`` (words, phrases, AND/OR/NOT) and ``filters``, best first."""
    filters = filters or Filters()
    node = parse(query) if isinstance(query, str) else query
    require_index(con)
    params: list[Any] = []
    matched = matching_articles_sql(con, node, filters, params)
    sql = f"""
        WITH matched AS ({matched}),
        best AS (
            SELECT story_id, max(score) AS score, arg_max(article_id, score) AS article_id,
                   arg_max(title, score) AS title, arg_max(outlet, score) AS outlet,
                   arg_max(source_uri, score) AS source_uri, min(day) AS published,
                   count(*) AS matching
            FROM matched GROUP BY story_id
            ORDER BY score DESC, story_id LIMIT ?
        ),
        size AS (
            SELECT a.story_id, count(*) AS copies, list(DISTINCT o.outlet ORDER BY o.outlet)
                   AS outlets
            FROM articles a JOIN article_outlets o USING (article_id)
            WHERE a.story_id IN (SELECT story_id FROM best)
            GROUP BY a.story_id
        )
        SELECT b.story_id, b.score, b.article_id, b.title, b.outlet, b.source_uri,
               b.published, b.matching, s.copies, s.outlets
        FROM best b JOIN size s USING (story_id)
        ORDER BY b.score DESC, b.story_id
    """
    rows = con.execute(sql, [*params, limit]).fetchall()
    return [StoryHit(*row) for row in rows]


def matching_articles_sql(
    con: duckdb.DuckDBPyConnection, node: Node, filters: Filters, params: list[Any]
) -> str:
    """A query of the current articles matching ``node`` and ``filters``: their id, story,
    title, outlet, source, ``day`` (published, else first seen), ``seen`` (first loaded)
    and BM25 ``score`` (0 for a match on a stopword or a phrase alone). Needs the index;
    appends to ``params``."""
    load_extension(con)  # the index's macros call its functions
    docs = _docs(con, node, params)
    hits = f"SELECT name AS article_id FROM {INDEX}.docs"
    if docs is not None:
        hits += f" WHERE docid IN ({docs})"
    ranked = _sql_string(" ".join(positive_words(node)))  # what BM25 weighs, as a literal
    condition = filters.sql(params)
    # The scores once for the whole index, then joined (the macro per row is slower).
    return f"""
        WITH hits AS ({hits}),
        scores AS (
            SELECT name AS article_id, {INDEX}.match_bm25(name, {ranked}) AS score
            FROM {INDEX}.docs
        )
        SELECT a.article_id, a.story_id, a.title, o.outlet, a.source_uri,
               coalesce(a.published_at, a.first_seen_at) AS day, a.first_seen_at AS seen,
               coalesce(s.score, 0) AS score
        FROM hits
        JOIN articles a USING (article_id)
        JOIN article_outlets o USING (article_id)
        LEFT JOIN scores s USING (article_id)
        WHERE {condition}
    """


def _docs(con: duckdb.DuckDBPyConnection, node: Node, params: list[Any]) -> str | None:
    """The index's docids matching ``node``, as a query; None for "every document" (a
    word the index leaves out, such as a stopword, asks nothing of a document)."""
    if isinstance(node, Word):
        tokens = _tokens(con, node.text)
        if len(tokens) > 1:  # "covid-19": its tokens next to each other
            return _docs(con, Phrase(tuple(tokens)), params)
        stems = _stems(con, tokens)
        if not stems:
            return None
        params.append(stems[0])
        return _term_sql()
    if isinstance(node, Phrase):
        return _phrase(con, node, params)
    if isinstance(node, Not):
        inner = _docs(con, node.part, params)
        if inner is None:
            return None
        return f"SELECT docid FROM {INDEX}.docs EXCEPT ({inner})"
    if isinstance(node, Any_):
        parts = [_docs(con, p, params) for p in node.parts]
        if any(p is None for p in parts):
            return None
        return " UNION ".join(f"({p})" for p in parts)
    return _all(con, node, params)


def _all(con: duckdb.DuckDBPyConnection, node: All, params: list[Any]) -> str | None:
    wanted = [_docs(con, p, params) for p in node.parts if not isinstance(p, Not)]
    unwanted = [_docs(con, p.part, params) for p in node.parts if isinstance(p, Not)]
    found = [f"({p})" for p in wanted if p is not None]
    left_out = [f"({p})" for p in unwanted if p is not None]
    if not found and not left_out:
        return None
    sql = " INTERSECT ".join(found) if found else f"(SELECT docid FROM {INDEX}.docs)"
    for part in left_out:
        sql = f"({sql}) EXCEPT {part}"
    return sql


def _term_sql() -> str:
    return (
        f"SELECT t.docid FROM {INDEX}.terms t JOIN {INDEX}.dict d ON t.termid = d.termid"
        " WHERE d.term = ?"
    )


def _phrase(con: duckdb.DuckDBPyConnection, node: Phrase, params: list[Any]) -> str:
    """Documents with every word of the phrase (from the index), then those where the
    words stand in order with nothing but spaces and punctuation between them."""
    tokens = _tokens(con, " ".join(node.words))
    stems = _stems(con, tokens)
    candidates = f"SELECT docid FROM {INDEX}.docs"
    if stems:
        params.extend(stems)
        candidates = " INTERSECT ".join(f"({_term_sql()})" for _ in stems)
    pattern = (
        f"(^|{_NOT_TOKEN})"
        + f"{_NOT_TOKEN}+".join(re.escape(t) for t in tokens)
        + f"({_NOT_TOKEN}|$)"
    )
    params.append(pattern)
    return f"""
        SELECT d.docid FROM {INDEX}.docs d
        JOIN article_versions v ON v.article_id = d.name
        WHERE d.docid IN ({candidates})
          AND regexp_matches(strip_accents(lower(v.title || ' ' || v.body)), ?)
    """


def _tokens(con: duckdb.DuckDBPyConnection, text: str) -> list[str]:
    """``text`` as the index splits it (lower case, no accents, letters and digits)."""
    row = con.execute(f"SELECT {INDEX}.tokenize(?)", [text]).fetchone()
    return [t for t in (row[0] if row else []) if t]


def _stems(con: duckdb.DuckDBPyConnection, tokens: list[str]) -> list[str]:
    """The index terms of ``tokens``: stemmed, stopwords left out."""
    if not tokens:
        return []
    rows = con.execute(
        f"SELECT stem(t, 'porter') FROM unnest(?::VARCHAR[]) u(t)"
        f" WHERE t NOT IN (SELECT sw FROM {INDEX}.stopwords)",
        [tokens],
    ).fetchall()
    return [r[0] for r in rows]
