"""Benchmark: article body and title from the plain text of a whole web page (select-all).

Every page becomes the text a browser copy would give (``_page_copy.py``: no knowledge of
where the article is); ``newsroom.normalise.clean_text`` finds the body and the title in
it. Beside it, two baselines on the same text: doing nothing (the whole copy as the body,
its first line as the title) and jusText's paragraph classifier on the copy's lines (no
title). Per dataset: body F1 (the article-extraction benchmark's word 4-gram shingle
metric), titles right (word-F1 ≥ 0.8 against the page's true title, over the pages that
have one) and milliseconds per page, the methods interleaved page by page in one process.
The titles are also split as ``extraction_eval.py`` splits them: against a labelled
headline or the page's ``og:title`` ("firm"), and against the first ``h1`` standing in
for a page without either, which on blogs is the blog's name rather than the post's.

Pages (``_copy_corpus.py``): the ``untouched`` part of the extraction development corpus
by default (the cleaner's models were trained on ``dev`` only), and the 49 pages of the
article-extraction dev split, labelled ``tuned-on``: looked at case by case while the
cleaner was written. ``--part dev`` scores the training part instead (for development;
``--show`` prints one dev page's cleaning). A held-out check on synthetic page copies
(``_synthetic_pages.py``, written with the code) follows.

    PYTHONPATH=src:. .venv/bin/python bench/page_copy_f1.py [--part dev] [--show ID]

Needs no network; exits non-zero when the corpus is missing.
"""

from __future__ import annotations

import argparse
import html
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import justext

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _copy_corpus import CopyPage, load_copy_pages, word_f1
from _extraction_corpus import load_pages, title_source
from _synthetic_pages import synthetic_pages
from newsroom.metadata import detect_language
from newsroom.normalise import clean_text, normalise_unicode
from shingle_metric import DocScore, aggregate, doc_counts

_JUSTEXT_NAMES = {"en": "English", "ru": "Russian", "pt": "Portuguese", "id": "Indonesian",
                  "es": "Spanish", "de": "German", "fr": "French", "it": "Italian"}  # fmt: skip


def justext_lines(text: str) -> tuple[str, str]:
    """Baseline: jusText's paragraph classifier applied to the page-copy lines."""
    text = normalise_unicode(text)
    lang = detect_language(text, min_probability=0.0) or "en"
    stoplist = justext.get_stoplist(_JUSTEXT_NAMES.get(lang, "English"))
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if not lines:
        return "", ""
    doc = "<html><body>" + "".join(f"<p>{html.escape(ln)}</p>" for ln in lines) + "</body></html>"
    paragraphs = justext.justext(doc.encode("utf-8"), stoplist)
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate), ""


def nothing(text: str) -> tuple[str, str]:
    """Baseline: the copy as it is; its first line as the title."""
    return text, next((ln for ln in text.splitlines() if ln.strip()), "")


def cleaner(text: str) -> tuple[str, str]:
    cleaned = clean_text(text)
    return cleaned.body, cleaned.title


METHODS: dict[str, Callable[[str], tuple[str, str]]] = {
    "do nothing": nothing,
    "jusText on lines": justext_lines,
    "newsroom clean_text": cleaner,
}


class Tally:
    """Scores of one method on one group of pages."""

    def __init__(self) -> None:
        self.docs: list[DocScore] = []
        self.titles: dict[str, list[bool]] = defaultdict(list)  # truth's source -> right
        self.seconds = 0.0

    def add(
        self, page: CopyPage, body: str, title: str, seconds: float, source: str | None
    ) -> None:
        self.docs.append(doc_counts(body, page.body))
        self.seconds += seconds
        if page.title:
            kind = "h1" if source == "h1" else "firm"
            self.titles[kind].append(word_f1(title, page.title) >= 0.8)

    def row(self, name: str, with_titles: bool) -> str:
        score = aggregate(self.docs)
        everything = [r for rs in self.titles.values() for r in rs]
        titles = f"{sum(everything):>4} of {len(everything):<4}" if with_titles else " " * 12
        split = ""
        if with_titles and self.titles.get("h1"):
            firm, h1 = self.titles["firm"], self.titles["h1"]
            split = f"  (labelled/og:title {sum(firm)} of {len(firm)}, h1 {sum(h1)} of {len(h1)})"
        ms = 1000 * self.seconds / max(1, len(self.docs))
        return (
            f"  {name:<22} F1 {score.f1:.3f} (P {score.precision:.3f} / R {score.recall:.3f})"
            f"  titles {titles}  {ms:6.1f} ms/page{split}"
        )


def title_sources(part: str) -> dict[str, str | None]:
    """Where each page of *part* has its true title from ("labelled", "og:title", "h1")."""
    return {f"{p.dataset}/{p.id}": title_source(p) for p in load_pages(part)}


def score_groups(
    pages: list[CopyPage], sources: dict[str, str | None]
) -> dict[str, dict[str, Tally]]:
    """Tallies per group (dataset) and method; the methods run in turn on each page."""
    tallies: dict[str, dict[str, Tally]] = defaultdict(lambda: {m: Tally() for m in METHODS})
    for page in pages:
        source = sources.get(page.id)
        for name, method in METHODS.items():
            t0 = time.perf_counter()
            body, title = method(page.copy)
            seconds = time.perf_counter() - t0
            tallies[page.dataset][name].add(page, body, title, seconds, source)
            if page.split != "tuned-on":
                tallies[f"all {page.split}"][name].add(page, body, title, seconds, source)
    return tallies


def show(pages: list[CopyPage], prefix: str) -> None:
    for page in pages:
        if page.id.startswith(prefix):
            result = clean_text(page.copy)
            print(f"\n=== {page.id}\nTITLE: {result.title}\nTRUE TITLE: {page.title}")
            print(f"DATELINE: {result.dateline}\n--- body\n{result.body}\n--- removed")
            for kind, line in result.removed:
                print(f"  [{kind}] {line[:150]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=("untouched", "dev"), default="untouched")
    ap.add_argument("--show", help="print the cleaning of this dev or tuned-on page id prefix")
    args = ap.parse_args()

    pages = [p for p in load_copy_pages() if p.split in (args.part, "tuned-on")]
    if not any(p.split == args.part for p in pages):
        sys.exit("no page copies: build the extraction corpus (bench/get_extraction_corpus.py)")
    if args.show:
        show([p for p in pages if p.split != "untouched"], args.show)
        return
    print(f"load: {os.getloadavg()[0]:.2f} (1-min average) on {os.cpu_count()} cores")
    tallies = score_groups(pages, title_sources(args.part))
    for group, by_method in sorted(tallies.items(), key=lambda kv: kv[0] == "tuned-on"):
        n = len(next(iter(by_method.values())).docs)
        label = "tuned-on: looked at case by case" if group == "tuned-on" else f"{args.part} part"
        print(f"\n{group} ({n} pages, {label})")
        for name in METHODS:
            print(by_method[name].row(name, with_titles=name != "jusText on lines"))

    held_copies, held_truths = synthetic_pages()
    print(f"\nsynthetic page copies ({len(held_truths)}, written with the code, not real pages):")
    for name, method in METHODS.items():
        docs = [doc_counts(method(held_copies[k])[0], held_truths[k]) for k in held_truths]
        print(f"  {name:<22} {aggregate(docs)}")


if __name__ == "__main__":
    main()
