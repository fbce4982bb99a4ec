"""The referenced PDF: opened after building and checked for what the issue and PDF/UA-1 ask.

Each test states one rule.  The every-feature fixture is built once per run;
the shipped samples are checked too when they are present.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from pdfua import validate

from builders.common.weasy import render_pdf
from builders.diagnostics import SourceError
from builders.model import Factsheet, Location
from conftest import COMPLETE_SOURCE, SAMPLE_IDS, SAMPLES_SOURCE, build_into, load_clean

FORMATS = ("pdf", "large-print")
MM = 72 / 25.4
"""Points in a millimetre."""

PDFUA_SKIPPED = {
    "UA-14-001": "pdfua 0.1.3 crashes on WeasyPrint files (it reads an array as a dictionary), so it cannot judge them",
}


# --------------------------------------------------------------------------
# Helpers: open what was built
# --------------------------------------------------------------------------


def pdf_path(out: Path, factsheet_id: str, variant: str = "") -> Path:
    """Where a factsheet's PDF was built."""
    return out / factsheet_id / (f"{factsheet_id}-{variant}.pdf" if variant else f"{factsheet_id}.pdf")


def pdftotext(path: Path, *pages: int) -> str:
    """Poppler's text of the whole PDF (or one page), whitespace collapsed."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[0])]
    text = subprocess.run([*args, str(path), "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(text.split())


def in_order(text: str, phrases: list[str]) -> list[str]:
    """The phrases that are missing or out of order in ``text`` (empty when all follow each other)."""
    problems, position = [], 0
    for phrase in phrases:
        found = text.find(phrase, position)
        if found < 0:
            problems.append(phrase)
        else:
            position = found + len(phrase)
    return problems


def outline(path: Path) -> list[tuple[int, str]]:
    """The bookmarks as (depth, title), depth first."""
    items: list[tuple[int, str]] = []
    with pikepdf.open(path) as pdf, pdf.open_outline() as tree:
        def walk(nodes, depth):  # type: ignore[no-untyped-def]
            for node in nodes:
                items.append((depth, node.title))
                walk(node.children, depth + 1)
        walk(tree.root, 1)
    return items


def tagged_headings(path: Path) -> list[tuple[int, str]]:
    """The heading elements (/H1../H6) of the structure tree as (level, text), in tree order."""
    texts: dict[tuple[int, int], str] = {}
    with pdfplumber.open(path) as doc:
        for number, page in enumerate(doc.pages):
            for char in page.chars:
                if char.get("mcid") is not None:
                    key = (number, char["mcid"])
                    texts[key] = texts.get(key, "") + char["text"]
    found: list[tuple[int, str]] = []
    with pikepdf.open(path) as pdf:
        page_index = {page.objgen: n for n, page in enumerate(pdf.pages)}

        def text_of(element, page):  # type: ignore[no-untyped-def]
            if "/Pg" in element:
                page = page_index[element.Pg.objgen]
            kids = element.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            out = ""
            for kid in kids:
                if isinstance(kid, int):
                    out += texts.get((page, kid), "")
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR":
                    out += text_of(kid, page)
            return out

        def walk(element, page):  # type: ignore[no-untyped-def]
            if "/Pg" in element:
                page = page_index[element.Pg.objgen]
            tag = str(element.get("/S", ""))
            if re.fullmatch(r"/H[1-6]", tag):
                found.append((int(tag[2]), " ".join(text_of(element, page).split())))
                return
            kids = element.get("/K")
            for kid in list(kids) if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR":
                    walk(kid, page)

        walk(pdf.Root.StructTreeRoot, None)
    return found


def structure_tags(path: Path) -> set[str]:
    """Every structure type used in the tag tree."""
    found: set[str] = set()
    with pikepdf.open(path) as pdf:
        def walk(element):  # type: ignore[no-untyped-def]
            kids = element.get("/K")
            for kid in list(kids) if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR":
                    found.add(str(kid.get("/S")))
                    walk(kid)
        walk(pdf.Root.StructTreeRoot)
    return found


def annotations(path: Path) -> list[tuple[int, str]]:
    """(page index, target) of every link: a URI, or '#name' for a link inside the document."""
    links = []
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages):
            for annot in page.get("/Annots", []):
                if "/A" in annot and "/URI" in annot.A:
                    links.append((number, str(annot.A.URI)))
                elif "/Dest" in annot:
                    links.append((number, "#" + str(annot.Dest)))
    return links


def destination_pages(path: Path) -> dict[str, int]:
    """Named destination → the 1-based page it points to."""
    with pikepdf.open(path) as pdf:
        page_index = {page.objgen: n + 1 for n, page in enumerate(pdf.pages)}
        names = pdf.Root.Names.Dests.Names
        return {str(names[i]): page_index[names[i + 1][0].objgen] for i in range(0, len(names), 2)}


def pdfua_errors(path: Path) -> list[str]:
    """pdfua findings of severity error, with skipped rules other than the known ones reported as errors."""
    report = validate(str(path))
    problems = []
    for outcome in report.outcomes:
        if outcome.skipped_reason and outcome.rule_id not in PDFUA_SKIPPED:
            problems.append(f"{outcome.rule_id} could not run: {outcome.skipped_reason}")
        for finding in outcome.findings:
            if finding.severity.name == "ERROR":
                problems.append(f"{outcome.rule_id}: {finding.message} ({finding.location.describe()})")
    return problems


def expected_phrases(factsheet: Factsheet) -> list[str]:
    """Title, key points and every heading, in source order: what a reader meets, in order."""
    phrases = [factsheet.metadata.title, factsheet.urgent_help.heading, "Key points"]
    phrases += [point.text for point in factsheet.key_points]
    phrases += ["This factsheet covers"]
    phrases += [section.title_text for section in factsheet.all_sections()]
    return phrases


def cited_numbers_in_text(text: str) -> set[int]:
    """Every number inside a [1] or [1, 2] citation marker."""
    numbers: set[int] = set()
    for marker in re.findall(r"\[(\d+(?:, \d+)*)\]", text):
        numbers.update(int(n) for n in marker.split(", "))
    return numbers


def reference_entry_numbers(path: Path) -> list[int]:
    """The numbers of the reference list's entries, read from poppler's layout text.

    An entry's number sits in the list's marker column (its dot within the
    first few characters of the line); a wrapped line starting with a year
    ("2022. ...") is indented to the text column and is not counted.
    """
    layout = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
                            check=True, capture_output=True, text=True).stdout
    lines = layout.splitlines()
    start = max(i for i, line in enumerate(lines) if line.strip() == "References")
    numbers = []
    for line in lines[start + 1:]:
        if line.strip() == "About this factsheet":
            break
        marker = re.match(r" *(\d+)\. ", line)
        if marker and marker.end() <= 5:
            numbers.append(int(marker.group(1)))
    return numbers


CITATION_MARKER = re.compile(r" ?\[\d+(?:, \d+)*\]")


def without_citations(text: str) -> str:
    """Text with its [1, 2] citation markers taken out (the model's plain text leaves them out too)."""
    return CITATION_MARKER.sub("", text)


# --------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def out(built: Callable[[Path, tuple[str, ...]], Path]) -> Path:
    """The every-feature fixture, built to PDF and large print."""
    return built(COMPLETE_SOURCE, FORMATS)


@pytest.fixture(scope="module")
def factsheet() -> Factsheet:
    """The every-feature fixture's model."""
    return load_clean(COMPLETE_SOURCE).factsheets[0]


@pytest.fixture(scope="module")
def pdf(out: Path, factsheet: Factsheet) -> Path:
    """The every-feature fixture's referenced PDF."""
    return pdf_path(out, factsheet.id)


# --------------------------------------------------------------------------
# Tagged PDF and metadata (PDF/UA-1)
# --------------------------------------------------------------------------


def test_pdf_is_built_at_its_documented_path(pdf: Path) -> None:
    assert pdf.read_bytes().startswith(b"%PDF-1.7")


def test_pdf_is_marked_as_tagged_with_a_structure_tree(pdf: Path) -> None:
    with pikepdf.open(pdf) as doc:
        assert bool(doc.Root.MarkInfo.Marked) is True
        root = doc.Root.StructTreeRoot
        assert root.K[0].S == "/Document"
    # Headings, paragraphs, lists, links and the described picture are tagged as such.
    assert {"/H1", "/H2", "/H3", "/H4", "/P", "/L", "/LI", "/Link", "/Figure"} <= structure_tags(pdf)


def test_pdf_declares_pdf_ua_1_in_its_metadata(pdf: Path) -> None:
    with pikepdf.open(pdf) as doc:
        assert 'pdfuaid:part="1"' in str(doc.open_metadata())


def test_pdf_language_is_the_factsheets(pdf: Path, factsheet: Factsheet) -> None:
    with pikepdf.open(pdf) as doc:
        assert str(doc.Root.Lang) == factsheet.metadata.language == "en-GB"


def test_pdf_title_is_shown_as_the_window_title(pdf: Path, factsheet: Factsheet) -> None:
    with pikepdf.open(pdf) as doc:
        assert str(doc.docinfo.Title) == factsheet.metadata.title
        assert bool(doc.Root.ViewerPreferences.DisplayDocTitle) is True


def test_pdf_metadata_names_author_subject_and_keywords(pdf: Path) -> None:
    with pikepdf.open(pdf) as doc:
        assert str(doc.docinfo.Author) == "Example Mental Health Charity"
        assert str(doc.docinfo.Subject).startswith("This factsheet explains what worry is")
        assert str(doc.docinfo.Keywords) == "worry, anxiety, coping"


def test_pdf_dates_are_the_factsheets_last_update(pdf: Path) -> None:
    with pikepdf.open(pdf) as doc:
        assert str(doc.docinfo.CreationDate) == str(doc.docinfo.ModDate) == "D:20260531000000Z"


def test_outline_mirrors_the_tagged_headings(pdf: Path) -> None:
    assert outline(pdf) == tagged_headings(pdf)


def test_outline_holds_every_section_at_its_level(pdf: Path, factsheet: Factsheet) -> None:
    marks = outline(pdf)
    expected = [(s.level + 1, s.title_text) for s in factsheet.all_sections()]
    assert [m for m in marks if m in expected] == expected
    assert marks[0] == (1, factsheet.metadata.title)


def test_pdfua_finds_no_errors_in_the_pdf(pdf: Path) -> None:
    assert pdfua_errors(pdf) == []


def test_every_font_is_embedded(pdf: Path) -> None:
    report = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    rows = report.splitlines()[2:]
    assert rows, report
    assert all(row.split()[-5] == "yes" for row in rows), report
    assert all("Liberation-Sans" in row or "DejaVu" in row for row in rows), report


# --------------------------------------------------------------------------
# Content and reading order
# --------------------------------------------------------------------------


def test_title_key_points_and_headings_appear_in_source_order(pdf: Path, factsheet: Factsheet) -> None:
    assert in_order(without_citations(pdftotext(pdf)), expected_phrases(factsheet)) == []


def test_urgent_help_is_on_the_first_page(pdf: Path, factsheet: Factsheet) -> None:
    first = pdftotext(pdf, 1)
    assert factsheet.urgent_help.heading in first
    assert "116 123" in first and "85258" in first and "999" in first


def test_every_cited_number_has_a_reference_entry_and_none_is_missing(pdf: Path, factsheet: Factsheet) -> None:
    text = pdftotext(pdf)
    body = text[:text.rindex("References")]
    entries = reference_entry_numbers(pdf)
    assert entries == list(range(1, len(factsheet.cited_references()) + 1))
    assert cited_numbers_in_text(body) == set(entries)


def test_citations_link_to_their_reference_entry(pdf: Path) -> None:
    links = [target for _, target in annotations(pdf) if target.startswith("#ref-")]
    assert set(links) == {"#ref-1", "#ref-2", "#ref-3"}
    pages = destination_pages(pdf)
    assert pages["ref-1"] == pages["references"] == pages["ref-2"] == pages["ref-3"]


def test_every_reference_with_an_address_is_a_working_link(pdf: Path, factsheet: Factsheet) -> None:
    uris = {target for _, target in annotations(pdf)}
    assert {r.url for r in factsheet.cited_references() if r.url} <= uris


def test_phone_numbers_are_tel_links_and_texts_sms_links(pdf: Path) -> None:
    uris = {target for _, target in annotations(pdf)}
    assert {"tel:116123", "tel:999", "sms:85258?body=SHOUT", "mailto:jo@samaritans.org"} <= uris


def test_cross_references_link_to_their_section(pdf: Path) -> None:
    targets = {target for _, target in annotations(pdf)}
    assert {"#treatment", "#what-is-worry"} <= targets


def test_contents_lists_each_section_with_the_page_it_starts_on(pdf: Path, factsheet: Factsheet) -> None:
    pages = destination_pages(pdf)
    contents = pdftotext(pdf, pages["contents"])
    for section in factsheet.sections:
        match = re.search(re.escape(section.title_text) + r"[ .]*?(\d+)", contents)
        assert match, f"{section.title_text} is not in the contents"
        assert int(match.group(1)) == pages[section.id]
        assert section.title_text in pdftotext(pdf, pages[section.id])


def test_contents_entries_link_to_their_sections(pdf: Path, factsheet: Factsheet) -> None:
    pages = destination_pages(pdf)
    contents_links = {t for page, t in annotations(pdf) if page + 1 == pages["contents"]}
    assert {f"#{s.id}" for s in factsheet.sections} | {"#references", "#useful-contacts"} <= contents_links


def test_every_page_shows_page_x_of_y_version_dates_and_other_formats(pdf: Path) -> None:
    with pikepdf.open(pdf) as doc:
        count = len(doc.pages)
    for number in range(1, count + 1):
        text = pdftotext(pdf, number)
        assert f"Page {number} of {count}" in text
        assert "Example Mental Health Charity · Version 2.1 · Last updated 31 May 2026" in text
        assert "Next review 31 May 2028" in text
        assert "call 0306 999 0123 or email formats@example.org" in text


def test_running_footer_and_page_numbers_are_artifacts(pdf: Path) -> None:
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            # Below the 28 mm bottom margin, and above the 20 mm top margin.
            footer = [c for c in page.chars if c["top"] > page.height - 28 * MM]
            header = [c for c in page.chars if c["bottom"] < 20 * MM]
            assert footer and header
            assert {c.get("tag") for c in footer + header} == {"Artifact"}
            assert all(c.get("mcid") is None for c in footer + header)


def test_picture_has_its_alt_text_and_the_decorative_one_is_an_artifact(pdf: Path) -> None:
    with pikepdf.open(pdf) as doc:
        figures = []

        def walk(element):  # type: ignore[no-untyped-def]
            kids = element.get("/K")
            for kid in list(kids) if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR":
                    if kid.get("/S") == "/Figure":
                        figures.append(str(kid.get("/Alt", "")))
                    walk(kid)

        walk(doc.Root.StructTreeRoot)
    # The source has two pictures: one described, one {.decorative}.
    assert figures == ["A person sitting on a bench, thinking"]


def test_same_source_builds_byte_identical_pdfs(tmp_path: Path) -> None:
    first = build_into(COMPLETE_SOURCE, tmp_path / "a", ("pdf",))
    second = build_into(COMPLETE_SOURCE, tmp_path / "b", ("pdf",))
    one, two = pdf_path(first, "complete-example"), pdf_path(second, "complete-example")
    assert one.read_bytes() == two.read_bytes()


# --------------------------------------------------------------------------
# The renderer refuses a page WeasyPrint would wrongly mark PDF/UA
# --------------------------------------------------------------------------

WHERE = Location("body.md", 7, 1)


def _render(html: str, tmp_path: Path) -> Path:
    target = tmp_path / "page.pdf"
    render_pdf(html, base_url=tmp_path, allowed_dirs=[tmp_path], target=target, fallback_loc=WHERE)
    return target


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("<html><head><title>T</title></head><body><p>Hi</p></body></html>", "no language"),
        ('<html lang=""><head><title>T</title></head><body><p>Hi</p></body></html>', "no language"),
        ('<html lang="en-GB"><head></head><body><p>Hi</p></body></html>', "no <title>"),
        ('<html lang="en-GB"><head><title> </title></head><body><p>Hi</p></body></html>', "no <title>"),
        ('<html lang="en-GB"><head><title>T</title></head><body><img src="x.png"></body></html>', "no alt text"),
        ('<html lang="en-GB"><head><title>T</title></head><body><img src="x.png" alt=""></body></html>',
         "not marked decorative"),
    ],
    ids=["no-lang", "empty-lang", "no-title", "blank-title", "img-without-alt", "empty-alt-not-decorative"],
)
def test_renderer_refuses_a_page_that_cannot_be_pdf_ua(html: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(SourceError) as error:
        _render(html, tmp_path)
    assert message in error.value.diagnostic.message
    assert error.value.diagnostic.loc == WHERE
    assert not (tmp_path / "page.pdf").exists()


def test_renderer_accepts_a_complete_page(tmp_path: Path) -> None:
    html = '<html lang="en-GB"><head><title>T</title></head><body><h1>Hello</h1></body></html>'
    with pikepdf.open(_render(html, tmp_path)) as doc:
        assert str(doc.Root.Lang) == "en-GB" and str(doc.docinfo.Title) == "T"


# --------------------------------------------------------------------------
# The shipped samples
# --------------------------------------------------------------------------

samples_present = pytest.mark.skipif(
    not all((SAMPLES_SOURCE / i / "factsheet.yaml").is_file() for i in SAMPLE_IDS),
    reason="the sample factsheets are not written yet",
)


@pytest.fixture(scope="module")
def samples_out(built: Callable[[Path, tuple[str, ...]], Path]) -> Path:
    """Both samples built to PDF and large print."""
    return built(SAMPLES_SOURCE, FORMATS)


@pytest.fixture(scope="module")
def samples() -> dict[str, Factsheet]:
    """The samples' models, by id."""
    return {f.id: f for f in load_clean(SAMPLES_SOURCE).factsheets}


@samples_present
@pytest.mark.parametrize("factsheet_id", SAMPLE_IDS)
@pytest.mark.parametrize("variant", ["", "large-print"])
def test_sample_pdf_passes_pdfua(samples_out: Path, factsheet_id: str, variant: str) -> None:
    assert pdfua_errors(pdf_path(samples_out, factsheet_id, variant)) == []


@samples_present
@pytest.mark.parametrize("factsheet_id", SAMPLE_IDS)
def test_sample_headings_and_key_points_in_source_order(
    samples_out: Path, samples: dict[str, Factsheet], factsheet_id: str,
) -> None:
    text = without_citations(pdftotext(pdf_path(samples_out, factsheet_id)))
    assert in_order(text, expected_phrases(samples[factsheet_id])) == []


@samples_present
@pytest.mark.parametrize("factsheet_id", SAMPLE_IDS)
def test_sample_citations_and_reference_entries_match(
    samples_out: Path, samples: dict[str, Factsheet], factsheet_id: str,
) -> None:
    path = pdf_path(samples_out, factsheet_id)
    text = pdftotext(path)
    entries = reference_entry_numbers(path)
    assert entries == list(range(1, len(samples[factsheet_id].cited_references()) + 1))
    assert cited_numbers_in_text(text[:text.rindex("References")]) == set(entries)


@samples_present
@pytest.mark.parametrize("factsheet_id", SAMPLE_IDS)
def test_sample_outline_mirrors_the_tagged_headings(samples_out: Path, factsheet_id: str) -> None:
    path = pdf_path(samples_out, factsheet_id)
    assert outline(path) == tagged_headings(path)
