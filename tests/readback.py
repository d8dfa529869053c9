"""Reading a warehouse file back in tests: a fresh read-only connection per query, so
what a test sees is what was persisted, as any other client would see it."""

from __future__ import annotations

from pathlib import Path

import duckdb


def query(path: Path, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()
