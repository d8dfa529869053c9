"""A URL run stopped half way keeps the pages it fetched; the next run takes them."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from http_server import serve
from newsroom.engine import ingest_urls
from newsroom.engine.compute import STOP
from newsroom.records import ArchivedResponse, Rejection, utcnow
from newsroom.sources.fetched import FetchedPages, kept_counts, store_path
from newsroom.sources.http import FetchSettings
from newsroom.warehouse.backend import parse
from readback import query

SETTINGS = FetchSettings(allow_private=True, host_delay=0)


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("NEWSROOM_CACHE_DIR", str(tmp_path / "cache"))
    yield
    STOP.clear()


def _key(warehouse: Path) -> str:
    return parse(warehouse).absolute().url


def _stop_after(pages: int) -> object:
    """A progress callback that presses Ctrl-C, as the command's handler does (``STOP``),
    once ``pages`` pages are fetched: the run stops at its next stage."""
    done = 0

    def progress(now: int, total: int) -> None:
        nonlocal done
        done += now
        if done >= pages:
            STOP.set()

    return progress


def test_a_stopped_url_run_leaves_its_pages_for_the_next_which_asks_for_none_again(
    warehouse_path: Path,
) -> None:
    """trial10: a sitemap crawl stopped after half an hour kept nothing; the same command
    asked every host for every page again."""
    with serve() as (base, state):
        urls = [f"{base}/story/s{i}" for i in range(8)]
        with pytest.raises(KeyboardInterrupt):
            ingest_urls(
                urls, warehouse_path, settings=SETTINGS, batch_size=2, progress=_stop_after(4)
            )  # type: ignore[arg-type]
        STOP.clear()
        first = {f"/story/s{i}": state.hits[f"/story/s{i}"] for i in range(8)}
        assert sum(first.values()) == 4, first  # two batches of two, then the stop
        assert kept_counts(_key(warehouse_path))[0] == 4
        assert not warehouse_path.exists()  # nothing published

        again = ingest_urls(urls, warehouse_path, settings=SETTINGS, batch_size=2).summary
        hits = {f"/story/s{i}": state.hits[f"/story/s{i}"] for i in range(8)}
    assert (again.seen, again.new, again.failed) == (8, 8, 0)
    assert all(count == 1 for count in hits.values()), hits  # none asked for twice
    [(loaded, archived)] = query(
        warehouse_path,
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM http_responses)",
    )
    assert (loaded, archived) == (8, 8)
    assert not store_path(_key(warehouse_path)).exists()  # loaded: nothing kept


CRAWL = """
import signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)  # as a terminal's Ctrl-C finds it
from newsroom.engine import ingest_urls
from newsroom.sources.http import FetchSettings
settings = FetchSettings(allow_private=True, per_host=1, host_delay=0.2)
ingest_urls(sys.argv[2:], sys.argv[1], settings=settings)
"""


@pytest.mark.timeout(120)
def test_a_ctrl_c_in_the_middle_of_a_batch_keeps_the_pages_fetched_so_far(
    tmp_path: Path, warehouse_path: Path
) -> None:
    """Pages are kept as they come, not when their batch of 100 is done: at the default
    spacing a batch is 100 s of a host's time."""
    with serve() as (base, state):
        urls = [f"{base}/story/c{i}" for i in range(30)]
        env = {**os.environ, "NEWSROOM_CACHE_DIR": str(tmp_path / "cache")}
        crawl = subprocess.Popen(
            [sys.executable, "-c", CRAWL, str(warehouse_path), *urls],
            env=env, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        while sum(state.hits[f"/story/c{i}"] for i in range(30)) < 8:
            assert crawl.poll() is None, crawl.communicate()[1]
            time.sleep(0.05)
        crawl.send_signal(signal.SIGINT)
        _, said = crawl.communicate(timeout=60)
        assert "KeyboardInterrupt" in said, said
        kept = kept_counts(_key(warehouse_path))[0]
        asked = {i for i in range(30) if state.hits[f"/story/c{i}"]}
        assert 8 <= kept < 30 and kept >= len(asked) - 1, (kept, asked)  # one on the wire
        again = ingest_urls(urls, warehouse_path, settings=SETTINGS).summary
    assert (again.new, again.failed) == (30, 0)
    assert sum(state.hits[f"/story/c{i}"] for i in range(30)) <= 31


def test_a_stopped_crawl_of_pages_mostly_gone_asks_for_none_of_them_again(
    warehouse_path: Path,
) -> None:
    """trial11: a sitemap of 10,000 URLs of which 9,940 answer 404, stopped half way, asked
    for 6,145 of them again when run again: refusals that asking again does not mend (gone,
    robots.txt) are kept with the pages; a timeout is asked for again."""
    with serve() as (base, state):
        urls = [f"{base}/story/g{i}" for i in range(3)] + [f"{base}/gone/{i}" for i in range(5)]
        with pytest.raises(KeyboardInterrupt):
            ingest_urls(
                urls, warehouse_path, settings=SETTINGS, batch_size=4, progress=_stop_after(8)
            )  # type: ignore[arg-type]
        STOP.clear()
        assert kept_counts(_key(warehouse_path)) == (3, 5)
        again = ingest_urls(urls, warehouse_path, settings=SETTINGS, batch_size=4).summary
        asked = {path: n for path, n in state.hits.items() if "/story/" in path or "/gone/" in path}
    assert (again.seen, again.new, again.failed) == (8, 3, 5)
    assert set(asked.values()) == {1}, asked  # none asked for twice
    [(errors,)] = query(warehouse_path, "SELECT count(*) FROM ingest_errors WHERE stage = 'fetch'")
    assert errors == 5
    assert not store_path(_key(warehouse_path)).exists()


def test_pages_kept_longer_than_the_keeping_time_are_fetched_again(tmp_path: Path) -> None:
    fresh, old = _response("https://example.org/a", 0), _response("https://example.org/b", 30)
    pages = FetchedPages("duckdb:/x.duckdb", hours=24)
    pages.keep([fresh, old])
    taken = pages.take(["https://example.org/a", "https://example.org/b", "https://example.org/c"])
    assert taken == {"https://example.org/a": fresh}  # every field back as it was
    pages.forget(["https://example.org/a"])
    assert kept_counts("duckdb:/x.duckdb")[0] == 0  # only the old one left: not counted
    assert pages.path.exists()  # until the stale sweep, or forgotten
    pages.forget(["https://example.org/b"])
    assert not pages.path.exists()


def test_keeping_no_hours_keeps_no_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSROOM_KEEP_FETCHED", "0")
    pages = FetchedPages("duckdb:/x.duckdb")
    pages.keep([_response("https://example.org/a", 0)])
    assert not pages.path.exists()
    assert pages.take(["https://example.org/a"]) == {}


def test_an_unreadable_store_costs_a_refetch_not_the_run(
    warehouse_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = store_path(_key(warehouse_path))
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a database at all" * 100)
    with serve() as (base, _), caplog.at_level(logging.WARNING):
        summary = ingest_urls([f"{base}/story/a", f"{base}/story/b"], warehouse_path,
                              settings=SETTINGS).summary  # fmt: skip
    assert (summary.new, summary.failed) == (2, 0)
    assert "cannot be kept" in caplog.text, caplog.text


def test_a_stopped_url_command_says_what_it_kept(warehouse_path: Path) -> None:
    from flows.cli import _pages_kept
    from flows.cli_base import Where

    where = Where(str(warehouse_path), True)
    assert _pages_kept(where, "URLs") == ""
    pages = FetchedPages(_key(warehouse_path))
    pages.keep([_response("https://example.org/a", 0)])
    said = _pages_kept(where, "URLs")
    assert said == (
        ". The page fetched is kept for 24 h: the same command takes it instead of asking again"
    ), said
    pages.keep([_response(f"https://example.org/{n}", 0) for n in range(1500)])
    gone = Rejection("https://example.org/gone", "fetch", "http_status", "HTTP 404")
    pages.keep([gone, Rejection("https://example.org/slow", "fetch", "timeout", "30 s")])
    assert _pages_kept(where, "URLs") == (
        ". The 1,501 pages fetched and 1 refusal (gone, robots.txt) are kept for 24 h: the"
        " same command takes them instead of asking again"
    )
    assert _pages_kept(where, "files") == ""


def _response(url: str, hours_ago: float) -> ArchivedResponse:
    return ArchivedResponse(
        url=url,
        final_url=url + "?r=1",
        document_uri=None,
        status=200,
        headers=(("content-type", "text/html; charset=utf-8"), ("etag", '"v1"')),
        content_type="text/html",
        charset="utf-8",
        content="<p>Прага – 5 €</p>".encode(),
        redirects=(url,),
        attempts=2,
        elapsed=0.25,
        fetched_at=utcnow() - timedelta(hours=hours_ago),
        etag='"v1"',
        last_modified=None,
    )
