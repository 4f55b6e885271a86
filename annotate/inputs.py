"""Read articles from .txt, .jsonl, directories and stdin.

Bad input never stops a batch: every problem becomes an `InputError` naming
the file and line, yielded in place of the article, and the caller reports it.
"""

from __future__ import annotations

import errno
import io
import json
import os
import stat
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
        path = printable(self.path)
        where = f"{path}:{self.line}" if self.line else path
        return f"{where}: {self.message}"


def printable(name: str) -> str:
    """A file name fit for a message: bytes that are not UTF-8 (surrogate escapes) shown as \\xNN."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


MAX_DEPTH = 100
"""Deepest nesting of JSON arrays and objects a JSONL row may have (its metadata is carried along)."""


def _too_deep(value: object, limit: int = MAX_DEPTH) -> bool:
    """True when `value` nests lists/dicts deeper than `limit` (iterative: no recursion on hostile input)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, dict)):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False


def _article_id(row: dict, default_id: str) -> str:
    """The row's "id" (a non-blank string or an integer), or `default_id` when it has none."""
    if "id" not in row:
        return default_id
    value = row["id"]
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        kind = {dict: "an object", list: "a list", bool: "a boolean", float: "a number with a fraction", type(None): "null"}.get(type(value), type(value).__name__)
        raise ValueError(f"'id' must be a non-empty string or an integer, not {kind}")
    if isinstance(value, str) and not value.strip():
        raise ValueError("'id' must be a non-empty string or an integer, not an empty string")
    return str(value)


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
    article_id = _article_id(row, default_id)
    _check_unicode(article_id)
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
    line_no = first_line
    lines = iter(handle)
    while True:
        try:
            raw = next(lines)
        except StopIteration:
            return
        except OSError as exc:  # EIO, a file that vanished under us: the rest of this input is lost, not the batch
            yield line_no, b"", InputError(name, line_no, f"cannot read: {exc.strerror or exc}")
            return
        yield line_no, raw, parse_jsonl_line(raw, name, stem, line_no)
        line_no += 1


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
        row = json.loads(line)
        if _too_deep(row):
            raise RecursionError
        return article_from_json(row, f"{stem}-{line_no}")
    except json.JSONDecodeError as exc:  # colno counts characters of the decoded line (after a first line's BOM)
        return InputError(name, line_no, f"invalid JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        return InputError(name, line_no, f"JSON nested more than {MAX_DEPTH} levels deep")
    except ValueError as exc:
        return InputError(name, line_no, str(exc))


def read_txt(handle: BinaryIO, name: str) -> Iterator[Article | InputError]:
    """A .txt input as one article (id: the file's stem), or one error."""
    lines = []
    line_no = 1
    try:
        for line_no, raw in enumerate(handle, 1):
            line = _decode(raw, name, line_no)
            if isinstance(line, InputError):
                yield line
                return
            lines.append(line)
    except OSError as exc:
        yield InputError(name, line_no if lines else None, f"cannot read: {exc.strerror or exc}")
        return
    text = "".join(lines)
    if not text.strip():
        yield InputError(name, None, "empty article")
        return
    yield article_from_text(Path(name).stem, text)


def expand_sources(paths: Iterable[str]) -> Iterator[str | InputError]:
    """The input files named by `paths` (directories searched recursively, `-` kept), or an error per bad name.

    Only regular files are read (a FIFO or a device would hang or never end); a symlink loop or a
    dangling link inside a directory is reported, not skipped.
    """
    for name in paths:
        if name == "-":
            yield name
            continue
        path = Path(name)
        if path.is_dir():
            found = list(_walk(name))
            if not any(isinstance(item, str) for item in found) and not any(isinstance(item, InputError) for item in found):
                yield InputError(name, None, "directory holds no .txt or .jsonl files")
            yield from found
            continue
        problem = _not_a_file(name)
        if problem:
            yield InputError(name, None, problem)
        elif path.suffix not in SUFFIXES:
            yield InputError(name, None, f"unsupported input type {path.suffix or '(none)'}; use .txt or .jsonl")
        else:
            yield name


def _not_a_file(name: str) -> str | None:
    """Why `name` cannot be read as an input file, or None for a regular file."""
    try:
        info = os.stat(name)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop"
        if exc.errno == errno.ENOENT:
            return "dangling symlink (its target does not exist)" if os.path.islink(name) else "no such file"
        return f"cannot read: {exc.strerror}"
    if not stat.S_ISREG(info.st_mode):
        return f"not a regular file ({_kind(info.st_mode)}); give a file, a directory or -"
    return None


def _kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "not a file"


def _walk(top: str) -> Iterator[str | InputError]:
    """Input files under `top`, sorted, with an error for each broken link and non-regular input-named entry.

    Symlinks are followed; a directory reached twice (a link back up the tree) is walked once.
    """
    items: list[tuple[Path, str | InputError]] = []
    seen: set[tuple[int, int]] = set()

    def unreadable(exc: OSError) -> None:
        where = exc.filename or top
        items.append((Path(where), InputError(where, None, f"cannot read: {exc.strerror}")))

    for root, dirs, files in os.walk(top, onerror=unreadable, followlinks=True):
        info = os.stat(root)
        if (info.st_dev, info.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        for entry in files:  # os.walk lists broken links, FIFOs and devices among the files
            full = os.path.join(root, entry)
            problem = _not_a_file(full)
            if problem is None:
                if Path(entry).suffix in SUFFIXES:
                    items.append((Path(full), full))
            elif os.path.islink(full) and not os.path.exists(full):  # dangling or a loop: always worth a line
                items.append((Path(full), InputError(full, None, problem)))
            elif Path(entry).suffix in SUFFIXES:  # a FIFO or device named like an input
                items.append((Path(full), InputError(full, None, problem)))
    return iter([item for _, item in sorted(items, key=lambda pair: pair[0])])


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
        elif printable(item) != item:
            yield InputError(item, None, "the file name is not valid UTF-8; rename the file (article ids come from file names)")
        else:
            try:
                handle = _open_regular(item)
            except OSError as exc:
                yield InputError(item, None, f"cannot read: {exc.strerror or exc}")
                continue
            with handle:
                yield item, item, input_kind(item), handle


def _open_regular(name: str) -> BinaryIO:
    """`name` opened for reading, refusing anything but a regular file without ever blocking on it
    (a FIFO swapped in after the check would otherwise hang the open)."""
    fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, f"not a regular file ({_kind(mode)})")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


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
