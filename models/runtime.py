"""Inference runtimes for the classifier: PyTorch, or ONNX Runtime with int8 weights.

Measured on the shipped model (2-core CPU, bench/throughput.py, docs/benchmarks.md):
ONNX Runtime with dynamically quantised int8 weights is 1.58x the PyTorch fp32
forward pass and loses 0.002 test macro-F1, so it is the default ("auto") wherever
onnxruntime is installed. The ONNX file is exported once per model (with
torch's dynamo exporter; the legacy tracer bakes the attention mask in at the
traced shape and is wrong), quantised, and kept by the weights' hash: in the
model directory when training or promotion shipped it there, else in the cache.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from sourcelens.models.model_dir import ModelDir, ModelDirError

if TYPE_CHECKING:
    import numpy as np

RUNTIMES = ("auto", "torch", "torch-int8", "onnx", "onnx-int8")


def resolve(runtime: str) -> str:
    """The concrete runtime for `auto`: int8 ONNX when onnxruntime can be imported."""
    if runtime != "auto":
        return runtime
    from importlib.util import find_spec

    # find_spec, not import: importing onnxscript alone costs a second of a cold start it is not needed for
    return "onnx-int8" if find_spec("onnxruntime") and find_spec("onnxscript") else "torch"


def export_onnx(model_dir: ModelDir, example: dict, quantize: bool) -> Path:
    """Export (and quantise) the model once; later calls return the cached file."""
    target = model_dir.onnx_file(quantize)
    if target.exists():
        return target
    import torch

    print(f"sourcelens: preparing the ONNX runtime for {model_dir.path.name} (once; cached in {target.parent})", file=sys.stderr)
    model = load_torch(model_dir, attn_implementation="eager")
    names = list(example)
    batch, seq = torch.export.Dim("batch"), torch.export.Dim("seq")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp, _quiet():
        plain = Path(tmp) / "model.onnx"
        torch.onnx.export(
            model, (), str(plain), kwargs={n: torch.as_tensor(v) for n, v in example.items()}, input_names=names, output_names=["logits"],
            dynamic_shapes={n: {0: batch, 1: seq} for n in names}, dynamo=True, external_data=False, verbose=False,
        )
        produced = plain
        if quantize:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            produced = Path(tmp) / "model-int8.onnx"
            quantize_dynamic(str(plain), str(produced), weight_type=QuantType.QInt8)
        os.replace(produced, target)  # atomic: a crash never leaves a half-written model in the cache
    return target


def load_torch(model_dir: ModelDir, **kwargs):
    """The fp32 PyTorch model of a model directory, checked against its declared labels."""
    import torch
    from transformers import AutoModelForSequenceClassification

    try:
        model = AutoModelForSequenceClassification.from_pretrained(model_dir.path, dtype=torch.float32, **kwargs).eval()
    except Exception as exc:  # safetensors raises its own SafetensorError (an Exception) for a truncated file
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelDirError(f"{model_dir.path}: cannot load the weights ({first})") from None
    if model.config.num_labels != len(model_dir.info.labels):
        raise ModelDirError(f"{model_dir.path}: the weights have {model.config.num_labels} outputs, sourcelens.json declares {len(model_dir.info.labels)} labels")
    return model


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


class OnnxModel:
    """Logits from ONNX Runtime: model(encoded) -> numpy array."""

    def __init__(self, path: Path, threads: int) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.inputs = [i.name for i in self.session.get_inputs()]

    def __call__(self, encoded: dict) -> "np.ndarray":
        import numpy as np

        return self.session.run(None, {n: np.asarray(encoded[n], dtype=np.int64) for n in self.inputs})[0]


class TorchModel:
    """Logits from a PyTorch model: model(encoded) -> numpy array."""

    def __init__(self, model) -> None:
        self.model = model

    def __call__(self, encoded: dict) -> "np.ndarray":
        import torch

        with torch.inference_mode():
            return self.model(**{k: torch.as_tensor(v) for k, v in encoded.items()}).logits.float().numpy()


def load_runtime(model_dir: ModelDir, runtime: str, example: dict, threads: int):
    """The callable that computes logits for `runtime`; PyTorch loads only when the runtime needs it."""
    if runtime in ("onnx", "onnx-int8"):
        return OnnxModel(export_onnx(model_dir, example, quantize=runtime == "onnx-int8"), threads)
    if runtime not in ("torch", "torch-int8"):
        raise ValueError(f"unknown runtime {runtime!r}; choose from {', '.join(RUNTIMES)}")
    import torch

    torch.set_num_threads(threads)
    model = load_torch(model_dir)
    if runtime == "torch-int8":
        model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    return TorchModel(model)
