"""Agreement among annotators, and between the model and the human majority.

Two annotators: Cohen's kappa (scikit-learn) on the sentences both labelled.
Any number: Krippendorff's alpha, nominal (the `krippendorff` package).
Votes are counted by sourcelens.votes (latest label per annotator, majority,
ties flagged), the same code that resolves corrections for retraining.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Mapping, Sequence

import numpy as np
from sklearn.metrics import cohen_kappa_score

from sourcelens.records import LABELS, HumanLabel
from sourcelens.votes import by_sentence, latest, majority  # one implementation, shared with retraining from corrections


def _defined(value: float) -> float | None:
    """Agreement is undefined on too little variation (one shared item, one label): say None, not NaN."""
    return None if np.isnan(value) else round(float(value), 4)


def _kappa(a: Sequence[str], b: Sequence[str]) -> float | None:
    if len(set(a) | set(b)) < 2:
        return None
    return _defined(cohen_kappa_score(a, b, labels=list(LABELS)))


def inter_annotator(labels: Sequence[HumanLabel]) -> dict:
    """Cohen's kappa for two annotators, Krippendorff's alpha for any number."""
    import krippendorff

    table = by_sentence(labels)
    annotators = sorted({a for votes in table.values() for a in votes})
    shared = {s: v for s, v in table.items() if len(v) >= 2}
    result: dict = {"annotators": len(annotators), "sentences": len(table), "sentences_with_2_or_more": len(shared)}
    if len(annotators) == 2 and shared:
        a, b = annotators
        pairs = [(v[a], v[b]) for v in shared.values() if a in v and b in v]
        result["cohen_kappa"] = _kappa([x for x, _ in pairs], [y for _, y in pairs])
    if len(annotators) >= 2 and shared:
        matrix = np.full((len(annotators), len(shared)), np.nan)
        for j, votes in enumerate(shared.values()):
            for i, annotator in enumerate(annotators):
                if annotator in votes:
                    matrix[i, j] = LABELS.index(votes[annotator])
        # value_domain keeps alpha defined when the shared items use few of the labels
        with np.errstate(invalid="ignore", divide="ignore"):
            alpha = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal", value_domain=list(range(len(LABELS))))
        result["krippendorff_alpha"] = _defined(alpha)
    return result


def model_vs_majority(predicted: Mapping[str, str], labels: Sequence[HumanLabel]) -> dict:
    """How often the model agrees with the human majority (ties left out), and Cohen's kappa."""
    gold = {s: m for s, m in majority(labels).items() if m is not None and s in predicted}
    if not gold:
        return {"sentences": 0}
    ids = sorted(gold)
    g, p = [gold[s] for s in ids], [predicted[s] for s in ids]
    return {
        "sentences": len(ids),
        "agreement": round(sum(x == y for x, y in zip(g, p)) / len(ids), 4),
        "cohen_kappa": _kappa(g, p),
    }


def acceptance_rate(labels: Iterable[HumanLabel]) -> dict[str, dict]:
    """Per model_version shown: share of pre-annotations accepted unchanged.

    An annotation updated after a pull is in two snapshots; only its newest version counts
    (the newest label per annotator and sentence, as for agreement and training).
    """
    shown: dict[str, list[bool]] = defaultdict(list)
    for item in latest(labels).values():
        if item.accepted is not None:
            shown[item.shown_model_version or "unknown"].append(item.accepted)
    return {v: {"shown": len(flags), "accepted": sum(flags), "rate": round(sum(flags) / len(flags), 4)} for v, flags in sorted(shown.items())}
