"""The model registry: which models exist, what they learnt from, how they score.

`models/registry.json` lists every registered model with its base model, data
fingerprint, test macro-F1 and date; exactly one is the default (the one
shipped in `models/default`). Promotion replaces the default only when a
report on the frozen test split shows the candidate is not worse.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from sourcelens.atomic import write_atomic
from sourcelens.models.model_dir import DEFAULT_DIR, MODEL_INFO, REGISTRY_FILE, ModelDir, ModelNotFound, cache_dir, find_model

REGISTRY = REGISTRY_FILE


@dataclass
class Entry:
    name: str
    path: str
    base_model: str
    data_fingerprint: str
    test_macro_f1: float | None
    created: str
    default: bool = False


def load(path: Path = REGISTRY) -> list[Entry]:
    if not path.exists():
        return []
    return [Entry(**row) for row in json.loads(path.read_text(encoding="utf-8"))["models"]]


def save(entries: list[Entry], path: Path = REGISTRY) -> None:
    write_atomic(path, json.dumps({"models": [asdict(e) for e in entries]}, indent=1) + "\n")


def entry_for(model_dir: Path) -> Entry:
    """A registry entry from a model directory (its sourcelens.json and metrics.json)."""
    directory = ModelDir.open(model_dir)
    metrics = directory.metrics()
    return Entry(
        name=directory.version,
        path=str(model_dir),
        base_model=metrics.get("base_model") or directory.info.base,
        data_fingerprint=metrics.get("data_fingerprint", ""),
        test_macro_f1=(metrics.get("test") or {}).get("macro_f1"),
        created=metrics.get("created", ""),
    )


def register(model_dir: str | Path, path: Path = REGISTRY) -> Entry:
    """Add or refresh a model's entry (matched by name)."""
    entry = entry_for(Path(model_dir))
    entries = [e for e in load(path) if e.name != entry.name]
    previous = next((e for e in load(path) if e.name == entry.name), None)
    entry.default = bool(previous and previous.default)
    save(entries + [entry], path)
    return entry


def resolve(name_or_path: str, path: Path = REGISTRY) -> Path:
    """A model directory from a registry name or a path (models/model_dir.py `find_model`); KeyError when neither."""
    try:
        found = find_model(name_or_path, path)
    except ModelNotFound as exc:
        raise KeyError(str(exc)) from None
    if not (found / MODEL_INFO).exists():
        raise KeyError(f"{found} is not a sourcelens model directory (no {MODEL_INFO})")
    return found


def install_as_default(candidate: Path, archive_root: Path, path: Path = REGISTRY, default_dir: Path = DEFAULT_DIR) -> Entry:
    """Copy the candidate into models/default (fp16 weights), archiving the old default."""
    from sourcelens.models.classifier import Classifier
    from sourcelens.models.runtime import load_torch, resolve

    old = entry_for(default_dir) if (default_dir / MODEL_INFO).exists() else None
    staging = Path(tempfile.mkdtemp(prefix=".default-", dir=default_dir.parent))
    os.chmod(staging, 0o755)  # mkdtemp makes 0700; the installed model is read by every user
    load_torch(ModelDir.open(candidate)).half().save_pretrained(staging)
    for item in Path(candidate).iterdir():  # everything else the model directory holds: tokenizer, info, metrics, card, decoders
        if item.is_file() and not (staging / item.name).exists():
            shutil.copy(item, staging / item.name)
    if resolve("auto") == "onnx-int8":  # fp16 weights are new weights: the default ships their own int8 export
        Classifier.load(staging, runtime="onnx-int8").model_dir.ship_onnx(quantize=True)
    if old is not None:
        archive = archive_root / old.name
        shutil.rmtree(archive, ignore_errors=True)
        archive.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(default_dir), archive)
    os.replace(staging, default_dir)
    new = entry_for(default_dir)
    entries = []
    for e in load(path):
        if e.name == new.name:
            continue
        if old is not None and e.name == old.name:
            e.path, e.default = str(archive_root / old.name), False
        entries.append(e)
    new.path, new.default, new.created = "default", True, new.created or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    save(entries + [new], path)
    return new


ARCHIVE = "archive"
"""Folder under the cache where replaced defaults are kept."""


@dataclass
class Promotion:
    """The outcome of `promote`: both scores, the report, and whether the default changed."""

    candidate: str
    current: str
    candidate_f1: float
    current_f1: float
    report_dir: str
    promoted: bool
    archive: Path | None = None

    @property
    def delta(self) -> float:
        return self.candidate_f1 - self.current_f1


class AlreadyDefault(ValueError):
    pass


def promote(name_or_path: str, report_dir: str | None = None, force: bool = False) -> Promotion:
    """Make a model the default only if it is not worse than the current default on the frozen test split.

    Both are scored and compared in a report (written whatever the outcome);
    the old default is archived under the cache, not deleted.
    """
    from sourcelens.annotate.backends import ModelBackend
    from sourcelens.corpus.splits import test_articles
    from sourcelens.eval.evaluate import evaluate
    from sourcelens.eval.report import write_report

    candidate = resolve(name_or_path)
    articles = test_articles()
    new, current = evaluate(ModelBackend(candidate), articles), evaluate(ModelBackend(DEFAULT_DIR), articles)
    if new.name == current.name:
        raise AlreadyDefault(f"{name_or_path} is already the default ({new.name})")
    report_dir = report_dir or f"reports/promote-{new.name}"
    write_report([new, current], articles, report_dir)
    result = Promotion(new.name, current.name, new.scores["macro_f1"], current.scores["macro_f1"], report_dir, promoted=False)
    if result.delta < 0 and not force:
        return result
    install_as_default(candidate, cache_dir() / ARCHIVE)
    result.promoted, result.archive = True, cache_dir() / ARCHIVE
    return result
