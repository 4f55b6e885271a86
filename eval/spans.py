"""Span-level scores for `source` and `cue`: exact match and any overlap."""

from __future__ import annotations

from typing import Sequence

from sourcelens.records import Span


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def span_scores(gold: Sequence[Span | None], predicted: Sequence[Span | None]) -> dict:
    """P/R/F1 over sentences: a predicted span counts when it matches the gold span of its sentence."""
    n_gold = sum(1 for g in gold if g is not None)
    n_pred = sum(1 for p in predicted if p is not None)
    exact = sum(1 for g, p in zip(gold, predicted) if g is not None and p is not None and (g.start, g.end) == (p.start, p.end))
    overlap = sum(1 for g, p in zip(gold, predicted) if g is not None and p is not None and _overlaps(g, p))
    return {"gold": n_gold, "predicted": n_pred, "exact": _prf(exact, n_pred, n_gold), "overlap": _prf(overlap, n_pred, n_gold)}
