"""The first two steps of every command: read the source into the model, then check it.

Kept apart from :mod:`builders.pipeline` (which plans and runs builds) so that
commands which only read and check (``factsheet check``, ``list``, ``status``)
start without importing the build machinery.
"""

from __future__ import annotations

from pathlib import Path

from builders.checks import run_checks
from builders.diagnostics import Diagnostics
from builders.parse import Project, load_project


def read_and_check(source_dir: Path, ids: tuple[str, ...] = ()) -> tuple[Project, Diagnostics]:
    """Parse the named factsheets (all by default) and run every check on each."""
    diagnostics = Diagnostics()
    project = load_project(source_dir, diagnostics, ids)
    for factsheet in project.factsheets:
        run_checks(factsheet, diagnostics)
    return project, diagnostics
