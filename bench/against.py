"""This checkout against an earlier commit, run in turn on this machine: end-to-end throughput and cold start.

Machines of this project's kind differ up to fourfold in speed from one day to the next (the same code's
raw forward pass: 457 sentences/s on one day, 97-120/s on another; docs/benchmarks.md), so a goal given in
absolute figures on one day ("stays >= 300 sentences/s; measured today: 367/s") is checked as a ratio: the
code the goal was measured on runs beside this checkout, A B A B ..., and each pair gives a ratio.

- e2e: each side's own `bench/throughput.py --child e2e:onnx-int8` (annotate_stream over its own corpus,
  repeated to --sentences), in a fresh process per run;
- cold: each side's `sourcelens annotate --example` as a whole process (wall seconds), after one warm-up
  run each (the baseline may export its ONNX file on its first run).

The baseline is unpacked with `git archive` (no worktree is registered) into
~/.cache/sourcelens/baselines/<commit> with its own venv (made once: about five minutes).
Run: python bench/against.py 68e82d9 [--rounds 3] [--sentences 3000] [--cold-runs 7]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def baseline_checkout(commit: str) -> Path:
    """The commit's tree with an installed venv, made once and kept in the cache."""
    from sourcelens.models.model_dir import cache_dir

    sha = subprocess.run(["git", "-C", str(HERE), "rev-parse", "--verify", f"{commit}^{{commit}}"], capture_output=True, text=True, check=True).stdout.strip()
    root = cache_dir() / "baselines" / sha[:12]
    if (root / ".installed").exists():
        return root
    print(f"unpacking {sha[:12]} into {root} and installing it in its own venv (once; a few minutes)", file=sys.stderr, flush=True)
    root.mkdir(parents=True, exist_ok=True)
    archive = subprocess.Popen(["git", "-C", str(HERE), "archive", sha], stdout=subprocess.PIPE)
    subprocess.run(["tar", "-x", "-C", str(root)], stdin=archive.stdout, check=True)
    if archive.wait() != 0:
        raise SystemExit(f"git archive {sha} failed")
    subprocess.run([sys.executable, "-m", "venv", str(root / ".venv")], check=True)
    subprocess.run([str(root / ".venv/bin/pip"), "install", "-q", "-e", str(root)], check=True)
    (root / ".installed").touch()
    return root


def e2e_rate(root: Path, bindir: Path, sentences: int) -> float:
    """Sentences per second of one side's end-to-end annotation, in a process of its own."""
    cmd = [str(bindir / "python"), str(root / "bench/throughput.py"), "--child", "e2e:onnx-int8", "--sentences", str(sentences)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=root)
    return json.loads(done.stdout.strip().splitlines()[-1])["rate"]


def cold_seconds(root: Path, bindir: Path) -> float:
    """Wall seconds of one side's `sourcelens annotate --example`, start-up to exit."""
    start = time.perf_counter()
    subprocess.run([str(bindir / "sourcelens"), "annotate", "--example"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, cwd=root)
    return time.perf_counter() - start


def paired(measure, runs: int, label: str) -> tuple[list[float], list[float]]:
    """Runs of this checkout (A) and the baseline (B) in turn: A B A B ..."""
    ours, theirs = [], []
    for i in range(runs):
        ours.append(measure("A"))
        theirs.append(measure("B"))
        print(f"  {label} {i + 1}/{runs}: A {ours[-1]:.2f}  B {theirs[-1]:.2f}", file=sys.stderr, flush=True)
    return ours, theirs


def report(name: str, unit: str, ours: list[float], theirs: list[float]) -> None:
    ratios = [a / b for a, b in zip(ours, theirs)]
    print(f"{name:12} A {statistics.median(ours):8.2f} {unit:6} B {statistics.median(theirs):8.2f} {unit:6} "
          f"A/B median {statistics.median(ratios):.3f} (min {min(ratios):.3f}, max {max(ratios):.3f}; {len(ratios)} pairs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("commit", help="the baseline (B): a commit, tag or branch of this repository")
    parser.add_argument("--rounds", type=int, default=3, help="e2e runs of each side (default 3)")
    parser.add_argument("--sentences", type=int, default=3000, help="sentences per e2e run (default 3000)")
    parser.add_argument("--cold-runs", type=int, default=7, help="cold starts of each side (default 7)")
    args = parser.parse_args()
    baseline = baseline_checkout(args.commit)
    sides = {"A": (HERE, Path(sys.executable).parent), "B": (baseline, baseline / ".venv" / "bin")}
    for side in sides.values():  # warm-up: page cache, and the baseline's one-off ONNX export
        cold_seconds(*side)
    e2e = paired(lambda side: e2e_rate(*sides[side], args.sentences), args.rounds, "e2e")
    cold = paired(lambda side: cold_seconds(*sides[side]), args.cold_runs, "cold")
    print(f"A: this checkout ({HERE}); B: {args.commit} ({baseline})")
    report("e2e", "sent/s", *e2e)
    report("cold start", "s", *cold)


if __name__ == "__main__":
    main()
