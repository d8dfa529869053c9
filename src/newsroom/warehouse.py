"""The DuckDB warehouse: the only module that speaks SQL.

Schema changes are numbered SQL files (``warehouse/migrations/NNN_name.sql``) applied in
order, each in its own transaction, and recorded in ``schema_migrations``.

``Warehouse.load`` is one transaction: the run's row, its new article versions, the
superseded marks on old versions, the canonical flags and its ``ingest_errors`` rows all
commit together or not at all. Flows load big runs a chunk at a time with a
``RunWriter`` into a private working file, and publish it whole (see below), so a run
killed half way leaves the warehouse users read as it was.

Connections are held only as long as one operation needs them: DuckDB lets one process
open a file for writing and no other process open it at all meanwhile. A file held by
another process is retried with backoff, then reported as ``WarehouseBusy``.

The warehouse is a DuckDB file by default, or a DuckLake (catalog in SQLite or
PostgreSQL, data in Parquet files) chosen by its URL; ``newsroom.backends`` opens either
so that the same SQL runs on both, and says what DuckLake lacks.
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import json
import logging
import os
import random
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from itertools import chain, islice
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import numpy as np
import pyarrow as pa

from newsroom.backends import Backend, file_lock, foreign_file_problem, is_conflict, parse
from newsroom.dedup import Candidate, Link, NewArticle, band_keys, story_id_for
from newsroom.errors import DiskFull, WarehouseBusy, WarehouseConflict, WarehouseError
from newsroom.records import (
    ArchivedResponse,
    Article,
    FileVersion,
    LoadResult,
    Rejection,
    utcnow,
)

DEFAULT_PATH = Path("warehouse") / "newsroom.duckdb"
_CHUNK = 2000
_BODY_CHUNK = 10_000
_TIMESTAMP = pa.timestamp("us", tz="UTC")
T = TypeVar("T")


def _migrations_dir() -> Path:
    """Migration files: packaged with the wheel, or beside the source in a checkout."""
    packaged = Path(str(resources.files("newsroom"))) / "_sql" / "migrations"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "warehouse" / "migrations"


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration, in order."""
    found = []
    for path in sorted(_migrations_dir().glob("[0-9][0-9][0-9]_*.sql")):
        found.append((int(path.name[:3]), path.stem, path.read_text(encoding="utf-8")))
    if not found:
        raise WarehouseError(f"no migration files found in {_migrations_dir()}")
    return found


@dataclass(frozen=True, slots=True)
class RunRecord:
    """A run as the warehouse records it."""

    run_id: str
    flow: str
    started_at: datetime
    seen: int
    parameters: dict[str, Any] = field(default_factory=dict)


def _chunks(items: Iterable[T], size: int = _CHUNK) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Warehouse:
    """A warehouse: a DuckDB file (a path or ``duckdb:PATH``) or a DuckLake
    (``ducklake:sqlite:CATALOG`` or ``ducklake:postgres:CONNINFO``; see
    ``newsroom.backends``)."""

    def __init__(
        self, path: str | Path | Backend = DEFAULT_PATH, *, busy_timeout: float = 60.0
    ) -> None:
        self.backend = parse(path)
        self.path = Path(self.backend.target)  # the file (or SQLite catalog) on disk
        self.busy_timeout = busy_timeout
        self._bound: duckdb.DuckDBPyConnection | None = None  # see RunWriter.warehouse

    def __repr__(self) -> str:
        return f"Warehouse({str(self.backend)!r})"

    def exists(self) -> bool:
        """Whether there is a warehouse to read (no file yet: nothing loaded)."""
        return self.backend.exists()

    @contextmanager
    def connect(self, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """Open the warehouse briefly, waiting with backoff while another process holds it."""
        if self._bound is not None:  # inside a run's transaction: reads see its chunks
            yield self._bound
            return
        deadline = time.monotonic() + self.busy_timeout
        delay = 0.05
        while True:
            try:
                con = self.backend.connect(read_only=read_only)
                break
            except duckdb.Error as exc:
                if not self.backend.is_busy(exc):
                    raise WarehouseError(f"cannot open {self.backend}: {exc}") from exc
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"{self.backend} is held by another process (a SQL client or a run); "
                        f"waited {self.busy_timeout:.0f} s"
                    ) from exc
                time.sleep(delay * (1 + random.random()))
                delay = min(delay * 2, 2.0)
        try:
            yield con
        finally:
            con.close()

    # -- schema -------------------------------------------------------------------------

    def migrate(self) -> int:
        """Apply pending migrations; return the schema version."""
        with self.connect() as con:
            return self._migrate(con)

    def _migrate(self, con: duckdb.DuckDBPyConnection) -> int:
        if self._bound is not None:
            return 0  # migrated before the run's transaction began
        attempts = 0
        while True:
            try:
                return self._apply_migrations(con)
            except (duckdb.Error, WarehouseError) as exc:
                # Two processes creating one new lake: one commits each step, the
                # other's commit conflicts; it reads what was applied and goes on.
                if not (self.backend.is_lake and is_conflict(exc)) or attempts >= 10:
                    raise
                attempts += 1
                time.sleep(0.05 * attempts * (1 + random.random()))

    def _apply_migrations(self, con: duckdb.DuckDBPyConnection) -> int:
        adapt = self.backend.adapt_migration  # DuckLake refuses keys and CHECKs
        con.execute(
            adapt(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
                " name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
            )
        )
        applied = {
            row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()
        }
        version = max(applied, default=0)
        for number, name, sql in migrations():
            if number in applied:
                continue
            con.execute("BEGIN TRANSACTION")
            try:
                if con.execute(
                    "SELECT 1 FROM schema_migrations WHERE version = ?", [number]
                ).fetchall():  # another process applied it meanwhile (a new lake)
                    con.execute("COMMIT")
                    version = number
                    continue
                con.execute(adapt(sql))
                if number in _AFTER_MIGRATION:
                    _AFTER_MIGRATION[number](con)
                con.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)", [number, name, utcnow()]
                )
                con.execute("COMMIT")
            except duckdb.Error as exc:
                with suppress(duckdb.Error):  # a failed COMMIT has rolled back already
                    con.execute("ROLLBACK")
                raise WarehouseError(f"migration {name} failed: {exc}") from exc
            version = number
        return version

    # -- reads --------------------------------------------------------------------------

    def current_versions(self, uris: Sequence[str]) -> dict[str, FileVersion]:
        """source_uri → hash, size and mtime of its current version, for the given URIs."""
        if not uris or not self.exists():
            return {}
        with self.connect() as con:
            self._migrate(con)
            rows = con.execute(
                "SELECT source_uri, raw_sha256, raw_size, raw_mtime FROM article_versions"
                " WHERE superseded_at IS NULL AND source_uri IN (SELECT unnest(?))",
                [list(uris)],
            ).fetchall()
        return {uri: FileVersion(sha, size, mtime) for uri, sha, size, mtime in rows}

    def story_candidates(self, new: Sequence[NewArticle], limit: int) -> list[Candidate]:
        """Loaded articles that share an LSH band key or the exact text with each new one.

        At most ``limit`` per new article, those sharing the most bands first; a
        document's own earlier versions are not candidates.
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
                ),
                best AS (
                    SELECT for_uri, article_id, max(shared) AS shared
                    FROM shared GROUP BY ALL
                ),
                picked AS (
                    SELECT best.for_uri, a.article_id, a.story_id, a.body, a.content_sha256,
                           coalesce(a.published_at, a.first_seen_at) AS seen_at
                    FROM best JOIN articles a USING (article_id)
                    WHERE a.source_uri <> best.for_uri
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
                       p.seen_at, s.first_seen
                FROM picked p JOIN story_start s USING (story_id)
                ORDER BY p.for_uri, p.article_id
                """,
                [limit],
            ).fetchall()
        return [Candidate(*row) for row in rows]

    def url_validators(self, urls: Sequence[str]) -> dict[str, tuple[str | None, str | None]]:
        """url → (ETag, Last-Modified) from its last fetch, for conditional GET."""
        if not urls or not self.exists():
            return {}
        with self.connect() as con:
            self._migrate(con)
            rows = con.execute(
                "SELECT url, etag, last_modified FROM url_state WHERE url IN (SELECT unnest(?))"
                " AND (etag IS NOT NULL OR last_modified IS NOT NULL)",
                [list(urls)],
            ).fetchall()
        return {url: (etag, modified) for url, etag, modified in rows}

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

    @staticmethod
    def batch_pairs(new: Sequence[NewArticle]) -> list[tuple[str, str, int]]:
        """Candidate pairs within a batch: articles sharing a band key or the exact text.

        ``(uri, uri, shared)`` with the smaller URI first; ``shared`` counts the rows of
        keys the two share, an equal text counting 1,000,000. Keys are sorted in numpy
        arrays (12 bytes a key row): it scales to a million articles where a Python index
        of tens of millions of keys, or a hash self-join of them, would not.
        """
        if len(new) < 2:
            return []
        uris = sorted({a.source_uri for a in new})
        number = {uri: i for i, uri in enumerate(uris)}
        ids = np.fromiter((number[a.source_uri] for a in new), np.int32, len(new))
        del number
        counts = np.fromiter((len(a.band_keys) for a in new), np.int64, len(new))
        shared: Counter[tuple[int, int]] = Counter()
        _count_shared(
            np.repeat(ids, counts),
            np.fromiter(chain.from_iterable(a.band_keys for a in new), np.int64, counts.sum()),
            1,
            shared,
        )
        _count_shared(
            ids,
            np.fromiter((_hash_key(a.content_sha256) for a in new), np.int64, len(new)),
            1_000_000,
            shared,
        )
        return [(uris[a], uris[b], n) for (a, b), n in shared.items()]

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a read query and return all rows (for the CLI and tests)."""
        with self.connect(read_only=True) as con:
            return con.execute(sql, list(params)).fetchall()

    def run_errors(self, run_id: str, limit: int = 20) -> list[Rejection]:
        rows = self.query(
            "SELECT source_uri, stage, error, detail FROM ingest_errors"
            ' WHERE run_id = ? ORDER BY "at", source_uri LIMIT ?',
            [run_id, limit],
        )
        return [Rejection(uri, stage, error, detail) for uri, stage, error, detail in rows]

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
        """Load one run in one transaction. Idempotent: unchanged documents add nothing.

        A document whose bytes changed since its current version is loaded as a new
        version; the old one stays, marked superseded. Within each story the canonical
        row is the one first seen (then by source URI and version). ``unchanged_before``
        counts documents the caller already found unchanged and did not pass in.
        """
        now = utcnow()
        with self._transaction() as con:
            result = self._load(
                con, run, articles, rejections, links, responses, now, unchanged_before
            )
        return result

    @contextmanager
    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to the migrated warehouse inside one transaction: committed when
        the block ends, rolled back when it raises."""
        with self.connect() as con:
            self._migrate(con)
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            _commit(con, self.backend)

    def _load(
        self,
        con: duckdb.DuckDBPyConnection,
        run: RunRecord,
        articles: Iterable[Article],
        rejections: Iterable[Rejection],
        links: Iterable[Link],
        responses: Iterable[ArchivedResponse],
        now: datetime,
        unchanged_before: int,
    ) -> LoadResult:
        loaded = self._load_articles(con, run.run_id, articles, links, responses, now)
        return self._record_run(con, run, loaded, rejections, now, unchanged_before)

    def _load_articles(
        self,
        con: duckdb.DuckDBPyConnection,
        run_id: str,
        articles: Iterable[Article],
        links: Iterable[Link],
        responses: Iterable[ArchivedResponse],
        now: datetime,
    ) -> LoadResult:
        """Articles, their links and archived responses; the run's row is not written."""
        con.execute(
            "CREATE OR REPLACE TEMP TABLE staged AS"
            " SELECT * EXCLUDE (article_id, document_id, version, is_canonical, superseded_at,"
            " superseded_by, body), 0::BIGINT AS row_no FROM article_versions LIMIT 0"
        )
        # Bands refer to their article by its row number in this load: 8 bytes a key row,
        # not a URI. The temp tables hold no bodies: they go from the articles straight
        # into article_versions below, so a million of them are not held twice.
        if not isinstance(articles, Sequence):
            articles = list(articles)
        con.execute("CREATE OR REPLACE TEMP TABLE staged_bands (row_no BIGINT, band_key BIGINT)")
        for table, target in _FACT_TABLES.items():
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE {table} AS"
                f" SELECT 0::BIGINT AS row_no, * EXCLUDE (article_id) FROM {target} LIMIT 0"
            )
        row_no = 0
        for chunk in _chunks(articles):
            self._stage(con, chunk, row_no, run_id, now)
            row_no += len(chunk)

        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE incoming AS
            WITH latest AS (
                SELECT source_uri, max(version) AS version
                FROM article_versions
                WHERE source_uri IN (SELECT source_uri FROM staged)
                GROUP BY source_uri
            )
            SELECT s.row_no, s.source_uri, s.raw_sha256, s.story_id,
                   cur.article_id AS prev_id,
                   cur.raw_sha256 AS prev_sha,
                   coalesce(latest.version, 0) + 1 AS version
            FROM staged s
            LEFT JOIN article_versions cur
                   ON cur.source_uri = s.source_uri AND cur.superseded_at IS NULL
            LEFT JOIN latest ON latest.source_uri = s.source_uri
            """
        )
        unchanged, changed, new = con.execute(
            "SELECT count(*) FILTER (prev_sha = raw_sha256),"
            " count(*) FILTER (prev_sha <> raw_sha256),"
            " count(*) FILTER (prev_sha IS NULL) FROM incoming"
        ).fetchone() or (0, 0, 0)
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE inserts AS
            SELECT *, 'a_' || substr(sha256(source_uri || chr(0) || version::VARCHAR), 1, 20)
                      AS article_id
            FROM incoming
            WHERE prev_sha IS NULL OR prev_sha <> raw_sha256
            ORDER BY row_no
            """
        )
        con.execute(
            """
            UPDATE article_versions
            SET superseded_at = ?, superseded_by = i.article_id, is_canonical = false
            FROM inserts i
            WHERE article_versions.article_id = i.prev_id
            """,
            [now],
        )
        row_no = 0
        for chunk in _chunks(articles, _BODY_CHUNK):
            self._insert_versions(con, chunk, row_no)
            row_no += len(chunk)
        # Bands and links of the new versions; superseded versions leave the band index.
        con.execute(
            "DELETE FROM article_bands WHERE article_id IN"
            " (SELECT prev_id FROM inserts WHERE prev_id IS NOT NULL)"
        )
        con.execute(
            "INSERT INTO article_bands SELECT i.article_id, b.band_key"
            " FROM staged_bands b JOIN inserts i USING (row_no)"
        )
        for table, target in _FACT_TABLES.items():
            con.execute(
                f"INSERT INTO {target} BY NAME SELECT i.article_id, f.* EXCLUDE (row_no)"
                f" FROM {table} f JOIN inserts i USING (row_no)"
            )
        new_links = 0
        for chunk_links in _chunks(links):
            new_links += self._insert_links(con, chunk_links, run_id, now)
        # Canonical row of every story the load touched (see the warehouse README).
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE canon AS
            SELECT story_id,
                   first(article_id ORDER BY word_count DESC,
                         coalesce(published_at, first_seen_at), source_uri, version)
                       AS canonical_id
            FROM article_versions
            WHERE superseded_at IS NULL
              AND story_id IN (
                  SELECT story_id FROM inserts
                  UNION
                  SELECT a.story_id FROM article_versions a
                  JOIN inserts i ON a.article_id = i.prev_id
              )
            GROUP BY story_id
            """
        )
        con.execute(
            """
            UPDATE article_versions
            SET is_canonical = (article_versions.article_id = canon.canonical_id)
            FROM canon
            WHERE article_versions.story_id = canon.story_id
              AND article_versions.superseded_at IS NULL
            """
        )
        # A new row is a copy when its story has a member loaded before it: a member not
        # in this load (an earlier run, or an earlier chunk of this one), or one of this
        # load's with a smaller source URI (the founder).
        copies_row = con.execute(
            """
            SELECT count(*) FILTER (copy), count(*) FILTER (NOT copy)
            FROM (
                SELECT EXISTS (
                    SELECT 1 FROM articles a
                    WHERE a.story_id = i.story_id AND a.article_id <> i.article_id
                      AND (a.article_id NOT IN (SELECT article_id FROM inserts)
                           OR a.source_uri < i.source_uri)
                ) AS copy
                FROM inserts i
            )
            """
        ).fetchone()
        duplicates, new_stories = copies_row if copies_row else (0, 0)

        for archived in _chunks(responses, 200):
            self._archive(con, archived, run_id)

        for table in ("staged", "staged_bands", "incoming", "inserts", "canon", *_FACT_TABLES):
            con.execute(f"DROP TABLE IF EXISTS {table}")
        return LoadResult(
            new=new,
            unchanged=unchanged,
            changed=changed,
            duplicates=duplicates,
            errors=0,
            new_stories=new_stories,
        )

    def _record_run(
        self,
        con: duckdb.DuckDBPyConnection,
        run: RunRecord,
        loaded: LoadResult,
        rejections: Iterable[Rejection],
        now: datetime,
        unchanged_before: int,
    ) -> LoadResult:
        """The run's ``ingest_errors`` rows and its row in ``runs``, with its totals."""
        new, changed, duplicates = loaded.new, loaded.changed, loaded.duplicates
        unchanged = loaded.unchanged + unchanged_before
        errors = 0
        for failed in _chunks(rejections):
            errors += len(failed)
            self._insert_errors(con, failed, run.run_id, now)

        con.execute(
            """
            MERGE INTO runs USING (
                SELECT ? AS run_id, ? AS flow, ?::TIMESTAMPTZ AS started_at,
                       ?::TIMESTAMPTZ AS finished_at, 'completed' AS state, ?::INTEGER AS seen,
                       ?::INTEGER AS new, ?::INTEGER AS changed, ?::INTEGER AS unchanged,
                       ?::INTEGER AS duplicates, ?::INTEGER AS failed, ? AS parameters
            ) AS run USING (run_id)
            WHEN MATCHED THEN UPDATE
            WHEN NOT MATCHED THEN INSERT
            """,
            [
                run.run_id,
                run.flow,
                run.started_at,
                utcnow(),
                run.seen,
                new,
                changed,
                unchanged,
                duplicates,
                errors,
                json.dumps(run.parameters, default=str, sort_keys=True),
            ],
        )
        return LoadResult(
            new=new,
            unchanged=unchanged,
            changed=changed,
            duplicates=duplicates,
            errors=errors,
            new_stories=loaded.new_stories,
        )

    @staticmethod
    def _stage(
        con: duckdb.DuckDBPyConnection,
        chunk: list[Article],
        first_row: int,
        run_id: str,
        now: datetime,
    ) -> None:
        # Arrow columns: DuckDB scans them natively, with no per-value Python conversion.
        row_nos = np.arange(first_row, first_row + len(chunk), dtype=np.int64)
        table = pa.table(
            {
                "row_no": row_nos,
                "source_uri": [a.source_uri for a in chunk],
                "source_kind": [a.source_kind for a in chunk],
                "title": _utf8(a.title for a in chunk),
                "published_at": pa.array([a.published_at for a in chunk], _TIMESTAMP),
                "dateline": pa.array([a.dateline for a in chunk], pa.string()),
                "credits": pa.array([list(a.credits) for a in chunk], pa.list_(pa.string())),
                "language": pa.array([a.language for a in chunk], pa.string()),
                "word_count": pa.array([a.word_count for a in chunk], pa.int32()),
                "content_sha256": [a.content_sha256 for a in chunk],
                "raw_sha256": [a.raw_sha256 for a in chunk],
                "raw_size": pa.array([a.raw_size for a in chunk], pa.int64()),
                "raw_mtime": pa.array([a.raw_mtime for a in chunk], _TIMESTAMP),
                "encoding": [a.encoding for a in chunk],
                "removed_lines": pa.array([a.removed_lines for a in chunk], pa.int32()),
                "story_id": [a.story_id or story_id_for(a.content_sha256) for a in chunk],
                "fetched_at": pa.array([a.fetched_at for a in chunk], _TIMESTAMP),
                "authors": pa.array([list(a.authors) for a in chunk], pa.list_(pa.string())),
                "site_name": pa.array([a.site_name for a in chunk], pa.string()),
                "description": pa.array([a.description for a in chunk], pa.string()),
                "tags": pa.array([list(a.tags) for a in chunk], pa.list_(pa.string())),
                "updated_at": pa.array([a.updated_at for a in chunk], _TIMESTAMP),
                "extraction_method": pa.array([a.extraction_method for a in chunk], pa.string()),
            }
        )
        counts = [len(a.band_keys) for a in chunk]
        bands = pa.table(
            {
                "row_no": np.repeat(row_nos, counts),
                "band_key": np.fromiter(
                    chain.from_iterable(a.band_keys for a in chunk), np.int64, sum(counts)
                ),
            }
        )
        con.register("staged_chunk", table)
        con.register("bands_chunk", bands)
        try:
            con.execute(
                "INSERT INTO staged BY NAME SELECT *, ?::TIMESTAMPTZ AS first_seen_at,"
                " ? AS run_id FROM staged_chunk",
                [now, run_id],
            )
            con.execute("INSERT INTO staged_bands BY NAME SELECT * FROM bands_chunk")
        finally:
            con.unregister("staged_chunk")
            con.unregister("bands_chunk")
        Warehouse._stage_facts(con, chunk, first_row)

    @staticmethod
    def _stage_facts(con: duckdb.DuckDBPyConnection, chunk: list[Article], first_row: int) -> None:
        """Entities, quotes, sources, amounts and field provenance, keyed by row number."""
        # Column lists, not row dicts: Arrow builds columns without a per-row dict.
        columns: dict[str, dict[str, list[Any]]] = {
            table: {name: [] for name in ("row_no", *names)}
            for table, (_, names, _) in _FACT_ROWS.items()
        }
        for row_no, article in enumerate(chunk, start=first_row):
            if article.facts is None:
                continue
            for table, (listing, names, values_of) in _FACT_ROWS.items():
                items = getattr(article.facts, listing)
                if not items:
                    continue
                cols = columns[table]
                cols["row_no"].extend([row_no] * len(items))
                rows = [values_of(item) for item in items]  # one tuple per item
                for name, values in zip(names, zip(*rows, strict=True), strict=True):
                    cols[name].extend(values)
        for table, cols in columns.items():
            if not cols["row_no"]:
                continue
            with _registered(con, "facts_chunk", pa.table(cols)):
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM facts_chunk")

    @staticmethod
    def _insert_versions(
        con: duckdb.DuckDBPyConnection, chunk: Sequence[Article], first_row: int
    ) -> None:
        """The new versions among one chunk of the staged articles, with their bodies."""
        last_row = first_row + len(chunk) - 1
        bodies = pa.table(
            {
                "row_no": np.arange(first_row, last_row + 1, dtype=np.int64),
                "body": _utf8(a.body for a in chunk),
            }
        )
        with _registered(con, "bodies_chunk", bodies):
            con.execute(
                """
                INSERT INTO article_versions BY NAME
                SELECT s.* EXCLUDE (row_no),
                       b.body,
                       i.version,
                       i.article_id,
                       'd_' || substr(sha256(s.source_uri), 1, 20) AS document_id,
                       false AS is_canonical,
                       NULL AS superseded_at,
                       NULL AS superseded_by
                FROM bodies_chunk b
                JOIN inserts i ON i.row_no = b.row_no AND i.row_no BETWEEN $first AND $last
                JOIN staged s ON s.row_no = b.row_no AND s.row_no BETWEEN $first AND $last
                """,
                {"first": first_row, "last": last_row},
            )

    @staticmethod
    def _insert_links(
        con: duckdb.DuckDBPyConnection, chunk: list[Link], run_id: str, now: datetime
    ) -> int:
        """Links of this load's new rows; a new similar article is found by its URI."""
        table = pa.table(
            {
                "source_uri": [link.source_uri for link in chunk],
                "similar_key": [link.similar_key for link in chunk],
                "similar_is_new": [link.similar_is_new for link in chunk],
                "similarity": [link.similarity for link in chunk],
                "containment": [link.containment for link in chunk],
                "method": [link.method for link in chunk],
            }
        )
        with _registered(con, "links_chunk", table):
            row = con.execute(
                """
                INSERT INTO article_links
                SELECT i.article_id,
                       CASE WHEN l.similar_is_new THEN j.article_id ELSE l.similar_key END,
                       l.similarity, l.containment, l.method, ?, ?
                FROM links_chunk l
                JOIN inserts i ON i.source_uri = l.source_uri
                LEFT JOIN inserts j ON l.similar_is_new AND j.source_uri = l.similar_key
                WHERE NOT l.similar_is_new OR j.article_id IS NOT NULL
                """,
                [run_id, now],
            ).fetchone()
        return int(row[0]) if row else 0

    @staticmethod
    def _archive(
        con: duckdb.DuckDBPyConnection, chunk: list[ArchivedResponse], run_id: str
    ) -> None:
        """Keep full responses (compressed) and each URL's validators for conditional GET."""
        bodies = [r for r in chunk if r.status != 304]
        if bodies:
            table = pa.table(
                {
                    "response_id": [
                        "r_"
                        + hashlib.sha256(
                            f"{r.url}\0{r.fetched_at.isoformat()}".encode()
                        ).hexdigest()[:24]
                        for r in bodies
                    ],
                    "url": [r.url for r in bodies],
                    "final_url": [r.final_url for r in bodies],
                    "document_uri": pa.array([r.document_uri for r in bodies], pa.string()),
                    "status": pa.array([r.status for r in bodies], pa.int32()),
                    "headers": [json.dumps(list(r.headers)) for r in bodies],
                    "content_type": [r.content_type for r in bodies],
                    "charset": pa.array([r.charset for r in bodies], pa.string()),
                    "body_gzip": pa.array(
                        [gzip.compress(r.content, 6) for r in bodies], pa.binary()
                    ),
                    "body_size": pa.array([len(r.content) for r in bodies], pa.int64()),
                    "body_sha256": [hashlib.sha256(r.content).hexdigest() for r in bodies],
                    "redirects": pa.array(
                        [list(r.redirects) for r in bodies], pa.list_(pa.string())
                    ),
                    "attempts": pa.array([r.attempts for r in bodies], pa.int32()),
                    "elapsed_ms": [r.elapsed * 1000 for r in bodies],
                    "fetched_at": pa.array([r.fetched_at for r in bodies], _TIMESTAMP),
                }
            )
            with _registered(con, "responses_chunk", table):
                con.execute(
                    "MERGE INTO http_responses"
                    " USING (SELECT *, ? AS run_id FROM responses_chunk) AS r USING (response_id)"
                    " WHEN NOT MATCHED THEN INSERT BY NAME",
                    [run_id],
                )
        state = pa.table(
            {
                "url": [r.url for r in chunk],
                "etag": pa.array([r.etag for r in chunk], pa.string()),
                "last_modified": pa.array([r.last_modified for r in chunk], pa.string()),
                "last_status": pa.array([r.status for r in chunk], pa.int32()),
                "last_fetched_at": pa.array([r.fetched_at for r in chunk], _TIMESTAMP),
                "document_uri": pa.array([r.document_uri for r in chunk], pa.string()),
            }
        )
        with _registered(con, "state_chunk", state):
            con.execute(
                """
                MERGE INTO url_state USING state_chunk AS s USING (url)
                WHEN MATCHED THEN UPDATE SET
                    etag = coalesce(s.etag, url_state.etag),
                    last_modified = coalesce(s.last_modified, url_state.last_modified),
                    last_status = s.last_status,
                    last_fetched_at = s.last_fetched_at,
                    document_uri = coalesce(s.document_uri, url_state.document_uri)
                WHEN NOT MATCHED THEN INSERT BY NAME
                """
            )

    @staticmethod
    def _insert_errors(
        con: duckdb.DuckDBPyConnection, chunk: list[Rejection], run_id: str, now: datetime
    ) -> None:
        table = pa.table(
            {
                "source_uri": [r.source_uri for r in chunk],
                "stage": [r.stage for r in chunk],
                "error": [r.error for r in chunk],
                "detail": [r.detail for r in chunk],
            }
        )
        with _registered(con, "errors_chunk", table):
            con.execute(
                "INSERT INTO ingest_errors BY NAME SELECT *, ? AS run_id,"
                ' ?::TIMESTAMPTZ AS "at" FROM errors_chunk',
                [run_id, now],
            )


def _commit(con: duckdb.DuckDBPyConnection, backend: Backend) -> None:
    """COMMIT; a DuckLake commit that lost to another writer's becomes a
    ``WarehouseConflict`` (the transaction is gone whole: running it again is safe)."""
    try:
        con.execute("COMMIT")
    except duckdb.Error as exc:
        if backend.is_lake and is_conflict(exc):
            raise WarehouseConflict(
                f"another writer changed {backend} first; nothing of this load was kept: {exc}"
            ) from exc
        raise


def _count_shared(
    ids: np.ndarray[Any, np.dtype[np.int32]],
    keys: np.ndarray[Any, np.dtype[np.int64]],
    weight: int,
    shared: Counter[tuple[int, int]],
) -> None:
    """Add ``weight`` to ``shared[(a, b)]``, ``a < b``, for every two rows with one key and
    article numbers ``a`` and ``b`` (rows of one number never pair)."""
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    repeats = keys[1:] == keys[:-1]
    if not repeats.any():
        return
    in_group = np.zeros(len(keys), dtype=bool)
    in_group[:-1] |= repeats
    in_group[1:] |= repeats
    del repeats
    rows = np.flatnonzero(in_group)
    group_keys = keys[rows]
    group_ids = ids[order[rows]]
    del order, keys, in_group
    cuts = np.flatnonzero(group_keys[1:] != group_keys[:-1]) + 1
    for group in np.split(group_ids, cuts):
        members = group.tolist()
        for x, a in enumerate(members):
            for b in members[x + 1 :]:
                if a != b:
                    shared[(a, b) if a < b else (b, a)] += weight


def _utf8(texts: Iterable[str]) -> pa.Array:
    """A string column from texts encoded here: handing pyarrow the ``str`` objects
    themselves makes CPython cache a UTF-8 copy inside every non-ASCII one, for as long
    as the text lives (a body's size again, per article held by the caller)."""
    return pa.array([t.encode("utf-8") for t in texts], pa.string())


@contextmanager
def _registered(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> Iterator[None]:
    """An Arrow table visible to SQL as ``name`` for the length of the block."""
    con.register(name, table)
    try:
        yield
    finally:
        con.unregister(name)


# Temporary staging table → warehouse table of the facts found in each article.
_FACT_TABLES = {
    "staged_fields": "article_fields",
    "staged_mentions": "mentions",
    "staged_quotes": "quotes",
    "staged_sources": "sources_cited",
    "staged_amounts": "amounts",
}


def _fact_rows(listing: str, **columns: str) -> tuple[str, tuple[str, ...], attrgetter[Any]]:
    """Which list of ``Facts`` fills a staging table, its columns, and a getter of an
    item's values for them (``column=attribute``)."""
    return listing, tuple(columns), attrgetter(*columns.values())


# Staging table → the facts it holds: ``Facts.<listing>``, one row per item.
_FACT_ROWS = {
    "staged_fields": _fact_rows(
        "fields", field="field", value="value", method="method", confidence="confidence"
    ),
    "staged_mentions": _fact_rows(
        "entities",
        entity="name",
        kind="kind",
        count="count",
        first_offset="first_offset",
        titles="titles",
        method="method",
    ),
    "staged_quotes": _fact_rows(
        "quotes",
        text="text",
        speaker="speaker",
        offset="offset",
        method="method",
        confidence="confidence",
    ),
    "staged_sources": _fact_rows("sources", source="name", phrase="phrase", offset="offset"),
    "staged_amounts": _fact_rows(
        "amounts", value="value", what="what", text="text", offset="offset"
    ),
}


def _hash_key(content_sha256: str) -> int:
    """The exact-text key of the batch self-join: 63 bits of the content hash."""
    return int(content_sha256[:15], 16)


def _backfill_bands(con: duckdb.DuckDBPyConnection) -> None:
    """Migration 2 adds the band index: compute the keys of articles loaded before it."""
    rows = con.execute("SELECT article_id, body FROM articles").fetchall()
    for chunk in _chunks(rows):
        table = pa.table(
            {
                "article_id": [aid for aid, body in chunk for _ in band_keys(body)],
                "band_key": pa.array([k for _, body in chunk for k in band_keys(body)], pa.int64()),
            }
        )
        con.register("backfill", table)
        con.execute("INSERT INTO article_bands SELECT * FROM backfill")
        con.unregister("backfill")


_AFTER_MIGRATION: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {2: _backfill_bands}


# -- the published snapshot: what SQL clients open ----------------------------------------
#
# DuckDB lets one process write a file and no other process open it meanwhile, so a SQL
# client left open on the file runs write would block every run (and a run would block
# the client). Runs therefore write a private working file beside the published one
# (``warehouse/.newsroom.work.duckdb`` for ``warehouse/newsroom.duckdb``) and, after each
# load, publish a copy of it at the path users open: written to a temporary file in the
# same folder, fsynced, then renamed over the old snapshot. A client that has the old
# snapshot open keeps reading the old state; the next open sees the new one. Loads and
# publishing take turns through an exclusive lock file (``.newsroom.work.duckdb.lock``):
# a second run waits for the first one's load and publish to finish.

WRITE_LOCK_TIMEOUT = 1800.0


# DuckLake gives readers snapshot isolation itself: a run writes the lake directly, in one
# transaction, and its COMMIT is the publish. So for a DuckLake URL ``working_file`` is
# the URL itself, ``publish`` does nothing, ``write_lock`` is the lake's run lock
# (``Backend.write_lock``) and ``RunWriter`` holds the run's transaction open across its
# chunks instead of committing them to a scratch file.


def _is_lake(warehouse: str | Path) -> bool:
    return parse(warehouse).is_lake


def work_path(published: str | Path) -> Path:
    """The private file runs write for the snapshot at ``published``."""
    path = Path(published).absolute()
    return path.with_name(f".{path.stem}.work{path.suffix}")


def published_path(work: str | Path) -> Path:
    """The snapshot path of a working file (inverse of ``work_path``)."""
    path = Path(work).absolute()
    stem, marker, suffix = path.name[1:].rpartition(".work")
    if not (path.name.startswith(".") and marker and stem):
        raise WarehouseError(f"{path} is not a working file (.NAME.work.duckdb)")
    return path.with_name(stem + suffix)


@contextmanager
def write_lock(work: str | Path, timeout: float = WRITE_LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the exclusive write lock of a working file; wait up to ``timeout`` seconds.

    An advisory ``flock`` on ``<work>.lock``: released by the kernel when the holder
    exits, however it exits, so a killed run never leaves a stale lock behind. (A
    DuckLake's lock: ``Backend.write_lock``.)
    """
    if _is_lake(work):
        with parse(work).write_lock(timeout):
            yield
        return
    lock_file = Path(work).absolute().with_name(Path(work).name + ".lock")
    with file_lock(lock_file, timeout, str(work)):
        yield


def working_file(published: str | Path) -> Path | str:
    """The working file for a published warehouse, made ready for a run.

    The first run after an upgrade starts from the published file (a warehouse written
    before snapshots existed). When the published file is gone (a user removed it to
    start over), the working file is discarded with it: runs start from an empty
    warehouse, as they would have without the working file.
    """
    if _is_lake(published):
        return parse(published).absolute().url
    snapshot = Path(published).absolute()
    work = work_path(snapshot)
    if not work.exists() and (problem := foreign_file_problem(snapshot)):
        raise WarehouseError(problem)  # never copy someone's file as the working file
    if snapshot.exists() == work.exists() and not _marker(work).exists() and _opens(work):
        return work
    with write_lock(work):
        restore_if_interrupted(work)  # a run killed half way: its chunks go
        if snapshot.exists() != work.exists():
            _reset_work(work)
        elif not _opens(work):
            if snapshot.exists() and not _opens(snapshot):
                raise WarehouseError(
                    f"neither {snapshot} nor its working file {work.name} can be opened as a"
                    " DuckDB database: restore the warehouse from a backup or export,"
                    " or move both away to start a new one"
                )
            logger.warning("%s could not be opened: made again from %s", work, snapshot)
            _reset_work(work)  # only the snapshot plus an unfinished run: nothing is lost
    return work


def _opens(path: Path) -> bool:
    """Whether ``path`` is absent, busy, or opens as a DuckDB database (not corrupt)."""
    if not path.exists():
        return True
    try:
        duckdb.connect(str(path), read_only=True).close()
    except duckdb.Error as exc:
        return parse(path).is_busy(exc)
    return True


def _reset_work(work: Path) -> None:
    """Make the working file the published snapshot again (with the snapshot's log, if a
    client left one), or remove it when nothing is published. Hold the write lock.

    The old working file goes first (it is only the snapshot plus an unfinished run), so a
    full disk gets that space back; when even then the copy does not fit, nothing is left
    half-copied and the next run copies it again.
    """
    snapshot = published_path(work)
    wal = work.with_name(work.name + ".wal")
    work.unlink(missing_ok=True)
    wal.unlink(missing_ok=True)
    for stale in work.parent.glob(f"{work.name}.*.tmp"):
        stale.unlink(missing_ok=True)  # a copy a killed or failed run left
    if not snapshot.exists():
        return
    tmp = work.with_name(f"{work.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(snapshot, tmp)
        snapshot_wal = snapshot.with_name(snapshot.name + ".wal")
        if snapshot_wal.exists():
            shutil.copyfile(snapshot_wal, wal)
        os.replace(tmp, work)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        wal.unlink(missing_ok=True)
        raise storage_error(exc, work, "copying the published warehouse to start a run") from exc


def storage_error(exc: BaseException, where: Path, doing: str) -> WarehouseError:
    """``exc`` as the error a user can act on: ``DiskFull`` (with the folder and the space
    there) when the disk or a quota is full, else a ``WarehouseError`` naming the file."""
    text = str(exc)
    full = (isinstance(exc, OSError) and exc.errno in _FULL) or any(
        sign in text
        for sign in ("No space left on device", "Disk quota exceeded", "File too large")
    )
    if not full:
        return WarehouseError(f"{doing} failed at {where}: {text}")
    folder = where.parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        free = 0
    snapshot = published_path(where) if where.name.startswith(".") else where
    need = snapshot.stat().st_size if snapshot.exists() else 0
    return DiskFull(
        f"no space left in {folder} while {doing} ({free / 1e6:,.1f} MB free; the"
        f" warehouse is {need / 1e6:,.1f} MB and a run needs about twice that, plus what"
        " it adds). The published warehouse is unchanged: free space there and run again."
    )


_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_FULL_MESSAGES = ("No space left on device", "Disk quota exceeded", "File too large")
logger = logging.getLogger(__name__)


def publish(work: str | Path, published: str | Path | None = None) -> float:
    """Replace the published snapshot with the working file, atomically; return seconds.

    Call it holding ``write_lock(work)``. A connection to the working file is held
    during the copy, so no other process can change it meanwhile.
    """

    if _is_lake(work):
        return 0.0  # the load's COMMIT published it
    started = time.perf_counter()
    source = Path(work).absolute()
    target = Path(published).absolute() if published else published_path(source)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.publishing")
    for stale in target.parent.glob(f".{target.name}.*.publishing"):
        stale.unlink(missing_ok=True)  # left by a killed run (we hold the lock)
    try:
        with Warehouse(source).connect() as con:
            con.execute("CHECKPOINT")
            shutil.copyfile(source, tmp)
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        with _no_writer(target):
            os.replace(tmp, target)
            # A log a writing SQL client left beside the old snapshot belongs to the old
            # file: the new one must never replay it.
            target.with_name(target.name + ".wal").unlink(missing_ok=True)
    except (OSError, duckdb.Error) as exc:
        raise storage_error(exc, target, f"publishing {target.name}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    dir_fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return time.perf_counter() - started


PUBLISH_WAIT = float(os.environ.get("NEWSROOM_PUBLISH_WAIT", "60"))


@contextmanager
def _no_writer(snapshot: Path) -> Iterator[None]:
    """Hold a read-only connection to the published snapshot while it is replaced.

    A SQL client that opened the snapshot read-write (the duckdb shell's default) writes
    its log beside it, by name: replaced under it, the new snapshot would take that log
    and replay the client's changes onto the new state. DuckDB lets no read-only
    connection open beside a read-write one and no read-write one beside a reader, so
    holding one here waits (``PUBLISH_WAIT`` seconds) for such a client to close, then
    keeps any from opening the old file until its log is gone.
    """
    if not snapshot.exists():
        yield
        return
    store = Warehouse(snapshot, busy_timeout=PUBLISH_WAIT)
    try:
        holder = store.connect(read_only=True)
        holder.__enter__()
    except WarehouseBusy as exc:  # terminal: retrying the run's record would repeat it
        raise WarehouseError(
            f"a SQL client holds {snapshot} read-write (the duckdb shell's default), so this"
            f" run cannot publish (waited {PUBLISH_WAIT:.0f} s; nothing of the run is kept)."
            f" Open the warehouse read-only (duckdb -readonly {snapshot}) and run again"
        ) from exc
    except WarehouseError as exc:
        if "different configuration" in str(exc):  # held read-write in this very process
            raise WarehouseError(
                f"{snapshot} is open read-write in this process, so this run cannot publish"
                " (nothing of the run is kept): close that connection, or open it with"
                " read_only=True, and run again"
            ) from exc
        yield  # a snapshot that does not open is replaced all the same
        return
    try:
        yield
    finally:
        holder.__exit__(None, None, None)


def load_and_publish(
    work: str | Path,
    run: RunRecord,
    articles: Iterable[Article],
    rejections: Iterable[Rejection],
    *,
    links: Iterable[Link] = (),
    responses: Iterable[ArchivedResponse] = (),
    unchanged_before: int = 0,
    lock_timeout: float = WRITE_LOCK_TIMEOUT,
) -> LoadResult:
    """A run's load into the working file, then its snapshot published, under the lock."""
    with write_lock(work, lock_timeout):
        restore_if_interrupted(work)
        result = Warehouse(work).load(
            run,
            articles,
            rejections,
            links=links,
            responses=responses,
            unchanged_before=unchanged_before,
        )
        publish(work)
    return result


class RunWriter:
    """One run's load into the working file in chunks, then its snapshot published.

    A run of a million articles cannot hold them all in memory nor load them in one
    transaction, so it loads them a chunk at a time: ``load`` commits each chunk to the
    working file and ``finish`` records the run, then publishes the snapshot users read.
    The run stays atomic where users look: the snapshot changes once, at ``finish``.
    The working file is scratch in between: the first ``load`` takes the write lock
    (held until ``finish``, so nothing else publishes a half-loaded run) and leaves a
    marker beside the file; a run that fails removes its chunks by restoring the
    working file from the snapshot, and a run killed outright leaves the marker, so the
    next run (or ``working_file``) restores it before reading or writing anything.

    Chunks of one run place their articles in stories as separate runs would: each
    chunk's articles are compared with everything loaded before them.

    On a DuckLake there is no working file: ``acquire`` takes the lake's run lock, then
    opens one connection and begins the run's transaction; each ``load`` adds a chunk to
    it, ``warehouse()`` reads through it (so a chunk's dedup sees the chunks before it),
    ``finish`` commits, and ``close`` rolls back. Readers see the run when it commits.
    """

    def __init__(
        self, work: str | Path, run: RunRecord, *, lock_timeout: float = WRITE_LOCK_TIMEOUT
    ) -> None:
        self.lake = _is_lake(work)
        self.work: Path | str = parse(work).absolute().url if self.lake else Path(work).absolute()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._lost: str | None = None  # why a lake run's transaction was rolled back
        self.run = run
        self.lock_timeout = lock_timeout
        self.loaded = LoadResult(new=0, unchanged=0, changed=0, duplicates=0, errors=0)
        self._lock: ExitStack | None = None
        self._now = utcnow()

    def __enter__(self) -> RunWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def acquire(self) -> None:
        """Take the write lock (waiting up to ``lock_timeout``) and mark the file in use."""
        if self._lock is not None:
            return
        if self._lost is not None:  # a retried task must not commit half a run
            raise WarehouseError(
                f"this run's transaction on {self.work} was rolled back ({self._lost});"
                " nothing of it was kept: run it again"
            )
        stack = ExitStack()
        stack.enter_context(write_lock(self.work, self.lock_timeout))
        try:
            if self.lake:
                store = Warehouse(self.work)
                store.migrate()
                con = stack.enter_context(store.connect())
                con.execute("BEGIN TRANSACTION")
                self._con = con
            else:
                restore_if_interrupted(self.work)
                _marker(Path(self.work)).write_text(f"{self.run.run_id}\n", encoding="utf-8")
        except BaseException:
            self._con = None
            stack.close()
            raise
        self._lock = stack

    def warehouse(self) -> Warehouse:
        """The warehouse as this run sees it: with its loaded chunks (takes the lock)."""
        self.acquire()
        store = Warehouse(self.work)
        store._bound = self._con
        return store

    def load(
        self,
        articles: Sequence[Article],
        links: Iterable[Link] = (),
        responses: Iterable[ArchivedResponse] = (),
    ) -> LoadResult:
        """Commit one chunk of the run (placed in stories already) to the working file."""
        self.acquire()
        if self._con is not None:  # DuckLake: into the run's transaction
            try:
                loaded = self.warehouse()._load_articles(
                    self._con, self.run.run_id, articles, links, responses, self._now
                )
            except BaseException as exc:
                self._abandon(exc)
                raise
            self.loaded += loaded
            return loaded
        store = Warehouse(self.work)
        try:
            with store._transaction() as con:
                loaded = store._load_articles(
                    con, self.run.run_id, articles, links, responses, self._now
                )
        except (OSError, duckdb.Error) as exc:
            raise storage_error(exc, Path(self.work), "loading the run") from exc
        self.loaded += loaded
        return loaded

    def finish(self, rejections: Iterable[Rejection], unchanged_before: int = 0) -> LoadResult:
        """Record the run and its errors, publish the snapshot, release the lock."""
        self.acquire()
        if self._con is not None:  # DuckLake: the COMMIT publishes the run
            try:
                result = self.warehouse()._record_run(
                    self._con, self.run, self.loaded, rejections, self._now, unchanged_before
                )
                _commit(self._con, Warehouse(self.work).backend)
            except BaseException as exc:
                self._abandon(exc)
                raise
            self._con = None
            self._release()
            return result
        store = Warehouse(self.work)
        try:
            with store._transaction() as con:
                result = store._record_run(
                    con, self.run, self.loaded, rejections, self._now, unchanged_before
                )
        except (OSError, duckdb.Error) as exc:
            raise storage_error(exc, Path(self.work), "recording the run") from exc
        publish(self.work)
        _marker(Path(self.work)).unlink(missing_ok=True)
        self._release()
        return result

    def close(self) -> None:
        """Give up an unfinished run: its chunks leave the working file. Idempotent."""
        if self._lock is None:
            return
        try:
            if self._con is not None:
                self._con.execute("ROLLBACK")
            else:
                restore_if_interrupted(self.work)
        finally:
            self._con = None
            self._release()

    def _abandon(self, exc: BaseException) -> None:
        """A lake run's transaction failed: roll it back, let go, remember why."""
        if self._con is not None:
            with suppress(duckdb.Error):  # a failed COMMIT has rolled back already
                self._con.execute("ROLLBACK")
        self._con = None
        self._lost = f"{type(exc).__name__}: {exc}"
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None


def _marker(work: Path) -> Path:
    return work.with_name(work.name + ".loading")


def restore_if_interrupted(work: str | Path) -> bool:
    """Undo the chunks of a run that did not finish; return whether there were any.

    Call it holding ``write_lock(work)``. The working file goes back to the published
    snapshot (or away, when nothing was ever published: runs then start from empty).
    """
    if _is_lake(work):
        return False  # an unfinished run's transaction never committed
    work = Path(work).absolute()
    marker = _marker(work)
    if not marker.exists():
        return False
    _reset_work(work)
    marker.unlink()
    return True


# -- moving a warehouse between backends ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class CopiedTable:
    """One table of ``copy_warehouse``: rows and an order-free checksum, on both sides."""

    table: str
    source_rows: int
    target_rows: int
    source_checksum: str
    target_checksum: str

    @property
    def same(self) -> bool:
        return (self.source_rows, self.source_checksum) == (
            self.target_rows,
            self.target_checksum,
        )


def copy_warehouse(source: str | Path, target: str | Path) -> list[CopiedTable]:
    """Copy every table of ``source`` into ``target``, a new warehouse on any backend.

    Both are brought to the current schema first (``target`` by the same migrations, so
    its views are its own); the rows go across in one transaction, then each table's row
    count and checksum (the sum of a hash of every whole row) are compared on both sides.
    ``target`` must hold no rows yet. ``schema_migrations`` is not copied.
    """
    src, dst = Warehouse(source), Warehouse(target)
    if not src.exists():
        raise WarehouseError(f"no warehouse at {src.backend}")
    src.migrate()
    dst.migrate()
    with dst.connect() as con:
        try:
            src.backend.attach(con, "copy_source", read_only=True)
        except duckdb.Error as exc:
            raise WarehouseError(f"cannot open {src.backend}: {exc}") from exc
        tables = [
            str(row[0])
            for row in con.execute(
                "SELECT table_name FROM duckdb_tables()"
                " WHERE database_name = 'copy_source' AND schema_name = 'main'"
                " AND table_name <> 'schema_migrations' ORDER BY table_name"
            ).fetchall()
        ]
        filled = [t for t in tables if con.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchall()]
        if filled:
            raise WarehouseError(
                f"{dst.backend} already holds rows ({', '.join(filled)}): copy into a new warehouse"
            )
        con.execute("BEGIN TRANSACTION")
        try:
            for table in tables:
                con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM copy_source."{table}"')
        except BaseException:
            con.execute("ROLLBACK")
            raise
        _commit(con, dst.backend)
        checksum = "SELECT count(*), coalesce(sum(hash(r)), 0)::VARCHAR FROM {} AS r"
        copied = []
        for table in tables:
            rows, total = con.execute(checksum.format(f'copy_source."{table}"')).fetchone() or (
                0,
                "",
            )
            rows_to, total_to = con.execute(checksum.format(f'"{table}"')).fetchone() or (0, "")
            copied.append(CopiedTable(table, int(rows), int(rows_to), str(total), str(total_to)))
        con.execute("DETACH copy_source")
    return copied


def compact_warehouse(warehouse: str | Path, keep_days: float = 7.0) -> tuple[int, int]:
    """DuckLake upkeep; return the data files its tables use (before, after).

    Every run adds small Parquet files (and inlined rows in the catalog); this merges
    them, expires snapshots older than ``keep_days`` (time travel goes back that far),
    and deletes the files expired more than an hour ago (none a reader may still be
    scanning). Under the run lock, so it never races a run. A DuckDB file needs none of
    this: it returns ``(0, 0)``.
    """
    store = Warehouse(warehouse)
    if not store.backend.is_lake:
        return (0, 0)
    files = "SELECT count(*) FROM ducklake_list_files('newsroom', ?)"
    tables = (
        "SELECT table_name FROM duckdb_tables()"
        " WHERE database_name = 'newsroom' AND schema_name = 'main'"
    )
    with store.backend.write_lock(WRITE_LOCK_TIMEOUT), store.connect() as con:
        names = [str(t) for (t,) in con.execute(tables).fetchall()]

        def count() -> int:
            return sum(int((con.execute(files, [t]).fetchone() or (0,))[0]) for t in names)

        before = count()
        for call in (
            "CALL ducklake_flush_inlined_data('newsroom')",
            "CALL ducklake_merge_adjacent_files('newsroom')",
            "CALL ducklake_expire_snapshots('newsroom',"
            " older_than => now() - to_microseconds(CAST(? * 86400e6 AS BIGINT)))",
            "CALL ducklake_cleanup_old_files('newsroom', older_than => now() - INTERVAL 1 HOUR)",
        ):
            con.execute(call, [keep_days] if "?" in call else []).fetchall()
        return before, count()


# -- status and export (read the published snapshot) -------------------------------------

EXPORTS = {
    # table name in the export → (query, partitioned by day)
    "articles": (
        "SELECT a.*, o.outlet, o.day FROM articles a JOIN article_outlets o USING (article_id)",
        True,
    ),
    "stories": ("SELECT * FROM stories", False),
    "article_links": ("SELECT * FROM article_links", False),
    "ingest_errors": (
        "SELECT *, CAST(timezone('UTC', \"at\") AS DATE) AS day FROM ingest_errors",
        True,
    ),
    "runs": ("SELECT * FROM runs", False),
}


EXPORT_MANIFEST = "newsroom-export.json"  # the files an export wrote, for the next one


def export_parquet(
    published: str | Path, out_dir: str | Path, *, overwrite: bool = False
) -> dict[str, int]:
    """Write the snapshot's tables as Parquet under ``out_dir``; return rows per table.

    ``articles`` and ``ingest_errors`` are partitioned by day, Hive style
    (``articles/day=2024-02-25/data_0.parquet``). A folder that holds anything is refused
    unless ``overwrite``; even then only the files of the previous export (listed in its
    ``newsroom-export.json``) are replaced: files newsroom did not write are never
    deleted, and an export that would overwrite one is refused before anything changes.
    The new files are written to a hidden folder in ``out_dir`` first, then moved in.
    """
    store = Warehouse(published)
    if not store.exists():
        raise WarehouseError(f"no warehouse at {store.backend}")
    target = Path(out_dir).absolute()
    if target.exists() and not target.is_dir():
        raise WarehouseError(f"{target} is a file, not a folder")
    previous = _previous_export(target, overwrite)
    target.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".newsroom-export-", dir=target))
    try:
        counts: dict[str, int] = {}
        with store.connect(read_only=True) as con:
            for name, (sql, by_day) in EXPORTS.items():
                path = staging / name if by_day else staging / f"{name}.parquet"
                options = "FORMAT parquet, PARTITION_BY (day)" if by_day else "FORMAT parquet"
                row = con.execute(f"COPY ({sql}) TO '{_quote(path)}' ({options})").fetchone()
                counts[name] = int(row[0]) if row else 0
        written = sorted(str(p.relative_to(staging)) for p in staging.rglob("*") if p.is_file())
        foreign = [f for f in written if (target / f).exists() and f not in previous]
        if foreign:
            raise WarehouseError(
                f"{target / foreign[0]} exists and was not written by a newsroom export:"
                " export into another folder"
            )
        for name in previous:
            (target / name).unlink(missing_ok=True)
        for name in written:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, target / name)
        _prune_empty_dirs(target, previous)
        manifest = {"files": written, "rows": counts}
        (target / EXPORT_MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return counts


def _previous_export(target: Path, overwrite: bool) -> list[str]:
    """The files of the export already in ``target`` (none for a new or empty folder)."""
    if not target.exists() or not any(target.iterdir()):
        return []
    manifest = target / EXPORT_MANIFEST
    if not overwrite:
        raise WarehouseError(
            f"{target} is not empty: export into a new or empty folder, or add --overwrite"
            " to replace a previous newsroom export there"
        )
    if not manifest.is_file():
        raise WarehouseError(
            f"{target} holds no newsroom export ({EXPORT_MANIFEST} is missing):"
            " newsroom replaces only files it wrote; export into another folder"
        )
    try:
        files = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    except (ValueError, KeyError, TypeError, OSError) as exc:
        raise WarehouseError(
            f"{manifest} cannot be read ({exc}): export into another folder"
        ) from exc
    inside = [f for f in files if isinstance(f, str) and ".." not in Path(f).parts]
    return [f for f in inside if not Path(f).is_absolute()] + [EXPORT_MANIFEST]


def _prune_empty_dirs(target: Path, files: list[str]) -> None:
    """Remove folders the previous export made that are empty now (deepest first)."""
    folders = {target / Path(f).parent for f in files} - {target}
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        with suppress(OSError):
            folder.rmdir()
        parent = folder.parent
        while parent != target and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")


@dataclass(frozen=True, slots=True)
class WarehouseStatus:
    """What ``newsroom status`` shows."""

    articles: int
    stories: int
    errors: int
    runs: list[dict[str, Any]]
    last_run_errors: list[tuple[str, str, int]]  # stage, error, count
    outlets: list[dict[str, Any]]


def warehouse_status(published: str | Path, runs: int = 10) -> WarehouseStatus:
    """Counts, the last runs and the last run's errors, from the published snapshot."""
    store = Warehouse(published)
    if not store.exists():
        raise WarehouseError(f"no warehouse at {store.backend}")
    with store.connect(read_only=True) as con:
        totals = con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM stories),"
            " (SELECT count(*) FROM ingest_errors)"
        ).fetchone() or (0, 0, 0)
        cursor = con.execute(
            "SELECT run_id, flow, started_at, finished_at, seen, new, changed, unchanged,"
            " duplicates, failed FROM runs ORDER BY finished_at DESC LIMIT ?",
            [runs],
        )
        names = [d[0] for d in cursor.description or []]
        last_runs = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        errors = (
            con.execute(
                "SELECT stage, error, count(*) FROM ingest_errors WHERE run_id = ?"
                " GROUP BY ALL ORDER BY 3 DESC, 1, 2",
                [last_runs[0]["run_id"]],
            ).fetchall()
            if last_runs
            else []
        )
        cursor = con.execute(
            "SELECT outlet, articles, short_share, median_words FROM outlet_health"
            " ORDER BY articles DESC, outlet LIMIT 10"
        )
        names = [d[0] for d in cursor.description or []]
        outlets = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return WarehouseStatus(
        articles=int(totals[0]),
        stories=int(totals[1]),
        errors=int(totals[2]),
        runs=last_runs,
        last_run_errors=[(str(s), str(e), int(n)) for s, e, n in errors],
        outlets=outlets,
    )


@dataclass(frozen=True, slots=True)
class HealthDrop:
    """An outlet whose latest day of articles extracted much worse than its usual."""

    outlet: str
    day: Any  # datetime.date
    articles: int
    short_share: float
    baseline_short_share: float
    median_words: float
    baseline_median_words: float


def health_drops(
    published: str | Path,
    *,
    min_articles: int = 5,
    rise: float = 0.25,
    baseline_days: int = 14,
) -> list[HealthDrop]:
    """Outlets whose last day's share of short bodies rose by ``rise`` or more over the
    ``baseline_days`` before it, or whose median body length fell below half of it.

    Only days and baselines of at least ``min_articles`` articles count.
    """
    store = Warehouse(published)
    if not store.exists():
        return []
    with store.connect(read_only=True) as con:
        rows = con.execute(
            """
            WITH latest AS (
                SELECT * FROM outlet_health_day
                QUALIFY row_number() OVER (PARTITION BY outlet ORDER BY day DESC) = 1
            ),
            baseline AS (
                SELECT h.outlet, sum(h.articles) AS articles,
                       sum(h.short_share * h.articles) / sum(h.articles) AS short_share,
                       median(h.median_words) AS median_words
                FROM outlet_health_day h JOIN latest l USING (outlet)
                WHERE h.day < l.day AND h.day >= l.day - ?::INTEGER
                GROUP BY h.outlet
            )
            SELECT l.outlet, l.day, l.articles, l.short_share, b.short_share,
                   l.median_words, b.median_words
            FROM latest l JOIN baseline b USING (outlet)
            WHERE l.articles >= ? AND b.articles >= ?
              AND (l.short_share - b.short_share >= ? OR l.median_words < b.median_words / 2)
            ORDER BY l.outlet
            """,
            [baseline_days, min_articles, min_articles, rise],
        ).fetchall()
    return [
        HealthDrop(str(o), d, int(n), float(s), float(bs), float(m), float(bm))
        for o, d, n, s, bs, m, bm in rows
    ]
