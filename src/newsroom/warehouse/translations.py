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

from datetime import datetime, timedelta
from typing import Any

import duckdb
import pyarrow as pa

from newsroom.translations import TranslationSettings, anchors, choose, score

COMMON_SHARE = 0.05  # an anchor in more of the articles than this finds no candidates
COMMON_MIN = 100
FETCH = 2000  # bodies read at a time
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
    try:
        return _link(con, new, run_id, at, settings)
    finally:
        con.execute("DROP TABLE IF EXISTS translation_anchor_rows")


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
        batch = con.execute(
            "SELECT article_id, body FROM articles"
            " WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
            [missing[start : start + FETCH]],
        ).fetchall()
        table = pa.table(
            {
                "article_id": pa.array([row[0] for row in batch], pa.string()),
                "anchors": pa.array(
                    [sorted(anchors(row[1] or "")) for row in batch], pa.list_(pa.string())
                ),
            }
        )
        con.register("new_anchors", table)
        try:
            con.execute("INSERT INTO article_anchors SELECT article_id, anchors FROM new_anchors")
        finally:
            con.unregister("new_anchors")
    return set(missing)


def _candidates(con: duckdb.DuckDBPyConnection, ids: set[str], cap: int) -> list[tuple[str, str]]:
    if not ids:
        return []
    return [
        (a, b)
        for a, b in con.execute(
            """
            WITH rare AS (
                SELECT anchor FROM translation_anchor_rows GROUP BY anchor
                HAVING count(*) <= ? AND count(DISTINCT language) > 1
            ),
            left_rows AS (
                SELECT * FROM translation_anchor_rows
                WHERE article_id IN (SELECT unnest(?::VARCHAR[]))
                  AND anchor IN (SELECT anchor FROM rare)
            )
            SELECT DISTINCT l.article_id, r.article_id
            FROM left_rows l JOIN translation_anchor_rows r
              ON l.anchor = r.anchor AND l.language <> r.language
            """,
            [cap, sorted(ids)],
        ).fetchall()
    ]


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
    first = _candidates(con, new, cap)
    if not first:
        return 0
    others = {b for _, b in first} - new
    pairs = {tuple(sorted(p)) for p in first + _candidates(con, others, cap)}
    involved = sorted({a for pair in pairs for a in pair})
    info: dict[str, tuple[str, str, Any, frozenset[str]]] = {
        r[0]: (r[1], r[2], r[3], frozenset(r[4]))
        for r in con.execute(
            "SELECT a.article_id, a.language, a.story_id, a.published_at, x.anchors"
            " FROM articles a JOIN article_anchors x USING (article_id)"
            " WHERE a.article_id IN (SELECT unnest(?::VARCHAR[]))",
            [involved],
        ).fetchall()
    }
    weight = {
        anchor: float(w)
        for anchor, w in con.execute(
            """
            SELECT anchor, ln((? + 1) / count(*)) FROM translation_anchor_rows
            WHERE anchor IN (SELECT DISTINCT unnest(anchors) FROM article_anchors
                             WHERE article_id IN (SELECT unnest(?::VARCHAR[])))
            GROUP BY anchor HAVING count(DISTINCT language) > 1
            """,
            [total, involved],
        ).fetchall()
    }
    window = timedelta(days=settings.window_days) if settings.window_days is not None else None
    scored = []
    for a, b in pairs:
        (_, story_a, when_a, keys_a), (_, story_b, when_b, keys_b) = info[a], info[b]
        if story_a == story_b:
            continue
        if window and when_a and when_b and abs(when_a - when_b) > window:
            continue
        value, shared = score(keys_a, keys_b, weight)
        if shared:
            scored.append((a, b, value, shared))
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
        con.register("new_translations", table)
        try:
            con.execute("INSERT INTO translation_links SELECT * FROM new_translations")
        finally:
            con.unregister("new_translations")
    return len(rows)
