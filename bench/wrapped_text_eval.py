"""Benchmark: plain-text articles hard-wrapped at a fixed width, as e-mail and plain-text
archives keep them, through ``clean_text``.

A text wrapped at 72 or 80 columns breaks every paragraph into lines that do not end like
sentences; the cleaner must read them as the paragraphs they are. Two kinds of text,
from the extraction development corpus's pages (``_copy_corpus.py``):

- ``article``: the page's true body as a clean text file (its title, a blank line, then
  its paragraphs, a blank line between them): all of it should be kept (not CleanEval's
  pages, whose true texts keep their pages' line breaks);
- ``copy``: the page's select-all copy (the article among the page's furniture).

Each is cleaned unwrapped and wrapped (``textwrap.fill`` per paragraph) at 60, 72, 80 and
88 columns. Printed per kind and width: body F1 against the true body (the shingle metric
of ``page_copy_f1.py``), and how far the wrapped text's body agrees with the unwrapped
one's (F1 of one against the other: 1.000 when wrapping changes nothing). The five seeds
(``seeds/*.txt``, plain-text articles with no true body apart) are scored the same way,
by agreement only.

    PYTHONPATH=src:. .venv/bin/python bench/wrapped_text_eval.py [--part dev] [--limit 400]
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _copy_corpus import CopyPage, load_copy_pages
from newsroom.normalise import clean_text
from shingle_metric import aggregate, doc_counts

WIDTHS = (60, 72, 80, 88)
SEEDS_DIR = Path(__file__).resolve().parents[1] / "seeds"


def article_text(page: CopyPage) -> str:
    paragraphs = [p.strip() for p in page.body.split("\n") if p.strip()]
    return "\n\n".join([page.title.strip() or "Untitled", *paragraphs]) + "\n"


def wrapped(text: str, width: int) -> str:
    blocks = text.split("\n\n")
    return "\n\n".join(
        "\n".join(
            textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False)
            for line in block.split("\n")
        )
        for block in blocks
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--part", choices=("dev", "untouched"), default="untouched")
    ap.add_argument("--limit", type=int, default=400, help="pages (in id order)")
    args = ap.parse_args()
    every = sorted(
        (p for p in load_copy_pages() if p.split == args.part and p.body.strip()),
        key=lambda p: (p.dataset, p.id),
    )
    step = max(1, len(every) // args.limit)
    chosen = every[::step][: args.limit]  # spread over the datasets
    print(f"{len(chosen)} pages of the {args.part} part")
    for kind in ("article", "copy"):
        # CleanEval's true texts keep their pages' own line breaks: as articles, their
        # lines would be paragraphs
        pages = [p for p in chosen if kind == "copy" or not p.dataset.startswith("clean")]
        texts = [article_text(p) if kind == "article" else p.copy for p in pages]
        plain = [clean_text(t).body for t in texts]
        base = aggregate([doc_counts(b, p.body) for b, p in zip(plain, pages, strict=True)])
        print(f"\n{kind} ({len(pages)} pages): unwrapped, against the true body F1 {base.f1:.3f}")
        print(f"{'width':>6} {'F1 true':>8} {'agree':>7}")
        for width in WIDTHS:
            bodies = [clean_text(wrapped(t, width)).body for t in texts]
            truth = aggregate([doc_counts(b, p.body) for b, p in zip(bodies, pages, strict=True)])
            agree = aggregate([doc_counts(b, u) for b, u in zip(bodies, plain, strict=True)])
            print(f"{width:6d} {truth.f1:8.3f} {agree.f1:7.3f}")

    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt"))]
    plain = [clean_text(t).body for t in seeds]
    print(f"\nseeds ({len(seeds)} plain-text articles): agreement with their unwrapped bodies")
    for width in WIDTHS:
        bodies = [clean_text(wrapped(t, width)).body for t in seeds]
        agree = aggregate([doc_counts(b, u) for b, u in zip(bodies, plain, strict=True)])
        print(f"{width:6d} {'':>8} {agree.f1:7.3f}")


if __name__ == "__main__":
    main()
