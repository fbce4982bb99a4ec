"""Shared test fixtures: the sample and fixture sources, and outputs built from them once per run."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from builders.diagnostics import Severity
from builders.parse import Project
from builders.pipeline import build_formats, failing_ids, read_and_check

ROOT = Path(__file__).resolve().parents[1]
SAMPLES_SOURCE = ROOT / "source"
"""The two sample factsheets that ship with the project."""
COMPLETE_SOURCE = ROOT / "tests" / "fixtures" / "complete" / "source"
"""A small factsheet using every feature of the source format."""
SAMPLE_IDS = ("self-harm", "self-harm-and-addiction")


def load_clean(source_dir: Path) -> Project:
    """Read and check a source folder, failing the test on any error."""
    project, diagnostics = read_and_check(source_dir)
    errors = [d.format() for d in diagnostics if d.severity is Severity.ERROR]
    assert not errors, "\n".join(errors)
    return project


def build_into(source_dir: Path, out_dir: Path, formats: tuple[str, ...], ids: tuple[str, ...] = ()) -> Path:
    """Build formats in-process; fail the test with the diagnostics if anything failed."""
    project, diagnostics = read_and_check(source_dir, ids)
    skip = failing_ids(project, diagnostics, strict=False)
    summary = build_formats(project, formats, out_dir, diagnostics, skip)
    problems = [d.format() for d in diagnostics if d.severity is Severity.ERROR]
    assert not skip and not summary.failed and not problems, "\n".join(problems)
    return out_dir


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run the real ``factsheet`` command in a subprocess, as staff would."""
    return subprocess.run(
        [sys.executable, "-m", "builders.cli", *args], cwd=cwd or ROOT, capture_output=True, text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="session")
def complete_project() -> Project:
    """The every-feature fixture factsheet, read and checked."""
    return load_clean(COMPLETE_SOURCE)


@pytest.fixture(scope="session")
def sample_project() -> Project:
    """The two shipped sample factsheets, read and checked."""
    return load_clean(SAMPLES_SOURCE)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path, tuple[str, ...]], Path]:
    """``built(source_dir, formats)`` → an output folder, built once per session for each request."""
    cache: dict[tuple[Path, tuple[str, ...]], Path] = {}

    def build(source_dir: Path, formats: tuple[str, ...]) -> Path:
        key = (source_dir, formats)
        if key not in cache:
            cache[key] = build_into(source_dir, tmp_path_factory.mktemp("output"), formats)
        return cache[key]

    return build
