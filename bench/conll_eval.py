"""People, organisations and places on CoNLL-2003 English, scored as the warehouse keeps them.

Per document, the set of distinct (type, name) pairs of PER, ORG and LOC (MISC ignored):
names lower-cased, "the" and a possessive taken off, and a lone surname folded into the
full name the same document gives that person (on both sides). An entity found counts
under its name and under every other form the text used for it ("WTO" beside "World
Trade Organisation"): the mentions the warehouse keeps. Micro P / R / F1 per type, typed
and with the type ignored, on the dev split (``eng.testa``, which the tagger was tuned
on), for each option:

- ``rules``: ``find_entities`` with the tagger off (the rules alone);
- ``rules+tagger``: ``find_entities`` as shipped (the rules, then the CRF tagger pass);
- ``spacy-sm``: spaCy's small English model when importable (see ``facts_eval.py``).

``--model PATH`` tags with that model instead of the shipped one (trained on dev too):
a model ``bench/train_tagger.py --out PATH`` trained without dev gives dev scores that
mean something. ``--split train`` scores the training split (what the tagger learnt from: an upper
bound, not a result); ``--held-out 95`` scores the last 95 train documents, which the
shipped model was trained without. ``--show N`` prints the misses of the first N documents.
The data: ``bench/_conll.py`` (``NEWSROOM_CONLL_DIR``).

    .venv/bin/python bench/conll_eval.py [--split dev] [--show 5]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _conll import TYPES, ConllMissing, Document, Pairs, fold, load
from newsroom import facts as F
from newsroom.facts.tagger import with_model

KIND_TYPE = {"person": "PER", "org": "ORG", "place": "LOC"}


def rule_pairs(text: str, *, tagger: bool) -> Pairs:
    """What ``find_entities`` finds, every surface form of each entity."""
    pairs: list[tuple[str, str]] = []
    for e in F.find_entities(text, tagger=tagger):
        kind = KIND_TYPE[e.kind]
        pairs.append((kind, e.name))
        pairs.extend((kind, m.text) for m in e.mentions)
    return fold(pairs)


def spacy_pairs(text: str) -> Pairs:
    from facts_eval import _nlp

    kinds = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}
    return fold((kinds[e.label_], e.text) for e in _nlp()(text).ents if e.label_ in kinds)


Counts = dict[str, list[int]]  # type -> [tp, fp, fn]


def score(
    docs: list[Document], find: Callable[[str], Pairs], show: int
) -> tuple[Counts, Counts, float]:
    """Typed counts, counts with the type ignored, and seconds per document."""
    typed: Counts = {t: [0, 0, 0] for t in TYPES}
    untyped = [0, 0, 0]
    seconds = 0.0
    for i, doc in enumerate(docs):
        started = time.perf_counter()
        found = find(doc.text)
        seconds += time.perf_counter() - started
        gold = doc.gold_set()
        for t in TYPES:
            g = {n for k, n in gold if k == t}
            f = {n for k, n in found if k == t}
            c = typed[t]
            c[0], c[1], c[2] = c[0] + len(g & f), c[1] + len(f - g), c[2] + len(g - f)
        g_names, f_names = {n for _, n in gold}, {n for _, n in found}
        untyped[0] += len(g_names & f_names)
        untyped[1] += len(f_names - g_names)
        untyped[2] += len(g_names - f_names)
        if i < show:
            print(f"  doc {i}: {doc.text[:60]!r}")
            print(f"    missed: {sorted(gold - found)}")
            print(f"    wrong:  {sorted(found - gold)}")
    return typed, {"all": untyped}, seconds / max(1, len(docs))


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report(name: str, typed: Counts, untyped: Counts, seconds: float) -> None:
    cells = []
    for t in TYPES:
        p, r, f = prf(*typed[t])
        cells.append(f"{t} {p:.2f}/{r:.2f}/{f:.3f}")
    total = [sum(c[i] for c in typed.values()) for i in range(3)]
    p, r, f = prf(*total)
    _, _, f_any = prf(*untyped["all"])
    print(
        f"  {name:14s} " + "  ".join(cells) + f"  typed {p:.2f}/{r:.2f}/{f:.3f}"
        f"  type ignored F1 {f_any:.3f}  ({1000 * seconds:.1f} ms/doc)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--show", type=int, default=0, help="misses of the first N documents")
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    parser.add_argument("--model", type=Path, help="a tagger model instead of the shipped one")
    parser.add_argument(
        "--held-out",
        type=int,
        default=0,
        metavar="N",
        help="score the last N train documents, which the shipped model was trained without"
        " (train_tagger.py --hold-out 95)",
    )
    args = parser.parse_args()
    try:
        docs = load("train" if args.held_out else args.split)
    except ConllMissing as missing:
        sys.exit(str(missing))
    if args.held_out:
        docs = docs[len(docs) - args.held_out :]
    if args.limit:
        docs = docs[: args.limit]
    F.find_entities("Warm up the gazetteer and the tagger in Paris, said John Smith.")
    options: list[tuple[str, Callable[[str], Pairs]]] = [
        ("rules", lambda text: rule_pairs(text, tagger=False)),
        ("rules+tagger", lambda text: rule_pairs(text, tagger=True)),
    ]
    from facts_eval import spacy_available

    if spacy_available() and not os.environ.get("NEWSROOM_NO_SPACY"):
        options.append(("spacy-sm", spacy_pairs))
    if args.held_out:
        part = "train, its last documents, held out of the shipped model's training"
    else:
        part = f"{args.split}; {'tuned on' if args.split == 'dev' else 'trained on'}"
    print(f"CoNLL-2003 {part} ({len(docs)} documents): P/R/F1 per type, micro")
    with with_model(args.model) if args.model else nullcontext():
        for name, find in options:
            report(name, *score(docs, find, args.show))


if __name__ == "__main__":
    main()
