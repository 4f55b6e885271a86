"""The Ray Data engine against the local engine: same rows, resume, bad input, the CLI.

Real Ray (a local instance started once for the module), real files in tmp_path.
Skipped when Ray is not installed (it is the optional extra `sourcelens[ray]`).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from sourcelens.annotate.attribution import RULES_VERSION

ray = pytest.importorskip("ray")
pq = pytest.importorskip("pyarrow.parquet")

from sourcelens.annotate.backends import BackendSpec  # noqa: E402
from sourcelens.annotate.pipeline import annotate_files  # noqa: E402
from sourcelens.annotate.ray_engine import ERRORS_FILE, MANIFEST_FILE, read_shards, run_ray, start_private_ray  # noqa: E402
from sourcelens.annotate.writers import flat_row  # noqa: E402
from sourcelens.cli import main  # noqa: E402
from sourcelens.records import AnnotatedSentence  # noqa: E402

pytestmark = pytest.mark.ray

TRAM = """Council approves tram extension after long debate
RIVERTON, June 3
The city council approved the tram extension on Tuesday, the mayor's office said. It added that construction would begin in the spring.
Transport analyst Noor Haddad said the budget looked optimistic. "They have never delivered a line on time," she said.
"""


@pytest.fixture(scope="module", autouse=True)
def ray_local():
    """One local Ray for the module; run_ray reuses it and leaves it running."""
    started = not ray.is_initialized()
    if started:
        start_private_ray(2)
    yield
    if started:
        ray.shutdown()


def corpus_jsonl(path: Path, n: int, bad_lines: dict[int, str] | None = None) -> Path:
    """`n` corpus articles as JSONL (some pre-split), with raw `bad_lines` inserted before article i."""
    from sourcelens.corpus.authored import load_corpus

    gold = load_corpus()
    lines = []
    for i in range(n):
        if bad_lines and i in bad_lines:
            lines.append(bad_lines[i])
        g = gold[i % len(gold)]
        if i % 5 == 4:
            row = {"id": f"pre-{i}", "title": g.article.title, "sentences": [s.sentence.text for s in g.sentences]}
        else:
            row = {"id": f"art-{i}", "title": g.article.title, "text": g.article.text}
        lines.append(json.dumps(row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def assert_same_rows(ray_rows: list[dict], local_rows: list[dict]) -> None:
    """Row by row, keyed by (article_id, index), in the same order; scores compared as float32 (Parquet)."""
    assert [(r["article_id"], r["index"]) for r in ray_rows] == [(r["article_id"], r["index"]) for r in local_rows]
    for got, want in zip(ray_rows, local_rows):
        for column, value in want.items():
            if column.startswith("score_"):
                assert np.float32(got[column]) == np.float32(value), (want["article_id"], want["index"], column)
            else:
                assert got[column] == value, (want["article_id"], want["index"], column, got[column], value)


@pytest.fixture(scope="module")
def rules_job(tmp_path_factory):
    """70 articles (three shards of >= 512 sentences) plus a .txt article, annotated once with the rules."""
    root = tmp_path_factory.mktemp("ray_rules")
    inputs = root / "in"
    inputs.mkdir()
    corpus_jsonl(inputs / "feed.jsonl", 70)
    (inputs / "tram.txt").write_text(TRAM, encoding="utf-8")
    result = run_ray([str(inputs)], str(root / "out"), BackendSpec("rules"), workers=2, batch_articles=1)
    return inputs, root / "out", result


def test_rules_rows_equal_the_local_engine(rules_job):
    inputs, out, result = rules_job
    local = [flat_row(r) for r in annotate_files(str(inputs), backend="rules")]
    assert result.errors == [] and result.ok
    assert len(result.shards) >= 3 and result.written == len(result.shards)
    assert result.sentences == len(local) and result.articles == 71
    # the directory reads as one Parquet dataset (the _ files are skipped) ...
    table = pq.read_table(out)
    assert table.num_rows == len(local)
    assert table.schema.field("index").type == "int32" and table.schema.field("score_official_claim").type == "float"
    # ... and the manifest gives the input order: exactly the local engine's rows
    assert_same_rows(read_shards(str(out)).to_pylist(), local)


def test_resume_rewrites_only_missing_shards(rules_job, tmp_path):
    inputs, first_out, first = rules_job
    out = tmp_path / "out"
    shutil.copytree(first_out, out)  # copy2 keeps mtimes
    shards = sorted(out.glob("part-*.parquet"))
    assert len(shards) == len(first.shards) >= 3
    before = {p.name: p.stat().st_mtime_ns for p in shards}
    victim = shards[1]
    victim.unlink()
    (out / "part-stale-0-0123456789abcdef.parquet").write_bytes(b"not ours any more")  # from an older run

    result = run_ray([str(inputs)], str(out), BackendSpec("rules"), workers=2, batch_articles=1, resume=True)

    assert (result.written, result.skipped) == (1, len(shards) - 1)
    after = {p.name: p.stat().st_mtime_ns for p in out.glob("part-*.parquet")}
    assert set(after) == set(before)  # the stale shard is gone, the deleted one is back
    assert [name for name in after if after[name] != before[name]] == [victim.name]
    local = [flat_row(r) for r in annotate_files(str(inputs), backend="rules")]
    assert_same_rows(read_shards(str(out)).to_pylist(), local)

    # nothing left to do: Ray is not even needed
    again = run_ray([str(inputs)], str(out), BackendSpec("rules"), resume=True, batch_articles=1)
    assert (again.written, again.skipped, again.sentences) == (0, len(shards), len(local))


def local_run(sources: list[str], backend: str = "rules") -> tuple[list[dict], list[tuple]]:
    """The local engine's rows and errors (read_articles -> annotate_stream), like `sourcelens annotate`."""
    from sourcelens.annotate.backends import get_backend
    from sourcelens.annotate.inputs import InputError, read_articles
    from sourcelens.annotate.pipeline import annotate_stream

    rows, errors = [], []
    for result in annotate_stream(read_articles(sources), get_backend(backend)):
        if isinstance(result, InputError):
            errors.append((result.path, result.line, result.message))
        else:
            rows.extend(flat_row(r) for r in result[1])
    return rows, errors


def test_bad_lines_are_reported_and_the_rest_annotated(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    feed = corpus_jsonl(inputs / "feed.jsonl", 6, bad_lines={2: '{"id": "broken", "text": ', 4: '{"id": "blank", "text": "  "}'})
    # awkward bytes the reader must treat exactly as the local engine does
    awkward = inputs / "zz_awkward.jsonl"
    awkward.write_bytes(
        b"\xef\xbb\xbf" + json.dumps({"id": "bom", "text": "Police said the road was closed."}).encode() + b"\r\n"
        + b'{"id": "latin1", "text": "caf\xe9 owners said so."}\n'
        + b"\n"
        + json.dumps({"text": "No id here. The mayor said it was fine."}).encode() + b"\n"
        + json.dumps({"id": "art-0", "text": "A repeated id. Officials said so."}).encode() + b"\n"
        + b"[1, 2]\n"
    )
    (inputs / "crlf.txt").write_bytes(b"Headline here\r\nThe minister said taxes would fall.\r\nCritics said they would not.\r\n")
    (inputs / "empty.txt").write_bytes(b"  \n")
    (inputs / "notes.md").write_text("not an input type", encoding="utf-8")
    out = tmp_path / "out"
    sources = [str(inputs), str(tmp_path / "missing.jsonl")]

    result = run_ray(sources, str(out), BackendSpec("rules"), workers=1)

    local_rows, local_errors = local_run(sources)
    assert [(e.path, e.line, e.message) for e in result.errors] == local_errors
    where = {(Path(e.path).name, e.line): e.message for e in result.errors}
    assert "invalid JSON" in where["feed.jsonl", 3] and "blank" in where["feed.jsonl", 6]
    assert "not UTF-8" in where["zz_awkward.jsonl", 2] and "expected a JSON object" in where["zz_awkward.jsonl", 6]
    assert "repeats" in where["zz_awkward.jsonl", None] and "empty" in where["empty.txt", None]
    assert where["missing.jsonl", None] == "no such file"
    assert not result.ok
    assert_same_rows(read_shards(str(out)).to_pylist(), local_rows)
    assert {"art-0", "art-1", "art-2", "art-3", "pre-4", "art-5", "bom", "zz_awkward-4", "crlf"} == {r["article_id"] for r in local_rows}
    written = [json.loads(line) for line in (out / ERRORS_FILE).read_text(encoding="utf-8").splitlines()]
    assert [(r["path"], r["line"], r["message"]) for r in written] == local_errors
    assert str(feed) in {r["path"] for r in written}
    assert json.loads((out / MANIFEST_FILE).read_text())["errors"] == len(local_errors)


@pytest.mark.slow
def test_cli_ray_engine_with_the_shipped_model_equals_the_local_jsonl(runner, tmp_path):
    """`annotate --engine ray` through the CLI: the model loaded in a Ray actor, rows equal to the local JSONL."""
    from sourcelens.models.model_dir import default_model_path

    if default_model_path() is None:
        pytest.skip("no shipped model in this install")
    feed = corpus_jsonl(tmp_path / "feed.jsonl", 3, bad_lines={1: '{"id": "broken", "text": '})
    local_out, ray_out = tmp_path / "local.jsonl", tmp_path / "annotated"

    local = runner.invoke(main, ["annotate", str(feed), "-o", str(local_out), "-q"])
    ray_run = runner.invoke(main, ["annotate", "--engine", "ray", "--workers", "1", str(feed), "-o", str(ray_out), "-q"])

    assert local.exit_code == ray_run.exit_code == 1, ray_run.output  # the bad line, reported by both
    assert f"error: {feed}:2: invalid JSON" in local.stderr and f"error: {feed}:2: invalid JSON" in ray_run.stderr
    assert "on 1 Ray worker" in ray_run.stderr
    want = [flat_row(AnnotatedSentence.from_json(json.loads(line))) for line in local_out.read_text(encoding="utf-8").splitlines()]
    got = read_shards(str(ray_out)).to_pylist()
    assert len(want) > 40 and want[0]["model_version"] == got[0]["model_version"] != RULES_VERSION
    assert_same_rows(got, want)
    assert [json.loads(line)["line"] for line in (ray_out / ERRORS_FILE).read_text(encoding="utf-8").splitlines()] == [2]


@pytest.mark.parametrize(
    "args, message",
    [
        (["-o", "out.jsonl"], "-o out.jsonl names a file; give a directory"),
        (["-o", "existing.parquet"], "-o existing.parquet names a file; give a directory"),
        ([], "give one with -o DIR"),
        (["-o", "annotated", "--format", "csv"], "--format csv needs --engine local"),
        (["-o", "annotated", "--ray-address", "ray://head:10001"], "Ray Data does not run over Ray Client"),
    ],
)
def test_cli_ray_engine_usage_errors_write_nothing(runner, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "existing.parquet").write_bytes(b"PAR1")
    (tmp_path / "story.txt").write_text(TRAM, encoding="utf-8")
    result = runner.invoke(main, ["annotate", "story.txt", "--engine", "ray", "--backend", "rules", *args])
    assert result.exit_code == 2 and message in result.output, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing.parquet", "story.txt"]  # nothing written


def test_the_private_ray_listens_on_loopback_only():
    """The Ray that `--engine ray` starts binds 127.0.0.1: Ray has no authentication, so it must not face the network."""
    import subprocess
    import sys

    code = (
        "import ray\n"
        "from sourcelens.annotate.ray_engine import _start_ray\n"
        "assert _start_ray(None, 1)\n"
        "print(sorted({n['NodeManagerAddress'] for n in ray.nodes()}))\n"
        "import shutil, subprocess\n"
        "print(subprocess.run(['ss', '-ltnp'], capture_output=True, text=True).stdout if shutil.which('ss') else '')\n"
        "ray.shutdown()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env={**__import__("os").environ, "RAY_ADDRESS": ""})
    assert done.returncode == 0, done.stderr[-1500:]
    lines = done.stdout.strip().splitlines()
    assert "['127.0.0.1']" in lines
    listening = [line for line in lines if line.startswith("LISTEN") and any(p in line for p in ("gcs_server", "raylet", "ray::"))]
    assert all("127.0.0.1" in line.split()[3] for line in listening), listening  # every Ray server on loopback (when `ss` is there to ask)
