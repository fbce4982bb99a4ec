"""What every builder is: a named step that turns one factsheet model into output files.

The lifecycle, per factsheet and format: the build command asks
:meth:`Builder.applies_to`, decides from :meth:`Builder.outputs` and
:meth:`Builder.inputs` whether work is needed, then calls :meth:`Builder.build`
with a :class:`BuildContext` whose writers put each file in place only when it
is complete.  After all factsheets, :meth:`Builder.finish` may write anything
that spans them (a catalog page).

A builder declares every file it writes in :meth:`Builder.output_files`
(:class:`~builders.output_files.OutputFile`: name, kind of file, label for
people, role, layer).  The web page's downloads panel, the catalog and
``factsheet verify`` are made from those declarations, so a new format is
this one module and one ``register(...)`` line in ``formats/__init__.py``::

    from builders.formats.base import BuildContext, Builder
    from builders.formats.file_kinds import PDF
    from builders.output_files import Layer, OutputFile, Role

    class PocketBuilder(Builder):
        name = "pocket"
        description = "Pocket-sized PDF (ID-pocket.pdf)"

        def output_files(self, factsheet: Factsheet) -> tuple[OutputFile, ...]:
            return (OutputFile(PDF.file_name(factsheet.id, "pocket"), PDF, "Pocket size", Role.MAIN, Layer.FULL),)

        def build(self, factsheet: Factsheet, context: BuildContext) -> None:
            (pdf,) = self.outputs(factsheet)
            context.write_bytes(pdf, render(factsheet))

A kind of file no format writes yet (a BRF, an EPUB) is one
:class:`~builders.output_files.FileKind` in the new module (or in
``file_kinds.py`` when several formats share it), with the reader ``verify``
uses to get its text back.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from builders.build_context import TEMPLATES_DIR, BuildContext, atomic_path, output_name
from builders.common.presets import Preset
from builders.model import Factsheet
from builders.output_files import OutputFile
from builders.settings import Settings, read_options

__all__ = ["TEMPLATES_DIR", "BuildContext", "Builder", "atomic_path", "output_name"]
"""``BuildContext``, ``atomic_path``, ``output_name`` and ``TEMPLATES_DIR`` live in
:mod:`builders.build_context`; they are re-exported here so a builder can import its
whole interface from one place."""


@dataclass(frozen=True)
class _NoOptions:
    """The options of a format that has none: any option written for it is an unknown setting."""


class Builder(ABC):
    """One output format.  Subclasses name themselves and implement :meth:`build`."""

    name: ClassVar[str]
    """The format's name on the command line and in ``publisher.yaml`` (``pdf``, ``large-print``)."""
    description: ClassVar[str]
    """One line for ``factsheet formats``."""
    needs_other_outputs: ClassVar[bool] = False
    """True for a builder that reads the other formats' files (a web page listing downloads):
    it runs after every other builder has finished with the same factsheet."""
    presets: ClassVar[tuple[Preset, ...]] = ()
    """The presets (:mod:`builders.common.presets`) a personal copy of this format can be made with
    (``factsheet request ID --format NAME --preset PRESET``); the first one named for a preset is its usual format."""

    def check_settings(self, settings: Settings) -> None:
        """Read this format's options from ``publisher.yaml`` and raise :class:`SourceError` for a bad one.

        Called once, at check time, for every format whose options are written, so
        a bad setting stops the build before any builder runs; by the time
        :meth:`build` reads its options they are known to be good.
        """
        read_options(_NoOptions, settings.options(self.name), self.name)  # a format without options refuses any

    def applies_to(self, factsheet: Factsheet) -> bool:
        """Whether this format can be built for the factsheet (easy read needs an easy-read layer)."""
        return True

    @abstractmethod
    def output_files(self, factsheet: Factsheet) -> tuple[OutputFile, ...]:
        """Every file this builder writes into ``output/ID/``, declared for readers, the web page and verify.

        Main copies first, each followed by its companions: the downloads panel keeps this order.
        """

    def outputs(self, factsheet: Factsheet) -> tuple[str, ...]:
        """The names of the files this builder writes into ``output/ID/`` (from :meth:`output_files`)."""
        return tuple(file.name for file in self.output_files(factsheet))

    def inputs(self, factsheet: Factsheet, settings: Settings) -> tuple[Path, ...]:
        """Files besides the factsheet's own sources that the output depends on (templates, lexicon)."""
        return ()

    @abstractmethod
    def build(self, factsheet: Factsheet, context: BuildContext) -> None:
        """Write every file declared by :meth:`output_files`, each through the context's atomic writers."""

    def finish(self, factsheets: tuple[Factsheet, ...], out_root: Path, settings: Settings) -> None:
        """Write outputs that span all factsheets (none by default)."""
