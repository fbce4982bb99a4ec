"""``factsheet verify`` on outputs built from the complete fixture, whole and deliberately damaged."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from builders.commands.verify import normalise
from builders.formats.file_kinds import PDF
from conftest import COMPLETE_SOURCE, run_cli

ID = "complete-example"
FORMATS = ("text", "pdf", "docx", "easy-read", "web")


@pytest.fixture()
def output(built: Callable[[Path, tuple[str, ...]], Path], tmp_path: Path) -> Path:
    """A private copy of the complete fixture's outputs, free to damage."""
    target = tmp_path / "output"
    shutil.copytree(built(COMPLETE_SOURCE, FORMATS), target)
    return target


def verify(output: Path) -> tuple[int, list[str], str]:
    """Run ``factsheet verify``: exit status, findings, summary line."""
    result = run_cli("--source", str(COMPLETE_SOURCE), "verify", "--out", str(output))
    return result.returncode, result.stderr.splitlines(), result.stdout.strip()


def test_every_built_output_passes(output: Path) -> None:
    status, findings, summary = verify(output)
    assert findings == [] and status == 0
    assert summary == "verified 5 output(s) of 1 factsheet(s): 0 finding(s)"


def test_pdf_text_is_read_back_with_the_footer(output: Path) -> None:
    assert PDF.read_text is not None
    text = normalise(PDF.read_text(output / ID / f"{ID}.pdf"))
    assert "version 2.1" in text and "31 may 2028" in text and "116 123" in text


def test_a_damaged_text_file_is_a_finding_naming_output_and_item(output: Path) -> None:
    path = output / ID / f"{ID}.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("116 123", "116 000").replace("31 May 2028", "soon"),
                    encoding="utf-8")
    status, findings, _ = verify(output)
    assert status == 1
    assert findings == [f"{path}: missing urgent-help number '116 123'", f"{path}: missing next-review date '31 May 2028'"]


def test_a_stale_word_file_is_found(output: Path) -> None:
    path = output / ID / f"{ID}.docx"
    document = docx.Document(str(path))
    paragraphs = [*document.paragraphs, *(p for s in document.sections for p in s.footer.paragraphs),
                  *(p for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs)]
    for paragraph in paragraphs:
        for run in paragraph.runs:
            run.text = run.text.replace("2.1", "2.0")
        if paragraph.text == "Worry is a normal reaction to stress.":
            paragraph.text = ""
    document.save(str(path))
    status, findings, _ = verify(output)
    assert status == 1
    assert findings == [f"{path}: missing key point 'Worry is a normal reaction to stress.'",
                        f"{path}: missing version '2.1'"]


def test_an_easy_read_pdf_is_held_to_the_easy_read_layer(output: Path) -> None:
    easy = output / ID / f"{ID}-easy-read.pdf"
    shutil.copyfile(output / ID / f"{ID}.pdf", easy)  # the full text where the easy read should be
    status, findings, _ = verify(output)
    assert status == 1
    assert findings and all(line.startswith(f"{easy}: missing easy-read page heading") for line in findings)


def test_nothing_built_is_a_finding(tmp_path: Path) -> None:
    status, findings, _ = verify(tmp_path / "empty")
    assert status == 1
    assert findings == [f"{tmp_path / 'empty' / ID}: missing every output: nothing has been built for this factsheet"]
