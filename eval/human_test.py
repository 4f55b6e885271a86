"""Before / after on human-corrected sentences: models scored on the human test split.

The frozen test split holds corpus articles only, so it cannot show whether
people's corrections took effect. `train --corrections` holds a share of the
human-labelled articles out of training (corpus/human_splits.py); here every
model is scored on those sentences against the people's label (the majority
of the newest label per annotator; ties are left out, never guessed).

A snapshot holds sentences, not whole articles, so each model reads a
sentence with the context it was pushed to Label Studio with (the input the
annotator's task was built from); the article CRF, which decodes whole
articles, is not applied. The rules (which give every backend its source and
cue spans) read the sentence after the previous sentence that context names.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

from sourcelens.annotate.attribution import annotate_article
from sourcelens.annotate.backends import Backend, ModelBackend, merge
from sourcelens.corpus.human_splits import HumanSplit, article_of
from sourcelens.eval.evaluate import Evaluation, scored
from sourcelens.eval.stats import mcnemar, paired_bootstrap_difference
from sourcelens.models.context import EARLIER, HEADLINE, NEW_PARAGRAPH
from sourcelens.records import LABELS, GoldSentence, HumanLabel, Sentence
from sourcelens.votes import resolve


@dataclass
class HumanTest:
    """The human test split's sentences and every model's scores on them."""

    split_file: Path
    articles: list[str]
    gold: list[HumanLabel]
    """The standing label (majority) of each held-out sentence, in sentence-id order."""
    ties: int
    evaluations: list[Evaluation]

    def comparisons(self, bootstrap: int = 1000, seed: int = 13) -> list[dict]:
        """The first model against each other one: the macro-F1 difference (paired bootstrap) and McNemar's test."""
        if len(self.evaluations) < 2 or not self.gold:
            return []
        gold = [h.label for h in self.gold]
        first = self.evaluations[0]
        return [
            {
                "a": first.name,
                "b": other.name,
                "macro_f1_difference": paired_bootstrap_difference(gold, first.predicted_labels, other.predicted_labels, bootstrap, seed),
                "mcnemar": mcnemar(gold, first.predicted_labels, other.predicted_labels),
            }
            for other in self.evaluations[1:]
        ]

    def to_json(self, bootstrap: int = 1000, seed: int = 13) -> dict:
        return {
            "split_file": str(self.split_file),
            "articles": self.articles,
            "sentences": len(self.gold),
            "ties_left_out": self.ties,
            "how": "each model reads the sentence with the context it was pushed with; no article CRF",
            "models": {e.name: {k: e.scores[k] for k in ("n", "accuracy", "macro_f1", "macro_f1_ci", "kappa", "per_class", "confusion", "spans")} for e in self.evaluations},
            "comparisons": self.comparisons(bootstrap, seed),
            "rows": [{"id": h.sentence_id, "text": h.text, "gold": h.label, **{e.name: p.label for e in self.evaluations for p in [e.predictions[i]]}}
                     for i, h in enumerate(self.gold)],
        }


def _gold(human: HumanLabel) -> GoldSentence:
    article, _, index = human.sentence_id.rpartition("#")
    sentence = Sentence(article or human.sentence_id, int(index) if index.isdigit() else 0, 0, 0, len(human.text), human.text)
    return GoldSentence(sentence, human.label, human.source, None, human.cue)


def _with_previous(human: HumanLabel, sentence: Sentence) -> list[Sentence]:
    """The sentence after the previous sentence its pushed context names (so the rules neither take it for a
    headline nor lose a pronoun's speaker); alone when the context names none (a headline, an article's start)."""
    context = human.context.strip()
    if not context or context == HEADLINE or (context.startswith("[") and not context.startswith(NEW_PARAGRAPH)):
        return [sentence]  # a headline, an article's first sentence, or a speaker-format context: no previous sentence to read
    new_paragraph = context.startswith(NEW_PARAGRAPH)
    previous = context.split(f" {EARLIER} ")[0].removeprefix(NEW_PARAGRAPH).strip()  # previous-two: the nearer sentence comes first
    before = Sentence(sentence.article_id, sentence.index - 1, 0, 0, len(previous), previous)
    return [before, replace(sentence, paragraph=1 if new_paragraph else 0)]


def predict_in_context(backend: Backend, labels: Sequence[HumanLabel]) -> list:
    """One attribution per labelled sentence: the rules on the sentence after its previous one, the model's label
    from (sentence, pushed context)."""
    rules = [annotate_article(_with_previous(h, _gold(h).sentence))[-1] for h in labels]
    if not isinstance(backend, ModelBackend):
        return rules
    predictions = backend.classifier.predict_pairs([(h.text, h.context) for h in labels], backend.batch_size)
    return [merge(rule, label, scores) for rule, (label, scores) in zip(rules, predictions)]


def human_test(backends: Sequence[Backend], labels: Sequence[HumanLabel], split: HumanSplit, bootstrap: int = 1000, seed: int = 13) -> HumanTest:
    """Every backend scored on the human test split of `labels` (see the module docstring)."""
    resolved = resolve(labels)
    newest = {h.sentence_id: h for h in labels}  # any version: a tie (None) still needs its text to be placed
    held = {sid: h for sid, h in resolved.items() if split.is_test(h or newest[sid])}
    gold = [held[sid] for sid in sorted(held) if held[sid] is not None]
    evaluations = []
    for backend in backends:
        predictions = predict_in_context(backend, gold)
        evaluations.append(scored(backend.version, [_gold(h) for h in gold], predictions, bootstrap, seed) if gold else Evaluation(backend.version, [], [], {}))
    articles = sorted({article_of(sid) for sid in held})
    return HumanTest(split.path, articles, gold, sum(1 for h in held.values() if h is None), evaluations)


def human_test_table(result: HumanTest) -> str:
    """A Markdown table: each model's macro-F1 (CI), accuracy and per-class F1 on the human test split."""
    head = (f"before / after on human-corrected sentences: the human test split, {len(result.gold)} sentences in "
            f"{len(result.articles)} article{'s' if len(result.articles) != 1 else ''} held out of training ({result.split_file})")
    if not result.gold:
        return head + "\nno human-labelled sentence is in the human test split yet (it fills as people label articles outside the corpus)"
    evaluations = result.evaluations
    rows = [head, "", "| metric | " + " | ".join(e.name for e in evaluations) + " |", "|---" * (len(evaluations) + 1) + "|"]
    rows.append("| macro-F1 (95% CI) | " + " | ".join(
        f"**{e.scores['macro_f1']:.3f}** ({e.scores['macro_f1_ci']['low']:.3f}-{e.scores['macro_f1_ci']['high']:.3f})" for e in evaluations) + " |")
    rows.append("| accuracy | " + " | ".join(f"{e.scores['accuracy']:.3f} ({round(e.scores['accuracy'] * e.scores['n'])}/{e.scores['n']})" for e in evaluations) + " |")
    for label in LABELS:
        rows.append(f"| {label} F1 (n={evaluations[0].scores['per_class'][label]['support']}) | " + " | ".join(f"{e.scores['per_class'][label]['f1']:.3f}" for e in evaluations) + " |")
    rows.append("| source span F1, overlap | " + " | ".join(f"{e.scores['spans']['source']['overlap']['f1']:.3f}" for e in evaluations) + " |")
    lines = ["\n".join(rows), "(each model reads the sentence with the context it was pushed with; the article CRF is not applied"
             + (f"; {result.ties} tied sentences left out" if result.ties else "") + ")"]
    for c in result.comparisons():
        d, m = c["macro_f1_difference"], c["mcnemar"]
        lines.append(f"- {c['a']} vs {c['b']}: macro-F1 {d['estimate']:+.3f} (95% CI {d['low']:+.3f} to {d['high']:+.3f}); "
                     f"{m['only_a_correct']} sentences only {c['a']} gets right, {m['only_b_correct']} only {c['b']} (McNemar p = {m['p_value']:.3g})")
    return "\n".join(lines)
