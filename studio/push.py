"""`studio push`: annotate articles with the current model and import one task per sentence.

Pushing the same articles twice adds nothing: a task's `sentence_id` is
looked up in the project first. `limit` keeps the project's queue at that
many open tasks (tasks from push that still wait for annotations): a push
adds only what is missing, so running it after every labelling session tops
the queue up instead of piling tasks on. `select="uncertain"` fills it with
the sentences a person's minute is best spent on, ranked over the whole
batch and imported most useful first (the labelling stream serves tasks in
that order).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from tqdm import tqdm

from sourcelens.annotate.attribution import annotate_article
from sourcelens.annotate.backends import BackendSpec
from sourcelens.annotate.inputs import InputError, read_articles
from sourcelens.annotate.pipeline import annotate_stream
from sourcelens.records import AnnotatedSentence
from sourcelens.studio.client import Studio
from sourcelens.studio.project_settings import Prelabel, apply_settings, prelabel_source, project_url
from sourcelens.studio.tasks import PER_ARTICLE, is_sourcelens_task, prediction, select_uncertain, task_data, top_score

IMPORT_BATCH = 500


@dataclass
class PushReport:
    project_id: int
    url: str = ""
    articles: int = 0
    sentences: int = 0
    selected: int = 0
    already_there: int = 0
    imported: int = 0
    open_before: int = 0
    """Tasks from push in the project still waiting for annotations before this push."""
    limit: int | None = None
    refreshed: int = 0
    """Open tasks given this model's prediction (they carried an older model's only)."""
    stale_open: int = 0
    """Open tasks outside these inputs without this model's prediction."""
    picked_scores: tuple[float, float] | None = None
    """(lowest, highest) model score of the sentences picked by uncertainty."""
    rest_scores: tuple[float, float] | None = None
    """(lowest, highest) model score of the new sentences not picked."""
    model_version: str = ""
    prelabel: Prelabel | None = None
    overlap: int | None = None
    errors: list[InputError] = field(default_factory=list)

    def summary(self) -> str:
        lines = [
            f"{self.imported} new tasks in project {self.project_id} ({self.model_version}); "
            f"{self.articles} articles, {self.sentences} sentences annotated, {self.selected} selected, "
            f"{self.already_there} already in the project"
            + (f"; {len(self.errors)} inputs skipped" if self.errors else "")
        ]
        if self.limit is not None:
            lines.append(f"queue: {self.open_before} open tasks before, {self.open_before + self.imported} now (--limit {self.limit} keeps up to {self.limit} open)")
        if self.picked_scores is not None:
            low, high = self.picked_scores
            rest = f"; the {self.sentences - self.already_there - self.selected} not picked: {self.rest_scores[0]:.2f}-{self.rest_scores[1]:.2f}" if self.rest_scores else ""
            lines.append(f"picked by uncertainty: model score {low:.2f}-{high:.2f}{rest}")
        if self.refreshed:
            lines.append(f"{self.refreshed} open tasks got this model's prediction (they had an older model's only)")
        if self.stale_open:
            lines.append(f"note: {self.stale_open} open tasks from other inputs carry no prediction of {self.model_version}; "
                         "the labelling stream shows them without pre-annotation until their articles are pushed again")
        if self.prelabel is not None:
            source = "the connected ML backend (live)" if self.prelabel.live else f"the pushed predictions ({self.prelabel.model_version})"
            lines.append(f"annotators start from {source}" + (f"; {self.overlap} annotators per task" if self.overlap else ""))
            if self.prelabel.backend_down:
                lines.append("note: the ML backend registered on this project does not answer, so tasks imported by hand start blank; "
                             "start it (`studio up --with-backend`) and push again or run `studio connect`")
        lines.append(f"open {self.url} and click 'Label All Tasks' (blind, pre-annotated)")
        return "\n".join(lines)


@dataclass
class ProjectTasks:
    """What the project already holds (one listing)."""

    sentence_ids: set[str] = field(default_factory=set)
    open_tasks: dict[str, int] = field(default_factory=dict)
    """sentence id -> task id of the push's tasks that still wait for annotations."""
    versions: dict[int, set[str]] = field(default_factory=dict)
    """task id -> model versions of its predictions (open tasks only)."""


def project_tasks(studio: Studio, project_id: int) -> ProjectTasks:
    """The project's sentence ids (the idempotency key) and its open tasks with their predictions' versions."""
    found = ProjectTasks()
    with studio.errors("listing the project's tasks"):
        for task in studio.client.tasks.list(project=project_id, fields="all", page_size=1000):
            data = task.data or {}
            if not is_sourcelens_task(data):
                continue
            found.sentence_ids.add(data["sentence_id"])
            if not task.is_labeled:
                found.open_tasks[data["sentence_id"]] = task.id
                found.versions[task.id] = {p.model_version for p in (task.predictions or [])}
    return found


def existing_sentence_ids(studio: Studio, project_id: int) -> set[str]:
    """Sentence ids the project already has a task for."""
    return project_tasks(studio, project_id).sentence_ids


def annotated_tasks(sources: Iterable[str], spec: BackendSpec, errors: list[InputError], quiet: bool = True) -> tuple[list[tuple[AnnotatedSentence, dict]], str, int]:
    """(row, task data) for every sentence of the readable inputs; unreadable ones land in `errors`."""
    backend = spec.build()
    out: list[tuple[AnnotatedSentence, dict]] = []
    articles = 0
    for item in tqdm(annotate_stream(read_articles(sources), backend), unit=" articles", desc=f"annotating ({backend.version})", disable=quiet):
        if isinstance(item, InputError):
            errors.append(item)
            continue
        article, rows = item
        articles += 1
        sentences = [row.sentence for row in rows]
        rules = annotate_article(sentences, backend.parse) if backend.reads_tracker else None  # the tracker ran once already; again only if the inputs need it
        contexts = [context for _, context in backend.model_inputs(sentences, rules)]
        out.extend((row, task_data(article, rows, i, contexts)) for i, row in enumerate(rows))
    return out, backend.version, articles


def _range(values: list[float]) -> tuple[float, float] | None:
    return (min(values), max(values)) if values else None


def push(
    studio: Studio,
    project_name: str,
    sources: Iterable[str],
    spec: BackendSpec = BackendSpec(),
    select: str = "all",
    limit: int | None = None,
    quiet: bool = True,
    per_article: int = PER_ARTICLE,
    overlap: int | None = None,
) -> PushReport:
    """Annotate `sources`, top the project's open tasks up to `limit` with the sentences to show, and set what annotators see."""
    project = studio.project(project_name, create=True)
    report = PushReport(project.id, url=project_url(studio, project.id), limit=limit, overlap=overlap)
    rows, report.model_version, report.articles = annotated_tasks(sources, spec, report.errors, quiet)
    report.sentences = len(rows)
    held = project_tasks(studio, project.id)
    report.open_before = len(held.open_tasks)
    fresh = [(row, data) for row, data in rows if data["sentence_id"] not in held.sentence_ids]
    report.already_there = len(rows) - len(fresh)
    room = len(fresh) if limit is None else max(0, limit - report.open_before)
    if select == "uncertain":
        data_of = {id(row): data for row, data in fresh}
        chosen = select_uncertain([row for row, _ in fresh], room, per_article)
        picked = {id(row) for row in chosen}
        report.picked_scores = _range([top_score(row) for row in chosen])
        report.rest_scores = _range([top_score(row) for row, _ in fresh if id(row) not in picked])
        fresh = [(row, data_of[id(row)]) for row in chosen]
    else:
        fresh = fresh[:room]
    report.selected = len(fresh)
    tasks = [{"data": data, "predictions": [prediction(row)]} for row, data in fresh]
    with tqdm(total=len(tasks), unit=" tasks", desc="importing", disable=quiet) as bar:
        for start in range(0, len(tasks), IMPORT_BATCH):
            batch = tasks[start : start + IMPORT_BATCH]
            with studio.errors(f"importing tasks into project {project_name!r}"):
                studio.client.projects.import_tasks(project.id, request=batch)
            report.imported += len(batch)
            bar.update(len(batch))
    report.refreshed, report.stale_open = _refresh_open_tasks(studio, project.id, held, rows, report.model_version)
    has_version = bool(report.imported or report.refreshed) or _has_prediction(held, report.model_version)  # Label Studio refuses a model_version no prediction has
    report.prelabel = prelabel_source(studio, project, report.model_version if has_version else None)
    apply_settings(studio, project, report.prelabel, overlap)
    return report


def _has_prediction(held: ProjectTasks, version: str) -> bool:
    return any(version in versions for versions in held.versions.values())


def _refresh_open_tasks(studio: Studio, project_id: int, held: ProjectTasks, rows: list[tuple[AnnotatedSentence, dict]], version: str) -> tuple[int, int]:
    """Give open tasks of these inputs this model's prediction where they lack one (the stream pre-labels from one model
    version); returns (refreshed, open tasks elsewhere still without it)."""
    by_sentence = {data["sentence_id"]: row for row, data in rows}
    missing = {sid: task_id for sid, task_id in held.open_tasks.items() if version not in held.versions.get(task_id, set())}
    refresh = [{**prediction(by_sentence[sid]), "task": task_id} for sid, task_id in missing.items() if sid in by_sentence]
    if refresh:
        with studio.errors("adding this model's predictions to open tasks"):
            studio.client.projects.import_predictions(project_id, request=refresh)
    return len(refresh), len(missing) - len(refresh)
