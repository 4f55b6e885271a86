"""Labelled sentences -> a `datasets.DatasetDict` with a declared schema.

Sources: the project corpus (`training/data/corpus`), user files of labelled
sentences (JSONL, CSV, Parquet: `article_id`, `text`, `label`, optional
`index`, `paragraph`, `source`, `cue`, `source_name`), or a dataset saved
earlier with `save_to_disk`. Splits are by article, so no article leaks
across train/dev/test; the test split is frozen in `data/splits.json`.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import OrderedDict
from pathlib import Path
from typing import Iterable, Iterator

from sourcelens.models.context import context_of
from sourcelens.records import LABELS, Article, GoldArticle, GoldSentence, RecordError, Sentence, Span
from sourcelens.training.corpus import CORPUS_DIR, SPLITS_FILE, CorpusError, load_corpus, read_json_objects

SPLITS = ("train", "dev", "test")


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


def text_hash(text: str) -> str:
    return hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:16]


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


def rows_of(gold: GoldArticle) -> Iterator[dict]:
    """Dataset rows for one article, with the classifier's context column."""
    sentences = [g.sentence for g in gold.sentences]
    for position, g in enumerate(gold.sentences):
        yield sentence_row(g, context_of(sentences, position), gold.article.metadata.get("topic"))


def _bucket(article_id: str) -> float:
    return int(hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF


def write_splits(articles: list[GoldArticle], path: Path = SPLITS_FILE) -> dict[str, list[str]]:
    """Freeze the split of every article (refuses to rewrite an existing file)."""
    if path.exists():
        raise FileExistsError(f"{path} exists: the test split is frozen")
    splits = make_splits(articles)
    path.write_text(json.dumps(splits, indent=1) + "\n", encoding="utf-8")
    return splits


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


def build_dataset(articles: list[GoldArticle], assignment: dict[str, str] | None = None, extra_train: Iterable[dict] = ()):
    """A DatasetDict with train/dev/test from labelled articles.

    `extra_train` are ready rows (the `features()` columns, context included)
    that only ever go to train: corrected sentences whose article is not in
    the data (training/corrections.py). The leak guard applies to them too.
    """
    from datasets import Dataset, DatasetDict

    assignment = assignment if assignment is not None else frozen_splits(articles)
    rows: dict[str, list[dict]] = {s: [] for s in SPLITS}
    for gold in articles:
        rows[assignment.get(gold.article.id, "train")].extend(rows_of(gold))
    rows["train"].extend(extra_train)
    # A sentence whose text is in test must not be learnt from: headlines and stock phrases repeat.
    test_texts = {r["text_hash"] for r in rows["test"]}
    for split in ("train", "dev"):
        rows[split] = [r for r in rows[split] if r["text_hash"] not in test_texts]
    schema = features()
    columns = {s: {k: [row[k] for row in r] for k in schema} for s, r in rows.items()}
    return DatasetDict({s: Dataset.from_dict(columns[s], features=schema) for s in SPLITS})


# ---- user files of labelled sentences -------------------------------------------------------


def _records(path: Path) -> Iterator[tuple[int, dict]]:
    """(line or row number, row) from JSONL, CSV or Parquet."""
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from read_json_objects(path)
    elif suffix == ".csv":
        with open(path, encoding="utf-8", newline="") as handle:
            for line_no, row in enumerate(csv.DictReader(handle), 2):
                yield line_no, {k: v for k, v in row.items() if v not in ("", None)}
    elif suffix == ".parquet":
        import pyarrow.parquet as pq

        for row_no, row in enumerate(pq.read_table(path).to_pylist(), 1):
            yield row_no, {k: v for k, v in row.items() if v is not None}
    else:
        raise CorpusError(str(path), 0, f"unsupported labelled-data file {suffix or '(none)'}; use .jsonl, .csv or .parquet")


def load_labelled_file(path: str | Path) -> list[GoldArticle]:
    """Labelled sentences grouped into articles in file order; malformed rows raise CorpusError."""
    path = Path(path)
    grouped: "OrderedDict[str, list[tuple[int, dict]]]" = OrderedDict()
    for line_no, row in _records(path):
        for key in ("article_id", "text", "label"):
            if not str(row.get(key, "")).strip():
                raise CorpusError(str(path), line_no, f"missing {key!r}")
        if row["label"] not in LABELS:
            raise CorpusError(str(path), line_no, f"unknown label {row['label']!r}; expected one of {', '.join(LABELS)}")
        grouped.setdefault(str(row["article_id"]), []).append((line_no, row))
    articles = []
    for article_id, items in grouped.items():
        gold, pieces, at = [], [], 0
        try:
            items.sort(key=lambda item: int(item[1].get("index", item[0])))
        except (TypeError, ValueError):
            bad = next(n for n, r in items if not str(r.get("index", 0)).lstrip("-").isdigit())
            raise CorpusError(str(path), bad, "'index' must be a whole number") from None
        for position, (line_no, row) in enumerate(items):
            text = str(row["text"]).strip()
            try:
                index = int(row.get("index", position))
                sentence = Sentence(article_id, index, int(row.get("paragraph", 0)), at, at + len(text), text)
                gold.append(GoldSentence(sentence, row["label"], _span(text, row.get("source")), row.get("source_name"), _span(text, row.get("cue"))))
            except (RecordError, ValueError, TypeError, KeyError) as exc:
                raise CorpusError(str(path), line_no, str(exc)) from None
            pieces.append(text)
            at += len(text) + 1
        articles.append(GoldArticle(Article(article_id, " ".join(pieces), gold[0].sentence.text), gold))
    return articles


def _span(text: str, value) -> Span | None:
    """A span given as its text, or as {"start", "end", "text"} (annotate's own JSONL rows)."""
    if isinstance(value, dict):
        value = value.get("text")
    return Span.find(text, value)


def articles_from_dataset(split) -> list[GoldArticle]:
    """Gold articles back from a dataset split (rows in article order)."""
    grouped: "OrderedDict[str, list[dict]]" = OrderedDict()
    for row in split:
        grouped.setdefault(row["article_id"], []).append(row)
    articles = []
    for article_id, rows in grouped.items():
        gold, at = [], 0
        for row in sorted(rows, key=lambda r: r["index"]):
            sentence = Sentence(article_id, row["index"], row["paragraph"], at, at + len(row["text"]), row["text"])
            at = sentence.end + 1
            spans = {k: Span(row[f"{k}_start"], row[f"{k}_end"], row[k]) if row[k] is not None else None for k in ("source", "cue")}
            gold.append(GoldSentence(sentence, LABELS[row["label"]], spans["source"], row["source_name"], spans["cue"], list(row["rules"])))
        metadata = {"topic": rows[0]["topic"]} if rows[0].get("topic") else {}
        articles.append(GoldArticle(Article(article_id, " ".join(g.sentence.text for g in gold), gold[0].sentence.text, metadata), gold))
    return articles


def load_articles(sources: Iterable[str | Path], split: str = "test") -> list[GoldArticle]:
    """Labelled articles from corpus directories, labelled-data files, and saved datasets (their `split`)."""
    out: list[GoldArticle] = []
    for source in sources:
        source = Path(source)
        if is_saved_dataset(source):
            from datasets import load_from_disk

            out.extend(articles_from_dataset(load_from_disk(str(source))[split]))
        else:
            out.extend(load_corpus(source) if source.is_dir() else load_labelled_file(source))
    seen: set[str] = set()
    for gold in out:
        if gold.article.id in seen:
            raise CorpusError(str(gold.article.id), 0, "the same article id comes from two --data sources; ids must be unique")
        seen.add(gold.article.id)
    return out


def is_saved_dataset(path: Path) -> bool:
    return (Path(path) / "dataset_dict.json").exists()
