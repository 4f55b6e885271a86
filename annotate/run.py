"""The batch `annotate` job behind the CLI: progress, errors, atomic output; local or on Ray.

The library decides and reports through return values and two exception
types; the CLI turns `JobUsageError` into a usage error and `JobError` into
a one-line failure, and prints the result's summary.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, TextIO

from tqdm import tqdm

from sourcelens.annotate.backends import Backend, BackendSpec
from sourcelens.annotate.inputs import InputError, read_articles
from sourcelens.annotate.locking import OutputBusy, OutputLock, check_output_file, lock_output_file
from sourcelens.annotate.pipeline import annotate_stream, segment_article
from sourcelens.annotate.writers import FORMATS, ResumeState, Writer, format_for, open_writer, resume_state
from sourcelens.records import AnnotatedSentence, Article, dumps

SHORT = {"official_claim": "OFFICIAL", "commentator_opinion": "COMMENT", "reporter_statement": "REPORTER"}
ENGINES = ("local", "ray")
"""Where the job runs: this process, or a Ray Data job (annotate/ray_engine.py)."""


class JobUsageError(ValueError):
    """Options that do not fit together (the CLI shows it as a usage error)."""


class JobError(RuntimeError):
    """The job cannot start: the model cannot load, the output cannot be written."""


@dataclass
class AnnotateJob:
    """One `sourcelens annotate` run, as the CLI parsed it."""

    sources: list[str]
    output: str | None = None
    fmt: str | None = None
    spec: BackendSpec = field(default_factory=BackendSpec)
    resume: bool = False
    quiet: bool = False
    engine: str = "local"
    ray_address: str | None = None
    workers: int | None = None


@dataclass
class JobResult:
    articles: int = 0
    sentences: int = 0
    skipped: int = 0
    errors: list[InputError] = field(default_factory=list)
    model_version: str = ""
    output: str | None = None
    resume: bool = False
    interrupted: bool = False
    text: str | None = None
    """A summary written by the engine itself (Ray)."""
    ok: bool = True
    signal: int = signal.SIGINT
    """What interrupted the job: SIGINT (Ctrl-C, exit 130) or SIGTERM (exit 143)."""

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 128 + int(self.signal)
        return 0 if self.ok and not self.errors else 1

    def summary(self) -> str:
        if self.interrupted and self.text is None:
            where = f" to {self.output}; re-run with --resume to finish" if self.output else ""
            by = " by SIGTERM" if self.signal == signal.SIGTERM else ""
            return f"interrupted{by}: {self.articles} finished articles written{where}"
        if self.text is not None:
            return self.text
        text = f"annotated {self.articles} articles, {self.sentences} sentences with {self.model_version}"
        if self.resume:
            text += f"; {self.skipped} articles already done"
        if self.output:
            text += f" -> {self.output}"
        if self.errors:
            text += f"; {len(self.errors)} input(s) failed (see errors above)"
        return text


def print_article(article: Article, rows: list[AnnotatedSentence], out: TextIO) -> None:
    """Readable terminal lines: index, label, score, source, sentence."""
    out.write(f"== {article.id}: {article.title}\n")
    for row in rows:
        a = row.attribution
        who = f" [{a.source_name}]" if a.source_name else ""
        flags = f" {{{', '.join(a.signals.names())}}}" if a.signals.names() else ""
        out.write(f"{row.sentence.index:3d} {SHORT[a.label]:8} {a.scores.get(a.label, 0):.2f}{who} {row.sentence.text}{flags}\n")
    out.write("\n")


def report_error(error: InputError) -> None:
    """One bad input on stderr (above the progress bar), the same for both engines."""
    tqdm.write(f"error: {error}", file=sys.stderr)


def run_annotate(job: AnnotateJob) -> JobResult:
    """Annotate `job.sources` on `job.engine`; bad inputs are reported and counted, never raised.

    SIGTERM is handled as Ctrl-C is (finished articles are published; exit code 143 instead of 130).
    The output is locked for the run: a second run on it fails at once (JobError naming the holder).
    """
    result = JobResult(output=job.output, resume=job.resume)
    with _signals(result):
        if job.engine == "ray":
            ray = _run_ray(job)
            if ray.interrupted:
                ray.signal = result.signal
            return ray
        return _run_local(job, result)


@contextlib.contextmanager
def _signals(result: JobResult) -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt once (later ones are ignored while we clean up); a file-size
    limit (SIGXFSZ) becomes an OSError on the write instead of killing the process."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum, frame) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        result.signal = signal.SIGTERM
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminate)
    previous_xfsz = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGXFSZ, previous_xfsz)


def _run_local(job: AnnotateJob, result: JobResult) -> JobResult:
    fmt = _local_format(job)
    lock = _lock(job.output) if job.output else None
    writer = None
    try:
        state = _resume_state(job, fmt)
        for note in state.notes if state else ():
            tqdm.write(f"note: {note}", file=sys.stderr)
        backend = _build(job.spec)
        writer = _open_writer(job, fmt, state, lock)
    except KeyboardInterrupt:  # before anything was written: the output is as it was
        result.interrupted = True
        return result
    finally:
        if lock is not None and writer is None:
            lock.release()
    result.model_version = backend.version
    emit = writer.write if writer is not None else _printer(fmt)
    bar = tqdm(unit=" articles", disable=job.quiet, file=sys.stderr, desc=f"annotating ({backend.version})")
    ok = False
    failure: OSError | None = None
    try:
        for item in annotate_stream(_pending(job.sources, state, writer, result), backend):
            if isinstance(item, InputError):
                result.errors.append(item)
                report_error(item)
                continue
            emit(*item)
            result.articles += 1
            result.sentences += len(item[1])
            bar.update(1)
        ok = True
    except OSError as exc:  # disk full, a file-size limit, a vanished directory: stop, keep the old output
        if writer is None:
            raise
        failure = exc
    except KeyboardInterrupt:
        # Finished articles are complete rows: publish them, so --resume can carry on from here.
        ok = writer is not None
        result.interrupted = True
    finally:
        bar.close()
        if writer is not None:
            try:
                writer.close(ok)
            except OSError as exc:
                failure = failure or exc
            finally:
                if lock is not None:
                    lock.release()
    if failure is not None:
        kept = "the previous output is kept unchanged" if os.path.exists(job.output) else "nothing was written"
        raise JobError(f"{job.output}: cannot write it ({failure.strerror or failure}); {kept}")
    return result


def _lock(output: str) -> OutputLock:
    """The output's lock, after checking it is a file we may replace."""
    try:
        check_output_file(output)
    except ValueError as exc:
        raise JobUsageError(f"-o {exc}") from None
    try:
        return lock_output_file(output)
    except OutputBusy as exc:
        raise JobError(str(exc)) from None
    except OSError as exc:
        raise JobError(f"{output}: cannot write it ({exc.strerror or exc})") from None


def _local_format(job: AnnotateJob) -> str:
    if job.output and os.path.isdir(job.output):
        raise JobUsageError(f"-o {job.output} is a directory; the local engine writes one file (e.g. -o out.parquet), --engine ray a directory of shards")
    try:
        fmt = format_for(job.output, job.fmt) if job.output else (job.fmt or "text")
    except ValueError as exc:
        raise JobUsageError(str(exc)) from None
    if job.output is None and fmt in {"parquet", "html", "csv"}:
        raise JobUsageError(f"--format {fmt} needs an output file (-o)")
    return fmt


def _resume_state(job: AnnotateJob, fmt: str) -> ResumeState | None:
    if not (job.resume and job.output):
        return None
    try:
        return resume_state(job.output, fmt)
    except ValueError as exc:
        raise JobUsageError(str(exc)) from None


def _build(spec: BackendSpec) -> Backend:
    try:
        return spec.build()
    except (OSError, ValueError) as exc:  # ModelNotFound is an OSError; a broken model dir raises ModelDirError
        raise JobError(f"cannot load the model: {exc}") from None


def _open_writer(job: AnnotateJob, fmt: str, state: ResumeState | None, lock: OutputLock | None) -> Writer | None:
    if not job.output:
        return None
    try:
        return open_writer(job.output, fmt, resume=state is not None, state=state or ResumeState(), lock=lock, hold_last=True)
    except (OSError, ValueError) as exc:
        raise JobError(f"{job.output}: cannot write it ({exc})") from None


def _printer(fmt: str) -> Callable[[Article, list[AnnotatedSentence]], None]:
    """Standard output: JSONL rows, or readable lines."""
    if fmt == "jsonl":
        return lambda article, rows: sys.stdout.writelines(dumps(row.to_json()) + "\n" for row in rows)
    return lambda article, rows: print_article(article, rows, sys.stdout)


def _pending(sources: list[str], state: ResumeState | None, writer: Writer | None, result: JobResult) -> Iterator[Article | InputError]:
    """The inputs less the articles the output already holds; the output's last article (which a cut
    may have left short) is kept only when its rows match the sentences its input has now."""
    done = set(state.ids) if state else set()
    for item in read_articles(sources):
        if isinstance(item, Article) and state is not None and item.id == state.last and writer is not None:
            sentences = segment_article(item)
            if isinstance(sentences, list) and len(sentences) == state.last_rows:
                writer.keep_last()
                result.skipped += 1
                continue
            writer.drop_last()
            tqdm.write(f"note: {writer.path}: article {item.id!r} has {state.last_rows} of its "
                       f"{len(sentences) if isinstance(sentences, list) else '?'} sentences (cut short): annotating it again", file=sys.stderr)
        elif isinstance(item, Article) and item.id in done:
            result.skipped += 1
            continue
        yield item


def _run_ray(job: AnnotateJob) -> JobResult:
    """`annotate --engine ray`: Parquet shards, `_errors.jsonl` and `_manifest.json` in the directory `job.output`."""
    from sourcelens.annotate.ray_engine import RayClientUnsupported, RayNotInstalled, check_address, require_ray, run_ray
    from sourcelens.models.model_dir import ModelNotFound

    if job.output is None:
        raise JobUsageError("--engine ray writes Parquet shards into a directory: give one with -o DIR")
    if job.fmt not in (None, "parquet"):
        raise JobUsageError(f"--engine ray writes Parquet shards only; --format {job.fmt} needs --engine local")
    path = Path(job.output)
    if (path.exists() and not path.is_dir()) or (not path.exists() and path.suffix.lstrip(".").lower() in FORMATS):
        raise JobUsageError(f"--engine ray writes Parquet shards into a directory, and -o {job.output} names a file; give a directory (e.g. -o annotated/)")
    try:
        check_address(job.ray_address)
    except RayClientUnsupported as exc:
        raise JobUsageError(str(exc)) from None
    try:
        require_ray()
        path.mkdir(parents=True, exist_ok=True)
    except RayNotInstalled as exc:
        raise JobError(str(exc)) from None
    except OSError as exc:
        raise JobError(f"{job.output}: cannot write it ({exc})") from None
    try:
        ray = run_ray(job.sources, job.output, job.spec, address=job.ray_address, workers=job.workers, resume=job.resume,
                      progress=not job.quiet, on_error=report_error)
    except ModelNotFound as exc:
        raise JobError(f"cannot load the model: {exc}") from None
    except OutputBusy as exc:
        raise JobError(str(exc)) from None
    except ConnectionError as exc:
        raise JobError(f"cannot connect to Ray at {job.ray_address or os.environ.get('RAY_ADDRESS') or 'the local Ray'}: {exc}") from None
    except KeyboardInterrupt:
        return JobResult(output=job.output, interrupted=True, text=f"interrupted: finished shards are kept in {job.output}; re-run with --resume to finish")
    return JobResult(articles=ray.articles, sentences=ray.sentences, errors=ray.errors, model_version=ray.model_version or "", output=job.output, text=ray.summary(), ok=ray.ok)
