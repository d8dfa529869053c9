"""Fit the headline scorer's weights (``newsroom.headline``) on the dev part of the
extraction corpus, and print how often it picks a right title there.

The scorer runs on pages whose metadata names no title (or only the site's name), so it
learns on those pages alone, what a page shows without that metadata: pages whose metadata
names their title are another population (newer sites, whose ``<title>`` holds the
headline), and fitting on them too made the scorer keep a ``<title>`` that is only an old
site's name (5-fold by page on dev, titles right on every page with a labelled or og:title
truth: 678 of 736 fitted on all pages, 684 fitted on these; ``h1`` stand-ins, never fitted
on: 222 of 405 against 242). Every such dev page of every dataset whose true title is a
person's label (L3S-GN1) or the page's ``og:title`` gives its candidates
(``headline_candidates``: the page's lines near the body's start, its headings, its
``<title>`` and parts; the ``og:title`` itself is never one, and pages whose only truth is
their ``h1`` are left out, since the ``h1`` is a candidate and would be its own label),
each labelled right when its words match the true
title at word-F1 >= 0.8. The model ranks candidates within a page, so it is fitted on
pairs of one page's candidates (a logistic regression on the difference of a right and a
wrong one's features, scikit-learn, a dev dependency); the weights to paste into
``headline.py`` are printed. Accuracy (the page's best-scored candidate is right) is
printed from 5 folds by page (each page scored by weights fitted without it) and for the
final weights on all of them (tuned on).

    .venv/bin/python bench/train_title_scorer.py

Reads only the local corpus (``_extraction_corpus.py``; exits non-zero when missing).
Never reads the ``untouched`` part.
"""

from __future__ import annotations

import sys
import textwrap
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _extraction_corpus import load_pages, title_source
from extraction_eval import TITLE_F1, title_f1
from newsroom.extract import extract_html, parse_html
from newsroom.headline import FEATURES, headline_candidates
from newsroom.page_metadata import TITLE_METADATA, title_tag

TRUTHS = ("labelled", "og:title")  # title sources that are not a candidate themselves
FOLDS = 5
C = 1.0  # inverse regularisation strength


def page_rows() -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(dataset, features, labels) for every dev page with a true title and candidates
    whose title the scorer picks (its metadata names none, or only the site's name)."""
    rows = []
    for page in load_pages("dev"):
        if not page.gold_title or title_source(page) not in TRUTHS:
            continue
        tree = parse_html(page.html)
        if tree is None:
            continue
        extracted = extract_html(page.html)
        if extracted.title_method in TITLE_METADATA:
            continue
        found = headline_candidates(tree, title_tag(tree), extracted.body, extracted.site_name)
        if not found:
            continue
        x = np.array([c.features for c in found])
        y = np.array([title_f1(c.text, page.gold_title) >= TITLE_F1 for c in found])
        rows.append((page.dataset, x, y))
    return rows


def fit(rows: list[tuple[str, np.ndarray, np.ndarray]]) -> LogisticRegression:
    """Weights that rank a page's right candidates above its wrong ones: every (right,
    wrong) pair of a page, both ways round, as a two-class problem without intercept."""
    diffs, labels = [], []
    for _dataset, x, y in rows:
        for right in x[y]:
            for wrong in x[~y]:
                diffs += [right - wrong, wrong - right]
                labels += [1, 0]
    return LogisticRegression(C=C, fit_intercept=False, max_iter=5000).fit(
        np.array(diffs), np.array(labels)
    )


def picks_right(model: LogisticRegression, row: tuple[str, np.ndarray, np.ndarray]) -> bool:
    _dataset, x, y = row
    return bool(y[int(np.argmax(model.decision_function(x)))])


def report(label: str, rights: dict[str, list[bool]]) -> None:
    print(f"\n{label}")
    everything = [r for rs in rights.values() for r in rs]
    for dataset, rs in sorted(rights.items()):
        print(f"  {dataset:<16} {sum(rs):>4}/{len(rs):<4} {sum(rs) / len(rs):.1%}")
    print(
        f"  {'all':<16} {sum(everything):>4}/{len(everything):<4} "
        f"{sum(everything) / len(everything):.1%}"
    )


def main() -> None:
    rows = page_rows()
    reachable: dict[str, list[bool]] = defaultdict(list)
    for dataset, _x, y in rows:
        reachable[dataset].append(bool(y.any()))
    report("pages with a right candidate at all (dev)", reachable)
    held: dict[str, list[bool]] = defaultdict(list)
    for fold in range(FOLDS):
        train = [r for n, r in enumerate(rows) if n % FOLDS != fold]
        model = fit(train)
        for n, row in enumerate(rows):
            if n % FOLDS == fold:
                held[row[0]].append(picks_right(model, row))
    report(f"right picks, {FOLDS}-fold by page on dev (page not in its fold's fit)", held)
    model = fit(rows)
    fitted: dict[str, list[bool]] = defaultdict(list)
    for row in rows:
        fitted[row[0]].append(picks_right(model, row))
    report("right picks, final weights on all dev pages (tuned on)", fitted)
    print("\nfeature weights:")
    for name, w in zip(FEATURES, model.coef_[0], strict=True):
        print(f"    {w:>7.3f}  {name}")
    weights = ", ".join(f"{w:.3f}" for w in model.coef_[0])
    print(
        "\n_WEIGHTS = (\n"
        + textwrap.fill(weights, 96, initial_indent="    ", subsequent_indent="    ")
        + ",\n)"
    )


if __name__ == "__main__":
    main()
