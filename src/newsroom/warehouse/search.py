"""Full-text search over the warehouse: a BM25 index of every article's title and body.

The index is newsroom's own, in plain tables (migration 009): ``search_words`` (every
term, numbered), ``search_docs`` (every indexed article version, numbered, and its
length in terms) and the postings, term frequencies per version by number. A run adds
the versions it loaded (``refresh_index``, inside its transaction): its cost follows
what the run loaded, not the size of the warehouse (``bench/search_cost.py``). The
postings are kept in two parts: the bulk sorted by term, so a lookup reads only the row
groups that hold its term (DuckDB skips the others by their min/max), and the recent
runs' postings, appended; when the recent part has grown to a quarter of the bulk, the
run folds it in and sorts again (so each posting is sorted a few times over the
warehouse's life, not once a run).

Words are split and stemmed by the functions of DuckDB's ``fts`` extension (loaded from
the ``duckdb-extension-fts`` wheel, like the others): lower case, accents stripped ("ß"
as "ss"), runs of letters and digits, the extension's English stopwords left out, and
stemmed in the article's language: Porter for English (and for a language without a
stemmer), else the language's Snowball stemmer, its terms marked with the language
("ru:путин", "de:preis"), so that "Кремль" finds "в Кремле" and "Preis" finds "Preise"
while an English word never meets another language's stem of another word ("news" is
German "new"). A query's word is looked up as every language's term for it
(``search_query_terms``). The extension's own index, which this one replaced, could not
be added to and was rebuilt whole on every run (186 s at 100,000 articles). Superseded
versions stay indexed (versions are never deleted) and are left out by the join with
``articles``: they weigh a little in the collection statistics and nothing else.

Three macros make the search usable from any SQL client that loads the extension:
``search_scores(q)``, ``search_articles(q)`` and ``search_stories(q)``
(warehouse/README.md, "Search"). They are plain BM25; the boolean operators and filters
are ``search``'s, here, for the CLI.
"""

from __future__ import annotations

import functools
import logging
import re
import weakref
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from newsroom.errors import WarehouseError
from newsroom.metadata import UNSPACED_CHAR
from newsroom.search_query import (
    All,
    Any_,
    Node,
    Not,
    Phrase,
    QueryError,
    Word,
    parse,
    positive_words,
)
from newsroom.warehouse.backend import extension_path, sql_string

logger = logging.getLogger(__name__)

# BM25's parameters (the usual ones, as the fts extension's).
K1 = 1.2
B = 0.75
# The recent postings are folded into the sorted bulk when they reach this share of it.
FOLD_SHARE = 0.25
# A token is a run of letters and digits of any script (RE2 classes, in DuckDB's regexes),
# except in the scripts written without spaces (Chinese, Japanese, Thai, ...), where it
# is one character: there is no space to split a word at, and a phrase of characters
# finds the word ("北京" is 北 then 京, side by side). Korean as well, a syllable a token:
# it is written with spaces, but a written word carries its particles and endings
# ("서울시는", "한국은행은") and no stemmer here takes them off; syllables side by side
# find "서울시" inside "서울시는" (as the n-grams of CJK search engines do).
_NOT_TOKEN = "[^\\p{L}\\p{N}]"
_HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
_UNSPACED = UNSPACED_CHAR[:-1] + _HANGUL + "]"
# The index's tables (migration 009): derived from article_versions, never copied.
INDEX_TABLES = (
    "search_stopwords",
    "search_words",
    "search_docs",
    "search_postings",
    "search_postings_recent",
)

# The Snowball stemmer of each language DuckDB's ``stem`` has one for (ISO 639-1 codes, as
# ``articles.language``); English and every other language: Porter, as before.
STEMMERS = {
    "ar": "arabic", "ca": "catalan", "da": "danish", "de": "german", "el": "greek",
    "es": "spanish", "eu": "basque", "fi": "finnish", "fr": "french", "ga": "irish",
    "hi": "hindi", "hu": "hungarian", "id": "indonesian", "it": "italian",
    "lt": "lithuanian", "nb": "norwegian", "ne": "nepali", "nl": "dutch", "nn": "norwegian",
    "no": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian",
    "sr": "serbian", "sv": "swedish", "ta": "tamil", "tr": "turkish",
}  # fmt: skip
# The full-width digits and Latin letters of East Asian text, and their ASCII forms.
_HALF_WIDTH = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_FULL_WIDTH = "".join(chr(ord(c) + 0xFEE0) for c in _HALF_WIDTH)
_STEMMER_OF = " ".join(f"WHEN '{code}' THEN '{name}'" for code, name in STEMMERS.items())
_LANGUAGE_STEMMERS = ", ".join(f"['{code}', '{name}']" for code, name in STEMMERS.items())

MACROS = f"""
-- lower case, no accents, "ss" for "ß", full-width digits and letters as ASCII ("１６%"
-- in Japanese text is "16"); but "й" kept, which Russian's stemmer needs to read endings
-- such as "-ой" ("ключевой", "Набиуллиной"; as "-ои" they kept no stem)
CREATE OR REPLACE MACRO search_fold(s) AS
replace(replace(strip_accents(replace(lower(translate(s, '{_FULL_WIDTH}', '{_HALF_WIDTH}')),
        'й', chr(1))), chr(1), 'й'), 'ß', 'ss');

CREATE OR REPLACE MACRO search_tokens(s) AS
list_filter(string_split_regex(regexp_replace(regexp_replace(search_fold(s),
            '({_UNSPACED})', ' \\1 ', 'g'), '{_NOT_TOKEN}+', ' ', 'g'), ' '), lambda t: t <> '');

-- the Snowball stemmer of a language, NULL for Porter's (English and the languages
-- without one)
CREATE OR REPLACE MACRO search_stemmer(language) AS
CASE lower(language) {_STEMMER_OF} ELSE NULL END;

-- every term a token of a query can be: its term in each language
CREATE OR REPLACE MACRO search_token_terms(token) AS
list_distinct(list_concat([stem(token, 'porter')],
    list_transform([{_LANGUAGE_STEMMERS}], lambda p: p[1] || ':' || stem(token, p[2]))));

CREATE OR REPLACE MACRO search_query_terms(q) AS TABLE
SELECT DISTINCT token, unnest(search_token_terms(token)) AS term
FROM (SELECT unnest(search_tokens(q)) AS token)
WHERE token NOT IN (SELECT word FROM search_stopwords);

CREATE OR REPLACE MACRO search_scores(q, conjunctive := 0) AS TABLE
WITH wanted AS (
    SELECT t.token, w.term_id FROM search_query_terms(q) t JOIN search_words w USING (term)
),
hits AS (
    SELECT p.term_id, p.doc, p.tf
    FROM (SELECT * FROM search_postings UNION ALL SELECT * FROM search_postings_recent) p
    SEMI JOIN wanted USING (term_id)
),
df AS (SELECT term_id, count(*) AS df FROM hits GROUP BY term_id),
stats AS (SELECT count(*) AS n, avg(terms) AS avgdl FROM search_docs),
scored AS (
    SELECT h.doc,
           sum(ln(1 + (s.n - df.df + 0.5) / (df.df + 0.5)) * h.tf * {K1 + 1}
               / (h.tf + {K1} * ({1 - B} + {B} * d.terms / s.avgdl))) AS score
    FROM hits h JOIN df USING (term_id) JOIN search_docs d USING (doc) CROSS JOIN stats s
    GROUP BY h.doc
),
-- the query's words a document holds (two words may share a term: "runs", "running")
matched AS (
    SELECT h.doc, count(DISTINCT wt.token) AS words
    FROM hits h JOIN wanted wt USING (term_id)
    GROUP BY h.doc
)
SELECT d.article_id, s.score
FROM scored s JOIN search_docs d USING (doc) JOIN matched m USING (doc)
WHERE conjunctive = 0
   OR m.words = (SELECT count(DISTINCT token) FROM search_query_terms(q));

CREATE OR REPLACE MACRO search_articles(q, conjunctive := 0) AS TABLE
SELECT a.article_id, a.story_id, a.title, o.outlet, a.language, a.published_at,
       a.source_uri, s.score
FROM search_scores(q, conjunctive := conjunctive) s
JOIN articles a USING (article_id)
JOIN article_outlets o USING (article_id)
ORDER BY s.score DESC, a.article_id;

CREATE OR REPLACE MACRO search_stories(q, conjunctive := 0) AS TABLE
SELECT s.story_id, coalesce(any_value(c.title), arg_max(s.title, s.score)) AS title,
       max(s.score) AS score, count(*) AS matching_copies,
       list(DISTINCT s.outlet ORDER BY s.outlet) AS outlets
FROM search_articles(q, conjunctive := conjunctive) s
LEFT JOIN articles c ON c.story_id = s.story_id AND c.is_canonical
GROUP BY s.story_id
ORDER BY score DESC, s.story_id;
"""

# The versions not indexed yet, numbered after the last; their terms, counted; the terms
# met for the first time, numbered after the last; then the postings and the documents.
_NEW_POSTINGS = """
CREATE TEMP TABLE new_search_versions AS
SELECT v.article_id,
       (SELECT coalesce(max(doc), 0) FROM search_docs)
           + row_number() OVER (ORDER BY v.article_id) AS doc,
       v.title || ' ' || v.body AS text, search_stemmer(v.language) AS stemmer,
       lower(v.language) || ':' AS mark
FROM article_versions v ANTI JOIN search_docs d USING (article_id);

CREATE TEMP TABLE new_search_postings AS
SELECT term, doc, count(*)::INTEGER AS tf
FROM (
    SELECT doc, stem(token, 'porter') AS term
    FROM (SELECT doc, unnest(search_tokens(text)) AS token
          FROM new_search_versions WHERE stemmer IS NULL)
    WHERE token NOT IN (SELECT word FROM search_stopwords)
    UNION ALL
    SELECT doc, mark || stem(token, stemmer) AS term
    FROM (SELECT doc, mark, stemmer, unnest(search_tokens(text)) AS token
          FROM new_search_versions WHERE stemmer IS NOT NULL)
    WHERE token NOT IN (SELECT word FROM search_stopwords)
)
GROUP BY ALL;

INSERT INTO search_words
SELECT term, (SELECT coalesce(max(term_id), 0) FROM search_words)
             + row_number() OVER (ORDER BY term)
FROM (SELECT DISTINCT term FROM new_search_postings) ANTI JOIN search_words USING (term);

INSERT INTO search_postings_recent
SELECT w.term_id, p.doc, p.tf FROM new_search_postings p JOIN search_words w USING (term);

INSERT INTO search_docs
SELECT v.article_id, v.doc, coalesce(sum(p.tf), 0)::INTEGER
FROM new_search_versions v LEFT JOIN new_search_postings p USING (doc)
GROUP BY v.article_id, v.doc;

DROP TABLE new_search_versions;
DROP TABLE new_search_postings;
"""

_FOLD = """
CREATE OR REPLACE TABLE search_postings AS
SELECT term_id, doc, tf
FROM (SELECT * FROM search_postings UNION ALL SELECT * FROM search_postings_recent)
ORDER BY term_id, doc;
DELETE FROM search_postings_recent;
"""


def load_extension(con: duckdb.DuckDBPyConnection) -> None:
    """Load ``fts`` from its wheel (a plain ``LOAD fts`` would try to download it), and
    install it once a process into DuckDB's extension folder (``~/.duckdb/extensions``),
    where any SQL client of this DuckDB version finds it: the search macros then work in
    ``duckdb`` or Python with no ``LOAD`` (DuckDB loads ``fts`` when ``stem`` is called)."""
    path = extension_path("fts")
    con.execute(f"LOAD {sql_string(str(path))}")
    if not _INSTALLED:
        _INSTALLED.append(path)
        try:
            row = con.execute(
                "SELECT installed FROM duckdb_extensions() WHERE extension_name = 'fts'"
            ).fetchone()
            if not (row and row[0]):
                con.execute(f"INSTALL {sql_string(str(path))}")
        except duckdb.Error as exc:  # a home folder that cannot be written: LOAD by path
            logger.debug("fts not installed for SQL clients: %s", exc)


_INSTALLED: list[Path] = []  # the extension installed by this process (once)


def refresh_index(con: duckdb.DuckDBPyConnection) -> None:
    """Index the article versions not indexed yet; fold the recent postings into the
    sorted bulk when they have grown to ``FOLD_SHARE`` of it."""
    load_extension(con)
    if not con.execute("SELECT 1 FROM search_stopwords LIMIT 1").fetchall():
        # one statement: row by row, each insert is a commit of its own on a lake
        con.execute("INSERT INTO search_stopwords SELECT unnest(?)", [list(_stopwords())])
    con.execute(MACROS)
    con.execute(_NEW_POSTINGS)
    row = con.execute(
        "SELECT (SELECT count(*) FROM search_postings_recent),"
        " (SELECT count(*) FROM search_postings)"
    ).fetchone()
    recent, bulk = row if row else (0, 0)
    if recent and recent >= FOLD_SHARE * bulk:
        fold_postings(con)


def query_macros(con: duckdb.DuckDBPyConnection) -> None:
    """The extension loaded and this version's macros, for this connection alone (temporary
    ones, which a read-only connection may make): a warehouse a newer newsroom has not
    written yet keeps the macros of the version that wrote it until its next run."""
    if con in _WITH_MACROS:
        return
    load_extension(con)  # the macros call its functions
    con.execute(MACROS.replace("CREATE OR REPLACE MACRO", "CREATE OR REPLACE TEMP MACRO"))
    _WITH_MACROS.add(con)


# The connections ``query_macros`` has made its macros on (each once: 10 ms a time).
_WITH_MACROS: weakref.WeakSet[duckdb.DuckDBPyConnection] = weakref.WeakSet()


def fold_postings(con: duckdb.DuckDBPyConnection) -> None:
    """Fold the recent postings into the bulk, sorted by term again."""
    con.execute(_FOLD)


@functools.cache
def _stopwords() -> tuple[str, ...]:
    """The fts extension's English stopwords, read from a throwaway index in memory (the
    extension has them only inside an index it builds)."""
    scratch = duckdb.connect()
    try:
        load_extension(scratch)
        scratch.execute("CREATE TABLE probe (id INTEGER, text VARCHAR)")
        scratch.execute("INSERT INTO probe VALUES (1, 'probe')")
        scratch.execute("PRAGMA create_fts_index('probe', 'id', 'text', stopwords='english')")
        rows = scratch.execute("SELECT DISTINCT sw FROM fts_main_probe.stopwords ORDER BY sw")
        return tuple(word for (word,) in rows.fetchall())
    finally:
        scratch.close()


def has_index(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether a run has indexed this warehouse (made the macros the search calls)."""
    found = con.execute(
        "SELECT 1 FROM duckdb_functions() WHERE function_name = 'search_scores'"
    ).fetchall()
    return bool(found)


def require_index(con: duckdb.DuckDBPyConnection) -> None:
    """A ``WarehouseError`` saying how to get the index, when there is none."""
    if not has_index(con):
        raise WarehouseError(
            "this warehouse has no search index yet: the next run builds it (a run with"
            " nothing new does too)"
        )


# The host of an article's URL, without ``www.`` (empty for files).
_HOST = r"lower(regexp_extract(a.source_uri, '^https?://(?:www\.)?([^/:?#]+)', 1))"


@dataclass(frozen=True, slots=True)
class Filters:
    """What a result must also be: published (else first seen) within the dates, from
    one of the outlets, in one of the languages, mentioning every named entity.

    An outlet is named as ``status`` and the results show it (the page's site name,
    "BBC News") or by its domain ("bbc.co.uk", its subdomains too): an analyst knows the
    one or the other, and a search that found nothing for the domain said nothing why."""

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
            conditions.append(
                f"(list_contains(?, lower(o.outlet)) OR len(list_filter(?, d ->"
                f" {_HOST} = d OR ends_with({_HOST}, '.' || d))) > 0)"
            )
            wanted = [o.lower() for o in self.outlets]
            params += [wanted, [o.removeprefix("www.") for o in wanted]]
        if self.languages:
            conditions.append("list_contains(?, lower(a.language))")
            params.append([lang.lower() for lang in self.languages])
        from newsroom.facts.places import country_name_in_any_language as country_name

        for kind, names in (("person", self.people), ("org", self.orgs), ("place", self.places)):
            for name in names:
                # a country by any of its names, in any language the taggers read:
                # "--place U.S." and "--place Deutschland" find "United States", "Germany"
                filed = (country_name(name) if kind == "place" else None) or name
                # any name of the entity it is filed under, as the entities view groups
                # them, or a form an article used of it: "--person Путин" finds what
                # "Vladimir Putin" names (trial20: each form found its own few articles)
                conditions.append(
                    "a.article_id IN (SELECT article_id FROM mentions"
                    " WHERE kind = ? AND method IS DISTINCT FROM 'teaser'"
                    " AND lower(coalesce(canonical, entity)) IN ("
                    "  SELECT lower(coalesce(canonical, entity)) FROM mentions WHERE kind = ?"
                    "   AND (lower(entity) = lower(?) OR lower(canonical) = lower(?)"
                    "    OR list_contains(list_transform(forms, f -> lower(f)), lower(?)))"
                    "  UNION SELECT lower(?)))"
                )
                params += [kind, kind, name, filed, name, filed]
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
    published: datetime | None  # its earliest matching article's publication date, if any
    first_seen: datetime  # when its earliest matching article was first loaded
    matching: int  # matching articles of the story (copies folded in)
    copies: int  # all its current articles
    outlets: list[str] = field(default_factory=list)  # every outlet carrying it


def search(
    con: duckdb.DuckDBPyConnection,
    query: str | Node,
    filters: Filters | None = None,
    limit: int = 20,
) -> list[StoryHit]:
    """Stories matching ``query`` (words, phrases, AND/OR/NOT) and ``filters``, best first.

    A query none of whose words the index can hold (only stopwords, or punctuation) is
    refused: it would ask nothing of a document and list every story with a score of 0."""
    filters = filters or Filters()
    node = parse(query) if isinstance(query, str) else query
    require_index(con)
    query_macros(con)
    if not _stems(con, _tokens(con, " ".join(positive_words(node)))):
        raise QueryError(
            f"no word of {' '.join(positive_words(node))!r} can be searched for: the index"
            " leaves out English stopwords such as 'the' (and holds no punctuation)"
        )
    params: list[Any] = []
    matched = matching_articles_sql(con, node, filters, params)
    sql = f"""
        WITH matched AS ({matched}),
        best AS (
            SELECT story_id, max(score) AS score, arg_max(article_id, score) AS article_id,
                   arg_max(title, score) AS title, arg_max(outlet, score) AS outlet,
                   arg_max(source_uri, score) AS source_uri, min(published_at) AS published,
                   min(seen) AS first_seen,
                   count(*) AS matching
            FROM matched GROUP BY story_id
            ORDER BY score DESC, story_id LIMIT ?
        ),
        size AS (
            SELECT a.story_id, count(*) AS copies, list(DISTINCT o.outlet ORDER BY o.outlet)
                   AS outlets, any_value(a.title) FILTER (WHERE a.is_canonical) AS story_title
            FROM articles a JOIN article_outlets o USING (article_id)
            WHERE a.story_id IN (SELECT story_id FROM best)
            GROUP BY a.story_id
        )
        -- the story under its title (its canonical copy's, as the stories view has it),
        -- the best-matching copy's source beside it
        SELECT b.story_id, b.score, b.article_id, coalesce(s.story_title, b.title), b.outlet,
               b.source_uri,
               b.published, b.first_seen, b.matching, s.copies, s.outlets
        FROM best b JOIN size s USING (story_id)
        ORDER BY b.score DESC, b.story_id
    """
    rows = con.execute(sql, [*params, limit]).fetchall()
    return [StoryHit(*row) for row in rows]


def matching_articles_sql(
    con: duckdb.DuckDBPyConnection, node: Node, filters: Filters, params: list[Any]
) -> str:
    """A query of the current articles matching ``node`` and ``filters``: their id, story,
    title, outlet, source, ``day`` (published, else first seen), ``seen`` (first loaded),
    ``published_at`` and BM25 ``score`` (0 for a match on a stopword or a phrase alone).
    Needs the index; appends to ``params``."""
    query_macros(con)
    docs = _docs(con, node, params)
    hits = "SELECT article_id FROM search_docs"
    if docs is not None:
        hits = docs
    ranked = sql_string(" ".join(positive_words(node)))  # what BM25 weighs, as a literal
    condition = filters.sql(params)
    return f"""
        WITH hits AS ({hits}),
        scores AS (SELECT article_id, score FROM search_scores({ranked}))
        SELECT a.article_id, a.story_id, a.title, o.outlet, a.source_uri,
               coalesce(a.published_at, a.first_seen_at) AS day, a.first_seen_at AS seen,
               a.published_at,
               coalesce(s.score, 0) AS score
        FROM hits
        JOIN articles a USING (article_id)
        JOIN article_outlets o USING (article_id)
        LEFT JOIN scores s USING (article_id)
        WHERE {condition}
    """


def _docs(con: duckdb.DuckDBPyConnection, node: Node, params: list[Any]) -> str | None:
    """The article versions matching ``node``, as a query; None for "every document" (a
    word the index leaves out, such as a stopword, asks nothing of a document)."""
    if isinstance(node, Word):
        tokens = _tokens(con, node.text)
        if len(tokens) > 1:  # "covid-19": its tokens next to each other
            return _docs(con, Phrase(tuple(tokens)), params)
        stems = _stems(con, tokens)
        if not stems:
            return None
        return _term_sql(con, stems[0])
    if isinstance(node, Phrase):
        return _phrase(con, node, params)
    if isinstance(node, Not):
        inner = _docs(con, node.part, params)
        if inner is None:
            return None
        return f"SELECT article_id FROM search_docs EXCEPT ({inner})"
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
    sql = " INTERSECT ".join(found) if found else "(SELECT article_id FROM search_docs)"
    for part in left_out:
        sql = f"({sql}) EXCEPT {part}"
    return sql


def _term_sql(con: duckdb.DuckDBPyConnection, terms: list[str]) -> str:
    """The versions holding any of a word's terms (its terms in every language). The
    terms' numbers are looked up first and written into the query: the postings are
    sorted by number, so DuckDB reads only the row groups that hold them (a join on the
    terms' names read them all, ten times slower)."""
    ids = [
        int(row[0])
        for row in con.execute(
            "SELECT term_id FROM search_words WHERE term IN (SELECT unnest(?::VARCHAR[]))",
            [terms],
        ).fetchall()
    ]
    return (
        "SELECT d.article_id FROM (SELECT * FROM search_postings"
        " UNION ALL SELECT * FROM search_postings_recent) p JOIN search_docs d USING (doc)"
        f" WHERE p.term_id IN ({', '.join(map(str, ids)) or 'NULL'})"
    )


def _phrase(con: duckdb.DuckDBPyConnection, node: Phrase, params: list[Any]) -> str:
    """Documents with every word of the phrase (from the index), then those where the
    words stand in order with nothing but spaces and punctuation between them."""
    tokens = _tokens(con, " ".join(node.words))
    stems = _stems(con, tokens)
    candidates = "SELECT article_id FROM search_docs"
    if stems:
        candidates = " INTERSECT ".join(f"({_term_sql(con, terms)})" for terms in stems)
    pattern = _phrase_pattern(tokens)
    params.append(pattern)
    return f"""
        SELECT v.article_id FROM article_versions v
        WHERE v.article_id IN ({candidates})
          AND regexp_matches(search_fold(v.title || ' ' || v.body), ?)
    """


def _phrase_pattern(tokens: list[str]) -> str:
    """An RE2 pattern of the tokens in order, with nothing but spaces and punctuation
    between them; between or beside characters of an unspaced script, nothing at all
    is needed (and no word boundary)."""

    def unspaced(token: str) -> bool:
        return re.fullmatch(_UNSPACED, token) is not None

    pattern = "" if unspaced(tokens[0]) else f"(^|{_NOT_TOKEN})"
    for before, token in zip([None, *tokens], tokens, strict=False):
        if before is not None:
            joint = unspaced(before) or unspaced(token)
            pattern += f"{_NOT_TOKEN}*" if joint else f"{_NOT_TOKEN}+"
        pattern += re.escape(token)
    return pattern + ("" if unspaced(tokens[-1]) else f"({_NOT_TOKEN}|$)")


def _tokens(con: duckdb.DuckDBPyConnection, text: str) -> list[str]:
    """``text`` as the index splits it (lower case, no accents, "ss" for "ß", letters and
    digits)."""
    row = con.execute("SELECT search_tokens(?)", [text]).fetchone()
    return [t for t in (row[0] if row else []) if t]


def _stems(con: duckdb.DuckDBPyConnection, tokens: list[str]) -> list[list[str]]:
    """The index terms each of ``tokens`` can be (its stem in every language), in order,
    stopwords left out."""
    if not tokens:
        return []
    rows = con.execute(
        "SELECT search_token_terms(t) FROM unnest(?::VARCHAR[]) WITH ORDINALITY u(t, i)"
        " WHERE t NOT IN (SELECT word FROM search_stopwords) ORDER BY i",
        [tokens],
    ).fetchall()
    return [list(r[0]) for r in rows]
