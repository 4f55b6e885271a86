"""Score backends against gold labels, side by side on the same sentences."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from sourcelens.annotate.backends import Backend
from sourcelens.annotate.pipeline import attribute
from sourcelens.eval.metrics import classification_scores
from sourcelens.eval.signals import SIGNAL_NAMES, signal_scores
from sourcelens.eval.spans import span_scores
from sourcelens.eval.speakers import speaker_accuracy
from sourcelens.eval.stats import bootstrap_macro_f1, calibration
from sourcelens.records import Attribution, GoldArticle, GoldSentence


@dataclass
class Evaluation:
    name: str
    gold: list[GoldSentence]
    predictions: list[Attribution]
    scores: dict = field(default_factory=dict)

    @property
    def predicted_labels(self) -> list[str]:
        return [p.label for p in self.predictions]

    @property
    def gold_labels(self) -> list[str]:
        return [g.label for g in self.gold]


def predict(backend: Backend, articles: Sequence[GoldArticle], chunk: int = 64) -> list[Attribution]:
    """The backend's attributions for the gold sentences (gold segmentation kept)."""
    out: list[Attribution] = []
    for at in range(0, len(articles), chunk):
        part = articles[at : at + chunk]
        for attributions in attribute(backend, [a.article for a in part], [[g.sentence for g in a.sentences] for a in part]):
            out.extend(attributions)
    return out


def evaluate(backend: Backend, articles: Sequence[GoldArticle], name: str | None = None, bootstrap: int = 1000, seed: int = 13) -> Evaluation:
    """Labels, a bootstrap CI for macro-F1, calibration and span scores for one backend."""
    return scored(name or backend.version, [g for a in articles for g in a.sentences], predict(backend, articles), bootstrap, seed)


def scored(name: str, gold: list[GoldSentence], predictions: list[Attribution], bootstrap: int = 1000, seed: int = 13) -> Evaluation:
    """An Evaluation of predictions against gold sentences (the same scores whatever produced them)."""
    labels = [g.label for g in gold]
    predicted = [p.label for p in predictions]
    scores = classification_scores(labels, predicted)
    scores["macro_f1_ci"] = bootstrap_macro_f1(labels, predicted, samples=bootstrap, seed=seed).as_dict()
    scores["calibration"] = calibration(labels, predicted, [max(p.scores.values()) for p in predictions])
    scores["speakers"] = speaker_accuracy(gold, predictions)
    scores["signals"] = signal_scores(gold, predictions)
    scores["spans"] = {
        "source": span_scores([g.source for g in gold], [p.source for p in predictions]),
        "cue": span_scores([g.cue for g in gold], [p.cue for p in predictions]),
    }
    return Evaluation(name, gold, predictions, scores)


def side_by_side(evaluations: Sequence[Evaluation]) -> str:
    """A Markdown table of macro-F1 (with CI) and per-class P/R/F1 for each evaluation."""
    from sourcelens.records import LABELS

    rows = ["| metric | " + " | ".join(e.name for e in evaluations) + " |", "|---" * (len(evaluations) + 1) + "|"]
    ci = [e.scores["macro_f1_ci"] for e in evaluations]
    rows.append("| macro-F1 (95% CI) | " + " | ".join(f"**{e.scores['macro_f1']:.3f}** ({c['low']:.3f}-{c['high']:.3f})" for e, c in zip(evaluations, ci)) + " |")
    rows.append("| accuracy | " + " | ".join(f"{e.scores['accuracy']:.3f}" for e in evaluations) + " |")
    rows.append("| Cohen's kappa vs gold | " + " | ".join(f"{e.scores['kappa']:.3f}" for e in evaluations) + " |")
    rows.append("| ECE | " + " | ".join(f"{e.scores['calibration']['ece']:.3f}" for e in evaluations) + " |")
    for label in LABELS:
        cells = [e.scores["per_class"][label] for e in evaluations]
        rows.append(f"| {label} P / R / F1 | " + " | ".join(f"{c['precision']:.3f} / {c['recall']:.3f} / {c['f1']:.3f}" for c in cells) + " |")
    rows.append("| speaker accuracy (source_name) | " + " | ".join(f"{e.scores['speakers']['accuracy']:.3f} (n={e.scores['speakers']['n']})" for e in evaluations) + " |")
    for span in ("source", "cue"):
        cells = [e.scores["spans"][span] for e in evaluations]
        rows.append(f"| {span} span F1 exact / overlap | " + " | ".join(f"{c['exact']['f1']:.3f} / {c['overlap']['f1']:.3f}" for c in cells) + " |")
    signals = evaluations[0].scores.get("signals") if evaluations else None
    if signals and signals["n"]:
        for name in SIGNAL_NAMES:
            gold = signals["per_signal"][name]["gold"]
            cells = [e.scores["signals"]["per_signal"][name] for e in evaluations]
            rows.append(f"| signal {name} P / R / F1 (gold {gold} of {signals['n']}) | " + " | ".join(f"{c['precision']:.3f} / {c['recall']:.3f} / {c['f1']:.3f}" for c in cells) + " |")
    return "\n".join(rows)


def signal_note(evaluations: Sequence[Evaluation]) -> str:
    """One line saying over which sentences the signal rows were scored."""
    signals = evaluations[0].scores.get("signals") if evaluations else None
    if not signals or not signals["n"]:
        return "signals: no sentence of this data carries signal annotations; not scored"
    return f"signals scored on the {signals['n']} sentences ({signals['articles']} articles) that carry signal annotations"
