"""Credibility-signal scores: per-sentence yes/no for hedge, anonymous, relay and named source.

A sentence has a signal when its span list is non-empty (an inherited signal is the zero-length
span `records.INHERITED`, so it counts), and a named source when `named_source is True`. Scored with
scikit-learn's `precision_recall_fscore_support` (binary) over the gold sentences that carry signal
annotations (`GoldSentence.signals is not None`); the others are left out and the count says how many
were scored.
"""

from __future__ import annotations

from typing import Sequence

from sourcelens.records import Attribution, GoldSentence, Signals

SIGNAL_NAMES = ("hedge", "anonymous", "relay", "named_source")


def has_signal(signals: Signals | None, name: str) -> bool:
    """Whether `signals` carries `name` (one of SIGNAL_NAMES)."""
    if signals is None:
        return False
    if name == "named_source":
        return signals.named_source is True
    return bool({"hedge": signals.hedges, "anonymous": signals.anonymous, "relay": signals.relay}[name])


def signal_scores(gold: Sequence[GoldSentence], predicted: Sequence[Attribution]) -> dict:
    """{"n", "articles", "per_signal": {name: {precision, recall, f1, gold, predicted}}} over signal-annotated sentences."""
    from sklearn.metrics import precision_recall_fscore_support

    pairs = [(g, p) for g, p in zip(gold, predicted, strict=True) if g.signals is not None]
    out: dict = {"n": len(pairs), "articles": len({g.sentence.article_id for g, _ in pairs}), "per_signal": {}}
    for name in SIGNAL_NAMES:
        y_true = [has_signal(g.signals, name) for g, _ in pairs]
        y_pred = [has_signal(p.signals, name) for _, p in pairs]
        if pairs:
            p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, average="binary", pos_label=True, zero_division=0)
        else:
            p = r = f = 0.0
        out["per_signal"][name] = {"precision": round(float(p), 4), "recall": round(float(r), 4), "f1": round(float(f), 4),
                                   "gold": sum(y_true), "predicted": sum(y_pred)}
    return out
