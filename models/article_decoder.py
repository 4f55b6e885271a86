"""The article-level decision: a linear-chain CRF over an article's sentences.

The classifier labels each sentence from the sentence and its context
string; accounts and quotations, though, run over several sentences, and a
label depends on its neighbours' (an official account goes on until the
reporter steps in, decision 17). A CRF (python-crfsuite) reads, for each
sentence, the classifier's probabilities, the speaker tracker's reading
(who speaks, named here or continued), paragraph and quotation marks, and
the neighbours' probabilities, and decodes the most likely label sequence
for the whole article; its marginals become the scores.

It is trained by `sourcelens train` on the dev split's predictions (data
the classifier did not learn from, so its probabilities are as confident
as they will be on new articles) and saved in the model directory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from sourcelens.models.context import is_headline

from sourcelens.records import LABELS, Attribution, Prediction, Sentence

DECODER_FILE = "article_crf.crfsuite"
_OPEN_QUOTES = "\"“‘'"
_CLOSE_QUOTES = "\"”’'"


def _probs(prefix: str, prediction: Prediction) -> dict[str, float]:
    return {f"{prefix}p:{label}": float(prediction[1].get(label, 0.0)) for label in LABELS}


def features(sentences: Sequence[Sentence], rules: Sequence[Attribution], predictions: Sequence[Prediction]) -> list[dict[str, float]]:
    """One feature dict per sentence (crfsuite's item format: name -> value).

    The role classifier's probability is not a feature: on real news it cost about 0.015 macro-F1 in
    both models it was tried with (docs/benchmarks.md), though it helped the tidy test split.
    """
    out = []
    for t, (sentence, rule, prediction) in enumerate(zip(sentences, rules, predictions, strict=True)):
        text = sentence.text.strip()
        speaks = rule.label != "reporter_statement" and bool(rule.source_name)
        item = {"bias": 1.0, **_probs("", prediction)}
        item[f"hint={rule.source_type if speaks else 'none'}"] = 1.0
        item[f"how={('named' if rule.cue is not None else 'continued') if speaks else 'none'}"] = 1.0
        item["new_paragraph"] = float(t == 0 or sentences[t - 1].paragraph != sentence.paragraph)
        item["headline"] = float(is_headline(sentences, t))
        item["quote_opens"] = float(text[:1] in _OPEN_QUOTES)
        item["quote_closes"] = float(text.rstrip(".!?,")[-1:] in _CLOSE_QUOTES or text[-1:] in _CLOSE_QUOTES)
        if t > 0:
            item.update(_probs("prev:", predictions[t - 1]))
        if t + 1 < len(sentences):
            item.update(_probs("next:", predictions[t + 1]))
        out.append(item)
    return out


class ArticleDecoder:
    """A trained CRF, loaded from a model directory."""

    def __init__(self, path: Path) -> None:
        import pycrfsuite

        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(path))

    @classmethod
    def load(cls, model_dir: Path) -> ArticleDecoder | None:
        """The model's decoder, or None when the model has none (it was trained without one)."""
        path = Path(model_dir) / DECODER_FILE
        return cls(path) if path.exists() else None

    def decode(self, items: list[dict[str, float]]) -> list[Prediction]:
        """The best label sequence for one article, each with the CRF's marginal probabilities as scores."""
        if not items:
            return []
        labels = self.tagger.tag(items)
        return [(label, {k: round(self.tagger.marginal(k, t), 4) for k in LABELS}) for t, label in enumerate(labels)]


def train_decoder(sequences: Sequence[tuple[list[dict[str, float]], list[str]]], path: Path, c1: float = 0.05, c2: float = 0.05) -> Path:
    """Fit the CRF on (features, gold labels) per article and write it to `path`."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for items, labels in sequences:
        trainer.append(items, labels)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": 200, "feature.possible_transitions": True})
    trainer.train(str(path))
    return path
