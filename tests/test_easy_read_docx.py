"""The easy-read Word copy: the same rows as the PDF, pictures with alt text, en-GB, large type, reproducible."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from builders.common.easy_read import easy_read_document
from builders.pipeline import build_formats, read_and_check
from conftest import COMPLETE_SOURCE, SAMPLES_SOURCE, load_clean

FORMAT = ("easy-read-docx",)


def _expected(source: Path, factsheet_id: str):  # type: ignore[no-untyped-def]
    project = load_clean(source)
    factsheet = next(f for f in project.factsheets if f.id == factsheet_id)
    return factsheet, easy_read_document(factsheet, project.settings.organisation)


def _rows(document):  # type: ignore[no-untyped-def]
    return [*document.help_rows, *(r for p in document.pages for r in p.rows), *document.closing.rows]


@pytest.mark.parametrize(("source", "factsheet_id"), [
    (COMPLETE_SOURCE, "complete-example"), (SAMPLES_SOURCE, "self-harm"), (SAMPLES_SOURCE, "self-harm-and-addiction"),
])
def test_rows_pictures_and_alt_text(built, source: Path, factsheet_id: str) -> None:  # type: ignore[no-untyped-def]
    path = built(source, FORMAT) / factsheet_id / f"{factsheet_id}-easy-read.docx"
    word = docx.Document(str(path))
    factsheet, document = _expected(source, factsheet_id)
    rows = [row for table in word.tables for row in table.rows]
    expected = _rows(document)
    assert len(rows) == len(expected)
    for row, want in zip(rows, expected):
        picture, words = row.cells
        described = [d.get("descr") for d in picture._tc.iter(qn("wp:docPr"))]
        assert described == [want.alt], "picture in the left column with its alt text"
        assert not list(words._tc.iter(qn("wp:docPr"))), "no picture in the words column"
        assert words.text.strip(), "every row has words"
        assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None, "row may split"
        assert row._tr.trPr.find(qn("w:tblHeader")) is None, "a layout table has no header row"
    # Words: the same text as the source row, hard words in bold, no italics or underlining.
    easy = factsheet.easy_read
    assert easy is not None
    source_rows = [item for page in easy.pages if "urgent-help" not in page.covers for item in page.items]
    first = len(document.help_rows)
    hard = {h.word.lower() for h in easy.hard_words}
    for row, item in zip(rows[first:], source_rows):
        text = row.cells[1].text
        assert " ".join(text.split()) == item.plain
        for run in row.cells[1].paragraphs[0].runs:
            assert not run.italic and not run.underline
            if run.text.lower().rstrip("s") in hard:
                assert run.bold, f"hard word '{run.text}' is not bold"
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == factsheet.urgent_help.heading
    assert [p.heading for p in document.pages] == headings[1 : 1 + len(document.pages)]
    assert headings[-2:] == ["Find out more", "Picture credits"]
    assert ("Hard words" in headings) == bool(easy.hard_words)
    assert word.paragraphs[0].style.name == "Title" and word.paragraphs[0].text.endswith("– Easy read")
    assert any("OpenMoji – the open-source emoji and icon project. License: CC BY-SA 4.0" in p.text
               for p in word.paragraphs)


def test_language_title_and_size(built) -> None:  # type: ignore[no-untyped-def]
    path = built(COMPLETE_SOURCE, FORMAT) / "complete-example" / "complete-example-easy-read.docx"
    word = docx.Document(str(path))
    assert word.core_properties.language == "en-GB"
    assert word.core_properties.title == "Coping with worry – Easy read"
    assert word.styles["Normal"].font.size.pt == 16
    assert word.styles["Heading 1"].font.size.pt > 16 and word.styles["Title"].font.size.pt > 16
    langs = {e.get(qn("w:val")) for e in word.styles.element.iter(qn("w:lang"))}
    assert langs == {"en-GB"}
    sizes = [r.font.size.pt for t in word.tables for row in t.rows for p in row.cells[1].paragraphs for r in p.runs]
    assert sizes and min(sizes) >= 16
    with zipfile.ZipFile(path) as archive:
        pictures = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert pictures and all(n.endswith(".png") for n in pictures)


def test_pictures_on_the_right_and_same_bytes(tmp_path: Path) -> None:
    root = tmp_path / "source"
    shutil.copytree(COMPLETE_SOURCE, root)
    settings = root / "publisher.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "formats: {}", "formats:\n  easy-read-docx:\n    picture_side: right\n    font_size: 18\n"), encoding="utf-8")
    outputs = []
    for run in ("one", "two"):
        project, diagnostics = read_and_check(root)
        summary = build_formats(project, FORMAT, tmp_path / run, diagnostics, set())
        assert not summary.failed
        outputs.append(tmp_path / run / "complete-example" / "complete-example-easy-read.docx")
    assert outputs[0].read_bytes() == outputs[1].read_bytes()
    word = docx.Document(str(outputs[0]))
    for row in (row for table in word.tables for row in table.rows):
        assert list(row.cells[1]._tc.iter(qn("wp:docPr"))) and not list(row.cells[0]._tc.iter(qn("wp:docPr")))
    assert word.styles["Normal"].font.size.pt == 18


@pytest.mark.parametrize("factsheet_id", ["self-harm", "self-harm-and-addiction"])
def test_layout_tables_declare_no_header_row_or_column(built, factsheet_id: str) -> None:  # type: ignore[no-untyped-def]
    """tblLook firstRow="0": no table-style part marks a row or column as headers (issue 14)."""
    word = docx.Document(str(built(SAMPLES_SOURCE, FORMAT) / factsheet_id / f"{factsheet_id}-easy-read.docx"))
    assert word.tables
    for table in word.tables:
        looks = table._tbl.tblPr.findall(qn("w:tblLook"))
        assert len(looks) == 1
        assert looks[0].get(qn("w:firstRow")) == "0" and looks[0].get(qn("w:firstColumn")) == "0"
