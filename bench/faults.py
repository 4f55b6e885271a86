"""Fault injection (issue 13): every case, its outcome, rows lost (must be 0).

Cases 1-8 are `sourcelens annotate` runs; 9 broken model directories; 10 the ML backend process
(token, body size, malformed tasks); 11 the studio workspace's mode; 13 the private Ray's sockets.
(Case 12, pull folders keyed by project id, needs a Label Studio: tests/test_studio.py.)

    python bench/faults.py            # rules backend throughout, plus the memory cases with the model
    python bench/faults.py --no-model
    python bench/faults.py --long     # and a 3 MB line, to see the model's memory level off

Each case runs the real CLI in a subprocess on real files in a temp directory, does the damage
(a concurrent run, a signal, a cut file, a full disk, a hostile input), lets the user's recovery
step run (usually `--resume`), and counts the rows a clean run has that the result lacks. Peak RSS
is the job's own (wait4), for the memory cases.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLI = [sys.executable, "-m", "sourcelens.cli", "annotate"]
RULES = ["--backend", "rules", "-q"]
BODY = "The ministry said output rose. Analysts said it would fall, commea. " * 10
ROWS = 21  # per article of `feed`


def feed(path: Path, n: int, start: int = 0) -> Path:
    path.write_text("".join(json.dumps({"id": f"a{i}", "text": f"Headline {i}\n{BODY}"}) + "\n" for i in range(start, start + n)), encoding="utf-8")
    return path


def job(*args, backend=RULES, preexec=None, timeout=600) -> tuple[int, str, int]:
    """(exit code, stderr, peak RSS in KB) of one annotate run."""
    proc = subprocess.Popen(CLI + [str(a) for a in args] + backend, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            preexec_fn=preexec or (lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)))
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, err, usage.ru_maxrss


def started(*args) -> subprocess.Popen:
    return subprocess.Popen(CLI + [str(a) for a in args] + RULES, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def wait_part(out: Path, proc: subprocess.Popen, size: int = 100_000) -> None:
    deadline = time.time() + 120
    while time.time() < deadline and not any(p.stat().st_size > size for p in out.parent.glob(f".{out.name}.*.part")):
        if proc.poll() is not None:
            raise RuntimeError("the job ended before the fault could be injected")
        time.sleep(0.02)


def rows_of(path: Path) -> list[tuple[str, int]]:
    """(article id, sentence index) of every row of an output, any format."""
    if not path.exists():
        return []
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(path, columns=["article_id", "index"])
        return list(zip(table.column("article_id").to_pylist(), table.column("index").to_pylist()))
    if path.suffix == ".csv":
        import csv

        with open(path, newline="", encoding="utf-8") as handle:
            return [(r["article_id"], int(r["index"])) for r in csv.DictReader(handle)]
    return [(r["article_id"], r["index"]) for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())]


def lost(expected: list, got: list) -> int:
    """Rows a clean run has that `got` lacks; a duplicated or glued row counts as lost too."""
    missing = len(set(expected) - set(got))
    return missing + (len(got) - len(set(got))) + len(set(got) - set(expected))


def first_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.startswith(("error:", "Error:", "note:", "interrupted"))]
    return (lines[0] if lines else text.strip().splitlines()[-1] if text.strip() else "")[:110]


def traceback_free(err: str) -> str:
    return "" if "Traceback" not in err else " TRACEBACK"


# ---------------------------------------------------------------- the cases


def case_lock(tmp: Path):
    big, out = feed(tmp / "big.jsonl", 3000), tmp / "out.jsonl"
    first = started(big, "-o", out)
    wait_part(out, first, 1)
    code, err, _ = job(feed(tmp / "small.jsonl", 1, start=9000), "-o", out)
    first.wait()
    expected = [(f"a{i}", k) for i in range(3000) for k in range(ROWS)]
    yield "1 second run on the same -o", f"exit {code}: {first_line(err)}{traceback_free(err)}", lost(expected, rows_of(out)), None


def _full(tmp: Path, fmt: str, n: int = 40) -> tuple[Path, Path]:
    source = tmp / "src.jsonl"
    if not source.exists():
        feed(source, n)
    full = tmp / f"full.{fmt}"
    if not full.exists():
        job(source, "-o", full)
    return source, full


def case_resume(tmp: Path):
    import pyarrow.parquet as pq

    for fmt, how in [("jsonl", "rows"), ("csv", "rows"), ("parquet", "rows"), ("jsonl", "torn"), ("csv", "torn")]:
        source, full = _full(tmp, fmt)
        damaged = tmp / f"damaged-{how}.{fmt}"
        header = 1 if fmt == "csv" else 0
        if fmt == "parquet":
            pq.write_table(pq.read_table(full).slice(0, 10 * ROWS + 7), damaged)
        else:
            lines = full.read_bytes().splitlines(keepends=True)
            cut = header + 10 * ROWS + 7
            damaged.write_bytes(b"".join(lines[:cut]) + (lines[cut][:40] if how == "torn" else b""))
        code, err, _ = job(source, "-o", damaged, "--resume")
        same = rows_of(damaged) == rows_of(full) and (fmt == "parquet" or damaged.read_bytes() == full.read_bytes())
        label = {"rows": "cut between rows of an article", "torn": "cut mid-line"}[how]
        outcome = f"exit {code}, {'identical to a clean run' if same else 'DIFFERS'}: {first_line(err)}"
        yield f"2 --resume, .{fmt} {label}", outcome + traceback_free(err), lost(rows_of(full), rows_of(damaged)), None
    source, full = _full(tmp, "parquet")
    torn = tmp / "torn.parquet"
    torn.write_bytes(full.read_bytes()[:-64])
    code, err, _ = job(source, "-o", torn, "--resume")
    kept = torn.read_bytes() == full.read_bytes()[:-64]
    yield "2 --resume, .parquet torn", f"exit {code}, refused{', file untouched' if kept else ''}: {first_line(err.split('Error: ')[-1])}", 0 if kept else "?", None


def case_signals(tmp: Path):
    big = feed(tmp / "big.jsonl", 3000)
    expected = [(f"a{i}", k) for i in range(3000) for k in range(ROWS)]
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGKILL):
        out = tmp / f"out-{sig.name}.jsonl"
        proc = started(big, "-o", out)
        wait_part(out, proc)
        proc.send_signal(sig)
        _, err = proc.communicate()
        parts = len(list(tmp.glob(f".{out.name}.*.part")))
        kept = len(rows_of(out))
        code, err2, _ = job(big, "-o", out, "--resume")
        left = len(list(tmp.glob(f".{out.name}.*")))
        outcome = f"exit {proc.returncode}, {kept // ROWS} articles published, {parts} part file(s) left; resume exit {code}, {left} left after"
        yield f"3 {sig.name} mid-run, then --resume", outcome + traceback_free(err + err2), lost(expected, rows_of(out)), None


def case_outputs(tmp: Path):
    target = tmp / "real.jsonl"
    source = feed(tmp / "one.jsonl", 1)
    for kind in ("symlink", "fifo", "device"):
        target.write_text("keep me\n")
        out = tmp / f"o-{kind}.jsonl"
        if kind == "symlink":
            out.symlink_to(target)
        elif kind == "fifo":
            os.mkfifo(out)
        else:
            out = Path("/dev/null")
        code, err, _ = job(source, "-o", out, "--format", "jsonl")
        intact = target.read_text() == "keep me\n" and (kind == "device" or not stat.S_ISREG(os.lstat(out).st_mode))
        yield f"4 -o is a {kind}", f"exit {code}{', left as it was' if intact else ' CHANGED'}: {first_line(err.split('Error: ')[-1])}", 0 if intact else "?", None
    out = tmp / "mode.csv"
    job(source, "-o", out)
    out.chmod(0o600)
    job(source, "-o", out)
    yield "4 replacing a mode-600 output", f"mode after: {oct(stat.S_IMODE(out.stat().st_mode))}", 0, None


def case_crashes(tmp: Path):
    good = feed(tmp / "good.jsonl", 2)
    expected = rows_of_clean(tmp, good)
    deep = tmp / "deep.jsonl"
    deep.write_text('{"id": "deep", "text": "x", "m": ' + "[" * 1000 + "]" * 1000 + "}\n")
    bad = os.fsencode(tmp) + b"/caf\xe9.txt"
    with open(bad, "wb") as handle:
        handle.write(b"Headline\nThe ministry said so.\n")
    mem = tmp / "mem.txt"
    mem.symlink_to("/proc/self/mem")
    for name, source in (("JSONL nested 1,000 deep", deep), ("file name not UTF-8", os.fsdecode(bad)), ("read error (/proc/self/mem)", mem)):
        out = tmp / "crash.jsonl"
        code, err, _ = job(source, good, "-o", out)
        yield f"5 {name}", f"exit {code}: {first_line(err)}{traceback_free(err)}", lost(expected, rows_of(out)), None
    yield from _disk_full(tmp)


def rows_of_clean(tmp: Path, source: Path) -> list:
    out = tmp / f"clean-{source.stem}.jsonl"
    job(source, "-o", out)
    return rows_of(out)


@contextlib.contextmanager
def tiny_disk(tmp: Path, size: str = "256k"):
    """A tmpfs of `size` (needs root), else None."""
    mount = tmp / "tiny"
    mount.mkdir()
    ok = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], capture_output=True).returncode == 0
    try:
        yield mount if ok else None
    finally:
        if ok:
            subprocess.run(["umount", str(mount)], capture_output=True)


def _disk_full(tmp: Path):
    small, many = feed(tmp / "small.jsonl", 1), feed(tmp / "many.jsonl", 200)
    with tiny_disk(tmp) as disk:
        if disk is not None:
            out = disk / "out.jsonl"
            job(small, "-o", out)
            before = rows_of(out)
            code, err, _ = job(many, "-o", out)
            left = [p for p in os.listdir(disk) if p != "out.jsonl"]
            yield "5 disk full (256 KB tmpfs)", f"exit {code}, {len(left)} temp files left: {first_line(err)}{traceback_free(err)}", lost(before, rows_of(out)), None
    out = tmp / "fsize.jsonl"
    job(small, "-o", out)
    before = rows_of(out)

    def limit():
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    code, err, _ = job(many, "-o", out, preexec=limit)
    yield "5 file size limit (RLIMIT_FSIZE)", f"exit {code}: {first_line(err)}{traceback_free(err)}", lost(before, rows_of(out)), None


def case_inputs(tmp: Path):
    good = feed(tmp / "good6.jsonl", 1)
    fifo = tmp / "pipe.txt"
    os.mkfifo(fifo)
    began = time.time()
    code, err, _ = job(fifo, good, "-o", tmp / "fifo.jsonl")
    yield "6 FIFO as an input", f"exit {code} after {time.time() - began:.1f} s: {first_line(err)}", lost(rows_of_clean(tmp, good), rows_of(tmp / "fifo.jsonl")), None
    top = tmp / "archive"
    top.mkdir()
    shutil.copy(good, top / "good.jsonl")
    (top / "gone.txt").symlink_to(tmp / "deleted.txt")
    (top / "loop_a").symlink_to(top / "loop_b")
    (top / "loop_b").symlink_to(top / "loop_a")
    code, err, _ = job(top, "-o", tmp / "dir.jsonl")
    reported = sum(line.startswith("error:") for line in err.splitlines())
    yield "6 dangling link + link loop in a dir", f"exit {code}, {reported} reported: {first_line(err)}", lost(rows_of_clean(tmp, good), rows_of(tmp / "dir.jsonl")), None
    ids = tmp / "ids.jsonl"
    ids.write_text("".join(json.dumps({"id": v, "text": "Fine."}) + "\n" for v in ({"a": 1}, [1], True, "")))
    code, err, _ = job(ids, "-o", tmp / "ids-out.jsonl")
    reported = sum(line.startswith("error:") for line in err.splitlines())
    yield "7 id object/list/bool/empty", f"exit {code}, {reported} of 4 refused: {first_line(err)}", 0, None


def case_memory(tmp: Path, model: bool, long: bool):
    phrase = "the council said the plan would cost more than expected "
    runs = [("rules", RULES)] + ([("model", ["-q"])] if model else [])
    for name, backend in runs:
        for size in (10_000, 100_000, 1_000_000) + ((3_000_000,) if long else ()):
            path = tmp / f"line{size}.txt"
            path.write_text("Headline\n" + (phrase * (size // len(phrase) + 1))[:size] + "\n")
            began = time.time()
            code, err, rss = job(path, "--format", "jsonl", backend=backend)
            yield f"8 {size // 1000:,} KB line, {name}", f"exit {code}, {time.time() - began:.1f} s{traceback_free(err)}", 0, rss


def case_model_dir(tmp: Path):
    """9: broken model directories are one line of error, never mislabelled output."""
    from sourcelens.models.model_dir import DEFAULT_DIR

    source = feed(tmp / "one.jsonl", 1)

    def broken(name: str, damage) -> Path:
        model = tmp / name
        shutil.copytree(DEFAULT_DIR, model)
        damage(model)
        return model

    def relabel(labels):
        def damage(model: Path) -> None:
            info = json.loads((model / "sourcelens.json").read_text())
            info["labels"] = labels
            (model / "sourcelens.json").write_text(json.dumps(info))
        return damage

    cases = {
        "labels of another task": relabel(["positive", "negative", "neutral"]),
        "labels permuted": relabel(["reporter_statement", "official_claim", "commentator_opinion"]),
        "no version": lambda m: (m / "sourcelens.json").write_text(json.dumps({"labels": ["official_claim", "commentator_opinion", "reporter_statement"]})),
        "truncated weights": lambda m: os.truncate(m / "model.safetensors", 1000),
    }
    for name, damage in cases.items():
        out = tmp / f"{name.replace(' ', '-')}.jsonl"
        code, err, _ = job(source, "-o", out, "--model", broken(name.replace(" ", "-"), damage), "--runtime", "torch", backend=["-q"])
        yield f"9 model: {name}", f"exit {code}, nothing written: {not out.exists()}: {first_line(err.split('Error: ')[-1])}{traceback_free(err)}", 0, None


def case_backend(tmp: Path):
    """10: the ML backend answers only with its token, refuses big and malformed bodies."""
    import base64
    import socket
    import urllib.error
    import urllib.request

    from sourcelens.studio import backend_process
    from sourcelens.studio.settings import backend_token_file

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    running = backend_process.start(tmp, port, ["--workspace", str(tmp), "--backend", "rules"])
    try:
        backend_process.wait(tmp, running, timeout=120)
        token = backend_token_file(tmp).read_text().strip()

        def post(path: str, body: bytes, headers: dict) -> int:
            request = urllib.request.Request(running.url + path, data=body, headers={"Content-Type": "application/json", **headers}, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    return response.status
            except urllib.error.HTTPError as exc:
                return exc.code

        def announced(path: str, length: int, headers: dict) -> int:
            import http.client
            from urllib.parse import urlsplit

            url = urlsplit(running.url)
            connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
            connection.putrequest("POST", path)
            for name, value in {**headers, "Content-Type": "application/json", "Content-Length": str(length)}.items():
                connection.putheader(name, value)
            connection.endheaders()
            status = connection.getresponse().status
            connection.close()
            return status

        event = json.dumps({"action": "START_TRAINING", "project": {"id": 1, "title": "p"}}).encode()
        basic = {"Authorization": "Basic " + base64.b64encode(f"anyone:{token}".encode()).decode()}
        yield "10 backend: webhook without a token", f"HTTP {post('/webhook', event, {})}", 0, None
        yield "10 backend: webhook with a wrong token", f"HTTP {post('/webhook', event, {'Authorization': 'Bearer wrong-token-wrong-token'})}", 0, None
        yield "10 backend: /predict with the token (basic)", f"HTTP {post('/predict', json.dumps({'tasks': []}).encode(), basic)}", 0, None
        yield "10 backend: a 5 MB body announced", f"HTTP {announced('/predict', 5_000_000, basic)}, before the body is sent", 0, None
        yield "10 backend: a task that is not an object", f"HTTP {post('/predict', json.dumps({'tasks': [7]}).encode(), basic)}", 0, None
    finally:
        backend_process.stop(tmp)


def case_private(tmp: Path):
    """11 and 13: the studio workspace is private; the private Ray listens on loopback only."""
    from sourcelens.studio.settings import private_dir

    folder = private_dir(tmp / "studio")
    yield "11 studio workspace mode", oct(stat.S_IMODE(folder.stat().st_mode)), 0, None
    code = (
        "import ray, shutil, subprocess\n"
        "from sourcelens.annotate.ray_engine import _start_ray\n"
        "_start_ray(None, 1)\n"
        "lines = subprocess.run(['ss', '-ltnp'], capture_output=True, text=True).stdout.splitlines() if shutil.which('ss') else []\n"
        "ray_lines = [l.split()[3] for l in lines if any(p in l for p in ('gcs_server', 'raylet', 'ray::'))]\n"
        "print(sorted({n['NodeManagerAddress'] for n in ray.nodes()}), len(ray_lines), all('127.0.0.1' in a for a in ray_lines))\n"
        "ray.shutdown()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env={**os.environ, "RAY_ADDRESS": ""})
    yield "13 private Ray: node address, sockets, all on loopback", (done.stdout.strip().splitlines() or ["failed: " + first_line(done.stderr)])[-1], 0, None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-model", action="store_true", help="skip the memory cases with the model")
    parser.add_argument("--long", action="store_true", help="also a 3 MB line (the model takes about 90 s on it)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="sourcelens-faults-") as root:
        for case in (case_lock, case_resume, case_signals, case_outputs, case_crashes, case_inputs, case_model_dir, case_backend, case_private):
            tmp = Path(root) / case.__name__
            tmp.mkdir()
            for row in case(tmp):
                rows.append(row)
                print(f"  {row[0]}", file=sys.stderr)
        tmp = Path(root) / "memory"
        tmp.mkdir()
        for row in case_memory(tmp, not args.no_model, args.long):
            rows.append(row)
            print(f"  {row[0]}", file=sys.stderr)
    width = max(len(r[0]) for r in rows)
    print(f"| {'case':{width}} | outcome | rows lost | peak RSS |")
    print(f"|{'-' * (width + 2)}|---|---:|---:|")
    for name, outcome, lost_rows, rss in rows:
        print(f"| {name:{width}} | {outcome.replace('|', '/')} | {lost_rows} | {f'{rss / 1024:.0f} MB' if rss else ''} |")
    total = sum(r[2] for r in rows if isinstance(r[2], int))
    print(f"\nrows lost in all: {total}")
    sys.exit(0 if total == 0 and all(isinstance(r[2], int) for r in rows) else 1)


if __name__ == "__main__":
    main()
