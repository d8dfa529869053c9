"""Whole runs into a DuckLake: two processes ingesting at once, on both catalogs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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
