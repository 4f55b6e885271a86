"""Compare sentence segmenters on the project's tricky cases.

Prints, per segmenter, how many paragraphs it splits exactly as expected and
its sentence-boundary F1. Run: python bench/segmenters.py
"""

from __future__ import annotations

import json
import time
from pathlib import Path

CASES = Path(__file__).parent.parent / "tests" / "data" / "segmentation_cases.jsonl"


def load_cases() -> list[list[str]]:
    return [json.loads(line)["sentences"] for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]


def boundaries(sentences: list[str]) -> set[int]:
    out, at = set(), 0
    for s in sentences[:-1]:
        at += len(s) + 1
        out.add(at)
    return out


def candidates():
    import blingfire
    import pysbd
    import spacy

    seg = pysbd.Segmenter(language="en", clean=False, char_span=False)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    from sourcelens.annotate.segment import split_paragraph

    yield "pysbd", lambda t: [s.strip() for s in seg.segment(t) if s.strip()]
    yield "blingfire", lambda t: blingfire.text_to_sentences(t).split("\n")
    yield "spacy-sentencizer", lambda t: [s.text.strip() for s in nlp(t).sents]
    yield "sourcelens (pysbd + repairs)", lambda t: [t[a:b] for a, b in split_paragraph(t)]


def main() -> None:
    cases = load_cases()
    print(f"{len(cases)} paragraphs, {sum(len(c) for c in cases)} sentences")
    print(f"{'segmenter':30} {'exact':>7} {'bound-F1':>9} {'ms':>7}")
    for name, split in candidates():
        exact = tp = fp = fn = 0
        start = time.perf_counter()
        for sentences in cases:
            text = " ".join(sentences)
            got = split(text)
            exact += got == sentences
            gold_b, got_b = boundaries(sentences), boundaries(got)
            tp += len(gold_b & got_b)
            fp += len(got_b - gold_b)
            fn += len(gold_b - got_b)
        ms = (time.perf_counter() - start) * 1000
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        print(f"{name:30} {exact:>3}/{len(cases):<3} {f1:>9.3f} {ms:>7.1f}")


if __name__ == "__main__":
    main()
