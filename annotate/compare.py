"""Two articles on the same story side by side: their sourcing profiles and speakers.

`compare_files(a, b, backend)` annotates both inputs (any format `annotate` reads: .txt,
.jsonl, a directory, "-"), builds one sourcing profile per input (an input holding several
articles is profiled as a whole) and returns a `Comparison`; `side_by_side_text` prints it for a
terminal and `render_html` writes a page with both profiles and both annotated articles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sourcelens.annotate.backends import Backend
from sourcelens.annotate.inputs import InputError, read_articles
from sourcelens.annotate.pipeline import annotate_stream
from sourcelens.annotate.profile import SOURCE_KINDS, SourcingProfile, profile_lines, sourcing_profile
from sourcelens.records import AnnotatedSentence, Article


class CompareError(ValueError):
    """An input that cannot be compared (unreadable, empty, malformed); the message says which and why."""


@dataclass
class Side:
    path: str
    articles: list[tuple[Article, list[AnnotatedSentence]]]
    profile: SourcingProfile

    @property
    def title(self) -> str:
        return self.articles[0][0].title or self.articles[0][0].id

    @property
    def rows(self) -> list[AnnotatedSentence]:
        return [r for _, rows in self.articles for r in rows]


@dataclass
class Comparison:
    a: Side
    b: Side
    model_version: str = ""
    shared_speakers: list[str] = field(default_factory=list)
    """Speaker names that occur in both (case-insensitive)."""


def _side(path: str, backend: Backend) -> Side:
    articles = []
    for item in annotate_stream(read_articles([path]), backend):
        if isinstance(item, InputError):
            raise CompareError(str(item))
        articles.append(item)
    rows = [r for _, rows in articles for r in rows]
    if not rows:
        raise CompareError(f"{path}: no article with any sentence to compare")
    article_id = articles[0][0].id if len(articles) == 1 else Path(path).name
    return Side(path, articles, sourcing_profile(rows, article_id))


def compare_files(a: str, b: str, backend: Backend) -> Comparison:
    """Annotate both inputs with `backend` and profile each."""
    left, right = _side(a, backend), _side(b, backend)
    names_a = {s.name.lower() for s in left.profile.sources}
    shared = [s.name for s in right.profile.sources if s.name.lower() in names_a]
    return Comparison(left, right, backend.version, shared)


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def summary_rows(c: Comparison) -> list[tuple[str, str, str]]:
    """(measure, A, B) rows: the profile numbers a fact-checker compares first."""
    pa, pb = c.a.profile, c.b.profile
    rows = [("sentences", str(pa.sentences), str(pb.sentences)), ("claims (a source speaks)", f"{pa.claims} ({_pct(pa.claims / pa.sentences)})", f"{pb.claims} ({_pct(pb.claims / pb.sentences)})")]
    rows += [(f"claims from {k} sources", _pct(pa.type_share.get(k, 0.0)), _pct(pb.type_share.get(k, 0.0))) for k in SOURCE_KINDS]
    for label, attr in (("resting on unnamed sources", "unnamed"), ("relayed", "relayed"), ("hedged", "hedged")):
        rows.append((f"claims {label}", f"{getattr(pa, attr)} ({_pct(getattr(pa, attr + '_share'))})", f"{getattr(pb, attr)} ({_pct(getattr(pb, attr + '_share'))})"))
    rows.append(("speakers", str(len(pa.sources)), str(len(pb.sources))))
    rows.append(("largest speaker's share of claims", _pct(pa.largest_source_share), _pct(pb.largest_source_share)))
    return rows


def side_by_side_text(c: Comparison, width: int = 110, speakers: int = 10) -> str:
    """Both profiles and speaker lists in two columns for a terminal."""
    col = max(30, (width - 3) // 2)

    def cut(s: str, n: int) -> str:
        return s if len(s) <= n else s[: n - 1] + "…"

    label_w = max(len(r[0]) for r in summary_rows(c))
    val_w = max(12, (width - label_w - 4) // 2)
    lines = [f"A: {c.a.path}  {cut(c.a.title, width - len(c.a.path) - 6)}", f"B: {c.b.path}  {cut(c.b.title, width - len(c.b.path) - 6)}", ""]
    lines.append(f"{'':{label_w}}  {'A':{val_w}} B")
    lines += [f"{m:{label_w}}  {cut(x, val_w):{val_w}} {cut(y, val_w)}" for m, x, y in summary_rows(c)]
    lines += ["", f"{'speakers of A: claims, type':{col}} | speakers of B: claims, type"]
    sa, sb = c.a.profile.sources[:speakers], c.b.profile.sources[:speakers]

    def speaker(s) -> str:
        flags = "".join(f" {n} {w}," for n, w in ((s.unnamed, "unnamed"), (s.relayed, "relayed"), (s.hedged, "hedged")) if n).rstrip(",")
        return f"{s.sentences:3d} {(s.type or '?')[:4]:4} {s.name}" + (f" ({flags.strip()})" if flags else "")

    for i in range(max(len(sa), len(sb))):
        left = cut(speaker(sa[i]), col) if i < len(sa) else ""
        right = cut(speaker(sb[i]), col) if i < len(sb) else ""
        lines.append(f"{left:{col}} | {right}")
    if c.shared_speakers:
        lines += ["", "in both: " + ", ".join(c.shared_speakers)]
    return "\n".join(lines) + "\n"


def render_html(c: Comparison) -> str:
    """One self-contained page: the comparison table, both speaker lists, both annotated articles."""
    from sourcelens.annotate.html_view import LABEL_COLOURS, _env, article_context
    from sourcelens.records import LABELS

    sides = []
    for side in (c.a, c.b):
        sides.append({"side": side, "articles": [article_context(article, rows) for article, rows in side.articles]})
    return _env().get_template("compare.html.j2").render(
        c=c, rows=summary_rows(c), sides=sides, labels=LABELS, colours=LABEL_COLOURS, profile_lines=profile_lines
    )
