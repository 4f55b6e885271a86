"""The ML backend as a background process of the workspace (`studio up --with-backend`, stopped by `studio down`).

Its pid, URL and log live beside Label Studio's under `<workspace>/studio`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from sourcelens.studio.server import answers, port_is_free, running_info, spawn, stop_recorded, wait_ready
from sourcelens.studio.settings import StudioError, studio_dir

DEFAULT_BACKEND_PORT = 9090


@dataclass
class Backend:
    url: str
    pid: int
    log: Path


def _pid_file(ws: Path) -> Path:
    return studio_dir(ws) / "backend.json"


def status(ws: Path) -> Backend | None:
    """The backend this workspace started, if it is still running."""
    info = running_info(_pid_file(ws))
    return None if info is None else Backend(info["url"], info["pid"], Path(info["log"]))


def start(ws: Path, port: int = DEFAULT_BACKEND_PORT, options: list[str] | None = None) -> Backend:
    """Start `sourcelens studio backend` in the background (returns at once; `wait` until it answers).

    `options` are passed on to the command (--model, --backend, --retrain-command ...).
    """
    if (running := status(ws)) is not None:
        return running
    if not port_is_free(port):
        raise StudioError(f"port {port} on 127.0.0.1 is busy; pick another with --backend-port")
    home = studio_dir(ws)
    home.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "sourcelens.cli", "studio", "backend", "--host", "127.0.0.1", "--port", str(port), *(options or [])]
    url = f"http://127.0.0.1:{port}"
    log = home / "backend.log"
    pid = spawn(command, _pid_file(ws), log, {"url": url, "port": port})
    return Backend(url, pid, log)


def wait(ws: Path, backend: Backend, timeout: float = 180.0) -> Backend:
    """Return once the backend's /health answers (its model is loaded); StudioError if it exits or times out."""
    wait_ready(_pid_file(ws), backend.pid, backend.log, lambda: answers(backend.url) == 200, "the ML backend", backend.url, timeout, interval=0.5)
    return backend


def stop(ws: Path, timeout: float = 10.0) -> bool:
    """Stop this workspace's backend; False when none was running."""
    return stop_recorded(_pid_file(ws), timeout)
