"""The human test split: a share of human-labelled articles that training never uses.

The frozen test split (splits.py) holds corpus articles only, so it cannot
show whether people's corrections took effect. Articles people labelled in
Label Studio that are not corpus articles are therefore assigned, article by
article, to `train` or `test` the first time a command sees them, and the
assignment is frozen in `human_splits.json` beside the project folders
(`WORKSPACE/corrections/human_splits.json`, written atomically): an article
never moves, so "before / after" is always measured on the same sentences.
Corrections of corpus articles keep their corpus split.

New articles fill the test share in the order of a hash of their id, so the
held-out share stays near `TEST_SHARE` of all human-labelled articles (at
least one article once there are two).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from sourcelens.atomic import write_atomic
from sourcelens.records import GoldArticle, HumanLabel, text_hash

HUMAN_SPLITS_FILE = "human_splits.json"
TEST_SHARE = 0.25
"""The share of human-labelled articles (outside the corpus) held out as the human test split."""


def article_of(sentence_id: str) -> str:
    """The article id of a sentence id (`ARTICLE#INDEX`)."""
    return sentence_id.rpartition("#")[0] or sentence_id


def splits_file(snapshot_dirs: Iterable[Path]) -> Path:
    """Where the assignment of the snapshots' articles is kept: the folder above their project folders."""
    roots = sorted({Path(d).resolve().parent.parent for d in snapshot_dirs})
    if not roots:
        raise ValueError("no snapshots, so no human split")
    return roots[0] / HUMAN_SPLITS_FILE


def _bucket(article_id: str) -> int:
    return int(hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:8], 16)


def read_assignment(path: Path) -> dict[str, str]:
    """article id -> "train" | "test", as frozen in `path` (empty when there is no file yet)."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {aid: split for split in ("train", "test") for aid in data[split]}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: not a human split file with 'train' and 'test' lists ({exc})") from None


def assign(article_ids: Iterable[str], path: Path, share: float = TEST_SHARE) -> dict[str, str]:
    """The frozen assignment of every article in `article_ids` (and every one assigned before).

    Articles already in `path` keep their split; new ones go to test, in hash order, until test holds
    `share` of all assigned articles (rounded, and at least one once there are two), the rest to train.
    The file is rewritten atomically only when something new was assigned.
    """
    assignment = read_assignment(path)
    new = sorted({a for a in article_ids if a not in assignment}, key=lambda a: (_bucket(a), a))
    if not new:
        return assignment
    total = len(assignment) + len(new)
    target = max(round(share * total), 1 if total >= 2 and share > 0 else 0)
    held = sum(1 for split in assignment.values() if split == "test")
    for article_id in new:
        assignment[article_id] = "test" if held < target else "train"
        held += assignment[article_id] == "test"
    body = {
        "about": "Human-labelled articles outside the corpus: test = held out of training (sourcelens corpus/human_splits.py). Frozen: do not edit.",
        "share": share,
        "train": sorted(a for a, s in assignment.items() if s == "train"),
        "test": sorted(a for a, s in assignment.items() if s == "test"),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(body, indent=1) + "\n")
    return assignment


class HumanSplit:
    """The human test split for a set of human labels: which of their sentences are held out."""

    def __init__(self, path: Path, assignment: dict[str, str], known_articles: set[str], known_texts: set[str]) -> None:
        self.path = path
        self.assignment = assignment
        self.known_articles = known_articles
        self.known_texts = known_texts

    def eligible(self, label: HumanLabel) -> bool:
        """Only sentences the data does not hold (by article or by text) can be held out: the data's own keep their split."""
        return article_of(label.sentence_id) not in self.known_articles and text_hash(label.text) not in self.known_texts

    def is_test(self, label: HumanLabel) -> bool:
        """Whether a human-labelled sentence is in the human test split (never trained on)."""
        return self.eligible(label) and self.assignment.get(article_of(label.sentence_id)) == "test"

    def test_articles(self, labels: Iterable[HumanLabel]) -> list[str]:
        return sorted({article_of(h.sentence_id) for h in labels if self.is_test(h)})


def human_split(snapshot_dirs: Iterable[Path], labels: Iterable[HumanLabel], data: Iterable[GoldArticle], share: float = TEST_SHARE) -> HumanSplit:
    """Assign (once, frozen) the articles of these labels that the data does not hold, and return the split.

    `data`: the labelled articles training reads (the project corpus unless --data says otherwise).
    """
    data = list(data)
    split = HumanSplit(splits_file(snapshot_dirs), {}, {a.article.id for a in data}, {text_hash(g.sentence.text) for a in data for g in a.sentences})
    try:
        split.assignment = assign({article_of(h.sentence_id) for h in labels if split.eligible(h)}, split.path, share)
    except OSError as exc:
        raise ValueError(f"{split.path}: cannot write the human split ({exc.strerror or exc})") from None
    return split
