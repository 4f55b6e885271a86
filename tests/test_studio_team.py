"""A team on one real Label Studio (the session `studio_server`): annotators, overlap, blind pre-labelled
stream, agreement, hand-imported tasks and the queue (issue 12, items 1-8)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import httpx
import pytest
from sklearn.metrics import cohen_kappa_score

from sourcelens.annotate.attribution import RULES_VERSION
from sourcelens.cli import main
from sourcelens.corpus.authored import CORPUS_DIR
from sourcelens.records import LABELS, HumanLabel
from sourcelens.studio.client import connect

from studio_helpers import studio_cli, write_feed

pytestmark = pytest.mark.server

ARTICLES = [
    {"id": "council", "title": "Council backs new bus lanes", "text": "The city council approved the bus lanes on Monday, the mayor's office said.\nTransport analyst Rui Costa said the plan looked rushed.\nThe lanes will open in May."},
    {"id": "strike", "title": "Nurses strike for a second day", "text": "Nurses stayed away from two hospitals on Tuesday.\nThe union said talks had failed, according to a statement.\nEconomists warned the strike could last weeks."},
]


@pytest.fixture(scope="module")
def feed(tmp_path_factory) -> Path:
    return write_feed(tmp_path_factory.mktemp("team-feed"), ARTICLES)


def as_member(url: str, email: str, password: str) -> httpx.Client:
    """An API client with the member's own token, got the way a person gets it: log in, then read it."""
    with httpx.Client(base_url=url, timeout=60) as browser:
        browser.get("/user/login/")
        login = browser.post("/user/login/", data={"email": email, "password": password, "csrfmiddlewaretoken": browser.cookies["csrftoken"]})
        assert login.status_code == 302, f"{email} could not log in"
        token = browser.get("/api/current-user/token").json()["token"]
    return httpx.Client(base_url=url, headers={"Authorization": f"Token {token}"}, timeout=60)


def choice(label: str) -> list[dict]:
    return [{"from_name": "label", "to_name": "sentence", "type": "choices", "value": {"choices": [label]}}]


def other(label: str) -> str:
    return next(x for x in LABELS if x != label)


def isolated(snapshot: Path, tmp_path: Path) -> Path:
    """A copy of a snapshot in a workspace of its own (the human test split file sits beside the project folders)."""
    target = tmp_path / "corrections" / snapshot.parent.name / snapshot.name
    shutil.copytree(snapshot, target)
    return target


def corpus_slice(tmp_path: Path, lines: int = 4) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "slice.jsonl").write_text("\n".join((CORPUS_DIR / "conflict.jsonl").read_text(encoding="utf-8").splitlines()[:lines]) + "\n", encoding="utf-8")
    return folder


def test_two_annotators_with_overlap_label_blind_from_the_prelabel_and_their_agreement_is_reported(studio_server, runner, feed, tmp_path):
    ws, conn = studio_server
    pushed = studio_cli(runner, ws, conn, "push", str(feed), "--project", "team", "--backend", "rules", "--overlap", "2")
    assert pushed.exit_code == 0, pushed.output
    studio = connect(conn)
    project = studio.project("team")
    assert f"{conn.url}/projects/{project.id}/data" in pushed.output and "2 annotators per task" in pushed.output

    # 1. two annotators, each with a login of their own
    ana = studio_cli(runner, ws, conn, "annotators", "add", "ana@team.example")
    assert ana.exit_code == 0 and f"{conn.url}/user/login/" in ana.output, ana.output
    passwords = {"ana@team.example": re.search(r"password: (\S+)", ana.output).group(1), "ben@team.example": "ben-labels-42"}
    assert studio_cli(runner, ws, conn, "annotators", "add", "ben@team.example", "--password", passwords["ben@team.example"]).exit_code == 0
    again = studio_cli(runner, ws, conn, "annotators", "add", "ben@team.example")
    assert again.exit_code == 1 and "already a member" in again.output
    listed = studio_cli(runner, ws, conn, "annotators", "list").output
    assert "ana@team.example" in listed and "ben@team.example" in listed
    members = {email: as_member(conn.url, email, pw) for email, pw in passwords.items()}

    # 2. the project's settings: pre-labels from the pushed model, overlap 2, the guide as instructions
    settings = studio.client.projects.get(project.id)
    assert settings.show_collab_predictions is True and settings.reveal_preannotations_interactively is False
    assert settings.maximum_annotations == 2 and settings.model_version == RULES_VERSION
    assert settings.show_instruction is True and "Official claim" in settings.expert_instruction and "Commentator opinion" in settings.expert_instruction

    # each works through the labelling stream: every task comes with the prediction and none of the other's answers
    given: dict[tuple[str, str], str] = {}
    predicted: dict[str, str] = {}
    for email, member in members.items():
        for _ in range(8):
            answer = member.get(f"/api/projects/{project.id}/next")
            assert answer.status_code == 200, answer.text
            task = answer.json()
            sid = task["data"]["sentence_id"]
            assert task["annotations"] == [], f"{email} sees another annotator's answer on {sid}"
            (prediction,) = task["predictions"]
            assert prediction["model_version"] == RULES_VERSION
            predicted[sid] = prediction["result"][0]["value"]["choices"][0]
            body = {"result": prediction["result"], "parent_prediction": prediction["id"], "lead_time": 4.0}
            if email == "ben@team.example" and sid in ("council#2", "strike#2"):
                body["result"] = choice(other(predicted[sid]))  # changed the pre-annotation
            elif email == "ben@team.example" and sid == "strike#3":
                body = {"result": choice(predicted[sid]), "lead_time": 4.0}  # a blank start that lands on the model's label
            assert member.post(f"/api/tasks/{task['id']}/annotations/", json=body).status_code == 201
            given[(sid, email)] = body["result"][0]["value"]["choices"][0]
        assert member.get(f"/api/projects/{project.id}/next").status_code == 404  # done: every task once each
    admin = httpx.Client(base_url=conn.url, headers={"Authorization": f"Token {conn.api_key}"}, timeout=60)
    assert admin.get(f"/api/projects/{project.id}/next").status_code == 404  # overlap 2 reached: no task for a third person
    # what Community edition does not hide: the Data Manager's task view lists everyone's annotations
    any_task = next(iter(studio.client.tasks.list(project=project.id, fields="task_only"))).id
    assert len(members["ben@team.example"].get(f"/api/tasks/{any_task}").json()["annotations"]) == 2

    # 3. pull keeps both annotators; the blank start is neither accepted nor changed
    pulled = studio_cli(runner, ws, conn, "pull", "--project", "team")
    assert pulled.exit_code == 0 and "16 annotations (13 accepted the prediction, 2 changed it, 1 did not start from it)" in pulled.output, pulled.output
    (snapshot,) = (ws / "corrections" / "team").glob("0*")
    rows = {(r.sentence_id, r.annotator): r for r in (HumanLabel.from_json(json.loads(line)) for line in (snapshot / "labels.jsonl").read_text().splitlines())}
    assert {k: r.label for k, r in rows.items()} == given
    blank = rows[("strike#3", "ben@team.example")]
    assert blank.started_from == "blank" and blank.accepted is None and blank.shown_label is None
    assert rows[("strike#2", "ben@team.example")].accepted is False and rows[("strike#2", "ana@team.example")].accepted is True

    # eval --human reports the two annotators' agreement and the acceptance of pre-annotations started from them
    report = tmp_path / "report"
    evaluated = runner.invoke(main, ["eval", "--data", str(corpus_slice(tmp_path)), "--no-baseline", "--human", str(isolated(snapshot, tmp_path)),
                                     "--report", str(report), "--bootstrap", "20"])
    assert evaluated.exit_code == 0, evaluated.output
    human = json.loads((report / "metrics.json").read_text())["human"]
    ids = sorted(predicted)
    expected = cohen_kappa_score([given[(s, "ana@team.example")] for s in ids], [given[(s, "ben@team.example")] for s in ids], labels=list(LABELS))
    assert human["inter_annotator"]["annotators"] == 2 and human["inter_annotator"]["sentences_with_2_or_more"] == 8
    assert human["inter_annotator"]["cohen_kappa"] == pytest.approx(expected, abs=1e-4)
    assert human["acceptance_rate"][RULES_VERSION] == {"shown": 15, "accepted": 13, "rate": round(13 / 15, 4)}


def test_a_task_imported_by_hand_is_pulled_and_reaches_the_training_rows(studio_server, runner, tmp_path):
    from sourcelens.training.training_data import training_data

    ws, conn = studio_server
    studio = connect(conn)
    c = studio.client
    project = studio.project("hand-import", create=True)
    text = "Residents said the water had been brown for a week."
    c.projects.import_tasks(project.id, request=[{"text": text, "previous": "The city denied any problem."}])  # as the import dialog makes it
    tasks = {t.data.get("text"): t for t in c.tasks.list(project=project.id, fields="all")}
    source = {"from_name": "span", "to_name": "sentence", "type": "labels", "value": {"start": 0, "end": 9, "text": "Residents", "labels": ["source"]}}
    c.annotations.create(tasks[text].id, result=choice("commentator_opinion") + [source], lead_time=3.0)

    pulled = studio_cli(runner, ws, conn, "pull", "--project", "hand-import")
    assert pulled.exit_code == 0, pulled.output
    assert "1 annotations (0 accepted the prediction, 0 changed it, 1 did not start from it; 1 from tasks imported by hand)" in pulled.output, pulled.output
    (snapshot,) = (ws / "corrections" / "hand-import").glob("0*")
    (row,) = [HumanLabel.from_json(json.loads(line)) for line in (snapshot / "labels.jsonl").read_text().splitlines()]
    sid = f"studio-{project.id}-task-{tasks[text].id}#0"
    assert (row.sentence_id, row.label, row.task_id, row.context, row.source.text) == (sid, "commentator_opinion", tasks[text].id, "The city denied any problem.", "Residents")

    data = training_data([corpus_slice(tmp_path)], [isolated(snapshot, tmp_path)])
    train = data.dataset["train"]
    (at,) = [i for i, rid in enumerate(train["id"]) if rid == sid]
    label = train.features["label"].int2str(train[at]["label"])
    assert (train[at]["text"], label, train[at]["context"], train[at]["source"]) == (text, "commentator_opinion", "The city denied any problem.", "Residents")
    assert data.corrections["report"]["new_sentences"] == 1


def test_push_with_a_limit_keeps_that_many_uncertain_tasks_open(studio_server, runner, feed):
    ws, conn = studio_server
    first = studio_cli(runner, ws, conn, "push", str(feed), "--project", "queue", "--select", "uncertain", "--limit", "3")
    assert first.exit_code == 0, first.output
    assert "3 new tasks" in first.output and "queue: 0 open tasks before, 3 now" in first.output
    low, high = (float(x) for x in re.search(r"picked by uncertainty: model score (\S+)-(\S+); the 5 not picked: ", first.output).groups())
    second = studio_cli(runner, ws, conn, "push", str(feed), "--project", "queue", "--select", "uncertain", "--limit", "3")
    assert second.exit_code == 0 and "0 new tasks" in second.output and "queue: 3 open tasks before, 3 now" in second.output

    studio = connect(conn)
    project = studio.project("queue")
    tasks = sorted(studio.client.tasks.list(project=project.id, fields="all"), key=lambda t: t.id)
    scores = [t.predictions[0].score for t in tasks]
    assert min(scores) == pytest.approx(low, abs=0.01) and max(scores) == pytest.approx(high, abs=0.01)
    studio.client.annotations.create(tasks[0].id, result=choice("reporter_statement"), lead_time=1.0)  # one task done
    third = studio_cli(runner, ws, conn, "push", str(feed), "--project", "queue", "--select", "uncertain", "--limit", "3")
    assert third.exit_code == 0 and "1 new tasks" in third.output and "queue: 2 open tasks before, 3 now" in third.output
