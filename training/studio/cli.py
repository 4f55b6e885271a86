"""`sourcelens studio ...`: the Label Studio round trip from the command line.

Imports stay inside the commands so `sourcelens --help` does not load the SDK.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sourcelens.training.studio.settings import DEFAULT_PORT, StudioError, workspace

_WORKSPACE = click.option(
    "--workspace", "ws", envvar="SOURCELENS_WORKSPACE", type=click.Path(file_okay=False), default="workspace", show_default=True,
    help="Where the local server's data, pulled snapshots and cursors live (env SOURCELENS_WORKSPACE).",
)
_PROJECT = click.option("--project", required=True, help="Label Studio project title (created by the first push).")


def _fail(exc: StudioError) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(1)


@click.group()
def studio() -> None:
    """Human corrections through Label Studio: push predictions, pull corrections.

    \b
    The loop:
      sourcelens studio up                                  # local server on 127.0.0.1
      sourcelens studio push articles/ --project desk --select uncertain --limit 200
      ... people correct the pre-annotations in the browser ...
      sourcelens studio pull --project desk                # an immutable snapshot
      sourcelens train --corrections workspace/corrections/desk --out models/next

    Your own server instead of `studio up`: set LABEL_STUDIO_URL and
    LABEL_STUDIO_API_KEY (environment or a .env file).
    """


@studio.command()
@_WORKSPACE
@click.option("--port", type=int, default=DEFAULT_PORT, show_default=True, help="Port on 127.0.0.1.")
@click.option("--password", envvar="LABEL_STUDIO_PASSWORD", help="Admin password at the first start (default: generated, saved in the workspace).")
def up(ws: str, port: int, password: str | None) -> None:
    """Start a local Label Studio (offline, data under the workspace) and wait until it answers."""
    from sourcelens.training.studio import server

    root = workspace(ws)
    try:
        if (running := server.status(root)) is not None:
            click.echo(f"Label Studio is already running at {running.url} (pid {running.pid})")
            return
        click.echo(f"starting Label Studio on 127.0.0.1:{port} (first start runs migrations: up to a minute) ...", err=True)
        running = server.start(root, port=port, password=password)
    except StudioError as exc:
        _fail(exc)
    click.echo(f"Label Studio is up at {running.url}")
    click.echo(f"log in as {running.username}; the password is in {root / 'studio' / 'credentials.json'}")
    click.echo(f"log: {running.log}    stop it with: sourcelens studio down")


@studio.command()
@_WORKSPACE
def down(ws: str) -> None:
    """Stop the local Label Studio started by `studio up`."""
    from sourcelens.training.studio import server

    click.echo("stopped Label Studio" if server.stop(workspace(ws)) else "no Label Studio was running for this workspace")


@studio.command("config")
def config() -> None:
    """Print the labelling config (generated from the label schema)."""
    from sourcelens.training.studio.interface import label_config

    click.echo(label_config(), nl=False)


def _studio(ws: str, what: str):
    """A checked connection to the configured server (one-line error otherwise)."""
    from sourcelens.training.studio.client import connect
    from sourcelens.training.studio.settings import connection

    try:
        return connect(connection(workspace(ws)))
    except StudioError as exc:
        _fail(exc)


@studio.command()
@click.argument("inputs", nargs=-1, required=True)
@_PROJECT
@_WORKSPACE
@click.option("--select", type=click.Choice(["all", "uncertain"]), default="all", show_default=True, help="uncertain: the sentences the model is least sure of (low margin, high entropy, rules disagree), spread over articles.")
@click.option("--limit", type=click.IntRange(min=1), help="Send at most N sentences (with --select uncertain: the N most useful).")
@click.option("--backend", type=click.Choice(["auto", "model", "rules"]), default="auto", show_default=True, help="Which annotator makes the pre-annotations.")
@click.option("--model", type=click.Path(exists=True, file_okay=False), help="A model directory (default: the installed default model).")
@click.option("--runtime", type=click.Choice(["auto", "torch", "torch-int8", "onnx", "onnx-int8"]), default="auto", show_default=True)
def push(inputs: tuple[str, ...], project: str, ws: str, select: str, limit: int | None, backend: str, model: str | None, runtime: str) -> None:
    """Annotate INPUTS and import one task per sentence, pre-annotated by the model.

    INPUTS are read like `sourcelens annotate` reads them (.txt, .jsonl,
    directories). The project is created on first use with the config from
    `studio config`. Pushing the same articles again adds no duplicates.

    \b
    Examples:
      sourcelens studio push archive/ --project desk
      sourcelens studio push feed.jsonl --project desk --select uncertain --limit 100
    """
    from sourcelens.training.studio.push import push as run_push

    client = _studio(ws, "push")
    try:
        report = run_push(client, project, inputs, backend=backend, model=model, runtime=runtime, select=select, limit=limit)
    except StudioError as exc:
        _fail(exc)
    for error in report.errors:
        click.echo(f"skipped: {error}", err=True)
    click.echo(report.summary())
    sys.exit(1 if report.errors else 0)


@studio.command()
@_PROJECT
@_WORKSPACE
def pull(project: str, ws: str) -> None:
    """Save the annotations made or changed since the last pull as a new snapshot.

    Writes WORKSPACE/corrections/PROJECT/NNNN-TIME/{labels.jsonl,manifest.json}
    (never overwritten) and moves the project's cursor. Skipped tasks are
    left out and counted; annotations this schema cannot read (an unknown
    label, a span outside the sentence) are counted and listed in the
    manifest.
    """
    from sourcelens.training.studio.pull import pull as run_pull

    client = _studio(ws, "pull")
    try:
        report = run_pull(client, project, workspace(ws))
    except StudioError as exc:
        _fail(exc)
    for problem in report.invalid:
        click.echo(f"skipped: {problem}", err=True)
    click.echo(report.summary())
