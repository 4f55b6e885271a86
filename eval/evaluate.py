"""Score backends against gold labels, side by side on the same sentences."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from sourcelens.annotate.backends import Backend
from sourcelens.eval.metrics import classification_scores
from sourcelens.records import Attribution, GoldArticle


@dataclass
class Evaluation:
    name: str
    scores: dict
    predictions: list[Attribution]


def predict(backend: Backend, articles: Sequence[GoldArticle], chunk: int = 64) -> list[Attribution]:
    """The backend's attributions for the gold sentences (gold segmentation kept)."""
    out: list[Attribution] = []
    for at in range(0, len(articles), chunk):
        batch = [[g.sentence for g in a.sentences] for a in articles[at : at + chunk]]
        for attributions in backend.attribute(batch):
            out.extend(attributions)
    return out


def evaluate(backend: Backend, articles: Sequence[GoldArticle], name: str | None = None) -> Evaluation:
    predictions = predict(backend, articles)
    gold = [g.label for a in articles for g in a.sentences]
    return Evaluation(name or backend.version, classification_scores(gold, [p.label for p in predictions]), predictions)


def test_articles() -> list[GoldArticle]:
    """The frozen test split of the project corpus."""
    from sourcelens.training.corpus import load_corpus
    from sourcelens.training.datasets import frozen_splits

    articles = load_corpus()
    split = frozen_splits(articles)
    return [a for a in articles if split[a.article.id] == "test"]


def side_by_side(evaluations: Sequence[Evaluation]) -> str:
    """A Markdown table of macro-F1 and per-class P/R/F1 for each evaluation."""
    from sourcelens.records import LABELS

    head = "| metric | " + " | ".join(e.name for e in evaluations) + " |"
    rows = [head, "|---" * (len(evaluations) + 1) + "|"]
    rows.append("| macro-F1 | " + " | ".join(f"**{e.scores['macro_f1']:.3f}**" for e in evaluations) + " |")
    rows.append("| accuracy | " + " | ".join(f"{e.scores['accuracy']:.3f}" for e in evaluations) + " |")
    for label in LABELS:
        for metric in ("precision", "recall", "f1"):
            rows.append(f"| {label} {metric} | " + " | ".join(f"{e.scores['per_class'][label][metric]:.3f}" for e in evaluations) + " |")
    return "\n".join(rows)
