"""Several people's labels for one sentence, resolved in one place.

Used by the agreement section of evaluation reports and by retraining from
corrections, so both count the same votes the same way: the latest version of
each annotator's label counts once, the majority label wins, and a tie is
flagged (None), never guessed. Stdlib only, like records.py.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone
from typing import Iterable

from sourcelens.records import HumanLabel


def when(label: HumanLabel) -> float:
    """When a label was last written, as a UTC timestamp; an empty or unreadable time counts as oldest."""
    stamp = label.updated_at or label.created_at
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return float("-inf")
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).timestamp()


def latest(labels: Iterable[HumanLabel]) -> dict[tuple[str, str], HumanLabel]:
    """(sentence id, annotator) -> that annotator's newest label; at equal times the later one given wins."""
    out: dict[tuple[str, str], HumanLabel] = {}
    for item in sorted(labels, key=when):  # stable: equal times keep their input order
        out[(item.sentence_id, item.annotator)] = item
    return out


def by_sentence(labels: Iterable[HumanLabel]) -> dict[str, dict[str, str]]:
    """sentence id -> annotator -> label (the latest label of an annotator wins)."""
    out: dict[str, dict[str, str]] = {}
    for (sentence_id, annotator), item in latest(labels).items():
        out.setdefault(sentence_id, {})[annotator] = item.label
    return out


def _winner(votes: Iterable[str]) -> str | None:
    ranked = Counter(votes).most_common()
    return None if len(ranked) > 1 and ranked[0][1] == ranked[1][1] else ranked[0][0]


def majority(labels: Iterable[HumanLabel]) -> dict[str, str | None]:
    """The majority label per sentence; None where the top labels tie (a tie is flagged, not guessed)."""
    return {sentence_id: _winner(votes.values()) for sentence_id, votes in by_sentence(labels).items()}


def resolve(labels: Iterable[HumanLabel]) -> dict[str, HumanLabel | None]:
    """sentence id -> the label that stands for the majority (the newest among its voters, for its spans); None on a tie."""
    voters: dict[str, list[HumanLabel]] = {}
    for (sentence_id, _), item in latest(labels).items():
        voters.setdefault(sentence_id, []).append(item)
    out: dict[str, HumanLabel | None] = {}
    for sentence_id, items in voters.items():
        label = _winner(item.label for item in items)
        out[sentence_id] = None if label is None else max((i for i in items if i.label == label), key=when)
    return out
