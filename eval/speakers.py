"""Speaker accuracy: does `source_name` name the right speaker?

A predicted speaker counts when it shares a content word (a name, not a
title such as "Sen." or "minister") with the gold speaker: "Sasse" and
"Sen. Ben Sasse, R-Neb." match; "the ministry" and "Ministry of Defence"
match; "Reuters" and "Ben Sasse" do not. Scored over the sentences whose
gold label is attributed and that name a gold speaker.
"""

from __future__ import annotations

import re
from typing import Sequence

from sourcelens.records import Attribution, GoldSentence

TITLES = frozenset(
    "the a an of and or for to in on at by with from s mr mrs ms dr sen rep gov gen maj col "
    "president prime minister secretary chief former u.s us new one two three other".split()
)


def content_words(text: str | None) -> set[str]:
    words = re.findall(r"[a-z0-9]+", (text or "").lower().replace("’", "'"))
    return {w for w in words if w not in TITLES and len(w) > 1}


def same_speaker(gold: str | None, predicted: str | None) -> bool:
    return bool(content_words(gold) & content_words(predicted))


def speaker_accuracy(gold: Sequence[GoldSentence], predicted: Sequence[Attribution]) -> dict:
    """{"n", "correct", "accuracy"} over the gold-attributed sentences with a gold speaker."""
    pairs = [(g.source_name, p.source_name) for g, p in zip(gold, predicted, strict=True) if g.label != "reporter_statement" and g.source_name]
    correct = sum(same_speaker(g, p) for g, p in pairs)
    return {"n": len(pairs), "correct": correct, "accuracy": round(correct / len(pairs), 4) if pairs else 0.0}
