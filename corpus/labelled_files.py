"""Labelled sentences from users' files (JSONL, CSV, Parquet), saved datasets and corpus folders, as GoldArticles.

Files hold `article_id`, `text`, `label` and optionally `index`,
`paragraph`, `source`, `cue`, `source_name`; a malformed row raises
CorpusError with file and line.
"""

from __future__ import annotations

import csv
from collections import OrderedDict
from pathlib import Path
from typing import Iterable, Iterator

from sourcelens.corpus.authored import CorpusError, load_corpus, read_json_objects
from sourcelens.records import LABELS, Article, GoldArticle, GoldSentence, RecordError, Sentence, Span


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
