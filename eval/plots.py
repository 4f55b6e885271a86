"""The report's figures, drawn with matplotlib and returned as embeddable PNG data URIs."""

from __future__ import annotations

import base64
import io
from typing import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from sourcelens.records import LABELS  # noqa: E402

SHORT = {"official_claim": "official", "commentator_opinion": "commentator", "reporter_statement": "reporter"}


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def confusion(name: str, matrix: list[list[int]]) -> str:
    fig, ax = plt.subplots(figsize=(4.2, 3.6))
    ax.imshow(matrix, cmap="Blues")
    ticks = [SHORT[l] for l in LABELS]
    ax.set_xticks(range(len(LABELS)), ticks, rotation=20)
    ax.set_yticks(range(len(LABELS)), ticks)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    top = max(max(row) for row in matrix) or 1
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            ax.text(j, i, str(value), ha="center", va="center", color="white" if value > top / 2 else "black")
    ax.set_title(name, fontsize=10)
    return _png(fig)


def reliability(curves: dict[str, dict]) -> str:
    """One reliability diagram for all models: accuracy against confidence per bin."""
    fig, ax = plt.subplots(figsize=(4.6, 4.0))
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", linewidth=1, label="perfect calibration")
    for name, cal in curves.items():
        bins = cal["bins"]
        total = sum(b["count"] for b in bins) or 1
        line, = ax.plot([b["confidence"] for b in bins], [b["accuracy"] for b in bins], linewidth=1, label=f"{name} (ECE {cal['ece']:.3f})")
        # marker area shows how many sentences a bin holds: a dip in a near-empty bin means little
        ax.scatter([b["confidence"] for b in bins], [b["accuracy"] for b in bins], s=[15 + 400 * b["count"] / total for b in bins], color=line.get_color(), alpha=0.7)
    ax.set_xlabel("confidence (top score); marker size = sentences in the bin")
    ax.set_ylabel("accuracy")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.legend(fontsize=8, loc="upper left")
    return _png(fig)


def grouped_bars(title: str, groups: Sequence[str], series: dict[str, Sequence[float]], ylabel: str) -> str:
    """Bars per group (classes, topics), one colour per model."""
    width = 0.8 / max(1, len(series))
    fig, ax = plt.subplots(figsize=(max(4.8, 0.45 * len(groups) * max(1, len(series))), 3.4))
    for k, (name, values) in enumerate(series.items()):
        ax.bar([i + k * width for i in range(len(groups))], values, width=width, label=name)
    ax.set_xticks([i + width * (len(series) - 1) / 2 for i in range(len(groups))], groups, rotation=30 if len(groups) > 4 else 0, ha="right" if len(groups) > 4 else "center")
    ax.set_ylim(0, 1.0)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.18 if len(groups) <= 4 else -0.45), ncol=min(3, len(series)), frameon=False)
    return _png(fig)
