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
from xml.sax.saxutils import quoteattr

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
HOTKEYS = {label: str(i) for i, label in enumerate(LABELS, start=1)}
SPAN_HOTKEYS = {"source": "s", "cue": "c"}
SPAN_COLOURS = {"source": "#2563eb", "cue": "#d97706"}


def label_config() -> str:
    """The Label Studio XML for one sentence with its context, three choices, two span labels and a note."""
    choices = "\n".join(
        f"      <Choice value={quoteattr(label)} hint={quoteattr(HINTS[label])} hotkey={quoteattr(HOTKEYS[label])}/>"
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
  <Header value="Mark the source and the attribution cue inside the sentence (leave empty for reporter_statement)." size="6"/>
  <Labels name="{SPAN_CONTROL}" toName="{SENTENCE}">
{spans}
  </Labels>
  <TextArea name="{NOTE_CONTROL}" toName="{SENTENCE}" placeholder="Why? (optional: doubtful cases, guide rule numbers)" rows="2" editable="true" maxSubmissions="1"/>
</View>
"""


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
        have = {c.get("alias") or c.get("value") for c in el.iter(child)}
        if missing := [v for v in values if v not in have]:
            reasons.append(f"<{tag} name=\"{name}\"> lacks {', '.join(missing)}")
        if extra := sorted(have - set(values)):
            reasons.append(f"<{tag} name=\"{name}\"> has values the schema does not know: {', '.join(extra)}")
    if SENTENCE not in controls or controls[SENTENCE].tag != "Text":
        reasons.append(f"no <Text name=\"{SENTENCE}\" value=\"$text\"> object")
    return ConfigMismatch(tuple(reasons)) if reasons else None
