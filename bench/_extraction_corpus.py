"""The extraction development corpus: public benchmark pages with their true text and title.

Built once by ``get_extraction_corpus.py`` (from mirrors of CleanEval, CleanPortalEval,
Dragnet, L3S-GN1 and Readability's test pages) into ``NEWSROOM_EXTRACTION_DIR``, default
``~/.cache/newsroom-bench/extraction``. Every page falls in one of two parts by a fixed
rule on its name: ``sha256("newsroom-extraction-split/<dataset>/<id>")``, first byte < 128
-> ``untouched``, else ``dev``. Develop on ``dev``; ``untouched`` is for reported figures
only, never read case by case::

    from _extraction_corpus import load_pages
    for dataset, page_id, html, gold_body, gold_title in load_pages("dev"):
        ...

``gold_title`` is the corpus's own title where it has one (L3S-GN1's labelled headline,
Readability's expected title), else the page's ``og:title``, else its first ``h1``, else
None (no title to score).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import lxml.html

PARTS = ("dev", "untouched")
DATASETS = ("cleaneval", "cleanportaleval", "dragnet", "l3s-gn1", "readability")
DEFAULT_DIR = Path.home() / ".cache" / "newsroom-bench" / "extraction"


class CorpusPage(NamedTuple):
    dataset: str
    id: str
    html: str
    gold_body: str
    gold_title: str | None


def corpus_dir() -> Path:
    return Path(os.environ.get("NEWSROOM_EXTRACTION_DIR", DEFAULT_DIR))


def part_of(dataset: str, page_id: str) -> str:
    digest = hashlib.sha256(f"newsroom-extraction-split/{dataset}/{page_id}".encode()).digest()
    return "untouched" if digest[0] < 128 else "dev"


def page_title(html: str) -> str | None:
    """The page's own ``og:title``, else its first ``h1``: the title a reader is shown."""
    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    for value in root.xpath('//meta[@property="og:title"]/@content'):
        if value.strip():
            return " ".join(value.split())
    for h1 in root.iter("h1"):
        text = " ".join(h1.text_content().split())
        if text:
            return text
    return None


def load_pages(
    part: str | None, datasets: tuple[str, ...] = DATASETS, root: Path | None = None
) -> Iterator[CorpusPage]:
    """The pages of *part* (``dev``, ``untouched``, or None for both), in a fixed order.

    Exits with a message when the corpus has not been built."""
    if part is not None and part not in PARTS:
        raise ValueError(f"part must be one of {PARTS}, not {part!r}")
    root = root or corpus_dir()
    if not (root / "MANIFEST.json").exists():
        raise SystemExit(
            f"extraction corpus missing: {root} (build it with bench/get_extraction_corpus.py, "
            "or set NEWSROOM_EXTRACTION_DIR)"
        )
    for dataset in datasets:
        folder = root / dataset
        titles: dict[str, str | None] = json.loads((folder / "titles.json").read_text())
        for page_id in sorted(titles):
            if part is not None and part_of(dataset, page_id) != part:
                continue
            html = (folder / f"{page_id}.html").read_text(encoding="utf-8")
            gold = (folder / f"{page_id}.gold.txt").read_text(encoding="utf-8")
            yield CorpusPage(dataset, page_id, html, gold, titles[page_id] or page_title(html))
