"""One writer per output: an exclusive lock held for the whole run.

Two `annotate` runs on the same `-o` would each write a temp file and the
later rename would silently win. The lock is `fcntl.flock` on a sibling file
(`.OUT.lock` beside a file output, `.sourcelens.lock` inside a Ray output
directory) holding the owner's pid; the kernel drops it when the process
dies however it dies, so a killed run never blocks the next one. The file is
removed when the lock is released; whoever opened it meanwhile notices the
inode changed and retries on the new one.
"""

from __future__ import annotations

import fcntl
import os
import stat


class OutputBusy(RuntimeError):
    """Another process holds the lock of this output."""


def lock_file_for(path: str) -> str:
    """The lock file beside the output file `path`."""
    directory, name = os.path.split(os.path.abspath(path))
    return os.path.join(directory, f".{name}.lock")


def check_output_file(path: str) -> None:
    """Raise ValueError unless `path` is absent or a regular file (not a symlink, FIFO, device or directory).

    Replacing a symlink would cut the link (the target keeps its old content); a FIFO or a device
    would be replaced by a regular file.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise ValueError(f"{path} is a symbolic link; give the real file (-o {os.path.realpath(path)}) or a new name")
    if stat.S_ISDIR(info.st_mode):
        raise ValueError(f"{path} is a directory")
    if not stat.S_ISREG(info.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(info.st_mode) else "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else "not a regular file"
        raise ValueError(f"{path} is {kind}; the output must be a regular file")


class OutputLock:
    """An exclusive, non-blocking lock on `lock_file`, naming `what` (the output) in its error."""

    def __init__(self, lock_file: str, what: str) -> None:
        self.lock_file = lock_file
        self.what = what
        self.fd: int | None = None

    def acquire(self) -> "OutputLock":
        """Take the lock or raise OutputBusy at once (no waiting); OSError when the lock file cannot be made."""
        while True:
            fd = os.open(self.lock_file, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
                os.close(fd)
                raise OutputBusy(f"{self.what} is being written by another sourcelens run (pid {holder}); wait for it or choose another output") from None
            try:
                same = os.fstat(fd).st_ino == os.stat(self.lock_file).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)  # released and removed by its owner between our open and our lock: try the new file
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            os.unlink(self.lock_file)
        except OSError:
            pass
        os.close(self.fd)
        self.fd = None

    def __enter__(self) -> "OutputLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def lock_output_file(path: str) -> OutputLock:
    """The lock of the output file `path`, taken."""
    return OutputLock(lock_file_for(path), path).acquire()
