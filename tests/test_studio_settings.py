"""Finding the Label Studio server without a running one: environment, .env, the workspace's own server."""

from __future__ import annotations

import pytest

from sourcelens.cli import main
from sourcelens.studio.settings import Connection, StudioError, connection


def test_dotenv_in_the_working_directory_names_the_server(tmp_path, monkeypatch):
    monkeypatch.delenv("LABEL_STUDIO_URL", raising=False)
    monkeypatch.delenv("LABEL_STUDIO_API_KEY", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("LABEL_STUDIO_URL=http://studio.example:8080/\nLABEL_STUDIO_API_KEY=s3cret-token-value\n")
    found = connection(tmp_path / "workspace")
    assert found == Connection("http://studio.example:8080", "s3cret-token-value")
    assert "s3cret" not in repr(found)
    monkeypatch.setenv("LABEL_STUDIO_URL", "http://other.example")
    assert connection(tmp_path / "workspace").url == "http://other.example"  # the environment beats .env


def test_no_server_configured_says_how_to_get_one(tmp_path, monkeypatch, runner):
    monkeypatch.delenv("LABEL_STUDIO_URL", raising=False)
    monkeypatch.delenv("LABEL_STUDIO_API_KEY", raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StudioError, match="sourcelens studio up"):
        connection(tmp_path / "workspace")
    result = runner.invoke(main, ["studio", "pull", "--project", "desk", "--workspace", str(tmp_path / "ws")])
    assert result.exit_code == 1 and result.output.startswith("error: no Label Studio server") and "Traceback" not in result.output


def test_redaction_removes_the_token_and_auth_headers():
    conn = Connection("http://127.0.0.1:8080", "abc123token")
    text = conn.redact("failed with abc123token; headers Authorization: Token abc123token, Bearer eyJhbGciOi.x-y_z")
    assert "abc123token" not in text and "eyJhbGciOi" not in text and text.count("<redacted>") == 3
