"""HTML page → article text and metadata.

:func:`extract_html` takes the HTML of one page (already decoded) and returns an
:class:`Extracted`: the clean article body (paragraphs separated by a blank line) and the
page's metadata (title, authors, dates, site name, description, language, tags,
canonical URL). It is pure: no network, no files; a page without an article gives an
empty body, never an exception.

The body comes from trafilatura (precision mode, comments left out). Metadata is read
from JSON-LD (schema.org ``NewsArticle`` and friends) first, then ``<meta>`` tags
(OpenGraph, ``article:*``, Dublin Core, Parse.ly), then trafilatura's own metadata search.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.metadata import extract_metadata

from newsroom.metadata import detect_language
from newsroom.normalise import normalise_unicode

__all__ = ["Extracted", "extract_html"]


@dataclass(frozen=True, slots=True)
class Extracted:
    """The article found in one HTML page."""

    title: str
    body: str  # clean article text, paragraphs separated by "\n\n"
    authors: tuple[str, ...]
    published_at: datetime | None  # timezone-aware UTC when known
    updated_at: datetime | None
    site_name: str | None
    description: str | None
    language: str | None
    tags: tuple[str, ...]
    canonical_url: str | None  # <link rel=canonical> or og:url, as found (absolute)
    method: str  # which extractor/combination produced the body


_EMPTY_HTML = re.compile(r"^\s*$")


def extract_html(html: str, url: str | None = None) -> Extracted:
    """Extract the article body and metadata from *html* (*url* only resolves links)."""
    tree = _parse(html)
    if tree is None:
        return _empty()
    meta = _page_metadata(tree, url)
    body = _body_trafilatura(tree, url)
    body = _drop_leading_title(body, meta.title)
    language = meta.language
    if language is None and body:
        language = detect_language(body)
    return Extracted(
        title=meta.title,
        body=body,
        authors=meta.authors,
        published_at=meta.published_at,
        updated_at=meta.updated_at,
        site_name=meta.site_name,
        description=meta.description,
        language=language,
        tags=meta.tags,
        canonical_url=meta.canonical_url,
        method="trafilatura-precision",
    )


def _empty() -> Extracted:
    return Extracted("", "", (), None, None, None, None, None, (), None, "none")


def _parse(html: str) -> lxml.html.HtmlElement | None:
    if _EMPTY_HTML.match(html):
        return None
    try:
        # an XML declaration with an encoding is refused in a str: drop it
        if html.lstrip().startswith("<?xml"):
            html = html[html.find("?>") + 2 :]
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None
    return tree


# --------------------------------------------------------------------------- body


def _body_trafilatura(tree: lxml.html.HtmlElement, url: str | None) -> str:
    text = trafilatura.extract(
        _copy(tree),
        url=url,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
    )
    return _paragraphs(text or "")


def _copy(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    copied: lxml.html.HtmlElement = lxml.html.fromstring(etree.tostring(tree))
    return copied


def _paragraphs(text: str) -> str:
    """trafilatura's one-block-per-line text → normalised paragraphs split by blank lines."""
    text = normalise_unicode(text)
    return "\n\n".join(line.strip() for line in text.split("\n") if line.strip())


def _drop_leading_title(body: str, title: str) -> str:
    """The headline repeated as the body's first paragraph is not body text."""
    if not body or not title:
        return body
    first, _, rest = body.partition("\n\n")
    if _squash(first) == _squash(title):
        return rest
    return body


def _squash(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


# --------------------------------------------------------------------------- metadata


@dataclass(frozen=True, slots=True)
class _Meta:
    title: str
    authors: tuple[str, ...]
    published_at: datetime | None
    updated_at: datetime | None
    site_name: str | None
    description: str | None
    language: str | None
    tags: tuple[str, ...]
    canonical_url: str | None


_ARTICLE_TYPES = {
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "blogposting",
    "liveblogposting", "socialmediaposting", "techarticle", "scholarlyarticle", "report",
    "webpage", "medicalwebpage", "itempage", "posting",
}  # fmt: skip


def _page_metadata(tree: lxml.html.HtmlElement, url: str | None) -> _Meta:
    ld = _json_ld_article(tree)
    metas = _meta_tags(tree)
    fallback = _trafilatura_metadata(tree, url)

    def first(*values: str | None) -> str | None:
        for value in values:
            if value and value.strip():
                return _clean_inline(value)
        return None

    title = first(
        _ld_str(ld, "headline"),
        metas.get("og:title"),
        metas.get("twitter:title"),
        metas.get("parsely-title"),
        metas.get("dc.title"),
        fallback.title if fallback else None,
        _title_tag(tree),
    )
    authors = _authors(ld, metas, fallback.author if fallback else None)
    published = _first_date(
        _ld_str(ld, "datePublished"),
        _ld_str(ld, "dateCreated"),
        metas.get("article:published_time"),
        metas.get("og:article:published_time"),
        metas.get("parsely-pub-date"),
        metas.get("sailthru.date"),
        metas.get("dc.date.issued"),
        metas.get("dc.date"),
        metas.get("dcterms.created"),
        metas.get("date"),
        metas.get("pubdate"),
        metas.get("publish-date"),
        _time_tag(tree),
        fallback.date if fallback else None,
    )
    updated = _first_date(
        _ld_str(ld, "dateModified"),
        metas.get("article:modified_time"),
        metas.get("og:updated_time"),
        metas.get("dcterms.modified"),
        metas.get("last-modified"),
    )
    site_name = first(
        metas.get("og:site_name"),
        _ld_publisher(ld),
        metas.get("application-name"),
        metas.get("twitter:site", "").lstrip("@") or None,
        fallback.sitename if fallback else None,
    )
    description = first(
        metas.get("og:description"),
        metas.get("description"),
        metas.get("twitter:description"),
        _ld_str(ld, "description"),
        metas.get("dc.description"),
    )
    language = _language(tree, ld, metas)
    tags = _tags(ld, metas, fallback)
    canonical = _canonical(tree, metas, ld, url)
    return _Meta(
        title=title or "",
        authors=authors,
        published_at=published,
        updated_at=updated,
        site_name=site_name,
        description=description,
        language=language,
        tags=tags,
        canonical_url=canonical,
    )


def _trafilatura_metadata(tree: lxml.html.HtmlElement, url: str | None) -> Any:
    try:
        return extract_metadata(_copy(tree), default_url=url, extensive=True)
    except Exception:  # a metadata heuristic failing is no reason to fail the page
        return None


def _clean_inline(text: str) -> str:
    return " ".join(normalise_unicode(text).split())


# ---- meta tags


def _meta_tags(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """First value of each ``<meta>`` name/property (lower-cased keys); repeated article:tag
    and article:author values are joined with a newline."""
    out: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
        content = el.get("content")
        if not key or content is None:
            continue
        key = key.strip().lower()
        content = content.strip()
        if not content:
            continue
        if key in ("article:tag", "article:author", "author") and key in out:
            out[key] += "\n" + content
        else:
            out.setdefault(key, content)
    return out


def _title_tag(tree: lxml.html.HtmlElement) -> str | None:
    for el in tree.iter("title"):
        text = str(el.text_content()).strip()
        if text:
            return text
    return None


def _time_tag(tree: lxml.html.HtmlElement) -> str | None:
    for el in tree.iter("time"):
        value = el.get("datetime")
        if value and (el.get("itemprop") == "datePublished" or el.get("pubdate") is not None):
            return str(value)
    return None


# ---- JSON-LD


def _json_ld_objects(tree: lxml.html.HtmlElement) -> Iterator[dict[str, Any]]:
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            try:  # trailing commas, control characters: a lenient second try
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", raw), strict=False)
            except ValueError:
                continue
        yield from _walk_ld(data)


def _walk_ld(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _walk_ld(item)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _walk_ld(graph)
        main = data.get("mainEntity")
        if isinstance(main, (dict, list)):
            yield from _walk_ld(main)


def _ld_types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _json_ld_article(tree: lxml.html.HtmlElement) -> dict[str, Any]:
    """The page's article object: a news/article type first, a web page after."""
    best: dict[str, Any] = {}
    best_rank = 99
    for obj in _json_ld_objects(tree):
        types = _ld_types(obj)
        if not types & _ARTICLE_TYPES:
            continue
        rank = 2 if types <= {"webpage", "itempage", "medicalwebpage"} else 0
        if "headline" not in obj and "articleBody" not in obj:
            rank += 1
        if rank < best_rank:
            best, best_rank = obj, rank
    return best


def _ld_str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    return value if isinstance(value, str) and value.strip() else None


def _ld_names(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _ld_names(item)
    elif isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, str):
            yield name
        elif isinstance(name, list):
            yield from _ld_names(name)


def _ld_publisher(obj: dict[str, Any]) -> str | None:
    return next(iter(_ld_names(obj.get("publisher"))), None)


# ---- authors

_BY = re.compile(r"^\s*(by|von|por|par|di|door|av|de)\s*:?\s+", re.IGNORECASE)
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|\n|\||,\s*and\s+|\s+and\s+|\s+&\s+|,\s*(?=[A-Z]))\s*")
_NOT_A_NAME = re.compile(
    r"https?://|www\.|@|\.com\b|^(staff|admin|editor|editors|reporter|news ?desk|"
    r"the associated press|associated press|reuters|afp|ap|unknown|guest|anonymous)$",
    re.IGNORECASE,
)


def _authors(ld: dict[str, Any], metas: dict[str, str], fallback: str | None) -> tuple[str, ...]:
    candidates: list[str] = list(_ld_names(ld.get("author")))
    if not candidates:
        for key in ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator"):
            if key in metas:
                candidates.extend(metas[key].split("\n"))
        if not candidates and fallback:
            candidates.append(fallback)
    names: list[str] = []
    for raw in candidates:
        for part in _AUTHOR_SPLIT.split(_BY.sub("", _clean_inline(raw))):
            name = part.strip(" ,.-–—|")
            if not name or _NOT_A_NAME.search(name) or len(name) > 60:
                continue
            if len(name.split()) > 5:
                continue
            if name.lower() not in (n.lower() for n in names):
                names.append(name)
    return tuple(names)


# ---- dates

_ISO_LIKE = re.compile(
    r"^\s*(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*$",
    re.IGNORECASE,
)


def _parse_date(value: str) -> datetime | None:
    """An ISO-8601-like date (the form meta tags and JSON-LD use) as an aware UTC datetime;
    a date without an offset is taken as UTC."""
    m = _ISO_LIKE.match(value)
    if m is None:
        return None
    year, month, day, hour, minute, second, zone = m.groups()
    tz = "+00:00"
    if zone and zone.upper() not in ("Z", "UTC", "GMT"):
        digits = zone[1:].replace(":", "")
        tz = f"{zone[0]}{digits[:2]}:{digits[2:4] or '00'}"
    iso = f"{year}-{month}-{day}T{hour or '00'}:{minute or '00'}:{second or '00'}{tz}"
    try:
        parsed = datetime.fromisoformat(iso)
    except ValueError:
        return None
    if not 1990 <= parsed.year <= 2100:
        return None
    return parsed.astimezone(UTC)


def _first_date(*values: str | None) -> datetime | None:
    for value in values:
        if value:
            parsed = _parse_date(value)
            if parsed is not None:
                return parsed
    return None


# ---- language, tags, canonical URL

_LANG = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$", re.IGNORECASE)


def _language(tree: lxml.html.HtmlElement, ld: dict[str, Any], metas: dict[str, str]) -> str | None:
    for value in (
        tree.get("lang"),
        tree.get("xml:lang"),
        _ld_str(ld, "inLanguage"),
        metas.get("content-language"),
        metas.get("og:locale"),
        metas.get("dc.language"),
        metas.get("language"),
    ):
        if value:
            m = _LANG.match(value.strip().split(",")[0])
            if m:
                return m.group(1).lower()
    return None


def _tags(ld: dict[str, Any], metas: dict[str, str], fallback: Any) -> tuple[str, ...]:
    raw: list[str] = []
    keywords = ld.get("keywords")
    if isinstance(keywords, str):
        raw.extend(keywords.split(","))
    elif isinstance(keywords, list):
        raw.extend(k for k in keywords if isinstance(k, str))
    if not raw:
        if "article:tag" in metas:
            raw.extend(metas["article:tag"].split("\n"))
        for key in ("news_keywords", "keywords", "parsely-tags"):
            if key in metas:
                raw.extend(metas[key].split(","))
                break
    if not raw and fallback is not None:
        raw.extend(fallback.tags or [])
        raw.extend(fallback.categories or [])
    return _dedupe(_clean_inline(t) for t in raw)


def _dedupe(items: Iterable[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        key = item.lower()
        if item and key not in seen:
            seen.add(key)
            out.append(item)
    return tuple(out)


def _canonical(
    tree: lxml.html.HtmlElement, metas: dict[str, str], ld: dict[str, Any], url: str | None
) -> str | None:
    candidates: list[str] = []
    for el in tree.iter("link"):
        rels = (el.get("rel") or "").lower().split()
        if "canonical" in rels and el.get("href"):
            candidates.append(el.get("href", ""))
    if "og:url" in metas:
        candidates.append(metas["og:url"])
    main = ld.get("mainEntityOfPage")
    if isinstance(main, dict):
        main = main.get("@id") or main.get("url")
    if isinstance(main, str):
        candidates.append(main)
    for candidate in candidates:
        href = candidate.strip()
        absolute = urljoin(url, href) if url else href
        if urlsplit(absolute).scheme in ("http", "https") and urlsplit(absolute).netloc:
            return absolute
    return None
