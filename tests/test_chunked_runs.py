"""Runs that place and load their articles a chunk at a time (bounded memory), and stay
all-or-nothing where users look: the published snapshot."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from prefect.client.orchestration import get_client

from flows.ingest_files import ingest_files
from newsroom import engine
from newsroom.engine import InProcess
from newsroom.warehouse import (
    Warehouse,
    published_path,
    store_for,
    work_path,
    working_file,
    write_lock,
)
from readback import query as rows
from test_warehouse import article, run

STORY_ROWS = "SELECT source_uri, story_id, is_canonical FROM articles ORDER BY source_uri"


def copies_of_seeds(seeds: Path, folder: Path) -> Path:
    """The seeds, and three reposts of each of two: quotes straightened, ends cut, a
    share line added."""
    folder.mkdir()
    for seed in sorted(seeds.glob("*.txt")):
        (folder / seed.name).write_bytes(seed.read_bytes())
    for seed in sorted(seeds.glob("*.txt"))[:2]:
        text = seed.read_text(encoding="utf-8")
        straight = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")
        paragraphs = straight.split("\n\n")
        (folder / f"zz_cut_{seed.name}").write_text("\n\n".join(paragraphs[:-2]), "utf-8")
        (folder / f"aa_share_{seed.name}").write_text(straight + "\n\nShare this article", "utf-8")
        (folder / f"mm_{seed.name}").write_text("\n\n".join(paragraphs[:-3]), "utf-8")
    return folder


@pytest.mark.usefixtures("prefect_api")
def test_a_run_in_chunks_makes_the_stories_of_a_run_in_one(seeds: Path, tmp_path: Path) -> None:
    folder = copies_of_seeds(seeds, tmp_path / "in")
    one = ingest_files(paths=[str(folder)], warehouse=str(tmp_path / "one" / "w.duckdb"))
    chunked = ingest_files(
        paths=[str(folder)], warehouse=str(tmp_path / "chunks" / "w.duckdb"), chunk_size=2
    )
    assert (one.new, one.new_stories, one.duplicates) == (11, 5, 6)
    assert (chunked.new, chunked.new_stories, chunked.duplicates) == (11, 5, 6)
    story_rows = rows(tmp_path / "one" / "w.duckdb", STORY_ROWS)
    assert rows(tmp_path / "chunks" / "w.duckdb", STORY_ROWS) == story_rows
    assert len({story for _, story, _ in story_rows}) == 5
    # One run, recorded once, whatever the chunks.
    assert rows(tmp_path / "chunks" / "w.duckdb", "SELECT new, duplicates FROM runs") == [(11, 6)]
    with get_client(sync_client=True) as client:  # six chunks, each placed then loaded
        names = [t.name for t in client.read_task_runs() if str(t.flow_run_id) == chunked.run_id]
    assert sorted(n for n in names if n.startswith("load-")) == [
        f"load-{first}" for first in (0, 10, 2, 4, 6, 8)
    ]


def test_a_failing_run_takes_its_loaded_chunks_back(tmp_path: Path) -> None:
    published = tmp_path / "w.duckdb"
    work = work_path(published)
    Warehouse(published).load(run("r1"), [article(1)], [])
    with (
        pytest.raises(RuntimeError, match="injected"),
        store_for(published).begin(run("r2")) as writer,
    ):
        writer.load([article(i) for i in range(2, 500)])
        writer.load([article(i) for i in range(500, 900)])
        assert rows(work, "SELECT count(*) FROM articles") == [(899,)]
        raise RuntimeError("injected failure between chunks")
    assert rows(work, "SELECT count(*) FROM articles") == [(1,)]
    assert rows(published, "SELECT count(*) FROM articles") == [(1,)]
    with write_lock(work, timeout=0):  # released
        pass
    assert not list(tmp_path.glob("*.loading"))


def test_a_run_killed_between_chunks_leaves_the_snapshot_and_the_next_run_loads_all(
    tmp_path: Path,
) -> None:
    published = tmp_path / "w.duckdb"
    work = work_path(published)
    Warehouse(published).load(run("r1"), [article(1)], [])
    script = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_warehouse import article, run
        from newsroom.warehouse import store_for

        writer = store_for({str(published)!r}).begin(run("r2"))
        writer.load([article(i) for i in range(2, 1000)])
        writer.load([article(i) for i in range(1000, 2000)])
        os._exit(9)  # killed between chunks: no finish, no close, no atexit
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 9, proc.stderr
    assert rows(published, "SELECT count(*) FROM articles") == [(1,)]
    assert rows(work, "SELECT count(*) FROM articles") == [(1999,)]  # scratch, unpublished

    # The next run starts from the snapshot, not from the dead run's chunks.
    assert working_file(published) == work == work_path(published)
    assert published_path(work) == published.absolute()
    assert rows(work, "SELECT count(*) FROM articles") == [(1,)]
    assert rows(work, "SELECT run_id FROM runs") == [("r1",)]
    with store_for(published).begin(run("r3")) as writer:
        writer.load([article(i) for i in range(2, 1500)])
        writer.load([article(i) for i in range(1500, 2000)])
        result = writer.commit([])
    assert (result.new, result.unchanged) == (1998, 0)
    assert rows(published, "SELECT count(*) FROM articles") == [(1999,)]
    assert rows(published, "SELECT run_id, new FROM runs ORDER BY run_id") == [
        ("r1", 1),
        ("r3", 1998),
    ]


def test_status_tells_a_loading_run_from_a_killed_one(tmp_path: Path) -> None:
    """`newsroom status` said "A run is writing" for ever after a run was killed (or had
    failed): it compared the working file's time with the snapshot's."""
    published = tmp_path / "w.duckdb"
    Warehouse(published).load(run("r1"), [article(1)], [])
    time.sleep(1.1)  # the working file the run writes is then newer than the snapshot
    script = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_warehouse import article, run
        from newsroom.warehouse import store_for

        writer = store_for({str(published)!r}).begin(run("r2"))
        writer.load([article(i) for i in range(2, 200)])
        print("loading", flush=True)
        sys.stdin.read()  # until killed
        """
    )
    loading = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert loading.stdout is not None and loading.stdout.readline() == "loading\n"
        assert store_for(published).run_in_progress()
    finally:
        loading.kill()
        loading.wait()
    assert not store_for(published).run_in_progress()
    assert rows(published, "SELECT count(*) FROM articles") == [(1,)]


def test_a_first_run_killed_between_chunks_leaves_no_warehouse_behind(tmp_path: Path) -> None:
    published = tmp_path / "w.duckdb"
    work = working_file(published)
    script = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_warehouse import article, run
        from newsroom.warehouse import store_for

        writer = store_for({str(published)!r}).begin(run("r1"))
        writer.load([article(i) for i in range(1, 100)])
        os._exit(9)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 9, proc.stderr
    assert not published.exists() and work.exists()
    assert not working_file(published).exists()  # nothing was ever published: start empty


@pytest.mark.usefixtures("prefect_api")
def test_flow_and_in_process_runs_take_turns_on_one_file_and_lose_nothing(
    seeds: Path, tmp_path: Path
) -> None:
    """Issue 14: an in-process run on a DuckDB file a flow has used must not leave a
    working file that the next flow run publishes over the rows it added. Both kinds of
    run go through one working file and publish it; each starts from the last publish."""
    names = sorted(p.name for p in seeds.glob("*.txt"))
    groups = {"a": names[:2], "b": names[2:4], "c": names[4:]}
    for group, members in groups.items():
        (tmp_path / group).mkdir()
        for name in members:
            (tmp_path / group / name).write_bytes((seeds / name).read_bytes())
    published = tmp_path / "wh" / "newsroom.duckdb"

    first = ingest_files(paths=[str(tmp_path / "a")], warehouse=str(published))
    second = engine.ingest_files(
        [str(tmp_path / "b")], published, compute=InProcess(), run_id="in-process"
    ).summary
    assert rows(published, "SELECT count(*) FROM articles") == [(4,)]  # published at once
    third = ingest_files(paths=[str(tmp_path / "c")], warehouse=str(published))

    assert (first.new, second.new, third.new) == (2, 2, 1)
    uris = [uri for (uri,) in rows(published, "SELECT source_uri FROM articles ORDER BY 1")]
    assert [Path(uri).parent.name + "/" + Path(uri).name for uri in uris] == sorted(
        f"{group}/{name}" for group, members in groups.items() for name in members
    )
    assert rows(published, "SELECT run_id, new FROM runs ORDER BY started_at") == [
        (first.run_id, 2),
        ("in-process", 2),
        (third.run_id, 1),
    ]
    # The working file holds what was published, nothing more: no run is half-loaded.
    assert rows(work_path(published), "SELECT count(*) FROM articles") == [(5,)]
    assert not list(published.parent.glob("*.loading"))
