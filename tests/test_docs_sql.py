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


def test_the_what_changed_example_lists_edits_not_a_file_moved_and_back(
    seeds: Path, tmp_path: Path, warehouse_path: Path
) -> None:
    """trial17: a file renamed and renamed back is a second version of the same text at
    its path, and the docs' "What changed" query listed it among the edited documents."""
    import shutil

    (what_changed,) = [s for s in statements(DOCS[0]) if "content_sha256 <> v.content_sha256" in s]
    folder = tmp_path / "in"
    folder.mkdir()
    moved, edited = next(seeds.glob("000_*.txt")), next(seeds.glob("004_*.txt"))
    for seed in (moved, edited):
        shutil.copy(seed, folder)
    ingest_files([str(folder)], warehouse_path)
    (folder / moved.name).rename(folder / "away.txt")
    ingest_files([str(folder)], warehouse_path)
    (folder / "away.txt").rename(folder / moved.name)  # back: version 2 of the same text
    target = folder / edited.name
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("financially speaking", "in money terms"), "utf-8")
    ingest_files([str(folder)], warehouse_path)
    con = duckdb.connect(str(warehouse_path), read_only=True)
    try:
        listed = {Path(str(uri)).name for uri, *_ in con.execute(what_changed).fetchall()}
    finally:
        con.close()
    assert listed == {edited.name}
