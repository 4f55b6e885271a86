"""Load a fine-tuned sentence classifier and predict labels with scores."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

DEFAULT_DIR = Path(str(resources.files("sourcelens.models"))) / "default"


def default_model_path() -> Path | None:
    """The shipped default model, when this install has one."""
    return DEFAULT_DIR if (DEFAULT_DIR / "config.json").exists() else None
