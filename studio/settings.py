"""Where Label Studio lives and how to reach it, without ever printing the token.

Precedence: explicit values, then the environment (`LABEL_STUDIO_URL`,
`LABEL_STUDIO_API_KEY`), then a `.env` file in the current directory, then
the credentials `sourcelens studio up` wrote into the workspace.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

WORKSPACE_ENV = "SOURCELENS_WORKSPACE"
DEFAULT_PORT = 8080


class StudioError(RuntimeError):
    """A problem the user can fix (server down, wrong token, mismatched project): one line, no traceback."""


def workspace(path: str | Path | None = None) -> Path:
    """The project's workspace: Label Studio's data, snapshots and cursors (default ./workspace)."""
    return Path(path or os.environ.get(WORKSPACE_ENV) or "workspace").resolve()


def studio_dir(ws: Path) -> Path:
    return ws / "studio"


def private_dir(path: Path) -> Path:
    """Make `path` (and missing parents) and everything already in it private to this user:
    directories 700, files 600. The Label Studio database holds the admin token in clear."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    for root, dirs, files in os.walk(path):
        for name in dirs:
            os.chmod(os.path.join(root, name), 0o700)
        for name in files:
            full = os.path.join(root, name)
            if not os.path.islink(full):
                os.chmod(full, stat.S_IMODE(os.stat(full).st_mode) & 0o700 | 0o600)
    return path


def credentials_file(ws: Path) -> Path:
    return studio_dir(ws) / "credentials.json"


BACKEND_TOKEN_ENV = "SOURCELENS_BACKEND_TOKEN"


def backend_token_file(ws: Path) -> Path:
    """The ML backend's shared secret (mode 600), read by `studio connect` to register the backend with Label Studio."""
    return studio_dir(ws) / "backend_token"


def stored_backend_token(ws: Path) -> str | None:
    path = backend_token_file(ws)
    try:
        token = path.read_text(encoding="utf-8").strip()
    except (FileNotFoundError, UnicodeDecodeError):
        return None
    return token or None


def check_backend_token(token: str) -> str:
    """`token` if usable as the backend's secret (16+ printable ASCII characters, no spaces); StudioError otherwise."""
    if len(token) < 16 or not all("!" <= c <= "~" for c in token):
        raise StudioError("the ML backend token must be at least 16 printable ASCII characters without spaces")
    return token


def backend_token(ws: Path, given: str | None = None) -> str:
    """The ML backend's token: `given` if any, else the one stored in the workspace, else a new random one; stored (600) either way."""
    token = check_backend_token(given) if given else stored_backend_token(ws) or secrets.token_urlsafe(32)
    if token != stored_backend_token(ws):
        path = backend_token_file(ws)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temp = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(token + "\n")
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    os.chmod(backend_token_file(ws), 0o600)
    return token


@dataclass(frozen=True)
class Connection:
    url: str
    api_key: str

    def __repr__(self) -> str:  # never leak the token through a log line or a traceback
        return f"Connection(url={self.url!r}, api_key=<redacted>)"

    def redact(self, text: str) -> str:
        """`text` with the token (and anything token-shaped after 'Token '/'Bearer ') removed."""
        text = text.replace(self.api_key, "<redacted>") if self.api_key else text
        return re.sub(r"(Token|Bearer)\s+[A-Za-z0-9._\-]+", r"\1 <redacted>", text)


def connection(ws: Path, url: str | None = None, api_key: str | None = None) -> Connection:
    """The server to talk to; a StudioError says how to get one when nothing is configured."""
    from dotenv import dotenv_values

    dotenv = dotenv_values(Path.cwd() / ".env") if (Path.cwd() / ".env").exists() else {}
    url = url or os.environ.get("LABEL_STUDIO_URL") or dotenv.get("LABEL_STUDIO_URL")
    api_key = api_key or os.environ.get("LABEL_STUDIO_API_KEY") or dotenv.get("LABEL_STUDIO_API_KEY")
    if not url and not api_key:
        from sourcelens.studio.server import local_connection

        if (local := local_connection(ws)) is not None:
            return local
    if not url or not api_key:
        raise StudioError(
            "no Label Studio server: run `sourcelens studio up`, or set LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY "
            "(environment or .env) for your own server"
        )
    return Connection(url.rstrip("/"), api_key)
