"""Whole runs into a DuckLake: two processes ingesting at once, on both catalogs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsroom import engine
from newsroom.warehouse import Warehouse


@pytest.mark.slow
def test_two_processes_ingest_into_one_lake_at_once(
    lake_url: str, seeds: Path, tmp_path: Path, prefect_api: None
) -> None:
    """Each document lands once, and the copies one process brings of the other's
    stories join those stories (runs into one lake take turns: neither misses the other)."""
    from prefect.settings import PREFECT_API_URL

    copies = tmp_path / "copies"
    copies.mkdir()
    for seed in sorted(seeds.glob("*.txt")):
        shutil.copy(seed, copies / f"copy-of-{seed.name}")
    env = {
        **os.environ,
        "COLUMNS": "200",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),
    }
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "newsroom", "ingest", str(folder), "--warehouse", lake_url],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in (seeds, copies)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, out + err
    files = len(list(seeds.glob("*.txt")))
    wh = Warehouse(lake_url)
    assert wh.query("SELECT count(*), count(DISTINCT source_uri) FROM articles") == [
        (2 * files, 2 * files)
    ]
    assert wh.query("SELECT count(*), sum(copies) FROM stories") == [(files, 2 * files)]
    assert wh.query("SELECT count(*) FROM articles WHERE is_canonical") == [(files,)]
    assert wh.query("SELECT sum(new), sum(duplicates), count(*) FROM runs") == [
        (2 * files, files, 2)
    ]


def _copies_run(
    lake_url: str, seeds: Path, tmp_path: Path, foreign_sql: str | None, attempts: int
) -> tuple[int, str | None, bool]:
    """Ingest copies of the seeds into a lake that holds the seeds, the way the flows
    do (``StoryLoader`` with the Prefect compute, two chunks), while another writer, no
    newsroom run, commits ``foreign_sql`` after the run's chunks are loaded and before it
    commits. Returns the commits the run lost, the error it ended with, and whether it
    kept its chunks."""
    from typing import Any

    from prefect import flow

    from flows.runners import PrefectCompute
    from newsroom import pipeline
    from newsroom.engine import StageClock, StoryLoader
    from newsroom.engine.compute import Stage
    from newsroom.engine.stories import PUBLISH
    from newsroom.records import RunRecord, utcnow
    from newsroom.sources.files import discover, read_files
    from newsroom.warehouse import store_for

    copies = tmp_path / "copies"
    copies.mkdir()
    for seed in sorted(seeds.glob("*.txt")):
        shutil.copy(seed, copies / f"copy-of-{seed.name}")
    files, _ = discover([str(copies)])
    docs, _, _ = read_files(files, 10_000_000, {})
    articles, _ = pipeline.normalise_documents(docs)
    run = RunRecord(
        run_id="run-with-a-lost-commit",
        flow="test",
        started_at=utcnow(),
        seen=len(articles),
        parameters={},
    )

    class ForeignWriterBeforeCommit(PrefectCompute):
        """The flows' compute, with another writer's commit just before the run's first."""

        published = 0

        def call(
            self, stage: Stage, kwargs: dict[str, Any], clock: StageClock, first: int | None = None
        ) -> Any:
            if stage is PUBLISH and self.published == 0 and foreign_sql is not None:
                with Warehouse(lake_url).connect() as con:  # another writer, lock not taken
                    con.execute(foreign_sql)
            if stage is PUBLISH:
                self.published += 1
            return super().call(stage, kwargs, clock, first)

    spooled: list[bool] = []

    @flow(name="lake-run-against-a-foreign-writer")
    def ingest_copies() -> tuple[int, str | None]:
        with (
            ForeignWriterBeforeCommit("local") as compute,
            StoryLoader(
                store_for(lake_url), run, compute, StageClock(), chunk_size=3, attempts=attempts
            ) as loader,
        ):
            loader.add(articles)
            try:
                loader.finish([], 0)
            except Exception as exc:
                return loader.commits_lost, f"{type(exc).__name__}: {exc}"
            finally:
                spooled.append(loader._spool is not None)
            return loader.commits_lost, None

    lost, error = ingest_copies()
    return lost, error, spooled == [True]


_FOREIGN_FIX = (
    "UPDATE article_versions SET title = title || ' (corrected)'"
    " WHERE source_uri = (SELECT min(source_uri) FROM article_versions)"
)


@pytest.mark.slow
def test_a_lake_run_that_loses_its_commit_runs_again(
    lake_url: str, seeds: Path, tmp_path: Path, prefect_api: None
) -> None:
    """A writer that is no newsroom run commits a change to the table the run updates
    between the run's loads and its commit: the run's commit fails whole, and the run is
    placed, loaded and committed again against the lake as it is now. Neither the other
    writer's change nor any of the run's documents is lost."""
    files = len(list(seeds.glob("*.txt")))
    engine.ingest_files([str(seeds)], lake_url)
    lost, error, spooled = _copies_run(lake_url, seeds, tmp_path, _FOREIGN_FIX, attempts=5)
    assert error is None and spooled
    assert lost == 1  # the first commit did lose: the retry is what saved the run
    wh = Warehouse(lake_url)
    assert wh.query("SELECT count(*), count(DISTINCT source_uri) FROM articles") == [
        (2 * files, 2 * files)
    ]
    assert wh.query("SELECT count(*), sum(copies) FROM stories") == [(files, 2 * files)]
    assert wh.query("SELECT count(*) FROM articles WHERE title LIKE '% (corrected)'") == [(1,)]
    assert wh.query("SELECT new, duplicates FROM runs WHERE run_id = 'run-with-a-lost-commit'") == [
        (files, files)
    ]


@pytest.mark.slow
def test_a_lake_run_out_of_attempts_fails_whole(
    lake_url: str, seeds: Path, tmp_path: Path, prefect_api: None
) -> None:
    files = len(list(seeds.glob("*.txt")))
    engine.ingest_files([str(seeds)], lake_url)
    lost, error, _ = _copies_run(lake_url, seeds, tmp_path, _FOREIGN_FIX, attempts=1)
    assert lost == 1
    assert error is not None and error.startswith("WarehouseConflict: another writer changed")
    wh = Warehouse(lake_url)
    assert wh.query("SELECT count(*) FROM articles") == [(files,)]  # nothing of the run
    assert wh.query("SELECT count(*) FROM runs WHERE run_id = 'run-with-a-lost-commit'") == [(0,)]
    assert wh.query("SELECT count(*) FROM articles WHERE title LIKE '% (corrected)'") == [(1,)]


@pytest.mark.slow
def test_a_lake_run_that_cannot_spool_still_commits(
    lake_url: str, seeds: Path, tmp_path: Path, prefect_api: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No room for the retry's spool (here: its folder is under a file) costs only the
    retry: the run goes on and commits."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("NEWSROOM_SPOOL_DIR", str(blocker / "spool"))
    files = len(list(seeds.glob("*.txt")))
    engine.ingest_files([str(seeds)], lake_url)
    lost, error, spooled = _copies_run(lake_url, seeds, tmp_path, None, attempts=5)
    assert (lost, error, spooled) == (0, None, False)
    wh = Warehouse(lake_url)
    assert wh.query("SELECT count(*) FROM articles") == [(2 * files,)]
    assert wh.query("SELECT count(*) FROM runs WHERE run_id = 'run-with-a-lost-commit'") == [(1,)]
