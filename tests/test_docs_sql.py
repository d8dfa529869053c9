"""Every SQL example of the warehouse's documentation runs on a warehouse of the seeds, as
an analyst pastes it into a SQL client that has loaded nothing."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from newsroom.engine import ingest_files
from newsroom.warehouse.search import load_extension

ROOT = Path(__file__).resolve().parents[1]
DOCS = (ROOT / "warehouse" / "README.md", ROOT / "docs" / "operations.md")
_BLOCK = re.compile(r"```sql\n(.*?)```", re.DOTALL)


def statements(path: Path) -> list[str]:
    """The statements of a document's SQL blocks, comments left out; a block about
    DuckLake (which needs a lake's catalog) is not one a file warehouse runs."""
    out = []
    for block in _BLOCK.findall(path.read_text(encoding="utf-8")):
        if "ducklake:" in block:
            continue
        text = "\n".join(ln for ln in block.splitlines() if not ln.lstrip().startswith("--"))
        out += [s.strip() for s in text.split(";") if s.strip()]
    return out


def test_the_docs_hold_sql_examples() -> None:
    assert len(statements(DOCS[0])) >= 20


def test_every_sql_example_of_the_docs_runs(seeds: Path, warehouse_path: Path) -> None:
    ingest_files([str(seeds)], warehouse_path)
    load_extension(duckdb.connect())  # as the run did: stem() then loads by itself
    con = duckdb.connect(str(warehouse_path), read_only=True)
    failed = []
    try:
        for doc in DOCS:
            for statement in statements(doc):
                try:
                    con.execute(statement).fetchall()
                except duckdb.Error as exc:
                    failed.append(f"{doc.name}: {statement[:80]!r}: {exc}")
    finally:
        con.close()
    if failed:
        pytest.fail("\n".join(failed))
