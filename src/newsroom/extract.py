"""HTML page → article text and metadata.

:func:`extract_html` takes the HTML of one page (already decoded) and returns an
:class:`Extracted`: the clean article body (paragraphs separated by a blank line) and the
page's metadata (title, authors, dates, site name, description, language, tags,
canonical URL). It is pure: no network, no files; a page without an article gives an
empty body, never an exception.

The body comes from trafilatura (precision mode, comments left out). Metadata is read
by ``newsroom.page_metadata``; a page whose metadata names no title gets the headline
``newsroom.headline``'s learnt scorer picks, which reads the body's lead.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from ftfy.badness import is_bad
from lxml import etree

from newsroom.headline import best_headline, names_site
from newsroom.metadata import LanguageGuess, in_no_language, language_of
from newsroom.normalise import date_alone, function_words, line_kind, normalise_unicode
from newsroom.page_metadata import TITLE_METADATA, PageMeta, lower_words, outvoted, page_metadata

__all__ = ["DEFAULT_OPTIONS", "ExtractOptions", "Extracted", "extract_html", "parse_html"]


@dataclass(frozen=True, slots=True)
class Extracted:
    """The article found in one HTML page."""

    title: str
    title_method: str | None  # metadata (og:title, json_ld:headline, …), "scored-<kind>"
    # (the headline scorer's pick: a page heading, line, <title> or part), "page-heading"
    body: str  # clean article text, paragraphs separated by "\n\n"
    authors: tuple[str, ...]
    published_at: datetime | None  # timezone-aware UTC when known
    updated_at: datetime | None
    site_name: str | None
    description: str | None
    language: str | None
    language_method: str | None  # py3langid (the text), or html_lang, json_ld, meta_tag
    language_confidence: float  # the language's probability, the declaration a prior
    tags: tuple[str, ...]
    canonical_url: str | None  # <link rel=canonical> or og:url, as found (absolute)
    method: str  # which extractor/combination produced the body
    published_day_only: bool = False  # the page gave the day of ``published_at``, no time
    # notes on this version of the article taken out of the body ("Correction: An earlier
    # version of this story …", a wire's "(Corrects …)"): kept as editors' notes
    notes: tuple[str, ...] = ()


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
    drop_scrambled: bool = True  # paragraphs in no language (a paywall's shifted letters)


DEFAULT_OPTIONS = ExtractOptions()


def extract_html(
    html: str, url: str | None = None, *, options: ExtractOptions = DEFAULT_OPTIONS
) -> Extracted:
    """Extract the article body and metadata from *html* (*url* only resolves links)."""
    tree = parse_html(html)
    if tree is None:
        return _empty()
    meta = page_metadata(tree, url)
    notes: list[str] = []
    body, method = _body(tree, url, meta, options, notes)
    language = _language(meta, body)
    title, title_method = _title(tree, meta, body)
    return Extracted(
        title=title,
        title_method=title_method,
        body=body,
        authors=meta.authors,
        published_at=meta.published_at,
        published_day_only=meta.published_day_only,
        notes=tuple(notes),
        updated_at=meta.updated_at,
        site_name=meta.site_name,
        description=meta.description,
        language=language.code,
        language_method=language.method,
        language_confidence=language.confidence,
        tags=meta.tags,
        canonical_url=meta.canonical_url,
        method=method,
    )


def _empty() -> Extracted:
    return Extracted(
        title="", title_method=None, body="", authors=(), published_at=None, updated_at=None,
        site_name=None, description=None, language=None, language_method=None,
        language_confidence=0.0, tags=(), canonical_url=None, method="none",
    )  # fmt: skip


def _title(tree: lxml.html.HtmlElement, meta: PageMeta, body: str) -> tuple[str, str | None]:
    """The title the page's metadata names, unless that is only the site's name; else
    the headline scorer's pick among the page's headings, the lines above the body and
    the ``<title>``'s parts (it reads the body's lead, so it runs after the body is found)."""
    if (
        meta.title_method in TITLE_METADATA
        and not names_site(meta.title, meta.site_name)
        and not _describes_the_site(meta, tree, body)
    ):
        return _without_site(meta.title, meta), meta.title_method
    found = best_headline(tree, meta.title_tag, body, meta.site_name)
    if found is None:
        return meta.title, meta.title_method
    return _headline_part(_normalised(found.text), found.source), f"scored-{found.source}"


# The story's lead, where a headline's words are looked for (``_describes_the_site``).
_LEAD_WORDS = 150
_LEAD_SHARE = 0.4


def _describes_the_site(meta: PageMeta, tree: lxml.html.HtmlElement, body: str) -> bool:
    """Whether the metadata's title describes the site rather than this page: the
    ``<title>`` and a heading repeating it agree on another headline (``outvoted``), and
    fewer of the title's words are in the story's lead than of the ``<title>``'s, under
    ``_LEAD_SHARE`` ("Official Blog of the National Football League" on every post of the
    NFL's blog, "Yahoo News - Latest News & Headlines"). Another headline that the lead
    backs (a short social headline over a longer one on the page) stays the title."""
    if not meta.title or not outvoted(meta.title, tree, meta.title_tag):
        return False
    lead = set(lower_words(" ".join(body.split()[:_LEAD_WORDS])))

    def share(text: str) -> float:
        words = [w for w in lower_words(text) if len(w) > 2]
        return sum(w in lead for w in words) / len(words) if words else 0.0

    named = share(meta.title)
    return named < _LEAD_SHARE and named < share(meta.title_tag or "")


# What parts a title into "Headline | Site", "Site - Section - Headline" or a breadcrumb
# ("News > Headline"): a mark between spaces. A colon or a hyphen inside a word is left,
# as "Cole: Winning …" and "Under-siege …" are the headline's own.
_TITLE_PARTS = re.compile(r"\s+(?:[|–—»›>]|-{1,2}|::)\s+")
# The same, with the full-width marks Chinese and Japanese titles put before the site's
# name, spaces or none ("基準達せず：中日新聞Web", "ペアで４組｜日刊ゲンダイDIGITAL"): only a
# part that names the site is taken off at these.
_SITE_PARTS = re.compile(_TITLE_PARTS.pattern + r"|\s*[｜：]\s*")
# Marks a line's ends carry as decoration: a list's bullet, guillemets around a link.
_END_MARKS = " •·»«›‹|>"
_BREADCRUMB = re.compile(r"\s+[>›»]\s+")
# Labels of a host name that name no site ("www.example.co.uk").
_HOST_WORDS = frozenset({"www", "com", "org", "net", "co", "uk"})


def _site_words(meta: PageMeta) -> set[str]:
    """The words that name the site: its name and its host's labels (www and the like aside)."""
    words = set(lower_words(meta.site_name or ""))
    if meta.canonical_url:
        words.update(lower_words(urlsplit(meta.canonical_url).hostname or ""))
    return words - _HOST_WORDS


def _names_site_part(part: str, site: set[str]) -> bool:
    """Whether a title's part says only the site's name (its words all name the site)."""
    words = lower_words(part)
    return bool(words) and all(w in site or w in _HOST_WORDS for w in words)


def _without_site(title: str, meta: PageMeta) -> str:
    """*title* without the parts at its ends that only name the site or only date the page
    ("Headline | Site | 10.06.2013", "Site: Headline"): the headline as a reader of the
    page sees it."""
    parts = _SITE_PARTS.split(title)
    site = _site_words(meta)
    if not site:
        return title
    while len(parts) > 1 and (_names_site_part(parts[-1], site) or _date_alone(parts[-1])):
        parts.pop()
    while len(parts) > 1 and (_names_site_part(parts[0], site) or _date_alone(parts[0])):
        parts.pop(0)
    lead, colon, rest = parts[0].partition(": ")
    if colon and lower_words(rest) and _names_site_part(lead, site):  # "Site: Headline"
        parts[0] = rest.strip()
    return _rejoin(title, parts)


# A title's part that dates the page and says nothing else: a date with its year and at
# most a word besides its figures and month names ("10.06.2013", "Updated 3 March 2024").
_DATE_PART_OTHER_WORDS = 1


def _date_alone(part: str) -> bool:
    return date_alone(part, _DATE_PART_OTHER_WORDS)


def _rejoin(title: str, parts: list[str]) -> str:
    """The span of *title* from the first of *parts* to the last, its own marks kept."""
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip() if 0 <= start < end else " ".join(parts)


def _headline_part(text: str, source: str) -> str:
    """The headline in a scored pick: its decoration marks stripped; of a whole ``<title>``
    its part with the most words ("Story - Section - Site"), of a breadcrumb its last
    ("You are in > News > Story"). A heading's own marks are its headline's."""
    text = text.strip(_END_MARKS) or text
    if source == "title-tag":
        parts = [p for p in _TITLE_PARTS.split(text) if lower_words(p)]
        return max(parts, key=lambda p: len(lower_words(p))) if parts else text
    crumbs = [p for p in _BREADCRUMB.split(text) if lower_words(p)]
    return crumbs[-1] if len(crumbs) > 1 else text


# Detection reads this much of the body: enough prose for a sure answer, at a fraction of
# the cost of a whole long article.
_LANGUAGE_SAMPLE = 1500


def _language(meta: PageMeta, body: str) -> LanguageGuess:
    """The article's language read from its body (the title when the body is empty), what
    the page declares weighed in as a prior: a site's template declares one language for
    stories in several, so the declaration does not win over the text."""
    text = body[:_LANGUAGE_SAMPLE] if body else meta.title
    return language_of(text, meta.language, meta.language_method)


# Characters XML forbids (vertical tab, form feed, other C0 controls): trafilatura drops
# them from a string before parsing, and a tree that still holds them can make it return
# nothing or pick the wrong block.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Comments and processing instructions are not text: a parser that keeps them leaves
# nodes between paragraphs that trafilatura's own parser never sees.
_PARSER = lxml.html.HTMLParser(
    remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False
)
# Every element is an ``HtmlElement`` (``text_content`` and the rest), chosen in C: lxml.html's
# own lookup is a Python call each time an element is touched, which the walks of a page
# (trafilatura's, the headline's, the metadata's) do a million times in a thousand pages,
# for the form elements' classes, which nothing here uses.
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
)


def parse_html(html: str) -> lxml.html.HtmlElement | None:
    """The page's tree as the extractor reads it (controls, comments and processing
    instructions dropped), or None for an empty or unparsable page."""
    if _EMPTY_HTML.match(html):
        return None
    try:
        # an XML declaration with an encoding is refused in a str: drop it
        if html.lstrip().startswith("<?xml"):
            html = html[html.find("?>") + 2 :]
        html = _XML_INVALID.sub("", html)
        tree = lxml.html.document_fromstring(html, parser=_PARSER)
        if _swallowed_by_title(tree):
            tree = lxml.html.document_fromstring(_close_title(html), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    return tree


# A ``<title>`` is read as text up to its end tag: a page whose end tag is missing or cut
# (a truncated or spliced capture) has its whole document in the title and no body, for
# the parser as for a browser. A title this long that holds markup is such a page.
_SWALLOWED_TITLE = 500
_TITLE_OPEN = re.compile(r"<title\b[^>]*>", re.I)
_TITLE_END = re.compile(r"[<\n]")


def _swallowed_by_title(tree: lxml.html.HtmlElement) -> bool:
    title = tree.find(".//title")
    text = (title.text if title is not None else None) or ""
    return len(text) > _SWALLOWED_TITLE and "<" in text


def _close_title(html: str) -> str:
    """*html* with its ``<title>`` closed where its first line or markup starts."""
    opened = _TITLE_OPEN.search(html)
    if opened is None:
        return html
    end = _TITLE_END.search(html, opened.end())
    at = end.start() if end else len(html)
    return html[:at] + "</title>" + html[at:]


# --------------------------------------------------------------------------- body


@dataclass(slots=True)
class _Para:
    """One block of the body: its text, its kind of element and how much of it is links."""

    text: str
    tag: str  # "p", "head", "item", "quote", "row", …
    link_chars: int = 0
    _key: str | None = field(default=None, repr=False, compare=False)

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text))

    @property
    def key(self) -> str:
        """The paragraph's words, lower-cased, one space apart: what the steps that look
        for repeated text compare (worked out once, several of them ask)."""
        if self._key is None:
            self._key = _squash(self.text)
        return self._key


def _body(
    tree: lxml.html.HtmlElement,
    url: str | None,
    meta: PageMeta,
    options: ExtractOptions,
    notes: list[str],
) -> tuple[str, str]:
    """The body and the method that found it; the editors' notes dropped from it go to
    ``notes``."""
    paras = _trafilatura_paras(tree, url, options.mode)
    method = f"trafilatura-{options.mode}"
    if len(paras) == 1 and (blocks := _blocks_of_glued(tree, paras[0])):
        paras = blocks  # one paragraph that is a whole element's text: read by its blocks
    if options.drop_title_deck:
        paras = _drop_title_deck(paras, meta)
    if options.expand_chunks and paras:
        before, after = _sibling_chunks(tree, paras)
        if before or after:
            paras = before + paras + after
            method += "+chunks"
    if options.drop_link_teasers:
        _count_link_text(paras, tree)
        paras = [p for p in paras if not _link_teaser(p)]
    if options.drop_boilerplate_lines and paras:
        paras = _drop_boilerplate_lines(paras, notes)
        paras = _without_menus(paras, tree)
    if options.drop_scrambled:
        paras = [p for p in paras if not _scrambled(p.text)]
    seen: set[str] = set()
    out: list[str] = []
    for para in paras:
        key = para.key
        if not key or (key in seen and len(key.split()) >= 4):
            continue
        seen.add(key)
        out.append(para.text)
    body = "\n\n".join(text for text in map(_normalised, out) if text)
    return body, method if body else "none"


# What a paragraph that is already normal is made of: printable ASCII, newlines and the
# typographic marks English pages print in most paragraphs. Each mark is its own NFC
# form, none is a control, a space, an invisible or a ligature, and none is a letter that
# starts a sequence of mojibake (UTF-8 read as Windows-1252 begins with "â", "Ã", "Â" …).
_PLAIN_MARKS = "‘’“”–—•…·°«»©®™€£"
_NOT_PLAIN = re.compile(f"[^\\n -~{_PLAIN_MARKS}]")
# Two marks side by side: in text of plain characters, what every sequence ftfy reads as
# mojibake holds ("€©", "”£"; tests/test_extract.py checks every string of three).
_MARK_PAIR = re.compile(f"[{_PLAIN_MARKS}]{{2}}")
# An HTML character reference as ftfy decodes one: ending in a semicolon.
_ENTITY = re.compile(r"&#?[0-9A-Za-z]{1,24};")


def _normalised(paragraph: str) -> str:
    """*paragraph* through ``normalise_unicode``, unless it is already normal: a line-tidy
    paragraph of plain characters (``_NOT_PLAIN``) with no character reference and
    nothing ftfy reads as mojibake (``ftfy.badness.is_bad``, asked only where two marks
    meet) is left as it is by every step of the repair, the costly part; most paragraphs
    of English articles are that."""
    if (
        _NOT_PLAIN.search(paragraph)
        or ("&" in paragraph and _ENTITY.search(paragraph))
        or (_MARK_PAIR.search(paragraph) and is_bad(paragraph))
    ):
        return normalise_unicode(paragraph)
    return paragraph


def _blocks_of_glued(tree: lxml.html.HtmlElement, para: _Para) -> list[_Para]:
    """The page's blocks whose texts, in order, are *para*: on a short page trafilatura
    falls back to text in one piece, the headline, the share buttons and the story's
    paragraphs run together ("Un sismo … sur de Chile Facebook X WhatsApp SANTIAGO, 3 mar
    (Reuters) - …"); read block by block, the steps after this know them apart. None
    when no blocks spell out exactly that text."""
    # compared without white space: the page's markup puts none between its blocks'
    # texts ("<li>首页</li><li>财经</li>") where trafilatura's text has spaces
    wanted = "".join(para.text.split())
    body = tree.find("body")
    if not wanted or body is None:
        return []
    # the blocks in page order that spell it out, passing over those it leaves out (a
    # cookie banner between the menu and the story)
    found: list[_Para] = []
    at = 0
    for block in _flatten(body):
        text = "".join(block.text.split())
        if text and wanted.startswith(text, at):
            found.append(block)
            at += len(text)
            if at == len(wanted):
                return found if len(found) > 1 else []
    return []


def _trafilatura_paras(tree: lxml.html.HtmlElement, url: str | None, mode: str) -> list[_Para]:
    """The paragraphs trafilatura finds. It works on a copy of a tree it is given (the
    2.3.1 that pyproject asks for does), so *tree* is left as it was for the steps after
    it without a copy of ours."""
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        favor_precision=mode == "precision",
        favor_recall=mode == "recall",
        include_comments=False,
        include_tables=True,
        include_links=False,  # links cost trafilatura time: counted on the page instead
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
_PREFORMATTED = ("pre", "code")  # their line breaks are the text's own
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
        yield from _table_paras(el)
        return
    if not any(child.tag in _BLOCK_TAGS for child in el):
        yield _para(el, _block_kind(tag))
        return
    # mixed content: the inline runs between block children are paragraphs of their own
    run: list[tuple[str, int]] = [(_shown(el.text or ""), 0)]
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
        run.append((_shown(child.tail or ""), 0))
    yield _join_run(run, _block_kind(tag))


def _table_paras(table: Any) -> Iterator[_Para]:
    """A table's rows, one paragraph each; whatever else it holds (text outside rows,
    paragraphs, cells without a row: trafilatura returns such tables) as any container's
    content, so that no text of it is lost."""
    if table.text and table.text.strip():
        yield _Para(_tidy(_shown(table.text)), "p")
    for child in table:
        if child.tag in ("row", "tr"):
            cells = [_para(c, "cell") for c in child if c.tag in ("cell", "td", "th")]
            text = " | ".join(c.text for c in cells if c.text)
            yield _Para(text, "row", sum(c.link_chars for c in cells))
        elif child.tag in ("tbody", "thead", "tfoot"):
            yield from _table_paras(child)
        elif child.tag not in _SKIPPED:
            yield from _flatten(child)
        if child.tail and child.tail.strip():
            yield _Para(_tidy(_shown(child.tail)), "p")


def _join_run(run: list[tuple[str, int]], tag: str) -> _Para:
    return _Para(_tidy("".join(t for t, _ in run)), tag, sum(n for _, n in run))


def _shown(text: str) -> str:
    """Text of the page's markup as a browser shows it: a line break in the source is a
    space between words (pages wrap the lines of a paragraph in their source; only ``<br>``
    breaks a line, and a line of the body is a line of the story to the steps after)."""
    return text.replace("\n", " ")


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
            parts.append(node.text if node.tag in _PREFORMATTED else _shown(node.text))
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
                parts.append(child.tail if node.tag in _PREFORMATTED else _shown(child.tail))
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


class _Taken:
    """The text trafilatura took, asked whether a paragraph's key is in it: a paragraph it
    took whole (a set), else a part of its text (a search of the joined keys). The search
    costs the text's length a paragraph, so it is left out on a page of a very long text
    (a trial's 8 MB page of 18,000 paragraphs spent 19 s in it): a paragraph is then in
    the text when trafilatura took it whole."""

    SEARCHED_UP_TO = 300_000  # characters

    def __init__(self, paras: list[_Para]) -> None:
        self.keys = {p.key for p in paras}
        self.text = " " + " ".join(p.key for p in paras) + " "
        self.searched = len(self.text) <= self.SEARCHED_UP_TO

    def __contains__(self, key: str) -> bool:
        return key in self.keys or (self.searched and f" {key} " in self.text)


def _sibling_chunks(
    tree: lxml.html.HtmlElement, paras: list[_Para]
) -> tuple[list[_Para], list[_Para]]:
    """Body text in containers that repeat the one trafilatura took (same tag and class,
    same parent): (paragraphs before it, paragraphs after it)."""
    found = _Taken(paras)
    parents: Counter[Any] = Counter()
    for el in tree.iter(*_BLOCKS):
        text = _text(el)
        if len(text) < 30:
            continue
        key = _squash(text)
        if len(key) >= 30 and key in found:
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


def _chunk_paras(group: list[Any], own: Any, found: _Taken) -> tuple[list[_Para], list[_Para]]:
    before: list[_Para] = []
    after: list[_Para] = []
    seen_own = False
    for chunk in group:
        if chunk is own:
            seen_own = True
            continue
        if _story_marks(chunk):
            continue  # another story's container (infinite scroll), not a part of this one
        new = [p for p in _dom_paras(chunk) if p.key not in found]
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


# A link text this long found inside a paragraph is taken for that link; a shorter one
# ("Home", "here") only where it stands between spaces as whole words.
_MIN_LINK_TEXT = 12


def _count_link_text(paras: list[_Para], tree: lxml.html.HtmlElement) -> None:
    """Set each paragraph's link characters from the page's links: the text of every link
    on the page that the paragraph holds (trafilatura's result keeps no links)."""
    counted = [p for p in paras if p.tag != "row" and not p.link_chars]
    if not counted:
        return
    # Most of a page's links (menus, other stories) are in no paragraph: one search of
    # all the paragraphs together sets them aside before the paragraph-by-paragraph one.
    spaced_paras = [f" {' '.join(para.text.split())} " for para in counted]
    everything = "\0".join(spaced_paras)  # no link text holds a NUL: no match spans two
    links = {" ".join(_text(a).split()) for a in tree.iter("a")} - {""}
    long_links = [t for t in links if len(t) >= _MIN_LINK_TEXT and t in everything]
    short_links = [t for t in links if len(t) < _MIN_LINK_TEXT and f" {t} " in everything]
    if not long_links and not short_links:
        return
    for para, spaced in zip(counted, spaced_paras, strict=True):
        para.link_chars = sum(len(text) for text in long_links if text in para.text) + sum(
            len(text) for text in short_links if f" {text} " in spaced
        )


def _link_teaser(para: _Para) -> bool:
    """A paragraph that is one link (another story's headline, an app prompt) or a short
    label before one ("Read more: <link>")."""
    if para.tag == "row" or para.link_chars == 0:
        return False
    words = len(para.text.split())
    if words > 40:
        return False
    return para.link_density >= 0.9 or (para.link_density >= 0.5 and words <= 25)


def _drop_title_deck(paras: list[_Para], meta: PageMeta) -> list[_Para]:
    """Blocks that repeat the headline (the title, an ``<h1>``, the ``<title>``) wherever
    they are, and leading headings that repeat the title or the description (a
    standfirst)."""
    headlines = {_squash(t) for t in (meta.title, *meta.headlines)} - {""}
    targets = [t for t in (_squash(meta.title), _squash(meta.description or "")) if t]
    out = [p for p in paras if p.key not in headlines]
    while out and out[0].tag == "head":
        key = out[0].key
        if not any(key in t or t in key for t in targets):
            break
        out.pop(0)
    return out


# The plain-text cleaner's line classifier: a block of one of these kinds is page
# furniture by its form (share prompts, "Read more" teasers, comment headers, credit and
# byline lines, datelines, ad labels and other chrome, photo captions, a wire's notes to
# editors).
_DROPPED_KINDS = frozenset(
    {"share", "teaser", "comments", "credit", "byline", "dateline", "chrome", "caption", "note"}
)


def _drop_boilerplate_lines(paras: list[_Para], notes: list[str]) -> list[_Para]:
    """Blocks the plain-text cleaner recognises by their form as page furniture; but a
    page whose text is all captions is a photo story, and its captions are its text.
    The editors' notes among them go to ``notes``."""
    kinds = [line_kind(p.text) for p in paras]
    notes.extend(p.text for p, kind in zip(paras, kinds, strict=True) if kind == "note")
    kept = [p for p, kind in zip(paras, kinds, strict=True) if kind not in _DROPPED_KINDS]
    if kept:
        return kept
    return [p for p, kind in zip(paras, kinds, strict=True) if kind == "caption"]


# A body this short may be what is left when a page has no article: its menu.
_MENU_ONLY_WORDS = 40


def _without_menus(paras: list[_Para], tree: lxml.html.HtmlElement) -> list[_Para]:
    """A short body's blocks that are a navigation menu's whole text, or one of its items:
    trafilatura falls back on a page's menu when the page holds nothing else ("Home |
    News"), and the plain-text cleaner drops such a line as the page's chrome. A long body
    is left alone (the menus are not looked for: trafilatura leaves them out there)."""
    if sum(len(p.key.split()) for p in paras) >= _MENU_ONLY_WORDS:
        return paras
    menus: set[str] = set()
    for nav in tree.iter("nav"):
        menus.add(_squash(nav.text_content()))
        menus.update(_squash(item.text_content()) for item in nav.iter("a", "li"))
    if not menus:
        return paras
    return [p for p in paras if p.key not in menus]


_WORD = re.compile(r"\w+")

# A paragraph this long with this few of the common languages' function words is asked
# whether it is in any language at all.
_SCRAMBLED_MIN_WORDS = 12
_SCRAMBLED_MAX_FUNCTION_SHARE = 0.05


def _scrambled(text: str) -> bool:
    """A paragraph in no language: some paywalls print the story's text with every
    letter shifted ("Ejf Gppe.Usvdlt tjoe xjfefs jo Xjuufo/") and a script puts it back
    for subscribers. Few of its words are function words of any common language, and the
    language identifier reads it as no language (``metadata.in_no_language``); a table,
    a list of names or a language whose words the common lists lack (Zulu) is read as
    some language and stays."""
    words = _WORD.findall(text)
    if len(words) < _SCRAMBLED_MIN_WORDS:
        return False
    common = function_words()
    share = sum(map(common.__contains__, map(str.lower, words))) / len(words)
    return share < _SCRAMBLED_MAX_FUNCTION_SHARE and in_no_language(text)


def _text(el: Any) -> str:
    """All the text inside *el*, as ``text_content`` gives it, at two thirds of its cost
    (the steps that read every block or link of a page call it hundreds of times)."""
    return str(etree.tostring(el, method="text", encoding=str, with_tail=False))


def _squash(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))
