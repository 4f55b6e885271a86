"""Ablation: each model change on the corpus dev split, the frozen test split and real news, side by side.

For every MODEL_DIR given (and the rules baseline): macro-F1 and speaker
accuracy on the corpus dev and test splits (sourcelens.eval.evaluate), and,
when ../shared/realnews-dev is beside the checkout, macro-F1, per-class F1
and speaker accuracy from its own score.py (real articles, measured only:
nothing here reads or trains on their text). `--no-decoder` also scores each
model without its article-level CRF (a copy of the directory without the
CRF file), so the decoder's share shows on its own row.

Run: python bench/ablation.py runs/a runs/b [--no-decoder] [--realnews ../shared/realnews-dev]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def corpus_scores(backend, split: str) -> dict:
    from sourcelens.corpus.authored import load_corpus
    from sourcelens.corpus.splits import frozen_splits
    from sourcelens.eval.evaluate import evaluate

    articles = load_corpus()
    assignment = frozen_splits(articles)
    chosen = [a for a in articles if assignment[a.article.id] == split]
    scores = evaluate(backend, chosen, bootstrap=1).scores
    return {"macro_f1": scores["macro_f1"], "speakers": scores["speakers"]["accuracy"]}


def realnews_scores(root: Path, model: str | None) -> dict:
    """score.py's aggregate lines for `model` (None: the rules backend)."""
    cmd = [sys.executable, str(root / "score.py"), str(root / "gold.jsonl"), "--text", "--speakers", str(root / "speakers.jsonl"), "--"]
    cmd += ["--model", model] if model else ["--backend", "rules"]
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    found = {k: float(v) for k, v in re.findall(r"^(\w+)\s+P=[\d.]+ R=[\d.]+ F1=([\d.]+)", out, re.M)}
    found["macro_f1"] = float(re.search(r"macro-F1=([\d.]+)", out).group(1))
    found["speakers"] = float(re.search(r"speaker accuracy=([\d.]+)", out).group(1))
    return found


def without_decoder(model: str, tmp: Path) -> str:
    from sourcelens.models.article_decoder import DECODER_FILE

    copy = tmp / (Path(model).name + "-no-decoder")
    shutil.copytree(model, copy, ignore=shutil.ignore_patterns(DECODER_FILE))
    return str(copy)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("models", nargs="*")
    parser.add_argument("--no-decoder", action="store_true", help="also score each model without its article-level CRF")
    parser.add_argument("--realnews", default=str(Path(__file__).resolve().parents[2] / "shared" / "realnews-dev"))
    args = parser.parse_args()

    from sourcelens.annotate.backends import ModelBackend, RulesBackend

    realnews = Path(args.realnews) if Path(args.realnews, "score.py").exists() else None
    with tempfile.TemporaryDirectory() as tmp:
        runs: list[tuple[str, str | None]] = [("rules", None)]
        for model in args.models:
            if args.no_decoder:
                runs.append((f"{Path(model).name} (no CRF)", without_decoder(model, Path(tmp))))
            runs.append((Path(model).name, model))
        print(f"{'model':34} {'dev F1':>7} {'dev spk':>8} {'test F1':>8} {'test spk':>9}" + (f" {'real F1':>8} {'off/com/rep F1':>16} {'real spk':>9}" if realnews else ""))
        for name, model in runs:
            backend = ModelBackend(model, runtime="onnx-int8") if model else RulesBackend()
            dev, test = corpus_scores(backend, "dev"), corpus_scores(backend, "test")
            line = f"{name:34} {dev['macro_f1']:7.3f} {dev['speakers']:8.3f} {test['macro_f1']:8.3f} {test['speakers']:9.3f}"
            if realnews:
                real = realnews_scores(realnews, model)
                per_class = "/".join(f"{real.get(k, 0):.2f}" for k in ("official_claim", "commentator_opinion", "reporter_statement"))
                line += f" {real['macro_f1']:8.3f} {per_class:>16} {real['speakers']:9.3f}"
            print(line, flush=True)


if __name__ == "__main__":
    main()
