"""The labelling interface, generated from the label schema so the two cannot drift.

The names below (`label`, `span`, `note`, `sentence`) are the contract between
the config, the predictions we push and the annotations we pull; a project
whose config no longer carries them is refused rather than half-read.

The context (headline, previous and next sentence) is shown with Headers,
not named Text objects: Label Studio refuses a task that lacks the `$key` of
any named object, and a task imported by hand may carry only `text`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from sourcelens.records import LABELS

LABEL_CONTROL = "label"
SPAN_CONTROL = "span"
NOTE_CONTROL = "note"
SENTENCE = "sentence"
SPAN_LABELS: tuple[str, ...] = ("source", "cue")

HINTS: dict[str, str] = {
    "official_claim": "An official or institutional source acting in that role asserts the main proposition: "
    "a government, ministry, court, police, military, state media speaking for it, a company's formal statement, "
    "an office-holder speaking in office. Anonymous officials count; anonymity is a signal.",
    "commentator_opinion": "A non-official third party asserts it: analysts, experts, academics and their studies, "
    "rights groups, opposition figures without office, lawyers for a private party, witnesses, residents, "
    "'people familiar with the matter'.",
    "reporter_statement": "The article's own voice: narration, background, facts stated without attribution, "
    "headlines, subheads, datelines, hedged unattributed claims ('reportedly'). A sentence about a source is not by it.",
}
SPAN_HINTS: dict[str, str] = {
    "source": "Who speaks: the shortest phrase naming the source (e.g. 'the ministry', 'Professor Liu').",
    "cue": "How the attribution is signalled: the reporting verb or phrase ('said', 'according to').",
}
DISPLAY: dict[str, str] = {
    "official_claim": "Official claim",
    "commentator_opinion": "Commentator opinion",
    "reporter_statement": "Reporter statement",
}
"""What annotators see; the stored value stays the schema label (the Choice's `alias`)."""
HOTKEYS = {label: str(i) for i, label in enumerate(LABELS, start=1)}
SPAN_HOTKEYS = {"source": "s", "cue": "c"}
SPAN_COLOURS = {"source": "#2563eb", "cue": "#d97706"}


def schema_label(value: str) -> str | None:
    """The schema label a stored choice means: the label itself, or its display name (a config without aliases stores that)."""
    if value in LABELS:
        return value
    return next((label for label, shown in DISPLAY.items() if shown == value), None)


def label_config() -> str:
    """The Label Studio XML for one sentence with its context, three choices, two span labels and a note.

    Each choice shows its display name and the guide's definition on hover, and stores the schema label (`alias`).
    """
    choices = "\n".join(
        f"      <Choice value={quoteattr(DISPLAY[label])} alias={quoteattr(label)} hint={quoteattr(HINTS[label])} hotkey={quoteattr(HOTKEYS[label])}/>"
        for label in LABELS
    )
    spans = "\n".join(
        f"    <Label value={quoteattr(name)} hint={quoteattr(SPAN_HINTS[name])} hotkey={quoteattr(SPAN_HOTKEYS[name])} background={quoteattr(SPAN_COLOURS[name])}/>"
        for name in SPAN_LABELS
    )
    return f"""<View>
  <Header value="$headline" size="5"/>
  <View style="color: #6b7280; padding: 4px 0">
    <Header value="$previous" size="6" style="font-weight: normal; font-size: 14px; color: #6b7280; margin: 0"/>
  </View>
  <View style="border-left: 4px solid #2563eb; padding: 6px 10px; background: #f8fafc">
    <Text name="{SENTENCE}" value="$text" granularity="word"/>
  </View>
  <View style="color: #6b7280; padding: 4px 0">
    <Header value="$next" size="6" style="font-weight: normal; font-size: 14px; color: #6b7280; margin: 0"/>
  </View>
  <Header value="Whose assertion is the main proposition of the highlighted sentence?" size="6"/>
  <Choices name="{LABEL_CONTROL}" toName="{SENTENCE}" choice="single-radio" required="true" showInline="true">
{choices}
  </Choices>
  <Header value="Mark the source and the attribution cue inside the sentence (leave empty for a reporter statement)." size="6"/>
  <Labels name="{SPAN_CONTROL}" toName="{SENTENCE}">
{spans}
  </Labels>
  <TextArea name="{NOTE_CONTROL}" toName="{SENTENCE}" placeholder="Why? (optional: doubtful cases, guide rule numbers)" rows="2" editable="true" maxSubmissions="1"/>
</View>
"""


GUIDE_RULES: tuple[str, ...] = (
    "Attribution decides, not topic: 'The ministry said Liu sold secrets' is an official claim; 'Liu sold secrets' alone is the reporter's. (1)",
    ("A sentence <i>about</i> a source ('The ministry did not disclose ...'), an action without speech ('The ministry fined the bank') "
     "and 'declined to comment' are the reporter's. (2)"),
    ("A sentence that goes on with the previous speaker's account ('He added', a pronoun, the events told after 'According to police, ...') "
     "takes that speaker's label, until another source speaks or the reporter steps in. (3, 17)"),
    ("Office-holders speaking in office are official, anonymous officials too; former officials, academics, NGOs, unions, "
     "opposition figures without office, witnesses and residents are commentators. (4, 9, 10, 14)"),
    "Another outlet as the only named source ('..., Reuters reported') is a commentator; when it names its own source, that source decides. (15)",
    "Headlines, bylines, datelines, subheads and hedged unattributed claims ('reportedly') are the reporter's. (7, 8, 11)",
    "A sentence inside a quotation, with no cue of its own, takes its speaker's label. (12)",
)
"""The labelling guide's decisions that settle most sentences (numbers as in docs/labelling_guide.md)."""


def instructions() -> str:
    """The labelling guide in brief, as the project's instructions (Label Studio shows them before the first task and on the task page)."""
    labels = "".join(f"<li><b>{DISPLAY[label]}</b> (key {HOTKEYS[label]}): {escape(HINTS[label])}</li>" for label in LABELS)
    spans = "".join(f"<li><b>{name}</b> (key {SPAN_HOTKEYS[name]}): {escape(SPAN_HINTS[name])}</li>" for name in SPAN_LABELS)
    rules = "".join(f"<li>{rule}</li>" for rule in GUIDE_RULES)
    return (
        "<h3>Whose assertion is the main proposition of the highlighted sentence?</h3>"
        "<p>Not who appears in it, and not whether it is true. The model's answer is filled in: keep it when it is right, "
        "otherwise change the label or the spans, then <b>Submit</b>. Skip only what is not a sentence of the article. "
        "Work through <b>Label All Tasks</b>: it starts every task from the model's answer and shows only your own annotations.</p>"
        f"<ul>{labels}</ul><h4>Rules that settle most sentences (guide decisions)</h4><ol>{rules}</ol>"
        f"<h4>Spans (leave both empty for a reporter statement)</h4><ul>{spans}</ul>"
        "<p>Unsure? Write why in the note box; the full guide is docs/labelling_guide.md.</p>"
    )


@dataclass(frozen=True)
class ConfigMismatch:
    """Why a project's config cannot be read with this schema, one reason per line."""

    reasons: tuple[str, ...]

    def __str__(self) -> str:
        return "; ".join(self.reasons)


def check_config(xml: str) -> ConfigMismatch | None:
    """None when a project's config carries every control, choice and span label this schema reads."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        return ConfigMismatch((f"the labelling config is not valid XML ({exc})",))
    reasons = []
    controls = {el.get("name"): el for el in root.iter() if el.get("name")}
    expected = {LABEL_CONTROL: ("Choices", "Choice", LABELS), SPAN_CONTROL: ("Labels", "Label", SPAN_LABELS)}
    for name, (tag, child, values) in expected.items():
        el = controls.get(name)
        if el is None or el.tag != tag:
            reasons.append(f"no <{tag} name=\"{name}\"> control")
            continue
        if el.get("toName") != SENTENCE:
            reasons.append(f"<{tag} name=\"{name}\"> points at {el.get('toName')!r}, not {SENTENCE!r}")
        stored = [c.get("alias") or c.get("value") for c in el.iter(child)]
        have = {(schema_label(v) or v) if name == LABEL_CONTROL else v for v in stored}
        if missing := [v for v in values if v not in have]:
            reasons.append(f"<{tag} name=\"{name}\"> lacks {', '.join(missing)}")
        if extra := sorted(have - set(values)):
            reasons.append(f"<{tag} name=\"{name}\"> has values the schema does not know: {', '.join(extra)}")
    if SENTENCE not in controls or controls[SENTENCE].tag != "Text":
        reasons.append(f"no <Text name=\"{SENTENCE}\" value=\"$text\"> object")
    return ConfigMismatch(tuple(reasons)) if reasons else None
