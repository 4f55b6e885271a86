"""`python -m sourcelens.corpus check FILE...`: validate corpus files and print their counts."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sourcelens.corpus.authored import CorpusError, corpus_stats, read_corpus_file
from sourcelens.records import GoldArticle


def check(paths: list[str]) -> int:
    """Exit code 1 when any file fails (each failure printed as FILE:LINE: what is wrong)."""
    articles: list[GoldArticle] = []
    failed = 0
    for name in paths:
        try:
            articles.extend(read_corpus_file(Path(name)))
        except CorpusError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed += 1
    print(json.dumps(corpus_stats(articles), indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] != "check":
        print("usage: python -m sourcelens.corpus check FILE...", file=sys.stderr)
        sys.exit(2)
    sys.exit(check(sys.argv[2:]))
