"""The rules backend: who speaks in each sentence, resolved across the article.

Per sentence, `cues.find_cue` finds a cue and a source span. This module
then resolves pronouns and generic heads ("He", "the ministry") to the named
source seen earlier in the article, carries continued accounts (guide
decision 3, quotations under decision 12), classifies the source as official,
commentator or media from role words (decisions 9, 10, 14), and maps that to
a label. It is the baseline every model is compared with, and the extractor
of source/cue spans and signals for every backend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sourcelens.annotate import dependency_cues, lexicons, signals
from sourcelens.annotate.cues import Cue, cited_source, find_cue, issuer_of, subject_name
from sourcelens.annotate.speakers import Speaker, SpeakerRegistry, article_roles, gender_of, surname_key
from sourcelens.models.context import is_headline
from sourcelens.records import LABELS, Attribution, Sentence, Span

RULES_VERSION = "rules-2"
_TYPE_TO_LABEL = {"official": "official_claim", "commentator": "commentator_opinion", "media": "commentator_opinion", "unknown": "commentator_opinion"}
_WORD = re.compile(r"[\w'’\-]+")
_OPEN_QUOTES = "\"“"
_OUTLET = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(o) for o in lexicons.OUTLETS) + r")(?![\w-])")
_ADVOCACY_BODY = re.compile(r"\b(?:" + "|".join(lexicons.ADVOCACY_BODIES) + r")\b", re.I)
_ADVOCACY_ROLE = re.compile(r"\b(?:" + "|".join(b for b in lexicons.ADVOCACY_BODIES if b != "campaign") + r")\b", re.I)
"""In a speaker's own role, "campaign" may be an office-holder's (a re-election or a military campaign)."""
_PARTY = re.compile(r"\b[RDI]-[A-Z][a-z]*\.?(?!\w)")


class _Roles:
    """A role list split once into single words (a set lookup) and phrases (substring tests)."""

    def __init__(self, roles: list[str]) -> None:
        self.words = frozenset(r for r in roles if " " not in r)
        self.phrases = tuple(r for r in roles if " " in r)

    def found(self, lowered: str, words: set[str]) -> bool:
        return not self.words.isdisjoint(words) or any(phrase in lowered for phrase in self.phrases)


_COMMENTATOR_ROLES = _Roles(lexicons.COMMENTATOR_ROLES)
_OFFICIAL_ROLES = _Roles(lexicons.OFFICIAL_ROLES)


_DESCRIBED_BY_OTHERS = re.compile(r"\b(?:popular|known|famous|beloved|used|favou?red|loved)\s+(?:with|by|among)\b[^,;]*")
"""Who else a source is known to ("the budgeting app popular with students"): their roles are not the source's."""
_NOT_AN_OUTLET = re.compile(r"\bnews\s+(?:release|conference|briefing|statement|alert)s?\b")
"""A body's own announcement ("CEO Craig Menear in the company's news release"), not a news outlet."""
_MEDIA_WORDS = set(lexicons.MEDIA_WORDS)
_MEDIA = re.compile(r"(?:[\w’'-]+\s+){0,3}(?<!social )media")
"""The media as a source ("Local media", "Some foreign media"); not "the media" a source was not authorised to brief."""

_PAST_OR_NO_OFFICE = re.compile(
    r"\bwho (?:served|was|were|ran|led|headed|chaired|oversaw|had been)\b(?:(?!\bwill\b)[^.;]){0,80}?"
    r"\b(?:until|between)\s+(?:(?:19|20)\d\d|last\s+\w+|earlier\s+this\s+\w+)"
    r"|\bwho (?:has|had) never (?:held (?:public |elected |political )?office|served in|run for)\b|\bleft (?:office|parliament|congress|the senate)\b"
)
"""The speaker's office is past or never was: a commentator (decision 4)."""


def source_type(text: str) -> str:
    """Official, commentator or media, from role words in the source and its appositive."""
    lowered = _DESCRIBED_BY_OTHERS.sub(" ", text.lower())
    if any(m in lowered for m in lexicons.STATE_MEDIA):
        return "official"
    if _PAST_OR_NO_OFFICE.search(lowered):
        return "commentator"  # decision 4: "who served as ambassador until 2019", "who has never held public office"
    words = set(_WORD.findall(lowered))
    if any(title in lowered for title in lexicons.OFFICIAL_FIRST) and not words & {"former", "ex", "retired"}:
        return "official"  # "Attorney General Maria Lopez", "the district attorney"; not a former one (decision 4)
    if _COMMENTATOR_ROLES.found(lowered, words) or _ADVOCACY_ROLE.search(lowered):
        return "commentator"  # decision 14: an advocacy body's officers too ("head of the pressure group ...")
    outlet = _NOT_AN_OUTLET.sub(" ", lowered)
    outlet_words = words if outlet == lowered else set(_WORD.findall(outlet))
    if outlet_words & _MEDIA_WORDS or _OUTLET.search(outlet) or _MEDIA.fullmatch(outlet.strip()):
        return "media"
    if _PARTY.search(text):
        return "official"  # "Sen. Ben Sasse, R-Neb."
    if _OFFICIAL_ROLES.found(lowered, words):
        return "official"
    return "unknown"


_INDEFINITE = {"a", "an", "some", "many", "several", "one", "two", "three", "various", "other", "unnamed", "anonymous"}


_EXECUTIVE_OF = re.compile(r"\b(?:president|chief executive|ceo|(?:co-)?founder|chairman|chairwoman|managing director|owner|principal)\s+(?:of|at)\s+"
                           r"(?P<org>[A-Z][\w’'.-]*(?:\s+(?:&|and|[A-Z][\w’'.-]*))*?)(?:\s+(?:Ltd|Inc|Corp|Co|LLC|plc|PLC|AG|SA|GmbH)\.?)?(?=\s*[,;)]|\s*$)")


def _outside_executive(context: str, article: list[str]) -> bool:
    """Decision 14: an executive speaks for the company about its own affairs; one whose company the article names
    only where it introduces them ("Jo Marsh, president of Chapter & Verse, a design agency, said the state's
    campaign ...") speaks from outside the story, as a commentator."""
    found = _EXECUTIVE_OF.search(context)
    return found is not None and sum(found.group("org") in text for text in article) <= 1


def _is_named(text: str) -> bool:
    """An identified source ("the ministry", "Dr. Okafor"), not "officials", "a source" or "analysts"."""
    words = _WORD.findall(text)
    if not words or signals.anonymous(text) or words[0].lower() in _INDEFINITE:
        return False
    has_name = any(w[:1].isupper() for w in words[1:]) or words[0][:1].isupper() and words[0].lower() not in lexicons.PRONOUNS
    definite = words[0].lower() in {"the", "its", "his", "her", "their"}
    return has_name or definite


def _one_hot(label: str) -> dict[str, float]:
    return {k: 1.0 if k == label else 0.0 for k in LABELS}


@dataclass
class _ArticleState:
    """What the resolver remembers while it walks an article."""

    registry: SpeakerRegistry = field(default_factory=SpeakerRegistry)
    account: Speaker | None = None
    """The speaker whose account the previous sentence belonged to, or None."""
    last_paragraph: int = -1
    narrative: bool = False
    """The open account is a relayed narrative ("According to police, ...", decision 17)."""
    account_anonymous: bool = False
    """Signals only: the open account rests on an unnamed source (its continuations inherit it)."""
    account_relay: bool = False
    """Signals only: the open account was relayed by another outlet or report."""
    texts: list[str] = field(default_factory=list)
    roles: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Surname -> (fullest name, role words) from anywhere in the article (`speakers.article_roles`)."""
    spokes_for: Speaker | None = None
    """The source that last spoke through a spokesperson: whom "the spokesperson said" means."""
    article: list[str] = field(default_factory=list)
    """Every sentence of the article, read ahead: whether a company is the story's or only an executive's introduction."""
    documents: dict[str, tuple[Speaker, bool]] = field(default_factory=dict)
    """Document head ("statement", "letter") -> (its issuer, whether another outlet relayed it): whom "the statement
    continued" means sentences later, and that a letter obtained by an outlet stays relayed wherever it speaks."""


_FURNITURE = re.compile(
    r"^(?:By\s+[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}(?:\s+(?:and|&)\s+[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})?\s*$"
    r"|(?:Related|Read more|Read also|See also|Photo|Image|Credit|Caption|Video|Watch|Listen|Advertisement|Sign up|Subscribe|"
    r"Updated|Published|Posted|Last updated|Reporting by|Editing by|Additional reporting)\b"
    r"|\(?(?:Reporting|Editing|Writing) by\b"
    r"|[A-Z][A-Z .'’-]{2,}(?:,\s*[A-Z][\w. ]+)?(?:\s*\([\w .]+\))?\s*[—–-]*\s*$)"
)
"""Bylines, page furniture and a dateline alone: the reporter's (decisions 7 and 11)."""
_BACKGROUND = re.compile(r"\b(?:in|since|until|of|from)\s+(?:19|20)\d\d\b|\bwho (?:is|was|has|had)\b|\bis (?:a|an|the)\s+\w+(?:\s+\w+)?\s+(?:that|which|who)\b")
_OWN_HEDGE = re.compile(r"\b(?:reportedly|apparently|purportedly|is believed to|are believed to|is understood)\b", re.I)
"""The reporter's own hedge on an unattributed claim (decision 8): not the relayed account."""
_NARRATIVE_CUES = ("according to", "as reported by", "as stated by")
_FIGURE = re.compile(r"\b(?:estimates?|figures?|data|count|tally|forecasts?|projections?|calculations?)$", re.I)
"""Sources of a number, not of an account: "according to one estimate" opens no narrative that runs on (decision 17)."""


_ACCOUNT_DOCUMENTS = lexicons.DOCUMENT_HEADS | {"documents", "records", "filings", "affidavit", "papers", "transcript", "charges"}
_AFTER_LAST_SOURCE = re.compile(r"^(?:,\s*(?:which|who)\b[^,;:—]*|\s*(?:on|in|last|this|earlier|late)\s+[\w ]{1,25})?[\s.”’\"']*$")
"""What may follow a source named last: a relative clause about it or a time ("..., according to Acme, which did not
give a reason.", "..., according to the company on Tuesday.")."""


def _cites_document(written: str | None) -> bool:
    """ "a statement from the Interior Ministry", "court documents": an account a document gives, which runs on even
    when cited last (not "a person who has seen the memo": a person)."""
    head = re.split(r"\b(?:who|which|that|from|by|of|to)\b", (written or "").lower())[0]
    return any(w in _ACCOUNT_DOCUMENTS for w in re.findall(r"[a-z]+", head))


def _continues(text: str, paragraph: int, state: _ArticleState, inside_quote: bool) -> bool:
    """A cue-less sentence that carries on the open account (decisions 3, 12 and 17).

    A quotation carries on its speaker's words; a pronoun or an explicit link continues the account in
    its paragraph; a relayed narrative ("According to police, ...") continues across paragraph breaks
    until the reporter steps in ("did not say", "It is not clear") or adds background from the record.
    """
    if state.account is None:
        return False
    lowered = text.lower()
    if any(phrase in lowered for phrase in lexicons.NOT_SPEECH + lexicons.REPORTER_STEPS_IN):
        return False
    if inside_quote or text[:1] in _OPEN_QUOTES:
        return True
    first = lowered.split(maxsplit=1)[0] if lowered else ""
    if lowered.startswith(lexicons.CONTINUATION_LINKS):
        return True
    if first in {"he", "she", "they"} and paragraph == state.last_paragraph:
        return True
    return state.narrative and not _BACKGROUND.search(text) and not _OWN_HEDGE.search(text)


def _quote_balance(text: str, was_open: bool) -> bool:
    """Whether a quotation is still open after this sentence."""
    if text.count('"') % 2:
        return not was_open
    return int(was_open) + text.count("“") - text.count("”") > 0


_BODY_SPOKESPERSON = re.compile(r"^(?:a|an|the)\s+(?:spokesman|spokeswoman|spokesperson|representative|press\s+(?:officer|office|service|centre|center))(?:\s+for\s+the\s+(?:company|firm|group|ministry|department|agency|team|club))?$", re.I)


def _surname_only(written: str) -> str:
    """The surname of a bare name ("Sasse", "Mr. Sasse", "Ben Sasse"), lower case; "" for anything else."""
    words = _WORD.findall(written)
    names = [w for w in words if w[:1].isupper() and w.lower().rstrip(".") not in lexicons.TITLES]
    if not names or len(names) != len([w for w in words if w.lower().rstrip(".") not in lexicons.TITLES]) or len(names) > 3:
        return ""
    return surname_key(names[-1])


def _with_body(context: str, texts: list[str]) -> str:
    """ "Its president, Abdul Malek": when one of the two sentences before names an advocacy body ("... said the
    Fishermen's Association, a lobby for small crews."), the officer is its, so no official (decision 14)."""
    if re.match(r"^\W*its\s", context, re.I) and (body := next(filter(None, map(_ADVOCACY_BODY.search, reversed(texts[-2:]))), None)):
        return f"{context} ({body.group(0)})"
    return context


_SUBJECT_NAME = re.compile(r"^(?P<caps>(?:[A-Z][\w.'’-]*\s+){1,4}[A-Z][\w'’-]*)(?<!['’]s)(?P<age>,\s+\d{1,3},)?(?=[\s,])")
"""The capitalised words that open a sentence, and an age after them ("Joanna Pike, 34,")."""


_ROLE_OPENER = re.compile(r"^((?:[A-Z]?[a-z-]+\s+){1,3}?)(?=[A-Z])")
_PERSON_ROLES = {w for w in lexicons.COMMENTATOR_ROLES + lexicons.OFFICIAL_ROLES if " " not in w and not w.endswith("s")} - lexicons.ORG_HEADS


def _subject_before(texts: list[str], pronoun: str) -> str | None:
    """The person a reporter's sentence just before names as its subject ("Joanna Pike, 34, was charged on
    Tuesday."), when "he"/"she" means that person: a first name of the pronoun's gender in the name table
    (or any name given an age), titles dropped ("President Joe Biden"); not "Last Tuesday", "North Korea",
    "Alex Kim's lawyer". The nearest antecedent, though it has not spoken yet."""
    text = texts[-1].strip() if texts else ""
    role = _ROLE_OPENER.match(text)
    if role and role.group(1).split()[-1].lower() in lexicons.TITLES | _PERSON_ROLES:
        text = text[role.end() :]  # "Defense attorney John Marsh, who ...": the name after the role
    match = _SUBJECT_NAME.match(text)
    if match is None:
        return None
    words = [w for w in match.group("caps").split() if w.lower().rstrip(".") not in lexicons.TITLES | {"former", "retired"}]
    if not 2 <= len(words) <= 3:
        return None
    name = " ".join(words)
    gender = gender_of(name)
    return name if gender == pronoun or (gender is None and match.group("age")) else None


_OPENING_WORDS = {"when", "after", "before", "as", "but", "and", "if", "while", "since", "then", "although", "though", "once", "until", "because", "so"}
_PERSON_NAME = re.compile(r"(?<![\w’'])[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2}(?![\w’'-])")


def _only_person_in(texts: list[str], pronoun: str, roles: dict[str, tuple[str, str]]) -> str | None:
    """The one person of the pronoun's gender that the sentence before names anywhere, by full name or by a
    surname the article gave a full name ("When Marsh heard the verdict, ..." -> John Marsh): no one spoke in
    it, so "he" can mean only them. None when it names none or several."""
    if not texts:
        return None
    found = set()
    for match in _PERSON_NAME.finditer(texts[-1]):
        words = match.group(0).split()
        if len(words) > 1 and words[0].lower() in _OPENING_WORDS:
            words = words[1:]  # "When Patrick entered the room": the sentence's first word is no name
        if not words:
            continue
        if len(words) == 1:
            full = roles.get(surname_key(words[0]), (None, ""))[0]
            if full and gender_of(full) in {pronoun, None} and len(full.split()) > 1:
                found.add(full)  # a surname the article gave a full name: a person, though the table may not know the first name
        elif gender_of(" ".join(words)) == pronoun:
            found.add(roles.get(surname_key(words[-1]), (" ".join(words), ""))[0])
    return found.pop() if len(found) == 1 else None


def _may_be_person(speaker: Speaker) -> bool:
    """A person, or a bare surname the article never gave a first name ("Okafor said"): "he added" goes on with them."""
    words = speaker.name.split()
    return speaker.kind == "person" or (speaker.named and len(words) == 1 and words[0][1:].islower() and words[0].lower() not in lexicons.ORG_HEADS)


_SUBJECT_VERBS = {"has", "have", "had", "will", "would", "is", "are", "was", "were", "could", "can", "may", "plans", "said"}
"""What may follow a sentence's opening name when it is the subject ("Deportivo Almenar have signed")."""


def _own_subject(text: str, cue: Cue, words: list[str]) -> str | None:
    """The name that opens the sentence, when a tag after it calls its speaker by a description of a body
    ("the Spanish club", "the network", "the league"): the description points back to that subject."""
    if cue.source is None or len(words) > 4 or words[0] != "the" or words[-1] not in lexicons.BODY_NOUNS:
        return None  # not "the ministry": "The bridge will close, the ministry said" names two
    if not re.search(r",\s*$", text[: cue.source.start]) or len(text) - cue.cue.end > 40:
        return None  # a tag at the end of the sentence only ("..., the club announced on Monday.")
    subject = subject_name(text)
    if subject is None or subject[1] >= cue.source.start or subject[0].split()[-1].lower() in lexicons.BODY_HEADS:
        return None
    verb = re.match(r"\s+(\w+)", text[subject[1] :])
    if verb is None or not (verb.group(1) in _SUBJECT_VERBS or re.fullmatch(r"\w+(?:ed|s)", verb.group(1))):
        return None  # "The Veldhaven harbour bridge": the name runs on into a noun, no verb follows it
    return subject[0]


def _described_company(written: str, words: list[str]) -> bool:
    """ "the company", "the production company", "the Texas-based firm": a company described, not named (no
    capitalised modifier but a place before "-based")."""
    modifiers = written.split()[:-1]
    if words[0] in {"the", "its"}:
        modifiers = modifiers[1:]
    elif not words[0].endswith("-based"):
        return False  # "Texas-based company", from "the Austin, Texas-based company"
    return len(modifiers) <= 3 and words[-1] in {"company", "firm"} and all(
        m[:1].islower() or m.lower().endswith("-based") for m in modifiers)


_NOT_PERSON_HEADS = _MEDIA_WORDS | {"paper", "website", "site", "daily", "station", "network", "statement", "report"}


def _described_person(written: str, words: list[str], state: _ArticleState) -> tuple[str, str] | None:
    """The one person an earlier sentence introduced with these role words ("Eyamba Sowers, a real estate agent" for
    "the real estate agent said"), or None: a description of a person refers back to them."""
    if not 2 <= len(words) <= 4 or words[0] != "the" or any(w[:1].isupper() for w in written.split()[1:]) or (
            words[-1] in lexicons.ORG_HEADS or words[-1] in _NOT_PERSON_HEADS or re.search(r"[^s]s$", words[-1])):  # one person, not "the officials"
        return None
    found = {(name, context) for name, context in state.roles.values()
             if all(re.search(rf"\b{re.escape(w)}\b", context, re.I) for w in words[1:]) and any(name in t for t in state.texts)}
    return found.pop() if len({name for name, _ in found}) == 1 else None


_SPOKESPERSON = re.compile(r"\bspokes(?:man|woman|person|people)\b", re.I)
_THE_SPOKESPERSON = re.compile(r"^the\s+spokes(?:man|woman|person)$", re.I)


_ANOTHER_DOCUMENT = {head: re.compile(rf"\b(?:a|an|another|their|his|her|new|separate|second|later|[A-Z][\w-]*[’']s)\s+(?:[\w-]+\s+)?{head}\b", re.I)
                     for head in lexicons.DOCUMENT_HEADS}
"""A document of the same kind introduced anew ("a separate statement", "the union's statement"): the one remembered
under its head is no longer "the statement"."""
_IN_A_DOCUMENT = re.compile(r"\b(?:in|via)\s+(?:a|an|its|their|his|her)\s+(?:[\w-]+\s+)?(?P<head>" + "|".join(sorted(lexicons.DOCUMENT_HEADS)) + r")\b", re.I)
"""The commonest way a document comes in: "Acme said in a statement on Monday that ..."."""


def _document_head(written: str) -> str | None:
    """ "the statement", "that letter": the document named, which speaks for whoever issued it."""
    document = re.fullmatch(r"(?:the|that|this)\s+(\w+)", written.strip(), re.I)
    return document.group(1).lower() if document and document.group(1).lower() in lexicons.DOCUMENT_HEADS else None


def _resolve(cue: Cue, state: _ArticleState, text: str = "") -> Speaker:
    """The article-level speaker of a cue; a spokesperson's body is remembered for "the spokesperson" later."""
    written = cue.source.text if cue.source else ""
    if _THE_SPOKESPERSON.match(written) and state.spokes_for is not None:
        return state.spokes_for  # "The spokesperson said": the body whose spokesperson spoke before
    speaker = _resolve_mention(cue, state, text)
    if _SPOKESPERSON.search(written):
        state.spokes_for = speaker
    return speaker


def _resolve_mention(cue: Cue, state: _ArticleState, text: str = "") -> Speaker:
    """The article-level speaker of a cue: an earlier one it refers back to, or a new entry."""
    written = cue.source.text if cue.source else ""
    registry = state.registry
    earlier = registry.resolve(written)
    kind = source_type(_with_body(cue.context, state.texts))
    if kind == "official" and _outside_executive(cue.context, state.article):
        kind = "commentator"
    if head := _document_head(written):
        if state.texts and (issuer := issuer_of(state.texts[-1], head)):
            return registry.add(issuer, cue.context, source_type(issuer), _is_named(issuer))  # "X released a statement. The statement said ...": X
        if head in state.documents:
            issuer = state.documents[head][0]  # "..., the statement continued.", sentences after it was introduced
            issuer.absorb(issuer.name, cue.context, issuer.kind, source_type(cue.context))  # a body's statement: its type if none yet
            return issuer
    if written.lower() in {"he", "she"} and state.account is None and (
            (named := _subject_before(state.texts, written.lower())) or (named := _only_person_in(state.texts, written.lower(), state.roles))):
        name, context = state.roles.get(surname_key(named.split()[-1]), (named, named))
        return registry.add(name, context, source_type(context), True)  # "Jo Marsh, 34, was arrested. She said ...": Marsh
    if written.lower() in {"he", "she"} and (last := state.account) is not None and _may_be_person(last) and (
            last.gender in {written.lower(), None} or earlier is None):
        return last  # the person who spoke in the sentence before goes on, unless the pronoun's gender fits someone else
    if earlier is not None and written.split()[0].lower() in lexicons.PRONOUNS:
        return earlier
    words = [w.lower() for w in _WORD.findall(written)]
    spelled = registry.spelled_out(written, state.texts) if earlier is None else None
    if spelled:
        written = spelled  # "the FDA" -> "Food and Drug Administration", as the article spelled it out
    elif earlier is None and (own := _own_subject(text, cue, words)):
        written = own  # "Deportivo Almenar have signed ..., the Spanish club announced": the club is the sentence's subject
    elif earlier is None and _described_company(written, words):
        # "the company", "the Austin, Texas-based company": the company the article is about
        name = registry.company_named(state.texts) or registry.most_named(state.texts)
        if name:
            written, kind = name, kind if kind != "unknown" else source_type(name)
    elif earlier is None and _BODY_SPOKESPERSON.match(written):
        # "A spokesman said", "a spokeswoman for the company": the body the article is about speaks through them
        body = registry.recent("org")
        name = body.name if body is not None else registry.most_named(state.texts)
        if name:
            written = name
    elif earlier is None and (person := _described_person(written, words, state)):
        name, context = person
        return registry.add(name, context, source_type(context), True)  # "the real estate agent": the one the article called so
    elif earlier is None and len(words) == 2 and words[0] in {"the", "its"}:
        # "the ministry" / "the company" naming no earlier speaker: the name given earlier in the article
        name = registry.named_in(words[1], state.texts) or registry.described_as(words[1], state.texts)
        if name:
            written, kind = name, kind if kind != "unknown" else source_type(name)
    elif earlier is None and kind == "unknown" and (surname := _surname_only(written)) in state.roles:
        name, context = state.roles[surname]
        role = source_type(context)
        if role != "unknown":  # "Sasse said", the role given at "Sen. Ben Sasse, R-Neb." elsewhere in the article
            return registry.add(name, context, role, True)
    return registry.add(written, cue.context, kind, _is_named(written))


def _inner_source(text: str, cue: Cue) -> Cue | None:
    """Decision 5: in "X reports via foreign media that the ministry revealed ...", the ministry."""
    cited = cited_source(text)
    if cited is not None and source_type(cited.context) != "media":
        return cited
    shift = cue.cue.end
    inner = find_cue(text[shift:])
    if inner is None or inner.source is None:
        # "..., the ministry revealed on its account, X reports via foreign media."
        shift = 0
        inner = find_cue(text[: min(cue.source.start, cue.cue.start)].rstrip(" ,") + ".")
    if inner is None or inner.source is None or source_type(inner.context) == "media":
        return None
    return Cue(
        Span(inner.cue.start + shift, inner.cue.end + shift, inner.cue.text),
        Span(inner.source.start + shift, inner.source.end + shift, inner.source.text),
        inner.context,
    )


def _page_line(sentences: list[Sentence], i: int) -> bool:
    """Headline (decision 7: the reporter's), byline, dateline, "Related:" and the like."""
    return is_headline(sentences, i) or bool(_FURNITURE.match(sentences[i].text))


def _furniture(sentences: list[Sentence], i: int) -> bool:
    """A page line or a subhead (a paragraph of one unpunctuated line)."""
    sentence = sentences[i]
    alone = (i == 0 or sentences[i - 1].paragraph != sentence.paragraph) and (i + 1 == len(sentences) or sentences[i + 1].paragraph != sentence.paragraph)
    text = sentence.text
    return _page_line(sentences, i) or (alone and text[-1:] not in ".!?\"”’:" and len(text.split()) <= 12)


_POST_SIGNATURE = re.compile(
    r"^[—–-]\s*(?P<name>[^@\n]{2,80}?)\s*\(@[\w.]{1,30}\)[\w\s,.:·]{0,40}$"
    r"|^A\s+(?:post|photo|video)\s+shared\s+by\s+(?P<shared>[^@\n]{2,80}?)\s*\(@[\w.]{1,30}\)")
"""The line under an embedded post: "— Jane Roe (@janeroe) November 1, 2019" (or a time: "4:12 PM · May 6, 2025"), "A post
shared by Jane Roe (@janeroe) on ..."."""
_POST_LINK = re.compile(r"\b(?:pic\.twitter\.com|https?://)\S*")
_POST_INTRO = re.compile(r"\b(?:tweet(?:s|ed)?|twitter|instagram|facebook|posted|wrote)\b|:\s*$", re.I)
"""What introduces a post in the reporter's own words ("She tweeted:"): the post starts after it."""
_POST_MARKS = re.compile(r"pic\.twitter\.com/|https?://|(?<!\w)[#@]\w|[a-z]!")
"""A link, a hashtag, a handle or an exclamation: marks of a post's text."""
_FIRST_PERSON = re.compile(r"\bI\b|\b[Ww]e\b|\b[Mm]y\b|\b[Oo]ur\b|\bus\b|\bme\b|I[’']m\b|[Ww]e[’']re\b")
"""The poster's own voice, which a reporter's paragraph above a signature line does not have."""
_POST_LENGTH = 300
"""A post's text at most (a tweet holds 280 characters, links aside)."""


def _embedded_posts(sentences: list[Sentence], cues: list[Cue | None]) -> dict[int, str]:
    """Sentence index -> author, for the text of posts embedded above their signature line.

    The post is the paragraphs just above the signature that read like a post (a link, a hashtag, a handle, the
    poster's "I" or "we", an exclamation, or no sentence-final stop: a reporter's paragraph has none of these), back to
    the reporter's introduction (a paragraph that mentions the tweet or ends with a colon), a headline, byline or
    dateline, another post's signature, a sentence with a cue of its own, or a post's length."""
    paragraphs: dict[int, list[int]] = {}
    for i, sentence in enumerate(sentences):
        paragraphs.setdefault(sentence.paragraph, []).append(i)
    order = list(paragraphs)
    joined = {number: " ".join(sentences[i].text for i in paragraphs[number]).strip() for number in order}
    posts: dict[int, str] = {}
    for at, number in enumerate(order):
        signature = _POST_SIGNATURE.match(joined[number])
        if not signature:
            continue
        body: list[int] = []
        length = 0
        for previous in reversed(order[:at]):
            text, members = joined[previous], paragraphs[previous]
            words = _POST_LINK.sub("", text)
            length += len(words)
            if (length > _POST_LENGTH or _POST_INTRO.search(words) or _POST_SIGNATURE.match(text)
                    or any(cues[i] is not None or _page_line(sentences, i) for i in members)
                    or not (_POST_MARKS.search(text) or _FIRST_PERSON.search(text) or text[-1:] not in ".?\"”’)")):
                break
            body = members + body
        for i in body:
            posts[i] = (signature.group("name") or signature.group("shared")).strip()
    return posts


def _relayed_document(state: _ArticleState, head: str | None, speaker: Speaker | None) -> bool:
    """The sentence cites a document another outlet obtained ("the statement continued" after "The statement, obtained
    by Variety, said"), and its issuer speaks: still relayed."""
    issuer, relayed = state.documents.get(head or "", (None, False))
    return relayed and speaker is not None and issuer is speaker


def _post_author(name: str, state: _ArticleState) -> Speaker:
    """The speaker a post's signature names: the one the article introduced, with the role given there."""
    earlier = state.registry.resolve(name)
    if earlier is not None:
        return earlier
    fullest, context = state.roles.get(surname_key(name.split()[-1]), (name, name))
    return state.registry.add(fullest, context, source_type(context), True)


def _quote_speakers(cues: list[Cue | None], opens: list[bool], carried: list[bool], state: _ArticleState, i: int) -> Speaker | None:
    """A quotation opened without a cue and tagged later ("... They did. ...," said X.): X speaks all of it."""
    j = i + 1
    while j < len(cues) and (opens[j] or carried[j]):
        if cues[j] is not None and cues[j].source is not None:
            return _resolve(cues[j], state)
        j += 1
    return None


def annotate_article(sentences: list[Sentence], parse: bool = False, outlet: str | None = None) -> list[Attribution]:
    """Rules attribution for every sentence of one article, in order.

    `parse` adds spaCy's dependency parse for sentences the patterns leave without a cue
    (`dependency_cues`): more speakers found, for about a second more start-up and 7-13% less throughput.
    `outlet`: the outlet that published the article (`signals.article_outlet`), when the input says so:
    "told The Signal Desk" in The Signal Desk's own story is the reporter's interview, not a relay.
    """
    texts = [s.text for s in sentences]
    state = _ArticleState(roles=article_roles(texts), article=texts)
    opens, carried = [False], [False]  # a quotation open at a sentence's start; one carried over a paragraph break
    for i, sentence in enumerate(sentences):
        new_paragraph = i > 0 and sentence.paragraph != sentences[i - 1].paragraph
        if new_paragraph:  # decision 12 across paragraphs: the open quote resumes with a fresh opening mark
            carried[-1], opens[-1] = opens[-1] and sentence.text[:1] in _OPEN_QUOTES, False
        opens.append(_quote_balance(sentence.text, opens[-1]))
        carried.append(False)
    furniture = [_furniture(sentences, i) for i in range(len(sentences))]
    cues = [None if furniture[i] else find_cue(s.text, opens[i]) for i, s in enumerate(sentences)]
    if parse:  # what the patterns miss, the dependency parse may find
        missed = [i for i, cue in enumerate(cues) if cue is None and not furniture[i]]
        for i, cue in zip(missed, dependency_cues.find_cues([sentences[i].text for i in missed], [opens[i] for i in missed])):
            cues[i] = cue
    posts = _embedded_posts(sentences, cues)
    ahead: dict[int, Speaker] = {}
    article_outlets = signals.own_outlets([s.text for s in sentences], outlet)  # "told Reuters" in a Reuters story relays nothing
    out: list[Attribution] = []
    for i, sentence in enumerate(sentences):
        text, cue = sentence.text, cues[i]
        cue_source = cue.source.text if cue is not None and cue.source is not None else None  # as written, before decision 5
        if cue is not None and cue.source is not None and (signals.relay(text) or source_type(cue.context) == "media" or signals.is_outlet(cue.source.text)):
            cue = _inner_source(text, cue) or cue  # decision 5: the original source, not the relay
        speaker, own, document = None, False, None
        if cue is not None and cue.source is not None:
            speaker, own, document = ahead.pop(i, None) or _resolve(cue, state, text), True, _document_head(cue.source.text)
            # a narrative stays open while its source goes on with cues of its own ("According to the ministry, ...
            # The ministry explained ..."): decision 17
            state.narrative = (cue.cue.text.lower().startswith(_NARRATIVE_CUES) and not _FIGURE.search(cue.source.text)
                               and (not _AFTER_LAST_SOURCE.match(text[cue.source.end:]) or _cites_document(cue.context))) or (
                state.narrative and speaker is state.account)
        elif not furniture[i] and not opens[i] and not carried[i] and (opens[i + 1] or carried[i + 1]) and text[:1] in _OPEN_QUOTES:
            speaker = _quote_speakers(cues, opens, carried, state, i)
            if speaker is not None:
                j = next(j for j in range(i + 1, len(sentences)) if cues[j] is not None)
                ahead[j] = speaker
                document = _document_head(cues[j].source.text) if cues[j].source is not None else None
        laid_out = speaker is None and i in posts
        if laid_out:
            speaker = _post_author(posts[i], state)
        elif speaker is None and not furniture[i] and _continues(text, sentence.paragraph, state, opens[i] or carried[i]):
            speaker = state.account
            laid_out = opens[i] or carried[i] or text[:1] in _OPEN_QUOTES  # a quotation going on: the speaker's words (decision 12)
        continuing = speaker is not None and (speaker is state.account or (
            own and state.account is not None and state.account_anonymous and cue.source.text.lower().startswith("the ") and bool(signals.unnamed(cue.source.text))
        ))  # signals only: "the people said" goes on with the unnamed account the tracker filed as a new speaker
        sig = signals.decide(
            text,
            speaker.name if speaker is not None else None,
            speaker.context if speaker is not None else "",
            cue.source if own else None,
            cue_source,
            inherit_anonymous=continuing and state.account_anonymous,
            inherit_relay=continuing and state.account_relay or _relayed_document(state, document, speaker),
            speaker_named=speaker.named if speaker is not None else None,
            article_outlets=article_outlets,
        )
        state.account_anonymous, state.account_relay = (bool(sig.anonymous), bool(sig.relay)) if speaker is not None else (False, False)
        for head in [h for h in state.documents if _ANOTHER_DOCUMENT[h].search(text)]:
            del state.documents[head]  # "in a statement posted to its website": a new one, which "the statement" means from now on
        if own and document:
            state.documents[document] = (speaker, bool(sig.relay))  # "The letter, obtained by the Post, said": relayed wherever it speaks
        elif own and (issued := _IN_A_DOCUMENT.search(text)):
            state.documents[issued.group("head").lower()] = (speaker, bool(sig.relay))  # "Acme said in a statement that ..."
        if speaker is not None:
            label = _TYPE_TO_LABEL[speaker.label_type]
            source = cue.source if cue is not None else None
            attribution = Attribution(label, _one_hot(label), source, speaker.name, speaker.label_type, cue.cue if cue else None, sig, label,
                                      source_role=(speaker.context or speaker.name).strip(), from_layout=laid_out)
            state.account, state.last_paragraph = speaker, sentence.paragraph
            state.registry.spoke(speaker, cue.source.text.lower() if own else None)  # "he"/"she" teach the speaker's gender
        else:
            label = "reporter_statement"
            attribution = Attribution(label, _one_hot(label), signals=sig, baseline_label=label)
            state.account, state.narrative = None, False
        state.texts.append(text)
        out.append(attribution)
    return out
