"""The batch `annotate` job behind the CLI: progress, errors, atomic output; local or on Ray."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

import click
from tqdm import tqdm

from sourcelens.annotate.backends import get_backend
from sourcelens.annotate.inputs import InputError, read_articles
from sourcelens.annotate.pipeline import annotate_stream
from sourcelens.annotate.writers import FORMATS, finished_articles, format_for, open_writer
from sourcelens.records import AnnotatedSentence, Article, dumps

SHORT = {"official_claim": "OFFICIAL", "commentator_opinion": "COMMENT", "reporter_statement": "REPORTER"}


def print_article(article: Article, rows: list[AnnotatedSentence], out: TextIO) -> None:
    """Readable terminal lines: index, label, score, source, sentence."""
    out.write(f"== {article.id}: {article.title}\n")
    for row in rows:
        a = row.attribution
        who = f" [{a.source_name}]" if a.source_name else ""
        flags = f" {{{', '.join(a.signals.names())}}}" if a.signals.names() else ""
        out.write(f"{row.sentence.index:3d} {SHORT[a.label]:8} {a.scores.get(a.label, 0):.2f}{who} {row.sentence.text}{flags}\n")
    out.write("\n")


def report_error(error: InputError) -> None:
    """One bad input on stderr (above the progress bar), the same for both engines."""
    tqdm.write(f"error: {error}", file=sys.stderr)


def run_annotate(
    sources: list[str], output: str | None, fmt: str | None, backend: str, model: str | None, resume: bool, quiet: bool, runtime: str = "auto",
    engine: str = "local", ray_address: str | None = None, workers: int | None = None,
) -> int:
    """Annotate `sources` into `output` on `engine` ("local" or "ray"); returns the process exit code."""
    if engine == "ray":
        return run_annotate_ray(sources, output, fmt, backend, model, resume, quiet, runtime, ray_address, workers)
    if output and os.path.isdir(output):
        raise click.UsageError(f"-o {output} is a directory; the local engine writes one file (e.g. -o out.parquet), --engine ray a directory of shards")
    try:
        fmt = format_for(output, fmt) if output else (fmt or "text")
        done = set(finished_articles(output, fmt)) if resume and output else set()
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if output is None and fmt in {"parquet", "html", "csv"}:
        raise click.UsageError(f"--format {fmt} needs an output file (-o)")
    try:
        engine = get_backend(backend, model, runtime)
    except (OSError, ValueError) as exc:  # ModelNotFound is an OSError; a broken model dir raises either
        raise click.ClickException(f"cannot load the model: {exc}") from None
    try:
        writer = open_writer(output, fmt, resume=resume) if output else None
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"{output}: cannot write it ({exc})") from None
    errors: list[InputError] = []
    n_articles = n_sentences = 0
    skipped = 0

    def pending():
        nonlocal skipped
        for item in read_articles(sources):
            if isinstance(item, Article) and item.id in done:
                skipped += 1
                continue
            yield item

    bar = tqdm(unit=" articles", disable=quiet, file=sys.stderr, desc=f"annotating ({engine.version})")
    ok = False
    try:
        for result in annotate_stream(pending(), engine):
            if isinstance(result, InputError):
                errors.append(result)
                report_error(result)
                continue
            article, rows = result
            if writer is not None:
                writer.write(article, rows)
            elif fmt == "jsonl":
                for row in rows:
                    sys.stdout.write(dumps(row.to_json()) + "\n")
            else:
                print_article(article, rows, sys.stdout)
            n_articles += 1
            n_sentences += len(rows)
            bar.update(1)
        ok = True
    except KeyboardInterrupt:
        # Finished articles are complete rows: publish them, so --resume can carry on from here.
        ok = writer is not None
        tqdm.write(f"interrupted: {n_articles} finished articles written" + (f" to {output}; re-run with --resume to finish" if output else ""), file=sys.stderr)
        return 130
    finally:
        bar.close()
        if writer is not None:
            writer.close(ok)
    summary = f"annotated {n_articles} articles, {n_sentences} sentences with {engine.version}"
    if resume:
        summary += f"; {skipped} articles already done"
    if output:
        summary += f" -> {output}"
    if errors:
        summary += f"; {len(errors)} input(s) failed (see errors above)"
    click.echo(summary, err=True)
    return 1 if errors else 0


def run_annotate_ray(
    sources: list[str], output: str | None, fmt: str | None, backend: str, model: str | None, resume: bool, quiet: bool, runtime: str,
    ray_address: str | None, workers: int | None,
) -> int:
    """`annotate --engine ray`: Parquet shards, `_errors.jsonl` and `_manifest.json` in the directory `output`."""
    from sourcelens.annotate.ray_engine import RayClientUnsupported, RayNotInstalled, check_address, require_ray, run_ray
    from sourcelens.models.classifier import ModelNotFound

    if output is None:
        raise click.UsageError("--engine ray writes Parquet shards into a directory: give one with -o DIR")
    if fmt not in (None, "parquet"):
        raise click.UsageError(f"--engine ray writes Parquet shards only; --format {fmt} needs --engine local")
    path = Path(output)
    if (path.exists() and not path.is_dir()) or (not path.exists() and path.suffix.lstrip(".").lower() in FORMATS):
        raise click.UsageError(f"--engine ray writes Parquet shards into a directory, and -o {output} names a file; give a directory (e.g. -o annotated/)")
    try:
        check_address(ray_address)
    except RayClientUnsupported as exc:
        raise click.UsageError(str(exc)) from None
    try:
        require_ray()
    except RayNotInstalled as exc:
        raise click.ClickException(str(exc)) from None
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise click.ClickException(f"{output}: cannot write it ({exc})") from None
    try:
        result = run_ray(sources, output, backend=backend, model=model, runtime=runtime, address=ray_address, workers=workers, resume=resume,
                         progress=not quiet, on_error=report_error)
    except ModelNotFound as exc:
        raise click.ClickException(f"cannot load the model: {exc}") from None
    except ConnectionError as exc:
        raise click.ClickException(f"cannot connect to Ray at {ray_address or os.environ.get('RAY_ADDRESS') or 'the local Ray'}: {exc}") from None
    except KeyboardInterrupt:
        click.echo(f"interrupted: finished shards are kept in {output}; re-run with --resume to finish", err=True)
        return 130
    click.echo(result.summary(), err=True)
    return 0 if result.ok else 1
