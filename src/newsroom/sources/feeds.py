"""Feeds (RSS, Atom) and sitemaps (indexes, news sitemaps) into the URLs they list."""

from __future__ import annotations

import gzip
import io
from collections.abc import Sequence
from dataclasses import dataclass, replace
from urllib.parse import urljoin

import feedparser
from lxml import etree

from newsroom.records import Rejection
from newsroom.sources.http import FEED_TYPES, HTML_TYPES, Fetcher, FetchResult, FetchSettings

MAX_SITEMAPS = 100  # sitemap files followed from one root, indexes included


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
            found.setdefault(urljoin(base_url, str(link).strip()), None)
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


def parse_sitemap(content: bytes, base_url: str, limit: int = 50 * 1024 * 1024) -> Sitemap:
    """Page URLs of a urlset (news sitemaps included), or child sitemaps of an index."""
    data = _maybe_gunzip(content, limit)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    root = etree.fromstring(data, parser=parser)
    if root is None:
        raise ValueError("not an XML sitemap")
    locs = [
        urljoin(base_url, (el.text or "").strip())
        for el in root.iter("{*}loc")
        if (el.text or "").strip()
    ]
    if etree.QName(root).localname == "sitemapindex":
        return Sitemap(pages=[], sitemaps=locs)
    # In a urlset, <loc> also appears inside image/video extensions; keep <url><loc> only.
    pages = [
        urljoin(base_url, (el.text or "").strip())
        for el in root.iter("{*}loc")
        if (el.text or "").strip() and etree.QName(el.getparent()).localname == "url"
    ]
    return Sitemap(pages=list(dict.fromkeys(pages)), sitemaps=[])


def expand(
    feeds: Sequence[str],
    sitemaps: Sequence[str],
    settings: FetchSettings,
) -> tuple[list[str], list[Rejection]]:
    """Fetch feeds and sitemaps (following sitemap indexes) and list the pages they name."""
    fetcher = Fetcher(replace(settings, accept=FEED_TYPES | HTML_TYPES))
    pages: dict[str, None] = {}
    rejected: list[Rejection] = []

    for feed, result in zip(feeds, fetcher.fetch_all(list(feeds)), strict=True):
        if isinstance(result, Rejection):
            rejected.append(replace(result, stage="discover"))
            continue
        urls = feed_urls(result.content, result.final_url)
        if not urls:
            rejected.append(
                Rejection(feed, "discover", "empty_feed", "the feed lists no item links")
            )
        pages.update(dict.fromkeys(urls))

    queue = list(sitemaps)
    done: set[str] = set()
    while queue and len(done) < MAX_SITEMAPS:
        batch = [u for u in dict.fromkeys(queue) if u not in done][: MAX_SITEMAPS - len(done)]
        queue = []
        done.update(batch)
        for url, result in zip(batch, fetcher.fetch_all(batch), strict=True):
            if isinstance(result, Rejection):
                rejected.append(replace(result, stage="discover"))
                continue
            try:
                sitemap = parse_sitemap(result.content, result.final_url, settings.max_bytes)
            except (ValueError, etree.XMLSyntaxError) as exc:
                rejected.append(Rejection(url, "discover", "bad_sitemap", str(exc)))
                continue
            pages.update(dict.fromkeys(sitemap.pages))
            queue += [s for s in sitemap.sitemaps if s not in done]
    return list(pages), rejected


def is_result(value: FetchResult | Rejection) -> bool:
    return isinstance(value, FetchResult)
