"""Output writers: JSONL, CSV, Parquet and a readable HTML view.

Every writer streams article by article into a temporary file beside the
target and renames it into place only on success, so a crash or Ctrl-C never
leaves a half-written output. `--resume` copies the finished articles of an
existing output into the new file and reports their ids so they are skipped.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sourcelens.annotate.locking import OutputLock, check_output_file, lock_output_file
from sourcelens.annotate.profile import sourcing_profile
from sourcelens.atomic import mode_for
from sourcelens.records import LABELS, AnnotatedSentence, Article, dumps

FORMATS = ("jsonl", "csv", "parquet", "html")

FLAT_COLUMNS = (
    ["article_id", "index", "paragraph", "start", "end", "text", "label"]
    + [f"score_{k}" for k in LABELS]
    + ["source", "source_start", "source_end", "source_name", "source_type", "source_role", "cue", "cue_start", "cue_end"]
    + ["signals", "hedges", "anonymous", "relay", "baseline_label", "model_version"]
)


_INT_COLUMNS = frozenset({"index", "paragraph", "start", "end", "source_start", "source_end", "cue_start", "cue_end"})


def flat_schema():
    """The Parquet schema of FLAT_COLUMNS (int32 offsets, float32 scores, strings), shared by the local and Ray engines."""
    import pyarrow as pa

    def kind(name: str):
        if name.startswith("score_"):
            return pa.float32()
        return pa.int32() if name in _INT_COLUMNS else pa.string()

    return pa.schema([pa.field(name, kind(name)) for name in FLAT_COLUMNS])


def flat_row(row: AnnotatedSentence) -> dict[str, Any]:
    """One sentence as a flat table row (CSV and Parquet), derived from the JSON row."""
    out = row.to_json()
    scores, signals = out.pop("scores"), out.pop("signals")
    out.update({f"score_{k}": float(scores.get(k, 0.0)) for k in LABELS})
    for name in ("source", "cue"):
        span = out.pop(name)
        out[name], out[f"{name}_start"], out[f"{name}_end"] = (span["text"], span["start"], span["end"]) if span else (None, None, None)
    out["signals"] = ";".join(row.attribution.signals.names())
    for kind in ("hedges", "anonymous", "relay"):
        out[kind] = ";".join(span["text"] for span in signals[kind])
    return {k: out[k] for k in FLAT_COLUMNS}


def format_for(path: str, explicit: str | None = None) -> str:
    """The output format from --format or the file extension."""
    if explicit:
        return explicit
    suffix = Path(path).suffix.lstrip(".").lower()
    if suffix not in FORMATS:
        raise ValueError(f"cannot tell the output format from {path!r}; use one of .{', .'.join(FORMATS)} or --format")
    return suffix


@dataclass
class ResumeState:
    """What `--resume` keeps of an existing output, verified row by row (see `resume_state`)."""

    ids: list[str] = field(default_factory=list)
    """Articles kept as they are, in order (every one but the last)."""
    keep: int = 0
    """Where the kept articles end: bytes (JSONL, CSV: the header included) or rows (Parquet)."""
    last: str | None = None
    """The output's last article, held back until it is checked against its input (`Writer.keep_last`)."""
    last_rows: int = 0
    last_span: tuple[int, int] = (0, 0)
    """The last article's bytes (JSONL, CSV) or rows (Parquet) in the existing output."""
    notes: list[str] = field(default_factory=list)
    """What was repaired (a torn last line), for the user."""

    @property
    def all_ids(self) -> list[str]:
        return self.ids + ([self.last] if self.last is not None else [])


def finished_articles(path: str, fmt: str) -> list[str]:
    """Article ids already present in an existing output, in order (for --resume).

    Raises ValueError naming the file when it cannot be read as `fmt`.
    """
    return resume_state(path, fmt).all_ids


def resume_state(path: str, fmt: str) -> ResumeState:
    """Verify an existing output for --resume: what to keep, where it ends, and its last article.

    A writer only ever appends whole articles, so damage can only be at the end: a file cut mid-line
    (a torn JSONL line or CSV row is dropped, with a note) or between two rows of the last article.
    The output alone cannot tell whether the last article is complete (its sentence count is in the
    input, not the output), so it is held back: the job keeps it when the input's sentence count
    matches its rows, and annotates it again when not. Every other article must be one block of rows
    with indices 0, 1, 2, ... in order; anything else (a repeated article, a gap, a row that is not
    ours) is refused with a ValueError naming the file and line, never glued or guessed.
    """
    if not os.path.exists(path):
        return ResumeState()
    if fmt not in ("jsonl", "csv", "parquet"):
        raise ValueError(f"--resume works with .jsonl, .csv and .parquet outputs, not .{fmt}")
    try:
        return {"jsonl": _resume_jsonl, "csv": _resume_csv, "parquet": _resume_parquet}[fmt](path)
    except _Refused as exc:
        raise ValueError(f"{path}: cannot resume from it as .{fmt}: {exc}; move it away or run without --resume") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: cannot resume from it as .{fmt} ({type(exc).__name__}: {exc})") from None


class _Refused(ValueError):
    pass


class _Groups:
    """Rows in file order, checked to form whole articles: each id one block with indices 0, 1, 2, ..."""

    def __init__(self, unit: str) -> None:
        self.state = ResumeState()
        self.unit = unit  # "line" or "row", for messages
        self.current: str | None = None
        self.start = self.end = 0
        self.rows = 0

    def add(self, article_id: object, index: object, where: int, start: int, end: int) -> None:
        if not isinstance(article_id, str) or isinstance(index, bool) or not isinstance(index, int):
            raise _Refused(f"{self.unit} {where} is not a sourcelens row (article_id, index)")
        if article_id == self.current:
            if index != self.rows:
                raise _Refused(f"{self.unit} {where}: article {article_id!r} jumps from sentence {self.rows - 1} to {index}")
            self.rows += 1
            self.end = end
            return
        if article_id in self.state.ids:
            raise _Refused(f"{self.unit} {where}: article {article_id!r} appears a second time")
        if index != 0:
            raise _Refused(f"{self.unit} {where}: article {article_id!r} starts at sentence {index}, not 0")
        if self.current is not None:
            self.state.ids.append(self.current)
        self.state.keep = start
        self.current, self.start, self.end, self.rows = article_id, start, end, 1

    def finish(self, end_of_kept: int) -> ResumeState:
        if self.current is None:
            self.state.keep = end_of_kept
        else:
            self.state.last, self.state.last_rows, self.state.last_span = self.current, self.rows, (self.start, self.end)
        return self.state


def _resume_jsonl(path: str) -> ResumeState:
    groups = _Groups("line")
    size = os.path.getsize(path)
    offset = 0
    with open(path, "rb") as handle:
        for line_no, raw in enumerate(handle, 1):
            start, offset = offset, offset + len(raw)
            if not raw.strip():
                continue
            torn = None
            if not raw.endswith(b"\n"):
                torn = "has no newline"
            else:
                try:
                    row = json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, ValueError, RecursionError):
                    if offset < size and handle.read().strip():
                        raise _Refused(f"line {line_no} is not valid JSON") from None
                    torn = "is not valid JSON"
            if torn:
                groups.state.notes.append(f"{path}:{line_no}: the last line is cut short ({torn}): dropped, its article is annotated again")
                break
            if not isinstance(row, dict):
                raise _Refused(f"line {line_no} is not a sourcelens row")
            groups.add(row.get("article_id"), row.get("index"), line_no, start, offset)
    state = groups.finish(0)
    return state


def _resume_csv(path: str) -> ResumeState:
    size = os.path.getsize(path)
    if size == 0:
        return ResumeState()

    class Lines:  # hands the csv reader one physical line at a time, remembering where it ends
        end = 0
        last = b""

        def __init__(self, handle) -> None:
            self.handle = handle

        def __iter__(self):
            for raw in self.handle:
                self.end += len(raw)
                self.last = raw
                yield raw.decode("utf-8")  # a line cut mid-character fails here (torn when it is the last)

    groups = _Groups("row")
    with open(path, "rb") as handle:
        lines = Lines(handle)
        reader = csv.reader(iter(lines), strict=True)
        try:
            header = next(reader)
        except (csv.Error, StopIteration, UnicodeDecodeError):
            header = None
        if header != FLAT_COLUMNS:
            if lines.end >= size and not lines.last.endswith(b"\n"):
                return ResumeState(notes=[f"{path}:1: the header is cut short: dropped, the file is written again"])
            raise _Refused("the first row is not the sourcelens CSV header")
        header_end = lines.end
        record = 1
        while True:
            start = lines.end
            try:
                fields = next(reader)
            except StopIteration:
                break
            except (csv.Error, UnicodeDecodeError) as exc:
                if lines.end >= size:  # at the end of the file: cut mid-row (inside a quoted field, mid-character)
                    groups.state.notes.append(f"{path}: the last row is cut short ({exc}): dropped, its article is annotated again")
                    break
                raise _Refused(f"row {record + 1} is malformed ({exc})") from None
            record += 1
            end = lines.end
            values = dict(zip(FLAT_COLUMNS, fields))
            complete = len(fields) == len(FLAT_COLUMNS) and lines.last.endswith(b"\r\n")
            if complete:
                try:
                    index = int(values["index"])
                    [float(values[f"score_{k}"]) for k in LABELS]
                except ValueError:
                    complete = False
            if not complete:
                if end >= size:
                    groups.state.notes.append(f"{path}: the last row (row {record}) is cut short: dropped, its article is annotated again")
                    break
                raise _Refused(f"row {record} does not hold the {len(FLAT_COLUMNS)} sourcelens columns")
            groups.add(values["article_id"], index, record, start, end)
    return groups.finish(header_end)


def _resume_parquet(path: str) -> ResumeState:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path, columns=["article_id", "index"])
    except Exception as exc:  # pyarrow raises its own ArrowInvalid/OSError for a torn footer
        raise _Refused(f"not a readable Parquet file ({exc}); Parquet outputs are written whole, so this one was damaged after the fact") from None
    groups = _Groups("row")
    for n, (article_id, index) in enumerate(zip(table.column("article_id").to_pylist(), table.column("index").to_pylist())):
        groups.add(article_id, index, n + 1, n, n + 1)
    return groups.finish(0)


def _copy_range(source: str, target, start: int, end: int) -> None:
    with open(source, "rb") as handle:
        handle.seek(start)
        left = end - start
        while left > 0:
            block = handle.read(min(left, 1 << 20))
            if not block:
                raise OSError(f"{source} changed while it was being read")
            target.write(block)
            left -= len(block)


class Writer:
    """Base: a temp file that becomes `path` on close(ok=True).

    Holds the output's lock (`lock`, else its own) so no other run writes `path` meanwhile; part files
    that dead runs left beside it are removed. With `resume`, the verified part of the existing output
    (`state`, else `resume_state(path)`) is carried over, all of it; with `hold_last` the last article
    is held back until `keep_last()` (it was found complete) or `drop_last()` (it is being annotated
    again), and kept at close when neither was called.
    """

    binary = False

    def __init__(self, path: str, resume: bool = False, *, state: ResumeState | None = None, lock: OutputLock | None = None, hold_last: bool = False) -> None:
        self.path = path
        check_output_file(path)
        directory = os.path.dirname(os.path.abspath(path))
        os.makedirs(directory, exist_ok=True)
        self._own_lock = lock is None
        self.lock = lock if lock is not None else lock_output_file(path)
        try:
            self.state = (state if state is not None else resume_state(path, self.fmt)) if resume and os.path.exists(path) else None
            self._last_pending = bool(self.state and self.state.last is not None)
            remove_stale_parts(path)
            fd, self.tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".part", dir=directory)
            os.close(fd)
        except BaseException:
            self._release()
            raise
        try:
            os.chmod(self.tmp, mode_for(Path(path)))  # mkstemp makes 0600; keep the mode of the file it replaces
            if self.state is not None:
                self._carry_over()
            self.open()
            if not hold_last:
                self.keep_last()
        except BaseException:
            os.unlink(self.tmp)
            self._release()
            raise

    fmt = ""

    def _release(self) -> None:
        if self._own_lock:
            self.lock.release()

    def _carry_over(self) -> None:
        with open(self.tmp, "wb") as target:
            _copy_range(self.path, target, 0, self.state.keep)

    def keep_last(self) -> None:
        """Carry the existing output's last article over as it is (it was found complete)."""
        if self._last_pending:
            self._last_pending = False
            self.handle.flush()
            with open(self.tmp, "ab") as target:
                _copy_range(self.path, target, *self.state.last_span)
            self.handle.seek(0, os.SEEK_END)

    def drop_last(self) -> None:
        """Leave the existing output's last article out (it is being annotated again)."""
        self._last_pending = False

    def open(self) -> None:
        self.handle = open(self.tmp, "a", encoding="utf-8", newline="")

    def write(self, article: Article, rows: list[AnnotatedSentence]) -> None:
        """Write one article, all or nothing: an interruption mid-article rolls its rows back."""
        mark = self._mark()
        try:
            self._write(article, rows)
        except BaseException:
            self._rollback(mark)
            raise

    def _write(self, article: Article, rows: list[AnnotatedSentence]) -> None:
        raise NotImplementedError

    def _mark(self):
        self.handle.flush()
        return self.handle.tell()

    def _rollback(self, mark) -> None:
        try:
            self.handle.seek(mark)  # a full disk can fail the flush inside seek: drop the buffer and cut the file
        except OSError:
            pass
        os.truncate(self.tmp, mark)
        self.handle.seek(mark)

    def finish(self) -> None:
        self.handle.close()

    def close(self, ok: bool) -> None:
        """Publish the output atomically, or throw the partial file away; then release the lock."""
        finished = False
        try:
            if ok:
                self.keep_last()  # never met in the inputs: nothing says it is incomplete, and nothing is lost
            self.finish()
            finished = True
        finally:
            try:
                if ok and finished:  # a failed finish (a row group that cannot be written) must not replace good output
                    os.replace(self.tmp, self.path)
                elif os.path.exists(self.tmp):
                    os.unlink(self.tmp)
            finally:
                self._release()

class JsonlWriter(Writer):
    fmt = "jsonl"

    def _write(self, article: Article, rows: list[AnnotatedSentence]) -> None:
        for row in rows:
            self.handle.write(dumps(row.to_json()) + "\n")


class CsvWriter(Writer):
    fmt = "csv"

    def open(self) -> None:
        super().open()
        fresh = self.handle.tell() == 0
        self.csv = csv.DictWriter(self.handle, fieldnames=FLAT_COLUMNS)
        if fresh:
            self.csv.writeheader()

    def _write(self, article: Article, rows: list[AnnotatedSentence]) -> None:
        self.csv.writerows(flat_row(r) for r in rows)


class ParquetWriter(Writer):
    """Row groups of about `group_rows` sentences keep memory flat."""

    group_rows = 4096
    fmt = "parquet"

    def _carry_over(self) -> None:
        pass  # the existing table is re-written as the first row groups in open()

    def open(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.pa = pa
        self.schema = flat_schema()
        self.previous = pq.read_table(self.path).cast(self.schema) if self.state is not None else None
        self.writer = pq.ParquetWriter(self.tmp, self.schema)
        if self.previous is not None and self.state.keep:
            self.writer.write_table(self.previous.slice(0, self.state.keep))
        self.buffer: list[dict[str, Any]] = []

    def keep_last(self) -> None:
        if self._last_pending:
            self._last_pending = False
            self._flush()
            start, end = self.state.last_span
            self.writer.write_table(self.previous.slice(start, end - start))

    def _write(self, article: Article, rows: list[AnnotatedSentence]) -> None:
        self.buffer.extend([flat_row(r) for r in rows])
        if len(self.buffer) >= self.group_rows:
            self._flush()

    def _mark(self):
        return len(self.buffer)

    def _rollback(self, mark) -> None:
        del self.buffer[mark:]  # a flush only ever happens after a whole article is buffered

    def _flush(self) -> None:
        if self.buffer:
            rows, self.buffer = self.buffer, []
            self.writer.write_table(self.pa.Table.from_pylist(rows, schema=self.schema))

    def finish(self) -> None:
        self._flush()
        self.writer.close()


class HtmlWriter(Writer):
    """A page a journalist can read: sentences coloured by label, spans marked, profiles as tables."""

    fmt = "html"

    def open(self) -> None:
        from sourcelens.annotate.html_view import page_end, page_start

        super().open()
        self._end = page_end
        self.handle.write(page_start())

    def _write(self, article: Article, rows: list[AnnotatedSentence]) -> None:
        from sourcelens.annotate.html_view import render_article

        self.handle.write(render_article(article, rows, sourcing_profile(rows)))

    def finish(self) -> None:
        self.handle.write(self._end())
        super().finish()


WRITERS = {"jsonl": JsonlWriter, "csv": CsvWriter, "parquet": ParquetWriter, "html": HtmlWriter}


def open_writer(path: str, fmt: str, resume: bool = False, *, state: ResumeState | None = None, lock: OutputLock | None = None, hold_last: bool = False) -> Writer:
    return WRITERS[fmt](path, resume=resume, state=state, lock=lock, hold_last=hold_last)


def remove_stale_parts(path: str) -> list[str]:
    """Remove the temp files (`.NAME.*.part`) that earlier runs left beside `path`; call with its lock held.

    Every writer takes the lock before it makes a part file, so while we hold it no live run can own
    one: what is there was left by a run that died (SIGKILL, a power cut).
    """
    directory, name = os.path.split(os.path.abspath(path))
    removed = []
    for entry in os.listdir(directory):
        if entry.startswith(f".{name}.") and entry.endswith(".part") and len(entry) > len(name) + 6:
            try:
                os.unlink(os.path.join(directory, entry))
                removed.append(entry)
            except OSError:
                pass
    return removed

