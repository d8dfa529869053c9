"""Train the name taggers of other languages (``newsroom.facts.foreign``) on WikiNEuRal.

Ukrainian, which WikiNEuRal lacks, learns from ner-uk's gold training split alone.

Each language's model learns from the ``train`` part of ``_ner_langs`` (WikiNEuRal's
validation split less its last tenth, silver labels) and, for German, Spanish and Dutch,
from the ``news-train`` part as well (GermEval 2014's development split and CoNLL-2002's
training split less their last tenth, gold labels on news: Wikipedia alone transfers
poorly to news), with the features the tagger
computes at run time (``foreign.features``), and is written beside the English one as
``src/newsroom/facts/models/names-<lang>.crfsuite``. L1 regularisation keeps the models
small; ``c1`` and ``c2`` were chosen on the ``dev`` part (``foreign_ner_eval.py --split
dev``). The corpus comes from ``get_ner_langs.py``; without it this exits non-zero.

    .venv/bin/python bench/train_foreign_taggers.py [--languages de,fr] [--c1 0.3 --c2 0.01]

The models derive from CC BY-NC-SA 4.0 data (WikiNEuRal; ner-uk for uk), de also from
GermEval 2014 (CC BY 4.0), es and nl also from CoNLL-2002 (research use); see
``get_ner_langs.py``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pycrfsuite

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _ner_langs import LANGUAGES, NEWS_LANGUAGES, CorpusMissing, Document, load
from newsroom.facts.foreign import document_words, features, model_path


def append_documents(trainer: pycrfsuite.Trainer, documents: list[Document], language: str) -> int:
    """Every sentence's window of words with its features and gold labels; the count."""
    n = 0
    for document in documents:
        words_of = [[w for w, _ in s] for s in document.sentences]
        doc = document_words(words_of)
        for sentence, words in zip(document.sentences, words_of, strict=True):
            keep, feats = features(words, doc, language)
            if keep:
                trainer.append(feats, [sentence[i][1] for i in keep])
                n += 1
    return n


def train(language: str, out: Path, c1: float, c2: float, iterations: int) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    n = append_documents(trainer, load(language, "train"), language)
    if language in NEWS_LANGUAGES:  # gold newswire as well, where there is some
        n += append_documents(trainer, load(language, "news-train"), language)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.minfreq": 2})
    started = time.perf_counter()
    trainer.train(str(out))
    seconds = time.perf_counter() - started
    size = out.stat().st_size / 1e6
    print(f"{language}: {n} sequences, {seconds:.0f} s, {size:.2f} MB -> {out}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--languages", default=",".join(LANGUAGES))
    ap.add_argument("--c1", type=float, default=0.3)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--out-dir", type=Path, help="write here instead of the package's models")
    args = ap.parse_args()
    for language in args.languages.split(","):
        out = (args.out_dir / model_path(language).name) if args.out_dir else model_path(language)
        try:
            train(language, out, args.c1, args.c2, args.iterations)
        except CorpusMissing as e:
            raise SystemExit(str(e)) from e


if __name__ == "__main__":
    main()
