"""What every builder is: a named step that turns one factsheet model into output files.

The lifecycle, per factsheet and format: the build command asks
:meth:`Builder.applies_to`, decides from :meth:`Builder.outputs` and
:meth:`Builder.inputs` whether work is needed, then calls :meth:`Builder.build`
with a :class:`BuildContext` whose writers put each file in place only when it
is complete.  After all factsheets, :meth:`Builder.finish` may write anything
that spans them (a catalog page).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar

from builders.build_context import TEMPLATES_DIR, BuildContext, atomic_path, output_name
from builders.model import Factsheet
from builders.settings import Settings

__all__ = ["TEMPLATES_DIR", "BuildContext", "Builder", "atomic_path", "output_name"]
"""``BuildContext``, ``atomic_path``, ``output_name`` and ``TEMPLATES_DIR`` live in
:mod:`builders.build_context`; they are re-exported here so a builder can import its
whole interface from one place."""


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
