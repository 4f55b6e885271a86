"""The project's own labelled corpus: its file format, loader and checker.

One article per JSONL line::

    {"id": "courts-001", "topic": "courts", "style": "wire", "outlet": "...",
     "paragraphs": [[{"text": "Headline", "label": "reporter_statement", "rules": [7]}],
                    [{"text": "...", "label": "official_claim",
                      "source": "the ministry", "source_name": "Ministry of Finance",
                      "cue": "said", "rules": [1]}, ...]]}

Optionally a sentence carries ``"signals": {"hedge": [...], "anonymous": [...],
"relay": [...], "inherits": ["anonymous"|"relay"]}``: the exact substrings that
carry each credibility signal (found with `Span.find`), and `inherits` for a
sentence that continues an unnamed or relayed account without words of its own
for it (loaded as the zero-length span `records.INHERITED`, so the sentence
counts as having the signal). An article is signal-annotated when any of its
sentences has the field or the article row says ``"signals_checked": true``;
then every sentence of it gets `GoldSentence.signals` (empty when it has no
field), and `named_source` is derived from the label and anonymity (None for
reporter_statement). Sentences of other articles keep `signals=None`.

The first paragraph holds the headline. `source` and `cue` are written as the
exact substrings of the sentence (first occurrence); the loader turns them into
character offsets and refuses any that do not occur. The article text is the
paragraphs joined by newlines, sentences by single spaces, which is the same
shape as a `.txt` input file.

Run ``python -m sourcelens.corpus check FILE...`` to validate files
and print label and guide-decision counts.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from sourcelens.records import INHERITED, LABELS, Article, GoldArticle, GoldSentence, RecordError, Sentence, Signals, Span

DATA_DIR = Path(__file__).parent / "data"
CORPUS_DIR = DATA_DIR / "corpus"
GUIDE_DECISIONS = range(1, 18)
"""The numbered decisions of the labelling guide (../shared/LABELLING_GUIDE.md), 1-17."""


@dataclass
class CorpusError(Exception):
    """A malformed corpus row, located by file and line."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


SIGNAL_KEYS = ("hedge", "anonymous", "relay", "inherits")


def parse_signals(text: str, label: str, data: dict | None) -> Signals:
    """A sentence's authored `signals` field as a `Signals` record (see the module docstring)."""
    data = data or {}
    if not isinstance(data, dict) or set(data) - set(SIGNAL_KEYS):
        raise RecordError(f"signals must be an object with keys among {', '.join(SIGNAL_KEYS)}")
    for key, value in data.items():
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise RecordError(f"signals.{key} must be a list of non-empty strings")
    inherits = data.get("inherits", [])
    if set(inherits) - {"anonymous", "relay"}:
        raise RecordError(f"signals.inherits takes 'anonymous' and 'relay', got {inherits}")
    spans = {key: [Span.find(text, words) for words in data.get(key, [])] for key in ("hedge", "anonymous", "relay")}
    for key in inherits:
        spans[key].append(INHERITED)
    named = None if label == "reporter_statement" else not spans["anonymous"]
    return Signals(hedges=spans["hedge"], anonymous=spans["anonymous"], relay=spans["relay"], named_source=named)


def parse_article(row: dict, path: str = "<memory>", line: int = 0) -> GoldArticle:
    """Build a GoldArticle (offsets computed) from one authored row."""
    try:
        art_id = str(row["id"])
        paragraphs = row["paragraphs"]
        if not paragraphs or not all(isinstance(p, list) and p for p in paragraphs):
            raise RecordError("'paragraphs' must be a non-empty list of non-empty lists")
        pieces: list[str] = []
        gold: list[GoldSentence] = []
        annotated = bool(row.get("signals_checked")) or any("signals" in item for para in paragraphs for item in para)
        offset = 0
        for p_index, para in enumerate(paragraphs):
            if p_index:
                pieces.append("\n")
                offset += 1
            for s_pos, item in enumerate(para):
                text = item["text"]
                if not text or text != text.strip():
                    raise RecordError(f"sentence {len(gold)} is empty or has outer whitespace")
                if s_pos:
                    pieces.append(" ")
                    offset += 1
                sentence = Sentence(art_id, len(gold), p_index, offset, offset + len(text), text)
                pieces.append(text)
                offset += len(text)
                rules = [int(r) for r in item.get("rules", [])]
                if any(r not in GUIDE_DECISIONS for r in rules):
                    raise RecordError(f"sentence {sentence.index}: rules must be 1-17, got {rules}")
                gold.append(
                    GoldSentence(
                        sentence=sentence,
                        label=item["label"],
                        source=Span.find(text, item.get("source")),
                        source_name=item.get("source_name"),
                        cue=Span.find(text, item.get("cue")),
                        rules=rules,
                        signals=parse_signals(text, item["label"], item.get("signals")) if annotated else None,
                    )
                )
        text = "".join(pieces)
        metadata = {k: row[k] for k in ("topic", "style", "outlet") if k in row}
        article = Article(id=art_id, text=text, title=gold[0].sentence.text, metadata=metadata)
        return GoldArticle(article, gold)
    except KeyError as exc:
        raise CorpusError(path, line, f"missing field {exc.args[0]!r}") from None
    except (RecordError, TypeError, ValueError) as exc:
        raise CorpusError(path, line, str(exc)) from None


def read_json_objects(path: Path) -> Iterator[tuple[int, dict]]:
    """(line number, object) for each non-blank line of a JSONL file; CorpusError on a bad line."""
    with open(path, encoding="utf-8") as handle:
        for line_no, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            try:
                row = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise CorpusError(str(path), line_no, f"invalid JSON: {exc.msg}") from None
            if not isinstance(row, dict):
                raise CorpusError(str(path), line_no, "expected a JSON object")
            yield line_no, row


def read_corpus_file(path: Path) -> Iterator[GoldArticle]:
    for line_no, row in read_json_objects(path):
        yield parse_article(row, str(path), line_no)


def load_corpus(directory: Path = CORPUS_DIR) -> list[GoldArticle]:
    """All corpus articles, in file order; duplicate article ids are refused."""
    articles: list[GoldArticle] = []
    seen: dict[str, str] = {}
    for path in sorted(Path(directory).glob("*.jsonl")):
        for gold in read_corpus_file(path):
            if gold.article.id in seen:
                raise CorpusError(str(path), 0, f"duplicate article id {gold.article.id!r} (also in {seen[gold.article.id]})")
            seen[gold.article.id] = str(path)
            articles.append(gold)
    return articles


def corpus_stats(articles: list[GoldArticle]) -> dict:
    """Counts the datasheet reports: labels, decisions, topics, styles."""
    labels = Counter(s.label for a in articles for s in a.sentences)
    rules = Counter(r for a in articles for s in a.sentences for r in s.rules)
    total = sum(labels.values())
    return {
        "articles": len(articles),
        "sentences": total,
        "labels": {k: labels.get(k, 0) for k in LABELS},
        "label_share": {k: round(labels.get(k, 0) / total, 3) if total else 0.0 for k in LABELS},
        "decisions": {r: rules.get(r, 0) for r in GUIDE_DECISIONS},
        "topics": dict(Counter(a.article.metadata.get("topic", "?") for a in articles).most_common()),
        "styles": dict(Counter(a.article.metadata.get("style", "?") for a in articles).most_common()),
        "with_source_span": sum(1 for a in articles for s in a.sentences if s.source),
        "with_cue_span": sum(1 for a in articles for s in a.sentences if s.cue),
        "with_signals": {
            "articles": sum(1 for a in articles if a.sentences and a.sentences[0].signals is not None),
            "sentences": sum(1 for a in articles for s in a.sentences if s.signals is not None),
            "hedge": sum(1 for a in articles for s in a.sentences if s.signals and s.signals.hedges),
            "anonymous": sum(1 for a in articles for s in a.sentences if s.signals and s.signals.anonymous),
            "relay": sum(1 for a in articles for s in a.sentences if s.signals and s.signals.relay),
        },
    }
