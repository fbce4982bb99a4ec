"""The ``factsheet`` command, run as staff run it: in a subprocess."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import COMPLETE_SOURCE, run_cli

COMMANDS = ("check", "build", "list", "new", "formats")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.returncode == 0 and "Usage: " in result.stdout and len(result.stdout.splitlines()) > 4


def test_formats_lists_the_registered_builders() -> None:
    result = run_cli("formats")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].split()[0] == "pdf"


def test_new_writes_a_skeleton_that_passes_check(tmp_path: Path) -> None:
    created = run_cli("new", "low-mood", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    assert (tmp_path / "source" / "low-mood" / "factsheet.yaml").is_file()
    checked = run_cli("check", "low-mood", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert ": error:" not in checked.stderr  # only the placeholder warnings (tests/test_placeholders.py)


def test_new_names_the_source_folder_in_its_next_step(tmp_path: Path) -> None:
    created = run_cli("--source", "sheets", "new", "low-mood", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    assert created.stdout.splitlines()[-1] == "next: edit the files, then run 'factsheet --source sheets check low-mood'"
    default = run_cli("new", "low-mood", cwd=tmp_path)
    assert default.stdout.splitlines()[-1] == "next: edit the files, then run 'factsheet check low-mood'"


def test_new_refuses_a_bad_id_and_an_existing_folder(tmp_path: Path) -> None:
    assert run_cli("new", "Low Mood", cwd=tmp_path).returncode == 2
    assert run_cli("new", "low-mood", cwd=tmp_path).returncode == 0
    again = run_cli("new", "low-mood", cwd=tmp_path)
    assert again.returncode == 1 and "already exists" in again.stderr


def test_list_shows_versions_dates_and_overdue(tmp_path: Path) -> None:
    result = run_cli("--source", str(COMPLETE_SOURCE), "list", "--today", "2028-06-01")
    assert result.returncode == 0
    header, row = result.stdout.splitlines()
    assert header.split()[:2] == ["ID", "TITLE"]
    assert "complete-example" in row and "2.1" in row and "31 May 2028" in row and row.endswith("OVERDUE")
    fresh = run_cli("--source", str(COMPLETE_SOURCE), "list", "--today", "2027-01-01")
    assert fresh.stdout.splitlines()[1].endswith("ok")


def test_build_writes_output_id_folder(tmp_path: Path) -> None:
    result = run_cli("--source", str(COMPLETE_SOURCE), "build", "--format", "text", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "complete-example" / "complete-example.txt").read_text(encoding="utf-8")
    assert text.startswith("Coping with worry\n") and "116 123" in text


def test_build_rejects_an_unknown_format(tmp_path: Path) -> None:
    result = run_cli("--source", str(COMPLETE_SOURCE), "build", "--format", "braile", "--out", str(tmp_path))
    assert result.returncode == 2 and "unknown format braile" in result.stderr


def test_build_of_an_unknown_id_fails_with_a_suggestion(tmp_path: Path) -> None:
    result = run_cli("--source", str(COMPLETE_SOURCE), "build", "complete-exampel", "--out", str(tmp_path))
    assert result.returncode == 1 and "did you mean 'complete-example'?" in result.stderr


def test_a_broken_source_does_not_damage_what_was_built(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(COMPLETE_SOURCE, source)
    out = tmp_path / "output"
    assert run_cli("--source", str(source), "build", "--format", "text", "--out", str(out)).returncode == 0
    built = out / "complete-example" / "complete-example.txt"
    before = built.read_bytes()
    body = source / "complete-example" / "body.md"
    body.write_text(body.read_text(encoding="utf-8") + "\n# Empty\n", encoding="utf-8")
    result = run_cli("--source", str(source), "build", "--format", "text", "--out", str(out))
    assert result.returncode == 1 and "error: section 'Empty' is empty" in result.stderr
    assert "Traceback" not in result.stderr
    assert built.read_bytes() == before
    assert sorted(p.name for p in built.parent.iterdir()) == ["complete-example.txt"]


def test_check_with_no_factsheets_says_so(tmp_path: Path) -> None:
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 1 and "source folder source does not exist" in result.stderr


def test_new_uses_the_publishers_name_and_review_period(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    (source / "publisher.yaml").write_text(
        "organisation:\n  name: Northfield Mind\n  review_period_months: 12\n", encoding="utf-8"
    )
    assert run_cli("new", "low-mood", cwd=tmp_path).returncode == 0
    text = (source / "low-mood" / "factsheet.yaml").read_text(encoding="utf-8")
    from datetime import date

    from builders.common.dates import add_months

    today = date.today()
    assert f"© Northfield Mind {today.year}" in text
    assert f"next_review: {add_months(today, 12).isoformat()}" in text
    checked = run_cli("check", cwd=tmp_path)
    assert checked.returncode == 0 and ": error:" not in checked.stderr  # placeholders are warnings only
