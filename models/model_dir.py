"""The model directory: one owner for what `sourcelens train` writes and what everyone else reads.

A model directory holds the transformers config and weights (safetensors,
possibly fp16), the tokenizer, `sourcelens.json` (a `ModelInfo`: version,
base model, labels, context format) and `metrics.json` (scores and data
provenance). Loading, training, the Ray engine's shard tag and the registry
all go through `ModelDir`, as setfit's model class owns its directory.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import asdict, dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from sourcelens.atomic import atomic_path, write_atomic
from sourcelens.records import LABELS

MODEL_INFO = "sourcelens.json"
METRICS = "metrics.json"
DEFAULT_DIR = Path(str(resources.files("sourcelens.models"))) / "default"
REGISTRY_FILE = DEFAULT_DIR.parent / "registry.json"
"""The installed package's model registry (eval/registry.py owns its entries); read here to resolve model names."""
DEFAULT_NAME = "default"


def cache_dir() -> Path:
    """Where derived artefacts (ONNX exports, unpacked base weights, archived models) are kept."""
    return Path(os.environ.get("SOURCELENS_CACHE", Path.home() / ".cache" / "sourcelens"))


class ModelNotFound(FileNotFoundError):
    """No model where one was asked for."""


class ModelDirError(ValueError):
    """A model directory that cannot be used as it is; the message is one line naming the file."""


@dataclass(frozen=True)
class ModelInfo:
    """`sourcelens.json`: what a model is and how its inputs are built."""

    version: str
    base: str = ""
    base_package: str = ""
    base_version: str = ""
    max_length: int = 160
    labels: tuple[str, ...] = LABELS
    """The label of each output unit, in order; must be the schema's labels in the schema's order."""
    context: str = "previous-sentence"
    """The name of the input format in models/context.py that the model was trained on."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Format-specific settings (kept as written)."""

    def save(self, directory: str | Path) -> None:
        data = asdict(self)
        data["labels"] = list(self.labels)
        write_atomic(Path(directory) / MODEL_INFO, json.dumps(data, indent=1) + "\n")

    @classmethod
    def load(cls, directory: str | Path) -> "ModelInfo":
        path = Path(directory) / MODEL_INFO
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ModelDirError(f"{path}: cannot read it ({exc})") from None
        if not isinstance(data, dict) or not isinstance(data.get("version"), str) or not data["version"]:
            raise ModelDirError(f"{path}: no 'version' (the model's name)")
        labels = tuple(data.get("labels") or ())
        if labels != LABELS:
            raise ModelDirError(f"{path}: the model's labels {list(labels)} are not sourcelens's {list(LABELS)} (in that order)")
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        known["labels"] = labels
        try:
            known["max_length"] = int(known.get("max_length", 160))
        except (TypeError, ValueError):
            raise ModelDirError(f"{path}: 'max_length' must be a whole number, got {data.get('max_length')!r}") from None
        return cls(**known)


@dataclass(frozen=True)
class ModelDir:
    """A model directory on disk with its parsed `ModelInfo`."""

    path: Path
    info: ModelInfo

    @classmethod
    def open(cls, path: str | Path | None = None) -> "ModelDir":
        """`path` (a model directory or a registered name, see `find_model`), or the shipped default;
        ModelNotFound when there is none, ModelDirError when it is broken."""
        directory = find_model(path) if path is not None else default_model_path()
        if directory is None:
            raise ModelNotFound("no default model is installed; pass --model DIR or use --backend rules")
        if not (directory / MODEL_INFO).exists():
            raise ModelNotFound(f"{directory} is not a sourcelens model directory (no {MODEL_INFO})")
        return cls(directory, ModelInfo.load(directory))

    @property
    def version(self) -> str:
        return self.info.version

    def metrics(self) -> dict[str, Any]:
        path = self.path / METRICS
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ModelDirError(f"{path}: cannot read it ({exc})") from None

    def save_metrics(self, metrics: dict[str, Any]) -> None:
        write_atomic(self.path / METRICS, json.dumps(metrics, indent=1) + "\n")

    @cached_property
    def digest(self) -> str:
        """A short hash of the weights and config: the key of everything derived from them."""
        digest = hashlib.sha256()
        for name in ("model.safetensors", "config.json"):
            try:
                with open(self.path / name, "rb") as handle:
                    for block in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(block)
            except OSError as exc:
                raise ModelDirError(f"{self.path / name}: cannot read it ({exc.strerror or exc})") from None
        return digest.hexdigest()[:16]

    def onnx_file(self, quantize: bool) -> Path:
        """The ONNX export of these weights: the one the directory ships, else the cache's (which may not exist yet).

        Shipping it keeps every install on the same int8 weights: quantising again with another onnx, onnxruntime or
        transformers release moves borderline sentences (real news 0.856 against 0.863 between two releases), and it
        spares the first run its 20-odd seconds of export. Both live under the weights' digest, so an export of
        other weights is never used."""
        shipped = self._onnx_path(self.path, quantize)
        return shipped if shipped.exists() else self._onnx_path(cache_dir(), quantize)

    def ship_onnx(self, quantize: bool = True) -> Path | None:
        """Copy the cached export into the directory, so the model travels with the exact weights it was scored on."""
        cached, shipped = self._onnx_path(cache_dir(), quantize), self._onnx_path(self.path, quantize)
        if not cached.exists():
            return None
        shipped.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(shipped) as tmp:
            shutil.copyfile(cached, tmp)
        return shipped

    def _onnx_path(self, root: Path, quantize: bool) -> Path:
        return root / "onnx" / self.digest / ("model-int8.onnx" if quantize else "model.onnx")


def default_model_path() -> Path | None:
    """The shipped default model, when this install has one."""
    return DEFAULT_DIR if (DEFAULT_DIR / MODEL_INFO).exists() else None


def registered_models(registry: Path = REGISTRY_FILE) -> dict[str, Path]:
    """Registered model name -> its directory (a relative registry path is relative to the registry's folder)."""
    try:
        rows = json.loads(registry.read_text(encoding="utf-8"))["models"]
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ModelDirError(f"{registry}: cannot read the model registry ({exc})") from None
    out = {}
    for row in rows:
        path = Path(row["path"])
        out[row["name"]] = path if path.is_absolute() else registry.parent / path
    return out


def find_model(name_or_path: str | Path, registry: Path = REGISTRY_FILE) -> Path:
    """The model directory that `--model` names, from any working directory.

    An existing directory wins (so `runs/my-model` is a path); otherwise `default` is the installed
    package's shipped model and any other word a name in the package's registry (`sourcelens models
    list`). ModelNotFound, naming what exists, when it is neither.
    """
    path = Path(name_or_path)
    if path.is_dir():
        return path
    text = str(name_or_path)
    if text == DEFAULT_NAME:
        found = default_model_path()
        if found is None:
            raise ModelNotFound(f"no default model is installed in {DEFAULT_DIR}; pass --model DIR or use --backend rules")
        return found
    names = registered_models(registry)
    if text in names:
        return names[text]
    known = ", ".join([DEFAULT_NAME, *sorted(names)])
    raise ModelNotFound(f"{text}: no such model directory, and not a model name (known names: {known})")
