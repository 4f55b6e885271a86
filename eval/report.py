"""The evaluation report: metrics.json, a Markdown summary, and one self-contained HTML page.

The HTML embeds its figures as PNG data URIs and its CSS inline, so it opens
offline and can be mailed or attached to a pull request as a single file.
"""

from __future__ import annotations

import csv
import json
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Sequence

from jinja2 import Environment, PackageLoader, select_autoescape

from sourcelens.eval import plots
from sourcelens.eval.agreement import acceptance_rate, inter_annotator, model_vs_majority
from sourcelens.eval.evaluate import Evaluation, side_by_side, signal_note
from sourcelens.eval.human_test import HumanTest, human_test_table
from sourcelens.eval.metrics import classification_scores
from sourcelens.eval.stats import mcnemar, paired_bootstrap_difference
from sourcelens.records import LABELS, GoldArticle, HumanLabel

MAX_ROWS = 60
"""Rows per error group and per disagreement list shown in the HTML (all go to errors.csv)."""


def _contexts(articles: Sequence[GoldArticle]) -> list[dict]:
    """Per gold sentence, in evaluation order: headline, previous sentence, article metadata."""
    out = []
    for gold in articles:
        for position, g in enumerate(gold.sentences):
            out.append(
                {
                    "id": g.sentence.id,
                    "article_id": gold.article.id,
                    "headline": gold.article.title,
                    "previous": gold.sentences[position - 1].sentence.text if position else "",
                    "text": g.sentence.text,
                    "topic": gold.article.metadata.get("topic", ""),
                    "outlet": gold.article.metadata.get("outlet", ""),
                }
            )
    return out


def errors(evaluation: Evaluation, contexts: list[dict]) -> dict[str, list[dict]]:
    """Misclassified sentences grouped by 'gold -> predicted', largest group first."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for ctx, g, p in zip(contexts, evaluation.gold, evaluation.predictions):
        if g.label != p.label:
            groups[f"{g.label} -> {p.label}"].append(
                {**ctx, "gold": g.label, "predicted": p.label, "scores": p.scores, "signals": ", ".join(p.signals.names())}
            )
    return dict(sorted(groups.items(), key=lambda kv: -len(kv[1])))


def breakdown(evaluation: Evaluation, contexts: list[dict], key: str) -> list[dict]:
    """Accuracy and macro-F1 per topic, outlet or article."""
    buckets: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for ctx, g, p in zip(contexts, evaluation.gold, evaluation.predictions):
        gold, pred = buckets[ctx[key] or "(none)"]
        gold.append(g.label)
        pred.append(p.label)
    rows = []
    for name, (gold, pred) in sorted(buckets.items()):
        scores = classification_scores(gold, pred)
        rows.append({"name": name, "n": len(gold), "accuracy": scores["accuracy"], "macro_f1": scores["macro_f1"]})
    return rows


def compare(a: Evaluation, b: Evaluation, contexts: list[dict], bootstrap: int, seed: int) -> dict:
    gold = a.gold_labels
    disagreements = [
        {**ctx, "gold": g, "a": x, "b": y}
        for ctx, g, x, y in zip(contexts, gold, a.predicted_labels, b.predicted_labels)
        if x != y
    ]
    return {
        "a": a.name,
        "b": b.name,
        "macro_f1_difference": paired_bootstrap_difference(gold, a.predicted_labels, b.predicted_labels, bootstrap, seed),
        "mcnemar": mcnemar(gold, a.predicted_labels, b.predicted_labels),
        "disagreements": len(disagreements),
        "disagreement_rows": disagreements,
    }


def human_section(evaluations: Sequence[Evaluation], contexts: list[dict], labels: Sequence[HumanLabel]) -> dict:
    """Inter-annotator agreement, each model against the human majority, and acceptance rates."""
    ids = [c["id"] for c in contexts]
    return {
        "inter_annotator": inter_annotator(labels),
        "model_vs_majority": {e.name: model_vs_majority(dict(zip(ids, e.predicted_labels)), labels) for e in evaluations},
        "acceptance_rate": acceptance_rate(labels),
    }


def _summary(evaluations: Sequence[Evaluation], comparisons: list[dict], data_name: str) -> str:
    lines = [f"## sourcelens evaluation: {data_name}", "", side_by_side(evaluations), "", signal_note(evaluations) + ".", ""]
    for c in comparisons:
        d, m = c["macro_f1_difference"], c["mcnemar"]
        lines.append(
            f"- **{c['a']} vs {c['b']}**: macro-F1 difference {d['estimate']:+.3f} (95% CI {d['low']:+.3f} to {d['high']:+.3f}); "
            f"McNemar p = {m['p_value']:.3g} ({m['only_a_correct']} sentences only {c['a']} gets right, {m['only_b_correct']} only {c['b']}); "
            f"they disagree on {c['disagreements']} sentences."
        )
    return "\n".join(lines) + "\n"


def write_report(
    evaluations: Sequence[Evaluation],
    articles: Sequence[GoldArticle],
    out_dir: str | Path,
    data_name: str = "frozen test split",
    human: Sequence[HumanLabel] | None = None,
    bootstrap: int = 1000,
    seed: int = 13,
    human_test: HumanTest | None = None,
) -> dict:
    """Write report.html, metrics.json, summary.md and errors-<model>.csv; returns the metrics.

    `human_test` (eval/human_test.py): the models on the human test split, shown beside the frozen test.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    contexts = _contexts(articles)
    comparisons = [compare(a, b, contexts, bootstrap, seed) for a, b in combinations(evaluations, 2)]
    per_model = {}
    for e in evaluations:
        groups = errors(e, contexts)
        per_model[e.name] = {"scores": e.scores, "errors": groups, "topics": breakdown(e, contexts, "topic"), "outlets": breakdown(e, contexts, "outlet"), "articles": breakdown(e, contexts, "article_id")}
        with open(out / f"errors-{e.name}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=["id", "gold", "predicted", "text", "previous", "headline", "topic", "outlet", "signals", "scores"])
            writer.writeheader()
            for rows in groups.values():
                writer.writerows({k: (json.dumps(r[k]) if k == "scores" else r[k]) for k in writer.fieldnames} for r in rows)
    human_metrics = human_section(evaluations, contexts, human) if human else None
    metrics = {
        "data": {"name": data_name, "articles": len(articles), "sentences": len(contexts)},
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "bootstrap": {"samples": bootstrap, "seed": seed},
        "models": {name: m["scores"] for name, m in per_model.items()},
        "comparisons": [{k: v for k, v in c.items() if k != "disagreement_rows"} for c in comparisons],
        "human": human_metrics,
        "human_test": human_test.to_json(bootstrap, seed) if human_test is not None else None,
    }
    (out / "metrics.json").write_text(json.dumps(metrics, indent=1), encoding="utf-8")
    summary = _summary(evaluations, comparisons, data_name)
    if human_test is not None:
        summary += "\n## " + human_test_table(human_test) + "\n"
    (out / "summary.md").write_text(summary, encoding="utf-8")

    figures = {
        "confusion": {e.name: plots.confusion(e.name, e.scores["confusion"]["matrix"]) for e in evaluations},
        "reliability": plots.reliability({e.name: e.scores["calibration"] for e in evaluations}),
        "per_class": plots.grouped_bars("F1 per class", [plots.SHORT[l] for l in LABELS], {e.name: [e.scores["per_class"][l]["f1"] for l in LABELS] for e in evaluations}, "F1"),
        "topics": plots.grouped_bars("macro-F1 per topic", [t["name"] for t in per_model[evaluations[0].name]["topics"]], {name: [t["macro_f1"] for t in m["topics"]] for name, m in per_model.items()}, "macro-F1"),
    }
    env = Environment(loader=PackageLoader("sourcelens.eval", "templates"), autoescape=select_autoescape(["html", "j2"]))
    page = env.get_template("report.html.j2").render(
        metrics=metrics, per_model=per_model, comparisons=comparisons, figures=figures, labels=LABELS, max_rows=MAX_ROWS, summary_table=side_by_side(evaluations)
    )
    (out / "report.html").write_text(page, encoding="utf-8")
    return metrics
