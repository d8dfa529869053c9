"""The learnt parts of the page-copy cleaner: how likely a line is article text
(``copy_lines``) and how likely it is the page's title (``copy_titles``), both trained by
``bench/train_copy_lines.py`` with scikit-learn on a development corpus of real pages
with their true bodies and titles, and run here with numpy alone.

The line model is additive: a logistic regression on every feature cut into quantile
bins, so it is one step function per feature (``StepModel``). It ships as those step
functions, a bias and a decision threshold, in ``models/copy_lines.json``, and runs as a
``searchsorted`` per feature for all the lines of a page at once.

The title model blends an additive model of the same form (``copy_titles``) with boosted
decision trees (``TreeModel``, ``title_log_odds``): which candidate is the title depends
on what kind of text it is read from (a page copy's first line is the page's
``<title>``, a saved story's is its headline, a copy without it starts with a menu), an
interaction an additive model cannot learn. The trees ship as their arrays, in
``models/copy_title_trees.json``, and run every candidate of a page down every tree at
once, one step a level.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["MODELS_DIR", "StepModel", "TreeModel", "step_model", "title_log_odds", "tree_model"]

MODELS_DIR = Path(__file__).resolve().parent / "models"


@dataclass(frozen=True, slots=True)
class StepModel:
    """Step functions ``value[searchsorted(thresholds, x, side='left')]`` per feature,
    summed with the bias: the log-odds that a line is what the model was trained to find."""

    features: tuple[str, ...]
    thresholds: tuple[np.ndarray, ...]
    values: tuple[np.ndarray, ...]
    bias: float
    threshold: float  # keep a line when its probability reaches this

    def log_odds(self, rows: np.ndarray) -> np.ndarray:
        """Log-odds of every row of a (lines × features) matrix, in ``features`` order."""
        total = np.full(rows.shape[0], self.bias)
        for column, (cuts, steps) in enumerate(zip(self.thresholds, self.values, strict=True)):
            if len(steps) > 1:
                total += steps[np.searchsorted(cuts, rows[:, column], side="left")]
            else:
                total += steps[0]
        return total

    def keep(self, rows: np.ndarray) -> np.ndarray:
        """Whether each row's probability reaches the threshold."""
        probability = 1.0 / (1.0 + np.exp(-self.log_odds(rows)))
        return np.asarray(probability >= self.threshold, dtype=bool)

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(self.features),
            "steps": {
                name: {"thresholds": cuts.tolist(), "values": steps.tolist()}
                for name, cuts, steps in zip(
                    self.features, self.thresholds, self.values, strict=True
                )
            },
            "bias": self.bias,
            "threshold": self.threshold,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StepModel:
        names = tuple(str(n) for n in data["features"])
        steps = data["steps"]
        return cls(
            features=names,
            thresholds=tuple(np.asarray(steps[n]["thresholds"], dtype=float) for n in names),
            values=tuple(np.asarray(steps[n]["values"], dtype=float) for n in names),
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
        )


def _shipped(name: str) -> dict[str, Any]:
    """The JSON of the shipped model ``models/<name>.json``."""
    data: dict[str, Any] = json.loads((MODELS_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return data


@cache
def step_model(name: str) -> StepModel:
    """The shipped step functions ``models/<name>.json``, read once per process."""
    return StepModel.from_json(_shipped(name))


@dataclass(frozen=True, slots=True)
class TreeModel:
    """Boosted regression trees: the log-odds of a row is ``bias`` plus ``rate`` times the
    sum of its leaves' values, one leaf a tree. The trees are arrays of their nodes
    (trees × nodes, padded): the feature a node tests, its threshold (a row goes left
    when its value, as a 32-bit float, is at most the threshold, as scikit-learn's trees
    decide), its children, and its value (a leaf's). A leaf tests nothing and is its own
    child, so that every row takes ``depth`` steps."""

    features: tuple[str, ...]
    feature: np.ndarray  # int, trees × nodes; 0 at a leaf
    cut: np.ndarray  # float, trees × nodes; +inf at a leaf
    left: np.ndarray  # int, trees × nodes; a leaf's own index
    right: np.ndarray
    value: np.ndarray  # float, trees × nodes
    depth: int
    bias: float
    rate: float
    share: float  # the trees' weight in the blend with the additive model (``title_log_odds``)

    def log_odds(self, rows: np.ndarray) -> np.ndarray:
        """Log-odds of every row of a (rows × features) matrix, in ``features`` order."""
        x = np.asarray(rows, dtype=np.float32).astype(np.float64)
        trees, nodes = self.feature.shape
        # every node by one flat index (tree × nodes + node), each row's values likewise
        feature, cut = self.feature.ravel(), self.cut.ravel()
        left = (self.left + np.arange(trees)[:, None] * nodes).ravel()
        right = (self.right + np.arange(trees)[:, None] * nodes).ravel()
        node = np.broadcast_to(np.arange(trees) * nodes, (x.shape[0], trees))
        row = np.arange(x.shape[0])[:, None] * x.shape[1]
        flat = x.ravel()
        for _ in range(self.depth):
            goes_left = flat[row + feature[node]] <= cut[node]
            node = np.where(goes_left, left[node], right[node])
        return np.asarray(self.bias + self.rate * self.value.ravel()[node].sum(axis=1))

    def to_json(self) -> dict[str, object]:
        return {
            "kind": "boosted_trees",
            "features": list(self.features),
            "trees": {
                name: getattr(self, name).tolist()
                for name in ("feature", "cut", "left", "right", "value")
            },
            "depth": self.depth,
            "bias": self.bias,
            "rate": self.rate,
            "share": self.share,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TreeModel:
        trees = data["trees"]
        return cls(
            features=tuple(str(n) for n in data["features"]),
            feature=np.asarray(trees["feature"], dtype=np.int64),
            cut=np.asarray(trees["cut"], dtype=float),
            left=np.asarray(trees["left"], dtype=np.int64),
            right=np.asarray(trees["right"], dtype=np.int64),
            value=np.asarray(trees["value"], dtype=float),
            depth=int(data["depth"]),
            bias=float(data["bias"]),
            rate=float(data["rate"]),
            share=float(data["share"]),
        )


@cache
def tree_model(name: str) -> TreeModel:
    """The shipped boosted trees ``models/<name>.json``, read once per process."""
    return TreeModel.from_json(_shipped(name))


def title_log_odds(rows: np.ndarray) -> np.ndarray:
    """The title model's log-odds of each candidate (rows × ``TITLE_FEATURES``): the
    additive model's (``copy_titles``, learnt from page copies) and the boosted trees'
    (``copy_title_trees``, learnt from page copies, copies without the page's ``<title>``
    line and stories saved as text files), weighed by the trees' share. Out of fold on
    the development pages, the blend chose page copies' titles better than either model
    alone, and the other two kinds' better than the additive model
    (``bench/train_copy_lines.py``)."""
    trees = tree_model("copy_title_trees")
    additive = step_model("copy_titles").log_odds(rows)
    return np.asarray((1 - trees.share) * additive + trees.share * trees.log_odds(rows))
