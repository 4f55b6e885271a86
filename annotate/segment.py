"""Paragraphs and sentences with character offsets into the article text.

Sentence boundaries come from blingfire (measured best of pysbd, blingfire and
spaCy's sentencizer on tests/data/segmentation_cases.jsonl; see
bench/segmenters.py and docs/segmentation.md) with five repairs for what it
gets wrong in news copy: a missed split before a title ("... act. Mr. Varga")
or after a closing quotation ('... rain.” “We ...'), a quotation ending in ?"
or !" followed by a lower-case speech tag ("... end?" she asked.), a split
right after a title abbreviation ("Sen." / "Gen." + name), and one after a
name spelled with "!" ("E! News", "Yahoo! Finance").

No sentence is longer than `MAX_SENTENCE_CHARS`: a longer run of text without
sentence punctuation (a table flattened into one line, a scraped page, a
hostile input) is cut into pieces of at most that length, at the last space
before the limit, so the rules, the tokenizer and the model see bounded
input and memory stays flat per sentence whatever the input. Each piece is a
sentence of its own (same paragraph, exact offsets). The cut is not marked:
the Sentence record has no field for it, and adding one is a schema change.
"""

from __future__ import annotations

import re

import blingfire

from sourcelens.records import Article, Sentence

MAX_SENTENCE_CHARS = 1000
"""Longest sentence handed on (characters); longer ones are cut (see the module docstring). About
250 tokens, beyond what the model reads (it truncates its input), so real sentences are never cut."""

# Abbreviations that precede a capitalised name ("Sen. Haddad"). Not "No.", "Inc.", "Co.": after
# those a capital letter usually does start a new sentence ("Voters said no. The ministry ...").
TITLE_ABBREVIATIONS = frozenset("mr mrs ms dr prof sen rep gov gen col lt maj capt sgt cpl adm cmdr insp supt st vs rev hon pres".split())
_LAST_WORD = re.compile(r"([A-Za-z]+)\.\s*$")
_TITLE_START = re.compile(
    r"(?<=[a-z0-9%)]{2}[.!?])([\"”’]?)\s+(?=(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Maj|Capt|Sgt|St)\.\s+[A-Z])"
    r"|(?<=[a-z0-9%)]{2}[.!?][”\"])()\s+(?=[“\"‘]?[A-Z])"
)


_BANG_NAME = re.compile(r"(?<![\w-])(?:E|Yahoo)!\s*$")
"""Outlets spelled with "!" ("E! News", "Yahoo! Finance"): the mark ends no sentence. Not "Jeopardy!" or
"Hello!", which end sentences as often as they name a show or a magazine."""


def _needs_merge(previous: str, following: str) -> bool:
    first = following.lstrip()[:1]
    if first.islower() or first in ",;:)":
        return True
    if _BANG_NAME.search(previous):
        return True
    match = _LAST_WORD.search(previous)
    return bool(match and match.group(1).lower() in TITLE_ABBREVIATIONS and first.isupper())


def split_paragraph(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets inside one paragraph of text."""
    if not text.strip():
        return []
    _, offsets = blingfire.text_to_sentences_and_offsets(text)
    pieces = []
    for start, end in offsets:  # blingfire misses splits before "Mr. X" and after a closing quote
        at = start
        for match in _TITLE_START.finditer(text, start, end):
            pieces.append((at, match.start() + len(match.group(1) or "")))
            at = match.end()
        pieces.append((at, end))
    spans: list[list[int]] = []
    for start, end in pieces:
        if spans and _needs_merge(text[spans[-1][0] : spans[-1][1]], text[start:end]):
            spans[-1][1] = end
        else:
            spans.append([start, end])
    return [piece for a, b in spans for piece in cap_span(text, a, b)]


def cap_span(text: str, start: int, end: int, limit: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """(start, end) of text[start:end] cut into pieces of at most `limit` characters.

    Cuts at the last whitespace of each window (in its second half), else mid-word; the
    whitespace between two pieces belongs to neither.
    """
    pieces = []
    while end - start > limit:
        window = text[start : start + limit + 1]
        cut = max(window.rfind(" ", limit // 2), window.rfind("\t", limit // 2))
        cut = start + (cut if cut > 0 else limit)
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        pieces.append((start, piece_end if piece_end > start else cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-blank lines of the text, as (start, end) offsets with outer spaces trimmed."""
    out = []
    at = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            out.append((at + lead, at + lead + len(stripped)))
        at += len(line) + 1
    return out


def segment(article: Article) -> list[Sentence]:
    """Split an article into sentences; pre-split input keeps its segmentation exactly."""
    if article.sentences is not None:
        return _presplit(article)
    sentences: list[Sentence] = []
    for p_index, (p_start, p_end) in enumerate(_paragraphs(article.text)):
        for start, end in split_paragraph(article.text[p_start:p_end]):
            a, b = p_start + start, p_start + end
            sentences.append(Sentence(article.id, len(sentences), p_index, a, b, article.text[a:b]))
    return sentences


def _presplit(article: Article) -> list[Sentence]:
    sentences = []
    at = 0
    for text in article.sentences or []:
        start = article.text.find(text, at)
        if start < 0:  # text was not built from these sentences; offsets are then into the joined text
            start = at
        if len(text) <= MAX_SENTENCE_CHARS:
            sentences.append(Sentence(article.id, len(sentences), 0, start, start + len(text), text))
        else:  # kept exactly, except that an over-long one is cut like any other
            for a, b in cap_span(text, 0, len(text)):
                sentences.append(Sentence(article.id, len(sentences), 0, start + a, start + b, text[a:b]))
        at = start + len(text)
    return sentences


def presplit_article(article_id: str, sentences: list[str], title: str = "", metadata: dict | None = None) -> Article:
    """An Article from a `sentences` list, with text joined so offsets stay exact."""
    return Article(id=article_id, text=" ".join(sentences), title=title, metadata=metadata or {}, sentences=list(sentences))


def sentences_at(article: Article, bounds: list[tuple[int, int, int]]) -> list[Sentence]:
    """The sentences `segment` found earlier, rebuilt from their (paragraph, start, end) without segmenting again."""
    if article.sentences is not None:
        return _presplit(article)
    return [Sentence(article.id, i, p, a, b, article.text[a:b]) for i, (p, a, b) in enumerate(bounds)]
