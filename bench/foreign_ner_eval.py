"""People, organisations and places in other languages, scored as the warehouse keeps them.

Per document, the set of distinct (type, name) pairs of PER, ORG and LOC (MISC ignored),
normalised and folded as ``conll_eval.py`` does (``_conll.fold``). Micro P / R / F1 per
type and over the three, per language, for:

- ``tagger-<lang>``: ``facts.foreign.find_foreign_entities``, the language's own CRF;
- ``english``: ``facts.find_entities``, the English rules and tagger run on the same
  text (what ``extract_facts`` did on every language before: the baseline).

Each figure says what it was measured on (``--split``):

- ``report`` (default): WikiNEuRal's held-out split, **silver** labels, never trained or
  tuned on (de, es, fr, it, nl, pl, pt, ru);
- ``news``: **gold** labels on news: CoNLL-2002's development split (es, nl), GermEval
  2014's test split (de, Wikipedia and news sentences), ner-uk's test split (uk: news and
  other Ukrainian texts); never trained or tuned on;
- ``dev``: the part of the training file the settings were **tuned** on;
- ``news-dev``: the last tenth of CoNLL-2002's training split (es, nl), of GermEval's
  development split (de) and of ner-uk's training split (uk), **gold**, **tuned** on
  (the rest is learnt from).

Ukrainian has no WikiNEuRal part: its figures are ``news`` and ``news-dev`` only.

Also the milliseconds a document each takes (same process, interleaved). ``--cost``
times both instead on real news: the true article texts of the language corpus's develop
pages (``_language_corpus``, ``get_language_corpus.py``) in the languages with a model,
best of three passes, interleaved. The corpus comes from ``get_ner_langs.py``; without it
this exits non-zero with how to get it.

    .venv/bin/python bench/foreign_ner_eval.py [--split report|news|dev] [--languages de,ru]
    .venv/bin/python bench/foreign_ner_eval.py --cost
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _conll import TYPES, Pairs, fold
from _ner_langs import CorpusMissing, Document, languages_with, load
from newsroom import facts as F
from newsroom.facts.foreign import MODELS, find_foreign_entities, has_model

KIND_TYPE = {"person": "PER", "org": "ORG", "place": "LOC"}
LABELS = {
    "report": "WikiNEuRal held-out split, silver labels, untouched",
    "news": "gold, news: CoNLL-2002 dev (es, nl), GermEval 2014 test (de), ner-uk test (uk);"
    " untouched",
    "dev": "last tenth of the training file, silver labels, tuned on",
    "news-dev": "last tenth of CoNLL-2002 train (es, nl), GermEval dev (de), ner-uk train (uk);"
    " gold, tuned on",
}


# Quotation marks of other languages, which WikiNEuRal's tokens sometimes keep on a name
# ("Рэпторс»"): taken off both sides, as ``_conll.norm`` takes off English ones.
_QUOTES = "«»„‚‹›"


def _unquoted(name: str) -> str:
    return name.strip(_QUOTES + " ")


def pairs_of(entities: tuple[F.Entity, ...]) -> Pairs:
    """Every surface form of each entity, typed (what the warehouse's mentions keep)."""
    pairs: list[tuple[str, str]] = []
    for e in entities:
        kind = KIND_TYPE[e.kind]
        pairs.append((kind, _unquoted(e.name)))
        pairs.extend((kind, _unquoted(m.text)) for m in e.mentions)
    return fold(pairs)


def gold_pairs(doc: Document) -> Pairs:
    return fold((e.kind, _unquoted(e.name)) for e in doc.entities if e.kind in TYPES)


Counts = dict[str, list[int]]  # type -> [tp, fp, fn]


def add(counts: Counts, gold: Pairs, found: Pairs) -> None:
    for t in TYPES:
        g = {n for k, n in gold if k == t}
        f = {n for k, n in found if k == t}
        c = counts.setdefault(t, [0, 0, 0])
        c[0] += len(g & f)
        c[1] += len(f - g)
        c[2] += len(g - f)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def line(name: str, counts: Counts, ms: float) -> str:
    cells = []
    for t in TYPES:
        p, r, f = prf(*counts.get(t, [0, 0, 0]))
        cells.append(f"{t} {p:.3f}/{r:.3f}/{f:.3f}")
    total = [sum(counts.get(t, [0, 0, 0])[i] for t in TYPES) for i in range(3)]
    p, r, f = prf(*total)
    return f"  {name:<10} all {p:.3f}/{r:.3f}/{f:.3f}  " + "  ".join(cells) + f"  {ms:.2f} ms/doc"


def evaluate(lang: str, docs: list[Document]) -> None:
    finders: dict[str, Callable[[str], tuple[F.Entity, ...]]] = {
        f"tagger-{lang}": lambda text: find_foreign_entities(text, lang),
        "english": lambda text: tuple(F.find_entities(text)),
    }
    counts: dict[str, Counts] = {name: {} for name in finders}
    seconds = dict.fromkeys(finders, 0.0)
    for doc in docs:
        gold = gold_pairs(doc)
        for name, find in finders.items():  # interleaved: machine load falls on both
            started = time.perf_counter()
            found = find(doc.text)
            seconds[name] += time.perf_counter() - started
            add(counts[name], gold, pairs_of(found))
    print(f"{lang}: {len(docs)} documents   P/R/F1")
    for name in finders:
        print(line(name, counts[name], 1000 * seconds[name] / max(1, len(docs))))


def cost() -> None:
    """Milliseconds a news article for the language's tagger and for the English path."""
    from _language_corpus import load_pages

    develop = list(load_pages("develop"))
    pages = [p for p in develop if p.language in MODELS]
    english = [p for p in develop if p.language == "en"]
    best = {"tagger": float("inf"), "english": float("inf"), "english-en": float("inf")}
    for _ in range(3):
        spent = dict.fromkeys(best, 0.0)
        for page, english_page in zip(pages, english * len(pages), strict=False):
            started = time.perf_counter()
            find_foreign_entities(page.gold_body, page.language)
            middle = time.perf_counter()
            F.find_entities(page.gold_body)
            end = time.perf_counter()
            F.find_entities(english_page.gold_body)
            spent["tagger"] += middle - started
            spent["english"] += end - middle
            spent["english-en"] += time.perf_counter() - end
        best = {k: min(best[k], spent[k]) for k in best}
    n = max(1, len(pages))
    words = sum(len(p.gold_body.split()) for p in pages) / n
    english_words = sum(len(p.gold_body.split()) for p in english[:n]) / max(1, len(english[:n]))
    languages = sorted({p.language for p in pages})
    print(f"{len(pages)} news articles ({', '.join(languages)}), {words:.0f} words on average;")
    print(f"  english-en: the English path on {n} English ones, {english_words:.0f} words")
    for name, seconds in best.items():
        print(f"  {name:<10} {1000 * seconds / n:.2f} ms/article (best of 3)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=sorted(LABELS), default="report")
    ap.add_argument("--languages", help="comma-separated; default every one the split has")
    ap.add_argument("--cost", action="store_true", help="time both on news articles instead")
    args = ap.parse_args()
    if args.cost:
        print(f"load {os.getloadavg()[0]:.1f}")
        cost()
        return
    languages = args.languages.split(",") if args.languages else languages_with(args.split)
    print(f"split: {args.split} ({LABELS[args.split]}); load {os.getloadavg()[0]:.1f}")
    for lang in languages:
        if not has_model(lang):
            raise SystemExit(f"no model for {lang}: train it with bench/train_foreign_taggers.py")
        try:
            docs = load(lang, args.split)
        except CorpusMissing as e:
            raise SystemExit(str(e)) from e
        evaluate(lang, docs)


if __name__ == "__main__":
    main()
