"""Annotate throughput on this CPU, side by side with the floor and a naive baseline.

Modes, each run in its own subprocess (so peak RSS is its own), per runtime
(torch, torch-int8, onnx-int8; see models/runtime.py):
- e2e:RUNTIME    `annotate_stream` with the model backend: segmentation, rules
                 spans and signals, tokenisation, the model; over N sentences
- floor:RUNTIME  the raw batched forward pass of the same model on the same
                 inputs, tokenised beforehand (length-sorted batches of 64)
- e2e+parser:RUNTIME  with --parser: e2e with the tracker's dependency parse
                 (`annotate --parser`), the cost of annotate/dependency_cues.py
- naive          `transformers.pipeline("text-classification")` on the torch
                 model, one sentence at a time (a sample of N/10)

Prints sentences/s, peak RSS and ratios (e2e to the floor of the same
runtime, everything to naive); with --f1 also test macro-F1 per runtime.
Run: python bench/throughput.py [--sentences 5000] [--model DIR] [--f1] [--parser]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time


def corpus_articles(n_sentences: int):
    """Corpus articles as plain Articles (text re-segmented by the pipeline), repeated to n sentences."""
    from sourcelens.records import Article
    from sourcelens.corpus.authored import load_corpus

    gold = load_corpus()
    out, total, i = [], 0, 0
    while total < n_sentences:
        g = gold[i % len(gold)]
        out.append(Article(id=f"{g.article.id}-{i}", text=g.article.text, title=g.article.title))
        total += len(g.sentences)
        i += 1
    return out


def floor_seconds(clf, inputs: list[tuple[str, str]]) -> float:
    """The floor: seconds of the raw batched forward pass alone (inputs length-sorted and tokenised first)."""
    inputs = sorted(inputs, key=lambda p: len(p[0]) + len(p[1]))
    batches = [clf.encode(inputs[i : i + 64]) for i in range(0, len(inputs), 64)]
    start = time.perf_counter()
    for batch in batches:
        clf.model(batch)
    return time.perf_counter() - start


def model_pairs(clf, articles) -> list[tuple[str, str]]:
    """The (sentence, context) pairs the model reads, in its own context format (speaker hints from the rules)."""
    from sourcelens.annotate.attribution import annotate_article
    from sourcelens.annotate.segment import segment
    from sourcelens.models.context import model_inputs

    pairs = []
    for article in articles:
        sentences = segment(article)
        pairs.extend(model_inputs(sentences, annotate_article(sentences), clf.context_format))
    return pairs


def run_mode(mode: str, n: int, model: str | None) -> dict:
    from sourcelens.annotate.backends import ModelBackend
    from sourcelens.annotate.pipeline import annotate_stream
    from sourcelens.models.classifier import Classifier

    kind, _, runtime = mode.partition(":")
    articles = corpus_articles(n)
    if kind in ("e2e", "e2e+parser"):
        backend = ModelBackend(model, runtime=runtime, parse=kind == "e2e+parser")
        start = time.perf_counter()
        count = sum(len(rows) for _, rows in annotate_stream(iter(articles), backend))
        seconds = time.perf_counter() - start
    elif kind == "floor":
        clf = Classifier.load(model, runtime=runtime)
        inputs = model_pairs(clf, articles)
        seconds = floor_seconds(clf, inputs)
        count = len(inputs)
    elif kind == "naive":
        from transformers import AutoTokenizer, pipeline

        clf = Classifier.load(model, runtime="torch")
        pipe = pipeline("text-classification", model=clf.model.model, tokenizer=AutoTokenizer.from_pretrained(clf.model_dir.path), device=-1)
        inputs = model_pairs(clf, articles)[: max(200, n // 10)]  # slow: a sample
        start = time.perf_counter()
        for text, context in inputs:
            pipe({"text": text, "text_pair": context})
        seconds = time.perf_counter() - start
        count = len(inputs)
    else:
        raise SystemExit(f"unknown mode {mode}")
    return {"mode": mode, "sentences": count, "seconds": round(seconds, 2), "rate": count / seconds, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def macro_f1(model: str | None, runtime: str) -> float:
    from sourcelens.annotate.backends import ModelBackend
    from sourcelens.corpus.splits import test_articles
    from sourcelens.eval.evaluate import evaluate

    return evaluate(ModelBackend(model, runtime=runtime), test_articles()).scores["macro_f1"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=5000)
    parser.add_argument("--model", default=None, help="model directory (default: the shipped model)")
    parser.add_argument("--runtimes", default="torch,torch-int8,onnx-int8")
    parser.add_argument("--f1", action="store_true", help="also score fp32 and int8 on the frozen test split")
    parser.add_argument("--parser", action="store_true", help="also time e2e with the dependency parse (annotate --parser)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_mode(args.child, args.sentences, args.model)))
        return
    runtimes = args.runtimes.split(",")
    results = {}
    kinds = ("floor", "e2e", "e2e+parser") if args.parser else ("floor", "e2e")
    for mode in ["naive"] + [f"{kind}:{rt}" for rt in runtimes for kind in kinds]:
        cmd = [sys.executable, __file__, "--child", mode, "--sentences", str(args.sentences)] + (["--model", args.model] if args.model else [])
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        results[mode] = json.loads(done.stdout.strip().splitlines()[-1])
        r = results[mode]
        print(f"{mode:16} {r['sentences']:6d} sentences {r['seconds']:7.1f} s {r['rate']:8.1f} sent/s  peak RSS {r['peak_rss_mb']:6.0f} MB", flush=True)
    naive = results["naive"]["rate"]
    torch_floor = results["floor:torch"]["rate"] if "floor:torch" in results else None
    print(f"\n{'runtime':11} {'e2e/floor':>10} {'e2e/naive':>10} {'floor/torch floor':>18}" + ("  test macro-F1" if args.f1 else ""))
    for rt in runtimes:
        e2e, floor = results[f"e2e:{rt}"]["rate"], results[f"floor:{rt}"]["rate"]
        line = f"{rt:11} {e2e / floor:>9.2f}x {e2e / naive:>9.2f}x " + (f"{floor / torch_floor:>17.2f}x" if torch_floor else " " * 18)
        if args.f1:
            line += f"  {macro_f1(args.model, rt):.4f}"
        print(line, flush=True)
        if args.parser:
            parsed = results[f"e2e+parser:{rt}"]["rate"]
            print(f"{rt + '+parser':11} {parsed / floor:>9.2f}x {parsed / naive:>9.2f}x   (e2e+parser/e2e {parsed / e2e:.2f}x)", flush=True)


if __name__ == "__main__":
    main()
