"""The learnt parts of the page-copy cleaner: how likely a line is article text
(``copy_lines``) and how likely it is the page's title (``copy_titles``).

Each model is additive: a logistic regression on every feature cut into quantile bins
(``bench/train_copy_lines.py`` trains them with scikit-learn on a development corpus of
real pages with their true bodies and titles), so it is one step function per feature. A
model ships as those step functions, a bias and a decision threshold, in
``models/<name>.json``, and runs here with numpy alone: a ``searchsorted`` per feature for
all the lines of a page at once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["MODELS_DIR", "StepModel", "step_model"]

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


@cache
def step_model(name: str) -> StepModel:
    """The shipped model ``models/<name>.json``, read once per process."""
    path = MODELS_DIR / f"{name}.json"
    return StepModel.from_json(json.loads(path.read_text(encoding="utf-8")))
