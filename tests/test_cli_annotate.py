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


def test_byte_level_input_problems_are_located(runner, tmp_path):
    bad = tmp_path / "mixed.jsonl"
    bad.write_bytes(
        b'\xef\xbb\xbf{"id": "bom", "text": "Headline\\nPolice said so."}\n'  # a BOM on line 1 is fine
        b'{"id": "ok2", "text": "H\\nThe court said so."}\n'
        b'{"id": "latin", "text": "Caf\xe9 owners protest"}\n'
        b'{"id": "surrogate", "text": "H\\nPolice said \\ud83d hurt."}\n'
        b'{"id": "ok2", "text": "H\\nA repeated id."}\n'
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(main, ["annotate", str(bad), "-o", str(out), *RULES])
    assert result.exit_code == 1
    assert f"{bad}:3: not UTF-8" in result.stderr
    assert f"{bad}:4: the text holds invalid Unicode" in result.stderr
    assert "article id 'ok2' repeats one from" in result.stderr
    assert {r["article_id"] for r in read_jsonl(out)} == {"bom", "ok2"}
    assert oct(out.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_same_file_name_in_two_folders_is_not_mixed(runner, tmp_path):
    for folder in ("d1", "d2"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(f"Headline {folder}\nPolice said so.\n")
    result = runner.invoke(main, ["annotate", str(tmp_path / "d1"), str(tmp_path / "d2"), "--format", "jsonl", *RULES])
    assert result.exit_code == 1 and "article id 'story' repeats one from" in result.stderr
    assert {json.loads(l)["text"] for l in result.stdout.splitlines()} >= {"Headline d1"}


def test_jsonl_title_is_the_headline_unless_text_starts_with_it(runner, tmp_path):
    feed = tmp_path / "t.jsonl"
    feed.write_text(
        json.dumps({"id": "a", "title": "Police", "text": "Police said two people were hurt."}) + "\n"
        + json.dumps({"id": "b", "title": "Storm hits coast", "text": "Storm hits coast\nPolice said two people were hurt."}) + "\n"
    )
    result = runner.invoke(main, ["annotate", str(feed), "--format", "jsonl", *RULES])
    rows = [json.loads(l) for l in result.stdout.splitlines()]
    assert [r["text"] for r in rows if r["article_id"] == "a"] == ["Police", "Police said two people were hurt."]
    assert [r["text"] for r in rows if r["article_id"] == "b"] == ["Storm hits coast", "Police said two people were hurt."]


def test_model_and_resume_problems_are_one_line_errors(runner, article_file, tmp_path):
    empty = tmp_path / "not-a-model"
    empty.mkdir()
    result = runner.invoke(main, ["annotate", str(article_file), "--model", str(empty), "-q"])
    assert result.exit_code == 1 and "cannot load the model" in result.output and "Traceback" not in result.output
    out = tmp_path / "out.jsonl"
    out.write_text("article_id,index\nx,0\n")  # a CSV where JSONL is expected
    result = runner.invoke(main, ["annotate", str(article_file), "-o", str(out), "--resume", *RULES])
    assert result.exit_code == 2 and f"{out}: cannot resume from it as .jsonl" in result.output
    assert list(tmp_path.glob(".*.part")) == []


def test_ctrl_c_keeps_finished_articles_and_resume_finishes(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    feed = tmp_path / "many.jsonl"
    text = "Headline\n" + "The ministry said output rose. Analysts said it would fall. " * 10
    n = 5000  # long enough that a loaded CI machine cannot finish before the interrupt lands
    feed.write_text("".join(json.dumps({"id": f"a{i}", "text": text}) + "\n" for i in range(n)))
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "sourcelens.cli", "annotate", str(feed), "-o", str(out), "--backend", "rules", "-q"]
    # A CI runner started in the background inherits SIGINT ignored, and so would the job: restore the default.
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.time() + 60
    while time.time() < deadline and not any(p.stat().st_size > 100_000 for p in tmp_path.glob(".out.jsonl.*.part")):
        assert proc.poll() is None, "the job ended before it could be interrupted"
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "re-run with --resume" in err
    done = read_jsonl(out)
    finished = {r["article_id"] for r in done}
    assert 0 < len(finished) < n
    subprocess.run(cmd + ["--resume"], check=True, capture_output=True)
    final = read_jsonl(out)
    assert {r["article_id"] for r in final} == {f"a{i}" for i in range(n)} and len(final) == n * 21
    assert len(done) == 21 * len(finished)  # only whole articles were kept at the interrupt


@pytest.mark.parametrize(
    "args, message",
    [
        (["--ray-address", "auto"], "--ray-address needs --engine ray"),
        (["--workers", "2"], "--workers needs --engine ray"),
        (["-o", "."], "-o . is a directory; the local engine writes one file"),
    ],
)
def test_ray_options_need_the_ray_engine(runner, article_file, monkeypatch, args, message):
    monkeypatch.chdir(article_file.parent)
    result = runner.invoke(main, ["annotate", str(article_file), *args, *RULES])
    assert result.exit_code == 2 and message in result.output, result.output


def test_ray_address_in_the_environment_leaves_the_local_engine_alone(runner, article_file):
    result = runner.invoke(main, ["annotate", str(article_file), "--format", "jsonl", *RULES], env={"RAY_ADDRESS": "auto"})
    plain = runner.invoke(main, ["annotate", str(article_file), "--format", "jsonl", *RULES])
    assert result.exit_code == 0 and result.stdout == plain.stdout


def test_ray_engine_without_ray_says_how_to_install_it(runner, article_file, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now raises ImportError, as without the extra
    monkeypatch.setitem(sys.modules, "ray.data", None)
    result = runner.invoke(main, ["annotate", str(article_file), "--engine", "ray", "-o", str(tmp_path / "annotated"), *RULES])
    assert result.exit_code == 1 and 'pip install "sourcelens[ray]"' in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1 and not (tmp_path / "annotated").exists()


def test_the_outlet_a_row_names_relays_nothing_in_its_own_story(runner, tmp_path):
    """ "told the Herald" is a relay in another paper's story, the reporter's own interview in the Herald's."""
    text = ("Council votes to close two libraries\n"
            "Councillor Ann Marsh told the Herald that the libraries would close in March.\n"
            "The actor tells The Hollywood Reporter that the film is finished.")
    rows_in = [{"id": "plain", "text": text},
               {"id": "herald", "text": text, "outlet": "The Ridgeway Herald"},
               {"id": "thr", "text": text, "url": "https://www.hollywoodreporter.com/movies/news/a-story"}]
    inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    inp.write_text("".join(json.dumps(r) + "\n" for r in rows_in), encoding="utf-8")
    result = runner.invoke(main, ["annotate", str(inp), "-o", str(out), *RULES])
    assert result.exit_code == 0, result.output
    relayed = {(r["article_id"], r["index"]): bool(r["signals"]["relay"]) for r in read_jsonl(out)}
    assert relayed[("plain", 1)] and relayed[("plain", 2)]
    assert not relayed[("herald", 1)] and relayed[("herald", 2)]
    assert relayed[("thr", 1)] and not relayed[("thr", 2)]
