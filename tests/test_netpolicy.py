"""The address policy on every request: pages, redirects, robots.txt, feeds and sitemaps.

Two real servers on one port: "outside" on 127.0.0.2 stands for a public host (the test's
policy allows that one address), "inside" on 127.0.0.1 for the machine's own network.
Names resolve through a resolver the test controls, so a name can answer the outside
address first and the inside one next (DNS rebinding). Only loopback is ever contacted;
the checks are that the inside server never sees a request.
"""

from __future__ import annotations

import contextlib
import gzip
import ipaddress
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from http_server import State, article_html, serve
from newsroom.records import Rejection
from newsroom.sources.feeds import expand
from newsroom.sources.http import Fetcher, FetchResult, FetchSettings
from newsroom.sources.netpolicy import AddressPolicy, IPAddress, is_public_address

OUTSIDE, INSIDE = "127.0.0.2", "127.0.0.1"


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "169.254.169.254",  # cloud metadata
        "100.100.100.200",  # cloud metadata in shared address space (CGNAT)
        "100.64.0.1",
        "192.0.0.8",
        "0.0.0.0",
        "::1",
        "fe80::1",
        "fd00::1",
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::ffff:169.254.169.254",
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:a9fe:a9fe::",  # 6to4 of 169.254.169.254
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "::127.0.0.1",  # IPv4-compatible
    ],
)
def test_non_public_addresses_and_their_ipv6_disguises_are_refused(address: str) -> None:
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "64:ff9b::808:808"]
)
def test_public_addresses_are_allowed(address: str) -> None:
    assert is_public_address(ipaddress.ip_address(address))


@dataclass
class Net:
    outside: str  # base URL of the outside server
    inside: str  # base URL of the inside server (same port)
    out_state: State
    in_state: State
    port: int
    answers: dict[str, list[str]]  # name -> addresses, one popped per lookup (last kept)

    def fetcher(self, **settings: object) -> Fetcher:
        async def resolve(host: str, port: int) -> list[str]:
            queue = self.answers[host]
            return [queue.pop(0) if len(queue) > 1 else queue[0]]

        def allowed(address: IPAddress) -> bool:
            return str(address) == OUTSIDE

        options: dict[str, object] = {"host_delay": 0.0, "retries": 0, **settings}
        return Fetcher(
            FetchSettings(**options),  # type: ignore[arg-type]
            policy=AddressPolicy(allowed=allowed, resolver=resolve),
        )


@pytest.fixture
def net() -> Iterator[Net]:
    with contextlib.ExitStack() as stack:
        for _ in range(20):  # a port free on both addresses
            outside, out_state = stack.enter_context(serve(OUTSIDE))
            port = int(outside.rsplit(":", 1)[1])
            try:
                inside, in_state = stack.enter_context(serve(INSIDE, port))
            except OSError:
                stack.close()
                continue
            yield Net(outside, inside, out_state, in_state, port, {})
            return
        pytest.fail("no port free on both loopback addresses")


def test_a_name_that_rebinds_to_the_inside_is_never_connected_to(net: Net) -> None:
    """The page's lookup answers the outside address, every later one (robots.txt, the
    next fetch) the inside one. The page is fetched from where its check looked;
    robots.txt and the second fetch are refused; the inside server sees nothing."""
    net.answers["news.example"] = [OUTSIDE, INSIDE]
    fetcher = net.fetcher()
    [first] = fetcher.fetch_all([f"http://news.example:{net.port}/story/a"])
    assert isinstance(first, FetchResult) and first.status == 200
    assert net.out_state.hits["/story/a"] == 1
    [second] = fetcher.fetch_all([f"http://news.example:{net.port}/story/a2"])
    assert isinstance(second, Rejection) and second.error == "blocked_address"
    assert sum(net.in_state.hits.values()) == 0


def test_a_name_that_stays_outside_is_fetched_with_its_host_header(net: Net) -> None:
    net.answers["news.example"] = [OUTSIDE]
    [result] = net.fetcher().fetch_all([f"http://news.example:{net.port}/story/b"])
    assert isinstance(result, FetchResult) and result.status == 200
    assert result.final_url == f"http://news.example:{net.port}/story/b"
    assert sum(net.in_state.hits.values()) == 0


def test_a_redirect_to_the_inside_is_refused_on_its_hop(net: Net) -> None:
    url = f"{net.outside}/redirect?to={net.inside}/story/c"
    [result] = net.fetcher().fetch_all([url])
    assert isinstance(result, Rejection) and result.error == "blocked_address"
    assert net.out_state.hits["/redirect"] == 1
    assert sum(net.in_state.hits.values()) == 0


def test_robots_txt_redirected_to_the_inside_is_not_followed(net: Net) -> None:
    """robots.txt that redirects to a metadata-like address: that hop is refused (the
    robots.txt counts as unavailable, RFC 9309: everything allowed), the page is fetched."""
    net.out_state.robots = (302, b"", {"Location": f"{net.inside}/latest/meta-data/"})
    [result] = net.fetcher().fetch_all([f"{net.outside}/story/d"])
    assert isinstance(result, FetchResult) and result.status == 200
    assert net.out_state.hits["/robots.txt"] == 1
    assert sum(net.in_state.hits.values()) == 0


def test_feeds_and_sitemaps_naming_or_redirecting_inside_are_refused(net: Net) -> None:
    settings = FetchSettings(host_delay=0.0, retries=0)
    feeds = [f"{net.outside}/redirect?to={net.inside}/feed.rss", f"{net.inside}/feed.rss"]
    sitemaps = [f"{net.inside}/sitemap-index.xml"]
    policy = net.fetcher()._policy
    pages, rejected = expand(feeds, sitemaps, settings, policy=policy)
    assert pages == []
    assert [r.error for r in rejected] == ["blocked_address"] * 3
    assert all(r.stage == "discover" for r in rejected)
    assert sum(net.in_state.hits.values()) == 0


@pytest.mark.parametrize(
    ("robots", "fetched"),
    [
        (b"User-agent: *\nDisallow: /\n" + b"# padding\n" * 200_000, False),  # 2 MB
        (b"# padding\n" * 60_000 + b"User-agent: *\nDisallow: /\n", True),  # rule past 512 KiB
        (b"gzip", True),  # 64 MB of comments, gzipped
    ],
)
def test_robots_txt_is_read_to_512_kib_while_it_streams(
    net: Net, robots: bytes, fetched: bool
) -> None:
    """RFC 9309: the first 512 KiB are parsed, the rest is never read (a bomb stops
    there); a rule past the limit does not count."""
    headers: dict[str, str] = {}
    if robots == b"gzip":
        robots, headers = gzip.compress(b"#" * (64 * 1024 * 1024)), {"Content-Encoding": "gzip"}
    net.out_state.robots = (200, robots, headers)
    net.out_state.pages["e"] = article_html("Capped robots", ["x " * 50])
    [result] = net.fetcher().fetch_all([f"{net.outside}/story/e"])
    if fetched:
        assert isinstance(result, FetchResult) and result.status == 200
    else:
        assert isinstance(result, Rejection) and result.error == "robots_disallowed"
