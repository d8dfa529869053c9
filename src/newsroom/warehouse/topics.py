"""Topics updated as a run publishes (``newsroom.topics``): rows of ``topic_stats``,
``topic_stories`` and ``topic_entities``, inside the run's transaction, after the search
index is built again (a topic is a search)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple
from datetime import UTC, datetime
from typing import Any

import duckdb

from newsroom.search_query import parse
from newsroom.topics import (
    SPIKE_WINDOW,
    Topic,
    TopicEntity,
    TopicStory,
    TopicUpdate,
    judge_spike,
)
from newsroom.warehouse.search import Filters, matching_articles_sql

BEGINNING = datetime(1970, 1, 1, tzinfo=UTC)  # the start of a topic's first period
STORIES_KEPT = 100  # rows of topic_stories per update (the counts are of all of them)
ENTITIES_KEPT = 10  # rows of topic_entities per kind and update


def update_topics(
    con: duckdb.DuckDBPyConnection, topics: Sequence[Topic], run_id: str, at: datetime
) -> list[TopicUpdate]:
    """Every topic's update for the run at ``at``, stored; the caller's transaction."""
    return [_update(con, topic, run_id, at) for topic in topics]


def _update(con: duckdb.DuckDBPyConnection, topic: Topic, run_id: str, at: datetime) -> TopicUpdate:
    previous = con.execute(
        'SELECT "at", since, stories FROM topic_stats WHERE topic = ? ORDER BY "at" DESC LIMIT 1',
        [topic.name],
    ).fetchone()
    since, before = (previous[0], previous[1]) if previous else (None, None)
    # What a spike is measured against (newsroom.topics): the topic's last updates, a run
    # that loaded nothing counting as zero new stories; not its first update when that
    # found stories and earlier runs had loaded articles: a backlog, in no one period
    recent = [
        int(r[0])
        for r in con.execute(
            "SELECT t.new_stories FROM topic_stats t"
            " WHERE t.topic = ? AND (t.since IS NOT NULL OR t.stories = 0 OR NOT EXISTS ("
            '   SELECT 1 FROM runs r WHERE r.finished_at < t."at" AND r.new + r.changed > 0'
            ' )) ORDER BY t."at" DESC LIMIT ?',
            [topic.name, SPIKE_WINDOW],
        ).fetchall()
    ]
    _match(con, topic)
    start = since or BEGINNING
    changes, new_stories, grown = _stories(con, start)
    totals = con.execute(
        "SELECT count(*), count(DISTINCT story_id), count(*) FILTER (WHERE seen > ?)"
        " FROM topic_matched",
        [start],
    ).fetchone()
    articles, stories, new_articles = totals or (0, 0, 0)
    spike = judge_spike(
        topic,
        new_stories,
        recent,
        first_update=previous is None,
        had_stories=bool(previous and previous[2]),
    )
    update = TopicUpdate(
        topic=topic.name,
        query=topic.query,
        run_id=run_id,
        at=at,
        since=since,
        articles=articles,
        stories=stories,
        new_articles=new_articles,
        new_stories=new_stories,
        grown_stories=grown,
        recent_average=spike.average,
        spiked=spike.spiked,
        changes=tuple(changes),
        entities=tuple(_entities(con, start, before or BEGINNING)),
        spike_rule=spike.rule,
        spike_reason=spike.reason,
    )
    _store(con, update)
    con.execute("DROP TABLE topic_matched")
    return update


def _match(con: duckdb.DuckDBPyConnection, topic: Topic) -> None:
    """The topic's current articles, in the temporary table ``topic_matched``."""
    params: list[Any] = []
    filters = Filters(people=topic.people, orgs=topic.orgs, places=topic.places)
    matched = matching_articles_sql(con, parse(topic.query), filters, params)
    con.execute(f"CREATE OR REPLACE TEMP TABLE topic_matched AS {matched}", params)


def _stories(con: duckdb.DuckDBPyConnection, start: datetime) -> tuple[list[TopicStory], int, int]:
    """The topic's stories that are new or gained copies since ``start`` (the first
    ``STORIES_KEPT``, new ones first, then the most copies), and how many of each."""
    rows = con.execute(
        """
        WITH matched AS (
            SELECT a.story_id, a.title, a.is_canonical, a.article_id, a.document_id
            FROM articles a
            WHERE a.story_id IN (SELECT story_id FROM topic_matched)
        ),
        -- when each document was first seen, whatever version is current: a new version
        -- of an article (an edit) is neither a new story nor an added copy
        document AS (
            SELECT document_id, min(first_seen_at) AS first_seen
            FROM article_versions
            WHERE document_id IN (SELECT document_id FROM matched)
            GROUP BY document_id
        ),
        story AS (
            SELECT m.story_id,
                   coalesce(any_value(m.title) FILTER (WHERE m.is_canonical), '') AS title,
                   min(d.first_seen) AS first_seen,
                   count(*) AS copies,
                   count(*) FILTER (WHERE d.first_seen > $start) AS copies_added,
                   list(DISTINCT o.outlet ORDER BY o.outlet) AS outlets,
                   coalesce(list(DISTINCT o.outlet) FILTER (WHERE d.first_seen <= $start),
                            []) AS outlets_before
            FROM matched m JOIN document d USING (document_id)
            JOIN article_outlets o USING (article_id)
            GROUP BY m.story_id
        )
        SELECT story_id, title, CASE WHEN first_seen > $start THEN 'new' ELSE 'grown' END,
               copies, copies_added, outlets,
               list_filter(outlets, x -> NOT list_contains(outlets_before, x))
        FROM story WHERE copies_added > 0
        ORDER BY first_seen > $start DESC, copies DESC, story_id
        """,
        {"start": start},
    ).fetchall()
    changes = [TopicStory(r[0], r[1], r[2], r[3], r[4], tuple(r[5]), tuple(r[6])) for r in rows]
    new = sum(1 for c in changes if c.change == "new")
    return changes[:STORIES_KEPT], new, len(changes) - new


def _entities(
    con: duckdb.DuckDBPyConnection, start: datetime, before: datetime
) -> list[TopicEntity]:
    """The most mentioned and quoted people, organisations and places of the topic's
    articles since ``start``, with the same counts for the period from ``before``."""
    rows = con.execute(
        """
        WITH period AS (
            SELECT article_id,
                   CASE WHEN seen > $start THEN 'now' WHEN seen > $before THEN 'before' END
                   AS period
            FROM topic_matched
        ),
        named AS (
            SELECT m.kind, coalesce(m.canonical, m.entity) AS entity,
                   count(DISTINCT m.article_id) FILTER (WHERE p.period = 'now') AS mentions,
                   count(DISTINCT m.article_id) FILTER (WHERE p.period = 'before') AS earlier
            FROM mentions m JOIN period p USING (article_id)
            WHERE p.period IS NOT NULL AND m.method IS DISTINCT FROM 'teaser'
            GROUP BY ALL
        ),
        quoted AS (
            SELECT q.speaker AS entity,
                   count(*) FILTER (WHERE p.period = 'now') AS quotes,
                   count(*) FILTER (WHERE p.period = 'before') AS quotes_before
            FROM quotes q JOIN period p USING (article_id)
            WHERE p.period IS NOT NULL AND q.speaker IS NOT NULL
            GROUP BY ALL
        )
        SELECT n.kind, n.entity, n.mentions, n.earlier,
               coalesce(q.quotes, 0), coalesce(q.quotes_before, 0)
        FROM named n LEFT JOIN quoted q USING (entity)
        WHERE n.mentions + coalesce(q.quotes, 0) > 0
        QUALIFY row_number() OVER (
            PARTITION BY n.kind ORDER BY n.mentions + coalesce(q.quotes, 0) DESC, n.entity
        ) <= $kept
        ORDER BY n.kind, n.mentions + coalesce(q.quotes, 0) DESC, n.entity
        """,
        {"start": start, "before": before, "kept": ENTITIES_KEPT},
    ).fetchall()
    return [TopicEntity(*row) for row in rows]


def _store(con: duckdb.DuckDBPyConnection, u: TopicUpdate) -> None:
    con.execute(
        'INSERT INTO topic_stats (topic, run_id, "at", since, query, articles, stories,'
        " new_articles, new_stories, grown_stories, recent_average, spiked, spike_rule,"
        " spike_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            u.topic,
            u.run_id,
            u.at,
            u.since,
            u.query,
            u.articles,
            u.stories,
            u.new_articles,
            u.new_stories,
            u.grown_stories,
            u.recent_average,
            u.spiked,
            u.spike_rule,
            u.spike_reason or None,
        ],
    )
    if u.changes:
        con.executemany(
            "INSERT INTO topic_stories VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                [
                    *(u.topic, u.run_id, s.story_id, s.title, s.change, s.copies),
                    *(s.copies_added, list(s.outlets), list(s.outlets_added)),
                ]
                for s in u.changes
            ],
        )
    if u.entities:
        con.executemany(
            "INSERT INTO topic_entities VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [[u.topic, u.run_id, *astuple(e)] for e in u.entities],
        )
