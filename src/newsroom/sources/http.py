"""Documents from the web: a polite, hard-to-break HTTP fetcher built on httpx.

What it guarantees, per URL:

- only ``http``/``https``; by default only globally routable addresses, checked on every
  hop of every request (pages, robots.txt, feeds, sitemaps: all untrusted input), and the
  connection made to the address that was checked (``netpolicy``: no DNS rebinding);
  ``allow_private=True`` lifts that, explicitly;
- robots.txt obeyed (fetched once per host and cached): its rules, and a Crawl-delay
  longer than ``host_delay``; an identifying User-Agent;
- at most ``per_host`` requests at once per host with ``host_delay`` seconds between
  them, and ``max_connections`` overall;
- redirects followed by hand up to ``max_redirects``, loops detected, each hop checked;
- connect/read timeouts and a total deadline per URL;
- retries with exponential backoff and jitter on timeouts, 429 and 5xx, honouring
  Retry-After (capped by ``max_retry_after``);
- the body size limit enforced while streaming, on the decoded bytes, so a
  decompression bomb is stopped at the limit;
- HTML, XHTML and plain text accepted (a plain-text article is cleaned as a text file
  is); other content types recorded as unsupported;
- conditional GET: a known ETag / Last-Modified turns an unchanged page into a 304.

A URL that fails becomes a ``Rejection`` (stage ``fetch``) with a reason; nothing raises.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import email.utils
import http.cookiejar
import random
import re
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx

from newsroom.records import Rejection, utcnow
from newsroom.settings import USER_AGENT
from newsroom.sources.netpolicy import (
    AddressPolicy,
    BlockedAddress,
    Unresolvable,
    allow_all,
    is_public_address,
)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
PAGE_TYPES = HTML_TYPES | TEXT_TYPES
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/xml",
        "text/xml",
        "application/rdf+xml",
        "application/x-gzip",
        "application/gzip",
        "text/plain",
    }
)


@dataclass(frozen=True, slots=True)
class FetchSettings:
    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0  # per URL, across redirects and the body
    max_redirects: int = 10
    max_bytes: int = 10 * 1024 * 1024  # decoded body
    per_host: int = 2
    host_delay: float = 1.0  # seconds between request starts on one host
    max_connections: int = 16
    retries: int = 3
    backoff: float = 1.0  # first retry waits about this long, then doubles
    max_retry_after: float = 120.0
    respect_robots: bool = True
    allow_private: bool = False  # allow loopback/private addresses (tests, intranets)
    accept: frozenset[str] = PAGE_TYPES


@dataclass(frozen=True, slots=True)
class Validators:
    """What the warehouse knows of a URL from its last fetch."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One URL fetched: the final response, with what it took."""

    url: str  # as requested
    final_url: str  # after redirects
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes  # decoded (decompressed) body; empty for a 304
    content_type: str
    charset: str | None
    fetched_at: datetime
    elapsed: float  # seconds on the wire, all attempts and hops (no wait for the host's turn)
    attempts: int
    redirects: tuple[str, ...] = ()
    not_modified: bool = False

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((v for k, v in self.headers if k.lower() == lowered), None)


class _Fail(Exception):
    """Internal: a URL's terminal failure, turned into a Rejection."""

    def __init__(self, error: str, detail: str, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.error = error
        self.detail = detail
        self.retry_after = retry_after


class _Retry(_Fail):
    """Internal: a failure worth another attempt."""


# What a robots.txt says of its origin: rules, None for no rules, or why nothing is fetched.
_Robots = urllib.robotparser.RobotFileParser | _Fail | None
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309: parse at least 500 KiB; the rest is not read


def _redirect_target(current: str, location: str) -> str:
    """Where a redirect from ``current`` leads; ``_Fail`` when it is not a URL to fetch."""
    try:
        target = urljoin(current, location)
    except ValueError as exc:
        detail = f"redirect to an unusable URL: {exc}: {location[:200]!r}"
        raise _Fail("invalid_url", detail) from None
    problem = invalid_url(target)
    if problem:
        raise _Fail("invalid_url", f"redirect to an unusable URL: {problem}")
    scheme = urlsplit(target).scheme
    if scheme not in ("http", "https"):
        raise _Fail(
            "unsupported_scheme",
            f"redirect to {target[:200]!r}: only http and https are fetched, not {scheme!r}",
        )
    return target


async def _check_redirect(response: httpx.Response) -> None:
    """Check a redirect's Location before httpx does. httpx prepares the next request of
    every redirect, followed or not, and fails on a Location it cannot use with messages
    that name neither the redirect nor its target (a javascript: URL), or as a protocol
    error that was retried as a connection error ('http://[::1')."""
    location = response.headers.get("location")
    if location and response.status_code in (301, 302, 303, 307, 308):
        _redirect_target(str(response.request.url), location)


def invalid_url(url: str) -> str | None:
    """Why ``url`` cannot be sent at all (a bracket left open, a port out of range, a host
    name that no DNS can hold), or None when it can. Scheme and address policy are
    checked later, per hop."""
    try:
        parts = urlsplit(url)
        port = parts.port  # raises for a port that is not 0-65535
        host = parts.hostname
    except ValueError as exc:
        return f"{exc}: {url[:200]!r}"
    if parts.scheme not in ("http", "https"):
        return None  # refused as unsupported_scheme, with its own reason
    if not host:
        return f"no host in {url[:200]!r}"
    if port == 0:
        return f"port 0 in {url[:200]!r}"
    try:
        encoded = host.encode("idna") if not host.isascii() else host.encode("ascii")
    except UnicodeError as exc:
        return f"the host name is not valid IDNA ({exc}): {host[:100]!r}"
    labels = encoded.rstrip(b".").split(b".")
    if len(encoded) > 253 or any(not 0 < len(label) <= 63 for label in labels):
        return f"a host name label is empty or over 63 characters: {host[:100]!r}"
    try:
        httpx.URL(url)
    except (httpx.InvalidURL, ValueError) as exc:
        return f"{exc}: {url[:200]!r}"
    return None


# A connection the server closed (a keep-alive it dropped, a restart): worth asking again,
# unlike an answer that breaks HTTP (an illegal status or header line).
_DROPPED = ("Server disconnected", "peer closed connection")


def unusable_url(url: str) -> str | None:
    """Why ``url`` is no web address newsroom fetches (not http or https, no host, …), or
    None: what a command can tell its user before any run."""
    problem = invalid_url(url)  # parses it, whatever it holds
    if problem:
        return problem
    if urlsplit(url).scheme not in ("http", "https") or "://" not in url:
        return f"{url[:200]!r} is not an http or https URL"
    return None


def _retry_after(value: str | None, cap: float) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), cap)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max((when - datetime.now(UTC)).total_seconds(), 0.0), cap)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)


def declared_charset(content_type: str | None, body: bytes) -> str | None:
    """The charset a response declares: Content-Type header first, then a <meta> tag."""
    if content_type:
        header = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_:.-]+)", content_type, re.I)
        if header:
            return header.group(1).lower()
    meta = _META_CHARSET.search(body[:4096])
    return meta.group(1).decode("ascii").lower() if meta else None


class _HostGate:
    """Per-host concurrency, and spacing between request starts on the host.

    The spacing is taken last, right before the request goes out (after the global limit
    was acquired), so a wait elsewhere cannot squeeze two starts closer than the delay.
    The semaphore and lock belong to one event loop: a ``Fetcher`` makes new gates for
    every ``fetch_all`` and carries only the time of each host's last request start over
    (``last_start``), so the spacing holds across calls.
    """

    def __init__(self, per_host: int, delay: float, last_start: float) -> None:
        self.semaphore = asyncio.Semaphore(per_host)
        self.delay = delay
        self.lock = asyncio.Lock()
        self.last_start = last_start

    async def __aenter__(self) -> None:
        await self.semaphore.acquire()

    async def __aexit__(self, *exc: object) -> None:
        self.semaphore.release()

    async def space(self) -> None:
        """Wait until ``delay`` has passed since the host's previous request start."""
        async with self.lock:
            wait = self.last_start + self.delay - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self.last_start = time.monotonic()


# A run's batch waits this long at least for any of its URLs to finish before it carries
# the ones still running on to the next batch (``Fetcher.fetch_batch``).
STRAGGLER_PATIENCE = 10.0


class _Deadline:
    """What is left of one URL's time budget (``total_timeout``).

    It runs only while the URL's requests are on the wire: the time a URL waits for its
    host's turn (``per_host``, ``host_delay``) or between retries is not counted, so a
    long list of one host's URLs is fetched whole however long its queue is.
    """

    def __init__(self, seconds: float) -> None:
        self.total = seconds
        self.left = seconds

    def expired(self) -> _Fail:
        return _Fail("timeout", f"gave up after {self.total:.0f} s of requests")


@dataclass
class FetchStats:
    """What the fetcher observed: used by tests and the benchmark to show limits held."""

    requests: int = 0
    max_in_flight: int = 0
    max_in_flight_per_host: dict[str, int] = field(default_factory=dict)
    starts_per_host: dict[str, list[float]] = field(default_factory=dict)
    _in_flight: int = 0
    _per_host: dict[str, int] = field(default_factory=dict)

    def started(self, host: str) -> None:
        self.requests += 1
        self._in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self._in_flight)
        self._per_host[host] = self._per_host.get(host, 0) + 1
        self.max_in_flight_per_host[host] = max(
            self.max_in_flight_per_host.get(host, 0), self._per_host[host]
        )
        self.starts_per_host.setdefault(host, []).append(time.monotonic())

    def finished(self, host: str) -> None:
        self._in_flight -= 1
        self._per_host[host] -= 1


class Fetcher:
    """Fetch many URLs concurrently within the limits of ``FetchSettings``."""

    def __init__(
        self,
        settings: FetchSettings | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        policy: AddressPolicy | None = None,
        shares: Fetcher | None = None,
    ) -> None:
        """``shares``: a fetcher of the same run whose hosts' spacing and robots.txt this
        one keeps too (a run's feeds and sitemaps, then its pages: robots.txt was read
        twice a host, and the first page could follow the feed at once)."""
        self.settings = settings or FetchSettings()
        self.stats = FetchStats()
        self._transport = transport
        self._policy = policy or AddressPolicy(
            allowed=allow_all if self.settings.allow_private else is_public_address
        )
        # Kept across fetch_all calls: each host's last request start, robots.txt parsers.
        self._last_start: dict[str, float] = shares._last_start if shares else {}
        self._robots: dict[str, _Robots] = shares._robots if shares else {}
        # host -> its robots.txt's Crawl-delay
        self._crawl_delay: dict[str, float] = shares._crawl_delay if shares else {}
        # Bound to the running event loop: made anew by every fetch_all (asyncio.run).
        self._gates: dict[str, _HostGate] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._client_of: dict[str, httpx.AsyncClient] = {}
        self._clients = contextlib.AsyncExitStack()
        self._global: asyncio.Semaphore | None = None
        # A run's batches (``fetch_batch``): the fetcher's own event loop, in a thread, and
        # the URLs still on the wire from earlier batches.
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._carried: dict[str, concurrent.futures.Future[FetchResult | Rejection]] = {}

    # -- public --------------------------------------------------------------------------

    def fetch_all(
        self,
        urls: Sequence[str],
        validators: dict[str, Validators] | None = None,
        each: Callable[[], None] | None = None,
    ) -> list[FetchResult | Rejection]:
        """Fetch every URL; results in the order given. ``each`` is called as each URL is
        done (a progress bar's tick)."""
        return asyncio.run(self.afetch_all(urls, validators or {}, each))

    async def afetch_all(
        self,
        urls: Sequence[str],
        validators: dict[str, Validators],
        each: Callable[[], None] | None = None,
    ) -> list[FetchResult | Rejection]:
        await self._open_loop_state()
        try:
            return await asyncio.gather(
                *(self._fetch_ticking(url, validators.get(url), each) for url in urls)
            )
        finally:
            await self._close_loop_state()

    def fetch_batch(
        self,
        urls: Sequence[str],
        validators: dict[str, Validators] | None = None,
        each: Callable[[], None] | None = None,
        *,
        last: bool = True,
        done: Callable[[FetchResult | Rejection], None] | None = None,
    ) -> list[FetchResult | Rejection]:
        """One batch of a run's URLs, fetched on the fetcher's own event loop, which runs
        on between batches (a thread; ``close`` ends it): the results of the batch's URLs,
        and of earlier batches' URLs that were still on the wire then, those first.

        Unless ``last``, a batch does not wait for its slow URLs: once none of its URLs
        has finished for ``_patience`` seconds, those still running are carried on and
        their results come with a later batch, so that one page that hangs for its whole
        time budget no longer holds every other page of the run back. The limits
        (``per_host``, ``host_delay``, ``max_connections``) hold across batches, as the
        slow URLs and the next batch's share the host's gate. ``last`` waits for all.
        ``done`` is given each result as it comes, on the fetcher's thread (to keep it
        before the batch ends)."""
        loop = self._running_loop()
        known = validators or {}
        mine: dict[str, concurrent.futures.Future[FetchResult | Rejection]] = {}
        for url in urls:
            if url not in mine and url not in self._carried:
                coroutine = self._fetch_ticking(url, known.get(url), each, done)
                mine[url] = asyncio.run_coroutine_threadsafe(coroutine, loop)
        open_ = [*mine.values(), *self._carried.values()]
        if last:
            concurrent.futures.wait(open_)
        else:
            while True:
                finished, pending = concurrent.futures.wait(
                    open_, timeout=self._patience(), return_when=concurrent.futures.FIRST_COMPLETED
                )
                if not pending or not finished or not any(f in pending for f in mine.values()):
                    break
                open_ = list(pending)
        out = [f.result() for u, f in list(self._carried.items()) if f.done()]
        self._carried = {u: f for u, f in self._carried.items() if not f.done()}
        for url, future in mine.items():
            if future.done():
                out.append(future.result())
            else:
                self._carried[url] = future
        return out

    def _patience(self) -> float:
        """How long a batch waits for any of its URLs to finish before it carries the
        running ones on: well over the longest spacing a host asks (a page a host's
        turn every ``host_delay`` or ``Crawl-delay`` seconds is no slow page)."""
        slowest = max([self.settings.host_delay, *self._crawl_delay.values()])
        return max(STRAGGLER_PATIENCE, 3 * slowest)

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="newsroom-fetch", daemon=True)
            thread.start()
            self._loop, self._thread = loop, thread
            asyncio.run_coroutine_threadsafe(self._open_loop_state(), loop).result()
        return self._loop

    async def _open_loop_state(self) -> None:
        """What belongs to one event loop, made anew: the global limit, the hosts' gates,
        the robots.txt locks and the connection pools' stack."""
        self._global = asyncio.Semaphore(self.settings.max_connections)
        self._gates = {}
        self._robots_locks = {}
        self._clients = contextlib.AsyncExitStack()
        await self._clients.__aenter__()

    async def _close_loop_state(self) -> None:
        """The connection pools closed and the loop's state dropped, each host's last
        request start kept for the next loop (the spacing holds across calls)."""
        await self._clients.aclose()
        self._client_of = {}
        self._last_start.update((h, g.last_start) for h, g in self._gates.items())
        self._gates = {}
        self._robots_locks = {}

    async def _close_batches(self) -> None:
        here = asyncio.current_task()
        running = [t for t in asyncio.all_tasks() if t is not here]
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)
        await self._close_loop_state()

    def close(self) -> None:
        """End ``fetch_batch``'s event loop: URLs still running are given up, the
        connections closed. A fetcher that never fetched a batch has nothing to end."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        self._loop = self._thread = None
        self._carried = {}
        asyncio.run_coroutine_threadsafe(self._close_batches(), loop).result()
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()

    async def _client(self, host: str) -> httpx.AsyncClient:
        """The connection pool of one host. One per host, because a connection goes to the
        host's pinned address: a pool shared by two names on one address (a CDN) would send
        one name's request over a TLS session made for the other."""
        client = self._client_of.get(host)
        if client is None:
            s = self.settings
            client = httpx.AsyncClient(
                headers={"User-Agent": s.user_agent},
                timeout=httpx.Timeout(s.read_timeout, connect=s.connect_timeout),
                limits=httpx.Limits(
                    max_connections=s.per_host, max_keepalive_connections=s.per_host
                ),
                follow_redirects=False,
                event_hooks={"response": [_check_redirect]},
                transport=self._transport,
                trust_env=False,
                cookies=_NO_COOKIES,  # a crawler keeps no site's cookies, nor sends them on
            )
            self._client_of[host] = await self._clients.enter_async_context(client)
        return client

    # -- one URL -------------------------------------------------------------------------

    async def _fetch_ticking(
        self,
        url: str,
        validators: Validators | None,
        each: Callable[[], None] | None,
        done: Callable[[FetchResult | Rejection], None] | None = None,
    ) -> FetchResult | Rejection:
        result = await self._fetch_one(url, validators)
        if done:
            done(result)
        if each:
            each()
        return result

    async def _fetch_one(self, url: str, known: Validators | None) -> FetchResult | Rejection:
        problem = invalid_url(url)
        if problem:
            return Rejection(url, "fetch", "invalid_url", problem)
        try:
            return await self._with_retries(url, known)
        except _Fail as fail:
            return Rejection(url, "fetch", fail.error, fail.detail)
        except httpx.InvalidURL as exc:  # a redirect to a URL httpx cannot send
            return Rejection(url, "fetch", "invalid_url", str(exc))
        except httpx.HTTPError as exc:  # anything httpx raises that the loop did not map
            return Rejection(url, "fetch", "http_error", f"{type(exc).__name__}: {exc}")
        except Exception as exc:
            return Rejection(url, "fetch", "unexpected_error", f"{type(exc).__name__}: {exc}")

    async def _with_retries(self, url: str, known: Validators | None) -> FetchResult:
        s = self.settings
        deadline = _Deadline(s.total_timeout)
        attempt = 0
        while True:
            attempt += 1
            try:
                result = await self._follow(url, known, deadline)
            except _Retry as retry:
                if attempt > s.retries:
                    raise _Fail(retry.error, f"{retry.detail} (after {attempt} attempts)") from None
                wait = retry.retry_after
                if wait is None:
                    wait = s.backoff * (2 ** (attempt - 1)) * (0.5 + random.random())
                await asyncio.sleep(wait)
                continue
            return FetchResult(
                url=url,
                final_url=result[0],
                status=result[1].status_code,
                headers=tuple(result[1].headers.multi_items()),
                content=result[2],
                content_type=_media_type(result[1].headers.get("content-type")),
                charset=declared_charset(result[1].headers.get("content-type"), result[2]),
                fetched_at=utcnow(),
                elapsed=deadline.total - deadline.left,
                attempts=attempt,
                redirects=result[3],
                not_modified=result[1].status_code == 304,
            )

    async def _follow(
        self,
        url: str,
        known: Validators | None,
        deadline: _Deadline,
        *,
        robots: bool = False,
    ) -> tuple[str, httpx.Response, bytes, tuple[str, ...]]:
        """GET ``url``, following redirects by hand: every hop is checked (scheme, address,
        robots.txt) and goes through its host's gate. ``robots=True`` fetches a robots.txt
        itself: any content type, a small size cap, and error statuses returned, not raised.
        """
        s = self.settings
        seen: list[str] = []
        current = url
        while True:
            pin = await self._pin(current)
            if not robots and s.respect_robots:
                await self._obey_robots(current)
            headers = {}
            if known and not seen:
                if known.etag:
                    headers["If-None-Match"] = known.etag
                if known.last_modified:
                    headers["If-Modified-Since"] = known.last_modified
            response, body = await self._request(current, headers, deadline, pin, robots=robots)
            if response.status_code in (301, 302, 303, 307, 308):
                location = response.headers.get("location")
                if not location:
                    raise _Fail("bad_redirect", f"HTTP {response.status_code} without a Location")
                seen.append(current)
                target = _redirect_target(current, location)
                if target in seen or target == current:
                    raise _Fail("redirect_loop", f"redirect loop: {' → '.join([*seen, target])}")
                if len(seen) > s.max_redirects:
                    raise _Fail("too_many_redirects", f"more than {s.max_redirects} redirects")
                current = target
                continue
            return current, response, body, tuple(seen)

    def _gate(self, host: str) -> _HostGate:
        gate = self._gates.get(host)
        if gate is None:
            s = self.settings
            last = self._last_start.get(host, float("-inf"))
            delay = max(s.host_delay, self._crawl_delay.get(host, 0.0))
            gate = self._gates[host] = _HostGate(s.per_host, delay, last)
        return gate

    async def _pin(self, url: str) -> str | None:
        """Check one hop's URL: scheme, host, and (unless private addresses are allowed)
        the address it resolves to, which is returned for the connection to use."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise _Fail(
                "unsupported_scheme", f"only http and https are fetched, not {parts.scheme!r}"
            )
        if not parts.hostname:
            raise _Fail("bad_url", "the URL has no host")
        if self._policy.allowed is allow_all:
            return None  # nothing to protect: connect by name, as the user's resolver says
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            return await self._policy.pin(parts.hostname, port)
        except BlockedAddress as exc:
            raise _Fail("blocked_address", str(exc)) from None
        except Unresolvable as exc:
            raise _Fail("dns_error", str(exc)) from None

    async def _request(
        self,
        url: str,
        headers: dict[str, str],
        deadline: _Deadline,
        pin: str | None,
        *,
        robots: bool = False,
    ) -> tuple[httpx.Response, bytes]:
        host = urlsplit(url).netloc.lower()
        gate = self._gate(host)
        # made before the spacing is taken: a new pool loads its TLS context, which takes
        # long enough on a busy machine to squeeze this start against the next one
        client = await self._client(host)
        assert self._global is not None
        async with gate, self._global:
            await gate.space()
            if deadline.left <= 0:
                raise deadline.expired()
            began = time.monotonic()
            self.stats.started(host)
            try:
                async with asyncio.timeout(deadline.left):
                    return await self._send(client, url, headers, pin, robots=robots)
            except TimeoutError:
                raise deadline.expired() from None
            finally:
                deadline.left -= time.monotonic() - began
                self.stats.finished(host)

    async def _send(
        self,
        client: httpx.AsyncClient,
        url: str,
        headers: dict[str, str],
        pin: str | None,
        *,
        robots: bool = False,
    ) -> tuple[httpx.Response, bytes]:
        """One GET on the wire (the caller holds the host's gate and the time budget), to
        the pinned address when there is one, with the URL's host as Host and TLS name."""
        s = self.settings
        limit = min(s.max_bytes, ROBOTS_MAX_BYTES) if robots else s.max_bytes
        target = httpx.URL(url)
        extensions: dict[str, str] = {}
        if pin is not None:
            headers = {**headers, "Host": target.netloc.decode("ascii")}
            extensions["sni_hostname"] = target.raw_host.decode("ascii")
            target = target.copy_with(host=pin)
        try:
            async with client.stream(
                "GET", target, headers=headers, extensions=extensions
            ) as response:
                status = response.status_code
                # 429 and the 5xx server errors may pass; a status past 599 (LinkedIn's
                # 999, "request denied") is a site's refusal, not a passing fault
                if status == 429 or 500 <= status <= 599:
                    raise _Retry(
                        "http_status" if status != 429 else "rate_limited",
                        f"HTTP {status}",
                        _retry_after(response.headers.get("retry-after"), s.max_retry_after),
                    )
                if status == 304 or 300 <= status < 400:
                    return response, b""
                if status >= 400:
                    if robots:
                        return response, b""
                    raise _Fail("http_status", f"HTTP {status}")
                media = _media_type(response.headers.get("content-type"))
                if not robots and media and media not in s.accept:
                    raise _Fail(
                        "unsupported_content_type",
                        f"{media} is not supported (only {', '.join(sorted(s.accept))})",
                    )
                declared = response.headers.get("content-length")
                if not robots and declared and declared.isdigit() and int(declared) > limit:
                    raise _Fail(
                        "too_large",
                        f"Content-Length {int(declared):,} is over {limit:,} bytes",
                    )
                chunks: list[bytes] = []
                size = 0
                async for chunk in response.aiter_bytes():  # decoded: gzip bombs stop here
                    size += len(chunk)
                    if size > limit:
                        if robots:  # RFC 9309: rules past the parsing limit are ignored
                            chunks.append(chunk[: len(chunk) - (size - limit)])
                            break
                        raise _Fail("too_large", f"the body grew past {limit:,} bytes (decoded)")
                    chunks.append(chunk)
                return response, b"".join(chunks)
        except httpx.TimeoutException as exc:
            raise _Retry("timeout", f"{type(exc).__name__} on {url}") from exc
        except httpx.RemoteProtocolError as exc:
            if not str(exc).startswith(_DROPPED):  # an answer that is no HTTP: asking again
                raise _Fail("http_error", f"the answer is not HTTP: {exc}") from exc  # won't help
            raise _Retry("connection_error", f"{type(exc).__name__}: {exc}") from exc
        except httpx.TransportError as exc:
            raise _Retry("connection_error", f"{type(exc).__name__}: {exc}") from exc
        except httpx.DecodingError as exc:
            raise _Fail("bad_encoding", f"the body cannot be decompressed: {exc}") from exc

    # -- robots.txt ------------------------------------------------------------------------

    async def _obey_robots(self, url: str) -> None:
        """Raise unless the origin's robots.txt lets this client fetch ``url``."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._robots:
                self._robots[origin] = await self._load_robots(origin)
        rules = self._robots[origin]
        if isinstance(rules, _Fail):
            raise _Fail(rules.error, rules.detail)
        if rules is not None and not rules.can_fetch(self.settings.user_agent, url):
            raise _Fail("robots_disallowed", f"robots.txt of {parts.netloc} disallows it")
        if rules is not None:
            self._slow_down(parts.netloc.lower(), rules)

    def _slow_down(self, host: str, rules: urllib.robotparser.RobotFileParser) -> None:
        """A ``Crawl-delay`` the host's robots.txt asks of this client (or of every one)
        spaces its request starts that far apart when it is longer than ``host_delay``:
        this run's gate and every later one."""
        try:
            asked = float(rules.crawl_delay(self.settings.user_agent) or 0)
        except (TypeError, ValueError):  # a delay that is no number asks nothing
            return
        if asked > self._crawl_delay.get(host, 0.0):
            self._crawl_delay[host] = asked
            if (gate := self._gates.get(host)) is not None:
                gate.delay = max(gate.delay, asked)

    async def _load_robots(self, origin: str) -> _Robots:
        """The origin's robots.txt, read as RFC 9309 says: through the same address checks,
        host gate and redirect limit as any page, its first ``ROBOTS_MAX_BYTES`` parsed
        and the rest never read (a bomb stops there). None
        (everything allowed) when it is unavailable (4xx but 401/403, or unusable); a
        ``_Fail`` for every page of the origin when it is unreachable (5xx, no answer)."""
        robots_url = origin + "/robots.txt"
        deadline = _Deadline(self.settings.total_timeout)
        for attempt in range(2):
            try:
                _, response, body, _ = await self._follow(robots_url, None, deadline, robots=True)
                break
            except _Retry as retry:
                if attempt == 1:
                    return _Fail(
                        "robots_unreachable",
                        f"robots.txt of {origin} could not be read ({retry.detail});"
                        " its pages are not fetched (RFC 9309)",
                    )
                await asyncio.sleep(retry.retry_after or self.settings.backoff)
            except _Fail:  # a redirect off-limits or looping, a bad body: unavailable
                return None
        parser = urllib.robotparser.RobotFileParser(robots_url)
        if response.status_code in (401, 403):
            parser.parse(["User-agent: *", "Disallow: /"])
            return parser
        if response.status_code >= 400:
            return None
        parser.parse(body.decode("utf-8", errors="replace").splitlines())
        return parser


_NO_COOKIES = http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def fetch(
    urls: Iterable[str],
    settings: FetchSettings | None = None,
    validators: dict[str, Validators] | None = None,
) -> list[FetchResult | Rejection]:
    """Fetch URLs with a fresh ``Fetcher`` (robots.txt cache and host limits per call)."""
    return Fetcher(settings).fetch_all(list(urls), validators)
