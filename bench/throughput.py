"""Annotate throughput on this CPU, side by side with the floor and a naive baseline.

Modes, each run in its own subprocess (so peak RSS is its own):
- e2e:    `annotate_stream` with the model backend: segmentation, rules spans and
          signals, tokenisation, the model; sentences/s over N sentences
- floor:  the raw batched forward pass of the same model on the same inputs,
          tokenised beforehand (length-sorted batches of 64)
- naive:  `transformers.pipeline("text-classification")`, one sentence at a time
- e2e-int8 / floor-int8: the same with dynamic int8 quantisation of Linear layers

Prints sentences/s, peak RSS and ratios; with --f1 also test macro-F1 for
fp32 and int8. Run: python bench/throughput.py [--sentences 5000] [--model DIR]
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
    from sourcelens.training.corpus import load_corpus

    gold = load_corpus()
    out, total, i = [], 0, 0
    while total < n_sentences:
        g = gold[i % len(gold)]
        out.append(Article(id=f"{g.article.id}-{i}", text=g.article.text, title=g.article.title))
        total += len(g.sentences)
        i += 1
    return out


def _classifier(model: str | None, int8: bool):
    from sourcelens.models.classifier import Classifier

    clf = Classifier.load(model)
    if int8:
        import torch

        clf.model = torch.ao.quantization.quantize_dynamic(clf.model, {torch.nn.Linear}, dtype=torch.qint8)
    return clf


def run_mode(mode: str, n: int, model: str | None) -> dict:
    import torch

    from sourcelens.annotate.backends import ModelBackend
    from sourcelens.annotate.pipeline import annotate_stream
    from sourcelens.annotate.segment import segment
    from sourcelens.models.context import pairs

    int8 = mode.endswith("-int8")
    articles = corpus_articles(n)
    if mode.startswith("e2e"):
        backend = ModelBackend(model)
        if int8:
            backend.classifier = _classifier(model, True)
        start = time.perf_counter()
        count = sum(len(rows) for _, rows in annotate_stream(iter(articles), backend))
        seconds = time.perf_counter() - start
    elif mode.startswith("floor"):
        clf = _classifier(model, int8)
        inputs = [p for a in articles for p in pairs(segment(a))]
        inputs.sort(key=lambda p: len(p[0]) + len(p[1]))
        batches = [clf.encode(inputs[i : i + 64]) for i in range(0, len(inputs), 64)]
        start = time.perf_counter()
        with torch.inference_mode():
            for batch in batches:
                clf.model(**batch)
        seconds = time.perf_counter() - start
        count = len(inputs)
    elif mode == "naive":
        from transformers import pipeline

        clf = _classifier(model, False)
        pipe = pipeline("text-classification", model=clf.model, tokenizer=clf.tokenizer, device=-1)
        inputs = [p for a in articles for p in pairs(segment(a))][: max(200, n // 10)]  # slow: a sample
        start = time.perf_counter()
        for text, context in inputs:
            pipe({"text": text, "text_pair": context})
        seconds = time.perf_counter() - start
        count = len(inputs)
    else:
        raise SystemExit(f"unknown mode {mode}")
    return {"mode": mode, "sentences": count, "seconds": round(seconds, 2), "rate": count / seconds, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def macro_f1(model: str | None, int8: bool) -> float:
    from sourcelens.annotate.backends import ModelBackend
    from sourcelens.eval.evaluate import evaluate, test_articles

    backend = ModelBackend(model)
    if int8:
        backend.classifier = _classifier(model, True)
    return evaluate(backend, test_articles()).scores["macro_f1"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=5000)
    parser.add_argument("--model", default=None, help="model directory (default: the shipped model)")
    parser.add_argument("--modes", default="floor,e2e,naive,floor-int8,e2e-int8")
    parser.add_argument("--f1", action="store_true", help="also score fp32 and int8 on the frozen test split")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_mode(args.child, args.sentences, args.model)))
        return
    results = {}
    for mode in args.modes.split(","):
        cmd = [sys.executable, __file__, "--child", mode, "--sentences", str(args.sentences)] + (["--model", args.model] if args.model else [])
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        results[mode] = json.loads(done.stdout.strip().splitlines()[-1])
        r = results[mode]
        print(f"{mode:11} {r['sentences']:6d} sentences {r['seconds']:7.1f} s {r['rate']:8.1f} sent/s  peak RSS {r['peak_rss_mb']:6.0f} MB", flush=True)
    floor = results.get("floor", {}).get("rate")
    print()
    for mode, r in results.items():
        ratios = []
        if floor:
            ratios.append(f"{r['rate'] / floor:.2f}x floor")
        if "naive" in results:
            ratios.append(f"{r['rate'] / results['naive']['rate']:.1f}x naive")
        print(f"{mode:11} " + ", ".join(ratios))
    if args.f1:
        print(f"\ntest macro-F1: fp32 {macro_f1(args.model, False):.4f}, int8 {macro_f1(args.model, True):.4f}")


if __name__ == "__main__":
    main()
