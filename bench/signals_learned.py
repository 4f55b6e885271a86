"""Learned signals against the rules: does a classifier trained on the corpus's signal annotations beat them?

Issue "Credibility signals" asks for signals learned or written as rules, measured against each other.
Learned here: one scikit-learn logistic regression per signal (hedge, anonymous, relay) over TF-IDF word
1-2-grams and character 2-5-grams of the sentence, with the previous sentence's words as separate
features (a continued account inherits its signal), trained on the corpus train split's signal-annotated
sentences; regularisation picked on the corpus dev split. Rules: `annotate/signals.py` through the rules
backend (the tracker's speaker in view). Union: either says yes. Printed as P / R / F1 on the frozen
test split and, with --realnews, on the real-news development set (measured only: its sentences are
predicted, never trained on, and only aggregate figures are printed). named_source follows the speaker
tracker and is left out.

Run: python bench/signals_learned.py [--realnews ../shared/realnews-dev]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

SIGNALS = ("hedge", "anonymous", "relay")
C_GRID = (0.3, 1.0, 3.0, 10.0)


def _vectorizers():
    from sklearn.feature_extraction.text import TfidfVectorizer

    return (TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, lowercase=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True),
            TfidfVectorizer(ngram_range=(1, 1), min_df=2, sublinear_tf=True))


def _matrix(vectorizers, texts: list[str], previous: list[str], fit: bool):
    from scipy.sparse import hstack

    word, char, prev = vectorizers
    if fit:
        return hstack([word.fit_transform(texts), char.fit_transform(texts), prev.fit_transform(previous)]).tocsr()
    return hstack([word.transform(texts), char.transform(texts), prev.transform(previous)]).tocsr()


def _rows(articles) -> tuple[list[str], list[str], dict[str, list[bool]]]:
    from sourcelens.eval.signals import has_signal

    texts, previous, gold = [], [], {name: [] for name in SIGNALS}
    for article in articles:
        for i, g in enumerate(article.sentences):
            if g.signals is None:
                continue
            texts.append(g.sentence.text)
            previous.append(article.sentences[i - 1].sentence.text if i else "")
            for name in SIGNALS:
                gold[name].append(has_signal(g.signals, name))
    return texts, previous, gold


def _prf(gold: list[bool], predicted: list[bool]) -> tuple[float, float, float]:
    from sklearn.metrics import precision_recall_fscore_support

    p, r, f, _ = precision_recall_fscore_support(gold, predicted, average="binary", pos_label=True, zero_division=0)
    return float(p), float(r), float(f)


def train_learned(train, dev):
    """Per signal: the logistic regression whose C scores best on the corpus dev split."""
    from sklearn.linear_model import LogisticRegression

    vectorizers = _vectorizers()
    texts, previous, gold = _rows(train)
    x = _matrix(vectorizers, texts, previous, fit=True)
    dev_texts, dev_previous, dev_gold = _rows(dev)
    x_dev = _matrix(vectorizers, dev_texts, dev_previous, fit=False)
    models = {}
    for name in SIGNALS:
        best = max((_prf(dev_gold[name], list(LogisticRegression(C=c, class_weight="balanced", max_iter=2000).fit(x, gold[name]).predict(x_dev)))[2], c)
                    for c in C_GRID)
        models[name] = LogisticRegression(C=best[1], class_weight="balanced", max_iter=2000).fit(x, gold[name])
        print(f"{name}: {sum(gold[name])} of {len(texts)} train sentences; C={best[1]} (corpus dev F1 {best[0]:.3f})")
    return vectorizers, models


def _rules(sentence_lists, articles=None) -> list[list]:
    from sourcelens.annotate.backends import RulesBackend
    from sourcelens.annotate.pipeline import attribute
    from sourcelens.eval.signals import has_signal

    backend = RulesBackend()
    results = attribute(backend, articles, sentence_lists) if articles is not None else backend.attribute(sentence_lists)
    out = []
    for attributions in results:
        out.append([{name: has_signal(a.signals, name) for name in SIGNALS} for a in attributions])
    return out


def report(title: str, texts, previous, gold, rules_flat, vectorizers, models) -> None:
    x = _matrix(vectorizers, texts, previous, fit=False)
    print(f"\n{title} ({len(texts)} sentences)")
    print(f"{'signal':10} {'gold':>5}  {'rules P / R / F1':>20}  {'learned P / R / F1':>20}  {'union P / R / F1':>20}  learned/rules F1")
    for name in SIGNALS:
        learned = [bool(v) for v in models[name].predict(x)]
        rules = [r[name] for r in rules_flat]
        union = [a or b for a, b in zip(learned, rules)]
        cells = [_prf(gold[name], p) for p in (rules, learned, union)]
        ratio = cells[1][2] / cells[0][2] if cells[0][2] else float("nan")
        print(f"{name:10} {sum(gold[name]):>5}  " + "  ".join(f"{p:.2f} / {r:.2f} / {f:.2f}".rjust(20) for p, r, f in cells) + f"  {ratio:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--realnews", type=Path, help="the real-news development set's folder (gold.jsonl, signals.jsonl)")
    args = parser.parse_args()
    from sourcelens.corpus.authored import load_corpus
    from sourcelens.corpus.splits import frozen_splits

    from sourcelens.records import Sentence

    articles = load_corpus()
    split = frozen_splits(articles)
    by_split = {s: [a for a in articles if split[a.article.id] == s] for s in ("train", "dev", "test")}
    vectorizers, models = train_learned(by_split["train"], by_split["dev"])

    test = by_split["test"]
    texts, previous, gold = _rows(test)
    rules = _rules([[g.sentence for g in a.sentences] for a in test], [a.article for a in test])  # outlets as `sourcelens eval` reads them
    rules_flat = [r for a, rs in zip(test, rules) for g, r in zip(a.sentences, rs) if g.signals is not None]
    report("frozen test split", texts, previous, gold, rules_flat, vectorizers, models)

    if args.realnews:
        rows = [json.loads(line) for line in (args.realnews / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
        marks = {r["id"]: r for r in map(json.loads, (args.realnews / "signals.jsonl").read_text(encoding="utf-8").splitlines())}
        articles_rows: dict[str, list[dict]] = {}
        for r in rows:
            articles_rows.setdefault(r["article_id"], []).append(r)
        sentence_lists, texts, previous, gold = [], [], [], {name: [] for name in SIGNALS}
        for aid, items in articles_rows.items():
            items.sort(key=lambda r: r["index"])
            sentence_lists.append([Sentence(aid, i, int(r.get("paragraph", 0)), 0, len(r["text"]), r["text"]) for i, r in enumerate(items)])
            for i, r in enumerate(items):
                texts.append(r["text"])
                previous.append(items[i - 1]["text"] if i else "")
                for name in SIGNALS:
                    gold[name].append(bool(marks[r["id"]][name]))
        rules_flat = [r for rs in _rules(sentence_lists) for r in rs]
        report("real news (measured only)", texts, previous, gold, rules_flat, vectorizers, models)


if __name__ == "__main__":
    main()
