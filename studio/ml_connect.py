"""Registering the ML backend on a project, and asking Label Studio to fetch its predictions.

Label Studio calls the backend itself (health, setup, predict); these
functions only tell it where the backend is. In the Community edition
`ml.predict_all_tasks` answers 404, so existing tasks get predictions through
the Data Manager action `retrieve_tasks_predictions`.
"""

from __future__ import annotations

from typing import Sequence

from sourcelens.studio.client import Studio
from sourcelens.studio.settings import StudioError

BACKEND_TITLE = "sourcelens"


def connect_backend(studio: Studio, project, url: str, title: str = BACKEND_TITLE, token: str | None = None):
    """Register the backend at `url` on `project` (idempotent: an existing registration of that URL is refreshed).

    With `token` (the backend's shared secret) Label Studio calls the backend with HTTP basic auth,
    and the project's webhook to `url/webhook` (which Label Studio makes for an ML backend) sends
    `Authorization: Bearer <token>`.
    """
    from sourcelens.studio.ml_backend import BASIC_AUTH_USER

    url = url.rstrip("/")
    client = studio.client
    auth = {"auth_method": "BASIC_AUTH", "basic_auth_user": BASIC_AUTH_USER, "basic_auth_pass": token} if token else {}
    with studio.errors(f"listing the ML backends of project {project.title!r}"):
        existing = [b for b in client.ml.list(project=project.id) if (b.url or "").rstrip("/") == url]
    try:
        with studio.errors(f"connecting the ML backend {url} to project {project.title!r}"):
            if existing:
                backend = client.ml.update(existing[0].id, url=url, project=project.id, title=title, **auth)
            else:
                backend = client.ml.create(project=project.id, url=url, title=title, is_interactive=False, auto_update=True, **auth)
    except StudioError as exc:
        raise StudioError(f"{exc}{_loopback_hint(url, str(exc))}") from None
    if token:
        _authorise_webhook(studio, project, url, token)
    if backend.state in ("DI", "ER"):  # disconnected or error; CO(nnected), TR(aining), PR(edicting) are fine
        detail = backend.error_message or backend.readable_state or backend.state
        raise StudioError(f"Label Studio registered the ML backend {url} on {project.title!r} but cannot use it: {detail}")
    return backend


def _authorise_webhook(studio: Studio, project, url: str, token: str) -> None:
    """Give the project's webhook to the backend the token header (made when missing: Label Studio makes it on the first registration only)."""
    target = f"{url}/webhook"
    headers = {"Authorization": f"Bearer {token}"}
    client = studio.client
    with studio.errors(f"setting the token on the webhook {target} of project {project.title!r}"):
        hooks = [h for h in client.webhooks.list(project=str(project.id)) if (h.url or "").rstrip("/") == target and h.project == project.id]
        if hooks:
            for hook in hooks:
                client.webhooks.update(hook.id, url=hook.url, headers=headers)
        else:
            client.webhooks.create(url=target, project=project.id, headers=headers, send_payload=True, send_for_all_actions=True)


def _loopback_hint(url: str, message: str) -> str:
    if any(host in url for host in ("127.0.0.1", "localhost", "[::1]")) and "health check" not in message:
        return (" (Label Studio refuses a loopback ML backend unless started with ML_BLOCK_LOCAL_IP=false and"
                " SSRF_PROTECTION_ENABLED=false: `sourcelens studio down && sourcelens studio up --with-backend`)")
    return ""


def retrieve_predictions(studio: Studio, project, task_ids: Sequence[int] | None = None) -> None:
    """Have Label Studio ask the connected backend for predictions on `task_ids` (default: every task).

    Tasks that already carry a prediction of the backend's model version are left alone.
    """
    selected = {"all": True, "excluded": []} if task_ids is None else {"all": False, "included": list(task_ids)}
    with studio.errors(f"retrieving predictions for project {project.title!r}"):
        studio.client.actions.create(id="retrieve_tasks_predictions", project=project.id, selected_items=selected)
