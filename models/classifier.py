"""Load a fine-tuned sentence classifier and predict labels with scores.

The model directory (models/model_dir.py) says which labels the outputs are
and which input format (models/context.py) the model was trained on; the
runtime (models/runtime.py) computes logits. Inputs are encoded with the
`tokenizers` library from the model's tokenizer.json (the same ids as the
transformers tokenizer, without importing transformers), so on the ONNX
runtimes with a cached export neither PyTorch nor transformers loads: a cold
process annotates its first article in about a second.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from sourcelens.models.model_dir import ModelDir, ModelDirError
from sourcelens.models.runtime import load_runtime, resolve
from sourcelens.records import Prediction



@dataclass
class Classifier:
    """A sequence-pair classifier over (sentence, context)."""

    model: Callable[[dict], np.ndarray]
    tokenizer: object
    model_dir: ModelDir
    runtime: str = "torch"

    @property
    def version(self) -> str:
        return self.model_dir.version

    @property
    def labels(self) -> tuple[str, ...]:
        return self.model_dir.info.labels

    @property
    def context_format(self) -> str:
        return self.model_dir.info.context

    @classmethod
    def load(cls, path: str | Path | None = None, threads: int | None = None, runtime: str = "auto") -> "Classifier":
        """Load a model directory (default: the shipped model) on `runtime` (see models/runtime.py)."""
        from tokenizers import Tokenizer

        model_dir = ModelDir.open(path)
        try:
            tokenizer = Tokenizer.from_file(str(model_dir.path / "tokenizer.json"))
        except Exception as exc:  # tokenizers raises its own Exception subclass
            raise ModelDirError(f"{model_dir.path / 'tokenizer.json'}: cannot read the tokenizer ({exc})") from None
        tokenizer.enable_truncation(model_dir.info.max_length, strategy="longest_first")
        tokenizer.enable_padding()
        classifier = cls(lambda encoded: np.zeros(0), tokenizer, model_dir, resolve(runtime))
        example = classifier.encode([("The ministry said so.", "[headline]"), ("Analysts disagree.", "")])
        classifier.model = load_runtime(model_dir, classifier.runtime, example, threads or os.cpu_count() or 1)
        return classifier

    def encode(self, batch: Sequence[tuple[str, str]]) -> dict:
        """Token ids, attention mask and segment ids of (sentence, context) pairs, padded to the longest."""
        encoded = self.tokenizer.encode_batch(list(batch))
        return {
            "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64),
        }

    def predict_pairs(self, inputs: Sequence[tuple[str, str]], batch_size: int = 64) -> list[Prediction]:
        """Label and per-label probabilities for each (sentence, context), in input order.

        Inputs are sorted by length before batching so padding stays small.
        """
        order = sorted(range(len(inputs)), key=lambda i: len(inputs[i][0]) + len(inputs[i][1]))
        results: list[Prediction | None] = [None] * len(inputs)
        labels = self.labels
        for at in range(0, len(order), batch_size):
            index = order[at : at + batch_size]
            logits = np.asarray(self.model(self.encode([inputs[i] for i in index])), dtype=np.float64)
            logits -= logits.max(axis=-1, keepdims=True)
            probs = np.exp(logits)
            probs /= probs.sum(axis=-1, keepdims=True)
            for i, row in zip(index, probs.tolist()):
                best = max(range(len(row)), key=row.__getitem__)
                results[i] = (labels[best], {labels[k]: round(p, 4) for k, p in enumerate(row)})
        return results  # type: ignore[return-value]
