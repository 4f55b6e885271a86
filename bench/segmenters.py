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
    yield "sourcelens (blingfire + repairs)", lambda t: [t[a:b] for a, b in split_paragraph(t)]


def corpus_paragraphs() -> list[list[str]]:
    """Paragraphs of the labelled corpus: boundaries written by its authors, not tuned on."""
    from sourcelens.corpus.authored import load_corpus

    out = []
    for gold in load_corpus():
        by_para: dict[int, list[str]] = {}
        for s in gold.sentences:
            by_para.setdefault(s.sentence.paragraph, []).append(s.sentence.text)
        out.extend(by_para.values())
    return out


def main() -> None:
    report("tricky cases (tests/data/segmentation_cases.jsonl)", load_cases())
    report("corpus paragraphs (corpus/data/corpus)", corpus_paragraphs())


def report(title: str, cases: list[list[str]]) -> None:
    print(f"\n{title}: {len(cases)} paragraphs, {sum(len(c) for c in cases)} sentences")
    print(f"{'segmenter':34} {'exact':>11} {'bound-F1':>9} {'ms':>7}")
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
        print(f"{name:34} {exact:>5}/{len(cases):<5} {f1:>9.3f} {ms:>7.1f}")


if __name__ == "__main__":
    main()
