"""The article-extraction benchmark's metric: word 4-gram shingle precision/recall/F1.

Follows the evaluation of scrapinghub/article-extraction-benchmark: words are ``\\w+``
runs, lowercased; each document's shingle multiset is compared with the true one, the
tp/fp/fn counts are normalised to sum 1; precision (tp / (tp + fp)) is averaged over
the documents where the extractor returned some text, recall (tp / (tp + fn)) over all
documents, and F1 is the harmonic mean of those two means.

Importable by every benchmark under ``bench/``::

    from shingle_metric import score_corpus, doc_counts
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["DocScore", "Score", "doc_counts", "score_corpus", "shingles"]

_WORD = re.compile(r"\w+")
N = 4


def shingles(text: str, n: int = N) -> Counter[tuple[str, ...]]:
    """Multiset of word n-grams of *text* (a text shorter than n words is one shingle)."""
    words = _WORD.findall(text.lower())
    if not words:
        return Counter()
    if len(words) < n:
        return Counter([tuple(words)])
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


@dataclass(frozen=True, slots=True)
class DocScore:
    """Normalised shingle counts of one document (tp + fp + fn == 1 unless all are 0)."""

    tp: float
    fp: float
    fn: float
    predicted: bool  # the extractor returned some text

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float
    f1: float
    n_docs: int

    def __str__(self) -> str:
        return f"P={self.precision:.4f} R={self.recall:.4f} F1={self.f1:.4f} (n={self.n_docs})"


def doc_counts(predicted: str, truth: str) -> DocScore:
    pred, true = shingles(predicted), shingles(truth)
    tp = sum((pred & true).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    if total == 0:
        return DocScore(0.0, 0.0, 0.0, predicted=bool(predicted.strip()))
    return DocScore(tp / total, fp / total, fn / total, predicted=bool(predicted.strip()))


def score_corpus(predictions: Mapping[str, str], truths: Mapping[str, str]) -> Score:
    """Score *predictions* (id -> text; a missing id counts as empty) against *truths*."""
    docs = [doc_counts(predictions.get(k, ""), truths[k]) for k in truths]
    return aggregate(docs)


def aggregate(docs: list[DocScore]) -> Score:
    precisions = [d.precision for d in docs if d.predicted]
    recalls = [d.recall for d in docs]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Score(p, r, f1, len(docs))
