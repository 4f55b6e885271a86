"""Shared fixtures: real article files written to a temp dir."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

ARTICLE = """Council approves tram extension after long debate
RIVERTON, June 3
The city council approved the tram extension on Tuesday, the mayor's office said. It added that construction would begin in the spring.
Transport analyst Noor Haddad said the budget looked optimistic. "They have never delivered a line on time," she said.
The line will run 6 km to the northern suburbs.
By Elena Duarte
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def article_file(tmp_path: Path) -> Path:
    path = tmp_path / "tram.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def jsonl_file(tmp_path: Path) -> Path:
    path = tmp_path / "feed.jsonl"
    rows = [
        {"id": "a1", "title": "Port strike enters second week", "text": "Dock workers stayed out on Monday. The union said talks had collapsed."},
        {"id": "a2", "sentences": ["Prices rose 3% in May.", "The central bank said inflation would ease.", "Economists doubt it."]},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory):
    """A real model trained for one epoch on 48 corpus sentences (about 15 s), shared by the session."""
    from sourcelens.training.corpus import load_corpus
    from sourcelens.training.datasets import build_dataset
    from sourcelens.training.train import TrainConfig, train

    articles = load_corpus()[:6]
    assignment = {a.article.id: split for a, split in zip(articles, ["train"] * 4 + ["dev", "test"])}
    out = tmp_path_factory.mktemp("models") / "tiny"
    metrics = train(build_dataset(articles, assignment), out, TrainConfig(epochs=1, batch_size=16, max_train_rows=48, half=True, name="tiny-1"))
    return out, metrics


@pytest.fixture(scope="session")
def studio_server(tmp_path_factory):
    """A real Label Studio on a free loopback port with a temp workspace, stopped after the session.

    Yields (workspace, Connection). The first start of a fresh data dir runs
    migrations (40-60 s here); every server test shares this one.
    """
    from sourcelens.training.studio import server
    from sourcelens.training.studio.server import LOOPBACK_BACKEND_ENV
    from sourcelens.training.studio.settings import Connection

    ws = tmp_path_factory.mktemp("studio-workspace")
    running = server.start(ws, port=server.free_port(), extra_env=LOOPBACK_BACKEND_ENV)
    try:
        yield ws, server.local_connection(ws)
    finally:
        server.stop(ws)
