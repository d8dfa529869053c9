"""What runs and users read from a warehouse (current versions, story candidates, fetch
validators, archived responses, a run's errors)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

import pyarrow as pa

from newsroom.dedup import FIRM_DATE_CONFIDENCE, Candidate, Link, NewArticle
from newsroom.errors import WarehouseError
from newsroom.records import (
    ArchivedResponse,
    Article,
    FileVersion,
    LoadResult,
    Rejection,
    RunRecord,
)
from newsroom.report import ReportData
from newsroom.search_query import Node
from newsroom.topics import Topic
from newsroom.warehouse.arrow import registered, strings
from newsroom.warehouse.connection import Connection
from newsroom.warehouse.report import read_report
from newsroom.warehouse.search import Filters, StoryHit, search

# The documents whose last attempt failed (``failing``): no version loaded since, not
# found gone from its folder since (``gone_files``: nothing is left to mend), no fetch of
# a later run answered 200 or 304 (``url_state``: a page whose text had not changed
# answers again), and no later run read it as a feed or sitemap it was given (a
# run's ``parameters``; feed and sitemap fetches are not in ``url_state``, and one that
# failed again would be the last error). A run's rows are stamped with its start and its
# fetches come after, so "later" is after the error's run finished: a page that answered
# 200 and then held no article failed in that same run.
_FAILING = """
    WITH last AS (
        SELECT * FROM ingest_errors
        QUALIFY row_number() OVER (PARTITION BY source_uri ORDER BY "at" DESC) = 1
    ),
    failing AS (
        SELECT e.* FROM last e LEFT JOIN runs r USING (run_id)
        WHERE NOT EXISTS (
            SELECT 1 FROM article_versions v
            WHERE v.source_uri = e.source_uri AND v.superseded_at IS NULL
              AND v.first_seen_at > e."at"
        )
        AND NOT EXISTS (SELECT 1 FROM gone_files g WHERE g.source_uri = e.source_uri)
        AND NOT EXISTS (
            SELECT 1 FROM url_state u
            WHERE u.url = e.source_uri AND u.last_status IN (200, 304)
              AND u.last_fetched_at > coalesce(r.finished_at, e."at")
        )
        AND NOT (e.stage = 'discover' AND EXISTS (
            SELECT 1 FROM runs later
            WHERE later.finished_at > coalesce(r.finished_at, e."at")
              AND list_contains(
                  list_concat(
                      json_extract_string(later.parameters, '$.feeds[*]'),
                      json_extract_string(later.parameters, '$.sitemaps[*]')
                  ),
                  e.source_uri
              )
        ))
    )
"""
# The same, read from a warehouse no run of this version has migrated yet (no
# ``gone_files``: migration 021), which the commands that only read it may open.
_FAILING_BEFORE_021 = _FAILING.replace(
    "AND NOT EXISTS (SELECT 1 FROM gone_files g WHERE g.source_uri = e.source_uri)", ""
)


# A web page's failures that asking again does not mend: refused by robots.txt or by the
# fetch's own rules (a type it does not read, too large, a blocked address), or read and
# found to hold no article. (Timeouts, 5xx answers, connection and DNS errors pass.)
LASTING_FAILURES = (
    "robots_disallowed",
    "unsupported_content_type",
    "too_large",
    "blocked_address",
    "unsupported_scheme",
    "bad_url",
    "binary_file",
    "undecodable",
    "no_article_text",
    "listing_page",
    "too_long",
)

# The answers of a page that is gone, as a fetch's ``http_status`` failure words them.
GONE = ("HTTP 404", "HTTP 410")
# How long such a failure keeps a page from being asked for again.
LASTING_FAILURE_DAYS = 7


def is_lasting(error: str, detail: str) -> bool:
    """Whether a failure is one asking again does not mend (``LASTING_FAILURES``, or a
    page gone), as ``Warehouse.lasting_failures`` reads the recorded ones."""
    return error in LASTING_FAILURES or (error == "http_status" and detail in GONE)


# What the cleaner reads of a document's text, beyond its bytes: a file whose bytes change
# while these stay the same (other line endings, another encoding) is no new version.
TEXT_FIELDS = ("title", "body", "dateline", "credits", "authors", "description", "published_at")


def text_of(
    title: str,
    body: str,
    dateline: str | None,
    credits: Sequence[str] | None,
    authors: Sequence[str] | None,
    description: str | None,
    published_at: datetime | None,
) -> tuple[Any, ...]:
    """``TEXT_FIELDS`` as one value to compare, the same from an article or a row."""
    published = published_at.timestamp() if published_at is not None else None
    return (
        title,
        body,
        dateline,
        tuple(credits or ()),
        tuple(authors or ()),
        description,
        published,
    )


class Warehouse(Connection):
    """A warehouse to read, and to load a whole run into (``load``: the run protocol of
    ``newsroom.warehouse.runs``, as every run uses it)."""

    # -- reads --------------------------------------------------------------------------

    def current_versions(self, uris: Sequence[str]) -> dict[str, FileVersion]:
        """source_uri → hash, size and mtime of its last version, for the given URIs: its
        current loaded version, or what it was when it last failed a stage when that
        came later (``failed``)."""
        if not uris or not self.exists():
            return {}
        with self.connect() as con, registered(con, "asked_uris", strings(uris)):
            self._migrate(con)
            rows = con.execute(
                """
                SELECT source_uri, raw_sha256, raw_size, raw_mtime, failed FROM (
                    SELECT source_uri, raw_sha256, raw_size, raw_mtime,
                           first_seen_at AS seen, false AS failed
                    FROM article_versions
                    WHERE superseded_at IS NULL
                      AND source_uri IN (SELECT value FROM asked_uris)
                    UNION ALL
                    SELECT source_uri, raw_sha256, raw_size, raw_mtime, "at", true
                    FROM ingest_errors
                    WHERE raw_size IS NOT NULL AND source_uri IN (SELECT value FROM asked_uris)
                )
                QUALIFY row_number() OVER (PARTITION BY source_uri ORDER BY seen DESC) = 1
                """
            ).fetchall()
        return {
            uri: FileVersion(sha or "", size, mtime, failed)
            for uri, sha, size, mtime, failed in rows
        }

    def files_under(self, prefixes: Sequence[str]) -> tuple[list[str], list[str]]:
        """Of the documents whose URI starts with one of ``prefixes`` (the URIs of the
        folders a run walks, each ending in "/"): those read before and not found gone
        since (a current article, or a failure waiting to be mended: ``failing``; not a
        path or pattern that named nothing, which no folder held), and those found gone
        (``gone_files``)."""
        if not prefixes or not self.exists():
            return [], []
        with self.connect() as con, registered(con, "walked", strings(prefixes)):
            self._migrate(con)
            rows = con.execute(
                f"""
                {_FAILING}
                SELECT source_uri, bool_or(gone) FROM (
                    SELECT source_uri, false AS gone FROM article_versions
                    WHERE superseded_at IS NULL
                    UNION ALL SELECT source_uri, false FROM failing
                    WHERE NOT (stage = 'discover' AND error = 'missing')
                    UNION ALL SELECT source_uri, true FROM gone_files
                )
                WHERE EXISTS (SELECT 1 FROM walked WHERE starts_with(source_uri, value))
                GROUP BY source_uri ORDER BY source_uri
                """
            ).fetchall()
        return [uri for uri, gone in rows if not gone], [uri for uri, gone in rows if gone]

    def current_texts(self, uris: Sequence[str]) -> dict[str, tuple[Any, ...]]:
        """source_uri → what the cleaner read of its current version's text (``TEXT_FIELDS``
        in that order), for the given URIs that have one."""
        if not uris or not self.exists():
            return {}
        with self.connect() as con, registered(con, "asked_texts", strings(uris)):
            self._migrate(con)
            rows = con.execute(
                f"SELECT source_uri, {', '.join(TEXT_FIELDS)} FROM article_versions"
                " WHERE superseded_at IS NULL AND source_uri IN (SELECT value FROM asked_texts)"
            ).fetchall()
        return {uri: text_of(*fields) for uri, *fields in rows}

    def failure_signatures(self, uris: Iterable[str]) -> dict[tuple[str, str, str], str]:
        """For those of ``uris`` whose last record is a failure with the file's bytes, the
        (raw_sha256, stage, error) of that failure, and the uri: what a failing file moved
        to another path fails with again."""
        asked = sorted(set(uris))
        if not asked or not self.exists():
            return {}
        with self.connect() as con, registered(con, "asked_uris", strings(asked)):
            self._migrate(con)
            rows = con.execute(
                """
                SELECT e.raw_sha256, e.stage, e.error, e.source_uri FROM ingest_errors e
                WHERE e.source_uri IN (SELECT value FROM asked_uris)
                  AND e.raw_sha256 IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM article_versions v
                                  WHERE v.source_uri = e.source_uri AND v.superseded_at IS NULL)
                QUALIFY row_number() OVER (PARTITION BY e.source_uri ORDER BY e."at" DESC) = 1
                ORDER BY e.source_uri
                """
            ).fetchall()
        return {(sha, stage, error): uri for sha, stage, error, uri in rows}

    def failing_of(self, uris: Iterable[str]) -> set[tuple[str, str, str]]:
        """The (source_uri, stage, error) of those of ``uris`` still ``failing``: a run's
        failure found among them failed the same way before (a folder that loops back to
        one that contains it; an archived page that still yields no article), and is
        counted failed before, not failed anew."""
        asked = sorted(set(uris))
        if not asked or not self.exists():
            return set()
        with self.connect() as con, registered(con, "asked_uris", strings(asked)):
            self._migrate(con)
            rows = con.execute(
                f"{_FAILING} SELECT source_uri, stage, error FROM failing"
                " WHERE source_uri IN (SELECT value FROM asked_uris)"
            ).fetchall()
        return {(uri, stage, error) for uri, stage, error in rows}

    def story_dates(self, story_ids: Iterable[str]) -> dict[str, list[date]]:
        """The days the current articles of each story were published, where known."""
        ids = sorted(set(story_ids))
        if not ids or not self.exists():
            return {}
        with self.connect() as con, registered(con, "dated_stories", strings(ids, "story_id")):
            self._migrate(con)
            rows = con.execute(
                "SELECT story_id, CAST(published_at AS DATE) FROM articles"
                " WHERE story_id IN (SELECT story_id FROM dated_stories)"
                " AND published_at IS NOT NULL"
            ).fetchall()
        found: dict[str, list[date]] = {}
        for story, day in rows:
            found.setdefault(story, []).append(day)
        return found

    def story_candidates(self, new: Sequence[NewArticle], limit: int) -> list[Candidate]:
        """Loaded articles that share an LSH band key or the exact text with each new one.

        At most ``limit`` per new article, in order: those sharing the most bands first; a
        document's own current version is always among them (``earlier_version``), so a
        new version still like it keeps its story. ``seen_at`` is the publication date,
        None when unknown (the load time is no date of the story); ``firm_date`` whether
        its evidence is firm (``FIRM_DATE_CONFIDENCE``).
        """
        if not new or not self.exists():
            return []
        keys = pa.table(
            {
                "source_uri": [a.source_uri for a in new for _ in a.band_keys],
                "band_key": pa.array([k for a in new for k in a.band_keys], pa.int64()),
            }
        )
        hashes = pa.table(
            {
                "source_uri": [a.source_uri for a in new],
                "content_sha256": [a.content_sha256 for a in new],
            }
        )
        with self.connect() as con:
            self._migrate(con)
            con.register("new_keys", keys)
            con.register("new_hashes", hashes)
            rows = con.execute(
                """
                WITH shared AS (
                    SELECT n.source_uri AS for_uri, b.article_id, count(*) AS shared
                    FROM new_keys n JOIN article_bands b USING (band_key)
                    GROUP BY ALL
                    UNION ALL
                    SELECT n.source_uri, a.article_id, 1000000
                    FROM new_hashes n JOIN articles a USING (content_sha256)
                    UNION ALL
                    SELECT n.source_uri, a.article_id, 2000000
                    FROM new_hashes n JOIN articles a USING (source_uri)
                ),
                best AS (
                    SELECT for_uri, article_id, max(shared) AS shared
                    FROM shared GROUP BY ALL
                ),
                picked AS (
                    SELECT best.for_uri, best.shared, a.article_id, a.story_id, a.body,
                           a.content_sha256, a.raw_sha256,
                           a.published_at AS seen_at, a.source_uri = best.for_uri AS earlier,
                           coalesce((
                               SELECT max(f.confidence) FROM article_fields f
                               WHERE f.article_id = a.article_id AND f.field = 'published_at'
                           ), 1) >= ? AS firm_date
                    FROM best JOIN articles a USING (article_id)
                    QUALIFY row_number() OVER (
                        PARTITION BY best.for_uri ORDER BY best.shared DESC, a.article_id
                    ) <= ?
                ),
                story_start AS (
                    SELECT story_id, min(first_seen_at) AS first_seen
                    FROM articles WHERE story_id IN (SELECT story_id FROM picked)
                    GROUP BY story_id
                )
                SELECT p.for_uri, p.article_id, p.story_id, p.body, p.content_sha256,
                       p.seen_at, s.first_seen, p.earlier, p.firm_date, p.raw_sha256
                FROM picked p JOIN story_start s USING (story_id)
                -- most shared first: a story is verified against a few members only
                ORDER BY p.for_uri, p.shared DESC, p.article_id
                """,
                [FIRM_DATE_CONFIDENCE, limit],
            ).fetchall()
        return [Candidate(*row) for row in rows]

    def url_validators(self, urls: Sequence[str]) -> dict[str, tuple[str | None, str | None]]:
        """url → (ETag, Last-Modified) from its last fetch, for conditional GET, for the
        URLs whose last fetch became an article: a page that gave none is fetched whole
        and read again (a 304 for it would count it unchanged, as if it had one)."""
        rows = self._url_state(
            urls,
            "etag, last_modified",
            "(etag IS NOT NULL OR last_modified IS NOT NULL) AND document_uri IS NOT NULL",
        )
        return {url: (etag, modified) for url, etag, modified in rows}

    def lasting_failures(self, urls: Sequence[str]) -> dict[str, datetime]:
        """url → when it failed, for the URLs whose last attempt failed in a way that
        asking again does not mend (``LASTING_FAILURES``, a 404 or 410) in the last
        ``LASTING_FAILURE_DAYS``, with nothing loaded since: what a run does not ask for
        again unless told to, or unless its sitemap says the page changed since. (A page
        gone for a moment, or that holds an article later, is asked for again a week on.)"""
        if not urls or not self.exists():
            return {}
        with self.connect() as con, registered(con, "asked_urls", strings(urls)):
            self._migrate(con)
            rows = con.execute(
                f'{_FAILING} SELECT source_uri, "at" FROM failing'
                " WHERE source_uri IN (SELECT value FROM asked_urls)"
                " AND (error IN (SELECT unnest(?::VARCHAR[]))"
                " OR (error = 'http_status' AND detail IN (SELECT unnest(?::VARCHAR[]))))"
                ' AND "at" >= now() - to_days(?)',
                [list(LASTING_FAILURES), list(GONE), LASTING_FAILURE_DAYS],
            ).fetchall()
        return {url: when for url, when in rows}

    def last_fetched(self, urls: Sequence[str]) -> dict[str, datetime]:
        """url → when it was last fetched, for the URLs whose last fetch became an
        article (200, or 304 for one): their page need not be fetched again when it has
        not changed since (a sitemap's ``<lastmod>``)."""
        rows = self._url_state(
            urls,
            "last_fetched_at",
            "last_status IN (200, 304) AND document_uri IS NOT NULL"
            " AND last_fetched_at IS NOT NULL",
        )
        return {url: when for url, when in rows}

    def _url_state(self, urls: Sequence[str], columns: str, where: str) -> list[tuple[Any, ...]]:
        """(url, *columns*) of the URLs of *urls* whose ``url_state`` row meets *where*."""
        if not urls or not self.exists():
            return []
        with self.connect() as con, registered(con, "asked_urls", strings(urls)):
            self._migrate(con)
            rows: list[tuple[Any, ...]] = con.execute(
                f"SELECT url, {columns} FROM url_state"
                f" WHERE url IN (SELECT value FROM asked_urls) AND ({where})"
            ).fetchall()
        return rows

    def archived_responses(self) -> list[ArchivedResponse]:
        """The latest archived 200 response of every URL, for re-extraction."""
        if not self.exists():
            return []
        with self.connect() as con:
            self._migrate(con)
            rows = con.execute(
                """
                SELECT url, final_url, document_uri, status, headers, content_type, charset,
                       body_gzip, redirects, attempts, elapsed_ms, fetched_at
                FROM http_responses WHERE status = 200
                QUALIFY row_number() OVER (PARTITION BY url ORDER BY fetched_at DESC) = 1
                ORDER BY url
                """
            ).fetchall()
        return [
            ArchivedResponse(
                url=r[0],
                final_url=r[1],
                document_uri=r[2],
                status=r[3],
                headers=tuple((k, v) for k, v in json.loads(r[4])),
                content_type=r[5],
                charset=r[6],
                content=gzip.decompress(r[7]),
                redirects=tuple(r[8]),
                attempts=r[9],
                elapsed=r[10] / 1000,
                fetched_at=r[11],
            )
            for r in rows
        ]

    def runs_matching(self, prefix: str, limit: int = 5) -> list[str]:
        """Run ids that start with ``prefix`` (a whole id, or the start of one), newest
        first; at most ``limit``."""
        rows = self.query(
            "SELECT run_id FROM runs WHERE starts_with(run_id, ?)"
            " ORDER BY finished_at DESC LIMIT ?",
            [prefix.strip().lower(), limit],
        )
        return [str(r[0]) for r in rows]

    def story_titles(self, story_ids: Sequence[str]) -> dict[str, str]:
        """The title of each story (its canonical article's, as ``stories`` has it)."""
        if not story_ids:
            return {}
        rows = self.query(
            "SELECT story_id, title FROM stories WHERE list_contains(?, story_id)",
            [list(story_ids)],
        )
        return {str(story): str(title) for story, title in rows}

    def run_info(self, run_id: str) -> tuple[str, datetime | None, dict[str, Any]]:
        """(flow, finished_at, parameters) of a run; ("", None, {}) when it has no row."""
        rows = self.query(
            "SELECT flow, finished_at, parameters FROM runs WHERE run_id = ?", [run_id]
        )
        if not rows:
            return "", None, {}
        flow, finished, parameters = rows[0]
        try:
            given = json.loads(parameters) if parameters else {}
        except ValueError:
            given = {}
        return str(flow), finished, given if isinstance(given, dict) else {}

    def run_figures(self, run_id: str) -> dict[str, int] | None:
        """A finished run's counts as ``runs`` recorded them (new, changed, unchanged,
        failed), or None when no finished run has that id."""
        rows = self.query(
            "SELECT new, changed, unchanged, failed FROM runs"
            " WHERE run_id = ? AND finished_at IS NOT NULL",
            [run_id],
        )
        if not rows:
            return None
        return dict(zip(("new", "changed", "unchanged", "failed"), map(int, rows[0]), strict=True))

    def last_run(self) -> str | None:
        """The id of the run that finished last, or None before the first."""
        rows = self.query("SELECT run_id FROM runs ORDER BY finished_at DESC LIMIT 1")
        return str(rows[0][0]) if rows else None

    def failing(self, limit: int | None = 20) -> list[tuple[str, Rejection]]:
        """(run id, failure) of the documents whose last attempt failed, in whatever run,
        with no version loaded since and no later fetch answered (``_FAILING``): what a
        run does not read again while they are unchanged. ``limit`` None: all of them."""
        rows = self.query(
            f"{self._failing()} SELECT run_id, source_uri, stage, error, detail FROM failing"
            " ORDER BY source_uri LIMIT ?",
            [limit],
        )
        return [
            (str(run), Rejection(uri, stage, error, detail))
            for run, uri, stage, error, detail in rows
        ]

    def failing_count(self) -> int:
        """How many documents ``failing`` would list, all of them."""
        rows = self.query(f"{self._failing()} SELECT count(*) FROM failing")
        return int(rows[0][0])

    def _failing(self) -> str:
        """``_FAILING``, as this warehouse's schema can read it: a warehouse that only
        commands which read it have opened since this version came may be without
        ``gone_files`` (no run has migrated it yet)."""
        found = self.query("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'gone_files'")
        return _FAILING if found[0][0] else _FAILING_BEFORE_021

    def run_errors(self, run_id: str, limit: int | None = 20) -> list[Rejection]:
        """The failures a run recorded, in the order it met them; ``limit`` None: all."""
        rows = self.query(
            "SELECT source_uri, stage, error, detail FROM ingest_errors"
            ' WHERE run_id = ? ORDER BY "at", source_uri LIMIT ?',
            [run_id, limit],
        )
        return [Rejection(uri, stage, error, detail) for uri, stage, error, detail in rows]

    def search(
        self, query: str | Node, filters: Filters | None = None, limit: int = 20
    ) -> list[StoryHit]:
        """Stories matching ``query``, best first (``newsroom.warehouse.search``)."""
        filters = filters or Filters()
        if not self.exists():
            raise WarehouseError(f"no warehouse at {self.backend}")
        with self.connect(read_only=True) as con:
            return search(con, query, filters, limit)

    def report(
        self, topic: Topic | None = None, since: date | None = None, until: date | None = None
    ) -> ReportData:
        """What ``newsroom report`` draws (``newsroom.warehouse.report``)."""
        if not self.exists():
            raise WarehouseError(f"no warehouse at {self.backend}")
        with self.connect(read_only=True) as con:
            return read_report(con, topic, since, until)

    # -- the load -----------------------------------------------------------------------

    def load(
        self,
        run: RunRecord,
        articles: Iterable[Article],
        rejections: Iterable[Rejection],
        *,
        links: Iterable[Link] = (),
        responses: Iterable[ArchivedResponse] = (),
        unchanged_before: int = 0,
    ) -> LoadResult:
        """Load one run whole, the way every run loads: into the store's working file or
        the lake's transaction, then published. Idempotent: unchanged documents add nothing.

        A document whose bytes changed since its current version is loaded as a new
        version; the old one stays, marked superseded. Within each story the canonical
        row is the one first seen (then by source URI and version). ``unchanged_before``
        counts documents the caller already found unchanged and did not pass in. Another
        run writing makes it wait up to ``busy_timeout`` seconds, then ``WarehouseBusy``.
        """
        from newsroom.warehouse.runs import store_for

        with store_for(self.backend).begin(run, lock_timeout=self.busy_timeout) as writer:
            writer.load(list(articles), links, responses)
            return writer.commit(rejections, unchanged_before)
