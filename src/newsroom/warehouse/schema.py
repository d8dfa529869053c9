"""The warehouse schema: numbered SQL files applied in order, each in its own transaction.

Migrations live in ``warehouse/migrations/NNN_name.sql`` (packaged with the wheel under
``newsroom/_sql/migrations``) and are recorded in ``schema_migrations``. A migration that
needs Python after its SQL (computing a new index for rows loaded before it) names a
function in ``AFTER_MIGRATION``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from contextlib import suppress
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from newsroom.dedup import band_keys
from newsroom.errors import WarehouseError
from newsroom.metadata import UNSPACED_CHAR
from newsroom.records import utcnow
from newsroom.warehouse.backend import Backend
from newsroom.warehouse.load import chunks, recanonicalise


def _migrations_dir() -> Path:
    """Migration files: packaged with the wheel, or beside the source in a checkout."""
    packaged = Path(str(resources.files("newsroom"))) / "_sql" / "migrations"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "warehouse" / "migrations"


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration, in order."""
    found = []
    for path in sorted(_migrations_dir().glob("[0-9][0-9][0-9]_*.sql")):
        found.append((int(path.name[:3]), path.stem, path.read_text(encoding="utf-8")))
    if not found:
        raise WarehouseError(f"no migration files found in {_migrations_dir()}")
    return found


def migrate(con: duckdb.DuckDBPyConnection, backend: Backend) -> int:
    """Apply pending migrations; return the schema version.

    Two processes creating one new lake: one commits each step, the other's commit
    conflicts; it reads what was applied and goes on.
    """
    attempts = 0
    while True:
        try:
            return _apply(con, backend)
        except (duckdb.Error, WarehouseError) as exc:
            if not _lost_race(backend, exc) or attempts >= 10:
                raise
            attempts += 1
            time.sleep(0.05 * attempts * (1 + random.random()))


def _lost_race(backend: Backend, exc: BaseException) -> bool:
    """Whether a migration's commit lost to another process creating the same lake: a
    conflict, or (DuckLake 0.x with a SQLite catalog, seen under load) a commit that read
    the other's tables half made ("Table entry … does not have any columns"). Either way
    the step was rolled back whole, and reading what was applied again is safe."""
    return backend.lost_to_another_writer(exc) or (
        backend.is_lake and "Failed to commit DuckLake transaction" in str(exc)
    )


def _apply(con: duckdb.DuckDBPyConnection, backend: Backend) -> int:
    adapt = backend.adapt_migration  # DuckLake refuses keys and CHECKs
    con.execute(
        adapt(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
            " name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
        )
    )
    applied = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
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
            if number in AFTER_MIGRATION:
                AFTER_MIGRATION[number](con)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [number, name, utcnow()])
            con.execute("COMMIT")
        except duckdb.Error as exc:
            with suppress(duckdb.Error):  # a failed COMMIT has rolled back already
                con.execute("ROLLBACK")
            raise WarehouseError(f"migration {name} failed: {exc}") from exc
        version = number
    return version


def _backfill_bands(con: duckdb.DuckDBPyConnection) -> None:
    """Migration 2 adds the band index: compute the keys of articles loaded before it."""
    _insert_bands(con, con.execute("SELECT article_id, body FROM articles").fetchall())


def _rekey_unspaced(con: duckdb.DuckDBPyConnection) -> None:
    """Migration 10 splits unspaced scripts into characters: the keys of articles holding
    such text, computed again."""
    rows = con.execute(
        "SELECT article_id, body FROM articles WHERE regexp_matches(body, ?)", [UNSPACED_CHAR]
    ).fetchall()
    con.execute(
        "DELETE FROM article_bands WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
        [[article_id for article_id, _ in rows]],
    )
    _insert_bands(con, rows)


def _insert_bands(con: duckdb.DuckDBPyConnection, rows: list[tuple[Any, ...]]) -> None:
    for chunk in chunks(rows):
        table = pa.table(
            {
                "article_id": [aid for aid, body in chunk for _ in band_keys(body)],
                "band_key": pa.array([k for _, body in chunk for k in band_keys(body)], pa.int64()),
            }
        )
        con.register("backfill", table)
        con.execute("INSERT INTO article_bands SELECT * FROM backfill")
        con.unregister("backfill")


def _file_countries(con: duckdb.DuckDBPyConnection) -> None:
    """Migration 13 files a country under one name whatever name an article gave it, and
    migration 25 knows more names of countries: the places loaded before each are filed
    (again), by their own name or the nominative the facts step filed them under ("США":
    `United States`, "Великобритании" filed as "Великобритания": `United Kingdom`), where
    that is a country's name in their article's language."""
    from newsroom.facts.places import country_name  # the facts package, only when asked

    named = con.execute(
        "SELECT DISTINCT m.entity, m.canonical, v.language FROM mentions m"
        " JOIN article_versions v USING (article_id) WHERE m.kind = 'place'"
    ).fetchall()
    filed = [
        (entity, canonical, language, name)
        for entity, canonical, language in named
        if (name := country_name(canonical or entity, language)) is not None and name != canonical
    ]
    if not filed:
        return
    table = pa.table(
        {
            "entity": [e for e, _, _, _ in filed],
            "canonical": pa.array([c for _, c, _, _ in filed], pa.string()),
            "language": pa.array([lang for _, _, lang, _ in filed], pa.string()),
            "filed_as": [name for _, _, _, name in filed],
        }
    )
    con.register("filed", table)
    try:
        con.execute(
            """
            UPDATE mentions SET canonical = f.filed_as
            FROM article_versions v, filed f
            WHERE mentions.article_id = v.article_id AND mentions.kind = 'place'
              AND mentions.entity = f.entity
              AND mentions.canonical IS NOT DISTINCT FROM f.canonical
              AND v.language IS NOT DISTINCT FROM f.language
            """
        )
    finally:
        con.unregister("filed")


def _canonical_again(con: duckdb.DuckDBPyConnection) -> None:
    """Migration 24 changes the rule of a story's canonical copy: every story's again."""
    recanonicalise(con, "SELECT DISTINCT story_id FROM article_versions")


AFTER_MIGRATION: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {
    2: _backfill_bands,
    10: _rekey_unspaced,
    13: _file_countries,
    24: _canonical_again,
    25: _file_countries,
}
