"""Model soups (training/soup.py): the weighted mean of two real tiny models, through the CLI.

The second ingredient is a real one-epoch run with another seed, as a user would soup two seeds.
"""

from __future__ import annotations

import json
import shutil

import pytest
from model_helpers import train_tiny

from sourcelens.cli import main


@pytest.fixture(scope="module")
def second_tiny(tmp_path_factory):
    """The tiny model's recipe with seed 7: same base and input format, other weights."""
    out = tmp_path_factory.mktemp("models") / "tiny-seed7"
    train_tiny(out, "tiny-seed7", seed=7, score_runtimes=("torch",))
    return out


def test_soup_is_the_weighted_mean_with_its_own_crf_scores_and_card(runner, tiny_model, second_tiny, corpus_slice, tmp_path, article_file):
    from safetensors.numpy import load_file

    first, _ = tiny_model
    out = tmp_path / "soup"
    result = runner.invoke(main, ["models", "soup", str(first), str(second_tiny), "--weight", "1", "--weight", "3", "--out", str(out),
                                  "--name", "tiny-soup", "--data", str(corpus_slice)])
    assert result.exit_code == 0, result.output
    assert "dev macro-F1 (onnx-int8 + article CRF)" in result.output and f"-> {out}" in result.output
    a, b, soup = (load_file(p / "model.safetensors") for p in (first, second_tiny, out))
    assert set(soup) == set(a)
    for name in ("classifier.weight", "bert.embeddings.word_embeddings.weight"):
        expected = (a[name].astype("float32") + 3 * b[name].astype("float32")) / 4
        assert soup[name].dtype == a[name].dtype  # fp16 in, fp16 out
        assert abs(soup[name].astype("float32") - expected).max() < 2e-3
    assert abs(a["classifier.weight"].astype("float32") - b["classifier.weight"].astype("float32")).max() > 1e-2  # the seeds differ
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert [(m["from"], m["weight"]) for m in metrics["soup"]] == [("tiny-1", 1.0), ("tiny-seed7", 3.0)]
    assert set(metrics["macro_f1_by_runtime"]["test"]) == {"torch fp32 + article CRF", "onnx-int8 + article CRF"}
    assert (out / "article_crf.crfsuite").exists()
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "A model soup: the weighted mean of the weights of `tiny-1` (weight 1), `tiny-seed7` (weight 3)" in card
    annotated = tmp_path / "out.jsonl"
    result = runner.invoke(main, ["annotate", str(article_file), "--model", str(out), "-o", str(annotated), "--quiet"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in annotated.read_text(encoding="utf-8").splitlines()]
    assert rows and {r["model_version"] for r in rows} == {"tiny-soup"}


def test_soup_refuses_models_that_cannot_be_averaged_in_one_line_and_writes_nothing(runner, tiny_model, tmp_path, corpus_slice):
    first, _ = tiny_model
    other = tmp_path / "other-format"
    shutil.copytree(first, other)
    info = json.loads((other / "sourcelens.json").read_text(encoding="utf-8"))
    (other / "sourcelens.json").write_text(json.dumps({**info, "context": "previous-two"}), encoding="utf-8")
    out = tmp_path / "never"
    cases = [
        ([str(first), str(other)], 1, "its context is 'previous-two'"),
        ([str(first)], 1, "a soup needs at least two models"),
        ([str(first), str(first), "--weight", "1"], 2, "give one --weight per model: 2 models, 1 weights"),
        ([str(first), str(tmp_path / "missing")], 2, "no such model directory"),
    ]
    for args, code, message in cases:
        result = runner.invoke(main, ["models", "soup", *args, "--out", str(out), "--data", str(corpus_slice)])
        assert result.exit_code == code and message in result.output, result.output
        assert "Traceback" not in result.output
    assert not out.exists()
    before = (first / "model.safetensors").read_bytes()
    result = runner.invoke(main, ["models", "soup", str(first), str(first), "--out", str(first), "--data", str(corpus_slice)])
    assert result.exit_code == 1 and "must go to a new directory" in result.output, result.output
    assert (first / "model.safetensors").read_bytes() == before
