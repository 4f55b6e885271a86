"""The record types every stage speaks, defined once.

Offsets: `Sentence.start/end` index into `Article.text`; `Span.start/end`
index into the sentence's own text (that is what an annotator highlights in
Label Studio). Add `Sentence.start` to get article offsets.

Everything here is stdlib-only so the schema loads anywhere, including the
corpus checker run before the heavy dependencies are installed.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

LABELS: tuple[str, ...] = ("official_claim", "commentator_opinion", "reporter_statement")
"""The three labels of the labelling guide, in the order models emit scores."""

SOURCE_TYPES: tuple[str, ...] = ("official", "commentator", "media", "unknown")
"""Values of Attribution.source_type."""


Prediction = tuple[str, dict[str, float]]
"""A classifier's output for one sentence: the label and the probability of every label."""


class RecordError(ValueError):
    """A record that breaks the schema; the message says which field."""


def check_label(label: str) -> str:
    if label not in LABELS:
        raise RecordError(f"unknown label {label!r}; expected one of {', '.join(LABELS)}")
    return label


@dataclass(frozen=True)
class Span:
    """A character span inside one sentence's text."""

    start: int
    end: int
    text: str

    @classmethod
    def find(cls, sentence_text: str, needle: str | None) -> "Span | None":
        """Locate `needle` in the sentence (first whole-word match); None when there is nothing to find."""
        if not needle:
            return None
        whole = re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", sentence_text)  # "he" not inside "The"
        at = whole.start() if whole else sentence_text.find(needle)
        if at < 0:
            raise RecordError(f"span {needle!r} does not occur in sentence {sentence_text!r}")
        return cls(at, at + len(needle), needle)

    @classmethod
    def from_json(cls, data: dict | None) -> "Span | None":
        if data is None:
            return None
        return cls(int(data["start"]), int(data["end"]), str(data["text"]))


@dataclass
class Article:
    """An input article. `sentences` is set when the input came pre-split."""

    id: str
    text: str
    title: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    sentences: list[str] | None = None


@dataclass(frozen=True)
class Sentence:
    article_id: str
    index: int
    paragraph: int
    start: int
    end: int
    text: str

    @property
    def id(self) -> str:
        """Stable id used across Label Studio tasks, corpora and corrections."""
        return f"{self.article_id}#{self.index}"


@dataclass
class Signals:
    """Credibility signals carried by one sentence (spans are sentence offsets)."""

    hedges: list[Span] = field(default_factory=list)
    anonymous: list[Span] = field(default_factory=list)
    relay: list[Span] = field(default_factory=list)
    named_source: bool | None = None

    def names(self) -> list[str]:
        """Short tags for tables and CSV cells."""
        tags = []
        if self.hedges:
            tags.append("hedge")
        if self.anonymous:
            tags.append("anonymous")
        if self.relay:
            tags.append("relay")
        if self.named_source is True:
            tags.append("named_source")
        elif self.named_source is False:
            tags.append("unnamed_source")
        return tags

    @classmethod
    def from_json(cls, data: dict) -> "Signals":
        return cls(
            hedges=[Span.from_json(s) for s in data.get("hedges", [])],
            anonymous=[Span.from_json(s) for s in data.get("anonymous", [])],
            relay=[Span.from_json(s) for s in data.get("relay", [])],
            named_source=data.get("named_source"),
        )


INHERITED = Span(0, 0, "")
"""The span of a signal a sentence inherits from the account it continues (no words of its own carry it)."""


@dataclass
class Attribution:
    """Who speaks in a sentence, how it is signalled, and how far to trust it."""

    label: str
    scores: dict[str, float]
    source: Span | None = None
    source_name: str | None = None
    source_type: str | None = None
    cue: Span | None = None
    signals: Signals = field(default_factory=Signals)
    baseline_label: str | None = None
    """The rules backend's label, kept beside a model's label as a baseline column."""
    source_role: str | None = None
    """The speaker's fullest mention with the words that give its role ("Sen. Ben Sasse, R-Neb.",
    "Marcelo Claure, who is also a SoftBank executive"), wherever in the article it was made."""
    from_layout: bool = False
    """The speaker comes from the article's layout, not from this sentence's words: the text of a social-media post
    above its signature line ("— Jane Roe (@janeroe) November 1, 2019"), or a sentence inside a quotation opened in
    an earlier one (decision 12). The speaker speaks there, however the words read."""

    @classmethod
    def from_json(cls, data: dict) -> "Attribution":
        return cls(
            label=check_label(data["label"]),
            scores={k: float(v) for k, v in data.get("scores", {}).items()},
            source=Span.from_json(data.get("source")),
            source_name=data.get("source_name"),
            source_type=data.get("source_type"),
            source_role=data.get("source_role"),
            cue=Span.from_json(data.get("cue")),
            signals=Signals.from_json(data.get("signals", {})),
            baseline_label=data.get("baseline_label"),
        )


@dataclass
class AnnotatedSentence:
    """One output row: a sentence, its attribution, and the model that produced it."""

    sentence: Sentence
    attribution: Attribution
    model_version: str

    def to_json(self) -> dict[str, Any]:
        """The flat row written to JSONL (and flattened further for CSV/Parquet)."""
        s, a = self.sentence, self.attribution
        return {
            "article_id": s.article_id,
            "index": s.index,
            "paragraph": s.paragraph,
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "label": a.label,
            "scores": a.scores,
            "source": asdict(a.source) if a.source else None,
            "source_name": a.source_name,
            "source_type": a.source_type,
            "source_role": a.source_role,
            "cue": asdict(a.cue) if a.cue else None,
            "signals": asdict(a.signals),
            "baseline_label": a.baseline_label,
            "model_version": self.model_version,
        }

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> "AnnotatedSentence":
        sentence = Sentence(
            article_id=str(row["article_id"]),
            index=int(row["index"]),
            paragraph=int(row.get("paragraph", 0)),
            start=int(row.get("start", 0)),
            end=int(row.get("end", 0)),
            text=row["text"],
        )
        return cls(sentence, Attribution.from_json(row), str(row.get("model_version", "")))


@dataclass
class GoldSentence:
    """A human-labelled sentence: the unit of the corpus, datasets and corrections."""

    sentence: Sentence
    label: str
    source: Span | None = None
    source_name: str | None = None
    cue: Span | None = None
    rules: list[int] = field(default_factory=list)
    """Numbers of the labelling-guide decisions this sentence exercises."""
    signals: Signals | None = None
    """Gold credibility signals, or None when the sentence's article carries no signal annotation.
    An inherited signal (a continued unnamed or relayed account, no words of its own) is a zero-length
    span at offset 0 (`INHERITED`); `named_source` is derived: None for reporter_statement, else not anonymous."""

    def __post_init__(self) -> None:
        check_label(self.label)


@dataclass
class GoldArticle:
    article: Article
    sentences: list[GoldSentence]


def text_hash(text: str) -> str:
    """A sentence's identity by its words, across ids (the leak guard and corrections join on it)."""
    return hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:16]


def dumps(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False)


STARTS: tuple[str, ...] = ("prediction", "annotation", "blank")
"""How a human annotation began: from the model's pre-annotation, from another annotation, or empty."""


@dataclass
class HumanLabel:
    """One person's label for one sentence, with where it came from (a Label Studio pull)."""

    sentence_id: str
    annotator: str
    label: str
    text: str = ""
    source: Span | None = None
    cue: Span | None = None
    note: str = ""
    created_at: str = ""
    updated_at: str = ""
    lead_time: float | None = None
    """Seconds the annotator spent on the task."""
    shown_label: str | None = None
    """The pre-annotation the annotator saw, if any."""
    shown_model_version: str | None = None
    task_id: int | None = None
    annotation_id: int | None = None
    context: str = ""
    """The classifier's context for this sentence when it was pushed (so an article outside the corpus still trains)."""
    started_from: str | None = None
    """What the annotation began as (Label Studio's parent_prediction / parent_annotation): one of STARTS;
    None in snapshots pulled before it was recorded."""

    def __post_init__(self) -> None:
        check_label(self.label)
        if self.started_from is not None and self.started_from not in STARTS:
            raise RecordError(f"started_from {self.started_from!r}; expected one of {', '.join(STARTS)}")

    @property
    def accepted(self) -> bool | None:
        """Whether the model's pre-annotation was kept unchanged; None when the annotation did not start from it
        (a blank start or a copy of another annotation) or nothing was shown."""
        if self.shown_label is None or self.started_from not in (None, "prediction"):
            return None
        return self.shown_label == self.label

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "accepted": self.accepted}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "HumanLabel":
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        fields["source"] = Span.from_json(data.get("source"))
        fields["cue"] = Span.from_json(data.get("cue"))
        return cls(**fields)
