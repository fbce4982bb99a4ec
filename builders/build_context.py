"""Where a builder writes: its output folder, atomic file writing and output file names.

Core code, below every builder: shared helpers in ``builders/common`` (the
speech publisher) and builders in ``builders/formats`` both import it, so
shared code never has to reach up into ``builders/formats``.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from builders.diagnostics import Diagnostics
from builders.model import Location
from builders.settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parents[1]
TEMPLATES_DIR = PROJECT_ROOT / "templates"
"""Jinja2 templates, stylesheets and Word templates shared by builders."""


def output_name(factsheet_id: str, variant: str, extension: str) -> str:
    """``ID.EXT`` for a main output, ``ID-VARIANT.EXT`` for any other (``self-harm-large-print.pdf``)."""
    stem = f"{factsheet_id}-{variant}" if variant else factsheet_id
    return f"{stem}.{extension}"


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``, renamed over it only if the block completes.

    A failed or interrupted build therefore never leaves a half-written file in
    place of the previous good one.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if not tmp.exists() or tmp.stat().st_size == 0:
            raise RuntimeError(f"the builder wrote nothing for {target.name}")
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


@dataclass(frozen=True)
class BuildContext:
    """Where a builder writes, and the publisher's settings it builds with."""

    out_dir: Path
    """The factsheet's own output folder, ``output/ID``."""
    settings: Settings
    diagnostics: Diagnostics | None = None
    """Where :meth:`warn` records warnings found while building (a page count over a limit)."""
    staging: Path | None = None
    """Where this build's files go until every job of the factsheet has succeeded (``output/.staging/ID``).

    The build then moves them all into ``out_dir`` together; if any job fails,
    none of them replaces anything (all or nothing per factsheet)."""

    def warn(self, loc: Location, message: str, hint: str = "") -> None:
        """Report a located warning found only by building (``--strict`` then fails the build)."""
        if self.diagnostics is not None:
            self.diagnostics.warning(loc, message, hint)

    def path(self, name: str) -> Path:
        """The final path of an output file."""
        return self.out_dir / name

    def current(self, name: str) -> Path:
        """An output as this build sees it: written by an earlier job of this build, else the one in place."""
        staged = self.staging / name if self.staging is not None else None
        return staged if staged is not None and staged.is_file() else self.path(name)

    def writing(self, name: str) -> contextlib.AbstractContextManager[Path]:
        """A temporary path to write ``name`` to; it replaces the old file only on success."""
        return atomic_path((self.staging or self.out_dir) / name)

    def write_bytes(self, name: str, data: bytes) -> None:
        """Write a whole output file atomically."""
        with self.writing(name) as tmp:
            tmp.write_bytes(data)

    def write_text(self, name: str, text: str) -> None:
        """Write a whole UTF-8 text output atomically."""
        self.write_bytes(name, text.encode("utf-8"))
