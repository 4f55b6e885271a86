"""The sourcing profile of an article: what a fact-checker asks first.

A *claim* is a sentence a source speaks (label official_claim or commentator_opinion). The
profile reports, over the claims: the share by source type (official, commentator, media: an
outlet the claim is relayed from), the share resting on unnamed sources (the `anonymous` signal,
or `named_source` False), relayed (`relay`) and hedged (`hedges`), and the speakers ranked by how
many claims rest on each. Hedges in the reporter's own sentences are counted separately.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sourcelens.records import LABELS, AnnotatedSentence

SOURCE_KINDS = ("official", "commentator", "media")
NO_SPEAKER = "(speaker not found)"


@dataclass
class SourceCount:
    """One speaker: how many claims rest on it, and how many of those are unnamed, relayed, hedged."""

    name: str
    type: str | None
    """official / commentator / media: the type most of its claims have (see `claim_type`)."""
    sentences: int
    """Claims resting on this speaker."""
    unnamed: int = 0
    relayed: int = 0
    hedged: int = 0


@dataclass
class SourcingProfile:
    article_id: str
    sentences: int
    label_share: dict[str, float]
    sources: list[SourceCount] = field(default_factory=list)
    """Speakers, most claims first (ties: first to speak first)."""
    claims: int = 0
    type_share: dict[str, float] = field(default_factory=dict)
    """Share of claims by source type: official, commentator, media."""
    unnamed: int = 0
    relayed: int = 0
    hedged: int = 0
    reporter_hedged: int = 0
    """The reporter's own sentences that carry a hedge."""
    anonymous_share: float = 0.0
    """Share of all sentences with an unnamed source (kept for older readers)."""
    hedge_density: float = 0.0
    """Hedge words per sentence."""
    largest_source_share: float = 0.0
    """Share of the claims that rest on the single largest speaker."""

    @property
    def unnamed_share(self) -> float:
        return self.unnamed / self.claims if self.claims else 0.0

    @property
    def relayed_share(self) -> float:
        return self.relayed / self.claims if self.claims else 0.0

    @property
    def hedged_share(self) -> float:
        return self.hedged / self.claims if self.claims else 0.0


def claim_type(row: AnnotatedSentence) -> str:
    """official / commentator from the label; media when the speaker is an outlet."""
    a = row.attribution
    if a.source_type == "media":
        return "media"
    return "official" if a.label == "official_claim" else "commentator"


def is_unnamed(row: AnnotatedSentence) -> bool:
    s = row.attribution.signals
    return bool(s.anonymous) or s.named_source is False


def sourcing_profile(rows: list[AnnotatedSentence], article_id: str | None = None) -> SourcingProfile:
    """The profile of one article's rows (or of several articles' rows taken together)."""
    if not rows:
        raise ValueError("a sourcing profile needs at least one sentence")
    n = len(rows)
    labels = Counter(r.attribution.label for r in rows)
    claims = [r for r in rows if r.attribution.label != "reporter_statement"]
    speakers: dict[str, SourceCount] = {}
    kinds: dict[str, Counter] = {}
    for r in claims:
        a = r.attribution
        name = a.source_name or NO_SPEAKER
        count = speakers.setdefault(name, SourceCount(name, None, 0))
        kinds.setdefault(name, Counter())[claim_type(r)] += 1
        count.sentences += 1
        count.unnamed += is_unnamed(r)
        count.relayed += bool(a.signals.relay)
        count.hedged += bool(a.signals.hedges)
    for name, count in speakers.items():
        count.type = kinds[name].most_common(1)[0][0]  # the type its claims were given (the label decides)
    ranked = sorted(speakers.values(), key=lambda c: -c.sentences)  # stable: first to speak first among ties
    types = Counter(claim_type(r) for r in claims)
    largest = max((c.sentences for c in ranked if c.name != NO_SPEAKER), default=0)
    return SourcingProfile(
        article_id=article_id or rows[0].sentence.article_id,
        sentences=n,
        label_share={k: labels.get(k, 0) / n for k in LABELS},
        sources=ranked,
        claims=len(claims),
        type_share={k: types.get(k, 0) / len(claims) if claims else 0.0 for k in SOURCE_KINDS},
        unnamed=sum(is_unnamed(r) for r in claims),
        relayed=sum(bool(r.attribution.signals.relay) for r in claims),
        hedged=sum(bool(r.attribution.signals.hedges) for r in claims),
        reporter_hedged=sum(bool(r.attribution.signals.hedges) for r in rows if r.attribution.label == "reporter_statement"),
        anonymous_share=sum(is_unnamed(r) for r in rows) / n,
        hedge_density=sum(len(r.attribution.signals.hedges) for r in rows) / n,
        largest_source_share=largest / len(claims) if claims else 0.0,
    )


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def profile_lines(profile: SourcingProfile, speakers: int = 8) -> list[str]:
    """The profile as plain text lines for a terminal."""
    lines = [
        f"sentences {profile.sentences}, claims {profile.claims} ({_pct(profile.claims / profile.sentences)})",
        "claims by source type: " + ", ".join(f"{k} {_pct(profile.type_share.get(k, 0.0))}" for k in SOURCE_KINDS),
        f"unnamed sources: {profile.unnamed} ({_pct(profile.unnamed_share)})",
        f"relayed: {profile.relayed} ({_pct(profile.relayed_share)})",
        f"hedged: {profile.hedged} ({_pct(profile.hedged_share)}); reporter's own hedged sentences: {profile.reporter_hedged}",
        "speakers (claims):",
    ]
    for src in profile.sources[:speakers]:
        flags = ", ".join(f"{n} {w}" for n, w in ((src.unnamed, "unnamed"), (src.relayed, "relayed"), (src.hedged, "hedged")) if n)
        lines.append(f"  {src.sentences:3d}  {src.name} [{src.type or '?'}]" + (f" ({flags})" if flags else ""))
    if len(profile.sources) > speakers:
        lines.append(f"  ... {len(profile.sources) - speakers} more")
    return lines
