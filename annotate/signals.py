"""Credibility signals of one sentence, decided with its resolved speaker in view.

Four signals (see docs/signals.md for the definitions and the measured scores):

- hedge: the claim is softened (the CoNLL-2010 cues): hedge words ("reportedly", "likely",
  "alleged"), "may"/"might", "could" before a verb of outcome ("could rise"; not "could not be
  reached", "could afford"), epistemic verbs and phrases ("is believed to", "appears to", "it is
  unclear whether", "I think", "analysts expect X to", "results suggest");
- anonymous: the resolved speaker names nobody ("an airport official", "people briefed on the
  talks", "analysts", "one legal expert"); a body speaking through an unnamed spokesperson is
  named ("a Vantis spokesperson, who did not wish to be named");
- relay: the claim reached the reporter through another outlet or report ("Reuters reported",
  "according to a new report by E! News", "told the BBC", "as reported by state television");
  "reportedly" alone names no outlet or report: a hedge, not a relay (docs/labelling_guide.md); not through the article's own outlet (`own_outlets`: "told Reuters" under a "(Reuters)" dateline);
- named_source: the resolved speaker is named (None when no source speaks).

A sentence that continues an unnamed or relayed account (the walk in `attribution.py` knows)
inherits anonymous / relay; when no words of its own carry the signal its span is the zero-length
`records.INHERITED`. `decide` is the one entry point; `anonymous` and `relay` below are the old
word-list finders the speaker tracker still reads (rules-2 semantics), not the signals.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from urllib.parse import urlsplit

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
    """One group of alternatives, so that word boundaries put around it bind to every one of them."""
    return "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")"


_B, _E = r"(?<![\w'’-])", r"(?![\w-])"
_HEDGE = re.compile(
    _B + "(?:" + "|".join(re.escape(w) for w in sorted(lexicons.HEDGE_WORDS, key=len, reverse=True)) + "|" + _alternation(lexicons.HEDGE_PATTERNS) + ")" + _E, re.IGNORECASE
)
_MODAL = re.compile(_B + r"(?P<may>may|might)(?:\s+(?:not|never)\b|n't)?(?P<next>\s+only\b)?" + _E)
"""Epistemic "may" and "might". "may not" / "might never" still doubt ("may not have received it"); "may only"
states a rule ("may only be used"). "could" is doubt before a verb of outcome or change (lexicons.HEDGE_PATTERNS:
"could rise", "could be", "could deter"), not before one of doing or perceiving, where it is past ability or
permission ("before they could decide cases", "could switch patients to vials", "could see")."""
_COULD_ABILITY = re.compile(
    r"\b(?:could|might)\s+(?:(?:also|still|now|then|easily|clearly|only|barely|even)\s+)?"
    r"(?:(?:be\s+)?(?:(?:independently|immediately|officially)\s+)?(?:seen|heard|read|found|watched|reached|verified|confirmed|smelled|felt)"
    r"|see|hear|feel|smell|afford|watch|read|tell|name|remember|recall|imagine|understand)\b",
    re.IGNORECASE,
)
"""Ability, not doubt: "could be seen across the city", "could afford", "could not be independently verified"."""
_NOT_HEDGE = re.compile(_B + _alternation(lexicons.NOT_HEDGES) + _E, re.IGNORECASE)


def hedges(text: str) -> list[Span]:
    """Hedge words, epistemic phrases and modal + verb; look-alikes left out."""
    spans = [Span(m.start(), m.end(), m.group(0)) for m in _HEDGE.finditer(text)]
    for m in _MODAL.finditer(text):
        if m.group("next"):
            continue  # "may only be used": a rule ("May" the month never matches: lower case only)
        spans.append(Span(m.start(), m.end(), m.group(0)))
    spans = [s for s in spans if not _COULD_ABILITY.match(text, s.start)]  # "could be seen across the city": ability, not doubt
    bad = [(m.start(), m.end()) for m in _NOT_HEDGE.finditer(text)]
    spans = [s for s in spans if not any(a < s.end and s.start < b for a, b in bad)]
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
def _known_outlets(with_the: bool = False) -> set[str]:
    """Known outlet names as written: "Reuters", "BBC", "E! News" (the lists are lower case). With `with_the`, the
    one-word names listed with "the" ("the Hill", "the Sun", "the Post"), which are outlets only after "the":
    "Hill said" is a person."""
    out = set()
    for name in lexicons.MORE_OUTLETS + lexicons.OUTLETS:
        words = name.split()
        bare = words[1:] if words[0] == "the" and len(words) > 1 else words
        if (len(bare) == 1 and words[0] == "the") != with_the:
            continue
        out.add(" ".join(w[:1].upper() + w[1:] for w in bare))
        if len(bare) == 1 and len(bare[0]) <= 5 and not with_the:
            out.add(bare[0].upper())  # BBC, CNN, AFP, TMZ
    return out


_CAP = r"[A-Z][\w!&.'’-]*"
_NOT_MEDIA_TAIL = (
    "Project|Foundation|Institute|Group|Office|Square|Agency|Company|Corporation|Inc|Ltd|Party|Council|Department|Ministry|Bank|Fund|University|"
    "Conference|Prize|Award|Trust|Service|Services|Media|Commission|Board|Authority|Association|Union|League|Committee|Alliance|Coalition|Centre|Center|"
    "Organisation|Organization|Standards|Federation|Society|Bureau|Observatory|Watch|Forum|Initiative|Laboratory|Lab|Index|Campaign|Movement"
)
"""Words after a media head that make the name a body's: "the Independent Media Council", "the Press Association"."""
_MEDIA_HEAD = r"(?:" + "|".join(lexicons.MEDIA_HEADS) + r")"
_NOT_A_BODY = rf"(?!(?:\s+{_CAP})*?\s+(?:{_NOT_MEDIA_TAIL})\b)"
"""No body's word later in the capitalised run: "the Independent Press Standards Organisation", "the Press Complaints Commission"."""
_NAMED_OUTLET = (
    rf"(?:(?:[Tt]he\s+)(?:{_CAP}\s+(?:(?:of|for|and|&)\s+)?){{0,4}}|(?:{_CAP}\s+(?:(?:of|for|and|&)\s+)?){{1,4}}|(?=Radio|Television|TV|Channel|Newsweek))"
    rf"{_MEDIA_HEAD}(?![\w-])" + _NOT_A_BODY + rf"(?!\s+of\s)(?:\s+{_CAP}){{0,2}}"  # the Lakeshore Herald, Radio Kilele; not "Independent experts", "Journal of Medicine"
    + r"|(?:[Tt]he\s+)?(?:" + "|".join(re.escape(o) for o in sorted(_known_outlets(), key=len, reverse=True)) + r")(?![\w-])" + _NOT_A_BODY
    + r"|[Tt]he\s+(?:" + "|".join(re.escape(o) for o in sorted(_known_outlets(with_the=True), key=len, reverse=True)) + r")(?![\w-])" + _NOT_A_BODY
    + r"|(?!KPMG|WADA|WIPO|WWII)(?:[KW][A-Z]{3}(?:-(?:TV|FM|AM|DT))?|[KW][A-Z]{2}-(?:TV|FM|AM|DT))(?=\s|,|'s|’s)(?:\s+(?:TV|News|Radio))?"  # US station call signs: KTLA, WSB-TV
)
_DEMONYM = r"[A-Z][a-z]+(?:an|ian|ese|ish|i|ic)"
_GENERIC_OUTLET = (
    r"(?:[Tt]he|[Tt]hat|[Aa]|[Aa]n|[Aa]nother|[Ll]ocal|[Ff]oreign)\s+(?:[\w-]+\s+){0,2}(?:"
    + "|".join(re.escape(n) for n in sorted(lexicons.MEDIA_NOUNS, key=len, reverse=True)) + r")(?![\w-])"
    r"|(?i:" + "|".join(re.escape(m) for m in sorted(lexicons.MEDIA_GENERIC, key=len, reverse=True)) + r")"
    rf"|{_DEMONYM}\s+(?:state\s+|public\s+|local\s+)?(?:media|television|TV|radio|press|newspapers|outlets|news\s+agency|broadcaster)"
)
"""Outlets by kind: "a regional news website", "an Italian news agency", "Israeli media", "national television"."""
_OUTLET = rf"(?:{_NAMED_OUTLET}|{_GENERIC_OUTLET})"
_OUTLET_CASELESS_KNOWN = re.compile(r"(?i:" + "|".join(re.escape(o) for o in lexicons.MORE_OUTLETS) + r")")
_REPORT = r"(?:an?\s+|the\s+)?(?:new\s+|recent\s+|latest\s+|separate\s+|published\s+|local\s+|media\s+|news\s+|press\s+|earlier\s+|exclusive\s+)*(?:report|reports|story|broadcast|interview)"
_BEFORE_OUTLET = (
    r"told|tells|telling|tell|(?:speaking|spoke|speak|talking|talked|talk|said|revealed|confirmed|explained|admitted|described|insisted)\s+(?:to|with)|shared\s+with|dished\s+to",
    r"(?i:in\s+(?:(?:an?|the|his|her|their|its)\s+)?(?:[\w-]+\s+)?(?:comments|remarks|statement|e-?mail|message|letter|note)(?:\s+(?:given|sent|provided|issued|e-?mailed|made|released))?\s+to)",
    r"(?i:(?:in|during)\s+(?:an?|the|his|her|their|its)\s+(?:[\w-]+\s+){0,3}(?:interview|conversation|profile|cover\s+story|appearance|sit-down|q&a)"
    r"(?:\s+(?:with|on|in|by|for|to)|(?:\s+[^,]{1,40})?,?\s+(?:published|aired|broadcast|released|posted)(?:\s+\w+){0,2}\s+(?:in|on|by)))",  # "in his first interview since the trial, published in Rolling Stone"
    r"(?i:(?:interview|remarks|comments|essay|op-ed)\s+(?:published|aired|broadcast|posted)(?:\s+\w+){0,2}\s+(?:in|on|by))",
    r"(?i:in\s+an?\s+(?:\w+\s+)?(?:article|column|op-ed|essay|piece)\s+(?:for|in))",
    r"interviewed\s+by|quoted\s+by|cited\s+by|reported\s+by|relayed\s+by|(?i:(?:obtained|seen|reviewed)\s+by)",
    r"(?i:according\s+to|as\s+reported\s+by|as\s+relayed\s+by|as\s+first\s+reported\s+by|first\s+reported\s+by|reports?\s+via|via|per|citing|quoting)",
    r"(?:said|read|aired|broadcast|appeared|speaking|spoke|told)\s+on|wrote\s+in|writing\s+in|writes\s+in|(?:Writing|Speaking)\s+(?:in|on)",
)
"""What stands before an outlet that relays ("told", "in a statement given to", "in an interview published in", "per")."""
_RELAY = re.compile(
    _B
    + "(?:"
    + rf"(?:{_alternation(_BEFORE_OUTLET)})\s+(?:{_REPORT}\s+(?:by|from|in|on|of)\s+)?{_OUTLET}"
    + rf"|(?i:according\s+to|as\s+reported\s+in|as\s+reported\s+by|citing)\s+(?:{_REPORT})(?:\s+(?:last|this|on|in)\s+\w+)?(?:\s+(?:by|from|in|on)\s+{_OUTLET})?"
    + rf"|{_OUTLET}(?:,\s+[^,]{{3,60}},)?\s+(?:\w+\s+)?(?:reported|reports|report|has\s+reported|had\s+reported|first\s+reported|said|says|say|wrote|writes|quoted|cited|added|revealed|published|broadcast|aired)"
    + rf"|(?i:(?:in|during)\s+(?:an?|the|his|her|their)\s+(?:new\s+|recent\s+|latest\s+|exclusive\s+|lengthy\s+|wide-ranging\s+)?)(?:{_NAMED_OUTLET})(?:'s|’s)?\s+"
    r"(?i:interview|profile|cover\s+story|piece|article|op-ed|essay|podcast|documentary|special|report)"  # "in a new Rolling Stone cover story"
    + r"|(?i:(?:was|were|is|are)\s+quoted\s+as\s+saying)"
    + r"|(?i:(?:in|during)\s+an?\s+(?:radio|television|TV|televised|podcast|broadcast|newspaper|magazine)\s+interview)"
    + r"|(?i:on\s+(?:a|the)\s+(?:[\w-]+\s+)?podcast)"
    + r"|(?:reported|reports|said)(?:\s+(?:on|late|early|last|this)\s+\w+)?,\s+(?:citing|quoting)(?=\s+(?:an?|the|two|three|several|unnamed|anonymous|people|sources?|officials?|[A-Z]))"
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


def relays(text: str, own: frozenset[str] = frozenset()) -> list[Span]:
    """Relay phrases: another outlet or a report between the source and the reporter (not the article's own outlet)."""
    spans = [Span(m.start(), m.end(), m.group(0)) for m in _RELAY.finditer(text)]
    return _dedupe([s for s in spans if not _names_own(s.text, own)])


_OUTLET_NAME = r"(?P<o>(?:[Tt]he\s+)?[A-Z][\w!&.'’-]*(?:\s+(?:of\s+)?[A-Z][\w!&.'’-]*){0,4})"
_SELF_REFERENCE = [re.compile(p) for p in (
    r"^[A-Z][A-Z .,'’-]{2,}\s*\((?P<o>[A-Za-z][\w .&!'’-]{1,40})\)\s*[-—–]",  # WASHINGTON (Reuters) -
    r"^By\s+[A-Z][^|,]{2,60}(?:,|\||—|-)\s*(?P<o>[A-Z][\w .&!'’-]{1,40}?)\s*$",  # By Jane Doe, Reuters
    _OUTLET_NAME + r"\s+(?:could\s+not|cannot|can't|was\s+(?:not\s+|un)able\s+to|has\s+(?:not\s+been|been\s+unable)\s+(?:able\s+)?to|did\s+not)\s+(?:independently\s+|immediately\s+)?(?:verify|confirm|reach|corroborate|establish)",
    r"(?:requests?|questions?|inquiry|inquiries|queries|calls?|emails?|messages?)\s+(?:for\s+comment\s+)?from\s+" + _OUTLET_NAME,
    r"(?:contacted|reached|asked)\s+by\s+" + _OUTLET_NAME,
)]
"""How an article names its own outlet: a dateline or byline credit, or the outlet as the reporter ("Reuters could
not independently verify", "did not respond to a request for comment from the Ledger"). Not "documents seen by
Reuters" or "CNN has learned": a story retelling another outlet's scoop writes those too."""


def article_outlet(metadata: Mapping[str, object]) -> str | None:
    """The outlet an input row says published the article: its "outlet" ("The Ridgeway Herald") or the site of its
    "url" ("https://www.cnbc.com/..." -> "cnbc", "abcnews.go.com" -> "abcnews"); None when the row says neither."""
    outlet = metadata.get("outlet")
    if isinstance(outlet, str) and outlet.strip():
        return outlet.strip()
    url = metadata.get("url")
    if not isinstance(url, str):
        return None
    try:
        host = urlsplit(url.strip() if "//" in url else "//" + url.strip()).hostname or ""
    except ValueError:
        return None
    if not re.fullmatch(r"[a-z0-9.-]+", host) or re.fullmatch(r"[\d.]+", host):
        return None  # not a host name, or an IP address
    labels = [x for x in host.split(".") if x and x not in lexicons.HOST_NOISE]
    named = [x for x in labels if len(x) > 2]  # two letters: a country code ("de", "nz"), unless a known outlet ("ap")
    return next((x for x in labels if x in _KNOWN_WEB_NAMES), named[-1] if named else None)


def own_outlets(texts: list[str], declared: str | None = None) -> frozenset[str]:
    """The article's own outlet(s), as written in it or `declared` by the input (`article_outlet`); "told Reuters"
    in a Reuters story is the reporter's own interview."""
    bare = _bare_outlet(declared or "")
    out = {bare, lexicons.OUTLET_ALIASES.get(bare, "")} if bare else set()
    for text in texts:
        for pattern in _SELF_REFERENCE:
            for m in pattern.finditer(text.strip()):
                name = m.group("o").strip()
                if is_outlet(name) or _OUTLET_CASELESS_KNOWN.fullmatch(name) or pattern is _SELF_REFERENCE[0]:
                    out.add(_bare_outlet(name))
    return frozenset(n for n in out if n)


def _bare_outlet(name: str) -> str:
    return re.sub(r"^the\s+", "", name.strip().lower())


def _compact(name: str) -> str:
    """An outlet name as its web address writes it: "The Hollywood Reporter" -> "hollywoodreporter"."""
    return re.sub(r"[^a-z0-9!&]", "", _bare_outlet(name))


_KNOWN_WEB_NAMES = {_compact(o) for o in lexicons.MORE_OUTLETS + lexicons.OUTLETS} | set(lexicons.OUTLET_ALIASES)
"""Known outlets as their web addresses write them ("cnbc", "hollywoodreporter", "nytimes")."""


def _names_own(text: str, own: frozenset[str]) -> bool:
    """Whether a relay phrase's outlet is one of the article's own, as a whole name ("told Reuters"; not "told the New
    York Times" in The Times), run together as in its web address ("The Hollywood Reporter" for hollywoodreporter), or
    by its last word alone ("told the Herald" in The Ridgeway Herald; not "the Herald Sun")."""
    if not own:
        return False
    mentions = [m.group(0) for m in re.finditer(_OUTLET, text)] or [text]
    for mention in mentions:
        bare, compact = _bare_outlet(mention), _compact(mention)
        for o in own:
            if bare == o or compact == _compact(o) or (" " in o and bare == o.split()[-1] and bare in lexicons.OWN_OUTLET_HEADS):
                return True
    return False


# --- anonymous ------------------------------------------------------------------------------------
_WORD = re.compile(r"[\w'’\-]+")
_ANONYMITY = re.compile(_B + _alternation(lexicons.ANONYMITY_MARKERS) + _E, re.IGNORECASE)
_VAGUE_SOURCE = re.compile(_B + _alternation(lexicons.VAGUE_SOURCE_PATTERNS) + _E, re.IGNORECASE)
_PRONOUNS = set(lexicons.PRONOUNS) | {"him", "them", "us", "i", "we", "you"}
_NAME_STOP = {"the", "of", "for", "and", "at", "in", "on", "with", "from", "a", "an"}


def _head(words: list[str]) -> int:
    """Index of the head noun of a mention: the last word before "of/at/in/to/with/who/that/from/close/briefed/familiar"."""
    for i, w in enumerate(words):
        if i and w.lower() in {"of", "at", "in", "to", "with", "who", "from", "close", "briefed", "familiar", "reached", "involved", "on", "for", "based", "knowledgeable", "that"}:
            return i - 1
    return len(words) - 1


_PLACE_WORD = re.compile(r"^[A-Z]\.?$|^(?:[A-Z]\.){2,}$|^(?:[A-Z][a-z]+(?:an|ian|ese|ish|i|ic))$|^(?:Western|Eastern|Federal|State|Administration|Government|Military|Intelligence|Security|Senior)$")


def _place_word(word: str) -> bool:
    """A country, a demonym or a rank ("U.S.", "Israeli", "Western", "Senior"): it says where officials sit, not who they are."""
    return bool(_PLACE_WORD.match(word))


_OFFICES = set(lexicons.OFFICIAL_ROLES) | lexicons.ORG_HEADS


def unnamed(mention: str, context: str = "") -> bool | None:
    """Whether a speaker mention names nobody (True), names someone (False), or says nothing (None: a bare pronoun).

    Named nobody: a vague head ("an airport official", "people briefed on the talks", "Analysts", "one legal
    expert") with no proper name before it, or a role noun after an indefinite opener ("a police officer", "a
    Republican senator"). Named: a person or body, a body's spokesperson or statement, a research team of a named
    firm ("Analysts at Brennan Capital"), a named body's officials ("Spokane County elections officials").
    """
    words = [w.strip("'’-") for w in _WORD.findall(mention) if w.strip("'’-")]
    if not words:
        return None
    parts = re.split(r"\s+and\s+", mention.strip())
    if len(parts) > 1 and all(len(p.split()) <= 3 and p.endswith("s") and (unnamed(p) or p.islower() and not set(p.split()) & _OFFICES) for p in parts):
        return True  # "Experts and brokerages": no conjunct names anyone (not "police and firefighters": an office)
    lowered = [w.lower() for w in words]
    if len(words) == 1 and lowered[0] in _PRONOUNS:
        return None
    if " ".join(lowered) in lexicons.VAGUE_COLLECTIVES:
        return True  # "Wall Street expects"
    joined = " ".join(lowered) + " " + context.lower()
    head = _head(words)
    head_word = lowered[head].removesuffix("’s").removesuffix("'s")
    always = head_word in lexicons.ALWAYS_UNNAMED_HEADS and (head or len(words) == 1) and not (head and words[head][:1].isupper())
    if always and head_word in {"source", "sources", "person", "persons", "people", "insider", "insiders"}:
        return True  # "a source in the company's press service": the source, not the press service, speaks
    if any(role in joined for role in lexicons.SPOKES_ROLES):
        return False  # a body speaks through its spokesperson or statement: named
    if always:
        return True  # "Guardia Civil sources", "people familiar with the matter", "Others", "White House aides"
    indefinite = lowered[0] in lexicons.VAGUE_OPENERS
    if head_word in {"estimate", "estimates"} and lowered[0] in {"one", "some", "several", "other", "many", "most"} and len(words) <= 3:
        return True  # "according to one estimate"; not "a flash estimate from the statistics office"
    if head_word in {"studies", "surveys", "reports", "polls", "analyses", "research"} and not any(
            w[:1].isupper() for i, w in enumerate(words) if i != head and lowered[i] not in lexicons.VAGUE_OPENERS):
        return True  # "Studies have shown", "Some research found": research nobody names
    vague_head = head_word in lexicons.VAGUE_HEADS or lowered[:2] == ["one", "of"] or lowered[:2] in (["two", "of"], ["some", "of"])
    if indefinite and head_word in lexicons.ROLE_HEADS:
        return True  # "a police officer", "one mother", "a Republican senator"
    if head_word in lexicons.GROUP_HEADS and not any(w[:1].isupper() and not _place_word(w) for w in words[1 : head + 1]) and lowered[0] not in {"his", "her", "their", "its", "our"}:
        return True  # "Protesters said", "the soldiers"; not "Hamas fighters" (a named group's)
    if lowered[0] == "the" and len(words) <= 3 and head_word in lexicons.PERSON_NOUNS:
        return True  # "the woman said": a named person is called by name
    # a proper name: a capitalised word that is not the first (a sentence start capitalises anything), before the head
    proper = any(w[:1].isupper() and lowered[i] not in _NAME_STOP and not _place_word(w) for i, w in enumerate(words[1 : head + 1], 1))
    if vague_head:
        if indefinite or lowered[0] == "the" and not proper:
            return True  # "an airport official", "a senior State Department official", "the people"
        if head_word in lexicons.RESEARCH_HEADS and any(w[:1].isupper() and not _place_word(w) for w in words[head + 2 :]):
            return False  # "Analysts at Brennan Capital": the firm's research speaks under its name
        return not proper  # "Analysts", "Equity strategists"; not "Spokane County elections officials"
    return False  # a name, an organisation, a document


_OPENERS = "|".join(sorted(lexicons.VAGUE_OPENERS, key=len, reverse=True))
_ALL_HEADS = "|".join(sorted(lexicons.VAGUE_HEADS | lexicons.ROLE_HEADS, key=len, reverse=True))
_INDEFINITE_NP = rf"(?:{_OPENERS})\s+(?:[\w’'.&-]+\s+){{0,4}}?(?:{_ALL_HEADS})(?:’s|'s)?(?![\w-])"
_PLURAL_HEADS = "|".join(sorted({h for h in lexicons.VAGUE_HEADS | lexicons.GROUP_HEADS if h.endswith("s") and h not in lexicons.ALWAYS_UNNAMED_HEADS} | {"sources", "people"}, key=len, reverse=True)) + r"|Wall\s+Street(?!\s+[A-Z])"
_BARE_PLURAL_NP = rf"(?:some\s+|many\s+|most\s+|other\s+|several\s+)?(?:(?!(?:its|their|his|her|our|my|your|the|these|those|this|that|all)\s)(?:[a-z][\w-]*|[A-Z]\.(?:[A-Z]\.)+|{_DEMONYM})\s+){{0,2}}(?:{_PLURAL_HEADS})(?![\w-])"
"""A plural vague source without an article: "experts", "aviation analysts", "U.S. officials", "some legal scholars"."""
_INVERTED_VERB = r"(?:said|says|say|added|warned|warn)"
"""Verbs of an inverted attribution after a comma or dash ("..., say experts")."""
_CLAUSE_END = r"(?:\s+(?:at|in|from|with|for|of|on|close\s+to|familiar\s+with|briefed\s+on)(?:\s+[\w’'.&-]+){1,6})?(?=\s*[.!?]?[\x22”’]?\s*$|,?\s+(?:who|whose|adding|noting|saying|citing)\b)"
"""What may follow an inverted source that ends its sentence ("..., say experts at two banks."): not "said workers
were afraid", where the plural is the subject of the reported clause."""
_NP_AFTER_VERB = re.compile(
    rf"(?<![\w-])(?:said|says|say|told\s+[\w.’'-]+(?:\s+[A-Z][\w.’'-]*)*|added|explained|according\s+to|citing|cited|quoting|quoted)\s+(?P<np>{_INDEFINITE_NP})"
    rf"|(?<![\w-])(?:according\s+to|citing|quoting)\s+(?P<plural>(?-i:{_BARE_PLURAL_NP}))"
    rf"|(?<=[,—–])\s*{_INVERTED_VERB}\s+(?P<inverted>(?-i:{_BARE_PLURAL_NP})){_CLAUSE_END}",
    re.IGNORECASE,
)
"""An unnamed source after its verb ("..., said a longtime aide who asked not to be named", "according to one resident",
"according to analysts", "..., say experts")."""
_NP_BEFORE_WHO = re.compile(rf"(?<![\w-])(?P<np>{_INDEFINITE_NP})(?=,?\s+(?:who|whose)\b)", re.IGNORECASE)
"""An unnamed source qualified by a clause ("A security official who was not authorised to speak publicly said")."""
_NAME = r"(?:(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gen|Col|Capt|Lt|Maj|Sgt|Gov)\.?\s+)?[A-Z][\w’'.-]*(?:\s+(?:de|da|van|von|al|bin|el|del|la|le)?\s*[A-Z][\w’'.-]*)+"
_NAME_BEFORE = re.compile(rf"(?:^|[\s“\"(]){_NAME},\s*$")
_NAME_AFTER = re.compile(rf"^,\s*{_NAME}\s*(?:,|\b(?:said|says|told|added))")
_FIRST_NAME_ONLY = re.compile(_alternation(lexicons.FIRST_NAME_ONLY), re.IGNORECASE)


def _appositive_of_name(text: str, span: Span) -> bool:
    """ "Sarah Whitmore, an economist at ..." or "a longtime resident, Maria Lopez, said": the role describes a named person."""
    if span.start < 0 or span.end > len(text) or text[span.start : span.end] != span.text:
        return False
    return bool(_NAME_BEFORE.search(text[: span.start]) or _NAME_AFTER.match(text[span.end :]))


def _unnamed_mention(text: str, mention: Span | None) -> Span | None:
    """The unnamed source written in this sentence's source mention, if it is one.

    An indefinite mention ("an official", "two people familiar with the talks") is a new unnamed source whatever
    earlier speaker the tracker filed it under; in a long mention (a cue that took a whole clause as its source,
    "... were reported, a fire department official") the indefinite phrase nearest the verb is the source.
    """
    if mention is None or not mention.text or _appositive_of_name(text, mention):
        return None
    words = [w.lower() for w in _WORD.findall(mention.text)]
    if words and words[0] in lexicons.VAGUE_OPENERS and unnamed(mention.text):
        return mention
    found = [m for m in re.finditer(_INDEFINITE_NP, mention.text, re.IGNORECASE) if unnamed(m.group(0))]
    if found and (len(words) > 8 or "," in mention.text):
        m = found[-1]
        span = Span(mention.start + m.start(), mention.start + m.end(), m.group(0))
        return None if _appositive_of_name(text, span) else span
    return None


_SPEECH_AFTER = re.compile(r"^(?:\s+[\w’'.-]+){0,8}?\s+(?:" + "|".join(lexicons.SOURCE_VERBS) + r")\b")


def _source_of_claim(text: str, span: Span) -> bool:
    """A vague source in the attribution of the sentence's claim: ", two people with knowledge of it told the
    Post" or "according to people familiar with the matter" (not "critics say" inside a claim of someone else)."""
    before = text[: span.start].rstrip()
    if re.search(r"(?:according\s+to|citing)$", before, re.IGNORECASE):
        return True
    if re.search(rf"[,—–]\s*{_INVERTED_VERB}$", before, re.IGNORECASE) and re.match(_CLAUSE_END, text[span.end :]):
        return True  # "..., say experts."
    return (not before or before.endswith((",", "—", "–"))) and bool(_SPEECH_AFTER.match(text[span.end :]))


_HYPOTHETICAL = re.compile(r"\b(?:if|unless|whether)\s*$", re.I)
_HYPOTHETICAL_START = re.compile(r"(?:if|unless|whether)\s", re.I)
_SPEECH_LATER = re.compile(r"\b(?:" + "|".join(lexicons.SOURCE_VERBS) + r")\b", re.I)


def vague_sources(text: str) -> list[Span]:
    """Vague sources written in a sentence ("people familiar with the matter", "sources said", "said a longtime aide");
    not a hypothetical one ("If scientists found ..."), nor someone described by a clause who never speaks ("the
    efforts of a family friend who spotted the car and called 911")."""
    spans = [Span(m.start(), m.end(), m.group(0)) for m in _VAGUE_SOURCE.finditer(text) if not _HYPOTHETICAL.search(text[: m.start()]) and not _HYPOTHETICAL_START.match(m.group(0))]
    for pattern in (_NP_AFTER_VERB, _NP_BEFORE_WHO):
        for m in pattern.finditer(text):
            group = next(g for g in ("np", "plural", "inverted") if g in m.groupdict() and m.group(g))
            span = Span(m.start(group), m.end(group), m.group(group))
            if pattern is _NP_BEFORE_WHO and not _SPEECH_LATER.search(text, span.end):
                continue
            if unnamed(span.text) and not _appositive_of_name(text, span):
                spans.append(span)
    return _dedupe(spans)


def decide(
    text: str,
    speaker: str | None = None,
    context: str = "",
    mention: Span | None = None,
    cue_source: str | None = None,
    inherit_anonymous: bool = False,
    inherit_relay: bool = False,
    speaker_named: bool | None = None,
    article_outlets: frozenset[str] = frozenset(),
) -> Signals:
    """The signals of one sentence.

    `speaker`: the resolved speaker's fullest name (None when no source speaks); `context`: its role
    words; `mention`: the speaker's span in this sentence, if any; `cue_source`: the source as
    written in this sentence's cue before any relay was looked through ("Reuters" in "..., Reuters
    reported"); `inherit_*`: the sentence continues an unnamed / relayed account; `speaker_named`:
    the tracker's own verdict, used when the mention is only a pronoun; `article_outlets`: the article's own outlet(s)
    (`own_outlets`), which relay nothing.
    """
    relay_spans = relays(text, article_outlets)
    if cue_source and is_outlet(cue_source) and not relay_spans and not _names_own(cue_source, article_outlets):
        at = text.find(cue_source)
        relay_spans = [Span(at, at + len(cue_source), cue_source)] if at >= 0 else [INHERITED]
    if inherit_relay and not relay_spans:
        relay_spans = [INHERITED]
    anonymous_spans: list[Span] = []
    named: bool | None = None
    marker = _ANONYMITY.search(text)
    first_name = _FIRST_NAME_ONLY.search(text)
    if speaker is not None:
        spokes = any(r in (speaker + " " + context).lower() for r in lexicons.SPOKES_ROLES)
        written = _unnamed_mention(text, mention)
        verdict = unnamed(speaker, context)
        if verdict is None:  # an unresolved pronoun: the account it continues decides
            verdict = inherit_anonymous
        if written is not None and not spokes:
            verdict = True  # "an official said", though the tracker filed it under an earlier speaker
        if verdict is False and (is_outlet(speaker) or cue_source and is_outlet(cue_source)) and vague_sources(text):
            verdict = True  # "according to a report by Bloomberg, which cited unnamed officials": the outlet relays them
        if verdict is False and not spokes and any(_source_of_claim(text, v) for v in vague_sources(text)):
            verdict = True  # "Tate was fired, two people with knowledge of the decision told the Post": the tracker took Tate
        if verdict is False and marker and not spokes:
            verdict = True  # "a person close to the singer, who asked not to be named"
        if verdict and first_name and not marker:
            verdict = False  # "a neighbour, who gave her name only as Margaret": partly named
        if verdict and cue_source and is_outlet(cue_source) and cue_source.strip().lower() == speaker.strip().lower():
            verdict = False  # the outlet itself speaks: named, and a relay
        if verdict:
            own = written or (mention if mention is not None and mention.text and unnamed(mention.text) else None)
            anonymous_spans = [own] if own is not None else vague_sources(text) or [INHERITED]
        named = not verdict
    else:
        anonymous_spans = vague_sources(text)
        if not anonymous_spans and marker and not any(r in text.lower() for r in lexicons.SPOKES_ROLES):
            anonymous_spans = [Span(marker.start(), marker.end(), marker.group(0))]  # "..., said a man who asked not to be named"
    if anonymous_spans and speaker is not None:
        named = False
    return Signals(hedges=hedges(text), anonymous=anonymous_spans, relay=relay_spans, named_source=named)
