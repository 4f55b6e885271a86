"""The sourcing profile of one article: who it rests on, and how firmly."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sourcelens.records import LABELS, AnnotatedSentence


@dataclass
class SourceCount:
    name: str
    type: str | None
    sentences: int


@dataclass
class SourcingProfile:
    article_id: str
    sentences: int
    label_share: dict[str, float]
    sources: list[SourceCount] = field(default_factory=list)
    anonymous_share: float = 0.0
    hedge_density: float = 0.0
    """Hedge words per sentence."""
    largest_source_share: float = 0.0
    """Share of the article's sentences that rest on its single largest source."""


def sourcing_profile(rows: list[AnnotatedSentence]) -> SourcingProfile:
    if not rows:
        raise ValueError("a sourcing profile needs at least one sentence")
    n = len(rows)
    labels = Counter(r.attribution.label for r in rows)
    by_source: Counter[str] = Counter()
    types: dict[str, str | None] = {}
    for r in rows:
        a = r.attribution
        if a.source_name and a.label != "reporter_statement":
            by_source[a.source_name] += 1
            types.setdefault(a.source_name, a.source_type)
    anonymous = sum(1 for r in rows if r.attribution.signals.anonymous or r.attribution.signals.named_source is False)
    hedges = sum(len(r.attribution.signals.hedges) for r in rows)
    return SourcingProfile(
        article_id=rows[0].sentence.article_id,
        sentences=n,
        label_share={k: labels.get(k, 0) / n for k in LABELS},
        sources=[SourceCount(name, types[name], count) for name, count in by_source.most_common()],
        anonymous_share=anonymous / n,
        hedge_density=hedges / n,
        largest_source_share=(by_source.most_common(1)[0][1] / n) if by_source else 0.0,
    )
