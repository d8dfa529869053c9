"""What ``newsroom report`` shows, read from the warehouse: attention per day and outlet,
the biggest stories, the entities rising, quotes by speaker (``newsroom.report`` draws
it). The articles in view: every current one, or a topic's (a search: the index is
needed), published (else first seen) on or after ``since``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from newsroom.report import (
    RISING_DAYS,
    UNDATED,
    DayCount,
    ReportData,
    Rising,
    SpeakerQuotes,
    StoryRow,
)
from newsroom.search_query import parse
from newsroom.topics import Topic
from newsroom.warehouse.search import Filters, matching_articles_sql, require_index

OUTLETS_SHOWN = 6  # outlets drawn apart in the attention chart; the rest are "other"
# Dated articles after a gap this long with none, few (at most STRAY_MOST and under 1 % of
# those in view), stand apart from the rest (a page misdated years ahead in a year of
# archives): the rising window ends before them, and the report says so.
STRAY_GAP_DAYS = 4 * RISING_DAYS
STRAY_MOST = 5
ROWS = 10


def read_report(
    con: duckdb.DuckDBPyConnection,
    topic: Topic | None = None,
    since: date | None = None,
    until: date | None = None,
) -> ReportData:
    """The report's data, from the articles in view (a temporary table ``in_view``):
    published (else first seen) from ``since`` to ``until``, both included."""
    params: list[Any] = []
    if topic is None:
        scope = (
            "SELECT a.article_id, a.story_id, a.title, o.outlet, a.published_at,"
            " coalesce(a.published_at, a.first_seen_at) AS day"
            " FROM articles a JOIN article_outlets o USING (article_id)"
        )
    else:
        require_index(con)
        filters = Filters(people=topic.people, orgs=topic.orgs, places=topic.places)
        scope = matching_articles_sql(con, parse(topic.query), filters, params)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE in_view AS"
        " SELECT article_id, story_id, title, outlet,"
        " CAST(timezone('UTC', day) AS DATE) AS day, published_at IS NOT NULL AS dated"
        f" FROM ({scope})"
        " WHERE (? IS NULL OR CAST(timezone('UTC', day) AS DATE) >= ?)"
        " AND (? IS NULL OR CAST(timezone('UTC', day) AS DATE) <= ?)",
        [*params, since, since, until, until],
    )
    try:
        window = _rising_window(con)
        return ReportData(
            topic=topic.name if topic else None,
            query=topic.query if topic else None,
            since=since,
            until=until,
            articles=_one(con, "SELECT count(*) FROM in_view"),
            stories=_one(con, "SELECT count(DISTINCT story_id) FROM in_view"),
            undated=_one(con, "SELECT count(*) FROM in_view WHERE NOT dated"),
            attention=_attention(con),
            stories_per_day=_stories_per_day(con),
            biggest=_biggest(con),
            rising=_rising(con, window),
            rising_until=window.until,
            stray=window.stray,
            stray_from=window.stray_from,
            speakers=_speakers(con),
        )
    finally:
        con.execute("DROP TABLE in_view")


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


def _attention(con: duckdb.DuckDBPyConnection) -> list[DayCount]:
    """Articles per day and outlet, the outlets beyond the first few as 'other'. Undated
    articles are one series of their own on the day they were first seen (``UNDATED``):
    an archive loaded at once is one tall bar on the run's day, and must not read as the
    outlets' output of that day."""
    rows = con.execute(
        """
        WITH top AS (
            SELECT outlet FROM in_view WHERE dated GROUP BY outlet
            ORDER BY count(*) DESC, outlet LIMIT ?
        )
        SELECT day, CASE WHEN NOT dated THEN ?
                         WHEN outlet IN (SELECT outlet FROM top) THEN outlet
                         ELSE 'other' END AS shown,
               count(*)
        FROM in_view GROUP BY ALL ORDER BY day, shown
        """,
        [OUTLETS_SHOWN, UNDATED],
    ).fetchall()
    return [DayCount(day, outlet, int(n)) for day, outlet, n in rows]


def _stories_per_day(con: duckdb.DuckDBPyConnection) -> list[tuple[date, int]]:
    rows = con.execute(
        "SELECT day, count(DISTINCT story_id) FROM in_view GROUP BY day ORDER BY day"
    ).fetchall()
    return [(day, int(n)) for day, n in rows]


def _biggest(con: duckdb.DuckDBPyConnection) -> list[StoryRow]:
    """The stories in view with the most copies (all their current copies counted), each
    with its first day published, else (no copy dated) the day it was first seen."""
    rows = con.execute(
        """
        SELECT a.story_id,
               coalesce(any_value(a.title) FILTER (WHERE a.is_canonical), any_value(a.title)),
               count(*) AS copies, list(DISTINCT o.outlet ORDER BY o.outlet),
               coalesce(min(CAST(timezone('UTC', a.published_at) AS DATE)),
                        min(CAST(timezone('UTC', a.first_seen_at) AS DATE))),
               count(a.published_at) > 0,
               any_value(left(a.body, 240)) FILTER (WHERE a.is_canonical)
        FROM articles a JOIN article_outlets o USING (article_id)
        WHERE a.story_id IN (SELECT story_id FROM in_view)
        GROUP BY a.story_id
        ORDER BY copies DESC, count(DISTINCT o.outlet) DESC, a.story_id
        LIMIT ?
        """,
        [ROWS],
    ).fetchall()
    translated = dict(
        con.execute(
            """
            SELECT a.story_id, list(DISTINCT t.translated_language ORDER BY t.translated_language)
            FROM article_translations t JOIN articles a USING (article_id)
            WHERE a.story_id IN (SELECT unnest(?::VARCHAR[]))
            GROUP BY a.story_id
            """,
            [[row[0] for row in rows]],
        ).fetchall()
    )
    return [
        StoryRow(
            sid,
            title or "",
            int(n),
            list(outlets),
            day,
            bool(dated),
            tuple(langs),
            "" if title else _first_words(body or ""),
        )
        for sid, title, n, outlets, day, dated, body in rows
        for langs in [translated.get(sid, ())]
    ]


_LEAD_WORDS = 12


def _first_words(body: str) -> str:
    """The first ``_LEAD_WORDS`` words of a body's first paragraph: what names a story
    that has no title (a text file whose first line is the story's first sentence)."""
    first = body.split("\n", 1)[0].split()
    return " ".join(first[:_LEAD_WORDS])


@dataclass(frozen=True, slots=True)
class _Window:
    """The last day the rising entities count (None: nothing in view), and the dated
    articles left out after it as standing apart (how many, from which day)."""

    until: date | None
    stray: int = 0
    stray_from: date | None = None


# The days the rising entities are counted on: publication days; the days first seen
# only when nothing in view is dated.
_COUNTED_DAYS = """
    SELECT * FROM in_view WHERE dated OR NOT EXISTS (SELECT 1 FROM in_view WHERE dated)
"""


def _rising_window(con: duckdb.DuckDBPyConnection) -> _Window:
    """The window ends on the last day in view, unless the latest articles stand apart
    (``STRAY_GAP_DAYS`` with none before them, and few: ``STRAY_MOST`` and under 1 % of
    the articles counted), as a page misdated years ahead stood in a trial's year of
    archives and left the window nothing else to count. A new source's first day after
    an archive holds more than a few articles, and stays in."""
    days = con.execute(
        f"SELECT day, count(*) FROM ({_COUNTED_DAYS}) GROUP BY day ORDER BY day DESC"
    ).fetchall()
    if not days:
        return _Window(None)
    total = sum(n for _, n in days)
    stray, i = 0, 0
    while True:  # each cluster of days from the latest, split where a long gap lies
        j, size = i, days[i][1]
        while j + 1 < len(days) and (days[j][0] - days[j + 1][0]).days <= STRAY_GAP_DAYS:
            j += 1
            size += days[j][1]
        if j + 1 == len(days) or stray + size > STRAY_MOST or 100 * (stray + size) >= total:
            break
        stray, i = stray + size, j + 1
    return _Window(days[i][0], stray, days[i - 1][0] if stray else None)


def _rising(con: duckdb.DuckDBPyConnection, window: _Window) -> list[Rising]:
    """Per kind, the entities named in the most articles of the ``RISING_DAYS`` days to
    the window's end, with the count of the days before those, most risen first. The
    days are publication days: undated articles (whose day is only when they were loaded)
    count only when nothing in view is dated."""
    rows = con.execute(
        f"""
        WITH counted_days AS ({_COUNTED_DAYS}),
        edge AS (SELECT CAST(? AS DATE) - ? AS recent_from),
        counted AS (
            SELECT m.kind, coalesce(m.canonical, m.entity) AS entity,
                   count(DISTINCT v.article_id) FILTER (
                       WHERE v.day > e.recent_from AND v.day <= e.recent_from + ?
                   ) AS recent,
                   count(DISTINCT v.article_id) FILTER (
                       WHERE v.day <= e.recent_from AND v.day > e.recent_from - ?
                   ) AS before
            FROM mentions m JOIN counted_days v USING (article_id) CROSS JOIN edge e
            WHERE m.method IS DISTINCT FROM 'teaser'
            GROUP BY ALL
        )
        SELECT kind, entity, recent, before FROM counted
        WHERE recent > 0
        QUALIFY row_number() OVER (
            PARTITION BY kind ORDER BY recent - before DESC, recent DESC, entity
        ) <= ?
        ORDER BY kind, recent - before DESC, recent DESC, entity
        """,
        [window.until, RISING_DAYS, RISING_DAYS, RISING_DAYS, 8],
    ).fetchall()
    return [Rising(kind, entity, int(r), int(b)) for kind, entity, r, b in rows]


def _speakers(con: duckdb.DuckDBPyConnection) -> list[SpeakerQuotes]:
    """The speakers quoted most in view, with their longest quote of a readable length; a
    quote counts once a story, however many copies of the story repeat it."""
    rows = con.execute(
        """
        SELECT q.speaker, count(DISTINCT v.story_id || chr(0) || q.text) AS quotes,
               count(DISTINCT v.story_id),
               arg_max(q.text, CASE WHEN length(q.text) <= 240 THEN length(q.text) ELSE 0 END)
        FROM quotes q JOIN in_view v USING (article_id)
        WHERE q.speaker IS NOT NULL
        GROUP BY q.speaker
        ORDER BY quotes DESC, q.speaker
        LIMIT ?
        """,
        [ROWS],
    ).fetchall()
    return [SpeakerQuotes(s, int(n), int(k), text) for s, n, k, text in rows]
