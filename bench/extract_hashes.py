"""Prove a speed change left ``extract_html``'s output unchanged: hash every page's result.

Runs ``extract_html`` on the 49 article-extraction dev pages, every page of the extraction
corpus (both parts) and every page of the language corpus, hashes ``repr`` of each
``Extracted`` (body, title, dates, language and its confidence, every field), writes the
hashes to a JSON file (page -> hash) and prints one hash over all of them. Given the file
of an earlier run (``--against``), it prints how many pages differ and which.

    PYTHONPATH=src:. .venv/bin/python bench/extract_hashes.py --out after.json
        [--against before.json] [--every N (every Nth page, for a quick look)]

Run it with the code before a change (``PYTHONPATH`` chooses which) and after. Reads only
local files (``extract_f1.py``, ``_extraction_corpus.py``, ``_language_corpus.py`` say
where); exits non-zero when a corpus is missing or pages differ.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _extraction_corpus import load_pages as extraction_pages
from _hash_file import write_and_compare
from _language_corpus import load_pages as language_pages
from extract_f1 import bench_dir
from extract_f1 import load_pages as load_dev49
from newsroom.extract import extract_html


def pages() -> Iterator[tuple[str, str]]:
    """(page key, html) of every page of the three corpora, in a fixed order."""
    if not Path(bench_dir()).exists():
        raise SystemExit(f"article-extraction dev pages missing: {bench_dir()}")
    dev49, truths, _urls = load_dev49(bench_dir())
    for key in truths:
        yield f"dev49/{key}", dev49[key]
    for page in extraction_pages(None):
        yield f"{page.dataset}/{page.id}", page.html
    for language_page in language_pages(None):
        yield f"languages/{language_page.id}", language_page.html


def page_hash(html: str) -> str:
    return hashlib.sha256(repr(extract_html(html)).encode()).hexdigest()[:16]


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="write page -> hash here")
    ap.add_argument("--against", type=Path, help="an earlier run's file to compare with")
    ap.add_argument("--every", type=int, default=1, help="only every Nth page")
    args = ap.parse_args()
    hashes = {key: page_hash(html) for n, (key, html) in enumerate(pages()) if n % args.every == 0}
    write_and_compare(hashes, args.out, args.against, "pages")


if __name__ == "__main__":
    main()
