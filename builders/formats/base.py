"""What every builder is: a named step that turns one factsheet model into output files.

The lifecycle, per factsheet and format: the build command asks
:meth:`Builder.applies_to`, decides from :meth:`Builder.outputs` and
:meth:`Builder.inputs` whether work is needed, then calls :meth:`Builder.build`
with a :class:`BuildContext` whose writers put each file in place only when it
is complete.  After all factsheets, :meth:`Builder.finish` may write anything
that spans them (a catalog page).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from builders.diagnostics import Diagnostics
from builders.model import Factsheet, Location
from builders.settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parents[2]
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

    def warn(self, loc: Location, message: str, hint: str = "") -> None:
        """Report a located warning found only by building (``--strict`` then fails the build)."""
        if self.diagnostics is not None:
            self.diagnostics.warning(loc, message, hint)

    def path(self, name: str) -> Path:
        """The final path of an output file."""
        return self.out_dir / name

    def writing(self, name: str) -> contextlib.AbstractContextManager[Path]:
        """A temporary path to write ``name`` to; it replaces the old file only on success."""
        return atomic_path(self.path(name))

    def write_bytes(self, name: str, data: bytes) -> None:
        """Write a whole output file atomically."""
        with self.writing(name) as tmp:
            tmp.write_bytes(data)

    def write_text(self, name: str, text: str) -> None:
        """Write a whole UTF-8 text output atomically."""
        self.write_bytes(name, text.encode("utf-8"))


class Builder(ABC):
    """One output format.  Subclasses name themselves and implement :meth:`build`."""

    name: ClassVar[str]
    """The format's name on the command line and in ``publisher.yaml`` (``pdf``, ``large-print``)."""
    description: ClassVar[str]
    """One line for ``factsheet formats``."""
    needs_other_outputs: ClassVar[bool] = False
    """True for a builder that reads the other formats' files (a web page listing downloads):
    it runs after every other builder has finished with the same factsheet."""

    def applies_to(self, factsheet: Factsheet) -> bool:
        """Whether this format can be built for the factsheet (easy read needs an easy-read layer)."""
        return True

    @abstractmethod
    def outputs(self, factsheet: Factsheet) -> tuple[str, ...]:
        """The file names this builder writes into ``output/ID/``."""

    def inputs(self, factsheet: Factsheet, settings: Settings) -> tuple[Path, ...]:
        """Files besides the factsheet's own sources that the output depends on (templates, lexicon)."""
        return ()

    @abstractmethod
    def build(self, factsheet: Factsheet, context: BuildContext) -> None:
        """Write every file named by :meth:`outputs`, each through the context's atomic writers."""

    def finish(self, factsheets: tuple[Factsheet, ...], out_root: Path, settings: Settings) -> None:
        """Write outputs that span all factsheets (none by default)."""
