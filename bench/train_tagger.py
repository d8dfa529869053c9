"""Train the name tagger (``newsroom.facts.tagger``) on CoNLL-2003's English training split.

Every training document goes through the rules (``facts.entities.rule_spans``) and the
tagger's features (``facts.tagger.features``); the gold labels come from the annotators'
spans by character offset (BIO over PER, ORG, LOC, MISC). CRFsuite's L-BFGS with L1 and
L2 penalties (L1 keeps the model small) writes ``src/newsroom/facts/models/names.crfsuite``.

``--with-dev`` adds the dev split to the training documents: for the shipped model, once
the settings are chosen on dev (dev scores of such a model mean nothing).
``--hold-out N`` keeps the last N training documents out of training;
``--score-held-out`` scores the model on them (``conll_eval`` scoring), once, at the end,
not while tuning: a part of train never looked at case by case. The dev split
(``eng.testa``) is where settings are tuned (``bench/conll_eval.py``).
The data: ``bench/_conll.py``.

    .venv/bin/python bench/train_tagger.py [--hold-out 95] [--with-dev] [--c1 0.05] [--c2 0.01]

The shipped model: ``--hold-out 95 --with-dev --score-held-out`` (train less its last 95
documents, plus dev; the 95 scored at the end). A model trained to score settings
elsewhere: ``--out /tmp/model.crfsuite`` (``tagger.with_model`` reads it).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pycrfsuite

from _conll import ConllMissing, Document, load
from newsroom.facts.entities import rule_spans
from newsroom.facts.places import default_gazetteer
from newsroom.facts.tagger import MODEL, Token, features

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "newsroom" / "facts" / "models" / MODEL


def labels(line: list[Token], doc: Document) -> list[str]:
    """BIO labels of a line's words from the gold spans (a word is in the span its
    first character is in)."""
    out = []
    for t in line:
        gold = next((e for e in doc.entities if e.start <= t.start < e.end), None)
        if gold is None:
            out.append("O")
        else:
            out.append(("B-" if t.start == gold.start else "I-") + gold.kind)
    return out


def sequences(docs: list[Document]) -> list[tuple[list[list[bytes]], list[str]]]:
    gazetteer = default_gazetteer()
    out = []
    for doc in docs:
        lines, feats = features(doc.text, gazetteer, rule_spans(doc.text, gazetteer))
        for line, seq in zip(lines, feats, strict=True):
            out.append((seq, labels(line, doc)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hold-out", type=int, default=0, help="last N train documents kept out")
    parser.add_argument("--c1", type=float, default=0.05)
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--with-dev",
        action="store_true",
        help="train on the dev split too (for the shipped model, once settings are chosen)",
    )
    parser.add_argument(
        "--score-held-out", action="store_true", help="score the held-out documents (once)"
    )
    args = parser.parse_args()
    try:
        docs = load("train")
    except ConllMissing as missing:
        sys.exit(str(missing))
    held = docs[len(docs) - args.hold_out :] if args.hold_out else []
    train = docs[: len(docs) - len(held)]
    if args.with_dev:
        train += load("dev")
    started = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    for seq, gold in sequences(train):
        trainer.append(seq, gold)
    print(f"features of {len(train)} documents in {time.perf_counter() - started:.0f} s")
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iterations,
            "feature.possible_transitions": True,
        }
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(args.out))
    size = args.out.stat().st_size / 1e6
    print(f"trained in {time.perf_counter() - started:.0f} s: {args.out} ({size:.1f} MB)")
    if held and args.score_held_out:
        from conll_eval import report, rule_pairs, score
        from newsroom.facts.tagger import with_model

        print(f"held-out train documents ({len(held)}, never looked at):")
        report("rules", *score(held, lambda text: rule_pairs(text, tagger=False), 0))
        with with_model(args.out):
            report("rules+tagger", *score(held, lambda text: rule_pairs(text, tagger=True), 0))


if __name__ == "__main__":
    main()
