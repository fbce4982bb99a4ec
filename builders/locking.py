"""One build at a time per output folder: an exclusive ``flock`` on ``OUT/.lock``.

A second ``factsheet build`` on the same folder waits (saying so) or, with
``--no-wait``, refuses with a clear message; the kernel drops the lock when a
build ends, however it ends, so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from collections.abc import Iterator
from pathlib import Path

LOCK_NAME = ".lock"


class OutputBusy(Exception):
    """Another build holds the output folder's lock."""


@contextlib.contextmanager
def output_lock(out_root: Path, wait: bool = True) -> Iterator[None]:
    """Hold the exclusive lock on ``out_root`` for the duration of the block."""
    out_root.mkdir(parents=True, exist_ok=True)
    path = out_root / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
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
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
