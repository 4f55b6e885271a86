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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sourcelens.annotate.attribution import annotate_article
from sourcelens.annotate.backends import Backend, BackendSpec, ModelBackend, set_annotations
from sourcelens.models.context import HEADLINE
from sourcelens.records import AnnotatedSentence, Attribution, Sentence
from sourcelens.studio.interface import check_config
from sourcelens.studio.retrain import TRAIN_EVENTS, Retrainer
from sourcelens.studio.tasks import prediction


class TaskError(ValueError):
    """A task this backend cannot read (no sentence text)."""


@dataclass(frozen=True)
class TaskInput:
    """What a task holds that a prediction needs: the sentence, its neighbour, and the model's input context."""

    sentence: Sentence
    previous: Sentence | None
    context: str
    """The classifier's context string exactly as pushed (models/context.py); a hand-imported task's `previous`, else ""."""

    @classmethod
    def of(cls, task: dict[str, Any]) -> "TaskInput":
        data = task.get("data") or {}
        text = data.get("text")
        if not isinstance(text, str) or not text.strip():
            raise TaskError(f"task {task.get('id')!r} has no sentence in data['text']")
        article_id = str(data.get("article_id") or f"task-{task.get('id')}")
        previous = data.get("previous") if isinstance(data.get("previous"), str) and data.get("previous").strip() else None
        context = data.get("context") if isinstance(data.get("context"), str) else (previous or "")
        index = 0 if context == HEADLINE else 1  # the rules treat a lone first sentence as the headline (decision 7)
        before = Sentence(article_id, 0, 0, 0, len(previous), previous) if previous and index else None
        return cls(Sentence(article_id, index, 0, 0, len(text), text), before, context)

    def rules(self) -> Attribution:
        """The rules' spans and signals for the sentence, with its neighbour in view (pronouns, continued accounts)."""
        article = [self.previous, self.sentence] if self.previous is not None else [self.sentence]
        return annotate_article(article)[-1]


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
        inputs = [TaskInput.of(task) for task in tasks]
        attributions = [i.rules() for i in inputs]
        if isinstance(self.backend, ModelBackend):  # the model predicts from the context the task carries
            with self._lock:
                labelled = self.backend.classifier.predict_pairs([(i.sentence.text, i.context) for i in inputs])
            attributions = set_annotations(attributions, labelled)
        return [prediction(AnnotatedSentence(i.sentence, a, self.version)) for i, a in zip(inputs, attributions)]


def create_app(spec: BackendSpec = BackendSpec(), retrain_command: str | None = None, retrain_every: int = 20, retrain_log: str | Path | None = None):
    """The FastAPI app; `spec` as in `sourcelens annotate`, `retrain_command` run every `retrain_every` annotation events."""
    from fastapi import Body, FastAPI
    from fastapi.responses import JSONResponse

    predictor = Predictor(spec.build())
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
