"""A private Label Studio on 127.0.0.1: started, waited for, and stopped by sourcelens.

Everything it writes (database, media, its config) stays under
`<workspace>/studio`, and everything that would reach the internet (the
PyPI version check, telemetry, error reporting) is switched off.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from sourcelens.studio.settings import DEFAULT_PORT, Connection, StudioError, credentials_file, private_dir, studio_dir

ADMIN = "admin@sourcelens.local"
OFFLINE_ENV = {
    "LATEST_VERSION_CHECK": "false",
    "COLLECT_ANALYTICS": "false",
    "SENTRY_DSN": "",
    "FRONTEND_SENTRY_DSN": "",
}
LOOPBACK_BACKEND_ENV = {
    # Label Studio refuses ML backends on loopback addresses unless told otherwise;
    # set only when `studio up --with-backend` runs the backend on this machine.
    "ML_BLOCK_LOCAL_IP": "false",
    "SSRF_PROTECTION_ENABLED": "false",
}


@dataclass
class Running:
    url: str
    pid: int
    username: str
    log: Path


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pid_file(ws: Path) -> Path:
    return studio_dir(ws) / "server.json"


def alive(pid: int) -> bool:
    try:
        if os.waitpid(pid, os.WNOHANG)[0] == pid:  # our own child that has exited (a test's server)
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def answers(url: str, api_key: str | None = None, timeout: float = 2.0) -> int | None:
    """HTTP status of the health check (or of whoami with a token); None when nothing answers."""
    import urllib.error
    import urllib.request  # here, not at the top: every `sourcelens` command imports this module, few ask a server

    request = urllib.request.Request(f"{url}/health" if api_key is None else f"{url}/api/current-user/whoami")
    if api_key is not None:
        request.add_header("Authorization", f"Token {api_key}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, OSError):
        return None


def _label_studio_command() -> list[str]:
    exe = shutil.which("label-studio", path=str(Path(sys.executable).parent)) or shutil.which("label-studio")
    if exe is None:
        raise StudioError("Label Studio is not installed: pip install -e '.[studio]'")
    return [exe]


def _credentials(ws: Path, password: str | None) -> dict:
    path = credentials_file(ws)
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    saved = {"username": ADMIN, "password": password or secrets.token_urlsafe(12), "api_key": secrets.token_hex(20)}
    private_dir(path.parent)
    path.touch(mode=0o600)
    path.write_text(json.dumps(saved, indent=2), encoding="utf-8")
    return saved


def running_info(pid_file: Path) -> dict | None:
    """What a pid file records about a background process, while that process lives (a stale file is removed)."""
    if not pid_file.exists():
        return None
    info = json.loads(pid_file.read_text(encoding="utf-8"))
    if not alive(info["pid"]):
        pid_file.unlink()
        return None
    return info


def status(ws: Path) -> Running | None:
    """The server this workspace started, if it is still running."""
    info = running_info(_pid_file(ws))
    return None if info is None else Running(info["url"], info["pid"], info["username"], Path(info["log"]))


def start(ws: Path, port: int = DEFAULT_PORT, password: str | None = None, extra_env: dict[str, str] | None = None, timeout: float = 240.0) -> Running:
    """Start Label Studio for this workspace and return once its API accepts our token."""
    running = status(ws)
    if running is not None:
        return running
    if not port_is_free(port):
        raise StudioError(f"port {port} on 127.0.0.1 is busy; pick another with --port")
    home = studio_dir(ws)
    data_dir = home / "data"
    ws.mkdir(parents=True, exist_ok=True, mode=0o700)  # a new workspace is private; an existing folder keeps its mode
    data_dir.mkdir(parents=True, exist_ok=True)
    private_dir(home)  # Label Studio's folder 700 and its files 600, also one an older version made 755/644
    creds = _credentials(ws, password)
    env = {
        **os.environ,
        **OFFLINE_ENV,
        **(extra_env or {}),
        "LABEL_STUDIO_BASE_DATA_DIR": str(data_dir),
        "XDG_CONFIG_HOME": str(home / "config"),
        "LABEL_STUDIO_USERNAME": creds["username"],
        "LABEL_STUDIO_PASSWORD": creds["password"],
        "LABEL_STUDIO_USER_TOKEN": creds["api_key"],
        # a fixed token only works when legacy tokens are enabled at the first start
        "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
        "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
    }
    url = f"http://127.0.0.1:{port}"
    log = home / "server.log"
    command = _label_studio_command() + ["start", "--internal-host", "127.0.0.1", "--host", url, "--port", str(port), "--data-dir", str(data_dir), "--no-browser"]
    # umask 077: what Label Studio creates (its database holds the admin token, media, config) is ours only
    pid = spawn(command, _pid_file(ws), log, {"url": url, "username": creds["username"], "port": port}, env=env, umask=0o077)

    def ready() -> bool:  # up, and our token works
        return answers(url) == 200 and answers(url, creds["api_key"]) == 200

    wait_ready(_pid_file(ws), pid, log, ready, "Label Studio", url, timeout, interval=1.0)
    return Running(url, pid, creds["username"], log)


def spawn(command: list[str], pid_file: Path, log: Path, record: dict, env: dict[str, str] | None = None, umask: int = -1) -> int:
    """Start `command` in its own session, output appended to `log` (made 600), and record it in `pid_file`;
    returns the pid. `umask` (e.g. 0o077) sets the process's umask; -1 keeps ours."""
    with open(os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), "ab") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True, umask=umask)
    pid_file.write_text(json.dumps({"pid": process.pid, "log": str(log), **record}), encoding="utf-8")
    return process.pid


def wait_ready(pid_file: Path, pid: int, log: Path, ready: Callable[[], bool], what: str, url: str, timeout: float, interval: float) -> None:
    """Return once `ready()` holds; StudioError (with the log's last lines) if the process exits first or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive(pid):
            pid_file.unlink(missing_ok=True)
            raise StudioError(f"{what} exited during start; last log lines: {log_tail(log)}")
        if ready():
            return
        time.sleep(interval)
    stop_recorded(pid_file, timeout=20.0)
    raise StudioError(f"{what} did not answer on {url} within {timeout:.0f} s; see {log}")


def log_tail(log: Path, lines: int = 5) -> str:
    """The last lines of a server log, on one line (for an error message)."""
    return " | ".join(log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-lines:])


def stop_recorded(pid_file: Path, timeout: float) -> bool:
    """Stop the process group a pid file records (SIGTERM, SIGKILL after `timeout` s); False when none was running."""
    info = running_info(pid_file)
    if info is None:
        return False
    os.killpg(info["pid"], signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while alive(info["pid"]) and time.monotonic() < deadline:
        time.sleep(0.2)
    if alive(info["pid"]):
        os.killpg(info["pid"], signal.SIGKILL)
    pid_file.unlink(missing_ok=True)
    return True


def stop(ws: Path, timeout: float = 20.0) -> bool:
    """Stop this workspace's server (its whole process group); False when none was running."""
    return stop_recorded(_pid_file(ws), timeout)


def local_connection(ws: Path) -> Connection | None:
    """The connection to the server `start` made, when it is running."""
    running = status(ws)
    if running is None or not credentials_file(ws).exists():
        return None
    return Connection(running.url, json.loads(credentials_file(ws).read_text(encoding="utf-8"))["api_key"])
