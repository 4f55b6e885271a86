"""Write docs/cli.md from the commands' own --help, so the reference cannot drift.

Run: python -m sourcelens.cli_reference > docs/cli.md
"""

from __future__ import annotations

import click
from click.testing import CliRunner

from sourcelens.cli import main


def _commands(group: click.Group, prefix: list[str]):
    yield prefix
    for name in sorted(group.commands):
        command = group.commands[name]
        if isinstance(command, click.Group):
            yield from _commands(command, prefix + [name])
        else:
            yield prefix + [name]


def reference() -> str:
    runner = CliRunner()
    parts = ["# CLI reference\n", "Generated from `--help` by `python -m sourcelens.cli_reference > docs/cli.md`.\n"]
    for path in _commands(main, []):
        result = runner.invoke(main, path + ["--help"], prog_name="sourcelens", terminal_width=100)
        title = " ".join(["sourcelens", *path])
        parts.append(f"## {title}\n\n```\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    print(reference(), end="")
