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


def jsonl_lines(handle: BinaryIO, name: str, first_line: int = 1) -> Iterator[tuple[int, bytes, Article | InputError | None]]:
    """Every line of a JSONL input as (line number, raw bytes, `parse_jsonl_line` of it).

    Lines end at b"\n" only. `first_line` numbers a byte range that starts mid-file (the Ray engine's shards).
    """
    stem = Path(name).stem
    for line_no, raw in enumerate(handle, first_line):
        yield line_no, raw, parse_jsonl_line(raw, name, stem, line_no)


def read_jsonl(handle: BinaryIO, name: str) -> Iterator[Article | InputError]:
    """The articles of a JSONL input, with errors in place of bad lines; blank lines are skipped."""
    return (item for _, _, item in jsonl_lines(handle, name) if item is not None)


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


def read_txt(handle: BinaryIO, name: str) -> Iterator[Article | InputError]:
    """A .txt input as one article (id: the file's stem), or one error."""
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


def expand_sources(paths: Iterable[str]) -> Iterator[str | InputError]:
    """The input files named by `paths` (directories searched recursively, `-` kept), or an error per bad name."""
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


def input_kind(name: str, data: bytes | None = None) -> str:
    """"jsonl" or "txt": by the extension, or for stdin (`data`) by whether it starts with a JSON object."""
    if data is not None:
        return "jsonl" if data.lstrip()[:1] == b"{" else "txt"
    return "jsonl" if name.endswith(".jsonl") else "txt"


def open_sources(paths: Iterable[str], stdin: BinaryIO | None = None) -> Iterator[tuple[str, str, str, BinaryIO] | InputError]:
    """Each input in order as (name as given, name in messages, kind, open binary handle), or an InputError.

    Standard input (`-`) is read whole and given as "<stdin>" in an in-memory handle. A file's
    handle is closed when the caller asks for the next input.
    """
    for item in expand_sources(paths):
        if isinstance(item, InputError):
            yield item
        elif item == "-":
            data = (stdin or sys.stdin.buffer).read()
            yield item, "<stdin>", input_kind(item, data), io.BytesIO(data)
        else:
            try:
                handle = open(item, "rb")
            except OSError as exc:
                yield InputError(item, None, f"cannot read: {exc.strerror}")
                continue
            with handle:
                yield item, item, input_kind(item), handle


class UniqueIds:
    """Refuses an article id seen before (two files named story.txt in different folders, a
    repeated JSONL id): rows of two articles must never be mixed under one id."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}  # article id -> the input it came from

    def check(self, article: Article, source: str) -> InputError | None:
        """None the first time an id is seen (and remember it), else the error to report."""
        if article.id in self.seen:
            return InputError(source, None, f"article id {article.id!r} repeats one from {self.seen[article.id]}; give each article a unique id")
        self.seen[article.id] = source
        return None


def read_articles(paths: Iterable[str], stdin: BinaryIO | None = None) -> Iterator[Article | InputError]:
    """Articles from every input, in order, with errors in place of unreadable ones (repeated ids too: `UniqueIds`)."""
    ids = UniqueIds()
    for source in open_sources(paths, stdin):
        if isinstance(source, InputError):
            yield source
            continue
        given, name, kind, handle = source
        for result in (read_jsonl if kind == "jsonl" else read_txt)(handle, name):
            if isinstance(result, Article):
                repeated = ids.check(result, given)
                if repeated is not None:
                    yield repeated
                    continue
            yield result
