"""The ML backend as a background process of the workspace (`studio up --with-backend`, stopped by `studio down`).

Its pid, URL and log live beside Label Studio's under `<workspace>/studio`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from sourcelens.training.studio.server import alive, answers, log_tail, port_is_free, running_info, stop_recorded
from sourcelens.training.studio.settings import StudioError, studio_dir

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
    log = home / "backend.log"
    command = [sys.executable, "-m", "sourcelens.cli", "studio", "backend", "--host", "127.0.0.1", "--port", str(port), *(options or [])]
    with open(log, "ab") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    _pid_file(ws).write_text(json.dumps({"pid": process.pid, "url": url, "log": str(log), "port": port}), encoding="utf-8")
    return Backend(url, process.pid, log)


def wait(ws: Path, backend: Backend, timeout: float = 180.0) -> Backend:
    """Return once the backend's /health answers (its model is loaded); StudioError if it exits or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive(backend.pid):
            _pid_file(ws).unlink(missing_ok=True)
            raise StudioError(f"the ML backend exited during start; last log lines: {log_tail(backend.log)}")
        if answers(backend.url) == 200:
            return backend
        time.sleep(0.5)
    stop(ws)
    raise StudioError(f"the ML backend did not answer on {backend.url} within {timeout:.0f} s; see {backend.log}")


def stop(ws: Path, timeout: float = 10.0) -> bool:
    """Stop this workspace's backend; False when none was running."""
    return stop_recorded(_pid_file(ws), timeout)
