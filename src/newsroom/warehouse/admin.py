"""Looking after a warehouse: copy it to another backend, compact a lake, export it to
Parquet, report its status and its outlets' health. These read the published snapshot
(or the lake) like any SQL client; copy and compact take the run lock where they write.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from newsroom.errors import ExportFolderInUse, WarehouseError
from newsroom.warehouse.connection import commit
from newsroom.warehouse.reads import Warehouse
from newsroom.warehouse.runs import WRITE_LOCK_TIMEOUT, store_for
from newsroom.warehouse.search import INDEX_TABLES, refresh_index


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
    ``target`` must hold no rows yet. ``schema_migrations`` is not copied, nor the search
    index's tables: ``target`` indexes what it received. Tables a user made in ``source``
    (``CREATE TABLE my_notes …``, which runs carry) are made in ``target`` from their rows;
    a user's views are not copied (their SQL may name what ``target`` lacks).
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
            if row[0] not in INDEX_TABLES
        ]
        own = {
            str(t)
            for (t,) in con.execute(
                "SELECT table_name FROM duckdb_tables()"
                " WHERE database_name = current_database() AND schema_name = 'main'"
                " AND table_name <> 'schema_migrations'"
            ).fetchall()
        }
        filled = [t for t in own if con.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchall()]
        if filled:
            raise WarehouseError(
                f"{dst.backend} already holds rows ({', '.join(sorted(filled))}): copy into a"
                " new warehouse"
            )
        con.execute("BEGIN TRANSACTION")
        try:
            for table in tables:
                if table in own:
                    con.execute(
                        f'INSERT INTO "{table}" BY NAME SELECT * FROM copy_source."{table}"'
                    )
                else:  # the user's own table: made from its rows
                    con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM copy_source."{table}"')
            refresh_index(con)
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise WarehouseError(
                f"copying into {dst.backend} failed, nothing copied: {exc}"
            ) from exc
        except BaseException:
            con.execute("ROLLBACK")
            raise
        commit(con, dst.backend)
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
    if not store_for(warehouse).needs_upkeep:
        return (0, 0)
    store = Warehouse(warehouse)
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
    "translation_links": ("SELECT * FROM translation_links", False),
    # the facts of the current articles (who, what, where, when, each with its method)
    "entities": ("SELECT * FROM entities", False),
    **{
        table: (f"SELECT f.* FROM {table} f SEMI JOIN articles a USING (article_id)", False)
        for table in ("mentions", "quotes", "article_fields", "sources_cited", "amounts")
    },
    "ingest_errors": (
        "SELECT *, CAST(timezone('UTC', \"at\") AS DATE) AS day FROM ingest_errors",
        True,
    ),
    "runs": ("SELECT * FROM runs", False),
    # every version each source has had (the current one included): what changed, when
    "article_versions": ("SELECT * FROM article_versions", False),
    # files read by earlier runs and no longer in their folders (what they loaded stays)
    "gone_files": ("SELECT * FROM gone_files", False),
    # what each run saw of the topics followed (newsroom topics)
    **{
        table: (f"SELECT * FROM {table}", False)
        for table in ("topic_stats", "topic_stories", "topic_entities")
    },
}


# Exported tables that a warehouse migrated by an earlier version lacks until its next run.
SINCE_MIGRATION = frozenset({"gone_files"})

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
            found = con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
            tables = {row[0] for row in found}
            for name, (sql, by_day) in EXPORTS.items():
                if name in SINCE_MIGRATION and name not in tables:
                    continue  # a warehouse no run of this version has migrated yet
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
        raise ExportFolderInUse(
            f"{target} is not empty: export into a new or empty folder, or add --overwrite"
            " to replace a previous newsroom export there"
        )
    if not manifest.is_file():
        raise ExportFolderInUse(
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
    failing: int = 0  # documents whose last attempt failed, still to mend (errors --failing)


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
        # failed_before came with migration 014, gone with 021 and moved with 022: a
        # warehouse no run has migrated since has not got them
        added = ("failed_before", "gone", "moved")
        later = {
            name
            for (name,) in con.execute(
                "SELECT column_name FROM duckdb_columns()"
                " WHERE table_name = 'runs' AND list_contains(?, column_name)",
                [list(added)],
            ).fetchall()
        }
        columns = ", ".join(
            f"coalesce({name}, 0) AS {name}" if name in later else f"0 AS {name}" for name in added
        )
        cursor = con.execute(
            "SELECT run_id, flow, started_at, finished_at, seen, new, changed, unchanged,"
            f" duplicates, failed, {columns} FROM runs"
            " ORDER BY finished_at DESC LIMIT ?",
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
        failing=store.failing_count(),
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


# Each outlet's latest day (``latest``) and its ``baseline_days`` before it together
# (``baseline``; the one parameter: how many days).
_LATEST_AND_BASELINE = """
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
"""


def health_judged(
    published: str | Path, *, min_articles: int = 5, baseline_days: int = 14
) -> tuple[int, int]:
    """(outlets ``health_drops`` can judge, outlets in all): an outlet is judged when its
    latest day has ``min_articles`` articles or more, and so do the ``baseline_days``
    before it together."""
    store = Warehouse(published)
    if not store.exists():
        return 0, 0
    with store.connect(read_only=True) as con:
        row = con.execute(
            f"""{_LATEST_AND_BASELINE}
            SELECT count(*) FILTER (WHERE l.articles >= ? AND b.articles >= ?), count(*)
            FROM latest l LEFT JOIN baseline b USING (outlet)
            """,
            [baseline_days, min_articles, min_articles],
        ).fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


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
            f"""{_LATEST_AND_BASELINE}
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
