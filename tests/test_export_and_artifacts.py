"""`export` never deletes what newsroom did not write; artifacts show page text inertly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from prefect.artifacts import Artifact

from flows.common import markdown_text
from flows.ingest_files import ingest_files
from newsroom.errors import WarehouseError
from newsroom.warehouse import EXPORT_MANIFEST, export_parquet

HOSTILE_TITLE = "<img src=x onerror=alert(1)> [Read more](javascript:alert(2)) | `x`"


@pytest.fixture
def loaded(seeds: Path, warehouse_path: Path, prefect_api: None) -> Path:
    ingest_files(paths=[str(seeds)], warehouse=str(warehouse_path))
    return warehouse_path


def test_export_refuses_a_folder_with_the_users_files_and_keeps_them(
    loaded: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    mine = out / "articles" / "my-notes.txt"
    mine.parent.mkdir(parents=True)
    mine.write_text("mine", encoding="utf-8")
    with pytest.raises(WarehouseError, match="not empty"):
        export_parquet(loaded, out)
    with pytest.raises(WarehouseError, match="no newsroom export"):
        export_parquet(loaded, out, overwrite=True)
    assert mine.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in out.rglob("*")) == ["articles", "my-notes.txt"]


def test_overwrite_replaces_only_the_previous_exports_files(loaded: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = export_parquet(loaded, out)
    assert first["articles"] == 5
    # the facts go too (trial11: an export held no people, places, quotes or fields)
    assert first["entities"] > 0 and first["mentions"] >= first["entities"], first
    assert first["quotes"] > 0 and first["article_fields"] > 0, first
    import duckdb

    people = duckdb.sql(f"SELECT count(*) FROM '{out}/mentions.parquet' WHERE kind = 'person'")
    assert people.fetchone()[0] > 0  # type: ignore[index]
    written = json.loads((out / EXPORT_MANIFEST).read_text(encoding="utf-8"))["files"]
    assert written and all((out / f).is_file() for f in written)
    assert not [p for p in out.iterdir() if p.name.startswith(".newsroom-export-")]
    mine = out / "articles" / "my-notes.txt"
    mine.write_text("mine", encoding="utf-8")
    with pytest.raises(WarehouseError, match="not empty"):
        export_parquet(loaded, out)
    again = export_parquet(loaded, out, overwrite=True)
    assert again == first
    assert mine.read_text(encoding="utf-8") == "mine"
    assert all((out / f).is_file() for f in written)


def test_markdown_text_is_inert() -> None:
    shown = markdown_text(HOSTILE_TITLE)
    assert "<" not in shown and ">" not in shown
    assert "](" not in shown and "\\|" in shown and "\\`" in shown


def test_the_run_artifact_escapes_titles_and_uris(
    tmp_path: Path, warehouse_path: Path, prefect_api: None
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    body = " ".join(
        "The council met on Tuesday and agreed to repair the old bridge before winter."
        for _ in range(8)
    )
    title = "Mayor says the bridge <img src=x onerror=alert(1)> will reopen in June"
    (folder / "<script>alert(3)<script>.txt").write_text(
        f"{title}\n\n{body}\n\n{body.replace('bridge', 'road')}\n", encoding="utf-8"
    )
    summary = ingest_files(paths=[str(folder)], warehouse=str(warehouse_path))
    assert summary.new == 1
    artifact = Artifact.get("ingest-files-summary")
    assert artifact is not None
    text = str(artifact.data)
    assert summary.run_id in text
    assert "onerror" in text  # the title is shown …
    for raw in ("<img", "<script"):
        assert raw not in text  # … as text, never as markup


def test_export_holds_the_versions_the_gone_files_and_the_topics(
    seeds: Path, tmp_path: Path, warehouse_url: str
) -> None:
    """An analyst's export is the whole history: every version of an edited file, the
    files gone from their folders and what runs saw of the topics followed (they were
    missing: only the current articles and their facts were written)."""
    import duckdb

    from newsroom.engine import ingest_files as ingest

    folder = tmp_path / "in"
    shutil.copytree(seeds, folder)
    ingest([str(folder)], warehouse_url)
    edited = next(iter(sorted(folder.glob("004_*.txt"))))
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("financially speaking", "in money terms"),
        encoding="utf-8",
    )
    gone = next(iter(sorted(folder.glob("001_*.txt"))))
    gone.unlink()
    assert ingest([str(folder)], warehouse_url).summary.gone == 1

    out = tmp_path / "out"
    counts = export_parquet(warehouse_url, out)
    assert (counts["articles"], counts["article_versions"], counts["gone_files"]) == (5, 6, 1)
    assert {"topic_stats", "topic_stories", "topic_entities"} <= counts.keys()
    back = duckdb.connect()
    assert back.execute(f"SELECT source_uri FROM '{out}/gone_files.parquet'").fetchall() == [
        (gone.as_uri(),)
    ]
    versions = back.execute(
        f"SELECT version, superseded_at IS NULL FROM '{out}/article_versions.parquet'"
        " WHERE source_uri = ? ORDER BY version",
        [edited.as_uri()],
    ).fetchall()
    assert versions == [(1, False), (2, True)]
    back.close()


def test_export_reads_a_warehouse_from_before_gone_files(loaded: Path, tmp_path: Path) -> None:
    """A warehouse no run of this version has migrated yet has no ``gone_files``: the
    export writes the rest."""
    import duckdb

    con = duckdb.connect(str(loaded))
    con.execute("DROP TABLE gone_files")
    con.close()
    counts = export_parquet(loaded, tmp_path / "out")
    assert "gone_files" not in counts and counts["article_versions"] == 5


def test_the_run_artifact_counts_in_the_singular_where_there_is_one(tmp_path: Path) -> None:
    # trial17: "1 file read in an earlier run is gone … what they loaded stays"
    from flows.common import summary_markdown
    from newsroom.records import RunSummary

    summary = RunSummary(
        run_id="r", warehouse=str(tmp_path / "w.duckdb"), seen=1, new=0, changed=0,
        unchanged=1, duplicates=0, failed=0, new_stories=0, errors_by_stage={},
        first_errors=(), seconds=1.0, gone=1,
    )  # fmt: skip
    text = summary_markdown(summary, [])
    assert "1 file read in an earlier run is gone" in text and "what it loaded stays" in text
