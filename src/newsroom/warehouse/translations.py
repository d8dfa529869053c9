"""Translated copies linked as a run publishes (``newsroom.translations``): rows of
``article_anchors`` and ``translation_links``, inside the run's transaction.

The run's articles (and any current article without anchors yet, such as those loaded
before the table existed) get their anchor keys. Candidates are found in SQL: articles
of another language sharing an anchor that is not common (in at most ``COMMON_SHARE``
of the articles, or ``COMMON_MIN``); each new article's candidates and the candidates'
own candidates (the rivals that decide whether a pair stands out) are then scored on all
their anchors, with the weights of the whole warehouse.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from newsroom.translations import (
    UNSPACED_LANGUAGES,
    Scorer,
    TranslationSettings,
    anchors,
    choose,
    lengths_agree,
)
from newsroom.warehouse.arrow import registered, strings

COMMON_SHARE = 0.05  # an anchor in more of the articles than this finds no candidates
COMMON_MIN = 100
FETCH = 2000  # bodies read at a time
# Candidates an article takes in each other language: those sharing the most uncommon
# anchors (a translation shares nearly all of them).
CANDIDATES = 10
DEFAULT = TranslationSettings()

_CURRENT = """
    SELECT x.article_id, a.language, unnest(x.anchors) AS anchor
    FROM article_anchors x JOIN articles a USING (article_id)
    WHERE a.language IS NOT NULL
"""


def link_translations(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    at: datetime,
    settings: TranslationSettings = DEFAULT,
) -> int:
    """Anchor the articles without anchors, link their translations; the links made."""
    new = _anchor_new(con)
    if not new:
        return 0
    con.execute(f"CREATE OR REPLACE TEMP TABLE translation_anchor_rows AS {_CURRENT}")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE translation_anchor_stats AS"
        " SELECT anchor, count(*) AS n, count(DISTINCT language) AS languages"
        " FROM translation_anchor_rows GROUP BY anchor"
    )
    try:
        return _link(con, new, run_id, at, settings)
    finally:
        con.execute("DROP TABLE IF EXISTS translation_anchor_rows")
        con.execute("DROP TABLE IF EXISTS translation_anchor_stats")


def _anchor_new(con: duckdb.DuckDBPyConnection) -> set[str]:
    missing = [
        row[0]
        for row in con.execute(
            "SELECT article_id FROM articles a WHERE NOT EXISTS"
            " (SELECT 1 FROM article_anchors x WHERE x.article_id = a.article_id)"
            " ORDER BY article_id"
        ).fetchall()
    ]
    for start in range(0, len(missing), FETCH):
        with registered(con, "anchor_ids", strings(missing[start : start + FETCH], "article_id")):
            batch = con.execute(
                "SELECT article_id, body FROM articles"
                " WHERE article_id IN (SELECT article_id FROM anchor_ids)"
            ).fetchall()
        table = pa.table(
            {
                "article_id": pa.array([row[0] for row in batch], pa.string()),
                "anchors": pa.array(
                    [sorted(anchors(row[1] or "")) for row in batch], pa.list_(pa.string())
                ),
            }
        )
        with registered(con, "new_anchors", table):
            con.execute("INSERT INTO article_anchors SELECT article_id, anchors FROM new_anchors")
    return set(missing)


def _candidates(con: duckdb.DuckDBPyConnection, ids: set[str], cap: int) -> list[tuple[str, str]]:
    if not ids:
        return []
    with registered(con, "candidate_ids", strings(ids, "article_id")):
        found = con.execute(
            """
            WITH rare AS (
                SELECT anchor FROM translation_anchor_stats WHERE n <= ? AND languages > 1
            ),
            left_rows AS (
                SELECT * FROM translation_anchor_rows
                WHERE article_id IN (SELECT article_id FROM candidate_ids)
                  AND anchor IN (SELECT anchor FROM rare)
            )
            SELECT l.article_id, r.article_id
            FROM left_rows l JOIN translation_anchor_rows r
              ON l.anchor = r.anchor AND l.language <> r.language
            GROUP BY l.article_id, r.article_id, r.language
            QUALIFY row_number() OVER (
                PARTITION BY l.article_id, r.language ORDER BY count(*) DESC, r.article_id
            ) <= ?
            """,
            [cap, CANDIDATES],
        ).fetchall()
    return [(a, b) for a, b in found]


Info = dict[str, tuple[str, str, Any, frozenset[str], int]]  # language, story, when, anchors, words


def _fetch(con: duckdb.DuckDBPyConnection, ids: set[str], total: int, info: Info,
           weight: dict[str, float]) -> None:  # fmt: skip
    """Add the articles' language, story, publication time and anchors to ``info``, and
    their anchors' weights to ``weight``."""
    with registered(con, "involved_ids", strings(ids - info.keys(), "article_id")):
        rows = con.execute(
            "SELECT a.article_id, a.language, a.story_id, epoch(a.published_at), x.anchors,"
            " a.word_count FROM articles a JOIN article_anchors x USING (article_id)"
            " WHERE a.article_id IN (SELECT article_id FROM involved_ids)"
        ).fetchall()
        # as newsroom.translations.weights: a name one language alone uses weighs nothing
        found = con.execute(
            """
            SELECT anchor, ln((? + 1) / n) FROM translation_anchor_stats
            WHERE anchor IN (SELECT DISTINCT unnest(anchors) FROM article_anchors
                             WHERE article_id IN (SELECT article_id FROM involved_ids))
              AND (languages > 1 OR starts_with(anchor, '#'))
            """,
            [total],
        ).fetchall()
    info.update((r[0], (r[1], r[2], r[3], frozenset(r[4]), int(r[5] or 0))) for r in rows)
    weight.update((anchor, float(w)) for anchor, w in found)


def _scored(
    pairs: Iterable[tuple[str, str]],
    info: Info,
    weight: dict[str, float],
    settings: TranslationSettings,
) -> list[tuple[str, str, float, int]]:
    window = settings.window_days * 86400 if settings.window_days is not None else None
    score = Scorer({a: v[3] for a, v in info.items()}, weight)
    scored = []
    for a, b in pairs:
        (lang_a, story_a, when_a, _, words_a), (lang_b, story_b, when_b, _, words_b) = (
            info[a],
            info[b],
        )
        if story_a == story_b:
            continue
        spaced = lang_a not in UNSPACED_LANGUAGES and lang_b not in UNSPACED_LANGUAGES
        if spaced and not lengths_agree(words_a, words_b, settings):
            continue
        dated = when_a is not None and when_b is not None
        if window is not None and dated and abs(when_a - when_b) > window:
            continue
        value, shared = score(a, b)
        if shared:
            scored.append((a, b, value, shared))
    return scored


def _link(
    con: duckdb.DuckDBPyConnection,
    new: set[str],
    run_id: str,
    at: datetime,
    settings: TranslationSettings,
) -> int:
    row = con.execute("SELECT count(DISTINCT article_id) FROM translation_anchor_rows").fetchone()
    total = int(row[0]) if row else 0
    cap = max(COMMON_MIN, int(total * COMMON_SHARE))
    first = {(a, b) if a < b else (b, a) for a, b in _candidates(con, new, cap)}
    if not first:
        return 0
    info: Info = {}
    weight: dict[str, float] = {}
    _fetch(con, {a for pair in first for a in pair}, total, info, weight)
    scored = _scored(first, info, weight, settings)
    # The rivals of the candidates a new article could be linked to: their own candidates.
    eligible = {
        end
        for a, b, value, shared in scored
        if value >= settings.min_score and shared >= settings.min_shared
        for end in (a, b)
    }
    rivals = {(b, c) for b, c in _candidates(con, eligible - new, cap) if c not in new}
    if rivals:
        _fetch(con, {c for _, c in rivals}, total, info, weight)
        scored += _scored(rivals, info, weight, settings)
    taken = con.execute(
        "SELECT article_id, translated_language FROM article_translations"
    ).fetchall()
    language = {a: v[0] for a, v in info.items()}
    story = {a: v[1] for a, v in info.items()}
    links = choose(scored, language, [(a, lang) for a, lang in taken], settings, story, new)
    rows = []
    for link in links:
        a, b = link.article_id, link.translated_article_id
        if a not in new:  # the row is the run's article's
            a, b = b, a
        rows.append(
            (a, b, language[a], language[b], link.score, link.shared, "anchors", run_id, at)
        )
    if rows:
        columns = list(zip(*rows, strict=True))
        table = pa.table(
            {
                "article_id": pa.array(columns[0], pa.string()),
                "translated_article_id": pa.array(columns[1], pa.string()),
                "language": pa.array(columns[2], pa.string()),
                "translated_language": pa.array(columns[3], pa.string()),
                "score": pa.array(columns[4], pa.float64()),
                "shared_anchors": pa.array(columns[5], pa.int32()),
                "method": pa.array(columns[6], pa.string()),
                "run_id": pa.array(columns[7], pa.string()),
                "created_at": pa.array(columns[8], pa.timestamp("us", tz="UTC")),
            }
        )
        with registered(con, "new_translations", table):
            con.execute("INSERT INTO translation_links SELECT * FROM new_translations")
    return len(rows)
