"""Reading the source: the only package that opens source files.

:func:`load_project` finds every factsheet folder under ``source/``, reads the
publisher's settings and each factsheet, and returns the models together with
every problem met on the way.
"""

from __future__ import annotations

import dataclasses

import difflib
from dataclasses import dataclass
from pathlib import Path

from builders.diagnostics import Diagnostics
from builders.model import Factsheet, Location, id_problem
from builders.parse.factsheet import FACTSHEET_FILE, load_factsheet
from builders.parse.publisher import load_settings
from builders.settings import Settings


@dataclass(frozen=True)
class Project:
    """Every factsheet in a source folder, with the publisher's settings."""

    source_dir: Path
    settings: Settings
    factsheets: tuple[Factsheet, ...]

    def get(self, factsheet_id: str) -> Factsheet | None:
        """The factsheet with this id, if it was read."""
        return next((f for f in self.factsheets if f.id == factsheet_id), None)


def factsheet_folders(source_dir: Path) -> list[Path]:
    """Every folder under ``source_dir`` holding a ``factsheet.yaml``, sorted by name (valid ids or not)."""
    if not source_dir.is_dir():
        return []
    return sorted(p.parent for p in source_dir.glob(f"*/{FACTSHEET_FILE}") if p.parent.is_dir())


def valid_folders(source_dir: Path) -> list[Path]:
    """The factsheet folders whose names are valid ids: the only ones any command reads or builds."""
    return [folder for folder in factsheet_folders(source_dir) if not id_problem(folder.name)]


def _check_source_dir(source_dir: Path, diagnostics: Diagnostics, folders: list[Path]) -> None:
    """A missing or empty source folder, and factsheet folders whose names cannot be ids, are errors."""
    if not source_dir.is_dir():
        what = "is not a folder" if source_dir.exists() else "does not exist"
        diagnostics.error(Location(str(source_dir)), f"source folder {source_dir} {what}",
                          "run the command from the folder holding source/, or give --source FOLDER")
        return
    for folder in folders:
        problem = id_problem(folder.name)
        if problem:
            diagnostics.error(
                Location(str(folder / FACTSHEET_FILE)), f"factsheet folder name {folder.name!r} {problem}",
                "the folder name is the factsheet's id and names its output files and web address: rename it",
            )
    if not folders:
        diagnostics.error(Location(str(source_dir)), f"no factsheets in {source_dir}",
                          "each factsheet is a folder holding factsheet.yaml: start one with 'factsheet new ID'")


def load_project(source_dir: Path, diagnostics: Diagnostics, ids: tuple[str, ...] = ()) -> Project:
    """Read the settings and the factsheets (all, or only those named in ``ids``)."""
    all_folders = factsheet_folders(source_dir)
    _check_source_dir(source_dir, diagnostics, all_folders)
    settings = load_settings(source_dir, diagnostics)
    folders = [folder for folder in all_folders if not id_problem(folder.name)]
    known = {folder.name: folder for folder in folders}
    if ids:
        for wanted in ids:
            if problem := id_problem(wanted):
                if any(folder.name == wanted for folder in all_folders):
                    continue  # its folder's name was reported above
                diagnostics.error(Location(str(source_dir)), f"{wanted!r} is not a factsheet id: it {problem}",
                                  "name a factsheet by its folder name, like 'self-harm'")
            elif wanted not in known:
                close = difflib.get_close_matches(wanted, known, n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"factsheets in {source_dir}: {', '.join(known) or 'none'}"
                diagnostics.error(Location(str(source_dir)), f"no factsheet '{wanted}' in {source_dir}", hint)
        folders = [known[i] for i in ids if i in known]
    every = factsheet_folders(source_dir)
    factsheets = []
    for folder in folders:
        factsheet = load_factsheet(folder, settings, diagnostics)
        if factsheet is not None:
            factsheets.append(dataclasses.replace(factsheet, catalog_number=(every.index(folder) + 1, len(every))))
    return Project(source_dir, settings, tuple(factsheets))
