"""Each folder under fixtures/broken/ is a real broken source and the messages it must produce.

A case folder holds only the files that differ from ``_base/sheet`` (a valid
factsheet) and ``expected.txt``: the exact ``path:line:col: severity: message``
lines that ``factsheet check`` prints for it, paths relative to the factsheet.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import run_cli

BROKEN = Path(__file__).parent / "fixtures" / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir() and not p.name.startswith("_"))


def make_source(tmp_path: Path, case: str) -> Path:
    """A source folder holding the base factsheet with the case's files laid over it."""
    sheet = tmp_path / "source" / "sheet"
    shutil.copytree(BROKEN / "_base" / "sheet", sheet)
    for path in (BROKEN / case).iterdir():
        if path.is_dir():
            shutil.copytree(path, sheet / path.name)
        elif path.name != "expected.txt":
            shutil.copy(path, sheet / path.name)
    return tmp_path


def diagnostic_lines(stderr: str) -> list[str]:
    return [line.removeprefix("source/sheet/") for line in stderr.splitlines() if line.startswith("source/")]


def test_there_are_at_least_fifteen_broken_sources() -> None:
    assert len(CASES) >= 15


def test_the_base_factsheet_is_valid(tmp_path: Path) -> None:
    sheet = tmp_path / "source" / "sheet"
    shutil.copytree(BROKEN / "_base" / "sheet", sheet)
    result = run_cli("check", "--strict", cwd=tmp_path)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("case", CASES)
def test_broken_source_gives_its_located_messages(case: str, tmp_path: Path) -> None:
    result = run_cli("check", cwd=make_source(tmp_path, case))
    expected = (BROKEN / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert diagnostic_lines(result.stderr) == expected
    has_error = any(": error: " in line for line in expected)
    assert result.returncode == (1 if has_error else 0)
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("case", CASES)
def test_every_message_comes_with_a_hint(case: str, tmp_path: Path) -> None:
    result = run_cli("check", cwd=make_source(tmp_path, case))
    lines = result.stderr.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("source/"):
            assert lines[index + 1].startswith("    hint: "), line


def test_strict_turns_a_warning_into_failure(tmp_path: Path) -> None:
    source = make_source(tmp_path, "uncited-reference")
    assert run_cli("check", cwd=source).returncode == 0
    strict = run_cli("check", "--strict", cwd=source)
    assert strict.returncode == 1
    assert "warning: reference 'source-one' is never cited" in strict.stderr


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    source = make_source(tmp_path, "uncited-reference")
    body = source / "source" / "sheet" / "body.md"
    body.write_text("# About this\n\n## What is it?\n\n" + "Words and more words. " * 60_000, encoding="utf-8")
    result = run_cli("check", cwd=source)
    assert result.returncode == 1
    assert diagnostic_lines(result.stderr)[0].startswith(
        "body.md:1:1: error: body.md is 1,320,"
    ) and "over the 1,048,576-byte limit" in result.stderr


def test_an_unreadable_file_is_reported(tmp_path: Path) -> None:
    source = make_source(tmp_path, "uncited-reference")
    body = source / "source" / "sheet" / "body.md"
    body.unlink()
    body.mkdir()  # a folder where a file should be: reading it fails on every platform, even as root
    result = run_cli("check", cwd=source)
    assert result.returncode == 1
    assert "body.md:1:1: error: body.md is a folder, not a file" in result.stderr


def test_all_problems_are_reported_in_one_run(tmp_path: Path) -> None:
    source = make_source(tmp_path, "bad-phone")
    body = source / "source" / "sheet" / "body.md"
    body.write_text("# About this\n\n### What is it?\n\nA claim [@nowhere].\n", encoding="utf-8")
    lines = diagnostic_lines(run_cli("check", cwd=source).stderr)
    assert [line.split(": ")[0] + " " + line.split(": ")[1] for line in lines] == [
        "body.md:3:1 error", "body.md:5:9 error", "factsheet.yaml:21:12 error", "references.yaml:2:5 warning",
    ]
