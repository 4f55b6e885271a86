"""A real tiny model, trained the same way by the shared fixture and by tests that need a second one."""

from __future__ import annotations

from pathlib import Path


def train_tiny(out: Path, name: str, **config):
    """A real model trained for one epoch on 48 sentences of the first six corpus articles (about 15 s)."""
    from sourcelens.corpus.authored import load_corpus
    from sourcelens.training.datasets import build_dataset
    from sourcelens.training.train import TrainConfig, train

    articles = load_corpus()[:6]
    assignment = {a.article.id: split for a, split in zip(articles, ["train"] * 4 + ["dev", "test"])}
    return train(build_dataset(articles, assignment), out, TrainConfig(epochs=1, batch_size=16, max_train_rows=48, half=True, name=name, **config))
