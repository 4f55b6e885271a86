"""Train/dev/test by article, with the test split frozen in `splits.json`.

Splits are by article so no article leaks across them; the test split was
frozen once and never changes: articles added later go to train or dev
(by a hash of their id), never to test.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sourcelens.corpus.authored import DATA_DIR, load_corpus
from sourcelens.records import GoldArticle

SPLITS = ("train", "dev", "test")
SPLITS_FILE = DATA_DIR / "splits.json"


def _bucket(article_id: str) -> float:
    return int(hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF


def make_splits(articles: list[GoldArticle], dev: float = 0.15, test: float = 0.15) -> dict[str, list[str]]:
    """Deterministic split by article, stratified by topic: the same ids give the same split."""
    by_topic: dict[str, list[str]] = {}
    for gold in articles:
        by_topic.setdefault(gold.article.metadata.get("topic", ""), []).append(gold.article.id)
    out: dict[str, list[str]] = {s: [] for s in SPLITS}
    for ids in by_topic.values():
        ids = sorted(ids, key=_bucket)
        n_test, n_dev = round(len(ids) * test), round(len(ids) * dev)
        out["test"] += ids[:n_test]
        out["dev"] += ids[n_test : n_test + n_dev]
        out["train"] += ids[n_test + n_dev :]
    return {s: sorted(v) for s, v in out.items()}


def frozen_splits(articles: list[GoldArticle], path: Path = SPLITS_FILE) -> dict[str, str]:
    """article id -> split. Articles in splits.json keep theirs; new ones never enter test."""
    fixed = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {s: [] for s in SPLITS}
    assignment = {aid: split for split, ids in fixed.items() for aid in ids}
    for gold in articles:
        if gold.article.id not in assignment:
            assignment[gold.article.id] = "dev" if _bucket(gold.article.id) < 0.15 else "train"
    return assignment


def test_articles() -> list[GoldArticle]:
    """The frozen test split of the project corpus."""
    articles = load_corpus()
    split = frozen_splits(articles)
    return [a for a in articles if split[a.article.id] == "test"]
