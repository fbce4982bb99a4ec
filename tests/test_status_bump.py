"""``factsheet status`` and ``factsheet bump`` with fixed dates, on copies of the fixture sources."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from builders.common.dates import add_months
from conftest import COMPLETE_SOURCE, SAMPLES_SOURCE, load_clean, run_cli


@pytest.fixture()
def source(tmp_path: Path) -> Path:
    """A private copy of the samples plus the complete fixture, to edit freely."""
    target = tmp_path / "source"
    shutil.copytree(SAMPLES_SOURCE, target)
    shutil.copytree(COMPLETE_SOURCE / "complete-example", target / "complete-example")
    return target


def test_add_months_keeps_the_day_or_the_month_end() -> None:
    assert add_months(date(2026, 11, 20), 24) == date(2028, 11, 20)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2027, 12, 15), 3) == date(2028, 3, 15)


def test_status_lists_overdue_first_with_days_left(source: Path) -> None:
    result = run_cli("--source", str(source), "status", "--today", "2028-06-10")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["ID", "VERSION"]
    first = lines[1].split()
    # complete-example is due 31 May 2028: 10 days overdue; the samples are due 20 November 2028.
    assert first[0] == "complete-example" and "-10" in first and "OVERDUE" in lines[1]
    assert "31 May 2028" in lines[1]
    rest = {line.split()[0]: line for line in lines[2:]}
    assert set(rest) == {"self-harm", "self-harm-and-addiction"}
    assert all(" 163 " in line and "ok" in line for line in rest.values())


def test_status_overdue_flag_exits_1_only_when_something_is_overdue(source: Path) -> None:
    assert run_cli("--source", str(source), "status", "--overdue", "--today", "2028-06-10").returncode == 1
    assert run_cli("--source", str(source), "status", "--overdue", "--today", "2027-01-01").returncode == 0


def test_bump_part_raises_minor_and_keeps_the_file_layout(source: Path) -> None:
    path = source / "complete-example" / "factsheet.yaml"
    before = path.read_text(encoding="utf-8").splitlines()
    result = run_cli("--source", str(source), "bump", "complete-example", "--part", "--note", "New helplines.",
                     "--today", "2026-11-21")
    assert result.returncode == 0, result.stderr
    after = path.read_text(encoding="utf-8").splitlines()
    changed = {i for i, (a, b) in enumerate(zip(before, after)) if a != b}
    assert [before[i] for i in sorted(changed)] == [
        'version: "2.1"', "last_updated: 2026-05-31", "next_review: 2028-05-31",
    ]
    assert after[: len(before)][0].startswith("# A complete example")  # comments kept
    assert after[len(before):] == ['  - version: "2.2"', "    date: 2026-11-21", "    note: New helplines."]
    meta = load_clean(source).get("complete-example")
    assert meta is not None
    assert meta.metadata.version == "2.2"
    assert meta.metadata.last_updated == date(2026, 11, 21)
    assert meta.metadata.next_review == date(2028, 11, 21)  # the organisation's 24 months
    assert meta.change_log[-1].note == "New helplines." and meta.change_log[-1].version == "2.2"


def test_bump_full_raises_major_and_honours_the_factsheet_review_period(source: Path) -> None:
    path = source / "self-harm" / "factsheet.yaml"
    text = path.read_text(encoding="utf-8").replace("review: full\n", "review: part\nreview_period_months: 12\n")
    path.write_text(text, encoding="utf-8")
    result = run_cli("--source", str(source), "bump", "self-harm", "--full", "--note", "Full review.",
                     "--today", "2027-03-31")
    assert result.returncode == 0, result.stderr
    factsheet = load_clean(source).get("self-harm")
    assert factsheet is not None
    assert factsheet.metadata.version == "2.0"
    assert factsheet.metadata.review.value == "full"
    assert factsheet.metadata.next_review == date(2028, 3, 31)
    assert [e.version for e in factsheet.change_log] == ["1.0", "2.0"]


def test_bump_refuses_without_a_kind_or_a_known_id(source: Path) -> None:
    path = source / "self-harm" / "factsheet.yaml"
    before = path.read_text(encoding="utf-8")
    assert run_cli("--source", str(source), "bump", "self-harm", "--note", "x").returncode != 0
    missing = run_cli("--source", str(source), "bump", "no-such", "--part", "--note", "x")
    assert missing.returncode == 1 and "no-such" in missing.stderr
    assert path.read_text(encoding="utf-8") == before
