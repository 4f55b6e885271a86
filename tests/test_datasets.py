"""Dataset loaders on real files, including malformed rows."""

from __future__ import annotations

import json

import pytest

from sourcelens.records import LABELS
from sourcelens.corpus.authored import CorpusError, load_corpus, read_corpus_file
from sourcelens.corpus.labelled_files import load_labelled_file
from sourcelens.corpus.splits import frozen_splits
from sourcelens.training.datasets import build_dataset


def test_corpus_loads_with_offsets_and_frozen_splits():
    articles = load_corpus()
    assert len(articles) >= 150 and sum(len(a.sentences) for a in articles) >= 3500
    for gold in articles[:20]:
        for g in gold.sentences:
            assert gold.article.text[g.sentence.start : g.sentence.end] == g.sentence.text
            if g.source:
                assert g.sentence.text[g.source.start : g.source.end] == g.source.text
    split = frozen_splits(articles)
    assert {split[a.article.id] for a in articles} == {"train", "dev", "test"}


def test_dataset_has_declared_features_and_no_article_in_two_splits():
    dataset = build_dataset(load_corpus())
    assert dataset["train"].features["label"].names == list(LABELS)
    ids = {name: set(split["article_id"]) for name, split in dataset.items()}
    assert not ids["train"] & ids["test"] and not ids["dev"] & ids["test"] and not ids["train"] & ids["dev"]
    first = dataset["train"][0]
    assert isinstance(first["context"], str) and first["label"] in range(3)


def test_save_to_disk_round_trip(tmp_path, runner):
    from datasets import load_from_disk

    from sourcelens.cli import main

    result = runner.invoke(main, ["data", "build", "-o", str(tmp_path / "ds")])
    assert result.exit_code == 0, result.output
    loaded = load_from_disk(str(tmp_path / "ds"))
    assert set(loaded) == {"train", "dev", "test"} and len(loaded["test"]) > 500


@pytest.mark.parametrize("suffix", ["jsonl", "csv", "parquet"])
def test_user_files_of_labelled_sentences(tmp_path, suffix):
    import pyarrow as pa
    import pyarrow.csv
    import pyarrow.parquet as pq

    rows = [
        {"article_id": "u1", "index": 0, "text": "Mayor quits", "label": "reporter_statement", "source": None, "cue": None},
        {"article_id": "u1", "index": 1, "text": "The mayor said she would resign.", "label": "official_claim", "source": "The mayor", "cue": "said"},
        {"article_id": "u2", "index": 0, "text": "Critics called it overdue.", "label": "commentator_opinion", "source": None, "cue": None},
    ]
    path = tmp_path / f"labelled.{suffix}"
    if suffix == "jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    elif suffix == "csv":
        pa.csv.write_csv(pa.Table.from_pylist(rows), path)
    else:
        pq.write_table(pa.Table.from_pylist(rows), path)
    articles = load_labelled_file(path)
    assert [a.article.id for a in articles] == ["u1", "u2"]
    assert articles[0].sentences[1].source.text == "The mayor"


def test_malformed_rows_name_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"article_id": "a", "text": "Fine.", "label": "reporter_statement"}\n{"article_id": "a", "text": "Hm.", "label": "opinion"}\n')
    with pytest.raises(CorpusError, match=r"bad.jsonl:2: unknown label 'opinion'"):
        load_labelled_file(bad)
    bad.write_text('{"article_id": "a", "label": "reporter_statement"}\n')
    with pytest.raises(CorpusError, match=r"bad.jsonl:1: missing 'text'"):
        load_labelled_file(bad)
    bad.write_text('{"article_id": "a", "text": "Police said so.", "label": "official_claim", "source": "the army"}\n')
    with pytest.raises(CorpusError, match=r"bad.jsonl:1: span 'the army' does not occur"):
        load_labelled_file(bad)
    csv_bad = tmp_path / "bad.csv"
    csv_bad.write_text("article_id,text,label\na,Fine.,reporter_statement\na,,official_claim\n")
    with pytest.raises(CorpusError, match=r"bad.csv:3: missing 'text'"):
        load_labelled_file(csv_bad)
    corpus_bad = tmp_path / "corpus.jsonl"
    corpus_bad.write_text('{"id": "x", "paragraphs": [[{"text": "H", "label": "reporter_statement"}]]}\n{"id": "y"}\n')
    with pytest.raises(CorpusError, match=r"corpus.jsonl:2: missing field 'paragraphs'"):
        list(read_corpus_file(corpus_bad))


def test_train_cli_reports_bad_data_without_traceback(tmp_path, runner):
    from sourcelens.cli import main

    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n")
    result = runner.invoke(main, ["train", "--data", str(bad), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1 and f"{bad}:1: invalid JSON" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
