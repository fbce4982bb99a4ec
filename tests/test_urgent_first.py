"""The urgent help first and dialled, read back from built files as a reader meets them.

PDF and large print: every urgent number whole on page 1 (pdftotext), or a
located build error; a factsheet from ``factsheet new`` holds too.  Verify:
a copy with a number said as a quantity, said late, or help pushed off page
1 is a finding.  (The web page's first screen is checked in Chromium in
test_web.py; the speech rules in test_speech_script.py.)
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

from builders.common.urgent_check import panel_lines_missing, pdf_page_text, timed_paragraphs, urgent_first_problems
from builders.diagnostics import Severity
from builders.parse import Project
from builders.pipeline import build_formats, failing_ids, read_and_check
from conftest import COMPLETE_SOURCE, SAMPLE_IDS, SAMPLES_SOURCE, run_cli

PRINT = ("pdf", "large-print")


@pytest.fixture(scope="module")
def samples_print(built: Callable[[Path, tuple[str, ...]], Path]) -> Path:
    return built(SAMPLES_SOURCE, PRINT)


@pytest.mark.parametrize("suffix", [".pdf", "-large-print.pdf"])
@pytest.mark.parametrize("factsheet_id", SAMPLE_IDS)
def test_page_one_holds_the_whole_urgent_panel(samples_print: Path, sample_project: Project, factsheet_id: str,
                                               suffix: str) -> None:
    factsheet = sample_project.get(factsheet_id)
    assert factsheet is not None
    page_one = pdf_page_text(samples_print / factsheet_id / f"{factsheet_id}{suffix}", 1)
    for number in ("999", "116 123", "85258"):
        assert number in page_one
    assert panel_lines_missing(factsheet, page_one) == ()


def test_key_points_start_on_page_one_of_the_referenced_pdf(samples_print: Path) -> None:
    assert "Key points" in pdf_page_text(samples_print / "self-harm" / "self-harm.pdf", 1)


def test_a_panel_too_long_for_page_one_fails_the_build_at_the_text_to_shorten(tmp_path: Path) -> None:
    root = tmp_path / "source"
    shutil.copytree(COMPLETE_SOURCE, root)
    yaml_path = root / "complete-example" / "factsheet.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    long_note = " ".join(["Call if someone is badly hurt or in danger now."] * 60)
    text = text.replace("      offers: Call if someone is badly hurt or in danger now.\n      phone: \"999\"",
                        f"      offers: {long_note}\n      phone: \"999\"")
    yaml_path.write_text(text, encoding="utf-8")
    project, diagnostics = read_and_check(root)
    skip = failing_ids(project, diagnostics, strict=False)
    assert not skip
    out = tmp_path / "output"
    build_formats(project, ("large-print",), out, diagnostics, skip)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    assert [d.message for d in errors] == ["the urgent-help panel does not fit on page 1 of the large-print PDF"]
    line = next(n for n, row in enumerate(text.splitlines(), 1) if long_note[:40] in row)
    assert errors[0].loc.path.endswith("factsheet.yaml") and errors[0].loc.line in (line - 1, line)
    assert "shorten the note for Emergency services 999" in (errors[0].hint or "")
    assert not (out / "complete-example" / "complete-example-large-print.pdf").exists()


def test_a_factsheet_from_new_puts_help_on_page_one_and_passes_verify(tmp_path: Path) -> None:
    assert run_cli("new", "low-mood", cwd=tmp_path).returncode == 0
    built = run_cli("build", "--format", "pdf,large-print,docx,text,web", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    for suffix in (".pdf", "-large-print.pdf"):
        page_one = pdf_page_text(tmp_path / "output" / "low-mood" / f"low-mood{suffix}", 1)
        assert "999" in page_one and "116 123" in page_one and "85258" in page_one
    verified = run_cli("verify", cwd=tmp_path)
    assert verified.returncode == 0, verified.stdout + verified.stderr


# --------------------------------------------------------------------------
# verify fails on a bad copy
# --------------------------------------------------------------------------

GOOD_TRANSCRIPT = """\
Coping with worry: audio transcript
Length 3:10, 3 chapters, 60 words (voice gmw/en, 160 words a minute).
Below is exactly what the recording says. A blank line is a pause.

== Chapter 1, at 0:00: Opening and urgent numbers ==

Coping with worry, from Example Mental Health Charity, lasting about three minutes.

Need help now? Call nine nine nine, or Samaritans on one one six, one two three, or text Shout to eight five two five eight.

== Chapter 2, at 0:16: Need help now? ==

If you are in danger or badly hurt, call nine nine nine now.

== Chapter 3, at 0:25: About this factsheet ==

This is the end of the recording.
"""


def _problems(project: Project, transcript: str, tmp_path: Path) -> list[str]:
    factsheet = project.factsheets[0]
    path = tmp_path / "complete-example-transcript.txt"
    path.write_text(transcript, encoding="utf-8")
    return urgent_first_problems(factsheet, path, transcript, spoken=True, easy=False)


def test_a_good_transcript_has_no_problem(complete_project: Project, tmp_path: Path) -> None:
    assert _problems(complete_project, GOOD_TRANSCRIPT, tmp_path) == []
    starts = [p.start for p in timed_paragraphs(GOOD_TRANSCRIPT)]
    assert starts == sorted(starts) and starts[0] == 0.0


def test_verify_finds_a_number_said_as_a_quantity(complete_project: Project, tmp_path: Path) -> None:
    bad = GOOD_TRANSCRIPT.replace("call nine nine nine now", "call nine hundred and ninety-nine now")
    assert _problems(complete_project, bad, tmp_path) == [
        "number '999' said as dialled, not as a quantity ('nine hundred and ninety-nine')"]
    bad = GOOD_TRANSCRIPT.replace("one one six, one two three", "one one six one hundred and twenty-three")
    problems = _problems(complete_project, bad, tmp_path)
    assert "number '116 123' said as dialled, not as a quantity ('one hundred and twenty-three')" in problems


def test_verify_finds_help_said_after_the_first_15_seconds(complete_project: Project, tmp_path: Path) -> None:
    late = GOOD_TRANSCRIPT.replace("at 0:16: Need", "at 0:50: Need").replace(
        "Coping with worry, from", "Coping with worry, " + "a long preamble, " * 40 + "from")
    problems = _problems(complete_project, late, tmp_path)
    assert "urgent-help number '85258' said as dialled ('eight five two five eight') in the first 15 seconds" \
        in problems


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_verify_finds_help_pushed_off_page_one(complete_project: Project,
                                               built: Callable[[Path, tuple[str, ...]], Path],
                                               tmp_path: Path) -> None:
    out = built(COMPLETE_SOURCE, PRINT)
    factsheet = complete_project.factsheets[0]
    good = out / "complete-example" / "complete-example.pdf"
    assert urgent_first_problems(factsheet, good, pdf_text(good), spoken=False, easy=False) == []
    bad = tmp_path / "complete-example.pdf"
    with pikepdf.open(good) as pdf:
        del pdf.pages[0]  # what a reader would see if the help were pushed to page 2
        pdf.save(bad)
    problems = urgent_first_problems(factsheet, bad, pdf_text(bad), spoken=False, easy=False)
    # 116 123 and 85258 are still in Useful contacts, further on (a number found nowhere is verify's own check).
    assert {"urgent-help number '116 123' on page 1", "urgent-help number '85258' on page 1"} <= set(problems)
