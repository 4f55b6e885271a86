"""Load a fine-tuned sentence classifier and predict labels with scores.

A model directory (written by `sourcelens train`) holds the transformers
config and weights (safetensors, possibly fp16), the tokenizer, and
`sourcelens.json` with the model's version name, base model and settings.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Sequence

from sourcelens.models.context import pairs
from sourcelens.models.labels import ID2LABEL
from sourcelens.models.runtime import load_runtime, resolve
from sourcelens.records import Sentence

DEFAULT_DIR = Path(str(resources.files("sourcelens.models"))) / "default"
MODEL_INFO = "sourcelens.json"


def default_model_path() -> Path | None:
    """The shipped default model, when this install has one."""
    return DEFAULT_DIR if (DEFAULT_DIR / MODEL_INFO).exists() else None


class ModelNotFound(FileNotFoundError):
    pass


def resolve_model_dir(path: str | Path | None = None) -> Path:
    """`path`, or the shipped default, checked to hold a sourcelens model (ModelNotFound otherwise)."""
    directory = Path(path) if path is not None else default_model_path()
    if directory is None:
        raise ModelNotFound("no default model is installed; pass --model DIR or use --backend rules")
    if not (directory / MODEL_INFO).exists():
        raise ModelNotFound(f"{directory} is not a sourcelens model directory (no {MODEL_INFO})")
    return directory


@dataclass
class Classifier:
    """A sequence-pair classifier over (sentence, context)."""

    model: object
    tokenizer: object
    version: str
    max_length: int = 160
    runtime: str = "torch"

    @classmethod
    def load(cls, path: str | Path | None = None, threads: int | None = None, runtime: str = "auto") -> "Classifier":
        """Load a model directory (default: the shipped model) on `runtime` (see models/runtime.py)."""
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # our own bar is the one a user should see

        directory = resolve_model_dir(path)
        info = json.loads((directory / MODEL_INFO).read_text(encoding="utf-8"))
        threads = threads or os.cpu_count() or 1
        torch.set_num_threads(threads)
        model = AutoModelForSequenceClassification.from_pretrained(directory, dtype=torch.float32)
        model.eval()
        tokenizer = AutoTokenizer.from_pretrained(directory)
        classifier = cls(model, tokenizer, info["version"], int(info.get("max_length", 160)), resolve(runtime))
        example = classifier.encode([("The ministry said so.", "[headline]"), ("Analysts disagree.", "")])
        classifier.model = load_runtime(model, directory, classifier.runtime, dict(example), threads)
        return classifier

    def encode(self, batch: Sequence[tuple[str, str]]):
        return self.tokenizer(
            [a for a, _ in batch], [b for _, b in batch], truncation="longest_first", max_length=self.max_length, padding=True, return_tensors="pt"
        )

    def predict_pairs(self, inputs: Sequence[tuple[str, str]], batch_size: int = 64) -> list[tuple[str, dict[str, float]]]:
        """Label and per-label probabilities for each (sentence, context), in input order.

        Inputs are sorted by length before batching so padding stays small.
        """
        import torch

        order = sorted(range(len(inputs)), key=lambda i: len(inputs[i][0]) + len(inputs[i][1]))
        results: list[tuple[str, dict[str, float]] | None] = [None] * len(inputs)
        with torch.inference_mode():
            for at in range(0, len(order), batch_size):
                index = order[at : at + batch_size]
                logits = self.model(**self.encode([inputs[i] for i in index])).logits
                probs = torch.softmax(logits.float(), dim=-1).tolist()
                for i, row in zip(index, probs):
                    best = max(range(len(row)), key=row.__getitem__)
                    results[i] = (ID2LABEL[best], {ID2LABEL[k]: round(p, 4) for k, p in enumerate(row)})
        return results  # type: ignore[return-value]

    def predict_articles(self, articles: Sequence[Sequence[Sentence]], batch_size: int = 64) -> list[tuple[str, dict[str, float]]]:
        """Predictions for every sentence of every article, flattened in order."""
        return self.predict_pairs([p for sentences in articles for p in pairs(sentences)], batch_size)
