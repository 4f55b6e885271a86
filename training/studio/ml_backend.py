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
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from sourcelens.annotate.backends import Backend, get_backend
from sourcelens.models.context import HEADLINE, NEW_PARAGRAPH
from sourcelens.records import AnnotatedSentence, Sentence
from sourcelens.training.studio.interface import check_config
from sourcelens.training.studio.retrain import TRAIN_EVENTS, Retrainer
from sourcelens.training.studio.tasks import prediction


class TaskError(ValueError):
    """A task this backend cannot read (no sentence text)."""


def task_sentences(task: dict[str, Any]) -> tuple[list[Sentence], int]:
    """A minimal article around a task's sentence, and its position, such that the classifier sees the task's context.

    Tasks pushed by sourcelens carry `context` (models/context.py's string); a
    task imported by hand may carry only `text` (then `previous`, when given,
    is the sentence before, and with neither the sentence opens an article).
    """
    data = task.get("data") or {}
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise TaskError(f"task {task.get('id')!r} has no sentence in data['text']")
    context = data.get("context")
    if not isinstance(context, str):
        context = data.get("previous") if isinstance(data.get("previous"), str) else ""
    article_id = str(data.get("article_id") or f"task-{task.get('id')}")

    def sentence(index: int, paragraph: int, value: str) -> Sentence:
        return Sentence(article_id, index, paragraph, 0, len(value), value)

    if context == HEADLINE:
        return [sentence(0, 0, text)], 0
    if not context:  # first sentence of a paragraph that goes on: a neighbour keeps it from reading as a headline
        return [sentence(0, 0, text), sentence(1, 0, data.get("next") or text)], 0
    if context.startswith(f"{NEW_PARAGRAPH} "):
        return [sentence(0, 0, context[len(NEW_PARAGRAPH) + 1 :]), sentence(1, 1, text)], 1
    return [sentence(0, 0, context), sentence(1, 0, text)], 1


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
        built = [task_sentences(task) for task in tasks]
        with self._lock:
            attributions = self.backend.attribute([sentences for sentences, _ in built])
        return [
            prediction(AnnotatedSentence(sentences[at], attrs[at], self.version))
            for (sentences, at), attrs in zip(built, attributions)
        ]


def create_app(model: str | Path | None = None, backend: str = "auto", retrain_command: str | None = None, retrain_every: int = 20, retrain_log: str | Path | None = None):
    """The FastAPI app; `model`/`backend` as in `sourcelens annotate`, `retrain_command` run every `retrain_every` annotation events."""
    from fastapi import Body, FastAPI
    from fastapi.responses import JSONResponse

    predictor = Predictor(get_backend(backend, model=model))
    retrainer = Retrainer(retrain_command, retrain_every, Path(retrain_log) if retrain_log else None)
    app = FastAPI(title="sourcelens ML backend", version=predictor.version)
    app.state.predictor, app.state.retrainer = predictor, retrainer

    def error(status: int, detail: str) -> JSONResponse:
        return JSONResponse({"status": status, "detail": detail}, status_code=status)

    @app.get("/")
    @app.get("/health")
    def health() -> dict[str, Any]:
        return {"status": "UP", "model_class": "sourcelens", "model_version": predictor.version}

    @app.post("/setup")
    def setup(body: dict[str, Any] = Body(...)):
        schema = body.get("schema")
        mismatch = check_config(schema) if isinstance(schema, str) and schema.strip() else None
        if mismatch is not None:
            return error(400, f"this project's labelling config does not match the sourcelens schema ({mismatch}); see `sourcelens studio config`")
        return {"model_version": predictor.version}

    @app.post("/predict")
    def predict(body: dict[str, Any] = Body(...)):
        tasks = body.get("tasks")
        if not isinstance(tasks, list):
            return error(400, "the request carries no 'tasks' list")
        try:
            return {"results": predictor.predict(tasks)}
        except TaskError as exc:
            return error(400, str(exc))

    @app.post("/webhook")
    def webhook(body: dict[str, Any] = Body(...)):
        action = body.get("action")
        if action not in TRAIN_EVENTS:
            return JSONResponse({"status": "Unknown event"}, status_code=200)
        project = body.get("project") if isinstance(body.get("project"), dict) else {}
        result = retrainer.record(action, project.get("id"), project.get("title"))
        return JSONResponse({"result": result, "status": "ok"}, status_code=201)

    return app
