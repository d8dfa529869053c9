"""Feeds (RSS, Atom) and sitemaps (indexes, news sitemaps) into the URLs they list."""

from __future__ import annotations

import gzip
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin

import feedparser
from lxml import etree

from newsroom.records import Rejection
from newsroom.sources.http import FEED_TYPES, HTML_TYPES, Fetcher, FetchResult, FetchSettings
from newsroom.sources.netpolicy import AddressPolicy

# Sitemap files read from the roots of one run, indexes included: a year of daily archive
# sitemaps and their index fit; a sitemap over the limit is an error row, never dropped.
MAX_SITEMAPS = 1000


def _join(base_url: str, link: str) -> str:
    """``link`` resolved against ``base_url``; as written when it cannot be parsed (the
    fetch then records it as an ``invalid_url`` error instead of failing the run)."""
    try:
        return urljoin(base_url, link)
    except ValueError:
        return link


def feed_urls(content: bytes, base_url: str) -> list[str]:
    """Item links of an RSS or Atom feed, in feed order, each once."""
    parsed = feedparser.parse(content)
    found: dict[str, None] = {}
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            links = [x.get("href") for x in entry.get("links", []) if x.get("href")]
            link = links[0] if links else None
        if link:
            found.setdefault(_join(base_url, str(link).strip()), None)
    return list(found)


def _maybe_gunzip(content: bytes, limit: int) -> bytes:
    if content[:2] != b"\x1f\x8b":
        return content
    with gzip.GzipFile(fileobj=io.BytesIO(content)) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"the decompressed sitemap is over {limit:,} bytes")
    return data


@dataclass(frozen=True, slots=True)
class Sitemap:
    pages: list[str]
    sitemaps: list[str]  # children of a sitemap index
    lastmod: dict[str, datetime] = field(default_factory=dict)  # page → its <lastmod>


def lastmod_time(text: str) -> datetime | None:
    """A sitemap's ``<lastmod>`` (W3C datetime) as the latest moment it may mean, UTC:
    a date alone is the end of that day anywhere on Earth (UTC-12); a time without a zone
    is taken as UTC-12 as well. None when it cannot be read."""
    text = text.strip()
    try:
        if len(text) == 10:  # YYYY-MM-DD
            day = datetime.fromisoformat(text).replace(tzinfo=UTC)
            return day + timedelta(days=1, hours=12)
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC) + timedelta(hours=12)
    return when.astimezone(UTC)


def parse_sitemap(content: bytes, base_url: str, limit: int = 50 * 1024 * 1024) -> Sitemap:
    """Page URLs of a urlset (news sitemaps included), or child sitemaps of an index."""
    data = _maybe_gunzip(content, limit)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    root = etree.fromstring(data, parser=parser)
    if root is None:
        raise ValueError("not an XML sitemap")
    locs = [
        _join(base_url, (el.text or "").strip())
        for el in root.iter("{*}loc")
        if (el.text or "").strip()
    ]
    if etree.QName(root).localname == "sitemapindex":
        return Sitemap(pages=[], sitemaps=locs)
    # In a urlset, <loc> also appears inside image/video extensions; keep <url><loc> only.
    pages: list[str] = []
    lastmod: dict[str, datetime] = {}
    for el in root.iter("{*}loc"):
        parent = el.getparent()
        if not (el.text or "").strip() or etree.QName(parent).localname != "url":
            continue
        page = _join(base_url, (el.text or "").strip())
        pages.append(page)
        modified = parent.find("{*}lastmod")
        when = lastmod_time(modified.text or "") if modified is not None else None
        if when is not None:
            lastmod[page] = when
    return Sitemap(pages=list(dict.fromkeys(pages)), sitemaps=[], lastmod=lastmod)


def expand(
    feeds: Sequence[str],
    sitemaps: Sequence[str],
    settings: FetchSettings,
    max_sitemaps: int = MAX_SITEMAPS,
    policy: AddressPolicy | None = None,
    lastmod: dict[str, datetime] | None = None,
    shares: Fetcher | None = None,
) -> tuple[list[str], list[Rejection]]:
    """Fetch feeds and sitemaps (following sitemap indexes) and list the pages they name;
    the ``<lastmod>`` a sitemap gives a page goes in ``lastmod`` when given.

    One fetcher serves every feed and sitemap, so robots.txt is read once per host and the
    host's spacing holds across them (and across the run's pages after them, when the
    pages' fetcher is given as ``shares``). A feed or sitemap that cannot be read, and every
    sitemap past ``max_sitemaps``, is a ``discover`` rejection: nothing is dropped unsaid.
    """
    fetcher = Fetcher(
        replace(settings, accept=FEED_TYPES | HTML_TYPES), policy=policy, shares=shares
    )
    pages: dict[str, None] = {}
    rejected: list[Rejection] = []

    for feed, result in zip(feeds, fetcher.fetch_all(list(feeds)), strict=True):
        if isinstance(result, Rejection):
            rejected.append(replace(result, stage="discover"))
            continue
        try:
            urls = feed_urls(result.content, result.final_url)
        except Exception as exc:
            rejected.append(Rejection(feed, "discover", "bad_feed", f"{type(exc).__name__}: {exc}"))
            continue
        if not urls:
            rejected.append(_none_listed(feed, result.content, "feed"))
        pages.update(dict.fromkeys(urls))

    queue = list(dict.fromkeys(sitemaps))
    done: set[str] = set()
    skipped: set[str] = set()
    while queue:
        batch = [u for u in dict.fromkeys(queue) if u not in done and u not in skipped]
        room = max(max_sitemaps - len(done), 0)
        over, batch = batch[room:], batch[:room]
        skipped.update(over)
        rejected += [
            Rejection(
                url,
                "discover",
                "sitemap_limit",
                f"not read: {max_sitemaps:,} sitemaps were already read in this run; "
                "fetch it with its own --sitemap",
            )
            for url in over
        ]
        queue = []
        done.update(batch)
        for url, result in zip(batch, fetcher.fetch_all(batch), strict=True):
            if isinstance(result, Rejection):
                rejected.append(replace(result, stage="discover"))
                continue
            try:
                sitemap = parse_sitemap(result.content, result.final_url, settings.max_bytes)
            except (ValueError, OSError, EOFError, etree.XMLSyntaxError) as exc:
                other = _other_kind(url, result.content, "sitemap")
                rejected.append(other or Rejection(url, "discover", "bad_sitemap", str(exc)))
                continue
            if not sitemap.pages and not sitemap.sitemaps:
                rejected.append(_none_listed(url, result.content, "sitemap"))
            pages.update(dict.fromkeys(sitemap.pages))
            if lastmod is not None:
                lastmod.update(sitemap.lastmod)
            queue += [s for s in sitemap.sitemaps if s not in done]
    return list(pages), rejected


# The first element of a document, after a declaration, comments and a doctype: what it is.
_ROOT = re.compile(rb"<(?![?!])\s*(?:[\w.-]+:)?([\w.-]+)")
_DOCUMENT_KINDS = {
    b"html": "an HTML page",
    b"rss": "a feed",
    b"feed": "a feed",
    b"rdf": "a feed",
    b"urlset": "a sitemap",
    b"sitemapindex": "a sitemap",
}


def _none_listed(url: str, content: bytes, expected: str) -> Rejection:
    """Why a feed or a sitemap gave no link: the document is another kind
    (``_other_kind``), or it is one and lists none (``empty_feed``/``empty_sitemap``)."""
    other = _other_kind(url, content, expected)
    if other is not None:
        return other
    if expected == "feed":
        return Rejection(url, "discover", "empty_feed", "the feed lists no item links")
    return Rejection(url, "discover", "empty_sitemap", "the sitemap lists no pages")


def _other_kind(url: str, content: bytes, expected: str) -> Rejection | None:
    """A ``bad_feed``/``bad_sitemap`` rejection saying what the document is when it is
    another kind than ``expected`` (an HTML page; a sitemap passed as a feed, saying which
    option reads it), else None."""
    head = content[:4096]
    if head[:2] == b"\x1f\x8b":  # a gzipped sitemap
        try:
            head = gzip.GzipFile(fileobj=io.BytesIO(content)).read(4096)
        except (OSError, EOFError):
            head = b""
    root = _ROOT.search(head)
    kind = _DOCUMENT_KINDS.get(root.group(1).lower()) if root else None
    if kind is not None and kind != f"a {expected}":
        hint = {"a feed": " (read it with --feed)", "a sitemap": " (read it with --sitemap)"}
        return Rejection(
            url, "discover", f"bad_{expected}", f"not a {expected}: {kind}{hint.get(kind, '')}"
        )
    return None


def is_result(value: FetchResult | Rejection) -> bool:
    return isinstance(value, FetchResult)
