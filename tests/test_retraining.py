"""Retraining and its effect (issue 12, items 9-13): the human test split, eval --human over many
snapshots, one figure per runtime, models by name from any directory, and the warm start.

Real snapshot folders written the way `studio pull` writes them, real article files, the real tiny
model (tests/conftest.py) and the shipped one; the CLI through click's runner.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from sourcelens.annotate.pipeline import annotate_files
from sourcelens.cli import main
from sourcelens.corpus.authored import CORPUS_DIR
from sourcelens.corpus.human_splits import HUMAN_SPLITS_FILE, assign, read_assignment
from sourcelens.models.context import context_of
from sourcelens.models.model_dir import DEFAULT_DIR, MODEL_INFO, ModelNotFound, find_model
from sourcelens.records import LABELS, HumanLabel
from sourcelens.studio.snapshots import write_snapshot

O, C, R = LABELS
ARTICLES = {
    "tram": "Council approves tram extension\nThe city council approved the tram extension on Tuesday, the mayor's office said. "
            "It added that construction would begin in the spring.\nTransport analyst Noor Haddad said the budget looked optimistic.",
    "port": "Port strike enters second week\nDock workers stayed out on Monday, the union said. Talks had collapsed, it added.\n"
            "Shipping analyst Ivo Brandt said the losses would mount.",
    "bank": "Central bank holds rates\nThe central bank kept its main rate at 3%, its governor said. Inflation would ease, she added.\n"
            "Economist Lena Park said the bank was too cautious.",
    "flood": "Floods close river road\nThe river road was closed on Sunday, police said. Repairs would take a week, they added.\n"
             "Engineer Tomas Vail said the barriers were too low.",
}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """WORKSPACE/corrections/desk with two pulls by two annotators on four articles outside the corpus.

    ana labels every sentence in the first pull, starting from the rules' pre-annotation; her newer
    version of the first annotation comes in the second pull (same annotation id), with ben's labels."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    rows = annotate_files(str(folder), backend="rules")
    by_article: dict[str, list] = {}
    for row in rows:
        by_article.setdefault(row.sentence.article_id, []).append(row)
    first, second = [], []
    for article_rows in by_article.values():
        sentences = [r.sentence for r in article_rows]
        for i, row in enumerate(article_rows):
            shown = row.attribution.label
            truth = R if i == 0 else (C if i == len(article_rows) - 1 else O)  # headline; the officials' account; the analyst
            common = dict(sentence_id=row.sentence.id, text=row.sentence.text, context=context_of(sentences, i), shown_label=shown,
                          shown_model_version="rules-x", started_from="prediction", lead_time=9.0)
            at = f"2026-12-01T10:{len(first):02d}:00Z"
            first.append(HumanLabel(annotator="ana", label=truth, created_at=at, updated_at=at, task_id=len(first) + 1, annotation_id=len(first) + 1, **common))
            if i == 1:
                second.append(HumanLabel(annotator="ben", label=truth, created_at=at, updated_at=at, task_id=len(first), annotation_id=1000 + len(first), **common))
    updated = replace(first[0], label=first[0].shown_label, updated_at="2026-12-01T11:00:00Z")
    project = tmp_path / "ws" / "corrections" / "desk"
    write_snapshot(project, first, {"project": "desk", "project_id": 1}, name="0001-20261201T105900Z")
    write_snapshot(project, [updated, *second], {"project": "desk", "project_id": 1}, name="0002-20261201T110100Z")
    return tmp_path / "ws"


# ---- item 10: the human test split -------------------------------------------------------------


def test_human_split_is_frozen_once_assigned(tmp_path: Path):
    path = tmp_path / HUMAN_SPLITS_FILE
    assert assign(["only"], path) == {"only": "train"}  # one article cannot be both trained on and held out
    first = assign(["only", "b", "c", "d"], path)
    assert sorted(first.values()).count("test") == 1 and first["only"] == "train"
    again = assign(["d", "c", "b", "only", "e", "f", "g", "h"], path)  # eight articles: two held out
    assert {a: again[a] for a in first} == first  # nothing assigned before moves
    assert list(again.values()).count("test") == 2
    assert read_assignment(path) == again
    assert json.loads(path.read_text(encoding="utf-8"))["test"] == sorted(a for a, s in again.items() if s == "test")
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="not a human split file"):
        assign(["z"], path)


def test_training_never_sees_the_human_test_split(workspace: Path, corpus_slice: Path):
    from sourcelens.training.training_data import training_data

    data = training_data([corpus_slice], [workspace / "corrections"])
    split = read_assignment(workspace / "corrections" / HUMAN_SPLITS_FILE)
    assert sorted(split) == sorted(ARTICLES) and list(split.values()).count("test") == 1
    held = next(a for a, s in split.items() if s == "test")
    train_ids = set(data.dataset["train"]["id"])
    assert not any(i.startswith(f"{held}#") for i in train_ids)
    assert all(any(i.startswith(f"{a}#") for i in train_ids) for a, s in split.items() if s == "train")
    human_test = data.corrections["human_test"]
    assert human_test["articles"] == [held] and human_test["sentences"] == len([i for i in data.corrections["not_applied"]["human_test"]])
    assert "held out as the human test split (1 article)" in data.report
    again = training_data([corpus_slice], [workspace / "corrections"])
    assert again.corrections["human_test"] == human_test  # frozen: the same article every time


# ---- items 10 and 12: eval --human --------------------------------------------------------------


def _eval(runner, model: Path, corpus: Path, report: Path, *human: str):
    args = ["eval", "--model", str(model), "--no-baseline", "--data", str(corpus), "--bootstrap", "50", "--report", str(report), "--human", *human]
    return runner.invoke(main, args)


@pytest.mark.slow
def test_eval_human_takes_many_files_a_glob_or_a_folder_and_counts_each_annotation_once(tiny_model, workspace, corpus_slice, runner, tmp_path):
    model = tiny_model[0]
    project = workspace / "corrections" / "desk"
    files = sorted(str(p) for p in project.glob("*/labels.jsonl"))
    assert len(files) == 2
    runs = {
        "files": _eval(runner, model, corpus_slice, tmp_path / "r1", *files),  # what the shell makes of --human desk/*/labels.jsonl
        "glob": _eval(runner, model, corpus_slice, tmp_path / "r2", str(project / "*" / "labels.jsonl")),  # the same, quoted
        "folder": _eval(runner, model, corpus_slice, tmp_path / "r3", str(workspace / "corrections")),  # every project
        "twice": _eval(runner, model, corpus_slice, tmp_path / "r4", str(project), files[0]),  # a snapshot named twice is read once
    }
    for name, result in runs.items():
        assert result.exit_code == 0, (name, result.output)
        assert "before / after on human-corrected sentences: the human test split" in result.output
    reports = [json.loads((tmp_path / r / "metrics.json").read_text(encoding="utf-8")) for r in ("r1", "r2", "r3", "r4")]
    assert all(r["human"] == reports[0]["human"] and r["human_test"] == reports[0]["human_test"] for r in reports)
    # ana's first annotation was updated in the second pull: it counts once, in its newest version
    labels = [json.loads(line) for f in files for line in Path(f).read_text(encoding="utf-8").splitlines()]
    distinct = {(row["sentence_id"], row["annotator"]) for row in labels}
    assert len(labels) == len(distinct) + 1
    newest = {(row["sentence_id"], row["annotator"]): row["accepted"] for row in sorted(labels, key=lambda row: row["updated_at"])}
    assert reports[0]["human"]["acceptance_rate"]["rules-x"] == {
        "shown": len(distinct), "accepted": sum(newest.values()), "rate": round(sum(newest.values()) / len(distinct), 4)}
    human_test = reports[0]["human_test"]
    held = json.loads((workspace / "corrections" / HUMAN_SPLITS_FILE).read_text(encoding="utf-8"))["test"]
    assert len(held) == 1 and human_test["articles"] == held
    assert human_test["sentences"] == len({s for s, _ in distinct if s.startswith(held[0] + "#")})
    assert set(human_test["models"]) == {"tiny-1"} and human_test["models"]["tiny-1"]["n"] == human_test["sentences"]
    assert "Before / after on human-corrected sentences" in (tmp_path / "r1" / "report.html").read_text(encoding="utf-8")
    assert "before / after on human-corrected sentences" in (tmp_path / "r1" / "summary.md").read_text(encoding="utf-8")


def test_eval_human_refuses_what_is_not_a_snapshot_in_one_line(runner, tmp_path):
    stray = tmp_path / "notes.jsonl"
    stray.write_text("{}\n", encoding="utf-8")
    for human, message in ((str(stray), "not a snapshot file"), (str(tmp_path / "nothing-*"), "the pattern matches no file"), (str(tmp_path), "nor a folder holding snapshots")):
        result = runner.invoke(main, ["eval", "--no-baseline", "--human", human])
        assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output
    result = runner.invoke(main, ["eval", "stray-argument"])
    assert result.exit_code == 2 and "eval takes no arguments except more --human paths" in result.output


# ---- item 11: one figure per runtime --------------------------------------------------------------


def test_metrics_and_card_name_the_runtime_of_every_figure(tiny_model):
    from sourcelens.training.model_card import runtime_lines
    from sourcelens.training.train import DURING_TRAINING

    out, metrics = tiny_model
    dev = metrics["macro_f1_by_runtime"]["dev"]
    assert list(dev) == [DURING_TRAINING, "torch fp32 + article CRF", "onnx-int8 + article CRF"]
    assert dev[DURING_TRAINING] == metrics["best_dev_macro_f1_during_training"]
    assert dev["torch fp32 + article CRF"] == metrics["dev"]["macro_f1"] and metrics["scored_runtime"] == "torch fp32 + article CRF"
    assert set(metrics["macro_f1_by_runtime"]["test"]) == {"torch fp32 + article CRF", "onnx-int8 + article CRF"}
    lines = runtime_lines(metrics)
    assert lines[0].startswith(f"dev macro-F1 ({DURING_TRAINING}) ") and lines[2].startswith("dev macro-F1 (onnx-int8 + article CRF) ")
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "## Macro-F1 per runtime" in card and all(f"| {name} |" in card for name in dev)


# ---- item 13: models by name, from any directory ------------------------------------------------------


def test_model_names_resolve_to_the_installed_models_from_any_directory(runner, article_file, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # not the checkout: models/default is no path here
    shipped = json.loads((DEFAULT_DIR / MODEL_INFO).read_text(encoding="utf-8"))["version"]
    registry = json.loads((DEFAULT_DIR.parent / "registry.json").read_text(encoding="utf-8"))["models"]
    default_name = next(e["name"] for e in registry if e["default"])
    for name in ("default", default_name):
        result = runner.invoke(main, ["annotate", str(article_file), "--model", name, "--runtime", "torch", "--format", "jsonl", "-q"])
        assert result.exit_code == 0, result.output
        assert {json.loads(line)["model_version"] for line in result.stdout.splitlines()} == {shipped}
    result = runner.invoke(main, ["annotate", str(article_file), "--model", "no-such-model"])
    assert result.exit_code == 2 and "no-such-model: no such model directory, and not a model name (known names: default" in result.output
    assert "Traceback" not in result.output


def test_find_model_prefers_a_directory_then_default_then_registered_names(tmp_path, monkeypatch):
    (tmp_path / "archive" / "old-1").mkdir(parents=True)
    registry = tmp_path / "registry.json"
    registry.write_text(json.dumps({"models": [{"name": "old-1", "path": "archive/old-1"}, {"name": "far", "path": "/elsewhere/far"}]}), encoding="utf-8")
    assert find_model("old-1", registry) == tmp_path / "archive" / "old-1"  # relative to the registry, not the working directory
    assert find_model("far", registry) == Path("/elsewhere/far")
    assert find_model("default", registry) == DEFAULT_DIR
    monkeypatch.chdir(tmp_path)
    (tmp_path / "far").mkdir()
    assert find_model("far", registry) == Path("far")  # an existing directory is a path
    with pytest.raises(ModelNotFound, match="known names: default, far, old-1"):
        find_model("nope", registry)
    from sourcelens.cli import DataParam

    assert DataParam().convert("corpus", None, None) == str(CORPUS_DIR)  # `--data corpus`: the installed corpus, from anywhere


# ---- item 9: the warm start ------------------------------------------------------------------------------


@pytest.mark.slow
def test_warm_start_fine_tunes_the_given_model_on_corrections_and_a_replay_sample(tiny_model, workspace, corpus_slice, tmp_path):
    from safetensors.numpy import load_file

    from sourcelens.training.train import TrainConfig, train
    from sourcelens.training.training_data import training_data, warm_start_rows

    parent, parent_metrics = tiny_model
    data = warm_start_rows(training_data([corpus_slice], [workspace / "corrections"]), replay=8, seed=13)
    focus = {i for i in data.dataset["train"]["id"] if "#" in i and not i.startswith("conflict-")}
    assert len(data.dataset["train"]) == len(focus) + 8 and "warm start: " in data.report
    again = warm_start_rows(training_data([corpus_slice], [workspace / "corrections"]), replay=8, seed=13)
    assert again.dataset["train"]["id"] == data.dataset["train"]["id"]  # the replay sample is seeded
    assert TrainConfig.warm(parent).replay == 400 and TrainConfig().replay == 0
    config = TrainConfig.warm(parent, epochs=1, batch_size=16, replay=8, name="tiny-warm", score_runtimes=("torch",))
    assert (config.context, config.learning_rate, config.warm_start) == ("previous-sentence", 3e-5, str(parent))
    out = tmp_path / "warm"
    metrics = train(data.dataset, out, config, corrections=data.corrections)
    assert metrics["warm_start"] == {"from": "tiny-1", "path": str(parent), "data_fingerprint": parent_metrics["data_fingerprint"]}
    assert metrics["rows"]["train"] == len(focus) + 8 and (out / "article_crf.crfsuite").exists()
    before, after = load_file(parent / "model.safetensors"), load_file(out / "model.safetensors")
    change = abs(after["classifier.weight"].astype("float32") - before["classifier.weight"].astype("float32")).max()
    assert 0 < change < 0.01  # a few small steps from the parent's weights, not a fresh head
    assert "Warm start from `tiny-1` (its weights; 8 corpus rows replayed" in (out / "README.md").read_text(encoding="utf-8")


def test_warm_start_options_are_checked_before_any_work(runner, tiny_model, workspace, tmp_path):
    parent = str(tiny_model[0])
    cases = [
        (["--warm-start"], "--warm-start trains on corrections"),
        (["--warm-start", parent, "--corrections", str(workspace / "corrections"), "--context", "speaker-v2"], "reads the previous-sentence context"),
        (["--warm-start", parent, "--corrections", str(workspace / "corrections"), "--out", parent], "--out must be a new directory"),
    ]
    for extra, message in cases:
        args = ["train", "--out", str(tmp_path / "never"), *extra]
        result = runner.invoke(main, args)
        assert result.exit_code == 2 and message in result.output, result.output
    assert not (tmp_path / "never").exists()
