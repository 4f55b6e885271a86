"""Read articles from .txt, .jsonl, directories and stdin.

Bad input never stops a batch: every problem becomes an `InputError` naming
the file and line, yielded in place of the article, and the caller reports it.
"""

from __future__ import annotations

import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, TextIO

from sourcelens.annotate.segment import presplit_article
from sourcelens.records import Article

SUFFIXES = (".txt", ".jsonl")


@dataclass
class InputError:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def article_from_text(article_id: str, text: str, metadata: dict | None = None) -> Article:
    """A plain-text article: first non-blank line is the headline, lines are paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    title = next((line.strip() for line in text.split("\n") if line.strip()), "")
    if len(title) > 160:  # the first line is a paragraph, not a headline
        title = title[:120].rsplit(" ", 1)[0] + " …"
    return Article(id=article_id, text=text, title=title, metadata=metadata or {})


def article_from_json(row: object, default_id: str) -> Article:
    """One JSONL row: {"id", "title"?, "text"} or {"id", "sentences": [...]}; raises ValueError."""
    if not isinstance(row, dict):
        raise ValueError("expected a JSON object")
    article_id = str(row.get("id") or default_id)
    metadata = {k: v for k, v in row.items() if k not in {"id", "title", "text", "sentences"}}
    title = row.get("title") or ""
    if not isinstance(title, str):
        raise ValueError("'title' must be a string")
    if "sentences" in row:
        sentences = row["sentences"]
        if not isinstance(sentences, list) or not all(isinstance(s, str) for s in sentences):
            raise ValueError("'sentences' must be a list of strings")
        sentences = [s.strip() for s in sentences if s.strip()]
        if not sentences:
            raise ValueError("empty article: 'sentences' has no text")
        return presplit_article(article_id, sentences, title=title or sentences[0], metadata=metadata)
    if "text" not in row:
        raise ValueError("missing 'text' (or 'sentences')")
    text = row["text"]
    if not isinstance(text, str):
        raise ValueError("'text' must be a string")
    if not text.strip():
        raise ValueError("empty article: 'text' is blank")
    if title and not text.lstrip().startswith(title.strip()):
        text = title.strip() + "\n" + text
    return article_from_text(article_id, text, metadata)


def _read_jsonl(handle: TextIO, name: str) -> Iterator[Article | InputError]:
    stem = Path(name).stem
    line_no = 0
    while True:
        try:
            raw = handle.readline()
        except UnicodeDecodeError as exc:
            yield InputError(name, line_no + 1, f"not UTF-8 text ({exc.reason} at byte {exc.start}); the rest of the file was skipped")
            return
        if not raw:
            return
        line_no += 1
        if not raw.strip():
            continue
        try:
            yield article_from_json(json.loads(raw), f"{stem}-{line_no}")
        except json.JSONDecodeError as exc:
            yield InputError(name, line_no, f"invalid JSON: {exc.msg} (column {exc.colno})")
        except ValueError as exc:
            yield InputError(name, line_no, str(exc))


def _read_txt(handle: TextIO, name: str) -> Iterator[Article | InputError]:
    try:
        text = handle.read()
    except UnicodeDecodeError as exc:
        line = 1
        yield InputError(name, line, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
        return
    if not text.strip():
        yield InputError(name, None, "empty article")
        return
    yield article_from_text(Path(name).stem, text)


def _expand(paths: Iterable[str]) -> Iterator[str | InputError]:
    for name in paths:
        if name == "-":
            yield name
            continue
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in SUFFIXES)
            if not found:
                yield InputError(name, None, "directory holds no .txt or .jsonl files")
            yield from (str(p) for p in found)
        elif not path.exists():
            yield InputError(name, None, "no such file")
        elif path.suffix not in SUFFIXES:
            yield InputError(name, None, f"unsupported input type {path.suffix or '(none)'}; use .txt or .jsonl")
        else:
            yield name


def read_articles(paths: Iterable[str], stdin: TextIO | None = None) -> Iterator[Article | InputError]:
    """Articles from every input, in order, with errors in place of unreadable ones."""
    for item in _expand(paths):
        if isinstance(item, InputError):
            yield item
            continue
        if item == "-":
            stream = stdin or sys.stdin
            text = stream.read()
            if text.lstrip().startswith("{"):
                yield from _read_jsonl(io.StringIO(text), "<stdin>")
            else:
                yield from _read_txt(io.StringIO(text), "stdin")
            continue
        try:
            with open(item, encoding="utf-8") as handle:
                reader = _read_jsonl if item.endswith(".jsonl") else _read_txt
                yield from reader(handle, item)
        except OSError as exc:
            yield InputError(item, None, f"cannot read: {exc.strerror}")

