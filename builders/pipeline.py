"""The steps every command shares: read the source, check it, build the chosen formats.

source → parser → model → checks → builders.  The command line calls these
functions; tests can call them too.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from builders.checks import run_checks
from builders.diagnostics import Diagnostics, Severity, SourceError
from builders.formats import get_builder
from builders.formats.base import BuildContext
from builders.parse import Project, load_project


def read_and_check(source_dir: Path, ids: tuple[str, ...] = ()) -> tuple[Project, Diagnostics]:
    """Parse the named factsheets (all by default) and run every check on each."""
    diagnostics = Diagnostics()
    project = load_project(source_dir, diagnostics, ids)
    for factsheet in project.factsheets:
        run_checks(factsheet, diagnostics)
    return project, diagnostics


def failing_ids(project: Project, diagnostics: Diagnostics, strict: bool) -> set[str]:
    """Factsheets with an error (or, when strict, any warning) in one of their files."""
    bad: set[str] = set()
    for diagnostic in diagnostics:
        if diagnostic.severity is Severity.ERROR or strict:
            for factsheet in project.factsheets:
                if Path(diagnostic.loc.path).resolve().is_relative_to(factsheet.folder.resolve()):
                    bad.add(factsheet.id)
    return bad


@dataclass
class BuildSummary:
    """What a build did: files written, jobs failed, time taken."""

    built: list[Path] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0


def build_formats(
    project: Project, formats: tuple[str, ...], out_root: Path, diagnostics: Diagnostics, skip: set[str],
    debug: bool = False,
) -> BuildSummary:
    """Build each (factsheet, format) job; one failing job never stops the others."""
    summary = BuildSummary()
    start = time.perf_counter()
    ready = tuple(f for f in project.factsheets if f.id not in skip)
    ordered = sorted(formats, key=lambda n: get_builder(n).needs_other_outputs)
    for name in ordered:
        builder = get_builder(name)
        for factsheet in ready:
            if not builder.applies_to(factsheet):
                continue
            context = BuildContext(out_root / factsheet.id, project.settings, diagnostics)
            try:
                builder.build(factsheet, context)
            except SourceError as exc:
                diagnostics.extend([exc.diagnostic])
                summary.failed.append(f"{factsheet.id} ({name})")
                continue
            except Exception as exc:  # a bug in a builder: say so plainly, keep building the rest
                if debug:
                    traceback.print_exc()
                diagnostics.error(
                    factsheet.metadata.loc,
                    f"the {name} builder failed on '{factsheet.id}': {type(exc).__name__}: {exc}",
                    "this is a bug in the publisher, not in your source: run with --debug and report it",
                )
                summary.failed.append(f"{factsheet.id} ({name})")
                continue
            summary.built.extend(context.path(n) for n in builder.outputs(factsheet))
        builder.finish(ready, out_root, project.settings)
    summary.seconds = time.perf_counter() - start
    return summary
