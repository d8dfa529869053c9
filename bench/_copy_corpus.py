"""Page copies with true bodies and titles, for training and scoring the page-copy cleaner.

Each page becomes the text a browser's select-all + copy gives (``_page_copy.page_copy``)
with its true article body and its title as the page states it (``og:title``, else the
first ``h1``: the measure of issue 17, word-F1 ≥ 0.8). Sources, read from disk only:

* ``tuned-on``: the article-extraction benchmark's 49 dev pages
  (``NEWSROOM_BENCH_DIR``), looked at case by case while the cleaner was written; reported
  apart, never as a held-out figure.
* ``trafilatura``: the news and blog pages trafilatura keeps for its tests
  (``~/.cache/newsroom-bench/trafilatura``, or ``NEWSROOM_EXTRA_PAGES``; see
  ``_real_corpus.py`` for how to get them). Their bodies are what ``trafilatura.extract``
  returns (silver, not hand labels). Split by a fixed hash of the file name: ``dev``
  (train and tune) and ``untouched`` (report only).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import lxml.html
from _page_copy import decode_html, page_copy

DEV_DIR = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "article-extraction-dev"
EXTRA_DIR = Path.home() / ".cache" / "newsroom-bench" / "trafilatura"
CACHE = Path.home() / ".cache" / "newsroom-bench" / "copy-corpus.json"
_VERSION = 1
_WS = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class CopyPage:
    id: str
    dataset: str  # "tuned-on", "trafilatura", …
    split: str  # "tuned-on", "dev" or "untouched"
    copy: str  # the page's select-all text
    body: str  # the true article body
    title: str  # og:title, else the first h1 ("" when the page has neither)


def split_of(key: str) -> str:
    """A fixed half of the pages by a hash of their name: ``dev`` or ``untouched``."""
    return "dev" if hashlib.sha256(key.encode()).digest()[0] % 2 == 0 else "untouched"


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
        yield CopyPage(f"dev-{key[:12]}", "tuned-on", "tuned-on", page_copy(html), body, page_title(html))


def _trafilatura_pages(root: Path) -> Iterator[CopyPage]:
    import trafilatura

    for path in sorted(root.rglob("*.htm*")):
        try:
            html = decode_html(path.read_bytes())
            body = trafilatura.extract(html) or ""
        except Exception:  # a page trafilatura cannot read is simply not used
            continue
        if len(body.split()) < 40:
            continue
        key = str(path.relative_to(root))
        yield CopyPage(f"traf-{key}", "trafilatura", split_of(key), page_copy(html), body, page_title(html))


def load_copy_pages() -> list[CopyPage]:
    """Every page of every source found on disk (cached as JSON after the first read)."""
    dev_root = Path(os.environ.get("NEWSROOM_BENCH_DIR", DEV_DIR))
    extra_root = Path(os.environ.get("NEWSROOM_EXTRA_PAGES", EXTRA_DIR))
    tag = {"version": _VERSION, "dev": str(dev_root), "extra": str(extra_root)}
    if CACHE.is_file():
        cached = json.loads(CACHE.read_text(encoding="utf-8"))
        if cached.get("tag") == tag:
            return [CopyPage(**p) for p in cached["pages"]]
    pages: list[CopyPage] = []
    if dev_root.is_dir():
        pages += _tuned_on(dev_root)
    if extra_root.is_dir():
        pages += _trafilatura_pages(extra_root)
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_text(json.dumps({"tag": tag, "pages": [asdict(p) for p in pages]}), encoding="utf-8")
    return pages
