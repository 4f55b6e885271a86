"""Talking to Label Studio through label-studio-sdk, with errors a user can act on."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from sourcelens.studio.interface import check_config, label_config
from sourcelens.studio.settings import Connection, StudioError


@dataclass
class Studio:
    """An authenticated client plus the connection it came from (for redacted messages)."""

    client: object  # label_studio_sdk.LabelStudio
    connection: Connection

    @contextmanager
    def errors(self, doing: str) -> Iterator[None]:
        """Turn transport and API failures into one-line StudioErrors with the token redacted."""
        import httpx
        from label_studio_sdk.core.api_error import ApiError

        url = self.connection.url
        try:
            yield
        except httpx.TransportError as exc:
            raise StudioError(f"cannot reach Label Studio at {url} while {doing} ({type(exc).__name__}); is it running? (`sourcelens studio up`)") from None
        except ApiError as exc:
            if exc.status_code in (401, 403):
                raise StudioError(f"Label Studio at {url} refused the API token while {doing}; check LABEL_STUDIO_API_KEY") from None
            body = self.connection.redact(str(exc.body))[:300]
            raise StudioError(f"Label Studio at {url} answered {exc.status_code} while {doing}: {body}") from None

    def project(self, name: str, create: bool = False):
        """The project titled `name`, checked against the schema; created when `create` and absent."""
        with self.errors(f"looking up project {name!r}"):
            found = [p for p in self.client.projects.list() if p.title == name]
        if len(found) > 1:
            raise StudioError(f"{len(found)} projects are titled {name!r}; rename all but one in Label Studio")
        if not found:
            if not 3 <= len(name) <= 50:
                raise StudioError(f"project title {name!r}: Label Studio needs 3 to 50 characters")
            if not create:
                raise StudioError(f"no project titled {name!r} on {self.connection.url}; `sourcelens studio push` creates it")
            with self.errors(f"creating project {name!r}"):
                return self.client.projects.create(
                    title=name,
                    label_config=label_config(),
                    description="sourcelens: who is speaking in each sentence (official claim, commentator opinion, reporter statement).",
                    show_collab_predictions=True,
                )
        project = found[0]
        mismatch = check_config(project.label_config or "")
        if mismatch is not None:
            raise StudioError(
                f"project {name!r} has a labelling config that no longer matches the sourcelens schema ({mismatch}); "
                "restore it from `sourcelens studio config` or use a new project name"
            )
        return project

    def annotator_names(self) -> dict[int, str]:
        """User id -> email (annotations name their author by id only)."""
        with self.errors("listing users"):
            return {u.id: u.email or u.username or str(u.id) for u in self.client.users.list()}


def connect(connection: Connection) -> Studio:
    """A client whose token has been checked against the server."""
    from label_studio_sdk import LabelStudio

    studio = Studio(LabelStudio(base_url=connection.url, api_key=connection.api_key, timeout=120), connection)
    with studio.errors("checking the API token"):
        studio.client.users.whoami()
    return studio
