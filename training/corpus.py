"""Kept while corpus files are being written against this path: the loader lives in sourcelens.corpus."""

import sys

from sourcelens.corpus.__main__ import check
from sourcelens.corpus.authored import *  # noqa: F401,F403

if __name__ == "__main__":
    sys.exit(check(sys.argv[2:]))
