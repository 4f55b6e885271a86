"""Credibility signals of one sentence: hedges, vague sources, relay chains."""

from __future__ import annotations

import re
from functools import lru_cache

from sourcelens.annotate import lexicons
from sourcelens.records import Span


@lru_cache(maxsize=None)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Lower-case words, or capitalised at a sentence start; "May" the month is not "may"."""
    variants = {w for word in words for w in (word, word[:1].upper() + word[1:]) if w != "May"}
    alternatives = "|".join(re.escape(w) for w in sorted(variants, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def find_all(text: str, words: tuple[str, ...]) -> list[Span]:
    """Every non-overlapping occurrence of any of `words`, as spans."""
    return [Span(m.start(), m.end(), m.group(0)) for m in _pattern(words).finditer(text)]


def hedges(text: str) -> list[Span]:
    return sorted(find_all(text, tuple(lexicons.HEDGES) + lexicons.HEDGE_PHRASES), key=lambda s: s.start)


def anonymous(text: str) -> list[Span]:
    return find_all(text, lexicons.ANONYMOUS_PHRASES)


def relay(text: str) -> list[Span]:
    return find_all(text, lexicons.RELAY_PHRASES)
