"""Agreement of the rules and the model with a human reading of the seed articles.

The seeds (../shared/seeds) are not part of the project; only our labels for
them are kept here, by sentence index, with the sentences where the guide
leaves room for doubt marked. Run: python bench/seed_agreement.py [SEEDS_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

from sourcelens.annotate.backends import ModelBackend, RulesBackend
from sourcelens.annotate.pipeline import annotate_files

O, C, R = "official_claim", "commentator_opinion", "reporter_statement"

# Our reading, sentence by sentence (segmentation as sourcelens produces it). Guide decision 17 (relayed
# narratives): the events a relayed account goes on telling are the source's until the reporter steps in, so
# 000 #8-11 (the rest of the state-television account) and 001 #4 are official; before decision 17 they
# were read as the reporter's.
READING = {
    "000_e4b417cccf84c6b3": [R, R, R, R, O, O, O, O, O, O, O, O, R, C, C, C, C, R, R, R, O, O, O, R, R, C, C],
    "001_da1a66b0bff888d8": [R, O, O, O, O, O, O, O, O, O, R, R, R, R, R, R, C, R],
}
# Sentences a careful reader could label either way (continued accounts without a pronoun link,
# a serving general's speech, background summaries of a ministry's past warnings).
DOUBTFUL = {"000_e4b417cccf84c6b3": {5, 7, 14, 15, 16, 20, 21, 22}, "001_da1a66b0bff888d8": {6, 8, 10, 15}}


def main() -> None:
    seeds = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent.parent.parent / "shared" / "seeds")
    files = sorted(str(p) for p in seeds.glob("*.txt"))
    for name, backend in (("rules", RulesBackend()), ("model", ModelBackend())):
        rows = annotate_files(files, backend=backend)
        agree = clear_agree = clear_total = 0
        misses = []
        for row in rows:
            gold = READING[row.sentence.article_id][row.sentence.index]
            doubtful = row.sentence.index in DOUBTFUL[row.sentence.article_id]
            ok = row.attribution.label == gold
            agree += ok
            if not doubtful:
                clear_total += 1
                clear_agree += ok
            if not ok:
                misses.append(f"{row.sentence.article_id[:3]}#{row.sentence.index}{'?' if doubtful else ''} {gold[:4]}->{row.attribution.label[:4]}")
        print(f"{name:6} {agree}/{len(rows)} agree with our reading; {clear_agree}/{clear_total} on the clear sentences")
        print("       disagreements (? = doubtful):", ", ".join(misses))


if __name__ == "__main__":
    main()
