"""Model soups: one classifier whose weights are the average of several fine-tuned from the same base.

Why: two fine-tuning runs of the same base that differ in seed or data disagree most on text unlike the
corpus (real news), and averaging their weights keeps what they share (Wortsman et al., 2022, "Model
soups"; Wortsman et al., 2022, "Robust fine-tuning of zero-shot models"), at one model's inference cost,
where an ensemble would run every member. The article CRF reads the classifier's probabilities, so a soup
gets its own, fitted on the dev split's predictions as `sourcelens train` fits one; the figures it is kept
or rejected on are in docs/benchmarks.md.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

from sourcelens.models.model_dir import ModelDir, ModelInfo
from sourcelens.training.model_card import write_model_card

WEIGHTS_FILE = "model.safetensors"
COPIED = ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")
"""Files taken from the first ingredient: the architecture and the tokenizer, which every ingredient shares."""


class SoupError(ValueError):
    """Models that cannot be averaged; the message names the model and what differs."""


def check_ingredients(models: Sequence[ModelDir]) -> None:
    """Averaging weights only makes sense for models fine-tuned from one base, reading one input format."""
    if len(models) < 2:
        raise SoupError("a soup needs at least two models")
    first = models[0]
    for other in models:
        for field in ("base", "context", "max_length", "labels"):
            a, b = getattr(first.info, field), getattr(other.info, field)
            if a != b:
                raise SoupError(f"{other.path}: its {field} is {b!r}, {first.path}'s is {a!r}; only models of one base and input format can be averaged")
        if not (other.path / WEIGHTS_FILE).exists():
            raise SoupError(f"{other.path}: no {WEIGHTS_FILE}")


def average_weights(models: Sequence[ModelDir], weights: Sequence[float] | None = None) -> dict:
    """The weighted mean of the models' tensors (fp32 sums, saved in the first model's dtype)."""
    from safetensors.torch import load_file

    weights = list(weights) if weights is not None else [1.0] * len(models)
    if len(weights) != len(models) or any(w < 0 for w in weights) or not sum(weights):
        raise SoupError(f"give one non-negative weight per model ({len(models)}), not all zero: got {weights}")
    total = sum(weights)
    mean: dict = {}
    dtypes: dict = {}
    for model, weight in zip(models, weights):
        tensors = load_file(str(model.path / WEIGHTS_FILE))
        if mean and set(tensors) != set(mean):
            raise SoupError(f"{model.path}: its tensors differ from {models[0].path}'s (another architecture)")
        for name, tensor in tensors.items():
            if name in mean and tensor.shape != mean[name].shape:
                raise SoupError(f"{model.path}: tensor {name} has shape {tuple(tensor.shape)}, {models[0].path}'s {tuple(mean[name].shape)}")
            dtypes.setdefault(name, tensor.dtype)
            mean[name] = mean.get(name, 0) + tensor.float() * (weight / total)
    return {name: tensor.to(dtypes[name]) for name, tensor in mean.items()}


def _fingerprint(models: Sequence[ModelDir], fingerprints: Sequence[str | None], weights: Sequence[float]) -> str:
    digest = hashlib.sha256()
    for model, fingerprint, weight in zip(models, fingerprints, weights):
        digest.update(f"{fingerprint or model.version}\t{model.digest}\t{weight}\n".encode())
    return digest.hexdigest()[:16]


def make_soup(models: Sequence[str | Path], out: str | Path, dataset, weights: Sequence[float] | None = None, name: str | None = None,
              runtimes: tuple[str, ...] = ("torch", "onnx-int8")) -> dict:
    """Write the averaged model to `out`, fit its article CRF on dataset['dev'], score it; returns its metrics."""
    import torch
    from safetensors.torch import save_file
    from sourcelens.training.train import fit_and_score

    started = time.time()
    ingredients = [ModelDir.open(m) for m in models]
    check_ingredients(ingredients)
    target = Path(out)
    if target.resolve() in {m.path.resolve() for m in ingredients}:
        raise SoupError(f"{target}: the soup must go to a new directory, not over one of its ingredients")
    weights = list(weights) if weights is not None else [1.0] * len(ingredients)
    averaged = average_weights(ingredients, weights)
    target.mkdir(parents=True, exist_ok=True)
    first = ingredients[0]
    for file in COPIED:
        if (first.path / file).exists():
            shutil.copy(first.path / file, target / file)
    save_file(averaged, str(target / WEIGHTS_FILE), metadata={"format": "pt"})
    info = ModelInfo(version=name or target.name, base=first.info.base, base_package=first.info.base_package, base_version=first.info.base_version,
                     max_length=first.info.max_length, context=first.info.context)
    info.save(target)
    (target / "article_crf.crfsuite").unlink(missing_ok=True)  # a stale CRF from an earlier soup in the same folder
    scores, by_runtime, scored = fit_and_score(target, dataset, True, runtimes)
    recorded = [m.metrics() for m in ingredients]  # read once each
    fingerprints = [r.get("data_fingerprint") for r in recorded]
    first_metrics = recorded[0]
    metrics = {
        "version": info.version,
        "base_model": first.info.base,
        "base_package": first_metrics.get("base_package", f"{first.info.base_package}=={first.info.base_version}"),
        "data_fingerprint": _fingerprint(ingredients, fingerprints, weights),
        "soup": [{"from": m.version, "path": str(m.path), "data_fingerprint": f, "weight": w} for m, f, w in zip(ingredients, fingerprints, weights)],
        "data_sources": first_metrics.get("data_sources", []),
        "corrections": None,
        "rows": {"dev": len(dataset["dev"]), "test": len(dataset["test"])},
        "run_seconds": round(time.time() - started, 1),
        "config": {"context": info.context, "article_decoder": True, "half": next(iter(averaged.values())).dtype == torch.float16},
        "scored_runtime": scored,
        "dev": scores[scored]["dev"],
        "test": scores[scored]["test"],
        "macro_f1_by_runtime": by_runtime,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    ModelDir(target, info).save_metrics(metrics)
    write_model_card(target, metrics)
    return metrics
