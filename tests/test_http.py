"""The fetcher against a real local HTTP server with fault routes."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from http_server import State, serve
from newsroom.records import Rejection
from newsroom.sources.feeds import expand
from newsroom.sources.http import Fetcher, FetchResult, FetchSettings, Validators
from newsroom.sources.urls import canonical_url, document_url

FAST = FetchSettings(
    allow_private=True,
    host_delay=0.0,
    backoff=0.05,
    read_timeout=1.0,
    connect_timeout=1.0,
    total_timeout=15.0,
    max_bytes=1024 * 1024,
    max_retry_after=2.0,
)


@pytest.fixture
def server() -> Iterator[tuple[str, State]]:
    with serve() as running:
        yield running


def fetch_one(
    url: str, settings: FetchSettings = FAST, **kw: Validators
) -> FetchResult | Rejection:
    return Fetcher(settings).fetch_all([url], dict(kw))[0]


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("/error500", "http_status"),
        ("/loop-a", "redirect_loop"),
        ("/huge", "too_large"),
        ("/bomb", "too_large"),
        ("/brotli-bomb", "too_large"),
        ("/image.png", "unsupported_content_type"),
        ("/document", "unsupported_content_type"),
        ("/private/page", "robots_disallowed"),
        ("/slow", "timeout"),
        ("/nowhere", "http_status"),
        ("/denied999", "http_status"),
    ],
)
def test_faults_become_rejections(server: tuple[str, State], path: str, error: str) -> None:
    base, _ = server
    result = fetch_one(base + path)
    assert isinstance(result, Rejection), result
    assert (result.stage, result.error) == ("fetch", error), result.detail


def test_a_status_past_599_is_refused_at_once_not_retried(server: tuple[str, State]) -> None:
    """HTTP 999 (a site's "request denied") was retried as if it were a server error."""
    base, state = server
    result = fetch_one(base + "/denied999")
    assert isinstance(result, Rejection) and result.detail == "HTTP 999", result
    assert state.hits["/denied999"] == 1
    flaky = fetch_one(base + "/error500")  # a server error is still tried again
    assert state.hits["/error500"] > 1, flaky


def test_an_answer_that_is_no_http_is_refused_at_once_a_dropped_one_retried(
    server: tuple[str, State],
) -> None:
    """An illegal status line was retried four times as a connection error."""
    base, state = server
    result = fetch_one(base + "/not-http")
    assert isinstance(result, Rejection) and result.error == "http_error", result
    assert "illegal status line" in result.detail
    assert state.hits["/not-http"] == 1
    dropped = fetch_one(base + "/dropped-once")  # a closed connection is asked again
    assert isinstance(dropped, FetchResult) and dropped.attempts == 2, dropped


@pytest.mark.parametrize(
    ("target", "error"),
    [
        ("javascript:alert(1)", "unsupported_scheme"),
        ("file:///etc/passwd", "unsupported_scheme"),
        ("http://[::1", "invalid_url"),
    ],
)
def test_a_redirect_to_no_web_page_names_where_it_led_at_once(
    server: tuple[str, State], target: str, error: str
) -> None:
    """It failed with httpx's words ('For absolute URLs, path must be empty or begin with
    /'), or as a connection error retried three times."""
    base, state = server
    before = state.hits["/redirect"]
    result = fetch_one(f"{base}/redirect?to={quote(target)}")
    assert isinstance(result, Rejection), result
    assert (result.stage, result.error) == ("fetch", error), result.detail
    assert "redirect" in result.detail and target in result.detail
    assert state.hits["/redirect"] == before + 1  # not retried


def test_server_errors_and_rate_limits_are_retried(server: tuple[str, State]) -> None:
    base, state = server
    flaky = fetch_one(base + "/flaky")
    assert isinstance(flaky, FetchResult) and flaky.status == 200 and flaky.attempts == 2
    limited = fetch_one(base + "/ratelimited")
    assert isinstance(limited, FetchResult) and limited.attempts == 2
    tries = [t for t, path in state.starts if path == "/ratelimited"]
    assert tries[-1] - tries[-2] >= 0.9  # Retry-After: 1 was honoured
    # the time on the wire, not the second waited between the tries
    assert limited.elapsed < 0.5
    assert state.hits["/error500"] == 0
    fetch_one(base + "/error500")
    assert state.hits["/error500"] == FAST.retries + 1


def test_a_gzip_bomb_is_stopped_while_streaming(server: tuple[str, State]) -> None:
    base, _ = server
    result = fetch_one(base + "/bomb")
    assert isinstance(result, Rejection) and "decoded" in result.detail


def test_loopback_is_refused_unless_allowed(server: tuple[str, State]) -> None:
    base, state = server
    result = fetch_one(base + "/story/a", FetchSettings())
    assert isinstance(result, Rejection) and result.error == "blocked_address"
    assert state.hits["/story/a"] == 0
    bad_scheme = fetch_one("file:///etc/passwd", FetchSettings())
    assert isinstance(bad_scheme, Rejection) and bad_scheme.error == "unsupported_scheme"


def test_redirects_charset_from_meta_and_canonical_urls(server: tuple[str, State]) -> None:
    base, _ = server
    moved = fetch_one(base + "/moved")
    assert isinstance(moved, FetchResult)
    assert moved.redirects == (base + "/moved",)
    assert canonical_url(moved.final_url) == base + "/story/moved-here"
    cyrillic = fetch_one(base + "/cp1251")
    assert isinstance(cyrillic, FetchResult) and cyrillic.charset == "windows-1251"
    assert document_url(base + "/a?utm_source=x#top", None) == base + "/a"
    assert document_url(base + "/a?id=1", "/canonical/a") == base + "/canonical/a"


def test_conditional_get_turns_an_unchanged_page_into_a_304(server: tuple[str, State]) -> None:
    base, state = server
    first = fetch_one(base + "/etag")
    assert isinstance(first, FetchResult) and first.header("etag") == '"v1"'
    again = Fetcher(FAST).fetch_all([base + "/etag"], {base + "/etag": Validators(etag='"v1"')})[0]
    assert isinstance(again, FetchResult) and again.not_modified and again.content == b""
    state.etag_version = "v2"
    changed = Fetcher(FAST).fetch_all([base + "/etag"], {base + "/etag": Validators(etag='"v1"')})[
        0
    ]
    assert isinstance(changed, FetchResult) and changed.status == 200


def test_per_host_limits_hold(server: tuple[str, State]) -> None:
    base, _ = server
    settings = FetchSettings(allow_private=True, per_host=2, host_delay=0.05, max_connections=8)
    fetcher = Fetcher(settings)
    results = fetcher.fetch_all([f"{base}/story/n{i}" for i in range(12)])
    assert all(isinstance(r, FetchResult) for r in results)
    host = base.removeprefix("http://")
    assert fetcher.stats.max_in_flight_per_host[host] <= 2
    starts = sorted(fetcher.stats.starts_per_host[host])
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert min(gaps) >= 0.045


def test_a_crawl_delay_in_robots_txt_spaces_the_hosts_requests(
    server: tuple[str, State],
) -> None:
    base, state = server
    # whole seconds: urllib.robotparser reads no fraction of one
    state.robots = (200, b"User-agent: *\nDisallow: /private/\nCrawl-delay: 1\n", {})
    settings = FetchSettings(allow_private=True, per_host=4, host_delay=0.01, max_connections=8)
    fetcher = Fetcher(settings)
    urls = [f"{base}/story/cd{i}" for i in range(3)]
    assert all(isinstance(r, FetchResult) for r in fetcher.fetch_all(urls))
    starts = sorted(t for t, path in state.starts if path.startswith("/story/cd"))
    assert min(b - a for a, b in itertools.pairwise(starts)) >= 0.95
    # a later call on the same fetcher keeps the host's delay (robots.txt is not read again)
    assert all(isinstance(r, FetchResult) for r in fetcher.fetch_all([f"{base}/story/cd9"]))
    later = sorted(t for t, path in state.starts if path.startswith("/story/cd"))
    assert later[-1] - later[-2] >= 0.95


def test_feeds_and_sitemaps_list_their_pages(server: tuple[str, State]) -> None:
    base, _ = server
    pages, rejected = expand(
        [base + "/feed.rss", base + "/feed.atom"], [base + "/sitemap-index.xml"], FAST
    )
    assert rejected == []
    assert sorted(p.removeprefix(base) for p in pages) == sorted(
        [f"/story/rss-{i}" for i in range(3)]
        + [f"/story/atom-{i}" for i in range(2)]
        + ["/story/sm-0", "/story/sm-1", "/story/news-0"]
    )


def test_a_page_or_a_feed_given_as_the_other_kind_says_what_it_is(
    server: tuple[str, State],
) -> None:
    # a sitemap passed with --feed, a feed with --sitemap, an article page with either:
    # which kind it is, and the option that reads it, not "lists no pages"
    base, _ = server
    pages, rejected = expand(
        [base + "/sitemap-1.xml", base + "/story/a"], [base + "/feed.rss", base + "/story/b"], FAST
    )
    assert pages == []
    said = {r.source_uri.removeprefix(base): (r.stage, r.error, r.detail) for r in rejected}
    assert said == {
        "/sitemap-1.xml": (
            "discover",
            "bad_feed",
            "not a feed: a sitemap (read it with --sitemap)",
        ),
        "/story/a": ("discover", "bad_feed", "not a feed: an HTML page"),
        "/feed.rss": ("discover", "bad_sitemap", "not a sitemap: a feed (read it with --feed)"),
        "/story/b": ("discover", "bad_sitemap", "not a sitemap: an HTML page"),
    }
