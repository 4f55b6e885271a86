"""Speaker tracking of the rules backend against the corpus's gold `source_name`.

Runs `annotate_article` over the gold sentences of every corpus article and
prints, per split (the original corpus) and for the real-copy articles (ids
rcpub-, rcbiz-, rcwld-) separately:

- speaker: share of gold-attributed sentences whose predicted `source_name`
  shares a content word (a name, not a title) with the gold `source_name`;
- type: share of gold-attributed sentences whose predicted `source_type`
  matches the gold label (official_claim -> official, commentator_opinion ->
  commentator or media);
- macro-F1 of the rules' label over all sentences of the slice.

Run: .venv/bin/python bench/speakers.py [--errors SLICE] [--limit N]
(--errors prints the speaker misses of one slice, e.g. train or rc-train;
develop on train, check dev, never tune on test.)

Baseline (rules-1, before the speaker registry), n = gold-attributed sentences:

    slice       articles  attributed  speaker   type  macro-F1
    train            110        1701    0.639  0.459     0.740
    dev               29         447    0.617  0.465     0.771
    test              29         467    0.642  0.392     0.711
    rc-train          28         626    0.562  0.304     0.641
    rc-dev            14         294    0.554  0.432     0.654
    rc-all            42         920    0.560  0.345     0.645
    rules speed: 18,195 sentences/s (5536 sentences)

After (rules-2, annotate/speakers.py registry):

    slice       articles  attributed  speaker   type  macro-F1
    train            110        1701    0.838  0.710     0.826
    dev               29         447    0.839  0.687     0.815
    test              29         467    0.857  0.651     0.782
    rc-train          28         626    0.765  0.589     0.778
    rc-dev            14         294    0.799  0.684     0.824
    rc-all            42         920    0.776  0.620     0.793
    rules speed: ~10,000 sentences/s
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict

from sourcelens.annotate.attribution import annotate_article
from sourcelens.corpus.authored import load_corpus
from sourcelens.corpus.splits import frozen_splits
from sourcelens.eval.metrics import macro_f1
from sourcelens.eval.speakers import same_speaker

REAL_COPY = ("rcpub-", "rcbiz-", "rcwld-")
GOLD_TYPE = {"official_claim": {"official"}, "commentator_opinion": {"commentator", "media"}}


def slice_of(article_id: str, split: str) -> str:
    return ("rc-" if article_id.startswith(REAL_COPY) else "") + split


def main() -> None:
    errors_for = sys.argv[sys.argv.index("--errors") + 1] if "--errors" in sys.argv else None
    limit = int(sys.argv[sys.argv.index("--limit") + 1]) if "--limit" in sys.argv else 10**9
    articles = load_corpus()
    split = frozen_splits(articles)
    stats: dict[str, dict] = defaultdict(lambda: {"articles": 0, "n": 0, "speaker": 0, "type": 0, "gold": [], "pred": []})
    n_sentences, elapsed, shown = 0, 0.0, 0
    for gold in articles:
        name = slice_of(gold.article.id, split[gold.article.id])
        sentences = [g.sentence for g in gold.sentences]
        started = time.perf_counter()
        predicted = annotate_article(sentences)
        elapsed += time.perf_counter() - started
        n_sentences += len(sentences)
        for key in (name, "rc-all") if name.startswith("rc-") else (name,):
            s = stats[key]
            s["articles"] += 1
            for g, p in zip(gold.sentences, predicted):
                s["gold"].append(g.label)
                s["pred"].append(p.label)
                if g.label == "reporter_statement" or not g.source_name:
                    continue
                s["n"] += 1
                hit = same_speaker(g.source_name, p.source_name)
                s["speaker"] += hit
                s["type"] += p.source_type in GOLD_TYPE[g.label]
                if key == errors_for and not hit and shown < limit:
                    shown += 1
                    print(f"{g.sentence.id} [{g.label}] gold={g.source_name!r} pred={p.source_name!r}/{p.source_type} :: {g.sentence.text[:160]}")
    print(f"{'slice':10s} {'articles':>9s} {'attributed':>11s} {'speaker':>8s} {'type':>6s} {'macro-F1':>9s}")
    for key in ("train", "dev", "test", "rc-train", "rc-dev", "rc-all"):
        s = stats.get(key)
        if not s:
            continue
        n = max(s["n"], 1)
        f1 = macro_f1(s["gold"], s["pred"])
        print(f"{key:10s} {s['articles']:9d} {s['n']:11d} {s['speaker'] / n:8.3f} {s['type'] / n:6.3f} {f1:9.3f}")
    print(f"rules speed: {n_sentences / elapsed:,.0f} sentences/s ({n_sentences} sentences)")


if __name__ == "__main__":
    main()
