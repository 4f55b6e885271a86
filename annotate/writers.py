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
import shutil
import tempfile
from pathlib import Path
from typing import Any

from sourcelens.annotate.profile import sourcing_profile
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


def finished_articles(path: str, fmt: str) -> list[str]:
    """Article ids already present in an existing output, in order (for --resume).

    Raises ValueError naming the file when it cannot be read as `fmt`.
    """
    if not os.path.exists(path):
        return []
    try:
        return _finished(path, fmt)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        if isinstance(exc, ValueError) and "--resume works with" in str(exc):
            raise
        raise ValueError(f"{path}: cannot resume from it as .{fmt} ({type(exc).__name__}: {exc})") from None


def _finished(path: str, fmt: str) -> list[str]:
    ids: dict[str, None] = {}
    if fmt == "jsonl":
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    ids[json.loads(line)["article_id"]] = None
    elif fmt == "csv":
        with open(path, encoding="utf-8", newline="") as handle:
            for rec in csv.DictReader(handle):
                ids[rec["article_id"]] = None
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        for value in pq.read_table(path, columns=["article_id"]).column("article_id").to_pylist():
            ids[value] = None
    else:
        raise ValueError(f"--resume works with .jsonl, .csv and .parquet outputs, not .{fmt}")
    return list(ids)


class Writer:
    """Base: a temp file that becomes `path` on close(ok=True)."""

    binary = False

    def __init__(self, path: str, resume: bool = False) -> None:
        self.path = path
        directory = os.path.dirname(os.path.abspath(path))
        os.makedirs(directory, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".part", dir=directory)
        os.close(fd)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.tmp, 0o666 & ~umask)  # mkstemp makes 0600; an output file should be like any other
        try:
            if resume and os.path.exists(path):
                self._carry_over()
            self.open()
        except BaseException:
            os.unlink(self.tmp)
            raise

    def _carry_over(self) -> None:
        shutil.copyfile(self.path, self.tmp)

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
        return self.handle.tell()

    def _rollback(self, mark) -> None:
        self.handle.seek(mark)
        self.handle.truncate()

    def finish(self) -> None:
        self.handle.close()

    def close(self, ok: bool) -> None:
        """Publish the output atomically, or throw the partial file away."""
        finished = False
        try:
            self.finish()
            finished = True
        finally:
            if ok and finished:  # a failed finish (a row group that cannot be written) must not replace good output
                os.replace(self.tmp, self.path)
            elif os.path.exists(self.tmp):
                os.unlink(self.tmp)


class JsonlWriter(Writer):
    def _write(self, article: Article, rows: list[AnnotatedSentence]) -> None:
        for row in rows:
            self.handle.write(dumps(row.to_json()) + "\n")


class CsvWriter(Writer):
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

    def _carry_over(self) -> None:
        pass  # the existing table is re-written as the first row groups in open()

    def open(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.pa = pa
        self.schema = flat_schema()
        previous = pq.read_table(self.path) if self._resuming and os.path.exists(self.path) else None
        self.writer = pq.ParquetWriter(self.tmp, self.schema)
        if previous is not None:
            self.writer.write_table(previous.cast(self.schema))
        self.buffer: list[dict[str, Any]] = []

    def __init__(self, path: str, resume: bool = False) -> None:
        self._resuming = resume
        super().__init__(path, resume)

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


def open_writer(path: str, fmt: str, resume: bool = False) -> Writer:
    return WRITERS[fmt](path, resume=resume)

