"""Inference runtimes for the classifier: PyTorch, or ONNX Runtime with int8 weights.

Measured on the shipped model (2-core CPU, bench/throughput.py, docs/benchmarks.md):
ONNX Runtime with dynamically quantised int8 weights is 1.58x the PyTorch fp32
forward pass and loses 0.002 test macro-F1, so it is the default ("auto") wherever
onnxruntime is installed. The ONNX file is exported once per model (with
torch's dynamo exporter; the legacy tracer bakes the attention mask in at the
traced shape and is wrong), quantised, and cached by the weights' hash.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import sys
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

RUNTIMES = ("auto", "torch", "torch-int8", "onnx", "onnx-int8")


def cache_dir() -> Path:
    return Path(os.environ.get("SOURCELENS_CACHE", Path.home() / ".cache" / "sourcelens"))


def resolve(runtime: str) -> str:
    """The concrete runtime for `auto`: int8 ONNX when onnxruntime can be imported."""
    if runtime != "auto":
        return runtime
    try:
        import onnxruntime  # noqa: F401
        import onnxscript  # noqa: F401
    except ImportError:
        return "torch"
    return "onnx-int8"


def weights_digest(model_dir: Path) -> str:
    """A short hash of a model's weights and config: the key for anything derived from them."""
    digest = hashlib.sha256()
    for name in ("model.safetensors", "config.json"):
        with open(model_dir / name, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()[:16]


def export_onnx(model_dir: Path, example: dict, quantize: bool) -> Path:
    """Export (and quantise) the model once; later calls return the cached file."""
    target = cache_dir() / "onnx" / weights_digest(model_dir) / ("model-int8.onnx" if quantize else "model.onnx")
    if target.exists():
        return target
    import torch
    from transformers import AutoModelForSequenceClassification

    print(f"sourcelens: preparing the ONNX runtime for {model_dir.name} (once; cached in {target.parent})", file=sys.stderr)
    model = AutoModelForSequenceClassification.from_pretrained(model_dir, dtype=torch.float32, attn_implementation="eager").eval()
    names = list(example)
    batch, seq = torch.export.Dim("batch"), torch.export.Dim("seq")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp, _quiet():
        plain = Path(tmp) / "model.onnx"
        torch.onnx.export(
            model, (), str(plain), kwargs=dict(example), input_names=names, output_names=["logits"],
            dynamic_shapes={n: {0: batch, 1: seq} for n in names}, dynamo=True, external_data=False, verbose=False,
        )
        produced = plain
        if quantize:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            produced = Path(tmp) / "model-int8.onnx"
            quantize_dynamic(str(plain), str(produced), weight_type=QuantType.QInt8)
        os.replace(produced, target)  # atomic: a crash never leaves a half-written model in the cache
    return target


@contextlib.contextmanager
def _quiet():
    """The exporter and quantiser narrate every step; a user needs one line, printed above."""
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        logging.disable(logging.WARNING)
        try:
            yield
        finally:
            logging.disable(logging.NOTSET)


@dataclass
class _Output:
    logits: object


class OnnxModel:
    """Callable like a transformers model: model(**encoded).logits."""

    def __init__(self, path: Path, threads: int) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.inputs = [i.name for i in self.session.get_inputs()]

    def __call__(self, **encoded) -> _Output:
        import torch

        logits = self.session.run(None, {n: encoded[n].numpy() for n in self.inputs})[0]
        return _Output(torch.from_numpy(logits))


def load_runtime(model, model_dir: Path, runtime: str, example: dict, threads: int):
    """The object that computes logits for `runtime`, starting from the loaded torch model."""
    if runtime == "torch":
        return model
    if runtime == "torch-int8":
        import torch

        return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    if runtime in ("onnx", "onnx-int8"):
        return OnnxModel(export_onnx(model_dir, example, quantize=runtime == "onnx-int8"), threads)
    raise ValueError(f"unknown runtime {runtime!r}; choose from {', '.join(RUNTIMES)}")

