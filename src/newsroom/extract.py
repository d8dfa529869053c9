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

import copy
import json
import re
from collections import Counter
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
from newsroom.normalise import line_kind, normalise_unicode

__all__ = ["DEFAULT_OPTIONS", "ExtractOptions", "Extracted", "extract_html"]


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


_WORD = re.compile(r"\w+")
_EMPTY_HTML = re.compile(r"^\s*$")


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """How the body is found; the defaults are the ones chosen by measurement
    (``bench/extract_f1.py``)."""

    mode: str = "balanced"  # trafilatura: "balanced", "precision" or "recall"
    expand_chunks: bool = True  # add sibling containers of a body split in chunks
    drop_link_teasers: bool = True  # paragraphs that are (mostly) one link
    drop_boilerplate_lines: bool = True  # share/teaser/comment/credit lines by their form
    drop_title_deck: bool = True  # headline and standfirst repeated before the text


DEFAULT_OPTIONS = ExtractOptions()


def extract_html(
    html: str, url: str | None = None, *, options: ExtractOptions = DEFAULT_OPTIONS
) -> Extracted:
    """Extract the article body and metadata from *html* (*url* only resolves links)."""
    tree = _parse(html)
    if tree is None:
        return _empty()
    meta = _page_metadata(tree, url)
    body, method = _body(tree, url, meta, options)
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
        method=method,
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


def _copy(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    return copy.deepcopy(tree)


# --------------------------------------------------------------------------- body


@dataclass(slots=True)
class _Para:
    """One block of the body: its text, its kind of element and how much of it is links."""

    text: str
    tag: str  # "p", "head", "item", "quote", "row", …
    link_chars: int = 0

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text))


def _body(
    tree: lxml.html.HtmlElement, url: str | None, meta: _Meta, options: ExtractOptions
) -> tuple[str, str]:
    paras = _trafilatura_paras(tree, url, options.mode)
    method = f"trafilatura-{options.mode}"
    if options.drop_title_deck:
        paras = _drop_title_deck(paras, meta)
    if options.expand_chunks and paras:
        before, after = _sibling_chunks(tree, paras)
        if before or after:
            paras = before + paras + after
            method += "+chunks"
    if options.drop_link_teasers:
        paras = [p for p in paras if not _link_teaser(p)]
    if options.drop_boilerplate_lines and paras:
        paras = _drop_boilerplate_lines(paras)
    seen: set[str] = set()
    out: list[str] = []
    for para in paras:
        key = _squash(para.text)
        if not key or (key in seen and len(key.split()) >= 4):
            continue
        seen.add(key)
        out.append(para.text)
    return normalise_unicode("\n\n".join(out)), method if out else "none"


def _trafilatura_paras(tree: lxml.html.HtmlElement, url: str | None, mode: str) -> list[_Para]:
    document = trafilatura.bare_extraction(
        _copy(tree),
        url=url,
        favor_precision=mode == "precision",
        favor_recall=mode == "recall",
        include_comments=False,
        include_tables=True,
        include_links=True,
        deduplicate=False,
        with_metadata=False,
    )
    body = getattr(document, "body", None)
    if body is None:
        return []
    return list(_result_paras(body))


def _result_paras(body: Any) -> Iterator[_Para]:
    """Paragraphs of trafilatura's result tree. Its own XML vocabulary (p, head, list/item,
    quote, table/row/cell, ref for links, lb for line breaks) and, when one of its fallback
    extractors won, plain HTML (div, p, h2, ul/li, a, br…) are both read."""
    yield from (p for p in _flatten(body) if p.text)


_LINKS = ("ref", "a")
_BREAKS = ("lb", "br")
_SKIPPED = ("graphic", "img", "script", "style", "noscript", "svg")
_HEADS = {"head", "h1", "h2", "h3", "h4", "h5", "h6"}
_ITEMS = {"item", "li", "dt", "dd"}
_BLOCK_TAGS = {
    "p", "quote", "blockquote", "pre", "list", "ul", "ol", "dl", "table", "row", "tr",
    "div", "section", "article", "main", "header", "footer", "aside", "figure", "figcaption",
    "body", "center", "form", "fieldset", "details", "summary", "hr", "address",
} | _HEADS | _ITEMS  # fmt: skip


def _block_kind(tag: str) -> str:
    if tag in _HEADS:
        return "head"
    if tag in _ITEMS:
        return "item"
    if tag in ("quote", "blockquote"):
        return "quote"
    return "p"


def _flatten(el: Any) -> Iterator[_Para]:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _SKIPPED:
        return
    if tag == "table":
        for row in el.iter("row", "tr"):
            cells = [_para(c, "cell") for c in row if c.tag in ("cell", "td", "th")]
            text = " | ".join(c.text for c in cells if c.text)
            yield _Para(text, "row", sum(c.link_chars for c in cells))
        return
    if not any(child.tag in _BLOCK_TAGS for child in el):
        yield _para(el, _block_kind(tag))
        return
    # mixed content: the inline runs between block children are paragraphs of their own
    run: list[tuple[str, int]] = [(el.text or "", 0)]
    for child in el:
        if child.tag in _BLOCK_TAGS:
            yield _join_run(run, _block_kind(tag))
            run = []
            yield from _flatten(child)
        elif child.tag in _BREAKS:
            run.append(("\n", 0))
        elif child.tag not in _SKIPPED:
            inline = _para(child, "inline")
            run.append((f" {inline.text} " if inline.text else "", inline.link_chars))
        run.append((child.tail or "", 0))
    yield _join_run(run, _block_kind(tag))


def _join_run(run: list[tuple[str, int]], tag: str) -> _Para:
    return _Para(_tidy("".join(t for t, _ in run)), tag, sum(n for _, n in run))


def _tidy(text: str) -> str:
    return "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())


def _para(el: Any, tag: str) -> _Para:
    """The text of *el* (line breaks kept) and how many of its characters are link text."""
    parts: list[str] = []
    links = 0

    def walk(node: Any, in_link: bool) -> None:
        nonlocal links
        link = in_link or node.tag in _LINKS
        if node.text:
            parts.append(node.text)
            if link:
                links += len(node.text.strip())
        for child in node:
            if child.tag in _BREAKS:
                parts.append("\n")
            elif child.tag in _BLOCK_TAGS:
                parts.append("\n")
                walk(child, link)
                parts.append("\n")
            elif child.tag not in _SKIPPED and isinstance(child.tag, str):
                walk(child, link)
            if child.tail:
                parts.append(child.tail)
                if link:
                    links += len(child.tail.strip())

    walk(el, False)
    return _Para(_tidy("".join(parts)), tag, links)


# ---- chunks: an article body split into sibling containers (around ads, embeds…)

_BLOCKS = ("p", "h2", "h3", "h4", "h5", "li", "blockquote")
_SKIP_TAGS = {
    "figure", "figcaption", "aside", "nav", "form", "script", "style", "noscript", "button",
    "iframe", "footer", "header", "select", "svg", "template",
}  # fmt: skip
_BOILERPLATE_ATTR = re.compile(
    r"\b(ad|ads|advert\w*|banner|promo\w*|share|sharing|social|related|recirc\w*|"
    r"newsletter|signup|subscri\w*|caption|credit|comment\w*|byline|author|tags?|"
    r"breadcrumbs?|nav\w*|menu|footer|header|sidebar|widget|embed|video|gallery|outbrain|"
    r"taboola|sponsor\w*|popular|trending|read-?more|more-?stories|teaser)\b",
    re.IGNORECASE,
)


def _sibling_chunks(
    tree: lxml.html.HtmlElement, paras: list[_Para]
) -> tuple[list[_Para], list[_Para]]:
    """Body text in containers that repeat the one trafilatura took (same tag and class,
    same parent): (paragraphs before it, paragraphs after it)."""
    found = " " + " ".join(_squash(p.text) for p in paras) + " "
    parents: Counter[Any] = Counter()
    for el in tree.iter(*_BLOCKS):
        key = _squash(el.text_content())
        if len(key) >= 30 and f" {key} " in found:
            parents[el.getparent()] += 1
    if not parents:
        return [], []
    container = parents.most_common(1)[0][0]
    level = container
    for _ in range(2):
        if level is None:
            break
        parent = level.getparent()
        cls = level.get("class")
        if parent is not None and cls:
            group = [s for s in parent if s.tag == level.tag and s.get("class") == cls]
            if len(group) > 1:
                return _chunk_paras(group, level, found)
        level = parent
    return [], []


def _chunk_paras(group: list[Any], own: Any, found: str) -> tuple[list[_Para], list[_Para]]:
    before: list[_Para] = []
    after: list[_Para] = []
    seen_own = False
    for chunk in group:
        if chunk is own:
            seen_own = True
            continue
        if _story_marks(chunk):
            continue  # another story's container (infinite scroll), not a part of this one
        new = [p for p in _dom_paras(chunk) if f" {_squash(p.text)} " not in found]
        (after if seen_own else before).extend(new)
    return before, after


_STORY_MARK = re.compile(
    r"headline|byline|dateline|timestamp|pubdate|published|(story|entry|post|article)[-_]?"
    r"(title|header|meta|author|date)",
    re.IGNORECASE,
)


def _story_marks(chunk: Any) -> bool:
    """Whether *chunk* carries the marks of a story of its own: a headline, a byline or a
    publication time."""
    for el in chunk.iter():
        if el.tag in ("h1", "article", "time", "header"):
            return True
        attrs = f"{el.get('class', '')} {el.get('itemprop', '')}"
        if attrs.strip() and _STORY_MARK.search(attrs):
            return True
    return False


def _dom_paras(root: Any) -> Iterator[_Para]:
    for el in root.iter(*_BLOCKS):
        if any(_skipped(a) for a in _ancestors_within(el, root)):
            continue
        if any(a.tag in _BLOCKS for a in _ancestors_within(el, root) if a is not el):
            continue  # nested inside a block already taken
        links = sum(len(a.text_content().strip()) for a in el.iter("a"))
        text = " ".join(str(el.text_content()).split())
        if text:
            tag = "head" if el.tag.startswith("h") else "item" if el.tag == "li" else "p"
            yield _Para(text, tag, links)


def _ancestors_within(el: Any, root: Any) -> Iterator[Any]:
    node = el
    while node is not None:
        yield node
        if node is root:
            return
        node = node.getparent()


def _skipped(el: Any) -> bool:
    if el.tag in _SKIP_TAGS:
        return True
    attrs = f"{el.get('class', '')} {el.get('id', '')}"
    return bool(attrs.strip()) and bool(_BOILERPLATE_ATTR.search(attrs))


# ---- paragraph filters

_SENTENCE_END = re.compile(r"[.!?…:;。！？][\"'”’»)\]]*$")


def _link_teaser(para: _Para) -> bool:
    """A paragraph that is one link (another story's headline, an app prompt) or a short
    label before one ("Read more: <link>")."""
    if para.tag == "row" or para.link_chars == 0:
        return False
    words = len(para.text.split())
    if words > 40:
        return False
    return para.link_density >= 0.9 or (para.link_density >= 0.5 and words <= 25)


def _drop_title_deck(paras: list[_Para], meta: _Meta) -> list[_Para]:
    """Blocks that repeat the headline (the title, an ``<h1>``, the ``<title>``) wherever
    they are, and leading headings that repeat the title or the description (a
    standfirst)."""
    headlines = {_squash(t) for t in (meta.title, *meta.headlines)} - {""}
    targets = [t for t in (_squash(meta.title), _squash(meta.description or "")) if t]
    out = [p for p in paras if _squash(p.text) not in headlines]
    while out and out[0].tag == "head":
        key = _squash(out[0].text)
        if not any(key in t or t in key for t in targets):
            break
        out.pop(0)
    return out


# The plain-text cleaner's line classifier: a block of one of these kinds is page
# furniture by its form (share prompts, "Read more" teasers, comment headers, credit and
# byline lines, datelines, ad labels and other chrome, photo captions).
_DROPPED_KINDS = frozenset(
    {"share", "teaser", "comments", "credit", "byline", "dateline", "chrome", "caption"}
)


def _drop_boilerplate_lines(paras: list[_Para]) -> list[_Para]:
    """Blocks the plain-text cleaner recognises by their form as page furniture."""
    return [p for p in paras if line_kind(p.text) not in _DROPPED_KINDS]


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
    headlines: tuple[str, ...]  # the page's <h1> texts and <title> parts


_ARTICLE_TYPES = {
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "blogposting",
    "liveblogposting", "socialmediaposting", "techarticle", "scholarlyarticle", "report",
    "webpage", "medicalwebpage", "itempage", "posting",
}  # fmt: skip


def _page_metadata(tree: lxml.html.HtmlElement, url: str | None) -> _Meta:
    ld = _json_ld_article(tree)
    metas = _meta_tags(tree)
    fallback = _LazyMetadata(tree, url)

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
    ) or first(fallback.get("title"), _title_tag(tree))
    authors = _authors(ld, metas, fallback)
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
    ) or _first_date(fallback.get("date"))
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
    ) or first(fallback.get("sitename"))
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
        headlines=_headlines(tree),
    )


def _headlines(tree: lxml.html.HtmlElement) -> tuple[str, ...]:
    out = [_clean_inline(str(h.text_content())) for h in tree.iter("h1")][:5]
    title = _title_tag(tree)
    if title:
        out.append(title)
        out.extend(part for part in _TITLE_SEPARATORS.split(title) if len(part.split()) >= 3)
    return tuple(t for t in out if t)


_TITLE_SEPARATORS = re.compile(r"\s+[|–—:-]\s+|\s+[|·•»]\s*")


class _LazyMetadata:
    """trafilatura's own metadata search (title, author, date via htmldate, site name,
    tags), run only when a field is missing from JSON-LD and the meta tags: it costs
    about as much as the body extraction."""

    def __init__(self, tree: lxml.html.HtmlElement, url: str | None) -> None:
        self._tree, self._url = tree, url
        self._document: Any = None
        self.done = False

    def get(self, field: str) -> Any:
        if not self.done:
            self.done = True
            try:
                self._document = extract_metadata(
                    _copy(self._tree),
                    default_url=self._url,
                    # no guessing from copyright years or the URL alone
                    date_config={"original_date": True, "extensive_search": False},
                )
            except Exception:  # a metadata heuristic failing is no reason to fail the page
                self._document = None
        return getattr(self._document, field, None)


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
    r"the associated press|associated press|reuters|afp|ap|unknown|guest|anonymous)$"
    r"|\b(writer|reporter|correspondent|editor|contributor|columnist|staff)s?$",  # a role
    re.IGNORECASE,
)


def _authors(ld: dict[str, Any], metas: dict[str, str], fallback: _LazyMetadata) -> tuple[str, ...]:
    candidates: list[str] = list(_ld_names(ld.get("author")))
    if not candidates:
        for key in ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator"):
            if key in metas:
                candidates.extend(metas[key].split("\n"))
        if not candidates and fallback.get("author"):
            candidates.append(str(fallback.get("author")))
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


def _tags(ld: dict[str, Any], metas: dict[str, str], fallback: _LazyMetadata) -> tuple[str, ...]:
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
    if not raw and fallback.done:  # not worth running trafilatura's search for tags alone
        raw.extend(fallback.get("tags") or [])
        raw.extend(fallback.get("categories") or [])
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
