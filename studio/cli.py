"""`sourcelens studio ...`: the Label Studio round trip from the command line.

Imports stay inside the commands so `sourcelens --help` does not load the SDK.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sourcelens.annotate.backends import BackendSpec
from sourcelens.cli_options import MODEL, MODEL_HELP, backend_options
from sourcelens.studio.backend_process import DEFAULT_BACKEND_PORT
from sourcelens.studio.tasks import PER_ARTICLE
from sourcelens.studio.settings import BACKEND_TOKEN_ENV, DEFAULT_PORT, StudioError, backend_token_file, studio_dir, workspace

_WORKSPACE = click.option(
    "--workspace", "ws", envvar="SOURCELENS_WORKSPACE", type=click.Path(file_okay=False), default="workspace", show_default=True,
    help="Where the local server's data, pulled snapshots and cursors live (env SOURCELENS_WORKSPACE).",
)
_BACKEND_TOKEN_HELP = (f"Shared secret the ML backend requires (env {BACKEND_TOKEN_ENV}; default: the one stored in WORKSPACE/studio/backend_token, "
                       "else a new random one, stored there with mode 600).")
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
      sourcelens train --corrections workspace/corrections/desk --warm-start --out runs/next
      sourcelens eval --model runs/next --model default --human workspace/corrections --report reports/next

    Your own server instead of `studio up`: set LABEL_STUDIO_URL and
    LABEL_STUDIO_API_KEY (environment or a .env file).
    """


@studio.command()
@_WORKSPACE
@click.option("--port", type=int, default=DEFAULT_PORT, show_default=True, help="Port on 127.0.0.1.")
@click.option("--password", envvar="LABEL_STUDIO_PASSWORD", help="Admin password at the first start (default: generated, saved in the workspace).")
@click.option("--with-backend", is_flag=True, help="Also run the ML backend (live predictions) in the background, and let Label Studio call it on 127.0.0.1.")
@click.option("--backend-port", type=int, default=DEFAULT_BACKEND_PORT, show_default=True, help="Port of the ML backend on 127.0.0.1 (with --with-backend).")
@click.option("--model", type=MODEL, help=f"The ML backend's model: {MODEL_HELP} (default: the shipped model).")
@click.option("--retrain-command", help="Shell command the ML backend runs after every --retrain-every annotations (see `studio backend`).")
@click.option("--retrain-every", type=click.IntRange(min=1), default=20, show_default=True, help="Annotation events per project between retrains.")
@click.option("--backend-token", envvar=BACKEND_TOKEN_ENV, help=_BACKEND_TOKEN_HELP)
def up(ws: str, port: int, password: str | None, with_backend: bool, backend_port: int, model: str | None, retrain_command: str | None, retrain_every: int,
       backend_token: str | None) -> None:
    """Start a local Label Studio (offline, data under the workspace) and wait until it answers.

    With --with-backend the ML backend starts too (stopped by `studio down`),
    and Label Studio starts with ML_BLOCK_LOCAL_IP=false and
    SSRF_PROTECTION_ENABLED=false, without which it refuses a backend on
    127.0.0.1. `studio push` connects the backend to its project; for a
    project made otherwise run `studio connect --project NAME`.
    """
    from sourcelens.studio import backend_process, server
    from sourcelens.studio.settings import backend_token as store_backend_token

    root = workspace(ws)
    try:
        if with_backend:
            store_backend_token(root, backend_token)  # the backend process reads it from the workspace
        ml = backend_process.start(root, backend_port, _backend_options(root, model, retrain_command, retrain_every)) if with_backend else None
        if (running := server.status(root)) is not None:
            click.echo(f"Label Studio is already running at {running.url} (pid {running.pid})")
            if ml is not None:
                click.echo("note: if it was started without --with-backend it refuses the backend; restart it: studio down, then studio up --with-backend")
        else:
            click.echo(f"starting Label Studio on 127.0.0.1:{port} (first start runs migrations: up to a minute) ...", err=True)
            running = server.start(root, port=port, password=password, extra_env=server.LOOPBACK_BACKEND_ENV if with_backend else None)
            click.echo(f"Label Studio is up at {running.url}")
            click.echo(f"log in as {running.username}; the password is in {root / 'studio' / 'credentials.json'}")
            click.echo(f"log: {running.log}    stop it with: sourcelens studio down")
        if ml is not None:
            backend_process.wait(root, ml)
            click.echo(f"ML backend is up at {ml.url} (log: {ml.log}); `studio push` connects it, or `studio connect --project NAME`")
    except StudioError as exc:
        if with_backend:
            backend_process.stop(root)
        _fail(exc)


def _backend_options(root: Path, model: str | None, retrain_command: str | None, retrain_every: int) -> list[str]:
    """The `studio backend` options that `up --with-backend` passes on."""
    options = ["--workspace", str(root)] + (["--model", str(Path(model).resolve())] if model else [])
    return options + (["--retrain-command", retrain_command, "--retrain-every", str(retrain_every)] if retrain_command else [])


@studio.command()
@_WORKSPACE
def down(ws: str) -> None:
    """Stop the local Label Studio (and the ML backend) started by `studio up`."""
    from sourcelens.studio import backend_process, server

    if backend_process.stop(workspace(ws)):
        click.echo("stopped the ML backend")
    click.echo("stopped Label Studio" if server.stop(workspace(ws)) else "no Label Studio was running for this workspace")


@studio.command("config")
def config() -> None:
    """Print the labelling config (generated from the label schema)."""
    from sourcelens.studio.interface import label_config

    click.echo(label_config(), nl=False)


@studio.command("backend")
@_WORKSPACE
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=int, default=DEFAULT_BACKEND_PORT, show_default=True)
@backend_options(what="predicts (as in `sourcelens annotate`)")
@click.option("--retrain-command", help="Shell command run in the background after every --retrain-every annotation events of a project, "
              "with SOURCELENS_STUDIO_PROJECT set to the project's title (e.g. a pull and a train).")
@click.option("--retrain-every", type=click.IntRange(min=1), default=20, show_default=True, help="Annotation events (created or updated) per project between retrains.")
@click.option("--token", envvar=BACKEND_TOKEN_ENV, help=_BACKEND_TOKEN_HELP)
def backend_command(ws: str, host: str, port: int, spec: BackendSpec, retrain_command: str | None, retrain_every: int, token: str | None) -> None:
    """Serve live predictions to Label Studio (the ML backend protocol) until Ctrl-C.

    Label Studio calls it for pre-annotations of tasks that have none (tasks
    imported by hand, or opened before a push predicted them), and sends it
    annotation events, which can trigger a retrain. The model loads once, at
    start. Connect it to a project with `studio connect`.

    Every request but /health needs the shared secret (--token, else the one
    stored in the workspace, else a new random one), as HTTP basic auth (the
    token as password) or `Authorization: Bearer TOKEN`; `studio connect`
    registers it with Label Studio. Keep --host on loopback unless the
    network is trusted.

    \b
    Example:
      sourcelens studio backend --port 9090 --retrain-every 50 \\
        --retrain-command 'sourcelens studio pull --project "$SOURCELENS_STUDIO_PROJECT" && sourcelens train ...'
    """
    from sourcelens.studio.server import port_is_free

    try:
        import uvicorn

        from sourcelens.studio.ml_backend import create_app
    except ImportError as exc:
        raise click.ClickException(f"the ML backend needs the studio extra ({exc.name} is missing): pip install -e '.[studio]'") from None
    from sourcelens.studio.settings import backend_token

    if host in ("127.0.0.1", "localhost") and not port_is_free(port):
        raise click.ClickException(f"port {port} on {host} is busy; pick another with --port")
    if not _is_loopback(host):
        click.echo(f"warning: --host {host} is not a loopback address: anyone who can reach it can call the backend"
                   " (the token guards predictions and retrains, but travels in clear over HTTP)", err=True)
    from sourcelens.models.model_dir import ModelNotFound

    root = workspace(ws)
    try:
        secret = backend_token(root, token)
    except StudioError as exc:
        raise click.ClickException(str(exc)) from None
    retrain_log = studio_dir(root) / "retrain.log"
    try:
        app = create_app(spec, retrain_command=retrain_command, retrain_every=retrain_every, retrain_log=retrain_log, token=secret)
    except ModelNotFound as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"ML backend with model {app.state.predictor.version} on http://{host}:{port}; token in {backend_token_file(root)}"
               + (f"; retrain log: {retrain_log}" if retrain_command else ""), err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@studio.command()
@_PROJECT
@_WORKSPACE
@click.option("--backend-url", help="The ML backend's URL (default: the one `studio up --with-backend` started, else http://127.0.0.1:9090).")
@click.option("--predict/--no-predict", default=True, show_default=True, help="Also fetch predictions for the project's tasks that have none from this model.")
@click.option("--backend-token", envvar=BACKEND_TOKEN_ENV, help=f"The ML backend's token (env {BACKEND_TOKEN_ENV}; default: the one in WORKSPACE/studio/backend_token).")
def connect(project: str, ws: str, backend_url: str | None, predict: bool, backend_token: str | None) -> None:
    """Connect the ML backend to a project so its tasks get live pre-annotations (idempotent).

    Label Studio is told the backend's token: it calls the backend with HTTP
    basic auth, and the project's webhook to the backend carries the token.
    """
    from sourcelens.studio import backend_process
    from sourcelens.studio.ml_connect import connect_backend, retrieve_predictions
    from sourcelens.studio.project_settings import follow_backend
    from sourcelens.studio.settings import stored_backend_token

    running = backend_process.status(workspace(ws))
    url = backend_url or (running.url if running else f"http://127.0.0.1:{DEFAULT_BACKEND_PORT}")
    token = backend_token or stored_backend_token(workspace(ws))
    if token is None:
        _fail(StudioError("no ML backend token: start the backend with this workspace (`studio backend` or `studio up --with-backend`), or pass --backend-token"))
    client = _studio(ws, "connect")
    try:
        target = client.project(project)
        connect_backend(client, target, url, token=token)
        click.echo(f"connected the ML backend {url} to project {project!r}")
        if follow_backend(client, target):
            click.echo("the labelling stream now pre-annotates every task from it (tasks imported by hand too)")
        if predict:
            retrieve_predictions(client, target)
            click.echo("asked Label Studio to fetch predictions for the tasks that had none from this model")
    except StudioError as exc:
        _fail(exc)


def _studio(ws: str, what: str):
    """A checked connection to the configured server (one-line error otherwise)."""
    from sourcelens.studio.client import connect
    from sourcelens.studio.settings import connection

    try:
        return connect(connection(workspace(ws)))
    except StudioError as exc:
        _fail(exc)


@studio.command()
@click.argument("inputs", nargs=-1, required=True)
@_PROJECT
@_WORKSPACE
@click.option("--select", type=click.Choice(["all", "uncertain"]), default="all", show_default=True,
              help="uncertain: the sentences the model is least sure of (low margin, high entropy, rules disagree), ranked over the whole batch.")
@click.option("--limit", type=click.IntRange(min=1), help="Keep N tasks open: add only as many new tasks as the project's open ones (pushed, still waiting "
              "for annotations) fall short of N. Re-run after a labelling session to top the queue up.")
@click.option("--per-article", type=click.IntRange(min=1), default=PER_ARTICLE, show_default=True,
              help="With --select uncertain: at most N sentences of one article while other articles still have candidates.")
@click.option("--overlap", type=click.IntRange(min=1), help="Annotators per task (Label Studio's maximum_annotations, which its Community UI does not show); "
              "the labelling stream hands each task to that many different people. Kept until changed.")
@backend_options(what="makes the pre-annotations")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars.")
def push(inputs: tuple[str, ...], project: str, ws: str, select: str, limit: int | None, per_article: int, overlap: int | None, spec: BackendSpec, quiet: bool) -> None:
    """Annotate INPUTS and import one task per sentence, pre-annotated by the model.

    INPUTS are read like `sourcelens annotate` reads them (.txt, .jsonl,
    directories). The project is created on first use with the config from
    `studio config`. Pushing the same articles again adds no duplicates.

    Every push also sets what annotators see: the model's pre-annotation in
    the labelling stream ("Label All Tasks", which shows each person only
    their own annotations), the labelling guide as the project's
    instructions, and --overlap when given. It prints the project's URL.

    \b
    Examples:
      sourcelens studio push archive/ --project desk
      sourcelens studio push feed.jsonl --project desk --select uncertain --limit 100 --overlap 2
    """
    from sourcelens.studio.push import push as run_push

    client = _studio(ws, "push")
    try:
        report = run_push(client, project, inputs, spec, select=select, limit=limit, quiet=quiet, per_article=per_article, overlap=overlap)
    except StudioError as exc:
        _fail(exc)
    except (OSError, ValueError) as exc:  # ModelNotFound is an OSError; a broken model dir raises either
        _fail(StudioError(f"cannot load the model: {exc}"))
    for error in report.errors:
        click.echo(f"skipped: {error}", err=True)
    click.echo(report.summary())
    _connect_running_backend(client, project, workspace(ws))
    sys.exit(1 if report.errors else 0)


def _connect_running_backend(client, project: str, root: Path) -> None:
    """When `up --with-backend` runs a backend for this workspace, make sure the project uses it."""
    from sourcelens.studio import backend_process
    from sourcelens.studio.ml_connect import connect_backend
    from sourcelens.studio.project_settings import follow_backend
    from sourcelens.studio.settings import stored_backend_token

    if (running := backend_process.status(root)) is None:
        return
    try:
        target = client.project(project)
        connect_backend(client, target, running.url, token=stored_backend_token(root))
        live = follow_backend(client, target)
        click.echo(f"live predictions: the ML backend at {running.url} is connected to {project!r}"
                   + ("; the labelling stream pre-annotates from it (tasks imported by hand too)" if live else ""))
    except StudioError as exc:
        click.echo(f"warning: {exc}", err=True)


@studio.command()
@_PROJECT
@_WORKSPACE
def pull(project: str, ws: str) -> None:
    """Save the annotations made or changed since the last pull as a new snapshot.

    Writes WORKSPACE/corrections/PROJECT/NNNN-TIME/{labels.jsonl,manifest.json}
    (never overwritten) and moves the project's cursor. Skipped tasks are
    left out and counted; annotations this schema cannot read (an unknown
    label, a span outside the sentence, a task without text) are printed,
    counted and listed in the manifest.

    An annotation counts as accepting or changing the model's label only
    when it started from the pre-annotation; a blank start is neither.
    Tasks imported by hand (only a `text` field) are kept as one-sentence
    articles named studio-PROJECT-task-TASK, so their corrections train.
    """
    from sourcelens.studio.pull import pull as run_pull

    client = _studio(ws, "pull")
    try:
        report = run_pull(client, project, workspace(ws))
    except StudioError as exc:
        _fail(exc)
    for problem in report.invalid:
        click.echo(f"skipped: {problem}", err=True)
    click.echo(report.summary())


@studio.group()
def annotators() -> None:
    """The people who label: add them, list them, or print the invite link.

    \b
    Several annotators on one project:
      sourcelens studio annotators add ana@desk.example          # prints how Ana logs in
      sourcelens studio annotators add ben@desk.example --password '...'
      sourcelens studio push articles/ --project desk --overlap 2 --select uncertain --limit 100
      ... each opens the project and clicks "Label All Tasks" ...
      sourcelens studio pull --project desk
      sourcelens eval --human workspace/corrections/desk        # Cohen's kappa, Krippendorff's alpha
    """


@annotators.command("add")
@click.argument("email")
@_WORKSPACE
@click.option("--password", envvar="SOURCELENS_ANNOTATOR_PASSWORD", help="Their password, 8 to 128 characters (env SOURCELENS_ANNOTATOR_PASSWORD; default: generated and printed once).")
def annotators_add(email: str, ws: str, password: str | None) -> None:
    """Make EMAIL a member of the organization who can log in and label.

    Label Studio Community edition has no API that sets a password; this
    signs the person up through the organization's invite link, as its
    sign-up page does. Members see every project of the organization.
    """
    from sourcelens.studio.annotators import add_annotator

    client = _studio(ws, "adding an annotator")
    try:
        added = add_annotator(client, email, password)
    except StudioError as exc:
        _fail(exc)
    click.echo(f"{added.email} can log in at {added.login_url}")
    if added.generated:
        click.echo(f"password: {added.password}    (generated: pass it on privately; it is not stored anywhere)")
    click.echo("in a project they click 'Label All Tasks': each task starts from the model's pre-annotation and shows only their own annotations")


@annotators.command("list")
@_WORKSPACE
def annotators_list(ws: str) -> None:
    """The organization's members (id, email, name, last activity)."""
    from sourcelens.studio.annotators import list_annotators

    client = _studio(ws, "listing annotators")
    try:
        people = list_annotators(client)
    except StudioError as exc:
        _fail(exc)
    for person in people:
        click.echo(f"{person.id:>4}  {person.email:<36} {person.name:<24} {person.last_activity or '-'}")


@annotators.command("invite")
@_WORKSPACE
def annotators_invite(ws: str) -> None:
    """Print the organization's invite link (sign-up with a password of one's own; anyone holding it can join)."""
    from sourcelens.studio.annotators import invite_link

    client = _studio(ws, "reading the invite link")
    try:
        click.echo(invite_link(client))
    except StudioError as exc:
        _fail(exc)
