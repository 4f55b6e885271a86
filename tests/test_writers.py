"""annotate/writers.py on real rows from the rules backend: publish, discard, resume, roll back."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from sourcelens.annotate.inputs import article_from_text
from sourcelens.annotate.pipeline import annotate_texts
from sourcelens.annotate.writers import CsvWriter, JsonlWriter, ParquetWriter, finished_articles, flat_schema, open_writer

TEXTS = [
    "Council approves tram extension\nThe city council approved the extension on Tuesday, the mayor's office said. It added that work would begin in spring.",
    "Port strike enters second week\nDock workers stayed out on Monday. The union said talks had collapsed.",
    "Prices rise again\nPrices rose 3% in May. Economists doubt it will ease, analyst Noor Haddad said.",
]
WRITER_CLASSES = {"jsonl": JsonlWriter, "csv": CsvWriter, "parquet": ParquetWriter}
FORMATS = list(WRITER_CLASSES)


@pytest.fixture(scope="module")
def articles():
    """[(Article, rows)] for text-0, text-1, text-2: real AnnotatedSentence rows from the rules."""
    rows = annotate_texts(TEXTS, backend="rules")
    out = []
    for i, text in enumerate(TEXTS):
        article_id = f"text-{i}"
        mine = [r for r in rows if r.sentence.article_id == article_id]
        assert mine
        out.append((article_from_text(article_id, text), mine))
    return out


def row_count(path: Path, fmt: str) -> int:
    if fmt == "jsonl":
        return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    if fmt == "csv":
        with open(path, encoding="utf-8", newline="") as handle:
            return sum(1 for _ in csv.DictReader(handle))
    import pyarrow.parquet as pq

    return pq.read_metadata(path).num_rows


@pytest.mark.parametrize("fmt", FORMATS)
def test_close_ok_publishes_both_articles(tmp_path, articles, fmt):
    path = tmp_path / f"out.{fmt}"
    writer = open_writer(str(path), fmt)
    assert type(writer) is WRITER_CLASSES[fmt]
    for article, rows in articles[:2]:
        writer.write(article, rows)
    assert not path.exists()  # nothing is published before close
    writer.close(True)
    assert path.exists()
    assert finished_articles(str(path), fmt) == ["text-0", "text-1"]
    assert row_count(path, fmt) == sum(len(rows) for _, rows in articles[:2])
    assert os.listdir(tmp_path) == [path.name]  # no .part file left
    if fmt == "parquet":
        import pyarrow.parquet as pq

        assert pq.read_schema(path).equals(flat_schema())


@pytest.mark.parametrize("fmt", FORMATS)
def test_close_not_ok_leaves_nothing(tmp_path, articles, fmt):
    path = tmp_path / f"out.{fmt}"
    writer = open_writer(str(path), fmt)
    assert [p for p in os.listdir(tmp_path) if p.endswith(".part")]  # the temp file exists while writing
    for article, rows in articles[:2]:
        writer.write(article, rows)
    writer.close(False)
    assert not path.exists()
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_resume_keeps_the_finished_articles(tmp_path, articles, fmt):
    path = tmp_path / f"out.{fmt}"
    first = open_writer(str(path), fmt)
    for article, rows in articles[:2]:
        first.write(article, rows)
    first.close(True)

    again = open_writer(str(path), fmt, resume=True)
    article, rows = articles[2]
    again.write(article, rows)
    again.close(True)
    assert finished_articles(str(path), fmt) == ["text-0", "text-1", "text-2"]
    assert row_count(path, fmt) == sum(len(rows) for _, rows in articles)
    assert os.listdir(tmp_path) == [path.name]


class BrokenRow:
    """A row that fails as it is serialised (as a bug or an interrupt mid-article would)."""

    def to_json(self):
        raise RuntimeError("row cannot be serialised")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_failed_article_is_rolled_back(tmp_path, articles, fmt):
    path = tmp_path / f"out.{fmt}"
    writer = open_writer(str(path), fmt)
    (a0, rows0), (a1, rows1), (a2, rows2) = articles
    writer.write(a0, rows0)
    with pytest.raises(RuntimeError, match="cannot be serialised"):
        writer.write(a1, rows1[:1] + [BrokenRow()] + rows1[1:])  # one good row is written before the failure
    writer.write(a2, rows2)
    writer.close(True)
    assert finished_articles(str(path), fmt) == ["text-0", "text-2"]
    assert row_count(path, fmt) == len(rows0) + len(rows2)
    if fmt == "jsonl":
        lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert [r["article_id"] for r in lines] == ["text-0"] * len(rows0) + ["text-2"] * len(rows2)
        assert [r["text"] for r in lines] == [r.sentence.text for r in rows0 + rows2]


def test_a_failed_finish_does_not_publish_a_broken_file(tmp_path, articles):
    import dataclasses

    import pyarrow.parquet as pq

    path = tmp_path / "out.parquet"
    good = open_writer(str(path), "parquet")
    good.write(*articles[0])
    good.close(True)

    article, rows = articles[1]
    # an offset beyond int32: the row buffers fine and fails only when the row group is flushed at close
    overflowing = [dataclasses.replace(r, sentence=dataclasses.replace(r.sentence, index=2**31)) for r in rows]
    writer = open_writer(str(path), "parquet")
    writer.write(article, overflowing)
    with pytest.raises(Exception):
        writer.close(True)
    assert pq.read_table(path).column("article_id").to_pylist() == ["text-0"] * len(articles[0][1])  # the old output stands
    assert os.listdir(tmp_path) == [path.name]
