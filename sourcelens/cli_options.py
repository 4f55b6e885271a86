"""Click options shared by the commands of every CLI group (annotate, studio push, studio backend).

The choices come from `BackendSpec`'s module, so a new backend or runtime
appears everywhere at once; the command receives one `spec: BackendSpec`.
"""

from __future__ import annotations

import functools
from typing import Callable

import click

from sourcelens.annotate.backends import BACKENDS, BackendSpec
from sourcelens.models.runtime import RUNTIMES


def backend_options(func: Callable | None = None, *, runtime: bool = True, what: str = "labels the sentences") -> Callable:
    """Add --backend, --model (and --runtime) and pass them to the command as `spec`."""

    def decorate(command: Callable) -> Callable:
        @functools.wraps(command)
        def wrapper(*args, backend: str, model: str | None, runtime: str = "auto", **kwargs):
            return command(*args, spec=BackendSpec(backend, model, runtime), **kwargs)

        options = [
            click.option("--backend", type=click.Choice(BACKENDS), default="auto", show_default=True,
                         help=f"Which annotator {what}. model: the fine-tuned classifier; rules: the transparent baseline; auto: the model when one is installed."),
            click.option("--model", "model", type=click.Path(exists=True, file_okay=False),
                         help="A model directory made by `sourcelens train` (implies --backend model; default: the shipped model)."),
        ]
        if runtime:
            options.append(click.option("--runtime", type=click.Choice(RUNTIMES), default="auto", show_default=True,
                                        help="Model runtime; auto = int8 ONNX Runtime (1.58x PyTorch, -0.002 test macro-F1), else PyTorch."))
        for option in reversed(options):
            wrapper = option(wrapper)
        return wrapper

    return decorate(func) if func is not None else decorate
