"""`studio pull`: what people changed since the last pull, as an immutable snapshot.

Each pull writes `<workspace>/corrections/<project>/<NNNN>-<UTC time>/`
with `labels.jsonl` (one HumanLabel per annotation, with provenance) and a
`manifest.json` (row count, sha256, the cursor range, what was skipped and
why). Snapshots are never rewritten; `cursor.json` remembers where the last
one ended. Several annotators on one sentence are all kept: resolving them
(majority, ties flagged) happens when corrections are used.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sourcelens.atomic import write_atomic
from sourcelens.records import HumanLabel, RecordError
from sourcelens.studio.snapshots import write_snapshot
from sourcelens.studio.client import Studio
from sourcelens.studio.tasks import hand_task_sentence_id, is_sourcelens_task, read_result, task_context


def project_dir(ws: Path, project_name: str, project_id: int | None = None) -> Path:
    """The folder of a project's snapshots and cursor: `corrections/<slug of the title>`.

    Keyed by the Label Studio project id (recorded in `project.json`): two projects whose titles give
    the same slug ("slug test", "slug-test") must not share a cursor, or the second one's annotations
    would never be pulled. The first project keeps the plain slug; another gets `<slug>-<id>`.
    """
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", project_name).strip("-") or "project"
    base = ws / "corrections"
    if project_id is None:
        return base / slug
    candidates = [base / slug, base / f"{slug}-{project_id}"] + [base / f"{slug}-{project_id}-{n}" for n in range(2, 1000)]
    for folder in candidates:
        owner = project_owner(folder)
        if owner is None or owner == project_id:
            return folder
    raise RuntimeError(f"no free corrections folder for project {project_id}")  # a thousand namesakes


def project_owner(folder: Path) -> int | None:
    """The Label Studio project id a corrections folder belongs to, None for a new or empty one.

    `project.json` says it; a folder from before it existed is known by its newest snapshot's manifest.
    """
    marker = folder / PROJECT_FILE
    if marker.exists():
        return json.loads(marker.read_text(encoding="utf-8"))["project_id"]
    for manifest in sorted(folder.glob("*/manifest.json"), reverse=True):
        owner = json.loads(manifest.read_text(encoding="utf-8")).get("project_id")
        if owner is not None:
            return owner
    return None


PROJECT_FILE = "project.json"


@dataclass
class Cursor:
    """The newest annotation update already pulled (and the ids updated at exactly that time)."""

    updated_at: str = ""
    ids: list[int] = field(default_factory=list)

    def is_new(self, annotation: dict[str, Any]) -> bool:
        at = _time(annotation["updated_at"])
        last = _time(self.updated_at) if self.updated_at else None
        return last is None or at > last or (at == last and annotation["id"] not in self.ids)

    def advanced(self, annotations: list[dict[str, Any]]) -> "Cursor":
        if not annotations:
            return self
        newest = max(_time(a["updated_at"]) for a in annotations)
        ids = [a["id"] for a in annotations if _time(a["updated_at"]) == newest]
        if self.updated_at and _time(self.updated_at) == newest:
            ids = sorted(set(ids) | set(self.ids))
        return Cursor(newest.isoformat(), ids)


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@dataclass
class PullReport:
    snapshot: Path | None = None
    rows: int = 0
    cancelled: int = 0
    invalid: list[str] = field(default_factory=list)
    accepted: int = 0
    changed: int = 0
    not_from_prediction: int = 0
    """Annotations that did not start from the model's pre-annotation (blank, or a copy of another annotation): neither accepted nor changed."""
    hand_imported: int = 0
    """Annotations of tasks imported by hand (text only), kept as one-sentence articles."""

    def summary(self) -> str:
        if self.snapshot is None:
            head = "nothing new since the last pull"
        else:
            started = f", {self.not_from_prediction} did not start from it" if self.not_from_prediction else ""
            hand = f"; {self.hand_imported} from tasks imported by hand" if self.hand_imported else ""
            head = f"{self.rows} annotations ({self.accepted} accepted the prediction, {self.changed} changed it{started}{hand}) -> {self.snapshot}"
        skipped = f"; skipped {self.cancelled} cancelled/skipped tasks" if self.cancelled else ""
        bad = f"; skipped {len(self.invalid)} unreadable annotations (listed in the manifest)" if self.invalid else ""
        return head + skipped + bad


def _cursor_file(folder: Path) -> Path:
    return folder / "cursor.json"


def read_cursor(folder: Path) -> Cursor:
    path = _cursor_file(folder)
    return Cursor(**json.loads(path.read_text(encoding="utf-8"))) if path.exists() else Cursor()



def export_tasks(studio: Studio, project_id: int) -> list[dict[str, Any]]:
    """Every annotated task with its annotations (each carrying the prediction it started from)."""
    with studio.errors("exporting annotations"):
        raw = b"".join(studio.client.projects.exports.download_sync(project_id, export_type="JSON", download_all_tasks=False))
    return json.loads(raw)


def _predictions(studio: Studio, task_id: int) -> dict[int, dict[str, Any]]:
    """A task's predictions in full, by id (the export lists a task's predictions by id only)."""
    with studio.errors(f"reading the predictions of task {task_id}"):
        full = studio.client.tasks.get(str(task_id))
    predictions = [p if isinstance(p, dict) else p.dict() for p in (getattr(full, "predictions", None) or [])]
    return {p["id"]: p for p in predictions if p.get("id") is not None}


def started_from(annotation: dict[str, Any]) -> str:
    """How Label Studio says an annotation began: from a prediction (the pre-annotation), from another annotation, or blank.

    The export's `prediction` field names the task's prediction even for a blank start; `parent_prediction`
    is set only when the annotator's annotation was made from it.
    """
    if annotation.get("parent_prediction") is not None:
        return "prediction"
    return "annotation" if annotation.get("parent_annotation") is not None else "blank"


def sentence_of(task: dict[str, Any], project_id: int) -> tuple[str, str, str]:
    """(sentence id, text, classifier context) of a task: pushed tasks carry them; a task imported by hand with only
    `text` becomes a one-sentence article named after the task (provenance: project and task id)."""
    data = task.get("data") or {}
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise RecordError("the task has no sentence in data['text']; sourcelens reads tasks pushed by `studio push` or imported with a 'text' field")
    sentence_id = str(data["sentence_id"]) if is_sourcelens_task(data) else hand_task_sentence_id(project_id, task["id"])
    return sentence_id, text, task_context(data)


def to_human_label(task: dict[str, Any], annotation: dict[str, Any], annotator: str, shown: dict[str, Any] | None, project_id: int = 0) -> HumanLabel:
    """One annotation as a HumanLabel; RecordError when its result cannot be read with this schema.

    `shown`: the prediction the annotation started from (None for a blank start or a copy of another annotation).
    """
    sentence_id, text, context = sentence_of(task, project_id)
    read = read_result(annotation.get("result") or [], text)
    if read.label is None:
        raise RecordError("no label chosen")
    shown_label = None
    if shown is not None:
        try:
            shown_label = read_result(shown.get("result") or [], text).label
        except RecordError:
            shown_label = None
    return HumanLabel(
        sentence_id=sentence_id,
        annotator=annotator,
        label=read.label,
        text=text,
        source=read.source,
        cue=read.cue,
        note=read.note,
        created_at=annotation.get("created_at") or "",
        updated_at=annotation.get("updated_at") or "",
        lead_time=annotation.get("lead_time"),
        shown_label=shown_label,
        shown_model_version=shown.get("model_version") if shown else None,
        task_id=task["id"],
        annotation_id=annotation["id"],
        context=context,
        started_from=started_from(annotation),
    )


def pull(studio: Studio, project_name: str, ws: Path) -> PullReport:
    """Convert the annotations made or changed since the last pull and write them as a snapshot."""
    project = studio.project(project_name)
    folder = project_dir(ws, project_name, project.id)
    cursor = read_cursor(folder)
    report = PullReport()
    tasks = export_tasks(studio, project.id)
    names = studio.annotator_names()
    fresh: list[dict[str, Any]] = []
    labels: list[HumanLabel] = []
    predictions = functools.cache(lambda task_id: _predictions(studio, task_id))  # one fetch per task, only if needed
    for task in tasks:
        for annotation in task.get("annotations", []):
            if not cursor.is_new(annotation):
                continue
            fresh.append(annotation)
            if annotation.get("was_cancelled"):
                report.cancelled += 1
                continue
            author = annotation.get("completed_by")
            author = author.get("email") if isinstance(author, dict) else names.get(author, str(author))
            shown = None  # the prediction this annotation was made from, if it was
            if (parent := annotation.get("parent_prediction")) is not None:
                inline = annotation.get("prediction")
                shown = inline if isinstance(inline, dict) and inline.get("id") == parent and inline.get("result") is not None else predictions(task["id"]).get(parent)
            try:
                label = to_human_label(task, annotation, author, shown, project.id)
            except RecordError as exc:
                report.invalid.append(f"task {task.get('id')} annotation {annotation.get('id')}: {exc}")
                continue
            labels.append(label)
            report.hand_imported += not is_sourcelens_task(task.get("data") or {})
    report.rows = len(labels)
    report.accepted = sum(1 for label in labels if label.accepted is True)
    report.changed = sum(1 for label in labels if label.accepted is False)
    report.not_from_prediction = sum(1 for label in labels if label.started_from != "prediction")
    after = cursor.advanced(fresh)
    if not fresh:
        return report
    report.snapshot = write_snapshot(  # every fresh annotation is a label, a cancellation or an unreadable one
        folder,
        labels,
        {
            "project": project_name,
            "project_id": project.id,
            "server": studio.connection.url,
            "cursor_before": cursor.__dict__,
            "cursor_after": after.__dict__,
            "cancelled": report.cancelled,
            "invalid": report.invalid,
            "accepted": report.accepted,
            "changed": report.changed,
            "not_from_prediction": report.not_from_prediction,
            "hand_imported": report.hand_imported,
            "annotators": sorted({label.annotator for label in labels}),
            "shown_model_versions": dict(Counter(label.shown_model_version or "none" for label in labels)),
        },
    )
    if not (folder / PROJECT_FILE).exists():
        write_atomic(folder / PROJECT_FILE, json.dumps({"project_id": project.id, "project": project_name, "server": studio.connection.url}, indent=2) + "\n")
    write_atomic(_cursor_file(folder), json.dumps(after.__dict__, indent=2) + "\n")
    return report
