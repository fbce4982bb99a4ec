"""Data derived from an installed file, worked out once and kept in a cache folder.

Some lookups every check needs start from a large file that is slow to read
in full (the CMU Pronouncing Dictionary, OpenMoji's picture list, the fonts'
character maps).  Their
derived form is written once, at install time (``make`` runs
``python -m builders.common.local_cache``) or on first use, into a cache folder
inside the Python environment (else the user's cache folder).  A cached file's
name carries the size and modification time of the file it was made from, so a
new release of that package gets a new one.  Where no folder is writable the
data is simply made again in each process.
"""

from __future__ import annotations

import functools
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

CACHE_FOLDER_NAME = "factsheet-publisher"
T = TypeVar("T")


def cache_folders() -> list[Path]:
    """Where cached files may be kept: inside the Python environment first, then the user's cache folder."""
    folders = [Path(sys.prefix) / "var" / "cache" / CACHE_FOLDER_NAME]
    user_cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if os.path.isabs(user_cache):
        folders.append(Path(user_cache) / CACHE_FOLDER_NAME)
    return folders


def cache_name(kind: str, made_from: Path) -> str:
    """``KIND-SIZE-MTIME``: a new file for every new version of the file the data is made from."""
    stat = made_from.stat()
    return f"{kind}-{stat.st_size}-{stat.st_mtime_ns}"


def _write(folder: Path, name: str, data: bytes) -> Path | None:
    """Write atomically: parallel builds may race to make the same file; each writes the same bytes."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
            os.chmod(tmp, 0o644)
            os.replace(tmp, folder / name)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return folder / name
    except OSError:
        return None


def cached(
    name: str, make: Callable[[], bytes], read: Callable[[bytes], T | None], folders: list[Path] | None = None,
) -> tuple[T, Path | None]:
    """What ``read`` makes of the cached file ``name``; if it is missing or ``read`` refuses it (``None``),
    ``make()`` is written to the first writable folder and read instead.

    Returns the data read and where its file is (``None``: nowhere was writable).
    """
    folders = cache_folders() if folders is None else folders
    for folder in folders:
        try:
            data = (folder / name).read_bytes()
        except OSError:
            continue
        value = read(data)
        if value is not None:
            return value, folder / name
    data = make()
    value = read(data)
    if value is None:
        raise ValueError(f"{name}: the data just made cannot be read back")
    for folder in folders:
        written = _write(folder, name, data)
        if written is not None:
            return value, written
    return value, None


@functools.lru_cache(maxsize=1)
def template_cache() -> object | None:
    """A Jinja bytecode cache in the first writable cache folder, or None: each template is compiled once.

    Compiling a page template costs a PDF or web build about 10 ms at every
    run; Jinja's ``FileSystemBytecodeCache`` keeps the compiled code, checked
    against the template's source each time (an edited template is compiled
    afresh), and writes it atomically, so parallel builds may share it.
    """
    from jinja2 import FileSystemBytecodeCache

    class QuietBytecodeCache(FileSystemBytecodeCache):
        """A cache that cannot be written only makes the build slower, never fail."""

        def dump_bytecode(self, bucket: object) -> None:
            try:
                super().dump_bytecode(bucket)  # type: ignore[arg-type]
            except OSError:
                pass

    for folder in cache_folders():
        templates = folder / "templates"
        try:
            templates.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(templates, os.W_OK | os.X_OK):
            return QuietBytecodeCache(str(templates))
    return None


def prepare_all() -> list[str]:
    """Make every cached file now (``make`` runs this after installing), and say where each is."""
    from builders.common import fonts, openmoji, syllable_index, weasyprint_loader

    made = [("syllable index", syllable_index.prepare()), ("drawable characters", fonts.prepare()),
            ("WeasyPrint's C declarations", weasyprint_loader.prepare())]
    lines = [f"{what}: {path or 'no writable cache folder; made in each process'}" for what, path in made]
    try:
        lines.append(f"OpenMoji catalogue: {openmoji.prepare() or 'no writable cache folder; made in each process'}")
    except openmoji.OpenMojiMissing as missing:
        lines.append(f"OpenMoji catalogue: not made ({missing})")
    return lines


if __name__ == "__main__":
    for line in prepare_all():
        print(line)
