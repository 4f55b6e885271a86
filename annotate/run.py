"""The batch `annotate` job behind the CLI: progress, errors, atomic output."""

from __future__ import annotations

import sys
from typing import TextIO

import click
from tqdm import tqdm

from sourcelens.annotate.backends import get_backend
from sourcelens.annotate.inputs import InputError, read_articles
from sourcelens.annotate.pipeline import annotate_stream
from sourcelens.annotate.writers import finished_articles, format_for, open_writer
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


def run_annotate(sources: list[str], output: str | None, fmt: str | None, backend: str, model: str | None, resume: bool, quiet: bool, runtime: str = "auto") -> int:
    """Annotate `sources` into `output`; returns the process exit code."""
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
                tqdm.write(f"error: {result}", file=sys.stderr)
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

