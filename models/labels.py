"""The classifier's label schema, derived from the one in sourcelens.records."""

from __future__ import annotations

from sourcelens.records import LABELS

ID2LABEL: dict[int, str] = dict(enumerate(LABELS))
LABEL2ID: dict[str, int] = {label: i for i, label in ID2LABEL.items()}
