"""Every case of the hostile corpus (tests/hostile/corpus.py): a located message, exit 1, no traceback,
and every file already built left exactly as it was."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from builders.cli import main
from conftest import COMPLETE_SOURCE, ROOT, build_into
from hostile.corpus import CASES, Case
from output_safety import output_problems

BASE_FORMATS = "text,web"


@pytest.fixture(scope="session")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture built once as text and web page: the 'earlier outputs' every case must leave alone.

    Built from ``source`` into ``output`` relative to the working folder, as each case runs, so the
    manifest's paths hold for every case's copy and an unchanged factsheet stays up to date.
    """
    root = tmp_path_factory.mktemp("hostile-baseline")
    shutil.copytree(COMPLETE_SOURCE, root / "source")
    here = Path.cwd()
    os.chdir(root)
    try:
        build_into(Path("source"), Path("output"), tuple(BASE_FORMATS.split(",")))
    finally:
        os.chdir(here)
    return root / "output"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (not following links) → its SHA-256; the lock file's contents vary."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.name != ".lock":
            found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def run(case: Case, folder: Path) -> tuple[int, str]:
    """Run the case's command in ``folder`` (holding source/ and output/); the exit status and everything printed."""
    args = case.args or ("build", "--format", BASE_FORMATS, "-j", "1")
    argv = list(args) if args[0] == "--source" else ["--source", "source", *args]
    if case.in_subprocess:
        done = subprocess.run([sys.executable, "-m", "builders.cli", *argv], cwd=folder, capture_output=True,
                              text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
        return done.returncode, done.stdout + done.stderr
    result = CliRunner().invoke(main, argv, catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.output


def test_the_corpus_is_large_and_covers_every_category() -> None:
    counts = Counter(case.category for case in CASES)
    assert len(CASES) >= 80, counts
    assert set(counts) == {"address", "id", "file", "picture", "text", "settings", "output"}, counts
    assert min(counts.values()) >= 8, counts
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_case(case: Case, baseline: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source, output = tmp_path / "source", tmp_path / "output"
    shutil.copytree(COMPLETE_SOURCE, source, symlinks=True)
    shutil.copytree(baseline, output, symlinks=True)
    case.change(source, output)
    before = snapshot(output)
    monkeypatch.chdir(tmp_path)
    if case.fault is not None:
        case.fault(monkeypatch)
    status, printed = run(case, tmp_path)
    monkeypatch.undo()
    assert "Traceback" not in printed, printed
    assert status == case.exit_status, printed
    wanted = f"{case.file}:" if case.file else ""
    lines = [line for line in printed.splitlines() if case.message in line]
    assert lines, f"no message containing {case.message!r}:\n{printed}"
    assert any(wanted in line for line in lines), f"message does not name {case.file}:\n{printed}"
    assert "\x1b" not in printed
    if case.outputs_unchanged:
        assert snapshot(output) == before
    assert not (output / ".staging").exists()
    assert output_problems(output) == []
    if record := os.environ.get("HOSTILE_RECORD"):  # tests/hostile/CASES.md is written from these lines
        shown = next(line for line in lines if wanted in line).replace(str(tmp_path) + "/", "")
        with open(record, "a", encoding="utf-8") as out:
            out.write(json.dumps({"category": case.category, "name": case.name, "status": status,
                                  "printed": shown.strip()}) + "\n")
