"""The HTML article view, rendered with Jinja2 one article at a time (streams)."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape

from sourcelens.annotate.profile import SourcingProfile
from sourcelens.records import LABELS, AnnotatedSentence, Article

LABEL_COLOURS = {"official_claim": "#dbeafe", "commentator_opinion": "#fde68a", "reporter_statement": "#f3f4f6"}


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(loader=PackageLoader("sourcelens.annotate", "templates"), autoescape=select_autoescape(["html", "j2"]))


def _pieces(row: AnnotatedSentence) -> list[tuple[str, str | None]]:
    """The sentence cut into (text, role) pieces, role being 'source', 'cue' or None."""
    a, text = row.attribution, row.sentence.text
    marks = sorted((s.start, s.end, role) for s, role in ((a.source, "source"), (a.cue, "cue")) if s is not None)
    pieces, at = [], 0
    for start, end, role in marks:
        if start < at:
            continue
        pieces.append((text[at:start], None))
        pieces.append((text[start:end], role))
        at = end
    pieces.append((text[at:], None))
    return [p for p in pieces if p[0]]


def _tooltip(row: AnnotatedSentence) -> str:
    a = row.attribution
    lines = [f"{k}: {a.scores.get(k, 0.0):.2f}" for k in LABELS]
    if a.source_name:
        lines.append(f"source: {a.source_name} ({a.source_type})")
    if a.baseline_label and a.baseline_label != a.label:
        lines.append(f"rules baseline: {a.baseline_label}")
    if a.signals.names():
        lines.append("signals: " + ", ".join(a.signals.names()))
    return "\n".join(lines)


def page_start() -> str:
    return _env().get_template("page_start.html.j2").render(labels=LABELS, colours=LABEL_COLOURS)


def page_end() -> str:
    return "</main></body></html>\n"


def article_context(article: Article, rows: list[AnnotatedSentence]) -> dict:
    """What article.html.j2 needs besides the profile: the sentences grouped by paragraph."""
    paragraphs: list[list[dict]] = []
    last = None
    for row in rows:
        if row.sentence.paragraph != last:
            paragraphs.append([])
            last = row.sentence.paragraph
        paragraphs[-1].append({"row": row, "pieces": _pieces(row), "tooltip": _tooltip(row)})
    return {"article": article, "paragraphs": paragraphs}


def render_article(article: Article, rows: list[AnnotatedSentence], profile: SourcingProfile | None) -> str:
    """One article, its sentences coloured by label, and its sourcing profile (none when `profile` is None)."""
    return _env().get_template("article.html.j2").render(**article_context(article, rows), profile=profile, labels=LABELS)
