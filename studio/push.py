"""`studio push`: annotate articles with the current model and import one task per sentence.

Pushing the same articles twice adds nothing: a task's `sentence_id` is
looked up in the project first. `select="uncertain"` keeps the `limit`
sentences a person's minute is best spent on.
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
from sourcelens.studio.tasks import prediction, select_uncertain, task_data

IMPORT_BATCH = 500


@dataclass
class PushReport:
    project_id: int
    articles: int = 0
    sentences: int = 0
    selected: int = 0
    already_there: int = 0
    imported: int = 0
    model_version: str = ""
    errors: list[InputError] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.imported} new tasks in project {self.project_id} ({self.model_version}); "
            f"{self.articles} articles, {self.sentences} sentences annotated, {self.selected} selected, "
            f"{self.already_there} already in the project"
            + (f"; {len(self.errors)} inputs skipped" if self.errors else "")
        )


def existing_sentence_ids(studio: Studio, project_id: int) -> set[str]:
    """Sentence ids the project already has a task for (the idempotency key)."""
    with studio.errors("listing the project's tasks"):
        return {t.data.get("sentence_id") for t in studio.client.tasks.list(project=project_id, fields="task_only", page_size=1000) if t.data}


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
        rules = annotate_article(sentences) if backend.reads_tracker else None  # the tracker ran once already; again only if the inputs need it
        contexts = [context for _, context in backend.model_inputs(sentences, rules)]
        out.extend((row, task_data(article, rows, i, contexts)) for i, row in enumerate(rows))
    return out, backend.version, articles


def push(
    studio: Studio,
    project_name: str,
    sources: Iterable[str],
    spec: BackendSpec = BackendSpec(),
    select: str = "all",
    limit: int | None = None,
    quiet: bool = True,
) -> PushReport:
    """Annotate `sources`, pick the sentences to show, and import those not yet in the project."""
    project = studio.project(project_name, create=True)
    report = PushReport(project.id)
    rows, report.model_version, report.articles = annotated_tasks(sources, spec, report.errors, quiet)
    report.sentences = len(rows)
    have = existing_sentence_ids(studio, project.id)
    fresh = [(row, data) for row, data in rows if data["sentence_id"] not in have]
    report.already_there = len(rows) - len(fresh)
    if select == "uncertain":
        data_of = {id(row): data for row, data in fresh}
        chosen = select_uncertain([row for row, _ in fresh], limit if limit is not None else len(fresh))
        fresh = [(row, data_of[id(row)]) for row in chosen]
    elif limit is not None:
        fresh = fresh[:limit]
    report.selected = len(fresh)
    tasks = [{"data": data, "predictions": [prediction(row)]} for row, data in fresh]
    with tqdm(total=len(tasks), unit=" tasks", desc="importing", disable=quiet) as bar:
        for start in range(0, len(tasks), IMPORT_BATCH):
            batch = tasks[start : start + IMPORT_BATCH]
            with studio.errors(f"importing tasks into project {project_name!r}"):
                studio.client.projects.import_tasks(project.id, request=batch)
            report.imported += len(batch)
            bar.update(len(batch))
    return report
