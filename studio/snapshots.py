"""Label Studio pull snapshots: the one owner of their format (write, read, verify).

A snapshot is a directory written by `sourcelens studio pull`::

    <workspace>/corrections/<project>/<NNNN>-<YYYYmmddTHHMMSSZ>/
        labels.jsonl    one HumanLabel per annotation (per sentence and annotator)
        manifest.json   {"project", "snapshot", "created_at", "rows", "sha256", ...}

It is the boundary between the labelling workflow and everything that learns
from or scores against people: training (`train --corrections`) and
evaluation (`eval --human`) read snapshots only through this module, which
needs nothing beyond the standard library and the record types.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

from sourcelens.records import HumanLabel, RecordError, Span, dumps

LABELS_FILE = "labels.jsonl"
MANIFEST_FILE = "manifest.json"


class SnapshotError(ValueError):
    """A snapshot that cannot be read or does not match its manifest; the message names the file."""


@dataclass
class Snapshot:
    path: Path
    project: str
    name: str
    rows: int
    sha256: str
    labels: list[HumanLabel]

    def provenance(self) -> dict:
        """What metrics.json records about this snapshot."""
        return {"path": str(self.path), "project": self.project, "snapshot": self.name, "rows": self.rows, "sha256": self.sha256}


def _check_span(span: Span | None, text: str, where: str, name: str) -> None:
    if span is not None and text[span.start : span.end] != span.text:
        raise SnapshotError(f"{where}: {name} span {span.start}..{span.end} {span.text!r} is not in the sentence text")


def read_snapshot(directory: str | Path) -> Snapshot:
    """One snapshot, verified: the manifest's row count and sha256 must match labels.jsonl."""
    directory = Path(directory)
    manifest_path, labels_path = directory / MANIFEST_FILE, directory / LABELS_FILE
    for path in (manifest_path, labels_path):
        if not path.is_file():
            raise SnapshotError(f"{path}: missing; a snapshot folder holds {MANIFEST_FILE} and {LABELS_FILE}")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        expected_rows, expected_sha = int(manifest["rows"]), str(manifest["sha256"])
    except (ValueError, KeyError, TypeError) as exc:
        raise SnapshotError(f"{manifest_path}: not a snapshot manifest with 'rows' and 'sha256' ({exc})") from None
    body = labels_path.read_bytes()
    digest = hashlib.sha256(body).hexdigest()
    if digest != expected_sha.lower():
        raise SnapshotError(f"{labels_path}: sha256 {digest} does not match the manifest's {expected_sha}; the snapshot was changed after the pull")
    try:
        lines = body.decode("utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise SnapshotError(f"{labels_path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    labels: list[HumanLabel] = []
    for line_no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{labels_path}:{line_no}"
        try:
            label = HumanLabel.from_json(json.loads(line))
        except (ValueError, KeyError, TypeError, RecordError) as exc:
            raise SnapshotError(f"{where}: not a human label ({exc})") from None
        if not label.sentence_id or not label.text.strip():
            raise SnapshotError(f"{where}: a correction needs its sentence_id and text")
        _check_span(label.source, label.text, where, "source")
        _check_span(label.cue, label.text, where, "cue")
        labels.append(label)
    if len(labels) != expected_rows:
        raise SnapshotError(f"{labels_path}: {len(labels)} rows, the manifest says {expected_rows}")
    return Snapshot(directory, str(manifest.get("project", directory.parent.name)), str(manifest.get("snapshot", directory.name)), expected_rows, digest, labels)


def snapshot_dirs(path: str | Path) -> list[Path]:
    """A snapshot folder itself; every snapshot folder of a project folder; or, for a folder of project
    folders (`WORKSPACE/corrections`), every snapshot of every project. In name order; folders starting
    with `.` (a pull that never finished) are skipped."""
    path = Path(path)
    if (path / MANIFEST_FILE).is_file():
        return [path]
    found = _snapshots_in(path)
    if not found and path.is_dir():
        found = [s for project in sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith(".")) for s in _snapshots_in(project)]
    if not found:
        raise SnapshotError(f"{path}: neither a snapshot (no {MANIFEST_FILE}) nor a folder holding snapshots")
    return found


def _snapshots_in(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".") and (p / MANIFEST_FILE).is_file())


_GLOB_CHARS = frozenset("*?[")


def expand(sources: Iterable[str | Path]) -> list[Path]:
    """The snapshot folders that `--corrections` / `--human` arguments name, each once.

    An argument is a snapshot folder, a project folder, a folder of project folders, a snapshot's
    `labels.jsonl` or `manifest.json`, or a glob pattern of any of these (quoted, so sourcelens
    expands it; the shell's expansion gives the same files). SnapshotError for one that names none.
    """
    found: dict[Path, Path] = {}
    for source in sources:
        text = str(source)
        paths = [Path(text)]
        if not Path(text).exists() and _GLOB_CHARS & set(text):
            paths = [Path(p) for p in sorted(glob.glob(text, recursive=True))]
            if not paths:
                raise SnapshotError(f"{text}: the pattern matches no file or folder")
        for path in paths:
            if path.is_file() and path.name in (LABELS_FILE, MANIFEST_FILE):
                path = path.parent
            elif path.is_file():
                raise SnapshotError(f"{path}: not a snapshot file; give a snapshot folder from `studio pull`, its {LABELS_FILE}, or a folder of snapshots")
            elif not path.exists():
                raise SnapshotError(f"{path}: no such file or folder")
            for directory in snapshot_dirs(path):
                found.setdefault(directory.resolve(), directory)
    return list(found.values())


def read_snapshots(sources: Iterable[str | Path]) -> list[Snapshot]:
    """Every snapshot the arguments name (see `expand`), each read and verified once, in pull order (project, then name)."""
    return sorted((read_snapshot(d) for d in expand(sources)), key=lambda s: (s.project, s.name))


def _next_name(folder: Path, now: datetime) -> str:
    numbers = [int(p.name.split("-", 1)[0]) for p in folder.iterdir() if p.is_dir() and p.name[:4].isdigit()] if folder.exists() else []
    return f"{max(numbers, default=0) + 1:04d}-{now.strftime('%Y%m%dT%H%M%SZ')}"


def write_snapshot(folder: Path, labels: list[HumanLabel], manifest: dict[str, Any], name: str | None = None) -> Path:
    """A new snapshot directory, complete or absent: written aside, then renamed into place.

    `name` defaults to the next number and the current UTC time (NNNN-YYYYmmddTHHMMSSZ).
    """
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.now(timezone.utc)
    name = name or _next_name(folder, now)
    body = "".join(dumps(label.to_json()) + "\n" for label in labels).encode("utf-8")
    staging = Path(tempfile.mkdtemp(dir=folder, prefix=f".{name}."))
    (staging / LABELS_FILE).write_bytes(body)
    manifest = {"snapshot": name, "created_at": now.isoformat(), "rows": len(labels), "sha256": hashlib.sha256(body).hexdigest(), **manifest}
    (staging / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    target = folder / name
    os.rename(staging, target)
    return target


def read_labels(*sources: str | Path) -> list[HumanLabel]:
    """Human labels from snapshot folders, project folders, `labels.jsonl` files or glob patterns (see `expand`),
    verified, each snapshot once, in pull order: every version of every annotation (`votes.latest` picks the newest)."""
    return [label for snapshot in read_snapshots(sources) for label in snapshot.labels]
