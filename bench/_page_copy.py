"""Turn an HTML page into the plain text a browser's select-all + copy would give.

No knowledge of which element is the article: every visible text node is kept, one line
per block element, inline text joined, whitespace collapsed. ``<p>`` is followed by a blank
line (as Chrome's ``innerText`` does), other blocks by a single newline. The document's
``<title>`` comes first, on a line of its own, as the page copies of issue 17 have it
(the page's name above its text; ``title_line=False`` leaves it out, as the dedup set's
page chrome was taken); a page without one starts with its first visible line.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

__all__ = ["decode_html", "page_copy"]

_SKIP = frozenset(
    {
        "script", "style", "noscript", "template", "head", "title", "meta", "link",
        "svg", "math", "iframe", "object", "embed", "canvas", "select", "datalist",
        "option", "audio", "video", "source", "track", "map", "input", "textarea",
    }
)  # fmt: skip
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details",
        "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
        "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li",
        "main", "menu", "nav", "ol", "pre", "section", "summary", "table", "tbody",
        "thead", "tfoot", "tr", "caption", "ul", "legend", "picture",
    }
)  # fmt: skip
_PARA = frozenset({"p"})
_CELL = frozenset({"td", "th"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_WS = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")

_BREAK, _PARABREAK = "\x00", "\x01"
_UTF8_PARSER = lxml.html.HTMLParser(encoding="utf-8")


def decode_html(raw: bytes) -> str:
    """Decode page bytes: the page's declared charset, else UTF-8 (bad bytes replaced)."""
    m = _CHARSET.search(raw[:4096])
    enc = m.group(1).decode("ascii", "replace") if m else "utf-8"
    try:
        return raw.decode(enc, errors="replace")
    except LookupError:
        return raw.decode("utf-8", errors="replace")


def _hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _walk(el: etree._Element, out: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    tag = tag.lower().rpartition("}")[2]
    if not tag or tag in _SKIP or _hidden(el):
        # comments, processing instructions and invisible elements: only their tail shows
        if el.tail:
            out.append(el.tail)
        return
    if tag == "br":
        out.append(_BREAK)
    elif tag in _PARA:
        out.append(_PARABREAK)
    elif tag in _BLOCK:
        out.append(_BREAK)
    elif tag in _CELL:
        out.append(" ")
    if el.text:
        out.append(el.text)
    for child in el:
        _walk(child, out)
    if tag in _PARA:
        out.append(_PARABREAK)
    elif tag in _BLOCK:
        out.append(_BREAK)
    elif tag in _CELL:
        out.append(" ")
    if el.tail:
        out.append(el.tail)


def _document_title(root: etree._Element) -> str:
    title = root.find(".//title")
    return title.text_content() if title is not None else ""


def page_copy(html: str, *, title_line: bool = True) -> str:
    """The select-all/copy text of *html*, the document title first when *title_line*."""
    html = _XML_DECL.sub("", html.lstrip("\ufeff"))
    if not html.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(html)
    except ValueError:  # an encoding declaration further in: lxml wants bytes then
        root = lxml.html.document_fromstring(html.encode("utf-8"), parser=_UTF8_PARSER)
    pieces: list[str] = [_document_title(root), _PARABREAK] if title_line else []
    _walk(root, pieces)
    lines: list[str] = []
    current: list[str] = []
    blank_pending = False
    for piece in [*pieces, _BREAK]:
        if piece not in (_BREAK, _PARABREAK):
            current.append(piece)
            continue
        text = _WS.sub(" ", "".join(current)).strip()
        current.clear()
        if text:
            if blank_pending and lines:
                lines.append("")
            lines.append(text)
            blank_pending = False
        if piece == _PARABREAK:
            blank_pending = True
    return "\n".join(lines) + "\n" if lines else ""
