"""Fast unit tests at the seams between owners: model directory, runtime, backends, pipeline,
snapshots, atomic writes, the ML backend's task input, model inputs and training data.

Real files in tmp_path and the shipped model in models/default; no mocks, no Label Studio,
no Ray, no training. Writers and input readers are in test_writers.py and test_inputs.py.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import stat
from pathlib import Path

import pytest

from sourcelens.annotate.backends import BACKENDS, BackendSpec, RulesBackend, merge, set_annotations
from sourcelens.annotate.inputs import article_from_text
from sourcelens.annotate.pipeline import Chunker, annotate_stream
from sourcelens.annotate.segment import segment
from sourcelens.atomic import write_atomic
from sourcelens.cli import main
from sourcelens.models.model_dir import DEFAULT_DIR, MODEL_INFO, ModelDir, ModelDirError, ModelInfo, ModelNotFound
from sourcelens.models.runtime import RUNTIMES, resolve
from sourcelens.records import LABELS, Attribution, HumanLabel, Signals, Span

SHIPPED_VERSION = json.loads((DEFAULT_DIR / MODEL_INFO).read_text(encoding="utf-8"))["version"]


def one_line(message: str) -> bool:
    return bool(message.strip()) and "\n" not in message


def copy_model(tmp_path: Path, name: str = "model") -> Path:
    target = tmp_path / name
    shutil.copytree(DEFAULT_DIR, target)
    return target


# 1. models.model_dir ---------------------------------------------------------------------------


def test_model_info_save_load_round_trip(tmp_path):
    info = ModelInfo(version="seam-test-1", base="some/base", base_package="pkg", base_version="9.9", max_length=96, context="speaker-v1", extra={"k": [1, 2]})
    info.save(tmp_path)
    written = json.loads((tmp_path / MODEL_INFO).read_text(encoding="utf-8"))
    assert written["labels"] == list(LABELS) and written["context"] == "speaker-v1"
    loaded = ModelInfo.load(tmp_path)
    assert loaded == info
    assert isinstance(loaded.labels, tuple) and loaded.labels == LABELS
    assert loaded.context == "speaker-v1" and loaded.max_length == 96 and loaded.extra == {"k": [1, 2]}


BAD_INFO = {
    "no version": json.dumps({"labels": list(LABELS)}),
    "sentiment labels": json.dumps({"version": "v", "labels": ["positive", "negative", "neutral"]}),
    "permuted labels": json.dumps({"version": "v", "labels": [LABELS[1], LABELS[0], LABELS[2]]}),
    "four labels": json.dumps({"version": "v", "labels": list(LABELS) + ["rumour"]}),
    "invalid json": '{"version": "v", "labels": [',
}


@pytest.mark.parametrize("content", BAD_INFO.values(), ids=BAD_INFO.keys())
def test_model_info_load_refuses_bad_sourcelens_json(tmp_path, content):
    path = tmp_path / MODEL_INFO
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ModelDirError) as caught:
        ModelInfo.load(tmp_path)
    message = str(caught.value)
    assert one_line(message)
    assert str(path) in message


def test_model_info_load_refuses_non_integer_max_length_naming_the_file(tmp_path):
    path = tmp_path / MODEL_INFO
    path.write_text(json.dumps({"version": "v", "labels": list(LABELS), "max_length": "long"}), encoding="utf-8")
    with pytest.raises(ModelDirError) as caught:
        ModelInfo.load(tmp_path)
    assert str(path) in str(caught.value)


def test_model_dir_open_without_sourcelens_json_is_model_not_found(tmp_path):
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelNotFound) as caught:
        ModelDir.open(tmp_path)
    assert str(tmp_path) in str(caught.value)


def test_the_shipped_int8_export_is_used_and_other_exports_live_under_the_cache(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("SOURCELENS_CACHE", str(cache))
    model = ModelDir.open(DEFAULT_DIR)
    int8, fp32 = model.onnx_file(True), model.onnx_file(False)
    assert int8.is_relative_to(DEFAULT_DIR) and int8.exists()  # every install runs the int8 weights that were scored
    assert fp32.is_relative_to(cache)
    for path in (int8, fp32):
        assert model.digest in path.parts
    copy = copy_model(tmp_path)
    config = json.loads((copy / "config.json").read_text(encoding="utf-8"))
    (copy / "config.json").write_text(json.dumps({**config, "seam_test": True}), encoding="utf-8")
    changed = ModelDir.open(copy)
    assert changed.onnx_file(True).is_relative_to(cache)  # other weights never pick up the shipped export


def test_the_first_run_of_the_default_model_exports_nothing(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCELENS_CACHE", str(tmp_path / "cache"))
    result = runner.invoke(main, ["annotate", "--example"])
    assert result.exit_code == 0, result.output
    assert "preparing the ONNX runtime" not in result.output
    assert not (tmp_path / "cache" / "onnx").exists()


def test_digest_follows_the_config(tmp_path):
    copy = copy_model(tmp_path)
    before = ModelDir.open(copy).digest
    assert re.fullmatch(r"[0-9a-f]{16}", before)
    assert before == ModelDir.open(DEFAULT_DIR).digest  # the same bytes give the same key
    config = json.loads((copy / "config.json").read_text(encoding="utf-8"))
    config["seam_test"] = True
    (copy / "config.json").write_text(json.dumps(config), encoding="utf-8")
    after = ModelDir.open(copy).digest
    assert re.fullmatch(r"[0-9a-f]{16}", after) and after != before


# 2. models.runtime ---------------------------------------------------------------------------


def test_load_torch_on_truncated_weights_is_a_model_dir_error(tmp_path):
    from sourcelens.models.runtime import load_torch

    copy = copy_model(tmp_path)
    weights = copy / "model.safetensors"
    with open(weights, "r+b") as handle:
        handle.truncate(weights.stat().st_size // 2)
    model_dir = ModelDir.open(copy)  # sourcelens.json is fine
    with pytest.raises(ModelDirError) as caught:
        load_torch(model_dir)
    assert one_line(str(caught.value))
    assert str(copy) in str(caught.value)


# 3. annotate.backends.BackendSpec ---------------------------------------------------------------


def test_backend_spec_refuses_unknown_name_and_runtime():
    with pytest.raises(ValueError) as caught:
        BackendSpec("spacy")
    assert all(name in str(caught.value) for name in BACKENDS) and "spacy" in str(caught.value)
    with pytest.raises(ValueError) as caught:
        BackendSpec("rules", runtime="gpu")
    assert all(runtime in str(caught.value) for runtime in RUNTIMES) and "gpu" in str(caught.value)


def test_rules_spec_tag_and_build():
    spec = BackendSpec("rules")
    assert spec.tag().startswith("rules:") and len(spec.tag()) > len("rules:")
    assert isinstance(spec.build(), RulesBackend)


def test_model_spec_tag_names_version_digest_and_runtime():
    kind, version, digest, runtime = BackendSpec("model").tag().split(":")
    assert kind == "model"
    assert version == SHIPPED_VERSION
    assert re.fullmatch(r"[0-9a-f]{16}", digest) and digest == ModelDir.open(DEFAULT_DIR).digest
    assert runtime == resolve("auto") and runtime in RUNTIMES and runtime != "auto"
    assert BackendSpec("model", runtime="torch").tag().endswith(":torch")


def test_with_model_path_makes_the_model_path_absolute(monkeypatch):
    monkeypatch.chdir(DEFAULT_DIR.parent)
    spec = BackendSpec("model", model=DEFAULT_DIR.name)
    resolved = spec.with_model_path()
    assert not Path(spec.model).is_absolute()
    assert Path(resolved.model).is_absolute()
    assert Path(resolved.model) == DEFAULT_DIR.resolve()
    assert resolved.name == "model" and resolved.runtime == spec.runtime


def test_backend_spec_is_frozen():
    spec = BackendSpec("rules")
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.name = "model"
    assert spec.name == "rules"


# 4. annotate.backends.merge / set_annotations ---------------------------------------------------

SENTENCE = "The mayor said the bridge might close."


def rule_attribution(label: str = "official_claim") -> Attribution:
    return Attribution(
        label=label,
        scores={k: float(k == label) for k in LABELS},
        source=Span.find(SENTENCE, "The mayor"),
        source_name="The mayor",
        source_type="official" if label == "official_claim" else "commentator",
        cue=Span.find(SENTENCE, "said"),
        signals=Signals(hedges=[Span.find(SENTENCE, "might")], named_source=True),
        baseline_label=label,
    )


MODEL_SCORES = {"official_claim": 0.1, "commentator_opinion": 0.2, "reporter_statement": 0.7}


def test_merge_reporter_statement_clears_the_speaker():
    rule = rule_attribution("official_claim")
    merged = merge(rule, "reporter_statement", MODEL_SCORES)
    assert merged.label == "reporter_statement" and merged.scores == MODEL_SCORES
    assert (merged.source, merged.source_name, merged.source_type, merged.cue) == (None, None, None, None)
    assert merged.signals.named_source is None
    assert merged.signals.hedges == rule.signals.hedges  # the other signals stay
    assert merged.baseline_label == "official_claim"
    assert rule.source is not None and rule.signals.named_source is True  # the rules' record is not changed


def test_merge_official_claim_keeps_the_rules_spans():
    rule = rule_attribution("commentator_opinion")
    scores = {"official_claim": 0.8, "commentator_opinion": 0.15, "reporter_statement": 0.05}
    merged = merge(rule, "official_claim", scores)
    assert merged.label == "official_claim" and merged.scores == scores
    assert merged.source == rule.source and merged.cue == rule.cue
    assert merged.source_name == "The mayor" and merged.source_type == rule.source_type
    assert merged.signals.named_source is True
    assert merged.baseline_label == "commentator_opinion"


def test_set_annotations_merges_each_and_refuses_mismatched_lengths():
    rules = [rule_attribution("official_claim"), rule_attribution("commentator_opinion")]
    predictions = [("reporter_statement", MODEL_SCORES), ("official_claim", MODEL_SCORES)]
    out = set_annotations(rules, predictions)
    assert [a.label for a in out] == ["reporter_statement", "official_claim"]
    assert [a.baseline_label for a in out] == ["official_claim", "commentator_opinion"]
    with pytest.raises(ValueError):
        set_annotations(rules, predictions[:1])
    with pytest.raises(ValueError):
        set_annotations(rules[:1], predictions)


def test_a_continued_account_the_rules_missed_takes_the_last_speaker():
    """The model hears a source where the tracker found none: the speaker is the last one seen (decision 17)."""
    reporter = Attribution("reporter_statement", {k: float(k == "reporter_statement") for k in LABELS}, baseline_label="reporter_statement")
    rules = [rule_attribution("official_claim"), reporter, reporter]
    out = set_annotations(rules, [("official_claim", MODEL_SCORES), ("official_claim", MODEL_SCORES), ("reporter_statement", MODEL_SCORES)])
    assert (out[1].source_name, out[1].source_type, out[1].signals.named_source) == ("The mayor", "official", True)
    assert out[1].source is None and out[1].cue is None  # no span: the sentence does not name the speaker
    assert out[2].source_name is None
    alone = set_annotations([reporter], [("official_claim", MODEL_SCORES)])
    assert alone[0].source_name is None  # nobody spoke before


def test_the_items_of_a_list_a_source_opens_with_a_colon_are_the_sources():
    """ "Police said those arrested were held on these charges:" and then one arrest a line: the police's account."""
    reporter = Attribution("reporter_statement", {k: float(k == "reporter_statement") for k in LABELS}, baseline_label="reporter_statement")
    texts = ["Police said the five were held on the following charges:", "Jo A. Marsh: Possession of heroin, held on $7,000 bond.",
             "Tom Reyes: Dealing in cocaine, held without bond.", "The raid followed a tip from a neighbour.", "Ann Cole: no charges."]
    rules = [rule_attribution("official_claim"), reporter, reporter, reporter, reporter]
    decided = [("official_claim", MODEL_SCORES)] + [("reporter_statement", MODEL_SCORES)] * 4
    out = set_annotations(rules, decided, texts)
    assert [a.label[:3] for a in out] == ["off", "off", "off", "rep", "rep"]  # the list ends where a sentence is no item
    assert out[2].source_name == "The mayor"
    assert [a.label[:3] for a in set_annotations(rules, decided)] == ["off", "rep", "rep", "rep", "rep"]  # without the texts, no layout


def test_a_relayed_account_the_model_hears_as_reporting_stays_the_sources():
    """Decision 17: "As reported by state television, ..." and the account it goes on with are the ministry's."""
    from sourcelens.annotate.attribution import annotate_article

    sentences = segment(article_from_text("relay", (
        "Engineer jailed for spying\n"
        "As reported by state television, the man copied secret files before he resigned in 2021.\n"
        "He later sold them to a foreign agency for cash.\n"
        "Officers arrested him at an airport.\n"
        "The account could not be independently verified."
    )))
    rules = annotate_article(sentences)
    assert [a.label for a in rules] == ["reporter_statement"] + ["official_claim"] * 3 + ["reporter_statement"]
    everything_reporting = [("reporter_statement", MODEL_SCORES)] * len(rules)
    out = set_annotations(rules, everything_reporting)
    assert [a.label for a in out] == ["reporter_statement", "reporter_statement", "official_claim", "official_claim", "reporter_statement"]
    assert out[2].source_name == rules[2].source_name and out[2].scores == MODEL_SCORES  # the model's doubt stays visible
    quoted = [dataclasses.replace(a, signals=dataclasses.replace(a.signals, relay=[])) for a in rules]  # an account nobody relayed: the model decides
    assert [a.label for a in set_annotations(quoted, everything_reporting)] == ["reporter_statement"] * 5


def test_an_outlets_account_heard_in_the_next_sentence_is_still_relayed():
    """The model hears the outlet's account go on where the tracker found no speaker: the speaker and the relay go on."""
    outlet = dataclasses.replace(rule_attribution("commentator_opinion"), source_name="Reuters", source_type="media",
                                 signals=Signals(relay=[Span(0, 7, "Reuters")], named_source=True))
    nobody = dataclasses.replace(rule_attribution("reporter_statement"), source=None, source_name=None, source_type=None, cue=None,
                                 signals=Signals())
    commentary = {"official_claim": 0.1, "commentator_opinion": 0.8, "reporter_statement": 0.1}
    out = set_annotations([outlet, nobody], [("commentator_opinion", commentary)] * 2)
    assert out[1].source_name == "Reuters" and out[1].signals.relay and out[1].signals.named_source is True
    person = dataclasses.replace(outlet, source_name="Ana Ruiz", source_type="commentator")  # told Reuters: her account, not the outlet's
    assert not set_annotations([person, nobody], [("commentator_opinion", commentary)] * 2)[1].signals.relay


def test_a_company_executive_speaks_for_the_company():
    """Decision 14: the model hears opinion in a chief executive's words; the company speaks all the same."""
    def spoken_by(role: str, source_type: str = "official") -> Attribution:
        return dataclasses.replace(rule_attribution("official_claim"), source_name=role.split(", ")[-1], source_role=role, source_type=source_type)

    rules = [
        spoken_by("Apple CEO Tim Cook"),
        spoken_by("Its founder, Ana Ruiz"),
        spoken_by("the union's president, Li Wei"),
        spoken_by("Mark Hale, a former chief executive of the bank"),
        spoken_by("Dana Kerr, chief executive of the rival startup Tessel"),
        spoken_by("the analyst, Jo Park", "commentator"),
        spoken_by("Jo Hale, the site's executive director of industry analysis"),  # an analyst by her role
        spoken_by("Raj Mehta, Director, Harbour Securities"),  # a broker reading the market for clients
        spoken_by("Lea Moss, senior VP of partnerships at Tessel"),
        spoken_by("Ann Lee, director of enforcement at the Securities and Exchange Commission"),  # a regulator, not a broker
    ]
    commentary = {"official_claim": 0.2, "commentator_opinion": 0.7, "reporter_statement": 0.1}
    out = set_annotations(rules, [("commentator_opinion", commentary)] * len(rules))
    assert [a.label[:3] for a in out] == ["off", "off", "com", "com", "com", "com", "com", "com", "off", "off"]
    assert out[0].scores == commentary  # the model's reading stays visible in the scores


# 5. annotate.pipeline ---------------------------------------------------------------------------


def test_chunker_flushes_at_the_limit_and_restarts():
    chunker = Chunker(10)
    assert [chunker.add(4), chunker.add(4), chunker.add(3)] == [False, False, True]
    assert chunker.add(9) is False  # the count restarted: 9 < 10
    assert chunker.add(1) is True


STREAM_TEXTS = [
    "Council approves tram extension\nThe city council approved the extension on Tuesday, the mayor's office said. It added that work would begin in spring.\nThe line will run 6 km.",
    "Port strike enters second week\nDock workers stayed out on Monday. The union said talks had collapsed.",
    "Prices rise again\nPrices rose 3% in May.\nThe central bank said inflation would ease. Economists doubt it, analyst Noor Haddad said.",
    "Bridge closes\nTransport Minister Ana Ruiz said the bridge would close. He added that repairs would take a year.",
]


class CountingRules(RulesBackend):
    """The rules backend, recording how many articles each call received."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[int] = []

    def attribute(self, articles, outlets=None):
        self.calls.append(len(articles))
        return super().attribute(articles, outlets)


def test_annotate_stream_rows_do_not_depend_on_chunking():
    articles = [article_from_text(f"art-{i}", text) for i, text in enumerate(STREAM_TEXTS)]
    small, big = CountingRules(), CountingRules()
    one = [(a.id, [r.to_json() for r in rows]) for a, rows in annotate_stream(articles, small, chunk_sentences=1)]
    whole = [(a.id, [r.to_json() for r in rows]) for a, rows in annotate_stream(articles, big, chunk_sentences=100_000)]
    assert small.calls == [1] * len(articles) and big.calls == [len(articles)]  # the chunking really differed
    assert [article_id for article_id, _ in one] == [a.id for a in articles]
    assert all(rows for _, rows in one)
    assert one == whole


# 8. studio.snapshots ----------------------------------------------------------------------------


def human_labels() -> list[HumanLabel]:
    text = "The mayor said the bridge would close."
    return [
        HumanLabel(sentence_id="a1#1", annotator="ann1", label="official_claim", text=text, source=Span.find(text, "The mayor"), cue=Span.find(text, "said")),
        HumanLabel(sentence_id="a1#2", annotator="ann2", label="reporter_statement", text="Traffic was light on Monday."),
    ]


def test_snapshot_round_trip_and_tamper_check(tmp_path):
    from sourcelens.studio.snapshots import SnapshotError, read_snapshot, write_snapshot

    labels = human_labels()
    folder = tmp_path / "corrections" / "p"
    path = write_snapshot(folder, labels, {"project": "p"})
    assert path.parent == folder and path.name.startswith("0001-")
    snapshot = read_snapshot(path)
    assert snapshot.labels == labels
    assert snapshot.project == "p" and snapshot.rows == 2 and snapshot.name == path.name

    labels_file = path / "labels.jsonl"
    labels_file.write_text(labels_file.read_text(encoding="utf-8").replace("ann2", "ann3"), encoding="utf-8")
    with pytest.raises(SnapshotError) as caught:
        read_snapshot(path)
    assert "sha256" in str(caught.value)


def test_read_labels_accepts_snapshot_project_and_labels_file(tmp_path):
    from sourcelens.studio.snapshots import read_labels, write_snapshot

    labels = human_labels()
    folder = tmp_path / "corrections" / "p"
    first = write_snapshot(folder, labels, {"project": "p"})
    assert read_labels(first) == labels
    assert read_labels(folder) == labels
    assert read_labels(first / "labels.jsonl") == labels

    more = [HumanLabel(sentence_id="b2#0", annotator="ann1", label="commentator_opinion", text="It will fail, she argued.")]
    second = write_snapshot(folder, more, {"project": "p"})
    assert second.name.startswith("0002-")
    assert read_labels(second) == more
    assert read_labels(folder) == labels + more  # the project folder: every snapshot, in order


# 9. sourcelens.atomic ---------------------------------------------------------------------------


def test_write_atomic_replaces_content(tmp_path):
    target = tmp_path / "state.json"
    write_atomic(target, "first\n")
    assert target.read_text(encoding="utf-8") == "first\n"
    write_atomic(target, "second ✓\n")
    assert target.read_text(encoding="utf-8") == "second ✓\n"
    assert sorted(os.listdir(tmp_path)) == ["state.json"]


def test_write_atomic_failure_keeps_the_old_content_and_no_temp_file(tmp_path):
    target = tmp_path / "state.json"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(TypeError):
        write_atomic(target, b"not a str")  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(os.listdir(tmp_path)) == ["state.json"]


def test_write_atomic_keeps_ordinary_file_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        target = tmp_path / "metrics.json"
        target.write_text("{}\n", encoding="utf-8")
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        write_atomic(target, '{"f1": 1}\n')
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
    finally:
        os.umask(umask)


# 10. studio.ml_backend.TaskInput ----------------------------------------------------------------

PREVIOUS = "Transport Minister Ana Ruiz said the line would open in May."
CONTINUED = "He added that the budget was secure."


def test_task_input_keeps_the_pushed_context_exactly():
    from sourcelens.studio.ml_backend import TaskInput

    context = f"[new paragraph]  {PREVIOUS}  "
    task = TaskInput.of({"id": 7, "data": {"text": CONTINUED, "previous": PREVIOUS, "context": context, "article_id": "art-9"}})
    assert task.context == context
    assert task.sentence.text == CONTINUED and task.sentence.article_id == "art-9"
    assert task.previous is not None and task.previous.text == PREVIOUS
    # without a pushed context, a hand-imported task's `previous` is the context
    assert TaskInput.of({"id": 8, "data": {"text": CONTINUED, "previous": PREVIOUS}}).context == PREVIOUS


def test_task_input_rules_resolve_a_continued_account_from_the_previous_sentence():
    from sourcelens.studio.ml_backend import TaskInput

    with_previous = TaskInput.of({"id": 1, "data": {"text": CONTINUED, "previous": PREVIOUS, "context": PREVIOUS}}).rules()
    assert with_previous.source_name is not None and "Ana Ruiz" in with_previous.source_name
    alone = TaskInput.of({"id": 2, "data": {"text": CONTINUED}}).rules()
    assert "Ana Ruiz" not in (alone.source_name or "")  # the name can only come from the neighbour


# 11. models.context.model_inputs ----------------------------------------------------------------

CONTEXT_TEXT = "Bridge to close for a year\nTransport Minister Ana Ruiz said the bridge would close on Monday. He added that repairs would take a year.\nTraffic was light on Tuesday."


def test_previous_sentence_context():
    from sourcelens.models.context import model_inputs

    sentences = segment(article_from_text("ctx", CONTEXT_TEXT))
    assert [s.paragraph for s in sentences] == [0, 1, 1, 2]
    pairs = model_inputs(sentences, fmt="previous-sentence")
    assert [text for text, _ in pairs] == [s.text for s in sentences]
    contexts = [context for _, context in pairs]
    assert contexts == [
        "[headline]",
        f"[new paragraph] {sentences[0].text}",
        sentences[1].text,
        f"[new paragraph] {sentences[2].text}",
    ]


def test_speaker_context_needs_attributions():
    from sourcelens.annotate.attribution import annotate_article
    from sourcelens.models.context import model_inputs

    sentences = segment(article_from_text("ctx", CONTEXT_TEXT))
    with pytest.raises(ValueError):
        model_inputs(sentences, fmt="speaker-v1")
    with pytest.raises(ValueError):
        model_inputs(sentences, annotate_article(sentences)[:-1], fmt="speaker-v1")


def test_speaker_context_from_the_rules():
    from sourcelens.annotate.attribution import annotate_article
    from sourcelens.models.context import model_inputs

    sentences = segment(article_from_text("ctx", CONTEXT_TEXT))
    attributions = annotate_article(sentences)
    pairs = model_inputs(sentences, attributions, fmt="speaker-v1")
    plain = model_inputs(sentences, fmt="previous-sentence")
    assert [text for text, _ in pairs] == [s.text for s in sentences]
    for (_, context), (_, previous) in zip(pairs, plain):
        assert context.startswith("[")
        assert context.endswith(previous)  # the previous-sentence context follows the speaker hint
    attributed = [i for i, a in enumerate(attributions) if a.source_name and a.label != "reporter_statement"]
    assert attributed, "the rules found no speaker in 'Transport Minister Ana Ruiz said ...'"
    for i in attributed:
        assert attributions[i].source_name in pairs[i][1]


# 12. training.training_data ---------------------------------------------------------------------


def write_labelled(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


LABELLED_ROWS = [
    {"article_id": "seam-a", "index": 0, "text": "Tram line approved", "label": "reporter_statement"},
    {"article_id": "seam-a", "index": 1, "text": "The council approved the line, the mayor said.", "label": "official_claim", "source": "the mayor"},
    {"article_id": "seam-b", "index": 0, "text": "Budget doubts", "label": "reporter_statement"},
    {"article_id": "seam-b", "index": 1, "text": "The plan will fail, analyst Noor Haddad said.", "label": "commentator_opinion"},
]


def test_saved_dataset_with_corrections_is_refused(tmp_path):
    from sourcelens.studio.snapshots import write_snapshot
    from sourcelens.training.datasets import save_dataset
    from sourcelens.training.training_data import TrainingDataError, training_data

    labelled = write_labelled(tmp_path / "labelled.jsonl", LABELLED_ROWS)
    built = training_data([labelled])
    assert sum(len(built.dataset[s]) for s in built.dataset) == len(LABELLED_ROWS)
    saved = tmp_path / "dataset"
    save_dataset(built.dataset, str(saved))
    assert sum(len(training_data([saved]).dataset[s]) for s in ("train", "dev", "test")) == len(LABELLED_ROWS)  # it is a saved dataset

    snapshot = write_snapshot(tmp_path / "corrections" / "p", human_labels(), {"project": "p"})
    with pytest.raises(TrainingDataError) as caught:
        training_data([saved], [snapshot])
    assert one_line(str(caught.value))


def test_saved_dataset_of_user_files_trains(tmp_path):
    from sourcelens.training.training_data import TrainingDataError, training_data

    built = training_data([write_labelled(tmp_path / "labelled.jsonl", LABELLED_ROWS)])
    assert len(built.dataset["test"]) == 0
    saved = tmp_path / "dataset"
    from sourcelens.training.datasets import save_dataset

    save_dataset(built.dataset, str(saved))  # as `sourcelens data build` saves it
    try:
        loaded = training_data([saved])
    except TrainingDataError:
        return  # refusing in one line would also be fine
    assert sum(len(loaded.dataset[s]) for s in ("train", "dev", "test")) == len(LABELLED_ROWS)


def test_labelled_file_with_a_bad_label_names_file_and_line(tmp_path):
    from sourcelens.training.training_data import TrainingDataError, training_data

    rows = [dict(LABELLED_ROWS[0]), dict(LABELLED_ROWS[1], label="rumour")]
    labelled = write_labelled(tmp_path / "bad.jsonl", rows)
    with pytest.raises(TrainingDataError) as caught:
        training_data([labelled])
    message = str(caught.value)
    assert one_line(message)
    assert f"{labelled}:2:" in message and "rumour" in message


def test_role_classifier_round_trip_without_pickle(tmp_path):
    """The role classifier learns official vs commentator from role mentions and is saved as plain arrays."""
    from sourcelens.models.role_classifier import ROLE_FILE, RoleClassifier

    official = ["Sen. Ben Sasse, R-Neb.", "the Ministry of Health", "Police Chief Tom Ward", "the company's chief executive", "Gov. Ana Ruiz"] * 3
    commentator = ["analyst Noor Haddad of Bancor", "Professor Li Wen, an economist", "a lawyer for the family", "rights group Amnesty", "coach Tom Reyes"] * 3
    fitted = RoleClassifier.fit(official + commentator, ["official"] * 15 + ["commentator"] * 15)
    fitted.save(tmp_path)
    loaded = RoleClassifier.load(tmp_path)
    probs = loaded.official(["Sen. Mara Quill, D-Ore.", "economist Tom Wren of Carrow Bank"])
    assert probs == fitted.official(["Sen. Mara Quill, D-Ore.", "economist Tom Wren of Carrow Bank"])
    assert probs[0] > 0.5 > probs[1]
    import numpy as np

    with np.load(tmp_path / ROLE_FILE, allow_pickle=False) as saved:  # loads without pickle
        assert set(saved.files) == {"coef", "intercept", "classes"}
    assert RoleClassifier.load(tmp_path / "nothing-here") is None


class PlainRules:
    """A backend written before `attribute` took the articles' outlets."""

    version, parse, reads_tracker = "plain", False, False

    def attribute(self, articles):
        return RulesBackend().attribute(articles)

    def model_inputs(self, sentences, rules):
        return RulesBackend().model_inputs(sentences, rules)


def test_outlets_reach_the_tracker_only_when_an_input_names_one():
    text = "Headline\nThe minister told the Herald that the plan would go ahead."
    plain = [article_from_text("a", text)]
    rows = [r for _, rs in annotate_stream(plain, PlainRules()) for r in rs]  # an older backend still works
    assert rows[1].attribution.signals.relay
    own = [article_from_text("a", text, {"outlet": "The Ridgeway Herald"})]
    rows = [r for _, rs in annotate_stream(own, RulesBackend()) for r in rs]
    assert rows[1].attribution.signals.relay == []
    with pytest.raises(ValueError, match="one per article"):
        RulesBackend().attribute([segment(plain[0])], outlets=[None, None])


def test_a_scholar_or_fact_checker_speaks_for_no_office():
    """Decision 10: the model hears an official in a think-tank fellow's words; the fellow is a commentator all the same."""
    def spoken_by(role: str, source_type: str = "commentator") -> Attribution:
        return dataclasses.replace(rule_attribution("commentator_opinion"), source_name=role.split(", ")[0], source_role=role, source_type=source_type)

    rules = [
        spoken_by("Ann Hale, a senior fellow at the Harbour Institute"),
        spoken_by("Tom Reyes, chief executive of the fact-checking charity Plain Facts"),
        spoken_by("Lin Wu, chief economist at the central bank"),  # serves in an office
        spoken_by("Dr. Mara Ode, a professor of law", "official"),  # the tracker's type is not a commentator's
    ]
    official = {"official_claim": 0.7, "commentator_opinion": 0.2, "reporter_statement": 0.1}
    out = set_annotations(rules, [("official_claim", official)] * len(rules))
    assert [a.label[:3] for a in out] == ["com", "com", "off", "off"]


def test_an_economist_of_a_public_body_keeps_the_models_official():
    def spoken_by(role: str) -> Attribution:
        return dataclasses.replace(rule_attribution("commentator_opinion"), source_name=role, source_role=role, source_type="commentator")

    rules = [spoken_by("Gita Rao, the IMF's chief economist"), spoken_by("an economist at the Congressional Budget Office"),
             spoken_by("Ann Hale, a senior fellow at the Harbour Institute")]
    official = {"official_claim": 0.7, "commentator_opinion": 0.2, "reporter_statement": 0.1}
    assert [a.label[:3] for a in set_annotations(rules, [("official_claim", official)] * 3)] == ["off", "off", "com"]


def test_unnamed_lay_people_speak_for_no_office():
    """Decision 10: "people familiar with the matter", customers, others; an unnamed official keeps the model's label."""
    def spoken_by(name: str, source_type: str = "unknown", anonymous: bool = True) -> Attribution:
        rule = rule_attribution("commentator_opinion")
        signals = dataclasses.replace(rule.signals, anonymous=[Span(0, len(name), name)] if anonymous else [])
        return dataclasses.replace(rule, source_name=name, source_role=name, source_type=source_type, signals=signals)

    rules = [
        spoken_by("Some consumers who sought help"),
        spoken_by("a second person briefed on the call"),
        spoken_by("a senior official", "official"),
        spoken_by("Two Crestline executives"),  # no lay head: executives may speak for their company
        spoken_by("the people", anonymous=False),
    ]
    official = {"official_claim": 0.7, "commentator_opinion": 0.2, "reporter_statement": 0.1}
    out = set_annotations(rules, [("official_claim", official)] * len(rules))
    assert [a.label[:3] for a in out] == ["com", "com", "off", "off", "off"]


def test_a_rights_group_speaks_for_no_office_but_a_union_of_states_may():
    """Decision 14: rights groups, NGOs, think tanks are commentators "even when their officers speak"."""
    def spoken_by(role: str, source_type: str = "commentator") -> Attribution:
        return dataclasses.replace(rule_attribution("commentator_opinion"), source_name=role, source_role=role, source_type=source_type)

    rules = [spoken_by("rights groups like Amnesty International"), spoken_by("the think tank Bruegel"),
             spoken_by("A European Union official involved in the talks"), spoken_by("the Football Association's tribunal")]
    official = {"official_claim": 0.4, "commentator_opinion": 0.3, "reporter_statement": 0.3}
    assert [a.label[:3] for a in set_annotations(rules, [("official_claim", official)] * 4)] == ["com", "com", "off", "off"]


def test_another_outlet_alone_is_a_commentator_unless_it_cites_its_own_source():
    """Decision 15: "..., according to the Northern Gazette." is a commentator's claim; an outlet that names its source
    ("a business daily citing the gazette notice") passes the original source's label through (rule 5)."""
    def spoken_by(role: str, source_type: str = "media") -> Attribution:
        return dataclasses.replace(rule_attribution("commentator_opinion"), source_name=role, source_role=role, source_type=source_type)

    rules = [spoken_by("the Northern Gazette"), spoken_by("a Mexico City business daily citing the gazette notice"),
             spoken_by("the ministry", "official")]
    official = {"official_claim": 0.9, "commentator_opinion": 0.05, "reporter_statement": 0.05}
    assert [a.label[:3] for a in set_annotations(rules, [("official_claim", official)] * 3)] == ["com", "off", "off"]
