"""Labelled articles -> a `datasets.DatasetDict` with a declared schema.

The articles come from `sourcelens.corpus` (the project corpus, users'
labelled files, saved datasets) and are split by article with its frozen
test split; each row carries the classifier's context column.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from sourcelens.corpus.splits import SPLITS, frozen_splits
from sourcelens.annotate.attribution import annotate_article
from sourcelens.models.context import DEFAULT_FORMAT, TRACKER_FORMATS, model_inputs
from sourcelens.records import LABELS, GoldArticle, GoldSentence, text_hash


def features():
    from datasets import ClassLabel, Features, Sequence, Value

    return Features(
        {
            "id": Value("string"),
            "article_id": Value("string"),
            "index": Value("int32"),
            "paragraph": Value("int32"),
            "text": Value("string"),
            "context": Value("string"),
            "label": ClassLabel(names=list(LABELS)),
            "source": Value("string"),
            "source_start": Value("int32"),
            "source_end": Value("int32"),
            "source_name": Value("string"),
            "cue": Value("string"),
            "cue_start": Value("int32"),
            "cue_end": Value("int32"),
            "rules": Sequence(Value("int32")),
            "topic": Value("string"),
            "text_hash": Value("string"),
        }
    )


def sentence_row(g: GoldSentence, context: str, topic: str | None = None) -> dict:
    """One dataset row (the `features()` columns) for a labelled sentence seen with `context`."""
    return {
        "id": g.sentence.id,
        "article_id": g.sentence.article_id,
        "index": g.sentence.index,
        "paragraph": g.sentence.paragraph,
        "text": g.sentence.text,
        "context": context,
        "label": g.label,
        "source": g.source.text if g.source else None,
        "source_start": g.source.start if g.source else None,
        "source_end": g.source.end if g.source else None,
        "source_name": g.source_name,
        "cue": g.cue.text if g.cue else None,
        "cue_start": g.cue.start if g.cue else None,
        "cue_end": g.cue.end if g.cue else None,
        "rules": g.rules,
        "topic": topic,
        "text_hash": text_hash(g.sentence.text),
    }


def rows_of(gold: GoldArticle, context_format: str = DEFAULT_FORMAT) -> Iterator[dict]:
    """Dataset rows for one article, with the classifier's context column in `context_format`.

    The speaker tracker reads the gold sentences exactly as it reads an
    article at prediction time, so the model learns how far to trust it.
    """
    sentences = [g.sentence for g in gold.sentences]
    tracked = annotate_article(sentences) if context_format in TRACKER_FORMATS else None
    for g, (_, context) in zip(gold.sentences, model_inputs(sentences, tracked, context_format)):
        yield sentence_row(g, context, gold.article.metadata.get("topic"))


def build_dataset(articles: list[GoldArticle], assignment: dict[str, str] | None = None, extra_train: Iterable[dict] = (), context_format: str = DEFAULT_FORMAT):
    """A DatasetDict with train/dev/test from labelled articles.

    `extra_train` are ready rows (the `features()` columns, context included)
    that only ever go to train: corrected sentences whose article is not in
    the data (training/corrections.py). The leak guard applies to them too.
    """
    from datasets import Dataset, DatasetDict

    assignment = assignment if assignment is not None else frozen_splits(articles)
    rows: dict[str, list[dict]] = {s: [] for s in SPLITS}
    for gold in articles:
        rows[assignment.get(gold.article.id, "train")].extend(rows_of(gold, context_format))
    rows["train"].extend(extra_train)
    # A sentence whose text is in test must not be learnt from: headlines and stock phrases repeat.
    test_texts = {r["text_hash"] for r in rows["test"]}
    for split in ("train", "dev"):
        rows[split] = [r for r in rows[split] if r["text_hash"] not in test_texts]
    schema = features()
    columns = {s: {k: [row[k] for row in r] for k in schema} for s, r in rows.items()}
    return DatasetDict({s: Dataset.from_dict(columns[s], features=schema) for s in SPLITS})


def save_dataset(dataset, out: str) -> None:
    """`save_to_disk` with one shard per split, so an empty split (no test articles in users' files)
    still gets a file and loads back (datasets otherwise writes none: huggingface/datasets PR #8385)."""
    dataset.save_to_disk(out, num_shards={split: 1 for split in dataset})
