"""The fetcher on lists, feeds and sitemap trees of one host: nothing lost to its queue.

Issue 13: the per-URL deadline counted the wait for the host's turn (a long list of one
host's URLs lost its tail to "timeout"), one malformed URL failed the whole run, a
fetcher reused across event loops crashed on a sitemap index of indexes, and a sitemap
chain was cut at 100 without a word. All against a real server on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

import pytest

from http_server import MALFORMED_URLS, State, serve
from newsroom.records import Rejection
from newsroom.sources.feeds import expand
from newsroom.sources.http import Fetcher, FetchResult, FetchSettings, invalid_url


@pytest.fixture
def server() -> Iterator[tuple[str, State]]:
    with serve() as running:
        yield running


def test_a_long_queue_on_one_host_is_fetched_whole(server: tuple[str, State]) -> None:
    """Ten URLs one at a time, 0.3 s apart, take about 3 s: longer than the 1 s deadline
    each URL has. The deadline covers a URL's requests, not its wait in the queue."""
    base, state = server
    urls = [f"{base}/story/q-{i}" for i in range(10)]
    settings = FetchSettings(allow_private=True, per_host=1, host_delay=0.3, total_timeout=1.0)
    results = Fetcher(settings).fetch_all(urls)
    failed = [r for r in results if isinstance(r, Rejection)]
    assert failed == []
    starts = [t for t, path in state.starts if path.startswith("/story/q-")]
    assert starts[-1] - starts[0] > settings.total_timeout  # the queue outlasted a deadline


def test_the_deadline_still_stops_a_slow_request(server: tuple[str, State]) -> None:
    base, _ = server
    settings = FetchSettings(allow_private=True, total_timeout=1.0, retries=0)
    [result] = Fetcher(settings).fetch_all([f"{base}/slow"])
    assert isinstance(result, Rejection) and result.error == "timeout"


@pytest.mark.parametrize("url", MALFORMED_URLS)
def test_a_malformed_url_is_one_rejection_and_the_others_load(
    server: tuple[str, State], url: str
) -> None:
    base, _ = server
    assert invalid_url(url)
    good = f"{base}/story/beside-{len(url)}"
    results = Fetcher(FetchSettings(allow_private=True, host_delay=0)).fetch_all([url, good])
    assert isinstance(results[0], Rejection)
    assert (results[0].stage, results[0].error) == ("fetch", "invalid_url")
    assert isinstance(results[1], FetchResult) and results[1].status == 200


def test_a_fetcher_serves_several_event_loops_and_keeps_the_host_spacing(
    server: tuple[str, State],
) -> None:
    """Each fetch_all is one asyncio.run: the gates are made per loop, the spacing of the
    host's request starts holds across the calls and covers robots.txt (measured on the
    server's side)."""
    base, state = server
    fetcher = Fetcher(FetchSettings(allow_private=True, per_host=1, host_delay=0.5))
    for round_ in range(3):
        urls = [f"{base}/story/loop-{round_}-{i}" for i in range(2)]
        assert all(isinstance(r, FetchResult) for r in fetcher.fetch_all(urls))
    starts = sorted(t for t, _ in state.starts)  # robots.txt included
    gaps = [b - a for a, b in pairwise(starts)]
    assert len(starts) == 7
    assert min(gaps) >= 0.4  # 0.5 s at the client; a new connection's setup shifts arrivals


def test_a_sitemap_index_of_indexes_and_several_feeds_on_one_host(
    server: tuple[str, State],
) -> None:
    base, _ = server
    settings = FetchSettings(allow_private=True, per_host=1, host_delay=0.01)
    pages, rejected = expand(
        [f"{base}/feed.rss", f"{base}/feed.atom", f"{base}/feed-bad.rss"],
        [f"{base}/tree/root.xml", f"{base}/sitemap-index.xml"],
        settings,
    )
    assert rejected == []
    tree = {p.removeprefix(base) for p in pages if "/story/leaf-" in p}
    assert tree == {f"/story/leaf-{i}{j}-{k}" for i in range(3) for j in range(2) for k in range(2)}
    assert f"{base}/story/good-feed" in pages and f"{base}/story/atom-1" in pages
    assert set(MALFORMED_URLS) <= set(pages)  # listed as written; the fetch refuses them


def test_every_sitemap_over_the_limit_is_an_error_row(server: tuple[str, State]) -> None:
    base, _ = server
    settings = FetchSettings(allow_private=True, host_delay=0)
    pages, rejected = expand([], [f"{base}/chain/0.xml"], settings, max_sitemaps=5)
    dropped = [r for r in rejected if r.error == "sitemap_limit"]
    assert all(r.stage == "discover" for r in dropped)
    # Read: chain 0, 1, 2 and the leaves of 0 and 1 (2 pages each); the next two are not.
    assert len(pages) == 4
    assert {r.source_uri.removeprefix(base) for r in dropped} == {
        "/chain/3.xml",
        "/tree/leaf-c2.xml",
    }


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("http://x.example/news?story=55&utm_source=rss", "http://x.example/news?story=55"),
        ("http://x.example/view?articleid=9&fbclid=abc", "http://x.example/view?articleid=9"),
        ("http://X.example:80/a?b=2&a=1#comments", "http://x.example/a?a=1&b=2"),
    ],
)
def test_articles_named_by_a_query_parameter_stay_apart(url: str, canonical: str) -> None:
    """Courlan's strict mode kept a short list of parameters only, so ?story=55 and
    ?story=56 became one document: a run lost every article but one."""
    from newsroom.sources.urls import canonical_url

    assert canonical_url(url) == canonical
    assert canonical_url(url.replace("=", "=7")) != canonical


def test_a_slow_page_does_not_hold_the_next_batch_back(
    server: tuple[str, State], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run fetches its URLs in batches; a page that hangs for its whole time budget had
    held every other page back until it gave up. Now the batch gives back what is done
    and the slow page comes back with a later batch, while that batch's pages load."""
    import time

    from newsroom.sources import http

    monkeypatch.setattr(http, "STRAGGLER_PATIENCE", 0.5)
    base, state = server
    settings = FetchSettings(allow_private=True, host_delay=0.0, total_timeout=2.5, retries=0)
    fetcher = Fetcher(settings)
    try:
        began = time.monotonic()
        first = fetcher.fetch_batch(
            [f"{base}/slow", f"{base}/story/b1-0", f"{base}/story/b1-1"], last=False
        )
        assert time.monotonic() - began < 2.0  # not the slow page's 2.5 s
        assert sorted(r.url.rsplit("/", 1)[-1] for r in first) == ["b1-0", "b1-1"]
        second = fetcher.fetch_batch([f"{base}/story/b2-0"], last=True)
        assert isinstance(second[0], Rejection) and second[0].source_uri == f"{base}/slow"
        assert second[0].error == "timeout"
        assert isinstance(second[1], FetchResult) and second[1].url.endswith("/b2-0")
        # the second batch's page went out while the slow one was still on the wire
        slow = next(t for t, path in state.starts if path == "/slow")
        later = next(t for t, path in state.starts if path == "/story/b2-0")
        assert later - slow < 2.0
    finally:
        fetcher.close()
    [after] = fetcher.fetch_batch([f"{base}/story/after"])  # a closed fetcher starts again
    assert isinstance(after, FetchResult) and after.url.endswith("/after")
    fetcher.close()
