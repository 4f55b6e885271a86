"""Backends that label sentences: the rules baseline and a fine-tuned model.

Both take a chunk of articles (each a list of sentences) at once, so the model
batches across article boundaries. The rules always run: they supply source
and cue spans and signals, and their label becomes the baseline column.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from sourcelens.annotate.attribution import RULES_VERSION, annotate_article
from sourcelens.records import Attribution, Sentence


class Backend(Protocol):
    version: str

    def attribute(self, articles: list[list[Sentence]]) -> list[list[Attribution]]:
        """One attribution per sentence, article by article."""
        ...


class RulesBackend:
    version = RULES_VERSION

    def attribute(self, articles: list[list[Sentence]]) -> list[list[Attribution]]:
        return [annotate_article(sentences) for sentences in articles]


class ModelBackend:
    """The classifier's label and scores over the rules' spans and signals."""

    def __init__(self, model_path: str | Path | None = None, batch_size: int = 64, runtime: str = "auto", threads: int | None = None) -> None:
        """`threads`: inference threads (PyTorch and ONNX Runtime); default one per core."""
        from sourcelens.models.classifier import Classifier

        self.classifier = Classifier.load(model_path, threads=threads, runtime=runtime)
        self.version = self.classifier.version
        self.batch_size = batch_size
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sourcelens-rules")

    def attribute(self, articles: list[list[Sentence]]) -> list[list[Attribution]]:
        # The rules run on a worker thread while the forward pass (which releases the GIL) runs here.
        pending = self._pool.submit(lambda: [annotate_article(sentences) for sentences in articles])
        scores = self.classifier.predict_articles(articles, batch_size=self.batch_size)
        rules = pending.result()
        flat = [s for sentences in articles for s in sentences]
        out: list[list[Attribution]] = []
        at = 0
        for article_rules in rules:
            merged = []
            for rule in article_rules:
                label, probs = scores[at]
                at += 1
                merged.append(_merge(rule, label, probs))
            out.append(merged)
        assert at == len(flat)
        return out


def _merge(rule: Attribution, label: str, scores: dict[str, float]) -> Attribution:
    if label == "reporter_statement":
        signals = replace(rule.signals, named_source=None)  # no speaker, so nothing to be named or not
        return replace(rule, label=label, scores=scores, source=None, source_name=None, source_type=None, cue=None, signals=signals, baseline_label=rule.label)
    return replace(rule, label=label, scores=scores, baseline_label=rule.label)


def get_backend(name: str = "auto", model: str | Path | None = None, runtime: str = "auto", threads: int | None = None) -> Backend:
    """`rules`, `model`, or `auto` (the model when one is installed, else rules); `threads` as in ModelBackend."""
    if name == "rules":
        return RulesBackend()
    if name == "model" or model is not None:
        return ModelBackend(model, runtime=runtime, threads=threads)
    from sourcelens.models.classifier import default_model_path

    return ModelBackend(runtime=runtime, threads=threads) if default_model_path() is not None else RulesBackend()
