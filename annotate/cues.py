"""Find the attribution cue and the source span inside one sentence.

Pure pattern matching, no context: `attribution.py` resolves pronouns and
continued accounts across sentences. Patterns, tried in this order:

1. "according to X" / "as reported by X"
2. sentence-final or mid-sentence tag: ", the ministry said." / ", said X." / "The plan, X said, would"
3. subject + speech verb at a clause start: "X (, appositive,) stated (to Y) that ..."
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass

from sourcelens.annotate import lexicons
from sourcelens.records import Span

_VERB = r"(?:" + "|".join(sorted(set(lexicons.SPEECH_VERBS), key=len, reverse=True)) + r")"
_NP_WORD = r"[\w.’'\-&]+"
_NP = rf"(?:{_NP_WORD})(?:\s+{_NP_WORD}){{0,9}}"

_ACCORDING = re.compile(r"\b(according to|as reported by|as stated by|in the words of)\s+([^,.;:]+?)(?=,|\.|;|:|\s+that\b|$)", re.I)
_PAREN = r"(?:\s+\([^()]{1,40}\))?"
"""A parenthesis after the speaker's name: "Sen. Rob Portman (R-Ohio)", "Jane Roe (pictured)"."""
_TAG_START = r"(?:[,?!—–]\s?(?:['\"”’]\s?){0,2}|['\"”’])\s+"
_FINAL_TAG = re.compile(rf"{_TAG_START}(?P<np>{_NP}?){_PAREN}(?P<app>(?:,\s+[^,;:\"“”]{{2,90}}?){{0,2}},)?\s+(?:(?:has|have|had)\s+)?(?P<verb>{_VERB})\b(?P<tail>(?:\s+[^,.;!?\"“”]{{0,60}})?)[.!?]['\"”’]?\s*$", re.I)
_FINAL_INVERTED = re.compile(rf"{_TAG_START}(?P<verb>said|says|say|added|adds|noted|explained|stated|wrote|writes|warned|told|asked|continued|recalled|argued)\s+(?P<np>{_NP}?){_PAREN}(?P<app>,\s[^\"“”]*?)?[.!]['\"”’]?\s*$", re.I)
_ANY_VERB_TAG = re.compile(r"[,?!]\s?(?:['\"”’]\s?){1,2}\s*(?P<np>(?:he|she|they|[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){0,3}|the\s+(?:[a-z]+\s+)?[a-z]+))\s+(?P<verb>[a-z]+(?:ed|s)|read)(?:\s+[a-z]+ly)?[.!]['\"”’]?\s*$")
"""A tag of any verb after a closing quotation ("...,” Kerr shrugged."): in news copy that is who spoke."""
_MID_TAG = re.compile(rf",\s+(?P<np>{_NP}?)\s+(?P<verb>said|says|added|argued|noted|insisted|warned|believes|stated)\s*,", re.I)
_CLAUSE_VERB = re.compile(rf"\b(?P<verb>{_VERB})\b(?!\s+tanks?\b)", re.I)  # not "the London think tank"
_NAMING = re.compile(r"\b(?P<verb>(?:has\s+|had\s+|have\s+)?(?:called|calls|dubbed|dubs|branded|brands|labell?ed|labels|hailed|hails))\b", re.I)
_NAMED_AS = re.compile(r"\s+(?:it|them|him|her|this|that|these|those|(?:the|a|an|his|her|their|its|our|my)\s+[^“”\".;:,]{1,60}?|[A-Z][^“”\".;:,]{0,60}?)\s+"
                       r"(?:as\s+)?(?:(?:a|an|the)\s+)?[“\"]"
                       r"|\s+(?:it|them|him|her|this|that|(?:the|his|her|their|its|our|my)\s+(?:(?!(?:to|for|on|off|in|into|out|by|with|at|and)\b)[\w’'-]+\s+){1,4}?)"
                       r"(?:a|an)\s+(?!(?:lot|day|few|number|couple|bit|second|third|hour|week|minute|month|year|little|moment|while|time)\b)[a-z]")
"""Naming verbs report speech only when they name what the subject called it: a quotation ("The charity called the rules
“a penalty for saving lives.”") or a noun phrase with "a"/"an" ("called the deal a smart move"); not "a program called
“Safe Streets”", "Police were called", "called for talks", "called the strike to oppose a plan"."""
_A_NAME = re.compile(r"\s+(?:[\w’'-]+\s+){1,4}?[“\"](?:[A-Z0-9][\w’'.-]*\s*){1,4}[”\"]")
"""A short quotation in title case after a naming verb is a name given, not a view ("called their daughter “Hope”")."""
_VIEWING = re.compile(r"\b(?P<verb>(?:see|sees|saw|view|views|viewed|regard|regards|regarded|considers|considered|characteri[sz]ed|characteri[sz]es))\b"
                      r"|\b(?P<dismissed>dismissed|dismisses|rejected|rejects)(?=\s+(?:the|those|these|such|that|this|his|her|their|its)\s+(?:[\w-]+\s+)?"
                      r"(?:reports?|claims?|allegations?|accusations?|criticism|suggestions?|idea|notion|speculation|concerns?|charges?|account|comparisons?|rumou?rs?)\b)", re.I)
_TIME_CLAUSE_AS = re.compile(r"\s+(?:[\w’'-]+\s+){1,5}?as\s+(?:the|a|an|its|his|her|their)\s+(?:[\w’'-]+\s+)?(?:[a-z]+(?:ed|s)|spread|rose|fell|broke|began|came|went|grew|hit|set|shut|burst)\b(?!\s+(?:of|for|to|in)\b)")
"""A time clause, not a view: "saw the plane as the engines failed", "viewed the eclipse as the sun dipped"."""
_VIEWED_AS = re.compile(r"\s+(?:it|them|him|her|this|that|(?:the|his|her|their|its|our|such|those|these|[A-Z][\w’']*)\s+(?:(?!(?:to|for|on|in|by|with|at|and)\b)[\w’'-]+\s+){0,4}?)"
                        r"as\s+(?!(?:a|an)\s+(?:child|boy|girl|teenager|teen|student|kid|youngster|baby|young|tourist|soldier|visitor|volunteer|medic|nurse|guest|member|reporter|journalist|player)\b)(?:a|an|the|its|his|her|their|[“\"])")
"""A view of something ("Ward sees Stadia's launch as its first real test", "A spokesperson dismissed those reports as
“groundless”"): the subject speaks; not "was seen as"."""
_DECISION = (r"(?:decision|ruling|move|plan|decree|verdict|announcement|news|deal|agreement|proposal|bill|law|veto|step|reform|policy|measure|ban|resignation|"
             r"appointment|election|result|outcome|report|findings|vote|settlement|order|changes?|increase|rise|cut|raise|offer|initiative|investment|release)")
_STANCE = re.compile(r"\b(?P<verb>(?:has\s+|have\s+|had\s+)?(?:welcomed|welcomes|applauded|applauds))(?=\s+(?:the|a|an|this|that|these|those|its|his|her|their|our)\s+(?:[\w-]+\s+){0,3}?" + _DECISION + r"\b)"
                     r"|\b(?P<stance>(?:has\s+|have\s+|had\s+)?(?:praised|praises|condemned|condemns|critici[sz]ed|critici[sz]es|denounced|denounces|called\s+for|"
                     r"disputed|disputes|thanked|congratulated))(?=\s+(?:the|a|an|this|that|these|those|its|his|her|their|our|such)\b)"
                     r"|\b(?P<evidence>(?:has\s+|have\s+|had\s+)?(?:pointed|points)\s+to)(?=\s+(?:[\w-]+\s+){0,4}?(?:study|studies|data|figures|report|survey|research|evidence|statistics|records?|memo|poll|numbers|rise|increase|decline|fall|drop|surge|jump)\b)"
                     r"|\b(?P<forecast>forecast|forecasts|projected)(?=\s+(?:[\w-]+\s+){0,3}?(?:revenue|sales|growth|profits?|earnings|inflation|output|demand|losses?|income|deficit)\s+(?:of|at|to)\s)"
                     r"|\b(?P<estimate>(?:has\s+|had\s+)?put)(?=\s+(?:the|its|their|his|her)\s+(?:[\w-]+\s+){0,3}?(?:toll|number|figure|cost|costs|damage|crowd|bill|price|value|total|turnout|losses?|count|size)"
                     r"(?:\s+(?:of|for)\s+(?:the\s+)?[\w-]+)?\s+(?:at|closer\s+to|near|around)\s+(?:about\s+|more\s+than\s+|less\s+than\s+)?(?:[A-Z]{0,3}[$£€]|\d))", re.I)
"""A stance on a decision is a voice in news copy ("Rights groups welcomed the ruling", "The union called for an inquiry"),
and so is an estimate ("The campaign put the figure at more than 100,000"): the subject speaks, though no words are
quoted."""
_STANCE_STEMS = re.compile(r"welcom|prais|condemn|critici|denounc|applaud|call|disput|point|thank|congratul|\bput\b|forecast|project")
"""Cheap test before `_STANCE`: most sentences hold none of its verbs."""
_CLAUSE_ONLY = re.compile(r"(?:" + "|".join(lexicons.CLAUSE_ONLY_VERBS + lexicons.CLAUSE_ONLY_PHRASES) + r")", re.I)
_REPORTED_CLAUSE = re.compile(r"\s*(?:that\b|about\b|[:,.!?“\"‘']|on\s[^.]{0,60}?,\s+(?:saying|calling|arguing|adding|writing)\b)")
"""What follows a verb of `lexicons.CLAUSE_ONLY_VERBS` when it reports speech: "joked that", "joked about", "tweeted:", "weighed in on
X, saying", or the end of a tag after a quotation ("..., the coach quipped.")."""
_QUOTED = re.compile(r"“[^”\"]*?(?:”|\"|’\s?’|'\s?'|$)|\"[^\"]*(?:\"|$)|«[^»]*(?:»|$)|„[^“”]*(?:[“”]|$)")
_OWNER = re.compile(r"^\s*((?:the\s+)?[\w.&\- ]+?)['’]s\s+(?:own\s+)?(?:account|statement|summary|report|version|figures|data|website|filing|announcement|release|findings|estimate|estimates|analysis|letter|records)\b", re.I)
_PARTY = re.compile(r"^[RDI]-[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?$")  # "R-Neb.", "D-Kansas City"
_CUE_TAIL = re.compile(r"^(?:[^.;:!?\"“”]{0,80}?\bthat\b)", re.I)
_CLAUSE_BREAK = re.compile(r"[,;:—–()\"“”]|\b(?:and|but|while|although|though|because|as|which|who|when|after|before|if|(?<!has )(?<!have )(?<!had )since|whereas)\b", re.I)
"""Where a clause starts; "since" after "has"/"have"/"had" is an adverb ("Big Machine have since denied")."""
_ROLE_WORDS = {w for w in lexicons.OFFICIAL_ROLES + lexicons.COMMENTATOR_ROLES if " " not in w}
_RELATIONS = lexicons.ROLE_HEADS | lexicons.VAGUE_HEADS | {"widow", "widower", "wife", "husband", "cousin", "uncle", "aunt", "nephew", "niece",
                                                            "grandmother", "grandfather", "fiancee", "fiancée", "girlfriend", "boyfriend", "co-chair"}
"""Who someone is to another ("his brother", "Mutua's widow", "its former IT manager"): a name after it in commas is theirs."""
_ROLE_OR_RELATION = _ROLE_WORDS | _RELATIONS


def _ends_in_role(phrase: str) -> bool:
    """The phrase ends in a role or a relation ("its director", "his sister", "The first witness"): a name after it in
    commas is the speaker's."""
    words = phrase.split()
    return bool(words) and words[-1].lower().strip(".,") in _ROLE_OR_RELATION


_DETERMINERS = {"the", "a", "an", "its", "his", "her", "their", "our", "this", "that", "these", "those", "some", "many", "several", "two", "three", "one", "another", "both", "all", "most", "other"}


@dataclass
class Cue:
    cue: Span
    source: Span | None
    """The speaker as written; may be a pronoun or a generic head ("the ministry")."""
    context: str
    """Text around the source (appositive) used to guess the source's role."""


def _span(text: str, start: int, end: int) -> Span:
    while start < end and text[start] in " ,": start += 1
    while end > start and text[end - 1] in " ,": end -= 1
    return Span(start, end, text[start:end])


_AUXILIARIES = {"was", "were", "is", "are", "been", "be", "being", "has", "have", "had", "will", "would", "it's", "there", "this", "that", "which",
                "did", "does", "do", "can", "could", "should", "may", "might", "must", "not", "never"}


def _auxiliary(words: list[str], i: int) -> bool:
    """ "was", "has", "will": a verb, so no speaker phrase; not the first name in "Will Dean"."""
    word = words[i].strip(",.")
    return word.lower() in _AUXILIARIES and not (word[:1].isupper() and i + 1 < len(words) and words[i + 1][:1].isupper())


_PLURAL_SPEAKERS = lexicons.ALWAYS_UNNAMED_HEADS | {h for h in lexicons.VAGUE_HEADS if h.endswith("s")}


def plausible_np(words: list[str]) -> bool:
    """A speaker phrase: short, no verb, opening with a name, a pronoun, a determiner or a role word."""
    if not 1 <= len(words) <= 10 or any(_auxiliary(words, i) for i in range(len(words))):
        return False
    first = words[0].strip("“”\"'’").lower()
    if first in lexicons.PRONOUNS or first in _DETERMINERS:
        return True
    if words[0][:1].isupper():
        return True
    if len(words) >= 3 and words[0].isalpha() and not _verb_form(words[0]) and all(w[:1].isupper() for w in words[-2:]):
        return True  # "commuter Nadia El Amrani", "pensioner Malika Yusupova": a lowercase role before a name
    lowered = {w.lower().strip(",.") for w in words}
    return bool(lowered & _ROLE_WORDS) or first in _PLURAL_SPEAKERS  # "rights groups", "people familiar with", "executives of both companies"


def _negated(text: str, verb_start: int) -> bool:
    before = text[max(0, verb_start - 16) : verb_start].lower()
    return any(before.rstrip().endswith(n) for n in lexicons.NEGATIONS)


_DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]+(?:,\s+[A-Z][a-z]{1,5}\.?)?(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?(?:\s*\([^)]*\))?\s*[—–-]\s*")
"""A dateline before the sentence proper: "PARIS —", "WASHINGTON (Reuters) -", "TOPEKA, Kan. —", "GENEVA, Nov. 21 (Wire) —"."""


def _strip_lead_in(text: str, start: int, end: int) -> int:
    """Skip leading discourse words and a dateline ("However,", "On Monday,", "PARIS —")."""
    chunk = text[start:end]
    dash = _DATELINE.match(chunk)
    if dash:
        return start + dash.end()
    lead = re.match(r"^(?:[A-Z]\w*(?:\s+[\w’'-]+){0,7},\s+)", chunk)
    if lead and lead.group(0).split()[0].lower() in lexicons.LEAD_INS:
        return start + lead.end()
    return start


def cue_span(text: str, verb_start: int, verb_end: int) -> Span:
    tail = _CUE_TAIL.match(text[verb_end:])
    end = verb_end + tail.end() if tail else verb_end
    return Span(verb_start, end, text[verb_start:end])


_INNER_NAME = re.compile(r"\b(?:by|from|of)\s+((?:the\s+)?[A-Z][^,;:]*?)$")
_TRAILING = re.compile(r"(?:\s+(?:on|in|at|last|this|earlier|late)\s+[\w ,]{1,25}|\s+(?:also|further|later|then|again|previously|too|now|still|flat-out|long|repeatedly|twice|publicly|privately|openly|initially|originally|since|already|consistently|strongly|flatly|vehemently|has|have|had)"
                       r"|\s+(?:was|were|is|are)\s+quoted(?:\s+by\s+[\w .’'-]+?)?\s+as)+$", re.I)
_QUOTED_AS = re.compile(r"\s+(?:was|were|is|are|has\s+been|had\s+been)\s+(?:also\s+)?quoted(?:\s+(?:by|in)\s+[^,;]+?)?\s+as\s+$", re.I)
_QUOTING = re.compile(r"\bquot(?:ed|es|ing)\s+(?P<np>(?:a|an|the|its|one|two|three|[A-Z])[^,;]{0,80}?)\s+as\s+$")
"""Wire copy's reported speech: "X was quoted as saying", "the agency quoted a military spokesman as saying"."""
_CITING = re.compile(r"\b(?:citing|quoting)\s+((?:the\s+|a\s+|an\s+|two\s+|three\s+|its\s+)?[^,.;]+?)(?=,|\s+that\b|\s+as\s+saying|\.|$)", re.I)
_IN_VIEW = re.compile(r"\b[Ii]n\s+(his|her|their)\s+(?:view|opinion|experience|words|estimation|assessment)\b")


def quoted_ranges(text: str, inside_quote: bool) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks; a sentence that starts inside a quotation is quoted up to its close."""
    ranges = []
    at = 0
    if inside_quote:
        close = min((i for i in (text.find("”"), text.find('"'), text.find("»")) if i >= 0), default=len(text))
        ranges.append((0, close))
        at = close + 1
    ranges += [(m.start() + at, m.end() + at) for m in _QUOTED.finditer(text[at:])]
    return ranges


def in_ranges(ranges: list[tuple[int, int]], at: int) -> bool:
    return any(a <= at < b for a, b in ranges)


def _according(text: str, quoted: list[tuple[int, int]]) -> Cue | None:
    match = _ACCORDING.search(text)
    if not match or in_ranges(quoted, match.start()):
        return None
    start, end = match.start(2), match.end(2)
    trailing = _TRAILING.search(text[start:end])
    if trailing and trailing.start() > 0:
        end = start + trailing.start()
    inner = _INNER_NAME.search(text[start:end])  # "an article released by the ministry" -> "the ministry"
    if inner:
        start = start + inner.start(1)
    owner = _OWNER.match(text[start:end])  # "the company's account" -> "the company"
    if owner:
        end = start + owner.end(1)
    source = _span(text, start, end)
    if not source.text:
        return None
    cue = Span(match.start(1), match.end(1), match.group(1))
    named = _NAME_CLOSING.match(text[end:])
    if named and _ends_in_role(source.text):
        name = named.group(1).rstrip(".")
        at = end + named.start(1)  # "..., according to his sister, Leila Sadeqi.": the name
        return Cue(cue, _span(text, at, at + len(name)), source.text + ", " + name)
    return Cue(cue, source, match.group(2))


_NAME_CLOSING = re.compile(r",\s+([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){1,3})\s*[.!?]?[”\"’]?\s*$")
"""A name that closes the sentence after a role or a relation ("..., according to his sister, Leila Sadeqi.")."""


_TIME_WORDS = {*lexicons.WEEKDAYS, "yesterday", "today", "tonight", "last", "this", "earlier", "later", "on", "in", "at", "during", "after", "before",
               "when", "while", "recently", "previously"}
"""Words that open a time, not a speaker, after an inverted tag's verb ("said Tuesday at the conference")."""


def _tag(text: str, quoted: list[tuple[int, int]]) -> Cue | None:
    for pattern in (_FINAL_TAG, _FINAL_INVERTED, _MID_TAG, _ANY_VERB_TAG):
        match = pattern.search(text)
        if not match or in_ranges(quoted, match.start("verb")):
            continue
        words = match.group("np").split()
        if words and words[0].lower() in _CONJUNCTIONS and pattern is _FINAL_TAG:
            # "Smith won the vote, and officials said ...": the conjunction opens a clause whose subject speaks
            words = words[1:]
            if plausible_np(words) and not _appositive(" ".join(words)) and not match.group("app"):
                return Cue(Span(match.start("verb"), match.end("verb"), match.group("verb")), _span(text, match.end("np") - len(" ".join(words)), match.end("np")), " ".join(words))
            continue
        if not plausible_np(words) or words[0].lower() in _PREPOSITIONS:
            continue
        if pattern is not _FINAL_INVERTED and _described_thing(text, match.start("verb")):
            continue  # "..., a deal announced at the end of the year.": the deal, described
        if pattern is not _FINAL_INVERTED and any(_speech_word(words, i) for i in range(1, len(words))):
            continue  # "..., Smith admitted to the affair, saying ...": a clause with its own verb, not a tag's speaker
        if pattern is _FINAL_INVERTED and words[0].lower().strip(",.") in _TIME_WORDS:
            continue  # "said Tuesday at the conference": when, not who
        if pattern is _FINAL_INVERTED and any(w.lower().strip(",.") in _FINITE or _past_verb(words, i) for i, w in enumerate(words[1:], 1)):
            continue  # "said the testimony left the question unanswered": the reported clause, not an inverted speaker
        np_end = match.end("np")
        if (trailing := _TRAILING.search(match.group("np"))) and trailing.start() > 0:
            np_end = match.start("np") + trailing.start()  # "the source further claimed": the source
        source = _span(text, match.start("np"), np_end)
        verb = Span(match.start("verb"), match.end("verb"), match.group("verb"))
        app = (match.groupdict().get("app") or "").strip(" ,")
        named = _name_after_role(app)
        if pattern is not _FINAL_INVERTED and named and not (_looks_like_name(source.text) and source.text.split()[-1][:1].isupper()) and _ends_in_role(source.text):
            at = match.start("app") + match.group("app").index(named)  # "..., its director, Joanna Price, said.": the name
            return Cue(verb, _span(text, at, at + len(named)), source.text + ", " + app)
        if pattern is not _FINAL_INVERTED and (_appositive(source.text) or app):
            found = _subject_before_appositives(text, text[: match.start("verb")])
            opens_piece = found is not None and re.search(r"(?:^|[,;:—–(“\"]\s*)$", text[: found[0]]) is not None
            quantified = re.match(r"(?:one|two|three|four|several|some|many|most|both|all|each)\s+of\b", source.text, re.I)
            if found and opens_piece and not quantified and plausible_np(found[1].split()) and not _appositive(found[1]) and _subject_like(found[1]):
                h_start, head, context = found
                return Cue(verb, _span(text, h_start, h_start + len(head)), context)
            if _appositive(source.text) and not _subject_like(source.text):
                continue  # "R-Neb.", "speaking on condition of anonymity": no speaker of its own
            inner = _clause_subject(text[: match.start()], quoted, speech_only=True) if _appositive(source.text) else None
            if inner is not None and _opens_reported_speech(text, inner.cue.end):
                continue  # "The officials said ..., the agency added": the main clause's speaker, the tag a relay
        if pattern is _FINAL_INVERTED and app and _looks_like_name(app) and not _looks_like_name(source.text):
            # "said the union's president, Juana Villagran."
            at = match.start("app") + match.group("app").index(app)
            return Cue(verb, _span(text, at, at + len(app)), source.text + ", " + app)
        if pattern is _FINAL_TAG and _role_opens(text[: match.start()]):
            return Cue(verb, source, text[: match.start()].strip() + ", " + source.text)  # "Its chief executive, Rosa Lind, said ..."
        return Cue(verb, source, source.text + (", " + app if app else ""))  # role words after the verb say nothing about the speaker
    return None


_PARTICIPLE_ADJECTIVES = {"named", "based", "called", "quoted", "identified", "described", "involved", "concerned", "retired", "elected", "appointed",
                          "unnamed", "detained", "jailed", "accused", "charged", "related", "affected", "displaced", "funded", "commissioned",
                          "sponsored", "published", "released", "led", "conducted", "owned", "listed", "registered", "licensed", "trained"}


def _past_verb(words: list[str], i: int) -> bool:
    """ "the size of the revision mattered": a verb in -ed after a noun, so a clause (not "a man named", "a spokesman
    based in", "who asked")."""
    word, before = words[i].strip(",."), words[i - 1].lower().strip(",.")
    return (i >= 2 and word.islower() and word.endswith("ed") and word not in _PARTICIPLE_ADJECTIVES
            and before not in {"who", "that", "which", "not", "be", "been", "was", "were", "is", "are", "has", "have", "had", "and", "or"})


def _speech_word(words: list[str], i: int) -> bool:
    """Whether words[i] is a speech verb (`_CLAUSE_VERB`, which reads the next word too: not the "think" of "think tank")."""
    verb = _CLAUSE_VERB.match(" ".join(w.strip(",.") for w in words[i : i + 2]))
    return verb is not None and verb.end() == len(words[i].strip(",."))


_CONJUNCTIONS = {"and", "but", "while", "as", "because", "though", "although", "so"}
_PREPOSITIONS = {"in", "on", "at", "by", "for", "with", "from", "to", "of", "during", "after", "before", "under", "over"}


def _role_opens(before: str) -> bool:
    """The sentence opens with a short role phrase before the name ("Its chief executive", "The union's leader"),
    not with the claim ("The president lied to the country, Jane Roe said")."""
    words = [w.strip(".,'’").lower() for w in before.split()]
    words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words]
    return 1 <= len(words) <= 5 and words[-1] in _ROLE_WORDS and not _CLAUSE_MARKERS.search(before)


_APPOSITIVE_OPENERS = _DETERMINERS | {"who", "whose", "which", "where", "former", "chief", "head", "also", "now", "then", "once"}


_FINITE = {"said", "says", "told", "won", "lost", "made", "took", "gave", "found", "left", "met", "ran", "set", "put", "hit", "cut", "sent", "sold",
           "bought", "paid", "held", "kept", "led", "fell", "rose", "grew", "is", "are", "was", "were", "has", "have", "had", "will", "would"}
"""Verbs that end no "-ed": a phrase holding one is a clause, not a speaker ("The team won the cup")."""


def _subject_like(piece: str) -> bool:
    """A speaker phrase that can head a tag: a name, a pronoun, a short determiner phrase ("the Justice Ministry",
    "the regulator") or a role; not the claim before the tag ("Japan executed two men ...")."""
    words = piece.split()
    if not words:
        return False
    first = words[0].lower()
    return (_looks_like_name(piece) or (len(words) == 1 and first in lexicons.PRONOUNS)
            or (first in _DETERMINERS and len(words) <= 6 and not any(_verb_form(w) or w.lower() in _FINITE for w in words[1:]))
            or (len(words) <= 3 and words[-1].lower().strip(".,") in _ROLE_WORDS and not _verb_form(words[0])))


def _name_after_role(app: str) -> str | None:
    """The name in an appositive: all of it ("Carla Dunphy"), or what follows its role words ("league president Carla
    Dunphy", "nurse Jane Otieno")."""
    if not app:
        return None
    if _looks_like_name(app):
        return app
    words = app.split()
    lead = next((i for i, w in enumerate(words) if w[:1].isupper()), 0)
    if 0 < lead <= 3 and all(w.islower() for w in words[:lead]) and words[lead - 1] in _ROLE_WORDS and _looks_like_name(" ".join(words[lead:])):
        return " ".join(words[lead:])
    return None


def _looks_like_name(piece: str) -> bool:
    words = [w for w in piece.split() if w[:1].isalpha()]
    return bool(words) and words[0][:1].isupper() and sum(w[:1].isupper() for w in words) >= max(1, len(words) - 1)


def _appositive(piece: str) -> bool:
    """ "R-Neb.", "who is also ...", "the agency's chief", "CEO of Take-Two", "Apple's chief executive"."""
    words = piece.split()
    if not words:
        return False
    first = words[0].lower()
    if first in _AUXILIARIES:
        return False  # "Moss, who ..., was not injured, the league said": a predicate, not a description of Moss
    if first == "the" and len(words) >= 3 and all(w[:1].isupper() or w.lower() in {"of", "for", "and", "&"} for w in words[1:]):
        return False  # "the Northern Press Association": a name
    if _PARTY.match(piece.strip()) or first in _APPOSITIVE_OPENERS or words[0][:1].islower() or first.isdigit():
        return True
    if len(words) >= 2 and words[0].endswith(("'s", "’s")) and all(w[:1].islower() for w in words[1:]):
        return True  # "Marchetti's longtime bandleader"
    lowered = {part for w in words for part in [w.lower().strip(".,"), *w.lower().strip(".,").split("-")]}  # "vice-president"
    has_role = bool(lowered & (_ROLE_WORDS | {"head"}))  # "Orbis's head of public affairs"
    return has_role and (bool(lowered & {"of", "at", "for"}) or any(w.endswith(("'s", "’s")) for w in words))


_CLAUSE_MARKERS = re.compile(r"\b(?:that|had|has|have|was|were|is|are|been|would|will|could|after|before|because|when|while)\b", re.I)


def _clause(piece: str) -> bool:
    """A clause of the reported speech, not an appositive of the speaker ("quit after feeling he had been ...")."""
    words = piece.split()
    if len(words) < 4 or not words[0][:1].islower() or words[0].lower() in _APPOSITIVE_OPENERS or words[0].lower() in _ROLE_WORDS:
        return False  # "who is also a SoftBank executive", "a professor at Z who has studied it" describe the speaker
    return bool(_CLAUSE_MARKERS.search(piece))


def _inside_name(left: str, brk: re.Match) -> bool:
    """An "and" between capitalised words ("the Association of Cities and Counties"): part of a name, no clause break."""
    if brk.group(0).lower() != "and":
        return False
    before, after = left[: brk.start()].split()[-1:], left[brk.end() :].split()[:1]
    return bool(before and after and before[0][:1].isupper() and after[0][:1].isupper())


def _last_break(left: str) -> int:
    """Where the clause that ends `left` starts: after its last comma, dash, quote or conjunction (0 if none)."""
    return max((brk.end() for brk in _CLAUSE_BREAK.finditer(left) if not _inside_name(left, brk)), default=0)


def _subject_before_appositives(text: str, left: str) -> tuple[int, str, str] | None:
    """ "Sen. Ben Sasse, R-Neb., said" / "Its chief executive, Graham Toller, said": (start, head, context)."""
    if dateline := _DATELINE.match(left):
        left = " " * dateline.end() + left[dateline.end() :]  # "TOPEKA, Kan. — Gov. ...": the dateline's comma parts nothing
    pieces = [p for p in re.split(r",(?!\d{3})\s*", left.rstrip().rstrip(",")) if p.strip()]  # not the comma of "$50,000"
    last = pieces[-1].strip() if pieces else ""
    if len(pieces) >= 2 and _clause(pieces[-2]) and last.split()[0].lower() in _DETERMINERS and len(last.split()) <= 5:
        # "Ruiz quit after feeling he had been passed over, the ministry explained": the ministry speaks
        return left.rfind(last), last, last
    n_app = 0
    while n_app < min(3, len(pieces) - 1) and _appositive(pieces[len(pieces) - 1 - n_app]):
        n_app += 1
    if n_app == 0:
        # "Its chief executive, Graham Toller, said": a role, then the name
        if len(pieces) >= 2 and _appositive(pieces[-2]) and _looks_like_name(pieces[-1]):
            head = pieces[-1]
            return left.rfind(head), head, pieces[-2] + ", " + head
        return None
    head = pieces[-1 - n_app]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    if breaks:
        head = head[breaks[-1].end() :]
    head = head.strip()
    if not head or _verb_form(head.split()[0]):
        return None  # "Asked why, a spokesman who ... said": the opener is no subject
    h_start = left.rfind(head, 0, left.rfind(pieces[-n_app]))
    context = ", ".join([head.strip()] + pieces[len(pieces) - n_app :])
    named = _name_after_role(pieces[-1].strip())
    if n_app == 1 and named and named != pieces[-1].strip() and _ends_in_role(head):
        return left.rfind(named), named, context  # "The first witness, league president Carla Dunphy, testified": the name
    return h_start, head, context


_RELATIVE = re.compile(r"\b(?:who|which|that)\b", re.I)
_THAT_VERB = re.compile(r"\s+(?!(?:the|a|an|this|these|those|its|his|her|their|our|it|he|she|they|we|i|you|there|is|are|was|were)\b)[a-z]+\b")
"""A subject relative ("that seek", "that have pushed"): a verb after "that", not the subject of an object relative."""
_BE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s*$", re.I)
_PAST = re.compile(r"(?:ed|said|told|wrote)(?:\s+foul)?$", re.I)
_ONE_WORD_CLAUSE = re.compile(r"(?!(?:said|told|wrote|added|stated|claimed|reported|announced|warned|noted)$)(?:[a-z]+ed|fled|left|ran|hid|fought|stood|lost|won|came|went)")
"""A relative clause of one past verb before the speech verb ("A trader who survived told reporters", "Residents who
fled said"); not a speech verb ("people who said ...")."""


def _relative_subject(text: str, left: str, verb: str) -> tuple[int, str, str] | None:
    """ "A neighbour who lives opposite, and who asked not to be named, said": the noun the relative clause describes.

    Not when the speech verb opens the relative clause or is coordinated inside it ("a man who said he was a
    doctor", "a minister who had championed the plan and promised"); without a comma to close the clause, only
    a verb in the past ("an official who was not authorised to speak said", not "who studies heat stress").
    The first "who" that follows a subject counts ("Asked who was responsible, a spokesman who ... said").
    """
    for relative in _RELATIVE.finditer(left):
        clause = left[relative.end() :]
        if relative.group(0).lower() == "that" and (not _THAT_VERB.match(clause) or _BE_BEFORE.search(left)):
            continue  # "Groups that monitor elections said"; not "noticed that a consignment", "a share that the government"
        if (len(clause.split()) < 2 and not _ONE_WORD_CLAUSE.fullmatch(clause.strip())) or re.search(r"\b(?:and|but|or)\s*$", clause):
            return None
        if not clause.rstrip().endswith(",") and not _PAST.search(verb):
            return None
        before = left[: relative.start()].rstrip(" ,")
        start = _strip_lead_in(text, _last_break(before), len(before))
        head = before[start:].strip()
        if not _subject_phrase(head):
            continue  # "Asked who ...", "replacing a minister who ...": no subject before this "who"
        h_start = before.index(head, start)
        name = re.search(r"(?:^|[,;:—–(]\s*)([^,;:—–(]+?),\s*$", before[:h_start])
        if name and head.split()[0].lower() in _DETERMINERS and _all_capitalised(name.group(1)):
            h_start, head = name.start(1), name.group(1).strip()  # "Dimash Kuanyshev, an analyst who ..., argued": the name
        return h_start, head, left[h_start:].strip(" ,")
    return None


_NAME_AT_END = re.compile(r"([A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){1,3})\s*$")


def _who_antecedent(text: str, at: int) -> tuple[int, str, str] | None:
    """ "The committee heard from Nadia Farouk, director of trade policy at X, who said ...": the person the
    relative clause that opens with the speech verb describes (the name, past one appositive)."""
    before = re.sub(r",?\s*who\s*$", "", text[:at])
    pieces = before.split(", ")
    piece = pieces[-2] if len(pieces) > 1 and _appositive(pieces[-1]) else pieces[-1]
    name = _NAME_AT_END.search(piece)
    if name is None or not _looks_like_name(name.group(1)) or _verb_form(name.group(1).split()[0]):
        return None
    start = before.rfind(piece) + name.start(1)
    return start, name.group(1), before[start:].strip()


def _research_team(np_text: str, trailing: re.Match) -> bool:
    """ "Analysts at Tagus Equity": the firm is part of the speaker, not a place or time to trim."""
    head = np_text[: trailing.start()].split()
    return bool(head) and head[-1].lower() in lexicons.RESEARCH_HEADS and trailing.group(0).split()[0].lower() == "at"


def _verb_form(word: str) -> bool:
    """ "Asked", "Speaking", "Despite": a sentence opener that is no name."""
    lowered = word.lower()
    return (len(lowered) > 4 and lowered.endswith(("ed", "ing")) and lowered not in _TITLE_ADJECTIVES) or lowered in _NOT_SUBJECT_OPENERS


_TITLE_ADJECTIVES = {"retired", "acting", "outgoing", "incoming", "embattled", "beleaguered", "ousted", "jailed", "disgraced", "departing",
                     "reigning", "founding", "celebrated", "detained"}
"""Words in -ed/-ing that say a person's standing before a title or a name ("Retired Maj. Gen. Peeter Lind", "Acting Mayor
Jo Lee"), not openers. Not "presiding", "visiting", "leading": those make a role with the noun that follows."""


_NOT_SUBJECT_OPENERS = set(lexicons.LEAD_INS) | {"despite", "unlike", "amid", "although", "though", "while", "when", "asked", "if", "because"}


def _subject_phrase(head: str) -> bool:
    """A speaker phrase that can stand before a relative clause: a name, a determiner phrase or a bare plural role."""
    words = head.split()
    if not words or _verb_form(words[0]) or not plausible_np(words):
        return False
    return head[:1].isupper() or words[0].lower() in _DETERMINERS or words[-1].lower() in _ROLE_WORDS


def _all_capitalised(piece: str) -> bool:
    words = [w for w in piece.split() if w.lower() not in {"de", "da", "van", "von", "al", "bin", "el", "del", "la", "le"}]
    return bool(words) and all(w[:1].isupper() for w in words) and not _verb_form(words[0])


_LEAD_NAME = re.compile(r"(?:[Tt]he\s+)?[A-Z][\w.’'&-]*(?:\s+(?:of\s+)?[A-Z][\w.’'&-]*){0,4}"
                        r"(?:(?:\s+(?:" + "|".join(sorted((w for w in _ROLE_WORDS if w.isalpha()), key=len, reverse=True)) + r")){1,2}\s+[A-Z][\w.’'&-]*(?:\s+[A-Z][\w.’'&-]*){1,3})?"
                        r"(?=(?:,[^,;:\"“”]{2,90},)?\s+[a-z])")
"""A name that opens a sentence, with a role between a body and the person ("Wild coach Bruce Boudreau")."""


_COMMA_PARTICIPLES = {"telling", "admitting", "acknowledging", "conceding", "stressing", "revealing", "alleging", "declaring", "predicting"}
"""Participles that speak only after a main clause and a comma ("..., admitting that"): not "The hospital stopped admitting patients"."""
_PARTICIPLES = {"saying", "adding", "arguing", "noting", "warning", "explaining", "insisting", "stating", "claiming"} | _COMMA_PARTICIPLES


_LEAD_BODY = re.compile(r"[Tt]he\s+(?:[a-z]+\s+)?(?:" + "|".join(sorted(lexicons.ORG_HEADS | {"league", "club", "team", "network", "studio", "airline", "carrier"})) + r")(?=\s+[a-z])")
"""A body named by its kind that opens the sentence ("The league also fined the Pilots $50,000, saying ...")."""


def _coordinated_subject(text: str, left: str, verb: str) -> tuple[int, str, str] | None:
    """ "Quill called the account 'rewriting history' and said she would ...", "Holt defended the plan, saying ...":
    the name that opens the sentence.

    Only a name (or "The" and a name) as the sentence's subject, and only for a speech verb right after
    "and" / "but" (or a participle after a comma) that closes no other clause ("Smith won, and officials
    said" has its own subject).
    """
    participle = verb.lower() in _PARTICIPLES and re.search(r"[^,\s]\s*,\s+$", left)
    if not participle and not re.search(r"[^,]\s+(?:and|but)\s+$", left):
        return None
    start = _strip_lead_in(text, 0, len(left))
    lead = _LEAD_BODY.match(text, start) or _LEAD_NAME.match(text, start)
    lead_words = lead.group(0).split() if lead else []
    if lead is None or lead_words[-1].lower() in _DETERMINERS or any(_verb_form(w) for w in lead_words[:2]):
        return None
    first = _CLAUSE_VERB.match(text, lead.end() + 1)
    if first and not (_CLAUSE_ONLY.fullmatch(first.group(0)) and not _REPORTED_CLAUSE.match(text, first.end())):
        return None  # "Smith said ... and added": the first verb already had its cue; not "Webb confessed to the affair, admitting"
    after = text[lead.end() : len(left)]
    app = re.match(r",([^,]+),", after)
    clause = after[app.end() :] if app else after
    if participle:
        clause = clause.rstrip().rstrip(",")
    if re.search(r",(?!\d{3})|[;:—–()]|\b(?:who|which|whom)\b", clause):
        return None  # "Lomax became secretary in July, replacing a minister who ... and promised": another clause speaks
    return lead.start(), lead.group(0), lead.group(0) + (", " + app.group(1).strip() if app else "")


def subject_name(text: str) -> tuple[str, int] | None:
    """The name that opens a sentence as its subject, after a dateline or lead-in ("MADRID (AFP) — Deportivo Almenar
    have signed ..."), and where it ends; None when the sentence opens otherwise."""
    start = _strip_lead_in(text, 0, len(text))
    lead = _LEAD_NAME.match(text, start)
    if lead is None or lead.group(0).split()[-1].lower() in _DETERMINERS or _verb_form(lead.group(0).split()[0]) or len(lead.group(0).split()) < 2:
        return None
    return lead.group(0), lead.end()


_REPORTED_OPENER = re.compile(r"\s*(?:that\b|[\"“'‘]|(?:he|she|they|it|we|i|his|her|their|its|the|a|an|this|these|there)\b|[A-Z])")


def _opens_reported_speech(text: str, verb_end: int) -> bool:
    """ "said it would", "said that", "said Nordhavn was": speech; not "reported revenue", "reports to a police station"."""
    return bool(_REPORTED_OPENER.match(text, verb_end) or _CUE_TAIL.match(text[verb_end:]))


_NOT_SPEAKERS = {"situation", "plan", "law", "bill", "rule", "rules", "recipe", "forecast", "price", "song", "film", "movie", "book", "ballot", "measure",
                 "trial", "paper", "photo", "video", "data", "storm", "weather", "economy", "market", "markets", "move", "deal", "decision", "case",
                 "process", "crisis", "event", "game", "match", "season", "show", "series", "novel", "play", "album", "exhibition", "project",
                 "deals", "plans", "measures", "changes", "cuts", "reforms", "policy", "policies", "agreement", "merger", "acquisition", "tariffs"}
"""Subjects that are things: a stance, view, finding or question is not theirs ("The situation called for", "The song asks")."""


_THING_PARTICIPLE = re.compile(r"\w+ed\s+(?:in|on|at|last|this|earlier|during|since|after|before|by|for|yesterday|today)\b", re.I)
"""A past participle after a thing, with a time or an agent after it: it describes the thing, nobody speaks."""
_THING_BEFORE = re.compile(r"(?:^|[,;:—–(“\"]\s*)(?:a|an|the|this|that|these|those|its|their|his|her)\s+(?:(?!of\b|who\b|that\b)[a-z][\w-]*\s+){0,2}"
                           r"(?:" + "|".join(sorted(_NOT_SPEAKERS)) + r")\s+$", re.I)
"""A thing that is the whole subject ("..., a deal announced"), not the object inside one ("Critics of the deal warned")."""


def _described_thing(text: str, verb_start: int) -> bool:
    """The verb at `verb_start` is a participle describing a thing ("a deal announced at the end of the year")."""
    return bool(_THING_PARTICIPLE.match(text, verb_start)) and bool(_THING_BEFORE.search(text[:verb_start]))


def _other_verbs(text: str, lowered: str) -> list:
    """Matches of the verbs that speak only in some frames (naming, viewing, stance, finding, asking), each kind
    read only when its stems occur."""
    verbs: list = []
    if any(stem in lowered for stem in ("call", "dub", "brand", "label", "hail")):
        verbs.append(m for m in _NAMING.finditer(text) if _NAMED_AS.match(text, m.end()) and not _A_NAME.match(text, m.end()))
    if any(stem in lowered for stem in (" see", " saw", " view", "regard", "consider", "dismiss", "reject", "characteri")):
        verbs.append(m for m in _VIEWING.finditer(text) if _VIEWED_AS.match(text, m.end()) and not _TIME_CLAUSE_AS.match(text, m.end()))
    if _STANCE_STEMS.search(lowered):
        verbs.append(_STANCE.finditer(text))
    if any(stem in lowered for stem in ("found", "find", "show")):
        verbs.append(_FINDING.finditer(text))
    if "ask" in lowered:
        verbs.append(_QUESTIONING.finditer(text))
    return verbs


def _clause_subject(text: str, quoted: list[tuple[int, int]], speech_only: bool = False) -> Cue | None:
    """The subject of the sentence's first verb that reports speech. `speech_only`: speech verbs alone, not the stances,
    views, namings, findings and questions (a main clause must say something to take over a tag: "Fans welcomed the team
    home, police said" is the police's)."""
    lowered = text.lower()
    verbs = [_CLAUSE_VERB.finditer(text)]
    if not speech_only:
        verbs += _other_verbs(text, lowered)
    # every kind of verb, in the order they stand, read lazily: the first that has a speaker wins
    for match in heapq.merge(*verbs, key=lambda m: m.start()) if len(verbs) > 1 else verbs[0]:
        v_start, v_end = match.start(), match.end()
        if _negated(text, v_start) or in_ranges(quoted, v_start):
            continue
        if text[v_start].isupper() and text[:v_start].strip(" \"“‘'([—–-"):
            continue  # "The United States maintains", "Consumer Reports found": part of a name, not the verb
        if _described_thing(text, v_start):
            continue  # "a deal announced at the end of the year", "the measures proposed last week": a participle
        if re.search(r"\b(?:its|his|her|their|our|my|the|these|those|a|an)\s+$", text[:v_start], re.I):
            continue  # "Its claims director", "the estimates": a noun after a determiner, not a verb
        if match.re is _CLAUSE_VERB and _CLAUSE_ONLY.fullmatch(match.group(0)) and not _REPORTED_CLAUSE.match(text, v_end):
            continue  # "Trump tweeted a photo", "The court affirmed the ruling": deeds
        if match.group(0).lower() in _COMMA_PARTICIPLES and not re.search(r",\s*$", text[:v_start]):
            continue  # "The hospital stopped admitting patients"
        left = text[:v_start]
        if quoting := _QUOTING.search(left):  # "the broadcaster quoted a fire service spokesman as saying"
            return Cue(cue_span(text, v_start, v_end), _span(text, quoting.start("np"), quoting.end("np")), quoting.group("np"))
        if passive := _QUOTED_AS.search(left):  # "The spokesman, Lt. Col. Stefan Ionescu, was quoted as saying"
            left = text[: passive.start()]
        if adverb := re.search(r",\s+(?:now|also|still|later|then|again|further|previously)\s+$", left):
            left = left[: adverb.start() + 1] + " "  # "Nigel Aske, who resisted a larger rise, now says"
        end = len(left)
        boundary = _last_break(left)
        if (conjunction := re.match(r"([A-Z][\w’'-]*)\s+and$", left[:boundary])) and not any(
                _verb_form(w) or w.lower() in _FINITE for w in conjunction.group(1).split()) and left[boundary:].lstrip()[:1].islower():
            boundary = 0  # "Experts and brokerages are of the view that ...": a subject of two nouns opens the sentence
        np_start = _strip_lead_in(text, boundary, end)
        np_text = text[np_start:end].rstrip()
        trailing = _TRAILING.search(np_text)
        if trailing and trailing.start() > 0 and not _research_team(np_text, trailing):
            np_text = np_text[: trailing.start()]
        context = np_text
        if not np_text and boundary > 0 and left.rstrip().endswith(","):
            found = _subject_before_appositives(text, left)
            if found:
                h_start, head, context = found
                np_start = _strip_lead_in(text, h_start, h_start + len(head))
                np_text = text[np_start : h_start + len(head)].strip()
        issued = _ISSUING.search(np_text)
        if issued:  # "The ministry issued a statement saying ...": the ministry speaks
            np_text = np_text[: issued.start()].rstrip()
            relative = re.search(r",\s*(?:which|who)\b[^,]*,\s*$", text[: np_start + issued.start()])
            if not np_text and relative:  # "The board, which runs the dams, issued a statement warning ..."
                np_start = _strip_lead_in(text, _last_break(text[: relative.start()]), relative.start())
                np_text = context = text[np_start : relative.start()].strip()
                np_start = text.index(np_text, np_start) if np_text else np_start
        words = np_text.split()
        if not np_text and (_opens_reported_speech(text, v_end) or match.group(0).lower() in _PARTICIPLES) and (
                found := _coordinated_subject(text, left, match.group(0))):
            np_start, np_text, context = found
            words = np_text.split()
        after_who = bool(re.search(r"\bwho\s*$", text[:np_start]))  # "Officials who spoke to the families warned"
        if (after_who or not plausible_np(words)) and (found := _relative_subject(text, left, match.group(0))):
            np_start, np_text, context = found
            words = np_text.split()
        elif after_who and not np_text and (found := _who_antecedent(text, np_start)):
            np_start, np_text, context = found
            words = np_text.split()
        if len(words) > 1 and words[-1] in {"he", "she"} and words[-2].lower() not in {"and", "or", "but"}:
            np_start, np_text = np_start + np_text.rindex(words[-1]), words[-1]  # "Outside the courtroom he said": a lead-in, then the speaker
            words, context = [np_text], np_text
        if not plausible_np(words) or words[-1].lower() in {"to", "of", "in", "on", "by", "for", "with", "not"} or _infinitive(words):
            continue
        if words[0].lower() in _PREPOSITIONS or words[0].lower() in {"today", "yesterday", "tonight"}:
            continue
        if _CLAUSE_ONLY.fullmatch(match.group(0)) and any(_past_verb(words, i) for i in range(1, len(words))):
            continue  # "The company raised its full-year (forecast).": a clause before a clause-only verb, not a speaker
        if match.re is not _CLAUSE_VERB and words[-1].lower().strip(",.") in _NOT_SPEAKERS:
            continue  # "The situation called for a quick response", "The film asks the audience": things do not speak
        if match.re is _FINDING:
            if not _RESEARCH_SUBJECT.search(np_text):
                continue  # "Police found the car": a finding speaks only for research
            np_start, np_text = _research_author(text, np_start, np_text)
        source = _span(text, np_start, np_start + len(np_text))
        return Cue(cue_span(text, v_start, v_end), source, context)
    return None


_QUESTIONING = re.compile(r"\b(?P<verb>(?:has\s+|have\s+|had\s+)?(?:asked|asks))\b(?=(?:\s+[\w’'.-]+){0,4}?\s+(?:whether|why|if|how|what|when|who)\b"
                          r"|\s+for\s+(?:the|a|an|its|their|more)\s+(?:[\w’'-]+\s+){0,3}?to\s+be\b|\s+(?:the|a|an|its|his|her|their|(?-i:[A-Z])[\w’']*)\s+(?:[\w’'-]+\s+){0,3}?to\s+[a-z])", re.I)
"""A question or a request ("Opposition MP Sunita Rao asked O'Halloran whether ...", "The union has asked for the rollout to
be paused", "... has asked the agency to delay it"): the asker speaks."""
_RESEARCH_HEADS = r"(?:study|studies|survey|research|report|review|analysis|poll|audit|trial|paper|investigation|inquiry|assessment|census)"
_FINDING = re.compile(r"\b(?P<verb>(?:has\s+|have\s+|had\s+)?(?:found|finds|showed|shows|shown))\b(?!\s+up\b)", re.I)
_RESEARCH_SUBJECT = re.compile(rf"\b{_RESEARCH_HEADS}(?:\s+(?:unit|team|group|arm|division))?(?:\s*$|,|\s+(?:by|of|from|led|published|released|conducted|carried|funded|commissioned|in|on)\b)", re.I)
"""The research word heads the subject ("A study by ...", "The survey, published ..."), not "Poll workers", "Research divers"."""
_RESEARCH_TAG = re.compile(rf",\s+(?P<np>(?:the|a|an|its|their|his|her|this|that)\s+(?:[\w-]+\s+){{0,2}}{_RESEARCH_HEADS})\s+(?P<verb>found|showed|shows|finds)[.!]?['\"”’]?\s*$", re.I)
"""Research speaks through its findings ("A study by economists at Leeds found", "..., the survey showed."): its authors
are the source, a study is not a deed."""


_STUDY_TAIL = r"published|released|conducted|carried\s+out|funded|commissioned|sponsored"
"""What may follow a study's subject before its verb ("A study by X published last year found"): not part of who speaks."""


def _research_author(text: str, start: int, np_text: str) -> tuple[int, str]:
    """Who a study speaks for: "A study by economists at Leeds" -> "economists at Leeds", "Her 2023 study" -> "Her";
    otherwise the study itself."""
    by = re.search(r"(?<!funded\s)(?<!commissioned\s)(?<!sponsored\s)(?<!paid\sfor\s)\bby\s+((?:the\s+)?(?:[A-Z]|[a-z]+\s+(?:at|from)\s+)[^,]*)", np_text)
    if by:
        author = re.split(rf"\s+(?:{_STUDY_TAIL}|for)\b", by.group(1))[0].strip()
        return start + by.start(1), author
    owner = re.match(r"(his|her|their|its)\s", np_text, re.I)
    if owner:
        return start, owner.group(1)
    return start, re.split(rf"\s+(?:{_STUDY_TAIL})\b", np_text)[0]


def _research_tag(text: str, quoted: list[tuple[int, int]]) -> Cue | None:
    """ "..., the study found.": the study speaks, as a tag."""
    match = _RESEARCH_TAG.search(text)
    if not match or in_ranges(quoted, match.start("verb")):
        return None
    return Cue(Span(match.start("verb"), match.end("verb"), match.group("verb")), _span(text, match.start("np"), match.end("np")), match.group("np"))


_ISSUED = r"\b(?:issued|released|published|put\s+out|posted|sent|filed|shared|circulated)\s+(?:a|an|its|his|her|their|the)\s+(?:[\w-]+\s+){{0,3}}?{head}s?\b"
_ISSUING = re.compile(r"(?:^|\s+)" + _ISSUED.format(head="(?:" + "|".join(sorted(lexicons.DOCUMENT_HEADS)) + ")") + r"$", re.I)
"""The document a subject put out, between it and the speech verb ("The ministry issued a statement saying")."""


def _infinitive(words: list[str]) -> bool:
    """ "its contractors to get a cost (estimate)", "to exchange (notes)": a verb's object, not a speaker phrase.
    Not "an adviser to president Lomax" or "the envoy to the region"."""
    lowered = [w.lower().strip(",.") for w in words]
    for i, word in enumerate(lowered[:-1]):
        after = lowered[i + 1]
        if word == "to" and words[i + 1][:1].islower() and after not in _DETERMINERS and after not in _ROLE_WORDS:
            if i + 2 == len(lowered) or lowered[i + 2] in _DETERMINERS:
                return True
    return False


def issuer_of(text: str, head: str) -> str | None:
    """Who a sentence says issued a document ("The ministry released a statement on Monday." -> "The ministry"):
    whom "the statement said" in the next sentence means."""
    for match in re.finditer(_ISSUED.format(head=re.escape(head)), text, re.I):
        start = _strip_lead_in(text, _last_break(text[: match.start()]), match.start())
        subject = text[start : match.start()].strip()
        words = subject.split()
        if words and plausible_np(words) and words[0].lower() not in _PREPOSITIONS and words[0].lower() not in lexicons.PRONOUNS:
            return subject
    return None


def find_cue(text: str, inside_quote: bool = False) -> Cue | None:
    """The attribution in a sentence, or None for an unattributed sentence.

    Speech verbs inside quotation marks are the speaker's words, not a cue; `inside_quote`
    says the sentence starts inside a quotation opened in an earlier sentence.
    """
    quoted = quoted_ranges(text, inside_quote)
    text = _ACRONYM_AFTER_NAME.sub(lambda m: " " * len(m.group()), text)  # same offsets, without the parenthesis
    return _according(text, quoted) or _tag(text, quoted) or _research_tag(text, quoted) or _clause_subject(text, quoted) or _in_view(text, quoted)


_ACRONYM_AFTER_NAME = re.compile(r"(?<=[a-z])\s\([A-Z][A-Z&]{1,8}\)(?=\s)")
"""A body's acronym after its name ("The National Union of Railworkers (NUR) said"): read as if it were not there, so the
parenthesis does not cut the speaker off its verb."""


def _in_view(text: str, quoted: list[tuple[int, int]]) -> Cue | None:
    """ "In her view, ..." : the pronoun's owner speaks."""
    match = _IN_VIEW.search(text)
    if not match or in_ranges(quoted, match.start()):
        return None
    return Cue(Span(match.start(), match.end(), match.group(0)), Span(match.start(1), match.end(1), match.group(1)), match.group(1))


_CITABLE = _ROLE_WORDS | lexicons.VAGUE_HEADS | lexicons.ORG_HEADS | set(lexicons.DOCUMENT_HEADS) | {"data", "figures", "records", "document", "documents", "sources", "survey", "study", "poll", "minutes"}


def cited_source(text: str) -> Cue | None:
    """The source a relay cites: "..., citing the General Staff, ..." -> the General Staff (decision 5)."""
    match = _CITING.search(text)
    if not match:
        return None
    start, end = match.start(1), match.end(1)
    inner = _INNER_NAME.search(text[start:end])  # "figures from the Interior Ministry" -> "the Interior Ministry"
    if inner:
        start += inner.start(1)
    source = _span(text, start, end)
    words = source.text.split()
    speaks = any(w[:1].isupper() for w in words) or {w.lower().strip(".,’'") for w in words} & _CITABLE
    return Cue(_span(text, match.start(), match.start(1)), source, source.text) if source.text and speaks else None  # not "citing weaker exports"
