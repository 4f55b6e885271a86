"""The ML backend: protocol shapes in-process, then live against a real Label Studio and a headless Chromium."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.request

import httpx
import pytest

from sourcelens.cli import main
from sourcelens.annotate.backends import BackendSpec
from sourcelens.records import LABELS
from sourcelens.studio.interface import DISPLAY, label_config
from sourcelens.studio.ml_connect import BACKEND_TITLE
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


# ---- the shared secret, body limits and malformed input, against the real backend process ---------------


def _call(url: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, dict]:
    import urllib.error

    request = urllib.request.Request(url + path, data=body, headers={"Content-Type": "application/json", **(headers or {})}, method="GET" if body is None else "POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def _basic(user: str, password: str) -> dict[str, str]:
    import base64

    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


@pytest.fixture(scope="module")
def backend_process_url(tmp_path_factory):
    """`sourcelens studio backend` started as `studio up --with-backend` starts it (rules backend: quick to load)."""
    from sourcelens.studio import backend_process

    ws = tmp_path_factory.mktemp("backend-ws")
    running = backend_process.start(ws, _free_port(), ["--workspace", str(ws), "--backend", "rules"])
    try:
        backend_process.wait(ws, running, timeout=120)
        yield ws, running.url
    finally:
        backend_process.stop(ws)


def test_the_backend_process_requires_its_token(backend_process_url):
    import os
    import stat

    from sourcelens.studio.settings import backend_token_file, stored_backend_token

    ws, url = backend_process_url
    token = stored_backend_token(ws)
    assert token and len(token) >= 32
    assert stat.S_IMODE(os.stat(backend_token_file(ws)).st_mode) == 0o600
    task = json.dumps({"tasks": [{"id": 1, "data": {"text": SENTENCE}}]}).encode()
    event = json.dumps({"action": "START_TRAINING", "project": {"id": 1, "title": "desk"}}).encode()
    assert _call(url, "/health")[0] == 200 and _call(url, "/")[0] == 200  # the health check stays open
    for path, body in [("/predict", task), ("/setup", b"{}"), ("/webhook", event)]:
        for headers in [None, {"Authorization": "Bearer wrong-token-wrong-token"}, _basic("sourcelens", "wrong"), _basic("sourcelens", token[:-1]),
                        {"Authorization": f"Token {token}"}, {"Authorization": "Basic !!notbase64"}]:
            status, answer = _call(url, path, body, headers)
            assert status == 401 and answer["status"] == 401 and "token" in answer["detail"], (path, headers, answer)
    for headers in [{"Authorization": f"Bearer {token}"}, _basic("sourcelens", token), _basic("anyone", token)]:
        status, answer = _call(url, "/predict", task, headers)
        assert status == 200 and len(answer["results"]) == 1, answer
    status, answer = _call(url, "/webhook", event, {"Authorization": f"Bearer {token}"})
    assert status == 201 and answer["result"]["retrain"] == "off"  # no retrain command configured


def test_the_backend_process_refuses_oversized_and_malformed_bodies(backend_process_url):
    from sourcelens.studio.ml_backend import MAX_BODY_BYTES

    ws, url = backend_process_url
    from sourcelens.studio.settings import stored_backend_token

    auth = {"Authorization": f"Bearer {stored_backend_token(ws)}"}
    # a declared oversized body is refused from its headers: the answer comes before the body is sent
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        head = (f"POST /predict HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {MAX_BODY_BYTES + 1}\r\n"
                f"{next(iter(auth))}: {auth['Authorization']}\r\n\r\n")
        sock.sendall(head.encode() + b'{"tasks": [')
        reply = b""
        while b"}" not in reply:
            chunk = sock.recv(4096)
            if not chunk:
                break
            reply += chunk
    status_line, _, rest = reply.partition(b"\r\n")
    assert status_line.startswith(b"HTTP/1.1 413")
    assert json.loads(rest.partition(b"\r\n\r\n")[2]) == {"status": 413, "detail": f"the request body is over {MAX_BODY_BYTES} bytes"}
    malformed = [
        (b"{not json", "not valid JSON"),
        (b"[" * 100_000, "not valid JSON"),  # nested too deep for the parser
        (b"[1, 2]", "not an object"),
        (b'{"tasks": {"id": 1}}', "no 'tasks' list"),
        (b'{"tasks": [1]}', "task #0 is not an object"),
        (b'{"tasks": [{"id": 7, "data": "text"}]}', "task 7: 'data' is not an object"),
        (b'{"tasks": [{"id": 8, "data": {"text": ["a"]}}]}', "task 8 has no sentence"),
        (b'{"tasks": [{"id": 9, "data": {"text": "   "}}]}', "task 9 has no sentence"),
    ]
    for body, message in malformed:
        status, answer = _call(url, "/predict", body, auth)
        assert status == 400 and answer["status"] == 400 and message in answer["detail"], (body[:40], answer)
    for body, message in [(b'{"action": "ANNOTATION_CREATED", "project": [1]}', "'project' is not an object"),
                          (b'{"action": "ANNOTATION_CREATED", "project": {"id": {"x": 1}}}', "'project.id'"),
                          (b'{"action": "START_TRAINING", "project": {"id": 1, "title": 5}}', "'project.title'"),
                          (b"nope", "not valid JSON")]:
        status, answer = _call(url, "/webhook", body, auth)
        assert status == 400 and message in answer["detail"], (body, answer)
    assert _call(url, "/setup", b'"schema"', auth)[0] == 400
    assert _call(url, "/health")[0] == 200  # still serving


def test_an_undeclared_oversized_body_is_cut_at_the_limit():
    """Without Content-Length (chunked), the backend reads at most limit+1 bytes, then answers 413."""
    import asyncio

    from sourcelens.studio.ml_backend import create_app

    app = create_app(BackendSpec("rules"), token="t" * 20, max_body_bytes=1000)
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http", "path": "/predict",
             "raw_path": b"/predict", "query_string": b"", "root_path": "", "headers": [(b"authorization", b"Bearer " + b"t" * 20)],
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 2)}

    def run(chunks: list[bytes]) -> tuple[int, dict, int]:
        read, sent = [], []

        async def receive():
            read.append(1)
            return {"type": "http.request", "body": chunks[len(read) - 1], "more_body": len(read) < len(chunks)}

        async def send(message):
            sent.append(message)

        asyncio.run(app(scope, receive, send))
        body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
        return sent[0]["status"], json.loads(body), len(read)

    status, answer, read = run([b" " * 100] * 100)
    assert status == 413 and answer["status"] == 413 and read == 11  # 1,100 bytes read of 10,000
    status, answer, _ = run([b'{"tasks"', b": []}"])
    assert status == 200 and answer == {"results": []}


def test_token_checks_and_storage(tmp_path):
    import os
    import stat

    from sourcelens.studio.ml_backend import check_token
    from sourcelens.studio.settings import StudioError, backend_token, backend_token_file

    token = "s3cret-token-s3cret-token"
    assert check_token(f"Bearer {token}", token) and check_token(_basic("x", token)["Authorization"], token)
    assert not check_token(None, token) and not check_token(f"Bearer {token}x", token) and not check_token(f"Bearer {token}", "")
    assert not check_token("Basic " + "é", token)
    generated = backend_token(tmp_path)
    assert backend_token(tmp_path) == generated  # reused: a restarted backend keeps its registrations working
    assert backend_token(tmp_path, token) == token and backend_token(tmp_path) == token
    assert stat.S_IMODE(os.stat(backend_token_file(tmp_path)).st_mode) == 0o600
    for bad in ["short", "with a space in it, long enough"]:
        with pytest.raises(StudioError, match="at least 16"):
            backend_token(tmp_path, bad)


def test_retrainer_tracks_a_bounded_number_of_projects():
    from sourcelens.studio.retrain import Retrainer

    retrainer = Retrainer(None, every=5, max_projects=3)
    for project in range(10):
        retrainer.record("ANNOTATION_CREATED", project)
    retrainer.record("ANNOTATION_CREATED", 8)  # counted again: now the most recent
    retrainer.record("ANNOTATION_CREATED", 10)
    assert retrainer.counts == {"9": 1, "8": 2, "10": 1}


def test_a_backend_on_a_public_interface_warns(tmp_path):
    import subprocess
    import sys

    (tmp_path / "model").mkdir()  # not a model: the backend stops right after the warning
    done = subprocess.run([sys.executable, "-m", "sourcelens.cli", "studio", "backend", "--workspace", str(tmp_path / "ws"), "--host", "0.0.0.0",
                           "--port", str(_free_port()), "--model", str(tmp_path / "model")], capture_output=True, text=True, timeout=120)
    assert "warning: --host 0.0.0.0 is not a loopback address" in done.stderr


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
    # the pre-annotation's label is the choice selected (Label Studio names each choice's radio after the label it shows)
    page.locator(f'input[type="radio"][name="{DISPLAY[label]}"]:checked').wait_for(timeout=90_000)
    page.get_by_text(SENTENCE).first.wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=shot)
    checked = page.eval_on_selector_all("input[type=radio]:checked", "els => els.map(e => e.name)")
    body = page.inner_text("body")
    assert [name for name in checked if name in DISPLAY.values()] == [DISPLAY[label]]
    assert SENTENCE in body and DISPLAY[label] in body
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
        studio, project, _ = predicted_task
        urls = sorted(b.url for b in studio.client.ml.list(project=project.id))
        assert running.url in urls and len(urls) == 2
        # the labelling stream now pre-labels from the live backend, so a task imported by hand later is pre-annotated too
        assert "pre-annotates every task from it" in linked.output and studio.client.projects.get(project.id).model_version == BACKEND_TITLE
        studio.client.projects.import_tasks(project.id, request=[{"text": "Police said the road would stay closed."}])
        me = httpx.Client(base_url=conn.url, headers={"Authorization": f"Token {conn.api_key}"}, timeout=120)
        for _ in range(5):  # skip the older open tasks until the stream serves the new one
            task = me.get(f"/api/projects/{project.id}/next").json()
            if "sentence_id" not in task["data"]:
                break
            me.post(f"/api/tasks/{task['id']}/annotations/", json={"result": [], "was_cancelled": True})
        assert task["data"] == {"text": "Police said the road would stay closed."} and task["annotations"] == []
        (live,) = task["predictions"]
        assert read_result(live["result"], task["data"]["text"]).label in LABELS
    finally:
        assert backend_process.stop(ws)
    assert backend_process.status(ws) is None
