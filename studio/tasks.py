"""Label Studio tasks and predictions from annotated sentences, and the way back.

One task per sentence. The task carries its sentence id (the key that makes
pushes idempotent and pulls joinable), the context an annotator needs, and
the classifier's context string so a correction can be trained on even when
its article is not in the corpus.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Sequence

from sourcelens.models.context import context_of
from sourcelens.records import LABELS, AnnotatedSentence, Article, RecordError, Span
from sourcelens.studio.interface import LABEL_CONTROL, NOTE_CONTROL, SENTENCE, SPAN_CONTROL, SPAN_LABELS, schema_label


def task_data(article: Article, rows: Sequence[AnnotatedSentence], position: int, contexts: Sequence[str] | None = None) -> dict[str, Any]:
    """The `data` of one sentence's task (what the labelling config shows, plus keys for the way back).

    `contexts`: the model's input context of every sentence (what `Backend.model_inputs` built);
    default the previous-sentence format.
    """
    row = rows[position]
    sentences = [r.sentence for r in rows]
    return {
        "sentence_id": row.sentence.id,
        "article_id": row.sentence.article_id,
        "index": row.sentence.index,
        "text": row.sentence.text,
        "headline": article.title or (sentences[0].text if sentences else ""),
        "previous": sentences[position - 1].text if position > 0 else "",
        "next": sentences[position + 1].text if position + 1 < len(sentences) else "",
        "context": contexts[position] if contexts is not None else context_of(sentences, position),
    }


def _span_result(span: Span, name: str, prefix: str) -> dict[str, Any]:
    return {
        "id": f"{prefix}-{name}",
        "from_name": SPAN_CONTROL,
        "to_name": SENTENCE,
        "type": "labels",
        "value": {"start": span.start, "end": span.end, "text": span.text, "labels": [name]},
    }


def prediction(row: AnnotatedSentence) -> dict[str, Any]:
    """A Label Studio prediction: the label choice, source and cue spans, the top score and the model version."""
    a = row.attribution
    result: list[dict[str, Any]] = [
        {"id": "pred-label", "from_name": LABEL_CONTROL, "to_name": SENTENCE, "type": "choices", "value": {"choices": [a.label]}}
    ]
    for name, span in (("source", a.source), ("cue", a.cue)):
        if span is not None:
            result.append(_span_result(span, name, "pred"))
    return {"model_version": row.model_version, "score": round(top_score(row), 4), "result": result}


# ---- choosing what to show people ------------------------------------------------------------


def margin(row: AnnotatedSentence) -> float:
    """Top score minus runner-up: small means the model hesitates."""
    top = sorted(row.attribution.scores.values(), reverse=True) if row.attribution.scores else [1.0]
    return top[0] - (top[1] if len(top) > 1 else 0.0)


def entropy(row: AnnotatedSentence) -> float:
    return -sum(p * math.log(p) for p in row.attribution.scores.values() if p > 0)


def usefulness(row: AnnotatedSentence) -> float:
    """Higher = more worth a human minute: low margin, high entropy, and rules/model disagreement."""
    a = row.attribution
    disagreement = 1.0 if a.baseline_label is not None and a.baseline_label != a.label else 0.0
    return (1.0 - margin(row)) + entropy(row) / math.log(len(LABELS)) + disagreement


PER_ARTICLE = 3
"""Default cap on one article's share of an uncertain selection (while other articles still have candidates)."""


def select_uncertain(rows: Sequence[AnnotatedSentence], limit: int, per_article: int = PER_ARTICLE) -> list[AnnotatedSentence]:
    """The `limit` most useful sentences of the whole batch, most useful first.

    Ranked over the batch, not taken in turns per article (turns fill the batch with sentences the model
    is sure of). For diversity an article gives at most `per_article` sentences while the cap still
    leaves enough candidates; when it does not, the next most useful sentences fill the batch regardless.
    """
    ranked = sorted(rows, key=usefulness, reverse=True)
    taken: dict[str, int] = defaultdict(int)
    chosen: list[AnnotatedSentence] = []
    for row in ranked:
        if len(chosen) < limit and taken[row.sentence.article_id] < per_article:
            taken[row.sentence.article_id] += 1
            chosen.append(row)
    if len(chosen) < limit:
        picked = {id(row) for row in chosen}
        chosen.extend([row for row in ranked if id(row) not in picked][: limit - len(chosen)])
        chosen.sort(key=usefulness, reverse=True)
    return chosen


def top_score(row: AnnotatedSentence) -> float:
    """The probability of the predicted label (what the pushed prediction's score says)."""
    a = row.attribution
    return float(a.scores.get(a.label, 1.0)) if a.scores else 1.0


# ---- reading results back ----------------------------------------------------------------------


@dataclass
class ReadResult:
    """What one annotation's (or prediction's) result says, in schema terms."""

    label: str | None
    source: Span | None
    cue: Span | None
    note: str


def read_result(result: Sequence[dict[str, Any]], sentence_text: str) -> ReadResult:
    """The label, spans and note of a Label Studio result; RecordError for an unknown label or a broken span."""
    label, spans, notes = None, {}, []
    for item in result:
        value = item.get("value", {})
        if item.get("from_name") == LABEL_CONTROL:
            choices = value.get("choices") or []
            if len(choices) != 1:
                raise RecordError(f"expected one label choice, got {choices!r}")
            label = schema_label(choices[0]) if isinstance(choices[0], str) else None
            if label is None:
                raise RecordError(f"unknown label {choices[0]!r}; expected one of {', '.join(LABELS)} (or its display name)")
        elif item.get("from_name") == SPAN_CONTROL:
            names = value.get("labels") or []
            if len(names) != 1 or names[0] not in SPAN_LABELS:
                raise RecordError(f"span labels {names!r} are not one of {', '.join(SPAN_LABELS)}")
            start, end = value.get("start"), value.get("end")
            if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(sentence_text):
                raise RecordError(f"{names[0]} span {start!r}..{end!r} is outside the sentence ({len(sentence_text)} characters)")
            if value.get("text") is not None and value["text"].strip() != sentence_text[start:end].strip():
                raise RecordError(f"{names[0]} span text {value['text']!r} is not the sentence's characters {start}..{end}")
            if names[0] in spans:
                raise RecordError(f"more than one {names[0]} span")
            spans[names[0]] = Span(start, end, sentence_text[start:end])
        elif item.get("from_name") == NOTE_CONTROL:
            notes.extend(value.get("text") or [])
    return ReadResult(label, spans.get("source"), spans.get("cue"), "\n".join(notes))


# ---- tasks imported by hand ----------------------------------------------------------------------


def is_sourcelens_task(data: dict[str, Any]) -> bool:
    """Whether a task's data came from `studio push` (it carries the sentence id that joins it to an article)."""
    return bool(data.get("sentence_id"))


def hand_task_sentence_id(project_id: int, task_id: int) -> str:
    """The sentence id of a task imported by hand (text only): a one-sentence article named after the project and task."""
    return f"studio-{project_id}-task-{task_id}#0"


def task_context(data: dict[str, Any]) -> str:
    """The classifier context a task gives its sentence: the pushed `context`, else a hand-imported task's `previous`, else none.

    The ML backend predicts from this context, so a correction of a hand-imported task trains on the input the model saw.
    """
    if isinstance(data.get("context"), str):
        return data["context"]
    previous = data.get("previous")
    return previous if isinstance(previous, str) and previous.strip() else ""
