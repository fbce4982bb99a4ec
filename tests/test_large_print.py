"""Large print: the same factsheet, measured against UKAAF MS03 ("Clear and large print") and RNIB Clear Print."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from conftest import COMPLETE_SOURCE, SAMPLE_IDS, SAMPLES_SOURCE, load_clean, run_cli
from test_pdf import FORMATS, pdf_path, pdftotext, pdfua_errors

UKAAF_MINIMUM_PT = 16.0


@pytest.fixture(scope="module")
def large_print(built: Callable[[Path, tuple[str, ...]], Path]) -> Path:
    """The every-feature fixture's large-print PDF."""
    return pdf_path(built(COMPLETE_SOURCE, FORMATS), "complete-example", "large-print")


def glyph_sizes(path: Path) -> Counter[float]:
    """How many glyphs are set at each size (points, rounded to 0.1), over every page."""
    sizes: Counter[float] = Counter()
    with pdfplumber.open(path) as doc:
        for page in doc.pages:
            sizes.update(round(c["size"], 1) for c in page.chars if c["text"].strip())
    return sizes


def text_lines(path: Path) -> list[str]:
    """Every line of body text (the footer and the page number left out)."""
    lines: list[str] = []
    with pdfplumber.open(path) as doc:
        for page in doc.pages:
            body = page.filter(lambda o: o.get("object_type") != "char" or o.get("tag") != "Artifact")
            lines.extend(line["text"] for line in body.extract_text_lines())
    return lines


def test_large_print_is_built_beside_the_pdf(large_print: Path) -> None:
    assert large_print.name == "complete-example-large-print.pdf"
    assert large_print.read_bytes().startswith(b"%PDF-1.7")


def test_every_glyph_is_at_least_16_pt(large_print: Path) -> None:
    # UKAAF MS03: large print is at least 16 pt, and page numbers, labels and
    # footnote markers are the same size as the body text: so nothing is smaller.
    sizes = glyph_sizes(large_print)
    assert min(sizes) >= UKAAF_MINIMUM_PT, sorted(sizes)


def test_body_text_is_18_pt_by_default(large_print: Path) -> None:
    sizes = glyph_sizes(large_print)
    assert sizes.most_common(1)[0][0] == 18.0
    assert min(sizes) == 18.0


def test_page_numbers_and_citation_markers_are_at_body_size(large_print: Path) -> None:
    with pdfplumber.open(large_print) as doc:
        page = doc.pages[0]
        number = page.search("Page 1 of")[0]
        marker = page.search(r"\[1\]", regex=True)[0]
        for found in (number, marker):
            chars = [c for c in page.chars if found["x0"] - 0.1 <= c["x0"] < found["x1"] and
                     abs(c["top"] - found["top"]) < 1]
            assert chars and {round(c["size"], 1) for c in chars} == {18.0}


def test_headings_are_larger_than_body_text(large_print: Path) -> None:
    with pdfplumber.open(large_print) as doc:
        page = doc.pages[0]
        title = page.search("Coping with worry")[0]
        title_sizes = {round(c["size"], 1) for c in page.chars if abs(c["top"] - title["top"]) < 1}
    assert min(title_sizes) > 18.0


def test_no_italic_fonts_and_only_sans_serif(large_print: Path) -> None:
    # UKAAF MS03: no italics; sans serif (Liberation Sans, DejaVu Sans as fallback).
    report = subprocess.run(["pdffonts", str(large_print)], check=True, capture_output=True, text=True).stdout
    fonts = [row.split()[0] for row in report.splitlines()[2:]]
    assert fonts and not [f for f in fonts if "Italic" in f or "Oblique" in f]
    assert all("Liberation-Sans" in f or "DejaVuSans" in f for f in fonts), fonts


def test_no_text_is_underlined(large_print: Path) -> None:
    # UKAAF MS03: no underlining.  WeasyPrint draws an underline as a thin filled
    # rectangle or line under the text; large print has none.  A table's rules are
    # stroked 2.25 pt thick (large-print.css), thicker than any underline.
    with pdfplumber.open(large_print) as doc:
        for page in doc.pages:
            thin = [r for r in page.rects + page.lines if r["height"] < 2 and r["width"] > 5
                    and not (r["object_type"] == "line" and r.get("linewidth", 0) >= 2.25)]
            borders = [r for r in thin if r["width"] > 300]  # the about section's rule, box edges
            assert thin == borders


def test_lines_hold_about_60_to_70_characters(large_print: Path) -> None:
    # RNIB Clear Print: 60 to 70 characters a line; full lines never exceed it,
    # and there are no columns (a line this long fills the text width).
    # (The contents page's dot leaders are drawing, not words: they are left out.)
    lengths = [len(re.sub(r"\.{4,}", " ", line)) for line in text_lines(large_print)]
    assert max(lengths) <= 72
    assert sum(1 for n in lengths if n >= 55) >= 5


def test_large_print_passes_pdfua(large_print: Path) -> None:
    assert pdfua_errors(large_print) == []


def test_large_print_keeps_the_structure_of_the_pdf(large_print: Path) -> None:
    with pikepdf.open(large_print) as pdf:
        assert str(pdf.Root.Lang) == "en-GB"
        assert str(pdf.docinfo.Title) == "Coping with worry"
        assert "/StructTreeRoot" in pdf.Root


def _project_with_settings(tmp_path: Path, settings: str) -> Path:
    source = tmp_path / "source"
    shutil.copytree(COMPLETE_SOURCE, source)
    publisher = source / "publisher.yaml"
    publisher.write_text(publisher.read_text().replace("formats: {}", settings), encoding="utf-8")
    return source


def test_font_size_setting_sets_the_body_size(tmp_path: Path) -> None:
    source = _project_with_settings(tmp_path, "formats:\n  large-print:\n    font_size: 20\n")
    result = run_cli("--source", str(source), "build", "--out", str(tmp_path / "out"), "--format", "large-print")
    assert result.returncode == 0, result.stdout + result.stderr
    sizes = glyph_sizes(pdf_path(tmp_path / "out", "complete-example", "large-print"))
    assert min(sizes) == 20.0


def test_font_size_under_16_pt_is_refused_at_the_setting(tmp_path: Path) -> None:
    source = _project_with_settings(tmp_path, "formats:\n  large-print:\n    font_size: 14\n")
    result = run_cli("--source", str(source), "build", "--out", str(tmp_path / "out"), "--format", "large-print")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "publisher.yaml:11:" in output and "under 16 pt" in output and "UKAAF MS03" in output
    assert not (tmp_path / "out" / "complete-example" / "complete-example-large-print.pdf").exists()


samples_present = pytest.mark.skipif(
    not all((SAMPLES_SOURCE / i / "factsheet.yaml").is_file() for i in SAMPLE_IDS),
    reason="the sample factsheets are not written yet",
)


@samples_present
@pytest.mark.parametrize("factsheet_id", SAMPLE_IDS)
def test_sample_large_print_glyphs_are_at_least_16_pt(
    built: Callable[[Path, tuple[str, ...]], Path], factsheet_id: str,
) -> None:
    path = pdf_path(built(SAMPLES_SOURCE, FORMATS), factsheet_id, "large-print")
    assert min(glyph_sizes(path)) >= UKAAF_MINIMUM_PT


@samples_present
@pytest.mark.parametrize("factsheet_id", SAMPLE_IDS)
def test_sample_large_print_footer_fits_on_every_page(
    built: Callable[[Path, tuple[str, ...]], Path], factsheet_id: str,
) -> None:
    # The footer is at body size, so it is tall: the whole of it must be on every
    # page, down to the last words of how to ask for other formats.
    path = pdf_path(built(SAMPLES_SOURCE, FORMATS), factsheet_id, "large-print")
    project = load_clean(SAMPLES_SOURCE)
    ending = " ".join(project.settings.organisation.other_formats.split()[-4:])
    with pikepdf.open(path) as pdf:
        count = len(pdf.pages)
    for number in range(1, count + 1):
        text = pdftotext(path, number)
        assert f"Page {number} of {count}" in text and ending in text, f"page {number}: {text[-200:]}"
