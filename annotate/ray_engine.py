"""The batch `annotate` job as a Ray Data pipeline: one machine or a cluster.

Same job as the local engine (`annotate_stream` over `read_articles`), same
rows, split across Ray actors:

1. Plan (driver, one pass over the inputs). Every line is read exactly as
   `read_articles` reads it (its own `open_sources`, `jsonl_lines`,
   `read_txt` and `UniqueIds`) and every article segmented once
   (`segment_article`): the inputs are cut into *shards* exactly where the
   local engine flushes a backend chunk (the shared `Chunker`), grouping
   whole chunks until a shard holds at least `batch_articles` articles. So each
   actor sends the model the very same batches the local engine would, and the
   labels and scores come out identical (int8 ONNX quantises activations per
   batch, so a different batching moves scores and can flip a label). A shard
   is a list of byte ranges of input files plus each article's sentence
   boundaries (so actors never segment again); its name is a hash of the
   backend, the files, the line range and the bytes themselves (`ShardDigest`),
   so it is deterministic.
   Malformed lines become `InputError`s (file and line) here and never stop
   the job.
2. Run: `ray.data.from_items(shard specs)` -> `map_batches(ShardAnnotator)`,
   a class-based UDF on a fixed pool of actors; each actor builds the backend
   once in `__init__`, reads its shard's byte ranges, runs `annotate_stream`
   and writes `part-<file>-<line>-<hash>.parquet` (rows = `flat_row`, schema
   `flat_schema`: the local Parquet writer's) atomically.
3. Finish: stale shards of earlier runs are removed, `_errors.jsonl` and
   `_manifest.json` (shards in input order, with counts) are written.

`resume=True` skips shards whose file already exists, so a job that was
interrupted re-runs only the missing shards.

Inputs and the output directory must be visible at the same path on every
node (one machine: nothing to do; a cluster: a shared file system), as for
Ray's own file readers and writers. The Ray files start with `_` or `.`, so
`pyarrow.parquet.read_table(output_dir)` / `pandas.read_parquet(output_dir)`
read the shards alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import re
import sys
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterator

# The local reader's own pieces, so a line reads exactly as `read_articles` reads it.
from sourcelens.annotate.backends import BackendSpec
from sourcelens.annotate.inputs import InputError, UniqueIds, jsonl_lines, open_sources, read_txt
from sourcelens.annotate.locking import OutputLock
from sourcelens.annotate.pipeline import CHUNK_SENTENCES, Chunker, annotate_stream, segment_article
from sourcelens.annotate.segment import sentences_at
from sourcelens.annotate.writers import flat_row, flat_schema
from sourcelens.atomic import atomic_path, write_atomic
from sourcelens.records import Article, dumps

LOOPBACK = "127.0.0.1"
"""The address a private local Ray binds."""
LOCK_FILE = ".sourcelens.lock"
"""Held (flock) by the run writing the directory; see annotate/locking.py."""
ERRORS_FILE = "_errors.jsonl"
"""Bad inputs, one JSON object a line ({"path", "line", "message"}). `_` so Parquet readers skip it."""
MANIFEST_FILE = "_manifest.json"
SHARD_PREFIX = "part-"
SHARD_FORMAT = "sourcelens-ray-shard-2"
"""Part of every shard's hash: bump it when the shard layout changes, so --resume recomputes."""
_SHARD_NAME = re.compile(r"^part-.*-[0-9a-f]{16}\.parquet$")


# ---------------------------------------------------------------- parsing (driver and actors alike)


def _segment_items(seg: dict, data: bytes) -> Iterator[Article | InputError]:
    """The items of one planned byte range, in order (what the actor feeds `annotate_stream`)."""
    skip = set(seg.get("skip", ()))
    if seg["kind"] == "txt":
        if 1 not in skip:
            yield from read_txt(io.BytesIO(data), seg["name"])
        return
    for line_no, _, item in jsonl_lines(io.BytesIO(data), seg["name"], seg["first_line"]):
        if item is not None and line_no not in skip:
            yield item


# ---------------------------------------------------------------- planning (driver)


@dataclass
class Shard:
    """A run of input: byte ranges of files that the local engine would annotate as whole chunks."""

    name: str
    segments: list[dict]
    articles: int
    sentences: int
    digest: str
    bounds: dict[str, list[list[int]]] = field(default_factory=dict)
    """Article id -> its sentences' [paragraph, start, end], as the planner segmented them."""

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Plan:
    shards: list[Shard]
    errors: list[InputError]
    temp_files: list[str] = field(default_factory=list)


class ShardDigest:
    """A shard's identity: the backend tag, each byte range's name and first line, its bytes, and the
    lines left out as repeated ids. The planner computes it while reading; an actor recomputes it
    from the bytes it reads, to notice an input that changed after planning."""

    def __init__(self, tag: str) -> None:
        self.hash = hashlib.sha256(f"{SHARD_FORMAT}\0{tag}\0".encode())

    def segment(self, name: str, first_line: int) -> None:
        self.hash.update(f"\0{name}\0{first_line}\0".encode())

    def data(self, raw: bytes) -> None:
        self.hash.update(raw)

    def finish(self, segments: list[dict]) -> str:
        self.hash.update(json.dumps([seg.get("skip", []) for seg in segments]).encode())
        return self.hash.hexdigest()[:16]


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("._")[:40] or "input"


class _Planner:
    """Walks the inputs once, as `read_articles` does, cutting shards where the local engine flushes a chunk."""

    def __init__(self, tag: str, batch_articles: int, chunk_sentences: int) -> None:
        self.tag = tag
        self.batch_articles = max(1, batch_articles)
        self.shards: list[Shard] = []
        self.errors: list[InputError] = []
        self.ids = UniqueIds()  # read_articles refuses repeated ids
        self.chunker = Chunker(chunk_sentences)  # the local engine's flush points
        self._new_shard()

    def _new_shard(self) -> None:
        self.segments: list[dict] = []
        self.digest = ShardDigest(self.tag)
        self.bounds: dict[str, list[list[int]]] = {}
        self.articles = self.sentences = 0

    def add(self, item_name: str, seg_name: str, path: str, kind: str, start: int, line_no: int, raw: bytes, item: Article | InputError | None) -> None:
        """Account one line (or a whole .txt file) at byte `start` of `path`."""
        seg = self.segments[-1] if self.segments else None
        if seg is None or seg["path"] != path or seg["end"] != start:
            seg = {"name": seg_name, "path": path, "kind": kind, "start": start, "end": start, "first_line": line_no, "last_line": line_no, "skip": []}
            self.segments.append(seg)
            self.digest.segment(seg_name, line_no)
        seg["end"], seg["last_line"] = start + len(raw), line_no
        self.digest.data(raw)
        if item is None:
            return
        if isinstance(item, InputError):
            self.errors.append(item)
            return
        repeated = self.ids.check(item, item_name)
        if repeated is not None:
            self.errors.append(repeated)
            seg["skip"].append(line_no)
            return
        sentences = segment_article(item)
        if isinstance(sentences, InputError):  # annotate_stream reports it and does not count it towards a chunk
            self.errors.append(sentences)
            return
        if item.sentences is None:
            self.bounds[item.id] = [[s.paragraph, s.start, s.end] for s in sentences]
        self.articles += 1
        self.sentences += len(sentences)
        if self.chunker.add(len(sentences)) and self.articles >= self.batch_articles:
            self.close()

    def close(self) -> None:
        if self.articles:
            digest = self.digest.finish(self.segments)
            first = self.segments[0]
            line = f"-{first['first_line']}" if first["kind"] == "jsonl" else ""
            name = f"{SHARD_PREFIX}{_safe(Path(first['name']).stem)}{line}-{digest}.parquet"
            self.shards.append(Shard(name, self.segments, self.articles, self.sentences, digest, self.bounds))
        self._new_shard()

    def jsonl(self, item_name: str, seg_name: str, path: str, handle) -> None:
        offset = 0
        for line_no, raw, item in jsonl_lines(handle, seg_name):
            self.add(item_name, seg_name, path, "jsonl", offset, line_no, raw, item)
            offset += len(raw)

    def txt(self, item_name: str, seg_name: str, path: str, data: bytes) -> None:
        results = list(read_txt(io.BytesIO(data), seg_name))
        self.add(item_name, seg_name, path, "txt", 0, 1, data, results[0] if results else None)


def plan_shards(
    sources: list[str], tag: str, batch_articles: int = 64, spool_dir: str | None = None, chunk_sentences: int = CHUNK_SENTENCES, stdin=None
) -> Plan:
    """Cut `sources` into shards (see the module docstring); bad inputs become errors, never exceptions."""
    planner = _Planner(tag, batch_articles, chunk_sentences)
    temp_files: list[str] = []
    for source in open_sources(sources, stdin):
        if isinstance(source, InputError):
            planner.errors.append(source)
            continue
        item, name, kind, handle = source
        if item == "-":  # actors cannot read our stdin: spool it into the output directory
            data = handle.getvalue()
            spool = Path(spool_dir or ".") / f"_stdin-{hashlib.sha256(data).hexdigest()[:16]}.{kind}"
            spool.write_bytes(data)
            temp_files.append(str(spool))
            path = str(spool.resolve())
        else:
            path = str(Path(item).resolve())
        if kind == "jsonl":
            planner.jsonl(item, name, path, handle)
        else:
            planner.txt(item, name, path, handle.read())
    planner.close()
    return Plan(planner.shards, planner.errors, temp_files)


# ---------------------------------------------------------------- one shard (inside an actor)


def annotate_shard(spec: dict, backend, output_dir: str) -> dict:
    """Annotate one planned shard with `backend` and write it atomically; returns a summary row."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    started = time.perf_counter()
    digest = ShardDigest(spec["tag"])
    chunks: list[tuple[dict, bytes]] = []
    for seg in spec["segments"]:
        with open(seg["path"], "rb") as handle:
            handle.seek(seg["start"])
            data = handle.read(seg["end"] - seg["start"])
        digest.segment(seg["name"], seg["first_line"])
        digest.data(data)
        chunks.append((seg, data))
    summary = {"shard": spec["name"], "status": "written", "articles": 0, "sentences": 0, "model_version": backend.version, "seconds": 0.0}
    if digest.finish(spec["segments"]) != spec["digest"]:
        summary["status"] = "changed"  # the input changed after planning: write nothing
        return summary

    def items() -> Iterator[Article | InputError]:
        for seg, data in chunks:
            yield from _segment_items(seg, data)

    bounds = spec.get("bounds", {})
    rows: list[dict[str, Any]] = []
    for result in annotate_stream(items(), backend, segmenter=lambda article: sentences_at(article, bounds.get(article.id, []))):
        if isinstance(result, InputError):
            continue  # the driver has reported it already, in input order
        rows.extend(flat_row(r) for r in result[1])
        summary["articles"] += 1
    summary["sentences"] = len(rows)
    if summary["articles"] != spec["articles"]:
        raise RuntimeError(
            f"shard {spec['name']}: the driver planned {spec['articles']} articles, this worker read {summary['articles']}; "
            "every Ray node must run the same sourcelens version"
        )
    meta = {k: v for k, v in spec.items() if k not in {"tag", "bounds"}}
    meta["model_version"] = backend.version
    table = pa.Table.from_pylist(rows, schema=flat_schema()).replace_schema_metadata({"sourcelens": dumps(meta)})
    with atomic_path(os.path.join(output_dir, spec["name"])) as tmp:  # an interrupted job never leaves a half shard
        pq.write_table(table, tmp)
    summary["seconds"] = time.perf_counter() - started
    return summary


class ShardAnnotator:
    """Ray Data class-based UDF: the backend is built once per actor, then one shard per call."""

    def __init__(self, spec: dict, output_dir: str) -> None:
        logging.getLogger("transformers").setLevel(logging.ERROR)
        self.backend = BackendSpec(**spec).build()  # spec.threads: the CPUs this actor owns
        self.output_dir = output_dir

    def __call__(self, batch: dict) -> dict:
        out: dict[str, list] = {}
        for spec in batch["spec"]:
            summary = annotate_shard(json.loads(str(spec)), self.backend, self.output_dir)
            for key, value in summary.items():
                out.setdefault(key, []).append(value)
        return out


# ---------------------------------------------------------------- the job (driver)


@dataclass
class RayResult:
    output_dir: str
    shards: list[str]
    """Every shard of the job, in input order (also in _manifest.json)."""
    written: int
    skipped: int
    """Shards kept from an earlier run (--resume)."""
    articles: int
    sentences: int
    errors: list[InputError]
    model_version: str | None
    workers: int
    seconds: float
    changed: list[str] = field(default_factory=list)
    """Shards not written because their input changed while the job ran (re-run with resume)."""
    plan_seconds: float = 0.0
    """Of `seconds`, the driver's pass over the inputs (parse, segment, cut shards)."""

    @property
    def ok(self) -> bool:
        return not self.errors and not self.changed

    def summary(self) -> str:
        text = f"annotated {self.articles} articles, {self.sentences} sentences with {self.model_version or '?'} in {len(self.shards)} shards"
        text += f" ({self.written} written, {self.skipped} already done) on {self.workers} Ray worker(s) in {self.seconds:.1f} s -> {self.output_dir}"
        if self.errors:
            text += f"; {len(self.errors)} input(s) failed (see {os.path.join(self.output_dir, ERRORS_FILE)})"
        if self.changed:
            text += f"; {len(self.changed)} shard(s) skipped because their input changed while the job ran: re-run with --resume"
        return text


class RayNotInstalled(ImportError):
    pass


class RayClientUnsupported(ValueError):
    pass


def check_address(address: str | None) -> None:
    """Refuse a Ray Client address (ray://...): Ray Data's executor needs a driver inside the cluster."""
    address = address or os.environ.get("RAY_ADDRESS") or ""
    if address.startswith("ray://"):
        raise RayClientUnsupported(
            f"Ray Data does not run over Ray Client ({address}); run sourcelens on a node of the cluster with --ray-address auto (or HEAD:6379)"
        )


def require_ray() -> None:
    """Raise RayNotInstalled, with the install command, when Ray Data cannot be imported."""
    try:
        import ray.data  # noqa: F401
    except ImportError as exc:
        raise RayNotInstalled(f'the Ray engine needs Ray Data ({exc}); install it with: pip install "sourcelens[ray]"') from None


def start_private_ray(num_cpus: int) -> None:
    """A Ray of this process's own, every server on 127.0.0.1 only.

    Ray has no authentication by default, and on Linux it binds its GCS, raylet
    and workers to the machine's network address even when told 127.0.0.1
    (it swaps loopback for a "remotely reachable" address unless clusters are
    switched off): anyone on the network could run code here. Switching
    clusters off (RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0, read by Ray's processes
    and, already imported, patched in this one) keeps every server on loopback.
    """
    import ray
    from ray._private import ray_constants

    os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
    ray_constants.ENABLE_RAY_CLUSTER = False
    ray.init(address="local", num_cpus=num_cpus, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False, _node_ip_address=LOOPBACK)


def _start_ray(address: str | None, workers: int | None) -> bool:
    """Connect to `address` / RAY_ADDRESS, else start a private local Ray; True when this call started it."""
    import ray

    if ray.is_initialized():
        return False
    address = address or os.environ.get("RAY_ADDRESS") or None
    if address:
        ray.init(address=address, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
    else:
        start_private_ray(workers or os.cpu_count() or 1)
    return True


def _read_metadata(path: Path) -> dict:
    import pyarrow.parquet as pq

    meta = pq.read_schema(path).metadata or {}
    return json.loads(meta.get(b"sourcelens", b"{}"))


def run_ray(
    sources: list[str],
    output_dir: str,
    spec: BackendSpec = BackendSpec(),
    *,
    address: str | None = None,
    workers: int | None = None,
    resume: bool = False,
    batch_articles: int = 64,
    cpus_per_worker: int = 1,
    progress: bool = False,
    on_shard: Callable[[dict], None] | None = None,
    on_error: Callable[[InputError], None] | None = None,
) -> RayResult:
    """Annotate `sources` into Parquet shards in `output_dir` on Ray; see the module docstring.

    `workers`: actors (each a model copy on `cpus_per_worker` CPUs); default
    one per CPU of the cluster. A local Ray is started with `workers` CPUs
    (default: this machine's cores). `progress` shows a bar on stderr;
    `on_shard` is called with each finished shard's summary, `on_error`
    with each bad input, in input order, once the inputs are planned (before
    Ray starts). Raises RayNotInstalled without Ray, RayClientUnsupported
    for a ray:// address, ConnectionError when `address` cannot be reached,
    ModelNotFound for a missing model.
    """
    require_ray()
    check_address(address)
    started = time.perf_counter()
    out = Path(output_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    with OutputLock(str(out / LOCK_FILE), output_dir):  # OutputBusy when another run writes this directory
        return _run_locked(sources, out, spec, started, address, workers, resume, batch_articles, cpus_per_worker, progress, on_shard, on_error)


def _run_locked(sources, out: Path, spec: BackendSpec, started: float, address, workers, resume, batch_articles, cpus_per_worker, progress, on_shard, on_error) -> RayResult:
    tag = spec.tag()
    plan = plan_shards(list(sources), tag, batch_articles, spool_dir=str(out))
    plan_seconds = time.perf_counter() - started
    for error in plan.errors if on_error is not None else ():
        on_error(error)
    todo = [s for s in plan.shards if not (resume and (out / s.name).exists())]
    worker_spec = replace(spec.with_model_path(), threads=cpus_per_worker)
    try:
        done = _execute(todo, tag, worker_spec, out, address, workers, cpus_per_worker, progress, on_shard) if todo else _Executed()
    finally:
        for spool in plan.temp_files:
            with contextlib.suppress(OSError):
                os.unlink(spool)
    manifest = _finish(out, plan, tag, done)
    return RayResult(
        output_dir=str(out),
        shards=[s.name for s in plan.shards],
        written=len(done.written),
        skipped=len(plan.shards) - len(todo),
        articles=manifest["articles"],
        sentences=manifest["sentences"],
        errors=plan.errors,
        model_version=", ".join(manifest["model_version"]) or None,
        workers=done.actors,
        seconds=time.perf_counter() - started,
        changed=done.changed,
        plan_seconds=plan_seconds,
    )


@dataclass
class _Executed:
    written: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    versions: set[str] = field(default_factory=set)
    actors: int = 0


def _execute(todo: list[Shard], tag: str, spec: BackendSpec, out: Path, address: str | None, workers: int | None, cpus_per_worker: int,
             progress: bool, on_shard: Callable[[dict], None] | None) -> _Executed:
    """Run the shards on a fixed pool of Ray actors; Ray is started (and stopped) here unless already up."""
    import ray
    import ray.data

    done = _Executed()
    started_ray = _start_ray(address, workers)
    try:
        logging.getLogger("ray.data").setLevel(logging.ERROR)
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False
        ctx.print_on_execution_start = False
        ctx.enable_auto_log_stats = False
        slots = max(1, int(ray.cluster_resources().get("CPU", 1) // cpus_per_worker))
        done.actors = max(1, min(workers or slots, slots, len(todo)))  # more actors than CPUs would wait forever
        specs = [{"spec": dumps({**s.to_json(), "tag": tag})} for s in todo]
        ds = ray.data.from_items(specs, override_num_blocks=len(specs)).map_batches(
            ShardAnnotator,
            fn_constructor_kwargs={"spec": asdict(spec), "output_dir": str(out)},
            batch_size=1,
            # a fixed pool of n actors (what concurrency=n gives) taking one shard at a time, so no
            # shard waits queued behind another on a busy actor while a second actor is idle
            compute=ray.data.ActorPoolStrategy(size=done.actors, max_tasks_in_flight_per_actor=1),
            num_cpus=cpus_per_worker,
        )
        by_name = {s.name: s for s in todo}
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=sum(s.articles for s in todo), unit=" articles", file=sys.stderr,
                       desc=f"annotating on Ray ({done.actors} worker{'s' if done.actors != 1 else ''})")
        try:
            for row in ds.iter_rows():
                row = {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
                if row["status"] == "changed":
                    done.changed.append(row["shard"])
                else:
                    done.written.append(row["shard"])
                    done.versions.add(row["model_version"])
                if bar is not None:
                    bar.update(by_name[row["shard"]].articles)
                if on_shard is not None:
                    on_shard(row)
        finally:
            if bar is not None:
                bar.close()
    finally:
        if started_ray:
            ray.shutdown()
    return done


def _finish(out: Path, plan: Plan, tag: str, done: _Executed) -> dict:
    """The directory now holds exactly this job's shards: drop stale ones, write _errors.jsonl and _manifest.json."""
    keep = {s.name for s in plan.shards}
    for path in out.iterdir():
        stale_shard = _SHARD_NAME.match(path.name) and path.name not in keep
        stale_tmp = path.name.startswith(f".{SHARD_PREFIX}") and path.name.endswith(".tmp")
        if stale_shard or stale_tmp:
            with contextlib.suppress(OSError):
                path.unlink()
    versions = set(done.versions)
    if not versions:
        for shard in plan.shards:
            if (out / shard.name).exists():
                versions.add(_read_metadata(out / shard.name).get("model_version"))
                break
    write_atomic(out / ERRORS_FILE, "".join(dumps({"path": e.path, "line": e.line, "message": e.message}) + "\n" for e in plan.errors))
    finished = [s for s in plan.shards if s.name not in set(done.changed)]
    manifest = {
        "backend": tag,
        "model_version": sorted(v for v in versions if v),
        "articles": sum(s.articles for s in finished),
        "sentences": sum(s.sentences for s in finished),
        "errors": len(plan.errors),
        "shards": [{"name": s.name, "articles": s.articles, "sentences": s.sentences, "inputs": [
            {"path": g["name"], "first_line": g["first_line"], "last_line": g["last_line"]} for g in s.segments]} for s in plan.shards],
    }
    write_atomic(out / MANIFEST_FILE, json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    return manifest


def read_shards(output_dir: str):
    """All rows of a finished job as one pyarrow Table, in input order (via the manifest)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(output_dir)
    manifest = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))
    tables = [pq.read_table(out / s["name"]) for s in manifest["shards"] if (out / s["name"]).exists()]
    return pa.concat_tables(tables) if tables else flat_schema().empty_table()
