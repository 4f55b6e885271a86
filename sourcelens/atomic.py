"""Whole-or-nothing file writes: the one helper every stage uses to publish a file.

A reader (or a crash) must never see half a manifest, cursor or shard: the
content goes to a hidden temp file in the same directory, which is then
renamed over the target (a rename within one file system is atomic).
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temp path beside `path` to write; renamed onto `path` when the block ends without error."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        os.chmod(tmp, mode_for(target))  # mkstemp makes 0600; the result should be like any other file
        yield Path(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def mode_for(target: Path) -> int:
    """The mode of the file being replaced, else the default for a new file (0666 less the umask)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: str | Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


_mode_for = mode_for  # the name before it was shared with annotate/writers.py
