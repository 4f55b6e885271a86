"""Classification scores from scikit-learn, in the one shape every report uses."""

from __future__ import annotations

from typing import Sequence

from sklearn.metrics import accuracy_score, cohen_kappa_score, confusion_matrix, f1_score, precision_recall_fscore_support

from sourcelens.records import LABELS


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Mean F1 over the labels that occur in gold or predictions (scikit-learn's default):
    a small slice without any reporter sentences is not penalised for that label."""
    return float(f1_score(gold, predicted, average="macro", zero_division=0))


def classification_scores(gold: Sequence[str], predicted: Sequence[str]) -> dict:
    """Accuracy, macro-F1, Cohen's kappa, per-class P/R/F1/support and the confusion matrix."""
    labels = list(LABELS)
    p, r, f, n = precision_recall_fscore_support(gold, predicted, labels=labels, zero_division=0)
    return {
        "n": len(gold),
        "accuracy": round(float(accuracy_score(gold, predicted)), 4),
        "macro_f1": round(macro_f1(gold, predicted), 4),
        "kappa": round(float(cohen_kappa_score(gold, predicted, labels=labels)), 4),
        "per_class": {
            label: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4), "f1": round(float(f[i]), 4), "support": int(n[i])}
            for i, label in enumerate(labels)
        },
        "confusion": {"labels": labels, "matrix": confusion_matrix(gold, predicted, labels=labels).tolist()},
    }
