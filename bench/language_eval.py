"""Benchmark: body, title and language per language, for HTML pages and their page copies.

Reads one part of the per-language corpus (``_language_corpus.py``; ``--part develop`` to
develop on, ``--part report`` for reported figures) and prints, per language, side by side:

- HTML pages: newsroom's ``extract_html`` and trafilatura with default settings (its title
  from ``trafilatura.extract_metadata``);
- page copies (``_page_copy.py``: the text a browser's select-all copy gives, its
  ``<title>`` first): newsroom's ``clean_text``, and the copy as it is (doing nothing);

each with body F1 (the article-extraction benchmark's word 4-gram shingle metric,
``shingle_metric.py``: P, R and F1) and titles right (word-F1 >= 0.8 against the
publisher's title, where the corpus has one). Then the language newsroom records: for HTML
pages what ``extract_html`` decides (and by which method), for page copies what the article
builder detects from the cleaned body, each against the language of the page's true text;
and on the first sentence of each true text alone (short text).

    PYTHONPATH=src:. .venv/bin/python bench/language_eval.py --part develop|report
        [--languages ja,pt] [--worst N (develop only)]

Reads only local files: exits non-zero when the corpus is missing (build it with
``get_language_corpus.py``).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _language_corpus import PARTS, LanguagePage, held_share, held_text, load_pages
from _page_copy import page_copy
from extraction_eval import TITLE_F1, title_f1
from newsroom.extract import extract_html
from newsroom.metadata import language_of
from newsroom.normalise import clean_text
from shingle_metric import DocScore, aggregate, doc_counts

# The twelve languages with the most news output (issue 20), listed first.
MAIN = ("en", "es", "pt", "fr", "de", "it", "ru", "uk", "ar", "zh", "ja", "ko")
_FIRST_SENTENCE = re.compile(r".+?(?:[.!?。！？؟](?=\s|$)|[。！？])", re.S)

Method = Callable[[LanguagePage], tuple[str, str | None]]


def html_newsroom(page: LanguagePage) -> tuple[str, str | None]:
    found = extract_html(page.html)
    return found.body, found.title


def html_trafilatura(page: LanguagePage) -> tuple[str, str | None]:
    body = trafilatura.extract(page.html) or ""
    meta = trafilatura.extract_metadata(page.html)
    return body, getattr(meta, "title", None)


def copy_newsroom(page: LanguagePage) -> tuple[str, str | None]:
    cleaned = clean_text(page_copy(page.html))
    return cleaned.body, cleaned.title


def copy_nothing(page: LanguagePage) -> tuple[str, str | None]:
    text = page_copy(page.html)
    return text, next((ln for ln in text.splitlines() if ln.strip()), "")


HELD_METHODS = ("HTML newsroom", "copy newsroom")

METHODS: dict[str, Method] = {
    "HTML newsroom": html_newsroom,
    "HTML trafilatura": html_trafilatura,
    "copy newsroom": copy_newsroom,
    "copy do nothing": copy_nothing,
}


class Tally:
    def __init__(self) -> None:
        self.docs: dict[str, DocScore] = {}
        self.titles_right = 0
        self.titles = 0

    def add(self, page: LanguagePage, body: str, title: str | None) -> None:
        self.docs[page.id] = doc_counts(body, page.gold_body)
        if page.gold_title:
            self.titles += 1
            self.titles_right += title_f1(title, page.gold_title) >= TITLE_F1


def first_sentence(text: str) -> str:
    line = next((ln for ln in text.splitlines() if len(ln) > 20), text)
    m = _FIRST_SENTENCE.match(line)
    return (m.group(0) if m else line)[:200]


def language_checks(page: LanguagePage) -> dict[str, tuple[str | None, str | None]]:
    """What newsroom records as the language, and how, for the page's three readings."""
    found = extract_html(page.html)
    copy_body = clean_text(page_copy(page.html)).body
    copy_guess = language_of(copy_body)
    short = language_of(first_sentence(page.gold_body))
    return {
        "HTML page": (found.language, found.language_method),
        "page copy": (copy_guess.code, copy_guess.method),
        "first sentence": (short.code, short.method),
    }


def _order(language: str) -> tuple[int, str]:
    return (MAIN.index(language) if language in MAIN else len(MAIN), language)


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--part", required=True, choices=PARTS)
    ap.add_argument("--languages", default="", help="only these, comma-separated")
    ap.add_argument("--worst", type=int, default=0, help="list the N worst pages (develop)")
    args = ap.parse_args()
    if args.worst and args.part != "develop":
        raise SystemExit("--worst lists pages one by one: only on the develop part")
    wanted = tuple(args.languages.split(",")) if args.languages else None
    pages = list(load_pages(args.part, wanted))
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (2 cores)")
    tallies: dict[str, dict[str, Tally]] = defaultdict(lambda: {m: Tally() for m in METHODS})
    languages: dict[str, Counter[str]] = defaultdict(Counter)
    methods: dict[str, Counter[str]] = defaultdict(Counter)
    held: dict[str, dict[str, list[DocScore]]] = defaultdict(lambda: defaultdict(list))
    shares: dict[str, list[float]] = defaultdict(list)
    for page in pages:
        copy = page_copy(page.html)
        page_held = page._replace(gold_body=held_text(page.gold_body, copy))
        share = held_share(page.gold_body, copy)
        for name, method in METHODS.items():
            body, title = method(page)
            tallies[page.language][name].add(page, body, title)
            tallies["all"][name].add(page, body, title)
            if name in HELD_METHODS and page_held.gold_body:
                for key in (page.language, "all"):
                    held[key][name].append(doc_counts(body, page_held.gold_body))
        for key in (page.language, "all"):
            shares[key].append(share)
        for reading, (code, how) in language_checks(page).items():
            right = code == page.language
            languages[page.language][reading] += right
            languages["all"][reading] += right
            methods[reading][f"{how} {'right' if right else 'wrong'}"] += 1
    print(f"\n{args.part} part of the language corpus: {len(pages)} pages")
    print(f"  {'lang':<5} {'pages':>5}" + "".join(f" | {m:^27}" for m in METHODS))
    print(f"  {'':<5} {'':>5}" + " | {:>6} {:>6} {:>6} {:>6}".format("P", "R", "F1", "title") * 4)
    for language in sorted(tallies, key=lambda k: (k == "all", *_order(k))):
        row = tallies[language]
        n = len(row["HTML newsroom"].docs)
        cells = []
        for name in METHODS:
            s, t = aggregate(list(row[name].docs.values())), row[name]
            titles = f"{t.titles_right}/{t.titles}" if t.titles else "-"
            cells.append(f"{s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f} {titles:>6}")
        print(f"  {language:<5} {n:>5} | " + " | ".join(cells))
    print(
        "\n  against the true text the page's visible text holds (a ceiling for every reading"
        " of it;\n  the rest is written in by scripts, or was not taken from this copy): share"
        " of the true\n  text held, then the pages that hold some of it, scored against that part:"
    )
    print(
        f"  {'lang':<5} {'pages':>5} {'held':>6} {'with':>5}"
        + "".join(f" | {m:^20}" for m in HELD_METHODS)
    )
    for language in sorted(shares, key=lambda k: (k == "all", *_order(k))):
        row = held[language]
        share = sum(shares[language]) / len(shares[language])
        cells = []
        for name in HELD_METHODS:
            s = aggregate(row[name])
            cells.append(f"{s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}")
        counts = f"{len(shares[language]):>5} {share:>6.3f} {len(row[HELD_METHODS[0]]):>5}"
        print(f"  {language:<5} {counts} | " + " | ".join(cells))
    print("\n  language recorded, right / pages:")
    print(f"  {'lang':<5} {'pages':>5} {'HTML page':>10} {'page copy':>10} {'first sentence':>15}")
    for language in sorted(languages, key=lambda k: (k == "all", *_order(k))):
        n = len(tallies[language]["HTML newsroom"].docs)
        c = languages[language]
        print(
            f"  {language:<5} {n:>5} {c['HTML page']:>10} {c['page copy']:>10}"
            f" {c['first sentence']:>15}"
        )
    for reading, counts in methods.items():
        print(f"  methods, {reading}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    for method in ("HTML newsroom", "copy newsroom") if args.worst else ():
        docs = [(d.f1, d.precision, d.recall, k) for lang, r in tallies.items() if lang != "all"
                for k, d in r[method].docs.items()]  # fmt: skip
        print(f"\n  {args.worst} worst pages, {method} (F1, P, R, id):")
        for f1, precision, recall, k in sorted(docs)[: args.worst]:
            print(f"    {f1:.3f}  P={precision:.3f} R={recall:.3f}  {k}")
    print(f"\nload average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
