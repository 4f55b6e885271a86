"""What every annotator of a project sees: the model's pre-annotation, only their own answers, the guide.

Label Studio Community edition (checked on 1.23.2) has no annotator role:
every member can open the Data Manager, whose task view lists everyone's
annotations, and a "+" there starts a blank annotation. Its labelling stream
("Label All Tasks", API `/api/projects/<id>/next`) is blind and pre-labels:
it returns the member's own annotations only, and starts each task from the
prediction whose `model_version` is the project's `model_version` when
`show_collab_predictions` is on. So `push` sets those fields, and the docs
send annotators to the stream. Overlap (`maximum_annotations`, several
annotators per task) has no control in the Community UI but its API and
stream honour it: the stream hands a task to different members until it
holds that many annotations.
"""

from __future__ import annotations

from dataclasses import dataclass

from sourcelens.studio.client import Studio
from sourcelens.studio.interface import instructions

ANNOTATOR_VIEW = {
    "show_collab_predictions": True,  # "Use predictions to prelabel tasks"
    "reveal_preannotations_interactively": False,  # show the predicted spans at once, not one by one on click
    "show_instruction": True,  # the guide before the first task (and behind the task page's info button)
    "show_skip_button": True,
}
"""Project fields `push` keeps set (the labelling stream's pre-annotation and the instructions)."""


@dataclass(frozen=True)
class Prelabel:
    """Which predictions the labelling stream starts tasks from."""

    model_version: str
    live: bool
    """True: the connected ML backend's title, so the stream asks the backend for tasks without its prediction."""
    backend_down: bool = False
    """An ML backend is registered on the project but does not answer."""


def prelabel_source(studio: Studio, project, pushed_version: str | None) -> Prelabel | None:
    """The connected ML backend when it answers (it pre-labels hand-imported tasks too), else the pushed predictions' version.

    A registered backend that does not answer would leave every task blank in the stream (Label Studio
    then returns no prediction at all), so it is only chosen while it is up.
    """
    from sourcelens.studio.ml_connect import BACKEND_TITLE

    with studio.errors(f"listing the ML backends of project {project.title!r}"):
        backends = [b for b in studio.client.ml.list(project=project.id) if b.title == BACKEND_TITLE]
    for backend in backends:
        if _answers(backend.url):
            return Prelabel(BACKEND_TITLE, True)
    return Prelabel(pushed_version, False, backend_down=bool(backends)) if pushed_version else None


def _answers(url: str | None) -> bool:
    import httpx

    if not url:
        return False
    try:
        return httpx.get(f"{url.rstrip('/')}/health", timeout=3.0).status_code == 200
    except httpx.HTTPError:
        return False


def apply_settings(studio: Studio, project, prelabel: Prelabel | None = None, overlap: int | None = None) -> dict:
    """Set the annotator-facing fields (and the overlap when given); returns what was sent.

    `overlap`: annotators per task (`maximum_annotations`, for every task: `overlap_cohort_percentage` 100).
    """
    fields: dict = {**ANNOTATOR_VIEW, "expert_instruction": instructions()}
    if prelabel is not None:
        fields["model_version"] = prelabel.model_version
    if overlap is not None:
        fields.update(maximum_annotations=overlap, overlap_cohort_percentage=100)
    with studio.errors(f"updating the settings of project {project.title!r}"):
        studio.client.projects.update(project.id, **fields)
    return fields


def project_url(studio: Studio, project_id: int) -> str:
    """Where people open the project (its task list; "Label All Tasks" starts the stream)."""
    return f"{studio.connection.url.rstrip('/')}/projects/{project_id}/data"


def follow_backend(studio: Studio, project) -> bool:
    """After `studio connect`: let the stream pre-label from the connected backend when it answers (True if so)."""
    prelabel = prelabel_source(studio, project, None)
    if prelabel is None:
        return False
    with studio.errors(f"updating the settings of project {project.title!r}"):
        studio.client.projects.update(project.id, model_version=prelabel.model_version, **ANNOTATOR_VIEW)
    return True
