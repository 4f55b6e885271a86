"""Shared fixtures: real article files written to a temp dir."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from model_helpers import train_tiny

ARTICLE = """Council approves tram extension after long debate
RIVERTON, June 3
The city council approved the tram extension on Tuesday, the mayor's office said. It added that construction would begin in the spring.
Transport analyst Noor Haddad said the budget looked optimistic. "They have never delivered a line on time," she said.
The line will run 6 km to the northern suburbs.
By Elena Duarte
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def article_file(tmp_path: Path) -> Path:
    path = tmp_path / "tram.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def jsonl_file(tmp_path: Path) -> Path:
    path = tmp_path / "feed.jsonl"
    rows = [
        {"id": "a1", "title": "Port strike enters second week", "text": "Dock workers stayed out on Monday. The union said talks had collapsed."},
        {"id": "a2", "sentences": ["Prices rose 3% in May.", "The central bank said inflation would ease.", "Economists doubt it."]},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory):
    """The tiny model (`train_tiny`), shared by the session."""
    out = tmp_path_factory.mktemp("models") / "tiny"
    return out, train_tiny(out, "tiny-1")


@pytest.fixture(scope="session")
def studio_server(tmp_path_factory):
    """A real Label Studio on a free loopback port with a temp workspace, stopped after the session.

    Yields (workspace, Connection). The first start of a fresh data dir runs
    migrations (40-60 s here); every server test shares this one.
    """
    from sourcelens.studio import server
    from sourcelens.studio.server import LOOPBACK_BACKEND_ENV

    ws = tmp_path_factory.mktemp("studio-workspace")
    server.start(ws, port=server.free_port(), extra_env=LOOPBACK_BACKEND_ENV)
    try:
        yield ws, server.local_connection(ws)
    finally:
        server.stop(ws)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def require_chromium() -> str:
    """Debian's chromium, or fail in CI (where .ci/run installs it) and skip elsewhere."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs it (apt-get install chromium)")
        pytest.skip("chromium not installed (apt-get install chromium); CI runs this test")
    return CHROMIUM


@pytest.fixture
def studio_page(studio_server):
    """A headless Chromium page logged in to the test Label Studio as its admin (Playwright, system browser)."""
    from playwright.sync_api import sync_playwright

    executable = require_chromium()
    ws, conn = studio_server
    creds = json.loads((Path(ws) / "studio" / "credentials.json").read_text(encoding="utf-8"))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(f"{conn.url}/user/login/")
            page.fill("input[name=email]", creds["username"])
            page.fill("input[name=password]", creds["password"])
            page.click("button[type=submit]")
            page.wait_for_url(lambda url: "/user/login" not in url, timeout=60_000)
            yield page
        finally:
            browser.close()


@pytest.fixture
def corpus_slice(tmp_path: Path) -> Path:
    """Six corpus articles: conflict-001 is dev, conflict-002 test, the rest train (splits.json)."""
    from sourcelens.corpus.authored import CORPUS_DIR

    folder = tmp_path / "corpus"
    folder.mkdir()
    lines = (CORPUS_DIR / "conflict.jsonl").read_text(encoding="utf-8").splitlines()[:6]
    (folder / "slice.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
