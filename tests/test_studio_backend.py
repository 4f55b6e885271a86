"""The ML backend: protocol shapes in-process, then live against a real Label Studio and a headless Chromium."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.request

import pytest

from sourcelens.cli import main
from sourcelens.annotate.backends import BackendSpec
from sourcelens.records import LABELS
from sourcelens.studio.interface import label_config
from sourcelens.studio.tasks import read_result

pytestmark = pytest.mark.server

SENTENCE = "The ministry said the bridge would reopen on Monday."
PROJECT = "backend-live"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The backend on the shipped default model, loaded once, with a retrain command that leaves a marker."""
    from sourcelens.studio.ml_backend import create_app

    marker = tmp_path_factory.mktemp("retrain") / "retrained.txt"
    command = f'printf "%s" "$SOURCELENS_STUDIO_PROJECT" > {marker}'
    app = create_app(retrain_command=command, retrain_every=1)
    app.state.marker = marker
    return app


@pytest.fixture(scope="module")
def client(app):
    from fastapi.testclient import TestClient

    return TestClient(app, headers={"Authorization": f"Bearer {app.state.token}"})


def test_tasks_give_the_model_the_context_they_carry():
    from sourcelens.studio.ml_backend import TaskError, TaskInput

    for context in ["[headline]", "", "[new paragraph] The ministry spoke.", "The ministry spoke."]:
        task = TaskInput.of({"id": 1, "data": {"text": SENTENCE, "context": context}})
        assert task.sentence.text == SENTENCE and task.context == context
    assert TaskInput.of({"id": 1, "data": {"text": SENTENCE, "context": "[headline]"}}).sentence.index == 0
    only_text = TaskInput.of({"id": 2, "data": {"text": SENTENCE}})
    assert only_text.context == "" and only_text.previous is None
    with_previous = TaskInput.of({"id": 3, "data": {"text": SENTENCE, "previous": "Officials met."}})
    assert with_previous.context == "Officials met." and with_previous.previous.text == "Officials met."
    with pytest.raises(TaskError, match="task 4"):
        TaskInput.of({"id": 4, "data": {"text": "  "}})


def test_a_pronoun_resolves_to_the_previous_sentence_speaker():
    from sourcelens.studio.ml_backend import TaskInput

    task = TaskInput.of({"id": 5, "data": {"text": "He added that the bridge would reopen in May.", "previous": "Transport Minister Ana Ruiz said repairs had started."}})
    assert task.rules().source_name == "Transport Minister Ana Ruiz"


def test_protocol_shapes(client, app):
    version = app.state.predictor.version
    for path in ("/health", "/"):
        assert client.get(path).json() == {"status": "UP", "model_class": "sourcelens", "model_version": version}
    setup = {"project": "7.1700000000", "schema": label_config(), "hostname": "http://127.0.0.1:8080", "access_token": "x", "extra_params": None}
    assert client.post("/setup", json=setup).json() == {"model_version": version}
    refused = client.post("/setup", json={**setup, "schema": "<View><Text name='t' value='$t'/></View>"})
    assert refused.status_code == 400 and refused.json()["status"] == 400 and "does not match" in refused.json()["detail"]
    bad = client.post("/predict", json={"tasks": [{"id": 9, "data": {"headline": "no text"}}]})
    assert bad.status_code == 400 and "task 9" in bad.json()["detail"]
    assert client.post("/predict", json={"project": "7.1"}).status_code == 400
    assert client.post("/webhook", json={"action": "PROJECT_UPDATED", "project": {"id": 7}}).json() == {"status": "Unknown event"}


def test_predictions_match_what_push_sends(client, app):
    """For tasks made by push, /predict answers what push would have attached (same label, same shape).

    The score differs: push decides with the whole article in view (the article CRF's marginal),
    /predict from the sentence and the context string the task holds (the classifier's probability).
    """
    from sourcelens.annotate.inputs import article_from_text
    from sourcelens.annotate.pipeline import annotate_stream
    from sourcelens.studio.tasks import prediction, task_data

    text = "Council approves tram extension\nThe city council approved the extension, the mayor's office said.\nAnalyst Noor Haddad said the budget looked optimistic. \"They never deliver on time,\" she said."
    ((article, rows),) = list(annotate_stream([article_from_text("tram", text)], app.state.predictor.backend))
    tasks = [{"id": i, "data": task_data(article, rows, i)} for i in range(len(rows))]
    response = client.post("/predict", json={"tasks": tasks, "project": "7.1", "label_config": label_config(), "params": {"context": None}})
    results = response.json()["results"]
    assert response.status_code == 200 and len(results) == len(rows)
    for row, got in zip(rows, results):
        pushed = prediction(row)
        assert set(got) == {"model_version", "score", "result"} and got["model_version"] == pushed["model_version"]
        assert got["result"][0]["value"] == pushed["result"][0]["value"] and 0.0 <= got["score"] <= 1.0
        assert read_result(got["result"], row.sentence.text).label == row.attribution.label


def test_webhook_counts_annotations_and_starts_retrain_in_the_background(tmp_path):
    from fastapi.testclient import TestClient

    from sourcelens.studio.ml_backend import create_app

    marker = tmp_path / "done"
    app = create_app(BackendSpec("rules"), retrain_command=f"sleep 3; touch {marker}", retrain_every=2, retrain_log=tmp_path / "retrain.log")
    client = TestClient(app, headers={"Authorization": f"Bearer {app.state.token}"})
    event = {"action": "ANNOTATION_CREATED", "project": {"id": 3, "title": "desk"}, "annotation": {"id": 1}}
    first = client.post("/webhook", json=event)
    assert first.status_code == 201 and first.json()["result"]["retrain"] == "waiting" and first.json()["status"] == "ok"
    started = time.monotonic()
    second = client.post("/webhook", json={**event, "action": "ANNOTATION_UPDATED"})
    assert time.monotonic() - started < 2.0  # the request does not wait for the 3 s retrain
    assert second.json()["result"] == {"event": "ANNOTATION_UPDATED", "events": 0, "every": 2, "retrain": "started", "retrains_started": 1}
    client.post("/webhook", json=event)
    assert client.post("/webhook", json=event).json()["result"]["retrain"] == "running"  # due, but one retrain at a time
    assert not marker.exists()
    for _ in range(100):
        if marker.exists():
            break
        time.sleep(0.1)
    assert marker.exists()


# ---- live: a real Label Studio calls the backend ---------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Url(str):
    """A URL that also carries the backend's token."""

    def __new__(cls, url: str, token: str):
        value = super().__new__(cls, url)
        value.token = token
        return value


@pytest.fixture(scope="module")
def live_backend(app):
    """The app served by uvicorn on a free loopback port, in a thread of this process."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.started
    yield _Url(f"http://127.0.0.1:{server.config.port}", app.state.token)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def predicted_task(studio_server, live_backend):
    """A task imported by hand with only `text`, predicted by the backend through Label Studio."""
    from sourcelens.studio.client import connect
    from sourcelens.studio.ml_connect import connect_backend, retrieve_predictions

    ws, conn = studio_server
    studio = connect(conn)
    project = studio.project(PROJECT, create=True)
    studio.client.projects.import_tasks(project.id, request=[{"text": SENTENCE, "sentence_id": "hand#0"}])
    first = connect_backend(studio, project, live_backend, token=live_backend.token)
    again = connect_backend(studio, project, live_backend + "/", token=live_backend.token)
    assert again.id == first.id and len(studio.client.ml.list(project=project.id)) == 1  # idempotent
    retrieve_predictions(studio, project)
    (task,) = studio.client.tasks.list(project=project.id, fields="all")
    return studio, project, task


def test_hand_imported_task_gets_a_prediction_from_the_backend(predicted_task, app):
    studio, project, task = predicted_task
    assert task.data == {"text": SENTENCE, "sentence_id": "hand#0"}
    (pred,) = task.predictions
    assert pred.model_version == app.state.predictor.version
    parsed = read_result(pred.result, SENTENCE)
    assert parsed.label in LABELS and 0 < pred.score <= 1


# ---- a person's view: headless Chromium on the task page ------------------------------------------------

def test_task_page_shows_the_sentence_and_the_predicted_label(predicted_task, studio_page, tmp_path):
    studio, project, task = predicted_task
    label = read_result(task.predictions[0].result, SENTENCE).label
    page = studio_page
    shot = tmp_path / "studio-task.png"
    page.goto(f"{studio.connection.url}/projects/{project.id}/data?task={task.id}")
    # the pre-annotation's label is the choice selected (Label Studio names each choice's radio after its value)
    page.locator(f'input[type="radio"][name="{label}"]:checked').wait_for(timeout=90_000)
    page.get_by_text(SENTENCE).first.wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=shot)
    checked = page.eval_on_selector_all("input[type=radio]:checked", "els => els.map(e => e.name)")
    body = page.inner_text("body")
    assert [name for name in checked if name in LABELS] == [label]
    assert SENTENCE in body and label in body
    from PIL import Image

    assert Image.open(shot).size == (1280, 720)


def test_an_annotation_event_from_label_studio_starts_the_retrain(predicted_task, app):
    studio, project, _ = predicted_task
    studio.client.projects.import_tasks(project.id, request=[{"text": "Officials met on Tuesday.", "sentence_id": "hand#1"}])
    task = next(t for t in studio.client.tasks.list(project=project.id) if t.data["sentence_id"] == "hand#1")
    studio.client.annotations.create(task.id, result=[{"from_name": "label", "to_name": "sentence", "type": "choices", "value": {"choices": ["official_claim"]}}])
    marker = app.state.marker
    for _ in range(100):
        if marker.exists() and marker.read_text():
            break
        time.sleep(0.1)
    assert marker.read_text() == PROJECT  # the webhook named the project; retrain_every=1


def test_cli_up_with_backend_and_connect(studio_server, runner, predicted_task):
    """`studio up --with-backend` on a workspace whose server runs: the backend starts in the background; `connect` registers it."""
    from sourcelens.studio import backend_process

    ws, conn = studio_server
    port = _free_port()
    try:
        up = runner.invoke(main, ["studio", "up", "--workspace", str(ws), "--with-backend", "--backend-port", str(port)])
        assert up.exit_code == 0, up.output
        assert "already running" in up.output and f"ML backend is up at http://127.0.0.1:{port}" in up.output
        running = backend_process.status(ws)
        assert running is not None and json.loads(urllib.request.urlopen(f"{running.url}/health", timeout=5).read())["status"] == "UP"
        linked = runner.invoke(main, ["studio", "connect", "--project", PROJECT, "--workspace", str(ws), "--no-predict"])
        assert linked.exit_code == 0 and f"connected the ML backend {running.url}" in linked.output, linked.output
        _, project, _ = predicted_task
        urls = sorted(b.url for b in predicted_task[0].client.ml.list(project=project.id))
        assert running.url in urls and len(urls) == 2
    finally:
        assert backend_process.stop(ws)
    assert backend_process.status(ws) is None
