"""The first two steps of every command: read the source into the model, then check it.

Kept apart from :mod:`builders.pipeline` (which plans and runs builds) so that
commands which only read and check (``factsheet check``, ``list``, ``status``)
start without importing the build machinery.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from builders.checks import run_checks
from builders.diagnostics import Diagnostics, SourceError
from builders.parse import Project, load_project
from builders.settings import Settings


def read_and_check(source_dir: Path, ids: tuple[str, ...] = ()) -> tuple[Project, Diagnostics]:
    """Parse the named factsheets (all by default), check the settings once and every factsheet."""
    diagnostics = Diagnostics()
    project = load_project(source_dir, diagnostics, ids)
    check_settings(project.settings, diagnostics)
    for factsheet in project.factsheets:
        run_checks(factsheet, diagnostics)
    return project, diagnostics


def check_settings(settings: Settings, diagnostics: Diagnostics) -> None:
    """Every format named under ``formats:`` in publisher.yaml exists and its options are good.

    Only formats whose options are written are imported, so ``check`` stays
    quick; each builder's :meth:`~Builder.check_settings` raises the located
    error a bad option would otherwise raise in the middle of a build.
    """
    if not settings.formats:
        return  # nothing to look up: the format registry is not even imported
    from builders.formats import format_names, get_builder

    known = format_names()
    for name, options in settings.formats.items():
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"formats: {', '.join(known)}"
            diagnostics.error(options.loc, f"unknown format '{name}' under formats", hint)
            continue
        try:
            get_builder(name).check_settings(settings)
        except SourceError as exc:
            diagnostics.extend([exc.diagnostic])
