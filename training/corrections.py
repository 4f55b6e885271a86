"""Human corrections (Label Studio pull snapshots) merged into training data.

Snapshots are read through their owner, `sourcelens.studio.snapshots`.
`load_corrections` reads snapshots (or whole project folders, snapshots in
name order), verifies each against its manifest, keeps the newest version of
every (sentence, annotator) label and resolves several annotators per
sentence by majority; ties are flagged and left out, never guessed.

`apply_corrections` merges the result into labelled articles: a correction
replaces the corpus label and source/cue spans of the same sentence, found by
sentence id, or by text for the same sentence under another id. Corrected
sentences from articles outside the data become train rows carrying the
context they were pushed with. Sentences of the frozen test split are never
changed: they are reported instead (docs/corrections.md says why).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Iterable, Sequence

from sourcelens.models.context import context_of
from sourcelens.records import GoldArticle, GoldSentence, HumanLabel, RecordError, Sentence, Span
from sourcelens.corpus.human_splits import HumanSplit
from sourcelens.corpus.splits import frozen_splits
from sourcelens.records import text_hash
from sourcelens.training.datasets import sentence_row
from sourcelens.studio.snapshots import Snapshot, read_snapshots
from sourcelens.votes import latest, resolve, when

@dataclass
class Corrections:
    """Verified snapshots and what they say once versions and annotators are resolved."""

    snapshots: list[Snapshot]
    labels: list[HumanLabel]
    """The newest version of each (sentence, annotator) label."""
    resolved: dict[str, HumanLabel]
    """sentence id -> the majority's label (the newest annotation voting for it, for its spans and context)."""
    ties: list[str]
    """Sentences whose annotators tie: left out."""

    @property
    def rows(self) -> int:
        return sum(s.rows for s in self.snapshots)


def load_corrections(paths: Iterable[str | Path]) -> Corrections:
    """Snapshots from snapshot or project folders, labels files or glob patterns (each read once);
    SnapshotError if one fails verification."""
    snapshots = read_snapshots(paths)
    newest = latest(label for s in snapshots for label in s.labels)  # at equal times the later snapshot wins
    resolved = resolve(newest.values())
    return Corrections(
        snapshots,
        list(newest.values()),
        {sid: label for sid, label in resolved.items() if label is not None},
        sorted(sid for sid, label in resolved.items() if label is None),
    )


# ---- merging into the data ---------------------------------------------------------------------


@dataclass
class CorrectionReport:
    """What a merge did; the counts go into metrics.json and the model card."""

    snapshots: int = 0
    rows: int = 0
    """Rows read from the snapshots (every version of every annotation)."""
    sentences: int = 0
    """Sentences with a resolved (non-tied) correction."""
    overrides: int = 0
    """Corpus sentences whose label and spans a correction replaced."""
    label_changed: int = 0
    """Of those, the ones whose label changed."""
    new_sentences: int = 0
    """Sentences from articles outside the data, added to train."""
    duplicates: int = 0
    """Corrections folded into another one for the same sentence (same id, or same text)."""
    ties: list[str] = field(default_factory=list)
    skipped_test: list[str] = field(default_factory=list)
    """Corrections of frozen-test sentences: reported, not applied."""
    stale: list[str] = field(default_factory=list)
    """Corrections whose sentence id is in the data with a different text now: not applied."""
    human_test: list[str] = field(default_factory=list)
    """Corrections of sentences in the human test split (corpus/human_splits.py): held out of training."""

    @property
    def applied(self) -> int:
        return self.overrides + self.new_sentences

    def counts(self) -> dict:
        """The numbers (lists counted) for metrics.json."""
        return {"applied": self.applied, **{k: len(v) if isinstance(v, list) else v for k, v in asdict(self).items()}}

    def summary(self) -> str:
        head = (
            f"corrections: {self.rows} rows from {self.snapshots} snapshot{'s' if self.snapshots != 1 else ''} -> {self.applied} applied "
            f"({self.overrides} corpus labels overridden, {self.label_changed} of them changed; {self.new_sentences} new sentences to train"
            + (f"; {self.duplicates} duplicates merged" if self.duplicates else "")
            + ")"
        )
        left = [f"{len(self.ties)} tied between annotators"] if self.ties else []
        if self.skipped_test:
            left.append(f"{len(self.skipped_test)} on frozen-test sentences ({_some(self.skipped_test)})")
        if self.stale:
            left.append(f"{len(self.stale)} whose sentence text has changed in the data ({_some(self.stale)})")
        if self.human_test:
            articles = len({_article_of_id(s) for s in self.human_test})
            left.append(f"{len(self.human_test)} held out as the human test split ({articles} article{'s' if articles != 1 else ''})")
        return head + ("\nnot applied: " + "; ".join(left) if left else "")


def metrics_entry(corrections: Corrections, report: CorrectionReport, split: HumanSplit | None = None) -> dict:
    """What metrics.json records: every snapshot that went in, the counts, the ids left out, and the human test split."""
    return {
        "snapshots": [s.provenance() for s in corrections.snapshots],
        "report": report.counts(),
        "not_applied": {"ties": report.ties, "frozen_test": report.skipped_test, "stale": report.stale, "human_test": report.human_test},
        "human_test": None if split is None else {
            "file": str(split.path),
            "articles": sorted({_article_of_id(s) for s in report.human_test}),
            "sentences": len(report.human_test),
        },
    }


def _some(ids: Sequence[str], shown: int = 3) -> str:
    return ", ".join(ids[:shown]) + (f", ... {len(ids) - shown} more" if len(ids) > shown else "")


@dataclass
class Merged:
    articles: list[GoldArticle]
    """The input articles with corrected sentences replaced (the inputs are not modified)."""
    new_rows: list[dict]
    """Dataset rows for `build_dataset(..., extra_train=new_rows)`."""
    report: CorrectionReport
    corrected_ids: set[str] = field(default_factory=set)
    """Ids of the data sentences a correction replaced (with the new rows' ids: what a warm start focuses on)."""


def _moved(span: Span | None, text: str) -> Span | None:
    """A correction's span placed in the target sentence (same text up to outer whitespace)."""
    if span is None or text[span.start : span.end] == span.text:
        return span
    try:
        return Span.find(text, span.text)
    except RecordError:
        return None


def _corrected(gold: GoldSentence, human: HumanLabel) -> GoldSentence:
    text = gold.sentence.text
    source, cue = _moved(human.source, text), _moved(human.cue, text)
    same_source = source is not None and gold.source is not None and source.text == gold.source.text
    return replace(
        gold,
        label=human.label,
        source=source,
        cue=cue,
        source_name=gold.source_name if same_source else None,
        rules=list(gold.rules) if human.label == gold.label else [],  # guide decisions described the old reading
    )


def new_row(human: HumanLabel) -> dict:
    """A train row (the dataset's columns) for a corrected sentence whose article is not in the data."""
    article_id, _, index = human.sentence_id.rpartition("#")
    text = human.text.strip()
    sentence = Sentence(article_id or human.sentence_id, int(index) if index.isdigit() else 0, 0, 0, len(text), text)
    gold = GoldSentence(sentence, human.label, _moved(human.source, text), None, _moved(human.cue, text), [])
    return {**sentence_row(gold, human.context), "id": human.sentence_id}


@dataclass
class _SentenceIndex:
    """Where each data sentence is, by id and by text, and which texts belong to the test split."""

    articles: Sequence[GoldArticle]
    assignment: dict[str, str]
    by_id: dict[str, tuple[int, int]] = field(default_factory=dict)
    by_hash: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    contexts: dict[tuple[int, int], str] = field(default_factory=dict)
    test_hashes: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        for a, gold in enumerate(self.articles):
            sentences = [g.sentence for g in gold.sentences]
            for s, g in enumerate(gold.sentences):
                self.by_id[g.sentence.id] = (a, s)
                digest = text_hash(g.sentence.text)
                self.by_hash.setdefault(digest, []).append((a, s))
                self.contexts[(a, s)] = context_of(sentences, s)
                if self.assignment.get(gold.article.id) == "test":
                    self.test_hashes.add(digest)
        self.article_ids = {gold.article.id for gold in self.articles}

    def in_test(self, human: HumanLabel) -> bool:
        return self.assignment.get(_article_of(human)) == "test" or text_hash(human.text) in self.test_hashes

    def match(self, human: HumanLabel) -> tuple[list[tuple[int, int]], bool]:
        """The positions a correction applies to, and whether it matched by its own sentence id."""
        digest = text_hash(human.text)
        at = self.by_id.get(human.sentence_id)
        if at is not None and text_hash(self.articles[at[0]].sentences[at[1]].sentence.text) == digest:
            return [at], True
        same_text = self.by_hash.get(digest, [])
        return (same_text if len(same_text) == 1 else [p for p in same_text if self.contexts[p] == human.context]), False


def _article_of(human: HumanLabel) -> str:
    return _article_of_id(human.sentence_id)


def _article_of_id(sentence_id: str) -> str:
    return sentence_id.rpartition("#")[0] or sentence_id


def apply_corrections(articles: Sequence[GoldArticle], corrections: Corrections, assignment: dict[str, str] | None = None,
                      held_out: HumanSplit | None = None) -> Merged:
    """Merge resolved corrections into labelled articles (see the module docstring for the rules).

    Matching: the same sentence id with the same text; else the same text
    when it occurs once in the data, or when the pushed context equals the
    sentence's context (stock phrases repeat across articles). A match by id
    beats a match by text; between equals the newer correction wins. Test
    sentences (by `assignment`, default the frozen splits) are never changed.
    Sentences of the human test split (`held_out`), and new sentences with
    the text of one, are held out of training.
    """
    index = _SentenceIndex(articles, assignment if assignment is not None else frozen_splits(list(articles)))
    report = CorrectionReport(snapshots=len(corrections.snapshots), rows=corrections.rows, sentences=len(corrections.resolved), ties=list(corrections.ties))
    targets: dict[tuple[int, int], tuple[bool, HumanLabel]] = {}  # position -> (matched by id, correction)
    fresh: dict[tuple[str, str], HumanLabel] = {}  # (text hash, context) -> correction
    skipped_test: set[str] = set()
    held_ids = {sid for sid, human in corrections.resolved.items() if held_out is not None and held_out.is_test(human)}
    held_texts = {text_hash(corrections.resolved[sid].text) for sid in held_ids}
    for human in sorted(corrections.resolved.values(), key=when):
        if human.sentence_id in held_ids:
            report.human_test.append(human.sentence_id)
            continue
        if index.in_test(human):
            skipped_test.add(human.sentence_id)  # neither changed in test nor learnt from in train
            continue
        hits, by_sentence_id = index.match(human)
        if not hits:
            if _article_of(human) in index.article_ids:
                report.stale.append(human.sentence_id)
            elif text_hash(human.text) in held_texts:
                report.human_test.append(human.sentence_id)  # the text of a held-out sentence: learning it would leak
            else:
                key = (text_hash(human.text), human.context)
                report.duplicates += key in fresh
                fresh[key] = human
            continue
        for position in hits:
            held = targets.get(position)
            if held is not None:
                report.duplicates += 1
                if held[0] and not by_sentence_id:
                    continue  # the correction made on this very sentence id stands
            targets[position] = (by_sentence_id, human)
    merged = _merged_articles(articles, targets, report)
    rows = [new_row(human) for human in fresh.values()]
    report.new_sentences = len(rows)
    report.skipped_test = sorted(skipped_test)
    report.stale.sort()
    report.human_test.sort()
    corrected = {articles[a].sentences[s].sentence.id for a, s in targets} | {row["id"] for row in rows}
    return Merged(merged, rows, report, corrected)


def _merged_articles(articles: Sequence[GoldArticle], targets: dict[tuple[int, int], tuple[bool, HumanLabel]], report: CorrectionReport) -> list[GoldArticle]:
    """The articles with each targeted sentence replaced by its correction (untouched articles are shared)."""
    merged = list(articles)
    for (a, s), (_, human) in sorted(targets.items()):
        if merged[a] is articles[a]:
            merged[a] = GoldArticle(articles[a].article, list(articles[a].sentences))
        before = merged[a].sentences[s]
        merged[a].sentences[s] = _corrected(before, human)
        report.overrides += 1
        report.label_changed += before.label != human.label
    return merged
