"""The DuckDB file's run protocol under faults: a full disk, a corrupt working file, a SQL
client writing the published file, a run killed during publish, spools of killed runs.

Real faults only: a small tmpfs that fills up, garbage written over a file, a second
process holding a read-write connection, processes killed with SIGKILL.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

import newsroom.warehouse as wh
from flows.cli import app
from flows.ingest_files import ingest_files
from newsroom.engine.stories import remove_stale_spools
from newsroom.errors import WarehouseBusy, WarehouseError
from newsroom.warehouse.connection import Connection
from readback import query

ROOT = Path(__file__).resolve().parents[1]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(folder: Path) -> list[str]:
    """Files a run must not leave: half copies, markers, logs."""
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.name.endswith((".tmp", ".publishing", ".loading", ".wal"))
    )


def more_files(folder: Path, seeds: Path, copies: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(copies):
        for seed in seeds.glob("*.txt"):
            text = seed.read_text(encoding="utf-8").replace(" the ", f" the {i} ", 3)
            (folder / f"{i}-{seed.name}").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 40 MB tmpfs: a disk that really fills up (the tests run as root, as CI does)."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"this test needs to mount a tmpfs (root): {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_fails_the_run_in_one_line_and_leaves_the_warehouse_as_it_was(
    small_disk: Path, seeds: Path, tmp_path: Path, prefect_api: None
) -> None:
    warehouse = small_disk / "news.duckdb"
    first = CliRunner().invoke(app, ["ingest", str(seeds), "-w", str(warehouse)])
    assert first.exit_code == 0, first.output
    before = digest(warehouse)
    filler = small_disk / "filler"
    free = shutil.disk_usage(small_disk).free
    with filler.open("wb") as f:  # leave less than one copy of the warehouse
        f.truncate(0)
        os.posix_fallocate(f.fileno(), 0, free - 3_000_000)
    batch = more_files(tmp_path / "more", seeds, 40)

    # the command as a user runs it, its terminal output whole (Prefect's logs included)
    from prefect.settings import PREFECT_API_URL

    env = {
        **os.environ,
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),
        "NEWSROOM_STATE_DIR": str(tmp_path / "state"),
    }

    def newsroom(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "newsroom", *args, "-w", str(warehouse)],
            env=env, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip

    full = newsroom("ingest", str(batch))
    assert full.returncode == 1, full.stderr
    output = " ".join((full.stdout + full.stderr).split())
    assert "run failed: no space left in" in output and "free space there" in output
    # said once: Prefect's task and flow logs of the same error stay off the terminal
    assert output.count("no space left in") == 1, output
    assert digest(warehouse) == before
    assert leftovers(small_disk) == []
    # nothing of the run is in the warehouse, but status says it failed, and why
    shown = " ".join(newsroom("status").stdout.split())
    assert "failed" in shown and "ingest-files: no space left in" in shown, shown

    filler.unlink()
    again = newsroom("ingest", str(batch))
    assert again.returncode == 0, again.stderr
    assert query(warehouse, "SELECT count(*) FROM articles") == [(5 + 200,)]
    assert leftovers(small_disk) == []
    assert "no space left" not in newsroom("status").stdout  # a run completed since


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_corrupt_working_file_is_made_again_from_the_snapshot(
    damage: str, seeds: Path, tmp_path: Path, warehouse_path: Path, prefect_api: None
) -> None:
    ingest_files(paths=[str(seeds)], warehouse=str(warehouse_path))
    work = wh.work_path(warehouse_path)
    assert work.exists()
    if damage == "garbage":
        work.write_bytes(os.urandom(300_000))
    else:
        with work.open("r+b") as f:
            f.truncate(5000)
    batch = more_files(tmp_path / "more", seeds, 2)
    summary = ingest_files(paths=[str(batch)], warehouse=str(warehouse_path))
    assert summary.new == 10
    assert query(warehouse_path, "SELECT count(*) FROM articles") == [(15,)]
    assert query(warehouse_path, "SELECT count(*) FROM runs") == [(2,)]


CLIENT = textwrap.dedent(
    """
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])  # read-write, as the duckdb shell opens it
    con.execute("CREATE TABLE IF NOT EXISTS notes (n INTEGER)")
    con.execute("INSERT INTO notes VALUES (1)")
    print("open", flush=True)
    sys.stdin.readline()  # wait while a run tries to publish
    con.execute("INSERT INTO notes VALUES (2)")
    con.execute("DELETE FROM runs")
    if sys.argv[2] == "kill":
        print("wrote", flush=True)
        time.sleep(600)
    con.close()
    print("closed", flush=True)
    """
)


@pytest.mark.parametrize("ending", ["close", "kill"])
def test_a_read_write_sql_client_never_lends_its_log_to_a_new_snapshot(
    ending: str,
    seeds: Path,
    tmp_path: Path,
    warehouse_path: Path,
    prefect_api: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A client holding the published file read-write, writing before and after a run
    tries to publish. The run waits, then fails whole (nothing half-published); whatever
    the client does after, the next run's snapshot holds every run and none of the
    client's later changes."""
    ingest_files(paths=[str(seeds)], warehouse=str(warehouse_path))
    monkeypatch.setenv("NEWSROOM_PUBLISH_WAIT", "1")
    client = subprocess.Popen(
        [sys.executable, "-c", CLIENT, str(warehouse_path), ending],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert client.stdout is not None and client.stdin is not None
        assert client.stdout.readline().strip() == "open"
        batch = more_files(tmp_path / "more", seeds, 1)
        with pytest.raises(WarehouseError, match="read-write"):
            ingest_files(paths=[str(batch)], warehouse=str(warehouse_path))
        client.stdin.write("go\n")
        client.stdin.flush()
        if ending == "kill":
            assert client.stdout.readline().strip() == "wrote"
            client.send_signal(signal.SIGKILL)
        client.wait(timeout=60)
    finally:
        client.kill()
    summary = ingest_files(paths=[str(batch)], warehouse=str(warehouse_path))
    assert summary.new == 5
    assert query(warehouse_path, "SELECT count(*) FROM articles") == [(10,)]
    runs = query(warehouse_path, "SELECT count(*) FROM runs")[0][0]
    assert runs >= 1  # the client's DELETE, kept or not, is never replayed onto this run
    assert query(warehouse_path, f"SELECT count(*) FROM runs WHERE run_id = '{summary.run_id}'")
    assert not (warehouse_path.parent / (warehouse_path.name + ".wal")).exists()


def test_a_run_waiting_for_a_read_write_client_says_so_at_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A scheduled run waited a minute for a SQL client in silence: its log in the Prefect
    UI showed nothing between 'found N files' and the end, as if it hung."""
    published = tmp_path / "news.duckdb"
    wh.Warehouse(published).migrate()
    client = subprocess.Popen(
        [sys.executable, "-c", CLIENT, str(published), "close"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert client.stdout is not None and client.stdout.readline().strip() == "open"
        with (
            caplog.at_level("WARNING", logger="newsroom"),
            pytest.raises(WarehouseBusy),
            Connection(published, busy_timeout=1).connect(read_only=True),
        ):
            pass
    finally:
        client.kill()
        client.wait()
    waits = [r.getMessage() for r in caplog.records if "waiting for it" in r.getMessage()]
    assert len(waits) == 1, caplog.text  # once, not at every retry
    assert str(published) in waits[0] and "SQL client" in waits[0]


PUBLISHER = textwrap.dedent(
    """
    import sys
    from newsroom.warehouse import publish
    publish(sys.argv[1])
    """
)


def test_a_run_killed_while_publishing_leaves_the_old_snapshot_whole(
    seeds: Path, tmp_path: Path, warehouse_path: Path, prefect_api: None
) -> None:
    ingest_files(paths=[str(seeds)], warehouse=str(warehouse_path))
    before = digest(warehouse_path)
    work = wh.work_path(warehouse_path)
    con = duckdb.connect(str(work))  # a big change, so that the copy takes a while
    con.execute(
        "CREATE TABLE ballast AS SELECT repeat(md5(i::VARCHAR), 40) AS x FROM range(400000) t(i)"
    )
    con.close()
    # A SQL client killed with -9 left its log beside the snapshot.
    client_wal = warehouse_path.with_name(warehouse_path.name + ".wal")
    client_wal.write_bytes(b"")

    publisher = subprocess.Popen([sys.executable, "-c", PUBLISHER, str(work)])
    copying = list(warehouse_path.parent.glob(f".{warehouse_path.name}.*.publishing"))
    deadline = time.monotonic() + 60
    while not copying and publisher.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
        copying = list(warehouse_path.parent.glob(f".{warehouse_path.name}.*.publishing"))
    publisher.send_signal(signal.SIGKILL)
    publisher.wait(timeout=60)
    assert copying, "the publish ended before it could be killed while copying"
    assert digest(warehouse_path) == before
    assert query(warehouse_path, "SELECT count(*) FROM articles") == [(5,)]

    # The next publish finishes the job and removes what the killed one left.
    wh.publish(work)
    assert query(warehouse_path, "SELECT count(*) FROM ballast") == [(400000,)]
    assert not list(warehouse_path.parent.glob("*.publishing"))
    assert not client_wal.exists()


SPOOLER = textwrap.dedent(
    """
    import time
    from newsroom.engine.stories import _Spool
    from newsroom.settings import settings
    spool = _Spool(settings().spool_dir)
    spool.keep([], [])
    print(spool._dir, flush=True)
    time.sleep(600)
    """
)


def test_the_spool_of_a_killed_lake_run_is_removed_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spools = tmp_path / "spools"
    spools.mkdir()
    env = {**os.environ, "NEWSROOM_SPOOL_DIR": str(spools), "PYTHONPATH": str(ROOT)}
    killed, alive = (
        subprocess.Popen(
            [sys.executable, "-c", SPOOLER], env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    )
    try:
        assert killed.stdout is not None and alive.stdout is not None
        dead_spool = Path(killed.stdout.readline().strip())
        live_spool = Path(alive.stdout.readline().strip())
        assert dead_spool.is_dir() and live_spool.is_dir()
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=30)
        assert remove_stale_spools(spools) == [dead_spool]
        assert not dead_spool.exists() and live_spool.is_dir()
    finally:
        killed.kill()
        alive.kill()


def test_a_read_write_connection_in_the_same_process_also_stops_the_publish(
    seeds: Path, tmp_path: Path, warehouse_path: Path, prefect_api: None
) -> None:
    """A notebook that opened the warehouse read-write and runs a flow in the same kernel:
    DuckDB refuses the publish's read-only connection there; the run fails whole."""
    ingest_files(paths=[str(seeds)], warehouse=str(warehouse_path))
    before = digest(warehouse_path)
    con = duckdb.connect(str(warehouse_path))
    try:
        with pytest.raises(WarehouseError, match="open read-write in this process"):
            ingest_files(
                paths=[str(more_files(tmp_path / "more", seeds, 1))], warehouse=str(warehouse_path)
            )
    finally:
        con.close()
    assert digest(warehouse_path) == before


def test_a_load_waits_for_another_run_only_as_long_as_its_busy_timeout(
    tmp_path: Path,
) -> None:
    """``Warehouse(busy_timeout=…).load`` gives up on a held write lock after that long
    (it waited the runs' 30 minutes), and loads once the lock is free."""
    import threading

    from newsroom.errors import WarehouseBusy
    from newsroom.warehouse import Warehouse
    from newsroom.warehouse.runs import work_path, write_lock
    from test_warehouse import article, run

    path = tmp_path / "newsroom.duckdb"
    Warehouse(path).load(run("r1"), [article(1)], [])
    held, release = threading.Event(), threading.Event()

    def other_run() -> None:
        with write_lock(work_path(path), timeout=5):
            held.set()
            release.wait(30)

    holder = threading.Thread(target=other_run)
    holder.start()
    try:
        assert held.wait(10)
        with pytest.raises(WarehouseBusy):  # (waiting the runs' 30 minutes, it would load)
            Warehouse(path, busy_timeout=0.5).load(run("r2"), [article(2)], [])
    finally:
        release.set()
        holder.join()
    assert Warehouse(path, busy_timeout=5).load(run("r3"), [article(3)], []).new == 1
