"""Annotate a large synthetic archive: the local engine against the Ray engine.

Builds an archive of N articles (default 20,000) from the project corpus, the
sentences reshuffled across articles (each article keeps the paragraph shape
of a corpus article, filled with sentences drawn from the whole corpus), as
JSONL in a temp dir, then runs, each in its own subprocess:

- local      `annotate_stream` with the model backend, rows to one Parquet file
             (what `sourcelens annotate DIR -o out.parquet` does)
- ray:K      `run_ray` with K workers (a local Ray with K CPUs), Parquet shards
             (what `sourcelens annotate DIR -o out/ --engine ray --workers K` does)
- floor      the raw batched forward pass of the same model on the same
             sentences, tokenised beforehand, length-sorted batches of 64 (as
             bench/throughput.py); on a sample of --floor-sentences

Peak memory is sampled every 0.5 s over the subprocess and all its
descendants (Ray's gcs_server, raylet and worker processes): the sum of RSS
(shared pages, e.g. Ray's object store, counted once per process) and the sum
of PSS (shared pages split between the processes that map them). The summed
RSS is also recorded when 25%, 50% and 100% of the archive is done (5k, 10k
and 20k articles by default), to show whether memory stays flat.
The Ray rows are compared with the local rows, column by column, and a
table is printed at the end (Markdown, for docs/ray.md).

Run: python bench/scale.py [--articles 20000] [--workers 1,2] [--runtime auto]
A quick check: python bench/scale.py --articles 400
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


def build_archive(n: int, directory: Path, seed: int = 13, per_file: int = 5000) -> list[str]:
    """N reshuffled corpus articles as JSONL files of `per_file` articles; returns the file paths."""
    from sourcelens.corpus.authored import load_corpus

    gold = load_corpus()
    rng = random.Random(seed)
    headlines = [g.article.title for g in gold]
    body = [s.sentence.text for g in gold for s in g.sentences if s.sentence.paragraph > 0]
    shapes = []
    for g in gold:
        counts: dict[int, int] = {}
        for s in g.sentences:
            if s.sentence.paragraph > 0:
                counts[s.sentence.paragraph] = counts.get(s.sentence.paragraph, 0) + 1
        shapes.append([counts[p] for p in sorted(counts)])
    paths, handle = [], None
    for i in range(n):
        if i % per_file == 0:
            if handle:
                handle.close()
            paths.append(str(directory / f"archive-{i // per_file:03d}.jsonl"))
            handle = open(paths[-1], "w", encoding="utf-8")
        shape = shapes[rng.randrange(len(shapes))]
        paragraphs = [" ".join(rng.choice(body) for _ in range(k)) for k in shape]
        title = rng.choice(headlines)
        handle.write(json.dumps({"id": f"syn-{i:06d}", "title": title, "text": title + "\n" + "\n".join(paragraphs)}, ensure_ascii=False) + "\n")
    if handle:
        handle.close()
    return paths


def tree_rss_mb(pid: int | None = None) -> float:
    """Summed RSS (MB) of a process (default: this one) and all its descendants."""
    import psutil

    root = psutil.Process(pid)
    total = 0
    for proc in [root, *root.children(recursive=True)]:
        try:
            total += proc.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total / 2**20


def marks_for(n: int) -> list[int]:
    """Article counts at which RSS is recorded: 25%, 50% and 100% of the archive."""
    return sorted({max(1, n // 4), max(1, n // 2), n})


class RssMarks:
    """Records tree RSS the first time the count of finished articles reaches each mark."""

    def __init__(self, n: int) -> None:
        self.pending = marks_for(n)
        self.done = 0
        self.at: dict[int, int] = {}

    def add(self, articles: int) -> None:
        self.done += articles
        while self.pending and self.done >= self.pending[0]:
            self.at[self.pending.pop(0)] = round(tree_rss_mb())


# ---------------------------------------------------------------- children


def child_local(paths: list[str], out: str, runtime: str, n: int) -> dict:
    from sourcelens.annotate.backends import get_backend
    from sourcelens.annotate.inputs import InputError, read_articles
    from sourcelens.annotate.pipeline import annotate_stream
    from sourcelens.annotate.writers import open_writer

    marks = RssMarks(n)
    start = time.perf_counter()
    backend = get_backend("model", None, runtime)
    writer = open_writer(out, "parquet")
    articles = sentences = errors = 0
    for result in annotate_stream(read_articles(paths), backend):
        if isinstance(result, InputError):
            errors += 1
            continue
        writer.write(*result)
        articles += 1
        sentences += len(result[1])
        marks.add(1)
    writer.close(ok=True)
    seconds = time.perf_counter() - start
    return {"articles": articles, "sentences": sentences, "errors": errors, "seconds": seconds, "rss_at": marks.at, "version": backend.version,
            "self_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def child_ray(paths: list[str], out: str, runtime: str, workers: int, batch_articles: int, n: int) -> dict:
    from sourcelens.annotate.backends import BackendSpec
    from sourcelens.annotate.ray_engine import run_ray

    marks = RssMarks(n)  # this process and its descendants: the local Ray's GCS, raylet and workers
    start = time.perf_counter()
    first: list[float] = []

    def on_shard(row: dict) -> None:
        if not first:
            first.append(time.perf_counter() - start - float(row["seconds"]))
        marks.add(int(row["articles"]))

    result = run_ray(paths, out, BackendSpec("model", runtime=runtime), workers=workers, batch_articles=batch_articles, on_shard=on_shard)
    return {"articles": result.articles, "sentences": result.sentences, "errors": len(result.errors), "seconds": time.perf_counter() - start,
            "plan_seconds": result.plan_seconds, "startup_seconds": first[0] if first else None, "shards": len(result.shards),
            "version": result.model_version, "rss_at": marks.at}


def child_floor(paths: list[str], runtime: str, sample: int) -> dict:
    from throughput import floor_seconds, model_pairs  # bench/ is on sys.path when a bench script runs

    from sourcelens.annotate.inputs import read_articles
    from sourcelens.models.classifier import Classifier
    from sourcelens.records import Article

    clf = Classifier.load(None, runtime=runtime)
    inputs = []
    for item in read_articles(paths):
        if isinstance(item, Article):
            inputs.extend(model_pairs(clf, [item]))
        if len(inputs) >= sample:
            break
    inputs = inputs[:sample]
    seconds = floor_seconds(clf, inputs)
    return {"sentences": len(inputs), "seconds": seconds, "runtime": clf.runtime}


# ---------------------------------------------------------------- parent


class TreeSampler(threading.Thread):
    """Peak summed RSS and PSS (MB) of a process and all its descendants, sampled every `every` s."""

    def __init__(self, pid: int, every: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.peak_rss = self.peak_pss = 0.0
        self.peak_procs = 0
        self.stop = threading.Event()

    def run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self.stop.is_set():
            try:
                procs = [root] + root.children(recursive=True)
            except psutil.NoSuchProcess:
                break
            rss = pss = 0
            for proc in procs:
                try:
                    info = proc.memory_full_info()
                    rss += info.rss
                    pss += getattr(info, "pss", info.rss)
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    pass
            self.peak_rss = max(self.peak_rss, rss / 2**20)
            self.peak_pss = max(self.peak_pss, pss / 2**20)
            self.peak_procs = max(self.peak_procs, len(procs))
            self.stop.wait(self.every)


def run_child(args: list[str]) -> dict:
    proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(proc.pid)
    sampler.start()
    load_before = os.getloadavg()[0]
    out, err = proc.communicate()
    sampler.stop.set()
    sampler.join()
    if proc.returncode != 0:
        sys.stderr.write(err)
        raise SystemExit(f"child {args[:2]} failed ({proc.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    result.update(peak_rss_mb=sampler.peak_rss, peak_pss_mb=sampler.peak_pss, processes=sampler.peak_procs, load=(load_before, os.getloadavg()[0]))
    return result


def compare(local_path: str, ray_dir: str) -> tuple[int, int]:
    """(rows compared, rows differing in any column); scores as stored (float32)."""
    import pyarrow.parquet as pq

    from sourcelens.annotate.ray_engine import read_shards

    local = {(r["article_id"], r["index"]): r for r in pq.read_table(local_path).to_pylist()}
    ray = {(r["article_id"], r["index"]): r for r in read_shards(ray_dir).to_pylist()}
    differing = sum(1 for key in local.keys() | ray.keys() if local.get(key) != ray.get(key))
    return len(local), differing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--workers", default="1,2", help="Ray worker counts to run, comma-separated")
    parser.add_argument("--runtime", default="auto")
    parser.add_argument("--batch-articles", type=int, default=64)
    parser.add_argument("--floor-sentences", type=int, default=5000, help="sentences in the floor's sample")
    parser.add_argument("--keep", help="build the archive and outputs here and keep them (default: a temp dir)")
    parser.add_argument("--json", action="store_true", help="also print every measurement as one JSON line")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, paths_file, *rest = args.child
        paths = json.loads(Path(paths_file).read_text())
        if kind == "local":
            result = child_local(paths, rest[0], args.runtime, args.articles)
        elif kind == "ray":
            result = child_ray(paths, rest[0], args.runtime, int(rest[1]), args.batch_articles, args.articles)
        else:
            result = child_floor(paths, args.runtime, args.floor_sentences)
        print(json.dumps(result))
        return

    with tempfile.TemporaryDirectory(prefix="sourcelens-scale-") as tmp:
        root = Path(args.keep or tmp)
        root.mkdir(parents=True, exist_ok=True)
        (root / "archive").mkdir(exist_ok=True)
        t = time.perf_counter()
        paths = build_archive(args.articles, root / "archive")
        paths_file = root / "paths.json"
        paths_file.write_text(json.dumps(paths))
        size = sum(os.path.getsize(p) for p in paths) / 2**20
        print(f"archive: {args.articles} articles in {len(paths)} JSONL file(s), {size:.1f} MB, built in {time.perf_counter() - t:.1f} s; "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}", flush=True)
        common = ["--articles", str(args.articles), "--runtime", args.runtime, "--batch-articles", str(args.batch_articles), "--floor-sentences", str(args.floor_sentences)]
        results: dict[str, dict] = {}
        results["floor"] = r = run_child(["--child", "floor", str(paths_file), *common])
        print(f"floor ({r['runtime']}): {r['sentences']} sentences in {r['seconds']:.1f} s", flush=True)
        modes = [("local", ["--child", "local", str(paths_file), str(root / "local.parquet")])]
        modes += [(f"ray:{k}", ["--child", "ray", str(paths_file), str(root / f"ray-{k}"), k]) for k in args.workers.split(",")]
        notes = []
        for name, child_args in modes:
            results[name] = r = run_child([*child_args, *common])
            print(f"{name}: {r['articles']} articles, {r['sentences']} sentences in {r['seconds']:.1f} s", flush=True)
            if name != "local":
                compared, differing = compare(str(root / "local.parquet"), str(root / f"ray-{name.split(':')[1]}"))
                notes.append(f"{name}: {r['shards']} shards; planning {r['plan_seconds']:.1f} s, Ray start + actor init ~{r['startup_seconds'] or 0:.1f} s; "
                             f"rows identical to local: {compared - differing}/{compared}" + (f" ({differing} differ)" if differing else ""))
        print()
        print(table(results, marks_for(args.articles)))
        print()
        print("\n".join(notes))
        if args.json:
            print(json.dumps(results), flush=True)


def table(results: dict[str, dict], marks: list[int]) -> str:
    """The side-by-side table (Markdown): rates, ratio to the floor and to local, peak and growing memory."""
    floor = results["floor"]
    floor_rate = floor["sentences"] / floor["seconds"]
    local_rate = results["local"]["sentences"] / results["local"]["seconds"]
    head = ["engine", "articles", "sentences", "wall s", "articles/s", "sentences/s", "vs floor", "vs local", "peak RSS MB (PSS)", "processes",
            "RSS MB at " + " / ".join(f"{m:,}" for m in marks) + " articles", "load avg"]
    rows = [[f"floor ({floor['runtime']}, raw forward pass)", "", f"{floor['sentences']:,}", f"{floor['seconds']:.1f}", "", f"{floor_rate:.1f}", "1.00x", "",
             f"{floor['peak_rss_mb']:,.0f} ({floor['peak_pss_mb']:,.0f})", str(floor["processes"]), "", f"{floor['load'][0]:.1f}-{floor['load'][1]:.1f}"]]
    for name, r in results.items():
        if name == "floor":
            continue
        rate = r["sentences"] / r["seconds"]
        at = {int(k): v for k, v in r["rss_at"].items()}
        rows.append([name, f"{r['articles']:,}", f"{r['sentences']:,}", f"{r['seconds']:.1f}", f"{r['articles'] / r['seconds']:.2f}", f"{rate:.1f}",
                     f"{rate / floor_rate:.2f}x", f"{rate / local_rate:.2f}x", f"{r['peak_rss_mb']:,.0f} ({r['peak_pss_mb']:,.0f})", str(r["processes"]),
                     " / ".join(f"{at[m]:,}" if m in at else "-" for m in marks), f"{r['load'][0]:.1f}-{r['load'][1]:.1f}"])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)

if __name__ == "__main__":
    main()
