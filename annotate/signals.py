"""Credibility signals of one sentence, decided with its resolved speaker in view.

Four signals (see docs/signals.md for the definitions and the measured scores):

- hedge: the claim is softened: hedge words ("reportedly", "likely"), modal + verb ("could
  rise", "may"; not "May" the month, not "could not be reached"), epistemic phrases ("is
  believed to", "appears to", "it is unclear whether", "I think", "is expected to");
- anonymous: the resolved speaker names nobody ("an airport official", "people briefed on the
  talks", "analysts", "one legal expert"); a body speaking through an unnamed spokesperson is
  named ("a Vantis spokesperson, who did not wish to be named");
- relay: the claim reached the reporter through another outlet or report ("Reuters reported",
  "according to a new report by E! News", "told the BBC", "as reported by state television",
  "reportedly"). The article's own outlet is unknown for plain text, so "told <outlet>" is a relay;
- named_source: the resolved speaker is named (None when no source speaks).

A sentence that continues an unnamed or relayed account (the walk in `attribution.py` knows)
inherits anonymous / relay; when no words of its own carry the signal its span is the zero-length
`records.INHERITED`. `decide` is the one entry point; `anonymous` and `relay` below are the old
word-list finders the speaker tracker still reads (rules-2 semantics), not the signals.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sourcelens.annotate import lexicons
from sourcelens.records import INHERITED, Signals, Span


@lru_cache(maxsize=None)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Lower-case words, or capitalised at a sentence start; "May" the month is not "may"."""
    variants = {w for word in words for w in (word, word[:1].upper() + word[1:]) if w != "May"}
    alternatives = "|".join(re.escape(w) for w in sorted(variants, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def find_all(text: str, words: tuple[str, ...]) -> list[Span]:
    """Every non-overlapping occurrence of any of `words`, as spans."""
    return [Span(m.start(), m.end(), m.group(0)) for m in _pattern(words).finditer(text)]


def anonymous(text: str) -> list[Span]:
    """Vague-source words of the old list: the speaker tracker's "is this source named" test (rules-2)."""
    return find_all(text, lexicons.ANONYMOUS_PHRASES)


def relay(text: str) -> list[Span]:
    """Relay words of the old list: the tracker's switch to the inner source (decision 5, rules-2)."""
    return find_all(text, lexicons.RELAY_PHRASES)


def _alternation(patterns) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


_B, _E = r"(?<![\w'’-])", r"(?![\w-])"
_HEDGE = re.compile(
    _B + "(?:" + "|".join(re.escape(w) for w in sorted(lexicons.HEDGE_WORDS, key=len, reverse=True)) + "|" + _alternation(lexicons.HEDGE_PATTERNS) + ")" + _E, re.I
)
_MODAL = re.compile(_B + r"(?:(?P<may>may)|might|could)(?P<next>\s+(?:not|n't|never|only|hardly|barely|ever)\b|n't)?" + _E)
_COULD_ABILITY = re.compile(r"\b(?:could|might)\s+(?:be\s+)?(?:seen|heard|read|found|watched|reached|verified|confirmed)\b", re.I)
_NOT_HEDGE = re.compile(_B + _alternation(lexicons.NOT_HEDGES) + _E, re.I)


def hedges(text: str) -> list[Span]:
    """Hedge words, epistemic phrases and modal + verb; look-alikes left out."""
    spans = [Span(m.start(), m.end(), m.group(0)) for m in _HEDGE.finditer(text)]
    for m in _MODAL.finditer(text):
        if m.group("next"):
            continue  # "could not be reached": a fact, not doubt ("May" the month never matches: lower case only)
        spans.append(Span(m.start(), m.end(), m.group(0)))
    spans = [s for s in spans if not _COULD_ABILITY.match(text, s.start)]  # "could be seen across the city": ability, not doubt
    bad = [(m.start(), m.end()) for m in _NOT_HEDGE.finditer(text)]
    spans = [s for s in spans if not any(a <= s.start < b for a, b in bad)]
    return _dedupe(spans)


def _dedupe(spans: list[Span]) -> list[Span]:
    """Sorted, overlapping spans dropped (the longer wins)."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if out and span.start < out[-1].end:
            continue
        out.append(span)
    return out


# --- relay ---------------------------------------------------------------------------------------
def _known_outlets() -> set[str]:
    """Known outlet names as written: "Reuters", "the BBC", "E! News" (the lists are lower case)."""
    out = set()
    for name in lexicons.MORE_OUTLETS + lexicons.OUTLETS:
        words = name.split()
        bare = words[1:] if words[0] == "the" and len(words) > 1 else words
        out.add(" ".join(w[:1].upper() + w[1:] for w in bare))
        if len(bare) == 1 and len(bare[0]) <= 5:
            out.add(bare[0].upper())  # BBC, CNN, AFP, TMZ
    return out


_CAP = r"[A-Z][\w!&.'’-]*"
_NOT_MEDIA_TAIL = "Project|Foundation|Institute|Group|Office|Square|Agency|Company|Corporation|Inc|Ltd|Party|Council|Department|Ministry|Bank|Fund|University|Conference|Prize|Award|Trust|Service|Services"
_MEDIA_HEAD = r"(?:" + "|".join(lexicons.MEDIA_HEADS) + r")"
_NAMED_OUTLET = (
    rf"(?:[Tt]he\s+)?(?:{_CAP}\s+(?:(?:of|for|and|&)\s+)?){{0,4}}{_MEDIA_HEAD}(?!\s+(?:{_NOT_MEDIA_TAIL})\b)(?:\s+{_CAP}){{0,2}}"  # the Lakeshore Herald, Radio Kilele
    r"|(?:[Tt]he\s+)?(?:" + "|".join(re.escape(o) for o in sorted(_known_outlets(), key=len, reverse=True)) + r")(?![\w-])"
)
_GENERIC_OUTLET = (
    r"(?:[Tt]he|[Tt]his|[Tt]hat|[Aa]|[Aa]nother|[Ll]ocal|[Ff]oreign)\s+(?:\w+\s+)?(?:" + "|".join(re.escape(n) for n in lexicons.MEDIA_NOUNS) + r")"
    r"|(?:" + "|".join(re.escape(m) for m in lexicons.MEDIA_GENERIC) + r")"
)
_OUTLET = rf"(?:{_NAMED_OUTLET}|{_GENERIC_OUTLET})"
_OUTLET_CASELESS_KNOWN = re.compile(r"(?i:" + "|".join(re.escape(o) for o in lexicons.MORE_OUTLETS) + r")")
_REPORT = r"(?:an?\s+|the\s+)?(?:new\s+|recent\s+|latest\s+|separate\s+|published\s+|local\s+|media\s+|news\s+|press\s+|earlier\s+|exclusive\s+)*(?:report|reports|story|broadcast|interview)"
_RELAY = re.compile(
    _B
    + "(?:"
    + r"(?i:reportedly)"
    + rf"|(?:told|tells|telling|tell|speaking\s+to|spoke\s+to|said\s+to|in\s+an?\s+(?:\w+\s+)?interview\s+with|interviewed\s+by|quoted\s+by|cited\s+by|reported\s+by|relayed\s+by|"
    rf"(?i:according\s+to|as\s+reported\s+by|as\s+relayed\s+by|as\s+first\s+reported\s+by|first\s+reported\s+by|reports?\s+via|via)|(?:said|read|aired|broadcast|appeared|speaking|spoke|told)\s+on|wrote\s+in|writing\s+in|writes\s+in|"
    rf"(?i:citing|quoting))\s+(?:{_REPORT}\s+(?:by|from|in|on|of)\s+)?{_OUTLET}"
    + rf"|(?i:according\s+to|as\s+reported\s+in|as\s+reported\s+by|citing)\s+(?:{_REPORT})(?:\s+(?:last|this|on|in)\s+\w+)?(?:\s+(?:by|from|in|on)\s+{_OUTLET})?"
    + rf"|{_OUTLET}(?:,\s+[^,]{{3,60}},)?\s+(?:\w+\s+)?(?:reported|reports|report|has\s+reported|had\s+reported|first\s+reported|said|says|say|wrote|writes|quoted|cited|added|revealed|published|broadcast|aired)"
    + rf"|(?i:in\s+an?\s+(?:\w+\s+)?(?:article|column|op-ed|essay|piece)\s+(?:for|in))\s+{_OUTLET}"
    + r"|(?i:(?:was|were|is|are)\s+quoted\s+as\s+saying)"
    + r"|(?i:there\s+(?:are|were|have\s+been)\s+(?:also\s+)?(?:unconfirmed\s+)?reports)"
    + r"|(?i:(?:media|news|press|local|unconfirmed|earlier|other)\s+reports|reports\s+(?:say|said|suggest|suggested|indicate|indicated|claim|claimed))"
    + r"|(?i:via\s+foreign\s+media|as\s+reported\s+by)"
    + ")"
    + _E
)
_FULL_OUTLET = re.compile(rf"^(?:{_OUTLET})$")


def is_outlet(mention: str) -> bool:
    """Whether a speaker mention is a news outlet ("the Herald", "Reuters", "state television")."""
    mention = mention.strip()
    return bool(_FULL_OUTLET.match(mention) or _OUTLET_CASELESS_KNOWN.fullmatch(mention))


def relays(text: str) -> list[Span]:
    """Relay phrases: another outlet or a report between the source and the reporter."""
    return _dedupe([Span(m.start(), m.end(), m.group(0)) for m in _RELAY.finditer(text)])


# --- anonymous ------------------------------------------------------------------------------------
_WORD = re.compile(r"[\w'’\-]+")
_ANONYMITY = re.compile(_B + _alternation(lexicons.ANONYMITY_MARKERS) + _E, re.I)
_VAGUE_SOURCE = re.compile(_B + _alternation(lexicons.VAGUE_SOURCE_PATTERNS) + _E, re.I)
_PRONOUNS = set(lexicons.PRONOUNS) | {"him", "them", "us", "i", "we", "you"}
_NAME_STOP = {"the", "of", "for", "and", "at", "in", "on", "with", "from", "a", "an"}


def _head(words: list[str]) -> int:
    """Index of the head noun of a mention: the last word before "of/at/in/with/who/from/close/briefed/familiar"."""
    for i, w in enumerate(words):
        if i and w.lower() in {"of", "at", "in", "with", "who", "from", "close", "briefed", "familiar", "reached", "involved", "on", "for", "based", "knowledgeable"}:
            return i - 1
    return len(words) - 1


_PLACE_WORD = re.compile(r"^[A-Z]\.?$|^(?:[A-Z]\.){2,}$|^(?:[A-Z][a-z]+(?:an|ian|ese|ish|i|ic))$|^(?:Western|Eastern|Federal|State|Administration|Government|Military|Intelligence|Security|Senior)$")


def _place_word(word: str) -> bool:
    """A country, a demonym or a rank ("U.S.", "Israeli", "Western", "Senior"): it says where officials sit, not who they are."""
    return bool(_PLACE_WORD.match(word))


def unnamed(mention: str, context: str = "") -> bool | None:
    """Whether a speaker mention names nobody (True), names someone (False), or says nothing (None: a bare pronoun)."""
    words = [w.strip("'’-") for w in _WORD.findall(mention) if w.strip("'’-")]
    if not words:
        return None
    lowered = [w.lower() for w in words]
    if len(words) == 1 and lowered[0] in _PRONOUNS:
        return None
    joined = " ".join(lowered) + " " + context.lower()
    if any(role in joined for role in lexicons.SPOKES_ROLES):
        return False  # a body speaks through its spokesperson or statement: named
    head = _head(words)
    head_word = lowered[head].removesuffix("’s").removesuffix("'s")
    vague_head = head_word in lexicons.VAGUE_HEADS or lowered[:2] == ["one", "of"] or lowered[:2] in (["two", "of"], ["some", "of"])
    indefinite = lowered[0] in lexicons.VAGUE_OPENERS
    # a proper name: a capitalised word that is not the first (a sentence start capitalises anything), before the head
    proper = any(w[:1].isupper() and lowered[i] not in _NAME_STOP and not _place_word(w) for i, w in enumerate(words[1 : head + 1], 1))
    if vague_head:
        if indefinite or lowered[0] == "the" and not proper:
            return True  # "an airport official", "a senior State Department official", "the people"
        return not proper  # "Analysts", "Equity strategists"; not "Spokane County elections officials"
    return False  # a name, an organisation, a document


def vague_sources(text: str) -> list[Span]:
    """Vague sources written in a sentence ("people familiar with the matter", "sources said")."""
    return [Span(m.start(), m.end(), m.group(0)) for m in _VAGUE_SOURCE.finditer(text)]


def decide(
    text: str,
    speaker: str | None = None,
    context: str = "",
    mention: Span | None = None,
    cue_source: str | None = None,
    inherit_anonymous: bool = False,
    inherit_relay: bool = False,
    speaker_named: bool | None = None,
) -> Signals:
    """The signals of one sentence.

    `speaker`: the resolved speaker's fullest name (None when no source speaks); `context`: its role
    words; `mention`: the speaker's span in this sentence, if any; `cue_source`: the source as
    written in this sentence's cue before any relay was looked through ("Reuters" in "..., Reuters
    reported"); `inherit_*`: the sentence continues an unnamed / relayed account; `speaker_named`:
    the tracker's own verdict, used when the mention is only a pronoun.
    """
    relay_spans = relays(text)
    if cue_source and is_outlet(cue_source) and not relay_spans:
        at = text.find(cue_source)
        relay_spans = [Span(at, at + len(cue_source), cue_source)] if at >= 0 else [INHERITED]
    if inherit_relay and not relay_spans:
        relay_spans = [INHERITED]
    anonymous_spans: list[Span] = []
    named: bool | None = None
    if speaker is not None:
        verdict = unnamed(speaker, context)
        if verdict is None:  # an unresolved pronoun: the account it continues decides
            verdict = inherit_anonymous
        if verdict is False and _ANONYMITY.search(text) and not any(r in (speaker + " " + context).lower() for r in lexicons.SPOKES_ROLES):
            verdict = True  # "a person close to the singer, who asked not to be named"
        if verdict and cue_source and is_outlet(cue_source) and cue_source.strip().lower() == speaker.strip().lower():
            verdict = False  # the outlet itself speaks: named, and a relay
        if verdict:
            anonymous_spans = [mention] if mention is not None and mention.text and unnamed(mention.text) else []
            anonymous_spans = anonymous_spans or vague_sources(text) or [INHERITED]
        named = not verdict
    else:
        anonymous_spans = vague_sources(text)
    if anonymous_spans and speaker is not None:
        named = False
    return Signals(hedges=hedges(text), anonymous=anonymous_spans, relay=relay_spans, named_source=named)
