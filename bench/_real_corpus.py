"""Real article bodies and real page chrome for the split dedup evaluation.

Two sources of real pages, read from disk (no network):

* the article-extraction benchmark's dev split (``NEWSROOM_BENCH_DIR``): 49 pages with
  ground-truth bodies; the seeds (bodies only);
* the news and blog pages that trafilatura's repository keeps for its own tests and
  evaluation (``tests/cache``, ``tests/eval``: about 1,000 HTML pages of many sites and
  languages). Point ``NEWSROOM_EXTRA_PAGES`` at a directory holding them (any depth); for
  example ``git archive HEAD tests/cache tests/eval | tar -x -C DIR`` in a clone of
  https://github.com/adbar/trafilatura. Their bodies are what trafilatura extracts
  (``trafilatura.extract`` at its defaults), not hand labels: real prose written by
  people, which is all the evaluation needs of an original.

* the per-language extraction corpus (``_language_corpus.py``, built by
  ``get_language_corpus.py``; its true bodies and pages), for the languages the other
  sources hold few pages of: every page whose true body is in neither English nor German
  (those two have hundreds of pages above, and their sets stay as they were). Skipped
  when that corpus is not built.

Chrome: a page's plain-text copy (``_page_copy.page_copy``, what select-all + copy gives)
split into lines; the lines before the first body line are the page's head chrome, those
after the last its tail chrome (menus, cookie notices, share prompts, footers as the site
wrote them). Lines that are part of the body are never chrome.

Pages that repeat an earlier page's article (half of its 5-word shingles) are left out.
The extraction is cached as JSON (``~/.cache/newsroom-bench/real-corpus.json``): extraction of
a thousand pages takes a minute or two.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from _page_copy import decode_html, page_copy

CACHE = Path.home() / ".cache" / "newsroom-bench" / "real-corpus.json"
DEFAULT_EXTRA = Path.home() / ".cache" / "newsroom-bench" / "trafilatura"
SEEDS_DIR = Path(__file__).resolve().parents[1] / "seeds"
_NON_WORD = re.compile(r"[\W_]+")
_VERSION = 3
MAX_CHROME_WORDS = 25


@dataclass(frozen=True, slots=True)
class Page:
    id: str  # stable: "dev-<key>", "seed-<stem>", "traf-<file stem>"
    body: str  # the real article body (paragraphs separated by blank lines)
    head: list[str]  # chrome lines above the body ([] when the page has no HTML)
    tail: list[str]  # chrome lines below it


def _key(line: str) -> str:
    return _NON_WORD.sub(" ", line.casefold()).strip()


def chrome_of(html: str, body: str) -> tuple[list[str], list[str]]:
    """The page copy's lines before the first and after the last line of the body."""
    lines = [ln.strip() for ln in page_copy(html, title_line=False).splitlines() if ln.strip()]
    body_keys = {_key(p) for p in re.split(r"\n+", body) if len(_key(p)) > 20}
    inside = [i for i, ln in enumerate(lines) if _key(ln) in body_keys]
    if not inside:
        return [], []

    def short(part: list[str]) -> list[str]:  # longer lines may be prose the truth left out
        return [ln for ln in part if len(ln.split()) <= MAX_CHROME_WORDS]

    return short(lines[: inside[0]]), short(lines[inside[-1] + 1 :])


def _dev_pages(root: Path) -> list[Page]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    out: list[Page] = []
    for key in sorted(truth):
        body = truth[key]["articleBody"]
        html_path = root / "html" / f"{key}.html.gz"
        head: list[str] = []
        tail: list[str] = []
        if html_path.is_file():
            head, tail = chrome_of(decode_html(gzip.decompress(html_path.read_bytes())), body)
        out.append(Page(f"dev-{key[:12]}", body, head, tail))
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        out.append(Page(f"seed-{path.stem}", path.read_text(encoding="utf-8"), [], []))
    return out


def _extra_pages(root: Path) -> list[Page]:
    import trafilatura

    out: list[Page] = []
    for path in sorted(root.rglob("*.htm*")):
        try:
            html = decode_html(path.read_bytes())
            body = trafilatura.extract(html) or ""
        except Exception:  # a page trafilatura cannot read is simply not used
            continue
        if len(body.split()) < 40:
            continue
        body = "\n\n".join(p.strip() for p in body.splitlines() if p.strip())
        head, tail = chrome_of(html, body)
        out.append(Page(f"traf-{path.stem[:40]}", body, head, tail))
    return out


def _language_corpus_pages() -> list[Page]:
    from _language_corpus import corpus_dir
    from _language_corpus import load_pages as language_pages
    from newsroom.metadata import detect_language

    if not (corpus_dir() / "MANIFEST.json").is_file():
        return []
    out: list[Page] = []
    for lp in language_pages(None):
        body = "\n\n".join(p.strip() for p in lp.gold_body.splitlines() if p.strip())
        if detect_language(body, min_probability=0.0) in ("en", "de"):
            continue
        head, tail = chrome_of(lp.html, body)
        out.append(Page(f"lang-{lp.id[:40]}", body, head, tail))
    return out


def _distinct(pages: list[Page], share: float = 0.5) -> list[Page]:
    """The pages in order, without any that shares ``share`` of its 5-word shingles with
    a page kept before it: the same article kept twice (a test page and an evaluation page
    of one site, a syndicated story) would be two "different" stories in the set."""
    owner: dict[str, int] = {}
    kept: list[Page] = []
    for page in pages:
        words = _key(page.body).split()
        grams = {" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))}
        shared: dict[int, int] = {}
        for g in grams:
            if g in owner:
                shared[owner[g]] = shared.get(owner[g], 0) + 1
        if shared and max(shared.values()) >= share * len(grams):
            continue
        for g in grams:
            owner.setdefault(g, len(kept))
        kept.append(page)
    return kept


def load_pages(dev_root: Path) -> list[Page]:
    extra_root = Path(os.environ.get("NEWSROOM_EXTRA_PAGES", DEFAULT_EXTRA))
    from _language_corpus import corpus_dir

    tag = {
        "version": _VERSION,
        "dev": str(dev_root),
        "extra": str(extra_root),
        "languages": str(corpus_dir()),
    }
    if CACHE.is_file():
        cached = json.loads(CACHE.read_text(encoding="utf-8"))
        if cached.get("tag") == tag:
            return _distinct([Page(**p) for p in cached["pages"]])
    pages = _dev_pages(dev_root)
    if extra_root.is_dir():
        pages += _extra_pages(extra_root)
    pages += _language_corpus_pages()
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_text(
        json.dumps({"tag": tag, "pages": [asdict(p) for p in pages]}), encoding="utf-8"
    )
    return _distinct(pages)
