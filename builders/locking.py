"""One build at a time per output folder: an exclusive ``flock`` on ``OUT/.lock``.

A second ``factsheet build`` on the same folder waits (saying so) or, with
``--no-wait``, refuses with a clear message; the kernel drops the lock when a
build ends, however it ends, so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import sys
from collections.abc import Iterator
from pathlib import Path

LOCK_NAME = ".lock"


class OutputProblem(Exception):
    """The output folder cannot be used: not a folder, read-only, full, or its lock is not a file."""


class OutputBusy(OutputProblem):
    """Another build holds the output folder's lock."""


@contextlib.contextmanager
def output_lock(out_root: Path, wait: bool = True) -> Iterator[None]:
    """Hold the exclusive lock on ``out_root`` for the duration of the block."""
    path = out_root / LOCK_NAME
    try:
        out_root.mkdir(parents=True, exist_ok=True)
        if path.is_symlink() or (path.exists() and not path.is_file()):
            raise OutputProblem(f"{path} is not a file (a folder or a link); remove it so builds can take the lock")
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except FileExistsError:
        raise OutputProblem(f"{out_root} is a file, not a folder: choose another --out or move the file") from None
    except OSError as exc:
        raise OutputProblem(f"cannot use the output folder {out_root}: {_plain(exc)}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            if not wait:
                raise OutputBusy(
                    f"another build (process {holder}) is writing to {out_root}; "
                    "try again when it has finished, or drop --no-wait to wait for it"
                ) from None
            print(f"another build (process {holder}) is writing to {out_root}: waiting for it to finish…",
                  file=sys.stderr, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        except OSError as exc:
            raise OutputProblem(f"cannot write to the output folder {out_root}: {_plain(exc)}") from None
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _plain(exc: OSError) -> str:
    """An OSError in words for staff: what happened, without Python's class names."""
    words = {errno.ENOSPC: "the disk is full", errno.EROFS: "the disk is read-only", errno.EACCES: "permission denied",
             errno.EPERM: "permission denied", errno.ENOTDIR: "part of the path is a file, not a folder",
             errno.EDQUOT: "the disk quota is used up"}
    return words.get(exc.errno or 0, exc.strerror or str(exc))
