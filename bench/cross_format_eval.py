"""Benchmark: one page read as HTML and as a copy of its text, one story or two?

For each page of a part of the extraction development corpus (``_extraction_corpus.py``):
its body from the HTML (``newsroom.extract.extract_html``) and from its page copy
(``_copy_corpus.py`` through ``newsroom.normalise.clean_text``), both of 50 words or
more, go through ``newsroom.dedup.verify``, as a run compares a fetched page and a text
file of the same story. The two bodies differ where the extractors chose differently
(captions, boxes of links, a standfirst): the share verify joins is the recall of
cross-format copies, and the reasons it gives for the others say why. (Hard negatives,
the precision side, are ``dedup_eval.py``'s.)

    PYTHONPATH=src:. .venv/bin/python bench/cross_format_eval.py [--part untouched|dev]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _copy_corpus import load_copy_pages
from _extraction_corpus import load_pages
from newsroom.dedup import Doc, content_hash, verify
from newsroom.extract import extract_html
from newsroom.normalise import clean_text

_MIN_WORDS = 50


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=("untouched", "dev"), default="untouched")
    args = ap.parse_args()
    html = {f"{p.dataset}/{p.id}": p.html for p in load_pages(args.part)}
    outcomes: Counter[str] = Counter()
    for page in load_copy_pages():
        if page.split != args.part or page.id not in html:
            continue
        from_html = extract_html(html[page.id]).body
        from_copy = clean_text(page.copy).body
        if min(len(from_html.split()), len(from_copy.split())) < _MIN_WORDS:
            continue
        match, why = verify(
            Doc("html", from_html, content_hash(from_html)),
            Doc("copy", from_copy, content_hash(from_copy)),
        )
        outcomes[match.method if match else why] += 1
    pairs = sum(outcomes.values())
    joined = sum(outcomes[m] for m in ("exact", "jaccard", "containment"))
    print(
        f"{args.part} part: {pairs} pages; their HTML body and page-copy body one story:"
        f" {joined / pairs:.3f}"
    )
    print("  " + ", ".join(f"{k} {v}" for k, v in outcomes.most_common()))


if __name__ == "__main__":
    main()
