"""What one training run learns from: corpus folders, labelled files or a saved dataset, plus human corrections.

The policy (a saved dataset keeps its own splits and takes no corrections;
corrections override corpus labels and add new train rows; the frozen test
split is never changed) lives here, so the CLI only parses and prints.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

from sourcelens.corpus.authored import CORPUS_DIR, CorpusError
from sourcelens.corpus.human_splits import human_split
from sourcelens.corpus.labelled_files import is_saved_dataset, load_articles
from sourcelens.corpus.splits import frozen_splits
from sourcelens.models.context import DEFAULT_FORMAT
from sourcelens.studio.snapshots import SnapshotError
from sourcelens.training.datasets import build_dataset


class TrainingDataError(ValueError):
    """Data that cannot be trained on as given; the message is one line (with FILE:LINE where there is one)."""


@dataclass
class TrainingData:
    dataset: object
    """The `datasets.DatasetDict` with train/dev/test."""
    sources: list[str]
    """What metrics.json lists as the data (the paths given, or "project corpus")."""
    corrections: dict | None = None
    """What metrics.json records about the corrections used (training/corrections.py)."""
    report: str | None = None
    """One line on how the corrections were applied."""
    focus: set[str] | None = None
    """Ids of the train rows the corrections made or changed (what a warm start trains on beside its replay sample)."""


def training_data(data_sources: Sequence[str | Path] = (), correction_paths: Sequence[str | Path] = (), context_format: str = DEFAULT_FORMAT) -> TrainingData:
    """The dataset for `sourcelens train --data ... --corrections ...` (default data: the project corpus),
    its context column in `context_format` (a saved dataset keeps the one it was built with)."""
    sources = [str(d) for d in data_sources] or [str(CORPUS_DIR)]
    named = [str(d) for d in data_sources] or ["project corpus"]
    if len(data_sources) == 1 and is_saved_dataset(Path(data_sources[0])):
        from datasets import load_from_disk

        if correction_paths:
            raise TrainingDataError("--corrections needs labelled articles (a corpus folder or labelled files), not a saved dataset")
        return TrainingData(load_from_disk(str(data_sources[0])), named)  # a `data build` output keeps its own splits
    try:
        articles = load_articles(sources)
    except CorpusError as exc:
        raise TrainingDataError(str(exc)) from None
    if not correction_paths:
        return TrainingData(build_dataset(articles, context_format=context_format), named)
    from sourcelens.training.corrections import apply_corrections, load_corrections, metrics_entry

    try:
        loaded = load_corrections(correction_paths)
    except SnapshotError as exc:
        raise TrainingDataError(str(exc)) from None
    assignment = frozen_splits(articles)
    try:
        held_out = human_split([s.path for s in loaded.snapshots], loaded.resolved.values(), articles)
    except ValueError as exc:
        raise TrainingDataError(str(exc)) from None
    merged = apply_corrections(articles, loaded, assignment, held_out)
    dataset = build_dataset(merged.articles, assignment, extra_train=merged.new_rows, context_format=context_format)
    return TrainingData(dataset, named, metrics_entry(loaded, merged.report, held_out), merged.report.summary(), merged.corrected_ids)


def warm_start_rows(data: TrainingData, replay: int, seed: int) -> TrainingData:
    """The data of a warm start: train holds the corrected rows plus `replay` other train rows drawn with
    `seed` (so the model keeps what it knew); dev and test are unchanged, so scores stay comparable."""
    if not data.focus:
        raise TrainingDataError("a warm start trains on corrections: give --corrections with at least one applied correction")
    train = data.dataset["train"]
    focus = [i for i, sid in enumerate(train["id"]) if sid in data.focus]
    others = [i for i, sid in enumerate(train["id"]) if sid not in data.focus]
    import random

    sample = sorted(random.Random(seed).sample(others, min(replay, len(others))))
    from datasets import DatasetDict

    dataset = DatasetDict({**data.dataset, "train": train.select(sorted(focus + sample))})
    note = f"warm start: {len(focus)} corrected rows + {len(sample)} replayed corpus rows (seed {seed})"
    return replace(data, dataset=dataset, report="\n".join(filter(None, [data.report, note])))
