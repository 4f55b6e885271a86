"""`sourcelens annotate` end to end through the CLI runner, on real files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from sourcelens.cli import main
from sourcelens.records import LABELS, AnnotatedSentence

RULES = ["--backend", "rules", "-q"]


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_txt_to_jsonl_has_every_field(runner, article_file, tmp_path):
    out = tmp_path / "out.jsonl"
    result = runner.invoke(main, ["annotate", str(article_file), "-o", str(out), *RULES])
    assert result.exit_code == 0, result.output
    rows = read_jsonl(out)
    assert [r["index"] for r in rows] == list(range(len(rows)))
    assert {"article_id", "index", "text", "label", "scores", "source", "cue", "signals", "model_version"} <= set(rows[0])
    assert rows[0]["article_id"] == "tram" and rows[0]["label"] == "reporter_statement"
    official = next(r for r in rows if "mayor's office said" in r["text"])
    assert official["label"] == "official_claim" and official["source"]["text"] == "the mayor's office"
    assert set(official["scores"]) == set(LABELS)
    assert all(AnnotatedSentence.from_json(r).to_json() == r for r in rows)  # the record round-trips


def test_jsonl_input_with_text_and_presplit_sentences(runner, jsonl_file, tmp_path):
    out = tmp_path / "out.jsonl"
    result = runner.invoke(main, ["annotate", str(jsonl_file), "-o", str(out), *RULES])
    assert result.exit_code == 0, result.output
    rows = read_jsonl(out)
    a1 = [r["text"] for r in rows if r["article_id"] == "a1"]
    a2 = [r["text"] for r in rows if r["article_id"] == "a2"]
    assert a1[0] == "Port strike enters second week"
    assert a2 == ["Prices rose 3% in May.", "The central bank said inflation would ease.", "Economists doubt it."]


@pytest.mark.parametrize("fmt", ["csv", "parquet", "html"])
def test_every_output_format(runner, article_file, jsonl_file, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    result = runner.invoke(main, ["annotate", str(article_file), str(jsonl_file), "-o", str(out), *RULES])
    assert result.exit_code == 0, result.output
    if fmt == "csv":
        with open(out, newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == 14 and rows[0]["article_id"] == "tram"
    elif fmt == "parquet":
        table = pq.read_table(out)
        assert table.num_rows == 14 and "score_official_claim" in table.column_names
    else:
        page = out.read_text(encoding="utf-8")
        assert page.count("<article") == 3 and 'class="source"' in page and "Sourcing profile" in page
        assert "title=\"official_claim: 1.00" in page


def test_directory_and_stdin_inputs(runner, article_file, jsonl_file, tmp_path):
    result = runner.invoke(main, ["annotate", str(tmp_path), "--format", "jsonl", *RULES])
    assert result.exit_code == 0, result.output
    assert {json.loads(line)["article_id"] for line in result.stdout.splitlines()} == {"a1", "a2", "tram"}
    result = runner.invoke(main, ["annotate", "-", *RULES], input=article_file.read_text())
    assert result.exit_code == 0 and "OFFICIAL" in result.stdout


def test_bad_inputs_are_reported_with_file_and_line_and_the_rest_is_processed(runner, article_file, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"id": "ok", "text": "Fine headline\\nThe court said so."}\n'
        "{not json\n"
        '{"id": "notext"}\n'
        '{"id": "empty", "text": "   "}\n',
        encoding="utf-8",
    )
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 owners protest\nThey said rents rose.".encode("latin-1"))
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = ["annotate", str(article_file), str(bad), str(latin), str(empty), str(tmp_path / "missing.txt"), "-o", str(out), *RULES]
    result = runner.invoke(main, args)
    assert result.exit_code == 1
    err = result.stderr
    assert f"{bad}:2: invalid JSON" in err
    assert f"{bad}:3: missing 'text'" in err
    assert f"{bad}:4: empty article" in err
    assert f"{latin}:1: not UTF-8" in err
    assert f"{empty}: empty article" in err
    assert "missing.txt: no such file" in err
    assert "6 input(s) failed" in err
    assert "Traceback" not in result.output
    assert {r["article_id"] for r in read_jsonl(out)} == {"tram", "ok"}


def test_a_5mb_single_line_article(runner, tmp_path):
    big = tmp_path / "big.jsonl"
    sentence = "The agency said output rose 2% in the quarter. "
    big.write_text(json.dumps({"id": "big", "text": "Output report\n" + sentence * (5_000_000 // len(sentence) + 1)}) + "\n", encoding="utf-8")
    assert big.stat().st_size > 5_000_000
    out = tmp_path / "big.parquet"
    result = runner.invoke(main, ["annotate", str(big), "-o", str(out), *RULES])
    assert result.exit_code == 0, result.output
    assert pq.read_table(out).num_rows > 100_000


def test_resume_skips_finished_articles(runner, article_file, jsonl_file, tmp_path):
    out = tmp_path / "out.jsonl"
    runner.invoke(main, ["annotate", str(article_file), "-o", str(out), *RULES])
    first = out.read_text(encoding="utf-8")
    result = runner.invoke(main, ["annotate", str(article_file), str(jsonl_file), "-o", str(out), "--resume", *RULES])
    assert result.exit_code == 0, result.output
    assert "annotated 2 articles" in result.stderr and "1 articles already done" in result.stderr
    assert out.read_text(encoding="utf-8").startswith(first)
    ids = [r["article_id"] for r in read_jsonl(out)]
    assert ids.count("tram") == len([r for r in read_jsonl(out) if r["article_id"] == "tram"]) and set(ids) == {"tram", "a1", "a2"}


def test_failed_run_leaves_existing_output_untouched(article_file, tmp_path):
    from sourcelens.annotate.pipeline import annotate_files
    from sourcelens.annotate.writers import open_writer
    from sourcelens.records import Article

    out = tmp_path / "out.jsonl"
    out.write_text("previous run\n", encoding="utf-8")
    rows = annotate_files(str(article_file), backend="rules")
    writer = open_writer(str(out), "jsonl")
    writer.write(Article(id="tram", text=""), rows)
    writer.close(ok=False)  # what a crash or Ctrl-C does
    assert out.read_text(encoding="utf-8") == "previous run\n"
    assert list(tmp_path.glob("*.part")) == []


def test_python_api(article_file):
    from sourcelens.annotate.pipeline import AnnotationError, annotate_files, annotate_texts

    rows = annotate_texts("Headline\nPolice said two people were hurt.", backend="rules")
    assert [r.attribution.label for r in rows] == ["reporter_statement", "official_claim"]
    assert len(annotate_files([str(article_file)], backend="rules")) == 8
    with pytest.raises(AnnotationError, match="no such file"):
        annotate_files("nope.txt", backend="rules")


def test_help_teaches(runner):
    result = runner.invoke(main, ["annotate", "--help"])
    assert result.exit_code == 0 and "Examples:" in result.output and ".jsonl" in result.output
    result = runner.invoke(main, ["annotate", "x.txt", "-o", "out.docx", *RULES])
    assert result.exit_code == 2 and "cannot tell the output format" in result.output


def test_cli_reference_is_up_to_date():
    from sourcelens.cli_reference import reference

    committed = (Path(__file__).parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    assert committed == reference(), "run: python -m sourcelens.cli_reference > docs/cli.md"
