"""Retraining from corrections: real snapshot folders on disk, merged into real corpus articles."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from sourcelens.records import HumanLabel, Span
from sourcelens.corpus.authored import CORPUS_DIR, load_corpus
from sourcelens.studio import snapshots
from sourcelens.studio.snapshots import SnapshotError, read_snapshot
from sourcelens.training.corrections import apply_corrections, load_corrections
from sourcelens.corpus.splits import frozen_splits
from sourcelens.records import text_hash
from sourcelens.training.datasets import build_dataset

O, C, R = "official_claim", "commentator_opinion", "reporter_statement"
NEW_CONTEXT = "[new paragraph] The port authority said the cranes would be back by Friday."
NEW_TEXT = "Dock workers, however, said the repairs would take a month."


@pytest.fixture(scope="module")
def articles():
    """The first six corpus articles: conflict-001 is dev, conflict-002 test, 003-006 train (splits.json)."""
    return load_corpus()[:6]


def sentence(articles, sentence_id: str):
    return next(g for a in articles for g in a.sentences if g.sentence.id == sentence_id)


def label(articles, sentence_id: str, annotator: str, value: str, at: str, annotation_id: int, **extra) -> HumanLabel:
    """A HumanLabel as `studio pull` writes it; text and context from the corpus unless given."""
    if "text" not in extra:
        extra["text"] = sentence(articles, sentence_id).sentence.text
    return HumanLabel(
        sentence_id=sentence_id,
        annotator=annotator,
        label=value,
        created_at="2026-11-20T09:00:00.000000Z",
        updated_at=at,
        lead_time=12.5,
        shown_label=R,
        shown_model_version="sourcelens-minilm-ctx-1",
        task_id=annotation_id + 1000,
        annotation_id=annotation_id,
        **extra,
    )


def write_snapshot(project: Path, name: str, labels: list[HumanLabel]) -> Path:
    manifest = {"project": "news", "project_id": 1, "annotators": sorted({item.annotator for item in labels})}
    return snapshots.write_snapshot(project, labels, manifest, name=name)


@pytest.fixture
def project(tmp_path: Path, articles) -> Path:
    """A project folder with two pulls, a cursor, and a half-written (hidden) staging folder."""
    folder = tmp_path / "workspace" / "corrections" / "news"
    s31 = sentence(articles, "conflict-003#1").sentence.text
    source = Span.find(s31, "the convoy")
    feed_text = sentence(articles, "conflict-006#1").sentence.text
    first = [
        label(articles, "conflict-003#1", "alice", C, "2026-11-20T10:00:00.000000Z", 1, source=source),
        label(articles, "conflict-004#1", "alice", O, "2026-11-20T10:01:00.000000Z", 2),  # a 1-1 tie
        label(articles, "conflict-004#1", "bob", C, "2026-11-20T10:02:00.000000Z", 3),
        label(articles, "conflict-005#2", "alice", C, "2026-11-20T10:03:00.000000Z", 4),  # 2-1 majority
        label(articles, "conflict-005#2", "bob", C, "2026-11-20T10:04:00.000000Z", 5),
        label(articles, "conflict-005#2", "carol", O, "2026-11-20T10:05:00.000000Z", 6),
        label(articles, "conflict-002#1", "alice", C, "2026-11-20T10:06:00.000000Z", 7),  # a frozen-test sentence
        label(articles, "harbour-77#4", "alice", C, "2026-11-20T10:07:00.000000Z", 8, text=NEW_TEXT, context=NEW_CONTEXT, cue=Span.find(NEW_TEXT, "said")),
        label(articles, "feed-9#1", "bob", C, "2026-11-20T10:08:00.000000Z", 9, text=feed_text),  # conflict-006#1 under another id
    ]
    write_snapshot(folder, "0001-20261120T100900Z", first)
    # The second pull carries alice's newer version of annotation 1 (same id, later updated_at).
    write_snapshot(folder, "0002-20261120T110100Z", [label(articles, "conflict-003#1", "alice", O, "2026-11-20T11:00:00.000000Z", 1)])
    (folder / "cursor.json").write_text('{"updated_at": "2026-11-20T11:00:00+00:00", "ids": [1]}\n', encoding="utf-8")
    (folder / ".0003-20261120T120000Z.abc").mkdir()  # a pull that never finished: not a snapshot
    return folder


def test_read_snapshot_verifies_rows_and_hash(project: Path):
    snapshot = read_snapshot(project / "0001-20261120T100900Z")
    assert (snapshot.project, snapshot.name, snapshot.rows, len(snapshot.labels)) == ("news", "0001-20261120T100900Z", 9, 9)
    assert snapshot.sha256 == hashlib.sha256((project / "0001-20261120T100900Z" / "labels.jsonl").read_bytes()).hexdigest()

    labels_file = project / "0002-20261120T110100Z" / "labels.jsonl"
    labels_file.write_bytes(labels_file.read_bytes().replace(b'"official_claim"', b'"reporter_statement"'))
    with pytest.raises(SnapshotError, match=r"labels\.jsonl: sha256 .* does not match"):
        read_snapshot(labels_file.parent)

    manifest_file = project / "0001-20261120T100900Z" / "manifest.json"
    manifest = json.loads(manifest_file.read_text())
    manifest_file.write_text(json.dumps({**manifest, "rows": 8}))
    with pytest.raises(SnapshotError, match=r"labels\.jsonl: 9 rows, the manifest says 8"):
        read_snapshot(manifest_file.parent)
    manifest_file.unlink()
    with pytest.raises(SnapshotError, match=r"manifest\.json: missing"):
        read_snapshot(manifest_file.parent)
    with pytest.raises(SnapshotError, match="neither a snapshot"):
        load_corrections([project.parent.parent])  # the workspace: snapshots are two folders down, not one


def test_latest_version_majority_and_ties(project: Path):
    loaded = load_corrections([project])
    assert [s.name for s in loaded.snapshots] == ["0001-20261120T100900Z", "0002-20261120T110100Z"]  # hidden staging folder skipped
    assert loaded.rows == 10 and len(loaded.labels) == 9  # alice's two versions of annotation 1 count once
    assert loaded.resolved["conflict-003#1"].label == O  # the later version wins
    assert loaded.resolved["conflict-005#2"].label == C  # 2 of 3
    assert loaded.ties == ["conflict-004#1"] and "conflict-004#1" not in loaded.resolved
    # Given newest first, and the same snapshot twice (project and snapshot folder): the same result, in pull order.
    again = load_corrections([project / "0002-20261120T110100Z", project])
    assert [s.name for s in again.snapshots] == [s.name for s in loaded.snapshots] and again.resolved["conflict-003#1"].label == O


def test_evaluation_and_corrections_count_votes_with_one_implementation():
    from sourcelens import votes
    from sourcelens.eval import agreement

    assert agreement.majority is votes.majority and agreement.by_sentence is votes.by_sentence


def test_apply_overrides_adds_new_sentences_and_leaves_test_alone(project: Path, articles):
    loaded = load_corrections([project])
    assignment = frozen_splits(articles)
    assert [assignment[a.article.id] for a in articles] == ["dev", "test", "train", "train", "train", "train"]
    merged = apply_corrections(articles, loaded, assignment)
    report = merged.report

    corrected = sentence(merged.articles, "conflict-003#1")
    assert corrected.label == O and corrected.source is None  # alice's newest version had no source span
    assert sentence(merged.articles, "conflict-005#2").label == C
    assert sentence(merged.articles, "conflict-004#1").label == sentence(articles, "conflict-004#1").label  # tie: corpus label kept
    assert sentence(merged.articles, "conflict-006#1").label == C  # matched by text under the id feed-9#1
    assert sentence(merged.articles, "conflict-002#1").label == sentence(articles, "conflict-002#1").label  # frozen test untouched
    assert sentence(articles, "conflict-003#1").label == R  # the inputs are not modified

    expected_changed = sum(sentence(articles, sid).label != new for sid, new in [("conflict-003#1", O), ("conflict-005#2", C), ("conflict-006#1", C)])
    assert (report.overrides, report.label_changed, report.new_sentences) == (3, expected_changed, 1)
    assert report.applied == 4 and report.ties == ["conflict-004#1"] and report.skipped_test == ["conflict-002#1"]
    assert "4 applied" in report.summary() and "1 on frozen-test sentences (conflict-002#1)" in report.summary()

    dataset = build_dataset(merged.articles, assignment, extra_train=merged.new_rows)
    train = {row["id"]: row for row in dataset["train"]}
    new = train["harbour-77#4"]
    assert (new["text"], new["context"], new["label"]) == (NEW_TEXT, NEW_CONTEXT, dataset["train"].features["label"].str2int(C))
    assert (new["cue"], new["cue_start"], new["text_hash"]) == ("said", NEW_TEXT.index("said"), text_hash(NEW_TEXT))
    assert "feed-9#1" not in train  # folded into conflict-006#1, not a second row
    assert train["conflict-003#1"]["label"] == dataset["train"].features["label"].str2int(O)
    # The frozen test split is exactly what it was without corrections.
    assert dataset["test"].to_list() == build_dataset(articles, assignment)["test"].to_list()
    assert all(row["article_id"] != "harbour-77" for split in ("dev", "test") for row in dataset[split])


def test_duplicate_and_test_text_corrections(tmp_path: Path, articles):
    """Two ids for one new sentence give one row; a test sentence's text is not learnt from; an outdated text is not applied."""
    test_text = sentence(articles, "conflict-002#3").sentence.text
    folder = write_snapshot(
        tmp_path / "news",
        "0001-20261121T080000Z",
        [
            label(articles, "pasted-1#4", "alice", O, "2026-11-21T07:00:00Z", 20, text=NEW_TEXT, context=NEW_CONTEXT),
            label(articles, "pasted-2#4", "bob", C, "2026-11-21T07:30:00Z", 21, text=NEW_TEXT, context=NEW_CONTEXT),
            label(articles, "other-5#0", "alice", R, "2026-11-21T07:40:00Z", 22, text=test_text, context=""),
            label(articles, "conflict-003#2", "alice", O, "2026-11-21T07:50:00Z", 23, text="A sentence the corpus no longer has."),
        ],
    )
    merged = apply_corrections(articles, load_corrections([folder]))
    assert [(r["id"], r["label"]) for r in merged.new_rows] == [("pasted-2#4", C)]  # the newer of the two
    assert merged.report.duplicates == 1 and merged.report.skipped_test == ["other-5#0"] and merged.report.stale == ["conflict-003#2"]
    assert merged.report.overrides == 0 and all(m is a for m, a in zip(merged.articles, articles))


def test_train_refuses_a_changed_snapshot_in_one_line(runner, project: Path, tmp_path: Path):
    from sourcelens.cli import main

    labels_file = project / "0001-20261120T100900Z" / "labels.jsonl"
    labels_file.write_text(labels_file.read_text().replace("alice", "mallory"), encoding="utf-8")
    result = runner.invoke(main, ["train", "--corrections", str(project), "--out", str(tmp_path / "model")])
    assert result.exit_code == 1
    assert "Error:" in result.output and "sha256" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "model").exists()


@pytest.mark.slow
def test_train_with_corrections_records_the_snapshots(runner, project: Path, tmp_path: Path):
    from sourcelens.cli import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "slice.jsonl").write_text("\n".join((CORPUS_DIR / "conflict.jsonl").read_text(encoding="utf-8").splitlines()[:6]) + "\n", encoding="utf-8")
    out = tmp_path / "retrained"
    args = ["train", "--data", str(corpus), "--corrections", str(project / "0001-20261120T100900Z"), "--corrections", str(project / "0002-20261120T110100Z")]
    result = runner.invoke(main, args + ["--out", str(out), "--epochs", "1", "--batch-size", "16", "--max-train-rows", "48", "--half", "--name", "tiny-corrected"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("corrections: 10 rows from 2 snapshots -> 4 applied")
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    snapshots = metrics["corrections"]["snapshots"]
    assert [s["snapshot"] for s in snapshots] == ["0001-20261120T100900Z", "0002-20261120T110100Z"]
    first = project / "0001-20261120T100900Z"
    assert snapshots[0] == {"path": str(first), "project": "news", "snapshot": first.name, "rows": 9, "sha256": hashlib.sha256((first / "labels.jsonl").read_bytes()).hexdigest()}
    assert metrics["corrections"]["report"] == {
        "snapshots": 2, "rows": 10, "sentences": 5, "applied": 4, "overrides": 3, "label_changed": metrics["corrections"]["report"]["label_changed"],
        "new_sentences": 1, "duplicates": 0, "ties": 1, "skipped_test": 1, "stale": 0, "human_test": 0,
    }
    assert metrics["corrections"]["not_applied"] == {"ties": ["conflict-004#1"], "frozen_test": ["conflict-002#1"], "stale": [], "human_test": []}
    # harbour-77 is the only human-labelled article the data does not hold: one article is not enough to hold one out
    assert metrics["corrections"]["human_test"] == {"file": str(project.parent / "human_splits.json"), "articles": [], "sentences": 0}
    assert metrics["rows"]["test"] == 18 and metrics["test"]["n"] == 18  # conflict-002, unchanged
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "Human corrections: 2 Label Studio snapshots (news/0001-20261120T100900Z, news/0002-20261120T110100Z); 4 applied" in card
