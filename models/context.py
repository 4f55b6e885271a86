"""What the classifier sees: the sentence, paired with its context.

Continued accounts ("He added ...", a quotation carrying on) are decided by
the sentence before, and a paragraph break ends an account (guide decision
3), so the second text of the pair is the previous sentence, marked when a
new paragraph starts. Training and prediction both build pairs here.
"""

from __future__ import annotations

from typing import Sequence

from sourcelens.records import Sentence

HEADLINE = "[headline]"
NEW_PARAGRAPH = "[new paragraph]"


def context_of(sentences: Sequence[Sentence], position: int) -> str:
    sentence = sentences[position]
    if position == 0:
        return HEADLINE if len(sentences) == 1 or sentences[1].paragraph != sentence.paragraph else ""
    previous = sentences[position - 1]
    marker = f"{NEW_PARAGRAPH} " if previous.paragraph != sentence.paragraph else ""
    return marker + previous.text


def model_inputs(sentences: Sequence[Sentence]) -> list[tuple[str, str]]:
    """(sentence, context) for every sentence of one article: the classifier's input pairs."""
    return [(s.text, context_of(sentences, i)) for i, s in enumerate(sentences)]
