"""What the Label Studio tests share: the CLI against a real server, and a feed file of articles."""

from __future__ import annotations

import json
from pathlib import Path

from sourcelens.cli import main
from sourcelens.studio.settings import Connection


def studio_cli(runner, ws: Path, conn: Connection, *args: str):
    """`sourcelens studio ARGS --workspace WS` with the server's URL and token in the environment."""
    env = {"LABEL_STUDIO_URL": conn.url, "LABEL_STUDIO_API_KEY": conn.api_key}
    return runner.invoke(main, ["studio", *args, "--workspace", str(ws)], env=env)


def write_feed(folder: Path, articles: list[dict]) -> Path:
    """The articles as a JSONL file `push` reads."""
    path = folder / "feed.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return path
