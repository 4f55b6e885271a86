"""Find the attribution cue and the source span inside one sentence.

Pure pattern matching, no context: `attribution.py` resolves pronouns and
continued accounts across sentences. Patterns, tried in this order:

1. "according to X" / "as reported by X"
2. sentence-final or mid-sentence tag: ", the ministry said." / ", said X." / "The plan, X said, would"
3. subject + speech verb at a clause start: "X (, appositive,) stated (to Y) that ..."
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sourcelens.annotate import lexicons
from sourcelens.records import Span

_VERB = r"(?:" + "|".join(sorted(set(lexicons.SPEECH_VERBS), key=len, reverse=True)) + r")"
_NP_WORD = r"[\w.’'\-&]+"
_NP = rf"(?:{_NP_WORD})(?:\s+{_NP_WORD}){{0,9}}"

_ACCORDING = re.compile(r"\b(according to|as reported by|as stated by|in the words of)\s+([^,.;:]+?)(?=,|\.|;|:|\s+that\b|$)", re.I)
_FINAL_TAG = re.compile(rf"(?:[,?!]['\"”’]?|['\"”’])\s+(?P<np>{_NP}?)\s+(?P<verb>{_VERB})(?P<tail>(?:\s+[^,.;!?\"“”]{{0,60}})?)[.!?]['\"”’]?\s*$", re.I)
_FINAL_INVERTED = re.compile(rf",\s+(?P<verb>said|says|added|adds|noted|explained|stated|wrote|warned|told)\s+(?P<np>{_NP}?)(?:,[^.]*)?[.!]['\"”’]?\s*$", re.I)
_MID_TAG = re.compile(rf",\s+(?P<np>{_NP}?)\s+(?P<verb>said|says|added|argued|noted|insisted|warned|believes|stated)\s*,", re.I)
_CLAUSE_VERB = re.compile(rf"\b(?P<verb>{_VERB})\b", re.I)
_CUE_TAIL = re.compile(r"^(?:[^.;:!?\"“”]{0,80}?\bthat\b)", re.I)
_CLAUSE_BREAK = re.compile(r"[,;:—–()\"“”]|\b(?:and|but|while|although|though|because|as|which|who|when|after|before|if|since|whereas)\b", re.I)
_ROLE_WORDS = {w for w in lexicons.OFFICIAL_ROLES + lexicons.COMMENTATOR_ROLES if " " not in w}
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


_AUXILIARIES = {"was", "were", "is", "are", "been", "be", "being", "has", "have", "had", "will", "would", "it's", "there", "this", "that", "which"}


def _plausible_np(words: list[str]) -> bool:
    """A speaker phrase: short, no verb, opening with a name, a pronoun, a determiner or a role word."""
    if not 1 <= len(words) <= 10 or any(w.lower().strip(",.") in _AUXILIARIES for w in words):
        return False
    first = words[0].strip("“”\"'’").lower()
    if first in lexicons.PRONOUNS or first in _DETERMINERS:
        return True
    if words[0][:1].isupper():
        return True
    lowered = {w.lower().strip(",.") for w in words}
    return bool(lowered & _ROLE_WORDS)  # "rights groups", "transport analysts": the head comes last


def _negated(text: str, verb_start: int) -> bool:
    before = text[max(0, verb_start - 16) : verb_start].lower()
    return any(before.rstrip().endswith(n) for n in lexicons.NEGATIONS)


def _strip_lead_in(text: str, start: int, end: int) -> int:
    """Skip leading discourse words and a dateline ("However,", "On Monday,", "PARIS —")."""
    chunk = text[start:end]
    dash = re.match(r"^[A-Z][A-Z .,'’-]+(?:\([^)]*\))?\s*[—–-]\s*", chunk)
    if dash:
        return start + dash.end()
    lead = re.match(r"^(?:[A-Z]\w*(?:\s+\w+){0,4},\s+)", chunk)
    if lead and lead.group(0).split()[0].lower() in lexicons.LEAD_INS:
        return start + lead.end()
    return start


def _cue_span(text: str, verb_start: int, verb_end: int) -> Span:
    tail = _CUE_TAIL.match(text[verb_end:])
    end = verb_end + tail.end() if tail else verb_end
    return Span(verb_start, end, text[verb_start:end])


_INNER_NAME = re.compile(r"\b(?:by|from|of)\s+((?:the\s+)?[A-Z][^,;:]*?)$")
_TRAILING = re.compile(r"(?:\s+(?:on|in|at|last|this|earlier|late)\s+[\w ,]{1,25}|\s+(?:also|further|later|then|again|previously|too))+$", re.I)


def _according(text: str) -> Cue | None:
    match = _ACCORDING.search(text)
    if not match:
        return None
    start, end = match.start(2), match.end(2)
    trailing = _TRAILING.search(text[start:end])
    if trailing and trailing.start() > 0:
        end = start + trailing.start()
    inner = _INNER_NAME.search(text[start:end])  # "an article released by the ministry" -> "the ministry"
    if inner:
        start = start + inner.start(1)
    source = _span(text, start, end)
    if not source.text:
        return None
    return Cue(Span(match.start(1), match.end(1), match.group(1)), source, match.group(2))


def _tag(text: str) -> Cue | None:
    for pattern in (_FINAL_TAG, _FINAL_INVERTED, _MID_TAG):
        match = pattern.search(text)
        if not match or not _plausible_np(match.group("np").split()):
            continue
        source = _span(text, match.start("np"), match.end("np"))
        verb = Span(match.start("verb"), match.end("verb"), match.group("verb"))
        return Cue(verb, source, source.text)  # role words after the verb say nothing about the speaker
    return None


def _clause_subject(text: str) -> Cue | None:
    for match in _CLAUSE_VERB.finditer(text):
        v_start, v_end = match.start(), match.end()
        if _negated(text, v_start):
            continue
        left = text[:v_start]
        boundary = 0
        for brk in _CLAUSE_BREAK.finditer(left):
            boundary = brk.end()
        np_start = _strip_lead_in(text, boundary, v_start)
        np_text = text[np_start:v_start].rstrip()
        trailing = _TRAILING.search(np_text)
        if trailing and trailing.start() > 0:
            np_text = np_text[: trailing.start()]
        context = np_text
        if not np_text and boundary > 0 and left.rstrip().endswith(","):
            # "X, an analyst at Y, said": the speaker precedes an appositive
            pieces = [p for p in re.split(r",\s*", left.rstrip().rstrip(",")) if p.strip()]
            if len(pieces) >= 2 and pieces[-1].split()[0].lower() in _DETERMINERS | {"who", "former", "chief", "head"}:
                head = pieces[-2]
                h_start = left.rfind(head, 0, left.rfind(pieces[-1]))
                np_start = _strip_lead_in(text, h_start, h_start + len(head))
                np_text = text[np_start : h_start + len(head)].strip()
                context = np_text + ", " + pieces[-1]
        words = np_text.split()
        if not _plausible_np(words) or words[-1].lower() in {"to", "of", "in", "on", "by", "for", "with", "not"}:
            continue
        source = _span(text, np_start, np_start + len(np_text))
        return Cue(_cue_span(text, v_start, v_end), source, context)
    return None


def find_cue(text: str) -> Cue | None:
    """The attribution in a sentence, or None for an unattributed sentence."""
    return _according(text) or _tag(text) or _clause_subject(text)
