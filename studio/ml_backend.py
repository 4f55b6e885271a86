"""A Label Studio ML backend: live pre-annotations from the current model.

It serves the protocol of HumanSignal's maintained label-studio-ml-backend
(`label_studio_ml/api.py`) with FastAPI, because the PyPI `label-studio-ml`
pins Flask 1.1.2:

    GET  /health, GET /  -> {"status": "UP", "model_class", "model_version"}
    POST /setup   {"project": "<id>.<created>", "schema", ...} -> {"model_version"}
    POST /predict {"tasks": [{"id", "data"}...], "project", "label_config", "params"}
                  -> {"results": [one prediction per task, in task order]}
    POST /webhook {"action", "project", "annotation", ...}
                  -> 201 {"result", "status": "ok"} for annotation events, 200 {"status": "Unknown event"} otherwise

Errors answer {"status": code, "detail": message} as the maintained backend does.
The model loads once, when the app is created, so /health answering means ready.

Every path but /health and / needs the backend's shared secret, as HTTP basic
auth (any user name, the token as password: how Label Studio calls an ML backend
registered with auth_method BASIC_AUTH) or `Authorization: Bearer <token>` (the
header `studio connect` sets on the project's webhook); otherwise 401. Bodies
over MAX_BODY_BYTES answer 413 before they are parsed, and a malformed body or
task answers 4xx with a message, never a 500.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sourcelens.annotate.attribution import annotate_article
from sourcelens.annotate.backends import Backend, BackendSpec, ModelBackend, set_annotations
from sourcelens.models.context import HEADLINE
from sourcelens.records import AnnotatedSentence, Attribution, Sentence
from sourcelens.studio.interface import check_config
from sourcelens.studio.retrain import TRAIN_EVENTS, Retrainer
from sourcelens.studio.tasks import prediction, task_context


MAX_BODY_BYTES = 4 * 1024 * 1024
"""Largest request body the backend reads (413 beyond); Label Studio sends tasks in small batches."""
OPEN_PATHS = frozenset({"/", "/health"})
"""Paths that answer without the token (Label Studio's health check, a person's curl)."""
BASIC_AUTH_USER = "sourcelens"
"""The user name `studio connect` registers; the backend accepts any user name with the right token."""


class TaskError(ValueError):
    """A task this backend cannot read (not an object, no sentence text)."""


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass(frozen=True)
class TaskInput:
    """What a task holds that a prediction needs: the sentence, its neighbour, and the model's input context."""

    sentence: Sentence
    previous: Sentence | None
    context: str
    """The classifier's context string exactly as pushed (models/context.py); a hand-imported task's `previous`, else ""."""

    @classmethod
    def of(cls, task: dict[str, Any], position: int = 0) -> "TaskInput":
        if not isinstance(task, dict):
            raise TaskError(f"task #{position} is not an object but {_short(task)}")
        data = task.get("data")
        if not isinstance(data, dict):
            raise TaskError(f"task {_short(task.get('id'))}: 'data' is not an object but {_short(data)}")
        text = data.get("text")
        if not isinstance(text, str) or not text.strip():
            raise TaskError(f"task {_short(task.get('id'))} has no sentence in data['text'] (a non-empty string), got {_short(text)}")
        article_id = str(data.get("article_id") or f"task-{task.get('id')}")
        previous = data.get("previous") if isinstance(data.get("previous"), str) and data.get("previous").strip() else None
        context = task_context(data)  # what `studio pull` records with a correction of this task
        index = 0 if context == HEADLINE else 1  # the rules treat a lone first sentence as the headline (decision 7)
        before = Sentence(article_id, 0, 0, 0, len(previous), previous) if previous and index else None
        return cls(Sentence(article_id, index, 0, 0, len(text), text), before, context)

    def rules(self, parse: bool = False) -> Attribution:
        """The rules' spans and signals for the sentence, with its neighbour in view (pronouns, continued accounts)."""
        article = [self.previous, self.sentence] if self.previous is not None else [self.sentence]
        return annotate_article(article, parse)[-1]


class Predictor:
    """The annotation backend, loaded once, answering for Label Studio tasks."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self._lock = threading.Lock()  # one forward pass at a time on a small machine

    @property
    def version(self) -> str:
        return self.backend.version

    def predict(self, tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """One Label Studio prediction per task, in order (the shape `tasks.prediction` pushes)."""
        inputs = [TaskInput.of(task, position) for position, task in enumerate(tasks)]
        if not inputs:
            return []
        attributions = [i.rules(self.backend.parse) for i in inputs]
        if isinstance(self.backend, ModelBackend):  # the model predicts from the context the task carries
            with self._lock:
                labelled = self.backend.classifier.predict_pairs([(i.sentence.text, i.context) for i in inputs])
            attributions = set_annotations(attributions, labelled)
        return [prediction(AnnotatedSentence(i.sentence, a, self.version)) for i, a in zip(inputs, attributions)]


def check_token(authorization: str | None, token: str) -> bool:
    """Whether an Authorization header carries `token` (Basic with any user, or Bearer), compared in constant time."""
    if not authorization or not token:
        return False
    scheme, _, credentials = authorization.strip().partition(" ")
    credentials = credentials.strip()
    if scheme.lower() == "bearer":
        offered = credentials
    elif scheme.lower() == "basic":
        try:
            offered = base64.b64decode(credentials, validate=True).decode("utf-8").partition(":")[2]
        except (binascii.Error, ValueError):
            return False
    else:
        return False
    return hmac.compare_digest(offered.encode("utf-8"), token.encode("utf-8"))


class _Guard:
    """ASGI middleware: the token on every path but OPEN_PATHS (401), and at most `limit` body bytes (413), read before the app parses them."""

    def __init__(self, app, token: str, limit: int) -> None:
        self.app, self.token, self.limit = app, token, limit

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if scope.get("path") not in OPEN_PATHS and not check_token(headers.get("authorization"), self.token):
            detail = "this ML backend needs its token: HTTP basic auth with the token as password, or 'Authorization: Bearer <token>' (see `sourcelens studio backend --help`)"
            return await _answer(send, 401, detail, [(b"www-authenticate", b'Basic realm="sourcelens"')])
        declared = headers.get("content-length")
        if declared is not None:
            if not declared.strip().isdigit():
                return await _answer(send, 400, "the Content-Length header is not a number")
            if int(declared) > self.limit:
                return await _answer(send, 413, f"the request body is over {self.limit} bytes")
        chunks, size = [], 0
        while True:  # read at most limit+1 bytes whatever Content-Length said (or did not say)
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                return await _answer(send, 413, f"the request body is over {self.limit} bytes")
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body, replayed = b"".join(chunks), False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


async def _answer(send, status: int, detail: str, extra: list[tuple[bytes, bytes]] = ()) -> None:
    payload = json.dumps({"status": status, "detail": detail}).encode("utf-8")
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()), *extra]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


class BodyError(ValueError):
    """A request body the backend cannot read: answered `status` with the message."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail


def create_app(spec: BackendSpec = BackendSpec(), retrain_command: str | None = None, retrain_every: int = 20, retrain_log: str | Path | None = None,
               token: str | None = None, max_body_bytes: int = MAX_BODY_BYTES):
    """The FastAPI app; `spec` as in `sourcelens annotate`, `retrain_command` run every `retrain_every` annotation events.

    `token` is the shared secret every path but /health needs (default: a random one, in `app.state.token`).
    """
    from fastapi import Depends, FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse
    from starlette.exceptions import HTTPException

    predictor = Predictor(spec.build())
    retrainer = Retrainer(retrain_command, retrain_every, Path(retrain_log) if retrain_log else None)
    app = FastAPI(title="sourcelens ML backend", version=predictor.version, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.predictor, app.state.retrainer = predictor, retrainer
    app.state.token = token or secrets.token_urlsafe(32)
    app.add_middleware(_Guard, token=app.state.token, limit=max_body_bytes)

    def error(status: int, detail: str) -> JSONResponse:
        return JSONResponse({"status": status, "detail": detail}, status_code=status)

    @app.exception_handler(BodyError)
    def body_error(request, exc: BodyError):
        return error(exc.status, exc.detail)

    @app.exception_handler(HTTPException)
    def http_error(request, exc: HTTPException):
        return error(exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    def validation_error(request, exc: RequestValidationError):
        return error(422, f"the request is not what this endpoint reads: {exc.errors()!r}"[:500])

    async def json_object(request: Request) -> dict[str, Any]:
        """The body as a JSON object, or a 400 saying why not (not JSON, nested too deep, not an object)."""
        raw = await request.body()
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            raise BodyError(400, f"the request body is not valid JSON ({str(exc)[:200]})") from None
        if not isinstance(body, dict):
            raise BodyError(400, f"the request body is a JSON {type(body).__name__}, not an object")
        return body

    json_object.__annotations__["request"] = Request  # a class, not the string `from __future__ import annotations` leaves

    @app.get("/")
    @app.get("/health")
    def health() -> dict[str, Any]:
        return {"status": "UP", "model_class": "sourcelens", "model_version": predictor.version}

    @app.post("/setup")
    def setup(body: dict[str, Any] = Depends(json_object)):
        schema = body.get("schema")
        mismatch = check_config(schema) if isinstance(schema, str) and schema.strip() else None
        if mismatch is not None:
            return error(400, f"this project's labelling config does not match the sourcelens schema ({mismatch}); see `sourcelens studio config`")
        return {"model_version": predictor.version}

    @app.post("/predict")
    def predict(body: dict[str, Any] = Depends(json_object)):
        tasks = body.get("tasks")
        if not isinstance(tasks, list):
            return error(400, "the request carries no 'tasks' list")
        try:
            return {"results": predictor.predict(tasks)}
        except TaskError as exc:
            return error(400, str(exc))

    @app.post("/webhook")
    def webhook(body: dict[str, Any] = Depends(json_object)):
        action = body.get("action")
        if not isinstance(action, str) or action not in TRAIN_EVENTS:
            return JSONResponse({"status": "Unknown event"}, status_code=200)
        project = body.get("project", {})
        if project is None:
            project = {}
        if not isinstance(project, dict):
            return error(400, f"'project' is not an object but {_short(project)}")
        project_id, title = project.get("id"), project.get("title")
        if isinstance(project_id, bool) or not (project_id is None or isinstance(project_id, int) or (isinstance(project_id, str) and len(project_id) <= 100)):
            return error(400, f"'project.id' is not a project id (a number or a short string) but {_short(project_id)}")
        if title is not None and (not isinstance(title, str) or len(title) > 1000 or "\x00" in title):
            return error(400, f"'project.title' is not a title (a string of at most 1000 characters) but {_short(title)}")
        result = retrainer.record(action, project_id, title)
        return JSONResponse({"result": result, "status": "ok"}, status_code=201)

    return app
