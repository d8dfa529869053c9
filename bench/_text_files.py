"""Articles as people save them in text files, built from the corpora's true titles and bodies.

A text file of an article is its headline on the first line, then its paragraphs (the
standfirst first, where the story has one): ``blank`` puts a blank line between them,
``single`` one a line. The stories are the per-language corpus's pages
(``_language_corpus.py``: the publisher's title, standfirst and paragraphs) and the
extraction corpus's pages whose true title is a person's label or the page's
``og:title`` (``_extraction_corpus.py``; an ``h1`` standing in for a title is on blogs
the blog's name). Parts: ``develop`` and ``dev`` are for development; ``report`` and
``untouched`` for reported figures only. Used by ``text_title_eval.py`` (the figures) and
``train_copy_lines.py`` (the title model learns from the development parts' files).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from _extraction_corpus import load_pages as extraction_pages
from _extraction_corpus import title_source
from _language_corpus import load_pages as language_pages

SHAPES = ("blank", "single")
_MIN_WORDS = 50
_MIN_CHARACTERS = 200  # a story in a script without spaces


class Story(NamedTuple):
    id: str
    group: str  # a language ("de") or an extraction dataset ("l3s-gn1")
    part: str
    title: str
    paragraphs: list[str]


def stories(development: bool) -> Iterator[Story]:
    """The stories of the development parts (else of the reported parts) with a one-line
    true title and a body of some length; a corpus not built is passed over with a note."""
    language_part, extraction_part = ("develop", "dev") if development else ("report", "untouched")
    found: list[Story] = []
    try:
        found += [
            Story(p.id, p.language, language_part, p.gold_title or "", p.gold_body.splitlines())
            for p in language_pages(language_part)
        ]
    except SystemExit as missing:
        print(f"(skipped: {missing})")
    try:
        found += [
            Story(p.id, p.dataset, extraction_part, p.gold_title or "", p.gold_body.splitlines())
            for p in extraction_pages(extraction_part)
            if title_source(p) in ("labelled", "og:title")
        ]
    except SystemExit as missing:
        print(f"(skipped: {missing})")
    yield from filter(_usable, found)


def _usable(story: Story) -> bool:
    words = sum(len(p.split()) for p in story.paragraphs)
    characters = sum(len(p) for p in story.paragraphs)
    one_line = bool(story.title.strip()) and "\n" not in story.title.strip()
    return one_line and (words >= _MIN_WORDS or characters >= _MIN_CHARACTERS)


def text_file(story: Story, shape: str) -> str:
    """The story as a text file of *shape* (``SHAPES``)."""
    paragraphs = [" ".join(p.split()) for p in story.paragraphs if p.strip()]
    gap = "\n\n" if shape == "blank" else "\n"
    return " ".join(story.title.split()) + gap + gap.join(paragraphs) + "\n"
