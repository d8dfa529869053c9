"""The headline of a page that names none in its metadata, chosen by a learnt scorer.

Old and small sites often give no ``og:title`` or JSON-LD headline, a ``<title>`` that is
only the site's name, and a headline that is no ``<h1>`` but a bold line just above the
story. Every line of the page near the body's start, every heading, and every part of
the ``<title>`` is a candidate; each is scored by a logistic model over a few features
(its words' overlap with the ``<title>`` and with the body's lead, whether it is an
``<h1>`` the ``<title>`` repeats, how far above the body it sits, its length, case and
markup, the separator marks of a menu or a breadcrumb) and the best one wins; a candidate
that is only the site's name is none. The weights were fitted by
``bench/train_title_scorer.py`` on the pages of the extraction corpus's ``dev`` part whose
title the scorer picks, as it does at run time: pages whose metadata names no title.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import lxml.html
from lxml import etree

from newsroom.metadata import UNSPACED
from newsroom.page_metadata import lower_words, word_f1, words_long

__all__ = ["FEATURES", "Candidate", "best_headline", "headline_candidates", "names_site", "score"]

# Elements that start a new line of text, as a browser lays them out.
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
        "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
_SKIPPED_TAGS = frozenset(
    {"script", "style", "noscript", "select", "option", "textarea", "button", "iframe"}
)
_HEADING_TAGS = frozenset({"h1", "h2", "h3"})
_EMPHASIS_TAGS = frozenset({"b", "strong", "big", "font"})
_TITLE_MARK = re.compile(r"title|headline|heading|\bhed\b|\bhead\b", re.IGNORECASE)
_TITLE_SEPARATORS = re.compile(r"\s+[|–—:-]\s+|\s+[|·•»]\s*|\s*::\s*|_|\s*｜\s*")
# Marks that separate items of a menu or a breadcrumb, or a title from its site's name.
_SEPARATOR_MARKS = re.compile(r"[|•·»«›>/]|\s[-–—:]\s")
_SENTENCE_END = re.compile(r"[.!?]['\"”’)]?$")
_MAX_WORDS = 30
_LINES_ABOVE_BODY = 40  # lines above the body's start that may hold its headline
_LEAD_WORDS = 80  # the body's first words, which repeat the headline's
_SAME_WORDS = 0.8  # word F1 at which two texts say the same (a " – Site" suffix aside)

# Feature names, in the order of _WEIGHTS (fitted by bench/train_title_scorer.py).
FEATURES = (
    "title_f1",  # a line's word F1 against the whole <title>
    "in_title",  # share of a line's words found in the <title>
    "in_lead",  # share of its longer words found in the body's lead
    "above_body",  # 1 for a line above the body's first line
    "lines_above",  # log(1 + lines between it and the body's first line), above only
    "below_body",  # 1 for a line at or after the body's start
    "words_3_20",  # 1 when 3..20 words long
    "log_words",
    "heading",  # in an <h1>..<h3>
    "marked",  # in an element whose class or id names a title or headline
    "emphasis",  # all in bold, <strong>, <big> or <font>
    "capitalised",  # share of its words that start with a capital
    "sentence_end",  # ends as a sentence does
    "title_part",  # is the <title> or one of its separated parts
    "in_page",  # is a line of the page
    "whole_split_title",  # the whole <title> where separators split it in parts
    "title_in_lead",  # in_lead for a <title> part (the lead backs a part, not a site name)
    "linked",  # all of it is link text
    "repeats",  # log of how many lines of the page say the same
    "digits",  # share of its words that hold a digit (dates, times, scores)
    "byline",  # starts with "by" (a byline)
    "longest_part",  # the <title> part with the most words, where it has several
    "h1",  # in an <h1>, the heading a page gives its story most often
    "heading_in_title",  # title_f1 of a heading: a heading the <title> repeats
    "opens_body",  # the body's first line, short and no sentence: a headline left in it
    "separators",  # log(1 + separator marks in it): a menu, breadcrumb or "Story | Site"
)
# Fitted by bench/train_title_scorer.py on every dev page whose title the scorer picks (its
# metadata names none, or only the site's name) and that has a labelled or og:title truth (C=1).
_WEIGHTS = (
    3.093, 2.377, 3.633, 1.853, -0.757, -1.282, 1.008, 0.939, 2.302, 1.048, 0.006, -1.591,
    -2.420, 1.917, -1.250, 1.916, -0.015, -2.999, 0.473, -3.019, -0.807, 1.085, 3.028, -2.234,
    1.384, -0.286,
)  # fmt: skip


@dataclass(slots=True)
class Candidate:
    """One possible headline, where it was seen, and its features."""

    text: str
    source: str  # "heading" or "line" of the page, else "title-tag" or "title-part"
    features: tuple[float, ...]


@dataclass(slots=True)
class _Context:
    """What every candidate is compared with: the ``<title>``, how many parts its
    separators make, and how often each line's words occur as a line of the page."""

    title_tag: str
    title_parts: int
    longest_part: float  # words in the <title>'s longest part (``words_long``)
    repeats: Counter[str]
    site_words: Counter[str]  # the site's name, when the page gives it


@dataclass(slots=True)
class _Line:
    text: str
    heading: bool
    h1: bool
    marked: bool
    emphasis: bool
    linked: bool


def best_headline(
    tree: lxml.html.HtmlElement, title_tag: str | None, lead: str, site_name: str | None = None
) -> Candidate | None:
    """The highest-scoring headline candidate of the page, or None when it has none."""
    candidates = headline_candidates(tree, title_tag, lead, site_name)
    if not candidates:
        return None
    return max(candidates, key=lambda c: score(c.features))


def names_site(text: str, site_name: str | None) -> bool:
    """Whether *text* says no more than the site's name (a title that names no story)."""
    words = Counter(lower_words(text))
    return not words or (
        site_name is not None and word_f1(words, Counter(lower_words(site_name))) >= _SAME_WORDS
    )


def score(features: tuple[float, ...]) -> float:
    """How much more headline-like a candidate with *features* is than another (the
    model ranks a page's candidates: only differences between them mean anything)."""
    return sum(w * x for w, x in zip(_WEIGHTS, features, strict=True))


def headline_candidates(
    tree: lxml.html.HtmlElement, title_tag: str | None, lead: str, site_name: str | None = None
) -> list[Candidate]:
    """Every line near the body's start, every heading or title-marked line, the
    ``<title>`` and its parts, each with its features (one per distinct text)."""
    lines = _lines(tree)
    lead_words = lower_words(lead)[:_LEAD_WORDS]
    line_words = [lower_words(line.text) for line in lines]  # each line's words, once
    keys = [" ".join(words) for words in line_words]
    start = _body_start(keys, lead_words)
    title_words = Counter(lower_words(title_tag or ""))
    lead_set = {w for w in lead_words if _telling(w)}
    parts = [p for p in _TITLE_SEPARATORS.split(title_tag or "") if lower_words(p)]
    context = _Context(
        title_tag or "",
        len(parts),
        max((words_long(lower_words(p)) for p in parts), default=0),
        Counter(keys),
        Counter(lower_words(site_name or "")),
    )
    found: dict[str, Candidate] = {}

    def add(
        text: str, source: str, line_no: int | None, line: _Line | None, words: list[str]
    ) -> None:
        if not words or words_long(words) > _MAX_WORDS:
            return
        key = " ".join(words)
        if key in found:  # seen first as a line of the page, where it tells most
            if line is None:  # ... and the <title> repeats it
                at = FEATURES.index("title_part")
                feats = found[key].features
                found[key].features = (*feats[:at], 1.0, *feats[at + 1 :])
            return
        if _is_site_name(words, context):
            return
        feats = _features(text, words, title_words, lead_set, start, line_no, line, context)
        found[key] = Candidate(" ".join(text.split()), source, feats)

    for n, line in enumerate(lines):
        near = start is not None and start - _LINES_ABOVE_BODY <= n <= start
        if near or line.heading or line.marked or (start is None and n < 3 * _LINES_ABOVE_BODY):
            add(line.text, "heading" if line.heading else "line", n, line, line_words[n])
    if title_tag:
        add(title_tag, "title-tag", None, None, lower_words(title_tag))
        for part in parts:
            add(part, "title-part", None, None, lower_words(part))
    return list(found.values())


def _is_site_name(words: list[str], context: _Context) -> bool:
    """Whether a candidate's words are the site's name (og:site_name, application-name):
    no headline, as an og:title that names the site is none (``names_site``)."""
    return bool(context.site_words) and word_f1(Counter(words), context.site_words) >= _SAME_WORDS


def _telling(word: str) -> bool:
    """A word long enough to tell a headline's lead from another: over three letters, or
    a character pair of a script written without spaces (``lower_words``)."""
    return len(word) > 3 or UNSPACED.match(word) is not None


def _features(
    text: str,
    words: list[str],
    title_words: Counter[str],
    lead_set: set[str],
    start: int | None,
    line_no: int | None,
    line: _Line | None,
    context: _Context,
) -> tuple[float, ...]:
    longer = [w for w in words if _telling(w)]
    length = words_long(words)
    in_lead = sum(1 for w in longer if w in lead_set) / len(longer) if longer else 0.0
    above = line_no is not None and start is not None and line_no < start
    below = line_no is not None and start is not None and line_no >= start
    tokens = text.split()
    heading = line is not None and line.heading
    bag = Counter(words)
    title_f1 = word_f1(bag, title_words) if line is not None else 0.0
    sentence_end = bool(_SENTENCE_END.search(text.strip())) and not text.strip().endswith("...")
    return (
        title_f1,
        sum(1 for w in words if w in title_words) / len(words) if line is not None else 0.0,
        in_lead,
        float(above),
        math.log1p(start - line_no) if above and start is not None and line_no is not None else 0.0,
        float(below),
        float(3 <= length <= 20),
        math.log(length),
        float(line is not None and line.heading),
        float(line is not None and line.marked),
        float(line is not None and line.emphasis),
        sum(1 for t in tokens if t[:1].isupper()) / len(tokens) if tokens else 0.0,
        float(sentence_end),
        float(line is None),
        float(line is not None),
        float(line is None and text == context.title_tag and context.title_parts > 1),
        in_lead if line is None else 0.0,
        float(line is not None and line.linked),
        math.log(context.repeats.get(" ".join(words), 0) + 1),
        sum(1 for w in words if not w.isalpha() and any(ch.isdigit() for ch in w)) / len(words),
        float(words[0] == "by"),
        float(line is None and context.title_parts > 1 and length == context.longest_part),
        float(line is not None and line.h1),
        title_f1 if heading else 0.0,
        float(line_no is not None and line_no == start and length <= 20 and not sentence_end),
        math.log1p(len(_SEPARATOR_MARKS.findall(text))),
    )


# The markup a piece of text sits in, one bit each: an element sets its own and keeps the
# ones of the elements around it (bits keep the walk over every element of a page cheap).
_IN_HEADING, _IN_H1, _IN_MARKED, _IN_EMPHASIS, _IN_LINK = 1, 2, 4, 8, 16
_TAG_MARKUP = {
    **dict.fromkeys(_HEADING_TAGS, _IN_HEADING),
    "h1": _IN_HEADING | _IN_H1,
    **dict.fromkeys(_EMPHASIS_TAGS, _IN_EMPHASIS),
    "a": _IN_LINK,
}


def _lines(tree: lxml.html.HtmlElement) -> list[_Line]:
    """The page's visible text as a browser lays it out: one line per block, in order,
    each with the markup around it."""
    body = tree.find("body")
    if body is None:
        return []
    out: list[_Line] = []
    texts: list[str] = []  # the pieces of text of the line being read
    marks: list[int] = []  # the markup of each piece that is more than white space
    stack = [0]  # the markup inside each open element
    skipping = 0

    def flush() -> None:  # a line with visible text ends (white space alone makes none)
        anywhere, everywhere = 0, -1
        for mark in marks:
            anywhere |= mark
            everywhere &= mark
        out.append(
            _Line(
                " ".join("".join(texts).split()),
                heading=bool(anywhere & _IN_HEADING),
                h1=bool(anywhere & _IN_H1),
                marked=bool(anywhere & _IN_MARKED),
                emphasis=bool(everywhere & _IN_EMPHASIS),
                linked=bool(everywhere & _IN_LINK),
            )
        )
        texts.clear()
        marks.clear()

    for event, el in etree.iterwalk(body, events=("start", "end")):
        tag = el.tag
        if not isinstance(tag, str):
            tag = ""
        if event == "start":
            if skipping or tag in _SKIPPED_TAGS:
                skipping += 1
                continue
            if marks and tag in _BLOCK_TAGS:
                flush()
            mark = stack[-1] | _TAG_MARKUP.get(tag, 0)
            if not mark & _IN_MARKED:
                class_, id_ = el.get("class"), el.get("id")
                if (class_ or id_) and _TITLE_MARK.search(f"{class_ or ''} {id_ or ''}"):
                    mark |= _IN_MARKED
            stack.append(mark)
            text = el.text
            if text:
                texts.append(text)
                if not text.isspace():
                    marks.append(mark)
            continue
        if skipping:
            skipping -= 1
        else:
            if marks and tag in _BLOCK_TAGS:
                flush()
            stack.pop()
        tail = el.tail
        if tail and not skipping:
            texts.append(tail)
            if not tail.isspace():
                marks.append(stack[-1])
    if marks:
        flush()
    return out


def _body_start(line_words: list[str], lead_words: list[str]) -> int | None:
    """The index of the line where the body begins: the first whose words (*line_words*,
    joined) hold the lead's first words, or that the lead begins with."""
    if not lead_words:
        return None
    key = " ".join(lead_words[:8])
    for n, words in enumerate(line_words):
        if key in words or (len(words) >= 20 and key.startswith(words)):
            return n
    return None
