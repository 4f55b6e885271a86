"""Retraining on annotation events: count corrections, start a retrain command in the background.

The ML backend's /webhook calls `Retrainer.record` for every annotation
event; every `every` events of a project (or at once on START_TRAINING, the
"Start training" button) it starts the configured shell command, e.g.

    sourcelens studio pull --project "$SOURCELENS_STUDIO_PROJECT" && sourcelens train --corrections ...

as a detached process whose output goes to a log. The request never waits
for it, and a second retrain is not started while one is still running.
"""

from __future__ import annotations

import os
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

COUNTED_EVENTS = ("ANNOTATION_CREATED", "ANNOTATION_UPDATED")
START_EVENT = "START_TRAINING"
TRAIN_EVENTS = (*COUNTED_EVENTS, START_EVENT)
MAX_PROJECTS = 1000
"""Projects whose event counts are kept; beyond, the least recently counted project's count is dropped."""


@dataclass
class Retrainer:
    command: str | None
    every: int = 20
    log: Path | None = None
    counts: dict[str, int] = field(default_factory=dict)
    process: subprocess.Popen | None = None
    started: int = 0
    max_projects: int = MAX_PROJECTS
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def record(self, event: str, project_id: Any = None, project_title: str | None = None) -> dict[str, Any]:
        """Count one event; start the retrain when due. Returns what happened (the webhook's `result`)."""
        key = str(project_id)
        with self._lock:
            if event in COUNTED_EVENTS:
                self.counts[key] = self.counts.pop(key, 0) + 1  # re-inserted: the dict's order is least recently counted first
            due = event == START_EVENT or self.counts.get(key, 0) >= self.every
            if self.command is None:
                state = "off"
            elif not due:
                state = "waiting"
            elif self.running():
                state = "running"  # the count stays due: the next event after it ends starts another
            else:
                self._start(project_id, project_title)
                self.counts[key] = 0
                state = "started"
            while len(self.counts) > self.max_projects:
                del self.counts[next(iter(self.counts))]
            return {"event": event, "events": self.counts.get(key, 0), "every": self.every, "retrain": state, "retrains_started": self.started}

    def _start(self, project_id: Any, project_title: str | None) -> None:
        env = {**os.environ, "SOURCELENS_STUDIO_PROJECT": project_title or "", "SOURCELENS_STUDIO_PROJECT_ID": str(project_id or "")}
        out = subprocess.DEVNULL
        if self.log is not None:
            self.log.parent.mkdir(parents=True, exist_ok=True)
            out = open(self.log, "ab")  # noqa: SIM115  (handed to the child, closed below)
        try:
            self.process = subprocess.Popen(
                self.command, shell=True, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        finally:
            if out is not subprocess.DEVNULL:
                out.close()
        self.started += 1
