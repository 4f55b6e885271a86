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

from sourcelens.models.classifier import DEFAULT_DIR, MODEL_INFO

REGISTRY = DEFAULT_DIR.parent / "registry.json"


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
    tmp = path.with_suffix(".json.part")
    tmp.write_text(json.dumps({"models": [asdict(e) for e in entries]}, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def entry_for(model_dir: Path) -> Entry:
    """A registry entry from a model directory's metrics.json."""
    metrics = json.loads((model_dir / "metrics.json").read_text(encoding="utf-8"))
    test = metrics.get("test") or {}
    return Entry(
        name=metrics["version"],
        path=str(model_dir),
        base_model=metrics["base_model"],
        data_fingerprint=metrics["data_fingerprint"],
        test_macro_f1=test.get("macro_f1"),
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
    """A model directory from a registry name or a path."""
    if Path(name_or_path, MODEL_INFO).exists():
        return Path(name_or_path)
    for entry in load(path):
        if entry.name == name_or_path:
            return Path(entry.path) if Path(entry.path).is_absolute() else DEFAULT_DIR.parent / entry.path
    raise KeyError(f"no model named {name_or_path!r} in {path}, and no model directory at that path")


def install_as_default(candidate: Path, archive_root: Path, path: Path = REGISTRY, default_dir: Path = DEFAULT_DIR) -> Entry:
    """Copy the candidate into models/default (fp16 weights), archiving the old default."""
    import torch
    from transformers import AutoModelForSequenceClassification

    old = entry_for(default_dir) if (default_dir / "metrics.json").exists() else None
    staging = Path(tempfile.mkdtemp(prefix=".default-", dir=default_dir.parent))
    model = AutoModelForSequenceClassification.from_pretrained(candidate, dtype=torch.float32)
    model.half().save_pretrained(staging)
    for name in ("tokenizer.json", "tokenizer_config.json", MODEL_INFO, "metrics.json", "README.md"):
        if (candidate / name).exists():
            shutil.copy(candidate / name, staging / name)
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
