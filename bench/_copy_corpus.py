"""Page copies with true bodies and titles, for training and scoring the page-copy cleaner.

Each page becomes the text a browser's select-all + copy gives (``_page_copy.page_copy``)
with its true article body and its title. Sources, read from disk only:

* the extraction development corpus (``_extraction_corpus.py``: CleanEval,
  CleanPortalEval, Dragnet, L3S-GN1, Readability, split by a fixed hash into ``dev`` and
  ``untouched``; get it with ``bench/get_extraction_corpus.py``). Titles: the corpus's own
  (L3S-GN1's labelled headline, Readability's expected title), else ``og:title``, else the
  first ``h1`` (issue 17's measure: word-F1 ≥ 0.8).
* ``tuned-on``: the article-extraction benchmark's 49 dev pages (``NEWSROOM_BENCH_DIR``),
  looked at case by case while the cleaner was written: reported apart, never as a
  held-out figure. Title: ``og:title``, else the first ``h1``.

The page copies are cached as JSON (``~/.cache/newsroom-bench/copy-corpus.json``).
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import lxml.html

from _extraction_corpus import corpus_dir, load_pages, part_of
from _page_copy import decode_html, page_copy

DEV_DIR = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "article-extraction-dev"
CACHE = Path.home() / ".cache" / "newsroom-bench" / "copy-corpus.json"
_VERSION = 3
_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class CopyPage:
    id: str
    dataset: str  # "tuned-on", "trafilatura", …
    split: str  # "tuned-on", "dev" or "untouched"
    copy: str  # the page's select-all text
    body: str  # the true article body
    title: str  # og:title, else the first h1 ("" when the page has neither)


def page_title(html: str) -> str:
    """The page's own title: ``og:title``, else the text of its first ``h1``."""
    try:
        root = lxml.html.document_fromstring(html)
    except Exception:  # lxml's parser errors on empty or odd documents
        return ""
    for content in root.xpath('//meta[@property="og:title"]/@content'):
        if content.strip():
            return _WS.sub(" ", content).strip()
    for h1 in root.iter("h1"):
        text = _WS.sub(" ", h1.text_content()).strip()
        if text:
            return text
    return ""


def _tuned_on(root: Path) -> Iterator[CopyPage]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(truth):
        html = decode_html(gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes()))
        body = truth[key]["articleBody"]
        yield CopyPage(
            f"dev-{key[:12]}", "tuned-on", "tuned-on", page_copy(html), body, page_title(html)
        )


def _extraction_pages() -> Iterator[CopyPage]:
    for page in load_pages(None):
        yield CopyPage(
            f"{page.dataset}/{page.id}",
            page.dataset,
            part_of(page.dataset, page.id),
            page_copy(page.html),
            page.gold_body,
            page.gold_title or "",
        )


def load_copy_pages() -> list[CopyPage]:
    """Every page of every source found on disk (cached as JSON after the first read)."""
    dev_root = Path(os.environ.get("NEWSROOM_BENCH_DIR", DEV_DIR))
    tag = {"version": _VERSION, "dev": str(dev_root), "corpus": str(corpus_dir())}
    if CACHE.is_file():
        cached = json.loads(CACHE.read_text(encoding="utf-8"))
        if cached.get("tag") == tag:
            return [CopyPage(**p) for p in cached["pages"]]
    pages: list[CopyPage] = []
    if dev_root.is_dir():
        pages += _tuned_on(dev_root)
    if corpus_dir().is_dir():
        pages += _extraction_pages()
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_text(
        json.dumps({"tag": tag, "pages": [asdict(p) for p in pages]}), encoding="utf-8"
    )
    return pages


def word_f1(a: str, b: str) -> float:
    """Word-multiset F1 of two titles (issue 17's title measure: right at 0.8 or more)."""
    wa, wb = Counter(_WORD.findall(a.lower())), Counter(_WORD.findall(b.lower()))
    common = sum((wa & wb).values())
    if not common:
        return 0.0
    p, r = common / sum(wa.values()), common / sum(wb.values())
    return 2 * p * r / (p + r)
