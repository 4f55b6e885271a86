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

from sourcelens.annotate import lexicons, signals
from sourcelens.annotate.cues import Cue, find_cue
from sourcelens.records import LABELS, Attribution, Sentence, Signals, Span

RULES_VERSION = "rules-1"
_TYPE_TO_LABEL = {"official": "official_claim", "commentator": "commentator_opinion", "media": "commentator_opinion", "unknown": "commentator_opinion"}
_WORD = re.compile(r"[\w'’\-]+")
_OPEN_QUOTES = "\"“"


def _has_role(lowered: str, words: set[str], roles: list[str]) -> bool:
    return any((role in lowered) if " " in role else (role in words) for role in roles)


def source_type(text: str) -> str:
    """Official, commentator or media, from role words in the source and its appositive."""
    lowered = text.lower()
    if any(m in lowered for m in lexicons.STATE_MEDIA):
        return "official"
    words = set(_WORD.findall(lowered))
    if _has_role(lowered, words, lexicons.COMMENTATOR_ROLES):
        return "commentator"
    if words & set(lexicons.MEDIA_WORDS):
        return "media"
    if _has_role(lowered, words, lexicons.OFFICIAL_ROLES):
        return "official"
    return "unknown"


@dataclass
class _Speaker:
    name: str
    type: str
    named: bool


@dataclass
class _ArticleState:
    """What the resolver remembers while it walks an article."""

    speakers: list[_Speaker] = field(default_factory=list)
    last: _Speaker | None = None
    last_paragraph: int = -1
    quote_open: bool = False

    def lookup(self, text: str) -> _Speaker | None:
        """An earlier speaker that `text` (a surname, "the ministry") refers back to."""
        words = [w.lower() for w in _WORD.findall(text) if w.lower() not in {"the", "a", "an", "its", "his", "her"}]
        if not words:
            return None
        for speaker in reversed(self.speakers):
            name_words = {w.lower() for w in _WORD.findall(speaker.name)}
            if words[-1] in name_words and speaker.named:
                return speaker
        return None


_INDEFINITE = {"a", "an", "some", "many", "several", "one", "two", "three", "various", "other", "unnamed", "anonymous"}


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


def _continues(text: str, paragraph: int, state: _ArticleState) -> bool:
    """A cue-less sentence that carries on the previous speaker's account (decisions 3 and 12).

    A pronoun or an explicit link continues the account even across a paragraph break (the
    project ruling); "He declined to ..." describes the source instead (decision 2).
    """
    if state.last is None:
        return False
    lowered = text.lower()
    if any(phrase in lowered for phrase in lexicons.NOT_SPEECH):
        return False
    if state.quote_open or (text[:1] in _OPEN_QUOTES and paragraph == state.last_paragraph):
        return True
    first = lowered.split(maxsplit=1)[0] if lowered else ""
    linked = lowered.startswith(lexicons.CONTINUATION_LINKS) or first in {"he", "she", "they"}
    return linked if paragraph == state.last_paragraph else lowered.startswith(lexicons.CONTINUATION_LINKS)


def _quote_balance(text: str, was_open: bool) -> bool:
    """Whether a quotation is still open after this sentence."""
    if text.count('"') % 2:
        return not was_open
    return int(was_open) + text.count("“") - text.count("”") > 0


def _resolve(cue: Cue, state: _ArticleState) -> _Speaker:
    written = cue.source.text if cue.source else ""
    first = written.split()[0].lower() if written else ""
    if first in lexicons.PRONOUNS and state.last is not None:
        return state.last
    kind = source_type(cue.context)
    earlier = state.lookup(written)
    if earlier is not None and (kind == "unknown" or len(written.split()) <= 3):
        return earlier
    speaker = _Speaker(written, kind, _is_named(written))
    state.speakers.append(speaker)
    return speaker


def _inner_source(text: str, cue: Cue) -> Cue | None:
    """Decision 5: in "X reports via foreign media that the ministry revealed ...", the ministry."""
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


def annotate_article(sentences: list[Sentence]) -> list[Attribution]:
    """Rules attribution for every sentence of one article, in order."""
    state = _ArticleState()
    out: list[Attribution] = []
    for sentence in sentences:
        text = sentence.text
        sig = Signals(hedges=signals.hedges(text), anonymous=signals.anonymous(text), relay=signals.relay(text))
        headline = sentence.index == 0 and (len(sentences) == 1 or sentences[1].paragraph != sentence.paragraph)
        cue = None if headline else find_cue(text)  # decision 7: the headline is the reporter's
        if cue is not None and cue.source is not None and (sig.relay or source_type(cue.context) == "media"):
            cue = _inner_source(text, cue) or cue  # decision 5: the original source, not the relay
        if cue is not None and cue.source is not None:
            speaker = _resolve(cue, state)
            label = _TYPE_TO_LABEL[speaker.type]
            sig.named_source = speaker.named
            attribution = Attribution(label, _one_hot(label), cue.source, speaker.name, speaker.type, cue.cue, sig, label)
            state.last, state.last_paragraph = speaker, sentence.paragraph
        elif _continues(text, sentence.paragraph, state):
            speaker = state.last
            label = _TYPE_TO_LABEL[speaker.type]
            sig.named_source = speaker.named
            attribution = Attribution(label, _one_hot(label), None, speaker.name, speaker.type, None, sig, label)
            state.last_paragraph = sentence.paragraph
        else:
            label = "reporter_statement"
            attribution = Attribution(label, _one_hot(label), signals=sig, baseline_label=label)
            if sentence.paragraph != state.last_paragraph:
                state.last = None
        state.quote_open = _quote_balance(text, state.quote_open)
        out.append(attribution)
    return out
