"""The `sourcelens` command line: a thin layer over the Python API.

Heavy imports (torch, transformers, pyarrow) happen inside the commands so
`--help` stays instant.
"""

from __future__ import annotations

import sys
from importlib import resources

import click

from sourcelens import __version__


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
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), help="Output file: .jsonl, .csv, .parquet or .html. Omit to print to the terminal.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "html", "text"]), help="Output format when the extension does not say it.")
@click.option("--backend", type=click.Choice(["auto", "model", "rules"]), default="auto", show_default=True, help="model: the fine-tuned classifier; rules: the transparent baseline; auto: the model when one is installed.")
@click.option("--model", "model", type=click.Path(exists=True, file_okay=False), help="A model directory made by `sourcelens train` (implies --backend model).")
@click.option("--resume", is_flag=True, help="Keep articles already in OUTPUT and annotate only the rest.")
@click.option("--example", is_flag=True, help="Annotate the bundled example article.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def annotate(inputs: tuple[str, ...], output: str | None, fmt: str | None, backend: str, model: str | None, resume: bool, example: bool, quiet: bool) -> None:
    """Annotate articles sentence by sentence.

    INPUTS are .txt files (one article; first line = headline; one paragraph
    per line), .jsonl files (one article per line: {"id", "title"?, "text"}
    or {"id", "sentences": [...]}), directories (searched recursively) or
    "-" for standard input.

    \b
    Examples:
      sourcelens annotate story.txt                  # readable lines on the terminal
      sourcelens annotate archive/ -o out.parquet     # a whole folder to Parquet
      sourcelens annotate feed.jsonl -o view.html     # coloured article view
      cat story.txt | sourcelens annotate - --format jsonl

    Bad inputs are reported with file and line and skipped; the exit code is
    then 1. Output files are written atomically.
    """
    from sourcelens.annotate.run import run_annotate

    sources = list(inputs) + ([example_article()] if example else [])
    if not sources:
        raise click.UsageError("give at least one INPUT (a file, a directory or -), or --example")
    sys.exit(run_annotate(sources, output, fmt, backend, model, resume, quiet))


if __name__ == "__main__":
    main()
