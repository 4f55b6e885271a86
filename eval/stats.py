"""Uncertainty and comparison statistics for classification results.

Bootstrap resamples sentences with a fixed seed (deterministic); McNemar's
exact test uses scipy's binomial test on the discordant pairs; calibration is
top-label: confidence = the highest score, correct = it was the gold label.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from scipy.stats import binomtest
from sklearn.metrics import f1_score

from sourcelens.records import LABELS


def _macro_f1(gold: np.ndarray, predicted: np.ndarray) -> float:
    """As eval.metrics.macro_f1: over the labels that occur in the (resampled) gold or predictions."""
    return float(f1_score(gold, predicted, average="macro", zero_division=0))


def _codes(labels: Sequence[str]) -> np.ndarray:
    return np.array([LABELS.index(label) for label in labels])


@dataclass
class Interval:
    estimate: float
    low: float
    high: float

    def as_dict(self) -> dict:
        return {"estimate": round(self.estimate, 4), "low": round(self.low, 4), "high": round(self.high, 4)}


def bootstrap_macro_f1(gold: Sequence[str], predicted: Sequence[str], samples: int = 1000, seed: int = 13) -> Interval:
    """Macro-F1 with a percentile bootstrap 95% interval over sentences."""
    g, p = _codes(gold), _codes(predicted)
    rng = np.random.default_rng(seed)
    draws = [_macro_f1(g[idx], p[idx]) for idx in rng.integers(0, len(g), size=(samples, len(g)))]
    low, high = np.percentile(draws, [2.5, 97.5])
    return Interval(_macro_f1(g, p), float(low), float(high))


def paired_bootstrap_difference(gold: Sequence[str], a: Sequence[str], b: Sequence[str], samples: int = 1000, seed: int = 13) -> dict:
    """Macro-F1(a) - macro-F1(b) with a 95% interval, resampling the same sentences for both."""
    g, pa, pb = _codes(gold), _codes(a), _codes(b)
    rng = np.random.default_rng(seed)
    diffs = np.array([_macro_f1(g[idx], pa[idx]) - _macro_f1(g[idx], pb[idx]) for idx in rng.integers(0, len(g), size=(samples, len(g)))])
    low, high = np.percentile(diffs, [2.5, 97.5])
    return {
        **Interval(_macro_f1(g, pa) - _macro_f1(g, pb), float(low), float(high)).as_dict(),
        "share_of_resamples_a_better": round(float((diffs > 0).mean()), 4),
    }


def mcnemar(gold: Sequence[str], a: Sequence[str], b: Sequence[str]) -> dict:
    """Exact McNemar test on the sentences exactly one of the two systems gets right."""
    only_a = sum(1 for g, x, y in zip(gold, a, b) if x == g and y != g)
    only_b = sum(1 for g, x, y in zip(gold, a, b) if y == g and x != g)
    p = binomtest(only_a, only_a + only_b, 0.5).pvalue if only_a + only_b else 1.0
    return {"only_a_correct": only_a, "only_b_correct": only_b, "p_value": float(p)}


def calibration(gold: Sequence[str], predicted: Sequence[str], confidence: Sequence[float], bins: int = 10) -> dict:
    """Expected calibration error and the reliability-diagram bins (top-label)."""
    conf = np.asarray(confidence, dtype=float)
    correct = np.array([g == p for g, p in zip(gold, predicted)], dtype=float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(conf, edges[1:-1], right=True), 0, bins - 1)
    rows, ece = [], 0.0
    for k in range(bins):
        mask = which == k
        count = int(mask.sum())
        if count:
            acc, mean_conf = float(correct[mask].mean()), float(conf[mask].mean())
            ece += count / len(conf) * abs(acc - mean_conf)
            rows.append({"low": round(float(edges[k]), 2), "high": round(float(edges[k + 1]), 2), "count": count, "accuracy": round(acc, 4), "confidence": round(mean_conf, 4)})
    return {"ece": round(float(ece), 4), "bins": rows}
