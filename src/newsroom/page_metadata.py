"""A page's metadata: title, authors, dates, site name, description, language, tags,
canonical URL.

Read from JSON-LD (schema.org ``NewsArticle`` and friends) first, then ``<meta>`` tags
(OpenGraph, ``article:*``, Dublin Core, Parse.ly), then from the page itself: the
headline is the heading that the ``<title>`` repeats, the byline an element marked as one,
the date htmldate's. Used by ``newsroom.extract``; pure, like it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
from htmldate import find_date
from lxml import etree

from newsroom.metadata import UNSPACED
from newsroom.normalise import normalise_unicode


@dataclass(frozen=True, slots=True)
class PageMeta:
    title: str
    title_method: str | None  # the metadata that named it (og:title, …) or "page-heading"
    authors: tuple[str, ...]
    published_at: datetime | None
    updated_at: datetime | None
    site_name: str | None
    description: str | None
    language: str | None
    language_method: str | None  # where the page declares it: html_lang, json_ld, meta_tag
    tags: tuple[str, ...]
    canonical_url: str | None
    headlines: tuple[str, ...]  # the page's <h1> texts and <title> parts
    title_tag: str | None  # the <title>'s first line (``title_tag``)
    published_day_only: bool = False  # the page gave the day, not the time (midnight UTC)


_ARTICLE_TYPES = {
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "blogposting",
    "liveblogposting", "socialmediaposting", "techarticle", "scholarlyarticle", "report",
    "webpage", "medicalwebpage", "itempage", "posting",
}  # fmt: skip


def page_metadata(tree: lxml.html.HtmlElement, url: str | None) -> PageMeta:
    ld = _json_ld_article(tree)
    metas = _meta_tags(tree)
    page_title = title_tag(tree)

    def first(*values: str | None) -> str | None:
        for value in values:
            if value and value.strip():
                return _clean_inline(value)
        return None

    # The title the page shows when shared first: where it and the JSON-LD headline
    # differ, it is the one a reader sees (and the one benchmarks take as the truth).
    title, title_method = _title_metadata(ld, metas)
    if title is None:
        title, title_method = first(_headline_in_page(tree, page_title)), "page-heading"
    authors = _authors(ld, metas, tree)
    published, published_day_only = _first_timed_date(
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
    )
    if published is None:  # htmldate gives days
        published = _first_date(_htmldate(tree))
        published_day_only = published is not None
    updated = _first_date(
        _ld_str(ld, "dateModified"),
        metas.get("article:modified_time"),
        metas.get("og:updated_time"),
        metas.get("dcterms.modified"),
        metas.get("last-modified"),
    )
    publisher = _ld_publisher(ld)
    site_name = first(
        *(
            name
            for name in (
                _spelt_out(metas.get("og:site_name"), publisher),
                publisher,
                metas.get("application-name"),
            )
            if name and not _URL.search(name)
        )
    )
    description = first(
        metas.get("og:description"),
        metas.get("description"),
        metas.get("twitter:description"),
        _ld_str(ld, "description"),
        metas.get("dc.description"),
    )
    language, language_method = _language(tree, ld, metas)
    tags = _tags(ld, metas)
    canonical = _canonical(tree, metas, ld, url)
    return PageMeta(
        title=title or "",
        title_method=title_method if title else None,
        authors=authors,
        published_at=published,
        updated_at=updated,
        site_name=site_name,
        description=description,
        language=language,
        language_method=language_method,
        tags=tags,
        canonical_url=canonical,
        headlines=_headlines(tree, page_title),
        title_tag=page_title,
        published_day_only=published_day_only,
    )


# Where a page's metadata names its title, most telling first: the method names the source.
TITLE_METADATA = ("og:title", "twitter:title", "json_ld:headline", "parsely-title", "dc.title")


def _title_metadata(ld: dict[str, Any], metas: dict[str, str]) -> tuple[str | None, str | None]:
    """The title the page's metadata names and which metadata it was, or (None, None)."""
    for method in TITLE_METADATA:
        value = _ld_str(ld, "headline") if method == "json_ld:headline" else metas.get(method)
        if value and value.strip():
            return _clean_inline(value), method
    return None, None


def _headlines(tree: lxml.html.HtmlElement, title: str | None) -> tuple[str, ...]:
    out = [_clean_inline(str(h.text_content())) for h in tree.iter("h1")][:5]
    if title:
        out.append(title)
        out.extend(part for part in _TITLE_SEPARATORS.split(title) if len(part.split()) >= 3)
    return tuple(t for t in out if t)


_TITLE_SEPARATORS = re.compile(r"\s+[|–—:-]\s+|\s+[|·•»]\s*|\s*｜\s*")
_WORD = re.compile(r"\w+")
# A site name that is an address, not a name: a scheme, "www." or a path.
_URL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*://|www\.)|^\S+\.[a-z]{2,}/\S*$", re.IGNORECASE)


def _htmldate(tree: lxml.html.HtmlElement) -> str | None:
    """The publication date htmldate finds in the page's markup (no guessing from
    copyright years, no extensive search of the text): the metadata had none."""
    try:
        return find_date(tree, original_date=True, extensive_search=False)
    except Exception:  # a date heuristic failing is no reason to fail the page
        return None


# A <title> is "Headline | Site" or "Site - Section - Headline"; a heading is marked by
# its tag or by a class or id naming it a title or headline.
# (Searched from the attributes up: an XPath that tests every element's attributes costs
# twice as much.)
_HEADINGS = etree.XPath(
    "//h1|//h2|//h3|(//@class|//@id)[contains(., 'title') or contains(., 'headline')]"
    "/parent::*[self::div or self::span or self::td or self::p or self::a or self::font or "
    "self::b or self::strong]"
)
_MAX_HEADING_WORDS = 40
_MIN_HEADING_MATCH = 0.5


# A metadata title that shares at most this word F1 with a heading the ``<title>``
# repeats (at ``_AGREEING_HEADING`` at least), and with that ``<title>``, names something
# else: the blog's or section's description ("Official Blog of the National Football
# League" on every post, whose <title> and <h1> both read "NFL fantasy football: …").
_OUTVOTED_OVERLAP = 0.2
_AGREEING_HEADING = 0.8


def outvoted(title: str, tree: lxml.html.HtmlElement, page_title: str | None) -> bool:
    """Whether two other witnesses of the page, its ``<title>`` and a heading that repeats
    it, agree on a headline that the metadata's ``title`` shares (nearly) no words with."""
    if not page_title:
        return False
    named = Counter(lower_words(title))
    shown = Counter(lower_words(page_title))
    if not named or word_f1(named, shown) > _OUTVOTED_OVERLAP:
        return False
    for el in _HEADINGS(tree):
        words = Counter(lower_words(str(el.text_content())))
        if (
            words
            and word_f1(words, shown) >= _AGREEING_HEADING
            and word_f1(words, named) <= _OUTVOTED_OVERLAP
        ):
            return True
    return False


def _headline_in_page(tree: lxml.html.HtmlElement, title: str | None) -> str | None:
    """The headline of a page without title metadata: the heading that the ``<title>``
    repeats best (word F1, a site name around it costs little); else the first ``<h1>``
    (a ``<title>`` that is only the site's name); else the longest part of the
    ``<title>``; else the first element marked as a heading."""
    title_words = Counter(lower_words(title or ""))
    headings: list[tuple[str, str]] = []
    best, best_score = None, _MIN_HEADING_MATCH
    for el in _HEADINGS(tree):
        text = str(el.text_content())
        words = lower_words(text)
        if not words or words_long(words) > _MAX_HEADING_WORDS:
            continue
        headings.append((el.tag, text))
        score = word_f1(Counter(words), title_words) if title_words else 0.0
        if score > best_score + 1e-9:
            best, best_score = text, score
    best = best or next((text for tag, text in headings if tag == "h1"), None)
    if best:
        return _clean_inline(best)
    if title:
        parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
        return max(parts, key=lambda p: words_long(lower_words(p))) if parts else title
    return _clean_inline(headings[0][1]) if headings else None


def lower_words(text: str) -> list[str]:
    """The text's words (``\\w+`` runs), lower-cased. A run of a script written without
    spaces (Chinese, Japanese, Thai…) is no one word: it gives its overlapping character
    pairs (a lone character itself), so that a headline and the lead that repeats it share
    words as they do in English ("東京で大雨" and "東京では" share "東京")."""
    words = _WORD.findall(text.lower())
    if text.isascii() or not UNSPACED.search(text):
        return words
    out: list[str] = []
    for word in words:
        at = 0
        for run in UNSPACED.finditer(word):
            if run.start() > at:
                out.append(word[at : run.start()])
            chars = run.group()
            out.extend(chars[i : i + 2] for i in range(max(len(chars) - 1, 1)))
            at = run.end()
        if at < len(word):
            out.append(word[at:])
    return out


def words_long(words: list[str]) -> float:
    """How many words ``lower_words`` gave, a character pair of a script written without
    spaces counting half (about two characters a word, as ``metadata.word_count`` counts)."""
    pairs = sum(1 for w in words if UNSPACED.match(w))
    return len(words) - pairs / 2 if pairs else len(words)


def word_f1(a: Counter[str], b: Counter[str]) -> float:
    """F1 of two bags of words: how far two titles say the same."""
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def _clean_inline(text: str) -> str:
    """*text* normalised (``normalise_unicode``) on one line. Printable ASCII without an
    entity is already normal, and most metadata is that: it skips the costly repair."""
    line = " ".join(text.split())
    if line.isascii() and line.isprintable() and "&" not in line:
        return line
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


def title_tag(tree: lxml.html.HtmlElement) -> str | None:
    """The ``<title>``'s first line: an unclosed ``<title>`` holds the markup after it."""
    for el in tree.iter("title"):
        text = str(el.text_content()).strip().split("\n", 1)[0].strip()
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
        raw = _LD_WRAPPER.sub("", script.text or "").strip()
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


# The wrapper old pages put around a script's text for XHTML parsers ("//<![CDATA[" …
# "//]]>", or an HTML comment): no JSON, and the whole block failed to parse.
_LD_WRAPPER = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*$")


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


def _spelt_out(site_name: str | None, publisher: str | None) -> str | None:
    """``og:site_name`` as the publisher spells it when the page wrote it as a slug of that
    name ("nationalpost" for "National Post", "theprovince" for "The Province")."""
    if site_name and publisher and site_name.islower() and " " not in site_name:
        letters = "".join(ch for ch in publisher.lower() if ch.isalnum())
        if site_name in (letters, letters.removeprefix("the")):
            return publisher
    return site_name


# ---- authors


def _authors(
    ld: dict[str, Any], metas: dict[str, str], tree: lxml.html.HtmlElement
) -> tuple[str, ...]:
    candidates: list[str] = list(_ld_names(ld.get("author")))
    if not candidates:
        for key in ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator"):
            if key in metas:
                candidates.extend(metas[key].split("\n"))
    if not candidates:
        candidates.extend(_byline_in_page(tree))
    # As the page gives them, less a label before "by" ("Analysis by Jane Doe"): which
    # are names is decided once, by ``facts.clean_authors``.
    return tuple(_LABEL_BY.sub("", _clean_inline(raw)) for raw in candidates)


# "Analysis by", "Opinion by", "Words and pictures by": a label ending in "by" before the
# names. A name holds no lower-case "by".
_LABEL_BY = re.compile(r"^(?:[^\W\d_]+\s+){1,3}by\s+(?=\S)", re.IGNORECASE)
_BYLINES = etree.XPath(
    "(//@class[contains(., 'byline') or contains(., 'author')]|//@rel[. = 'author']|"
    "//@itemprop[. = 'author']|//@id[contains(., 'byline')])/parent::*"
)
_MAX_BYLINE_WORDS = 10


def _byline_in_page(tree: lxml.html.HtmlElement) -> list[str]:
    """The text of the first element marked as the article's byline (not a comment's)."""
    for el in _BYLINES(tree):
        if any(
            "comment" in f"{a.get('class', '')} {a.get('id', '')}"
            for a in (el, *el.iterancestors())
        ):
            continue
        text = " ".join(str(el.text_content()).split())
        if text and len(text.split()) <= _MAX_BYLINE_WORDS:
            return [text]
    return []


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


def _first_timed_date(*values: str | None) -> tuple[datetime | None, bool]:
    """The first value that reads as a date, and whether it gives the day alone; a day
    alone gives way to a later value of the same day that tells the time (a ``<time>``
    tag's "2024-08-22" and the JSON-LD's "2024-08-22T12:00:00+02:00")."""
    found: datetime | None = None
    for value in values:
        if not value:
            continue
        parsed = _parse_date(value)
        if parsed is None:
            continue
        timed = _HAS_TIME.match(value) is not None
        if found is None:
            if timed:
                return parsed, False
            found = parsed
        elif timed and _parse_date(value[:10]) == found:
            return parsed, False
    return found, found is not None


# A date value with its time of day ("2024-08-22T12:00", "2024-08-22 12:00:00+02:00").
_HAS_TIME = re.compile(r"^\s*\d{4}-?\d{2}-?\d{2}[T ]\d{2}")


def _first_date(*values: str | None) -> datetime | None:
    for value in values:
        if value:
            parsed = _parse_date(value)
            if parsed is not None:
                return parsed
    return None


# ---- language, tags, canonical URL

_LANG = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$", re.IGNORECASE)


def _language(
    tree: lxml.html.HtmlElement, ld: dict[str, Any], metas: dict[str, str]
) -> tuple[str | None, str | None]:
    """The language the page declares and where: (code, html_lang | json_ld | meta_tag)."""
    for value, method in (
        (tree.get("lang"), "html_lang"),
        (tree.get("xml:lang"), "html_lang"),
        (_ld_str(ld, "inLanguage"), "json_ld"),
        (metas.get("content-language"), "meta_tag"),
        (metas.get("og:locale"), "meta_tag"),
        (metas.get("dc.language"), "meta_tag"),
        (metas.get("language"), "meta_tag"),
    ):
        if value:
            m = _LANG.match(value.strip().split(",")[0])
            if m:
                return m.group(1).lower(), method
    return None, None


def _tags(ld: dict[str, Any], metas: dict[str, str]) -> tuple[str, ...]:
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
