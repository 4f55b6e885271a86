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
from typing import BinaryIO, Iterable, Iterator

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
        _check_unicode(" ".join(sentences))
        return presplit_article(article_id, sentences, title=title or sentences[0], metadata=metadata)
    if "text" not in row:
        raise ValueError("missing 'text' (or 'sentences')")
    text = row["text"]
    if not isinstance(text, str):
        raise ValueError("'text' must be a string")
    if not text.strip():
        raise ValueError("empty article: 'text' is blank")
    first_line = text.strip().split("\n", 1)[0].strip()
    if title and first_line != title.strip():
        text = title.strip() + "\n" + text  # the headline becomes sentence 0; offsets index this joined text
    _check_unicode(text)
    return article_from_text(article_id, text, metadata)


def _check_unicode(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("the text holds invalid Unicode (a lone surrogate escape such as \\ud83d)") from None


def _decode(raw: bytes, name: str, line_no: int) -> str | InputError:
    try:
        return raw.decode("utf-8-sig" if line_no == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        return InputError(name, line_no, f"not UTF-8 text ({exc.reason} at byte {exc.start} of the line)")


def _read_jsonl(handle: BinaryIO, name: str) -> Iterator[Article | InputError]:
    stem = Path(name).stem
    for line_no, raw in enumerate(handle, 1):
        item = parse_jsonl_line(raw, name, stem, line_no)
        if item is not None:
            yield item


def parse_jsonl_line(raw: bytes, name: str, stem: str, line_no: int) -> Article | InputError | None:
    """One JSONL line as bytes: an Article, an InputError naming file and line, or None when blank."""
    line = _decode(raw, name, line_no)
    if isinstance(line, InputError):
        return line
    if not line.strip():
        return None
    try:
        return article_from_json(json.loads(line), f"{stem}-{line_no}")
    except json.JSONDecodeError as exc:
        return InputError(name, line_no, f"invalid JSON: {exc.msg} (column {exc.colno})")
    except ValueError as exc:
        return InputError(name, line_no, str(exc))


def _read_txt(handle: BinaryIO, name: str) -> Iterator[Article | InputError]:
    lines = []
    for line_no, raw in enumerate(handle, 1):
        line = _decode(raw, name, line_no)
        if isinstance(line, InputError):
            yield line
            return
        lines.append(line)
    text = "".join(lines)
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


def read_articles(paths: Iterable[str], stdin: BinaryIO | None = None) -> Iterator[Article | InputError]:
    """Articles from every input, in order, with errors in place of unreadable ones.

    An article id seen before (two files named story.txt in different folders, a repeated
    JSONL id) is an error: rows of two articles must never be mixed under one id.
    """
    seen: dict[str, str] = {}
    for item in _expand(paths):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            if item == "-":
                data = (stdin or sys.stdin.buffer).read()
                reader = _read_jsonl if data.lstrip()[:1] == b"{" else _read_txt
                results = reader(io.BytesIO(data), "<stdin>")
            else:
                handle = open(item, "rb")
                results = (_read_jsonl if item.endswith(".jsonl") else _read_txt)(handle, item)
        except OSError as exc:
            yield InputError(item, None, f"cannot read: {exc.strerror}")
            continue
        for result in results:
            if isinstance(result, Article):
                if result.id in seen:
                    yield InputError(item, None, f"article id {result.id!r} repeats one from {seen[result.id]}; give each article a unique id")
                    continue
                seen[result.id] = item
            yield result
        if item != "-":
            handle.close()
