"""What the classifier sees: the sentence, paired with a context string built from its article.

Formats (a model's `sourcelens.json` names the one it was trained on):

- ``previous-sentence``: the sentence before, marked when a new paragraph
  starts, or ``[headline]``. Decides continued accounts ("He added ...")
  from one neighbour only.
- ``previous-two``: the previous-sentence context, then ``[earlier]`` and
  the sentence before that (with its own paragraph mark): an account
  opened two sentences back ("According to police, ...") is still in view.
  The nearer sentence comes first, so truncation cuts the older one.
- ``speaker-v1``: the article-level speaker tracker's reading of this
  sentence first (who speaks, the type the tracker gives the speaker, and
  whether the sentence names the speaker or continues an account or
  quotation; where it found no speaker, the last one it saw), then the
  previous-sentence context.
- ``speaker-v2``: as v1, with the speaker's fullest mention and the words
  that give its role ("Sen. Ben Sasse, R-Neb.", "Claure, who is also a
  SoftBank executive") wherever in the article they were written, so the
  model judges the role itself: the role of "Sasse" said twenty sentences
  after his first mention is in view, which one sentence pair cannot show.

Training and prediction both build inputs here, from records only (the
attributions are the rules' output, passed in by the caller).
"""

from __future__ import annotations

from typing import Sequence

from sourcelens.records import Attribution, Sentence

HEADLINE = "[headline]"
NEW_PARAGRAPH = "[new paragraph]"
EARLIER = "[earlier]"
FORMATS = ("previous-sentence", "previous-two", "speaker-v1", "speaker-v2")
ROLE_WORDS = 14
"""At most this many words of a speaker's role mention go into a speaker-v2 hint."""
DEFAULT_FORMAT = "previous-sentence"
TRACKER_FORMATS = ("speaker-v1", "speaker-v2")
"""The formats built from the speaker tracker's output (the others read the text only)."""


def is_headline(sentences: Sequence[Sentence], position: int) -> bool:
    """Decision 7: a first line alone in its paragraph is the headline, the reporter's. Not when it ends with a
    full stop: real copy often opens with a one-sentence lede ("Tim Cook said on Tuesday ..."), headlines rarely
    end with one."""
    if position != 0 or not sentences:
        return False
    first = sentences[0]
    alone = len(sentences) == 1 or sentences[1].paragraph != first.paragraph
    return alone and not first.text.rstrip().endswith(".")


def context_of(sentences: Sequence[Sentence], position: int) -> str:
    sentence = sentences[position]
    if position == 0:
        return HEADLINE if is_headline(sentences, 0) else ""
    previous = sentences[position - 1]
    marker = f"{NEW_PARAGRAPH} " if previous.paragraph != sentence.paragraph else ""
    return marker + previous.text


def two_back(sentences: Sequence[Sentence], position: int) -> str:
    """The previous-two context: the sentence before, then the one before that."""
    nearer = context_of(sentences, position)
    if position < 2:
        return nearer
    return f"{nearer} {EARLIER} {context_of(sentences, position - 1)}"


def _speaks(attribution: Attribution) -> bool:
    return attribution.label != "reporter_statement" and bool(attribution.source_name)


def speaker_hints(attributions: Sequence[Attribution], with_role: bool = False) -> list[str]:
    """The tracker's reading of each sentence of an article in a few words.

    "[official speaker] Ben Sasse, named here", "[commentator speaker] Ana Ruiz, continued", or, where the
    tracker found no speaker, the last one it saw ("[no speaker; last official: Ben Sasse]"): the model
    decides whether an account runs on (decision 17) where the tracker stayed cautious. `with_role`
    names the speaker by its role mention ("Sen. Ben Sasse, R-Neb.") instead of its name.
    """

    def who(attribution: Attribution) -> str:
        if with_role and attribution.source_role:
            return " ".join(attribution.source_role.split()[:ROLE_WORDS])
        return attribution.source_name or ""

    hints, last = [], None
    for attribution in attributions:
        if _speaks(attribution):
            how = "named here" if attribution.cue is not None else "continued"
            hints.append(f"[{attribution.source_type or 'unknown'} speaker] {who(attribution)}, {how}")
            last = attribution
        elif last is None:
            hints.append("[no speaker]")
        else:
            hints.append(f"[no speaker; last {last.source_type or 'unknown'}: {who(last)}]")
    return hints


def model_inputs(sentences: Sequence[Sentence], attributions: Sequence[Attribution] | None = None, fmt: str = DEFAULT_FORMAT) -> list[tuple[str, str]]:
    """(sentence, context) for every sentence of one article: the classifier's input pairs."""
    if fmt == "previous-sentence":
        return [(s.text, context_of(sentences, i)) for i, s in enumerate(sentences)]
    if fmt == "previous-two":
        return [(s.text, two_back(sentences, i)) for i, s in enumerate(sentences)]
    if fmt in TRACKER_FORMATS:
        if attributions is None or len(attributions) != len(sentences):
            raise ValueError(f"the {fmt} context needs the speaker tracker's attribution of every sentence")
        hints = speaker_hints(attributions, with_role=fmt == "speaker-v2")
        return [(s.text, f"{hint} {context_of(sentences, i)}") for i, (s, hint) in enumerate(zip(sentences, hints))]
    raise ValueError(f"unknown context format {fmt!r}; known: {', '.join(FORMATS)}")
