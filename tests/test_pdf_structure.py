"""Tagged PDFs a screen reader can follow: the structural checker over every PDF the samples build, and
one test per structure-tree repair on a small page made to break (issue 14).

The checker (:mod:`pdf_structure`) reads each PDF with pikepdf, pdfplumber,
pdftotext and pdfua, never with our own code; the repairs it checks live in
:mod:`builders.common.pdf_tags`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from weasyprint import HTML

import pdf_structure
from builders.common.weasy import render_pdf
from builders.model import Location
from conftest import COMPLETE_SOURCE, SAMPLE_IDS, SAMPLES_SOURCE

PDFUA_SKIPS = {
    "UA-14-001": "pdfua 0.1.3 crashes on any heading whose /K is an array (it asks a pikepdf Array for "
                 "'is_integer'), which every WeasyPrint heading has; the checker's heading-nested, "
                 "heading-skip and heading-empty findings cover headings instead",
}
"""pdfua rules allowed to skip or crash, each with its reason; any other skip is a failure."""

PDF_FORMATS = ("pdf", "large-print")
EASY_READ = ("easy-read",)
VARIANTS = {"pdf": "", "large-print": "-large-print", "easy-read": "-easy-read"}


def built_pdf(built: Callable[[Path, tuple[str, ...]], Path], source: Path, factsheet_id: str, fmt: str) -> Path:
    """A PDF the builders made (built once per session and format group)."""
    out = built(source, EASY_READ if fmt == "easy-read" else PDF_FORMATS)
    return out / factsheet_id / f"{factsheet_id}{VARIANTS[fmt]}.pdf"


# --------------------------------------------------------------------------
# Every PDF the samples and the every-feature fixture build
# --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(VARIANTS))
@pytest.mark.parametrize("factsheet_id", SAMPLE_IDS)
def test_sample_pdf_passes_the_structural_checker(built, factsheet_id: str, fmt: str) -> None:  # type: ignore[no-untyped-def]
    path = built_pdf(built, SAMPLES_SOURCE, factsheet_id, fmt)
    assert [str(f) for f in pdf_structure.check(path, PDFUA_SKIPS)] == []


@pytest.mark.parametrize("fmt", list(VARIANTS))
def test_fixture_pdf_passes_the_structural_checker(built, fmt: str) -> None:  # type: ignore[no-untyped-def]
    path = built_pdf(built, COMPLETE_SOURCE, "complete-example", fmt)
    assert [str(f) for f in pdf_structure.check(path, PDFUA_SKIPS)] == []


@pytest.mark.parametrize("fmt", list(VARIANTS))
@pytest.mark.parametrize("factsheet_id", SAMPLE_IDS)
def test_page_3_reads_as_whole_sentences_and_items(built, factsheet_id: str, fmt: str) -> None:  # type: ignore[no-untyped-def]
    """The screen-reader dump of page 3: every paragraph and list item ends its sentence."""
    dump = pdf_structure.reading_dump(built_pdf(built, SAMPLES_SOURCE, factsheet_id, fmt), 3)
    lines = [line.strip() for line in dump.splitlines()]
    texts = [line.split(": ", 1)[1] for line in lines if line.startswith(("P:", "LBody:"))]
    assert texts, dump
    # A list item may end as one item of a running sentence ("anger,", "shame, or"): the help panel
    # now leaves room for the key points and contents before page 3, which starts in the body.
    items = {line.split(": ", 1)[1] for line in lines if line.startswith("LBody:")}
    unfinished = [t for t in texts if not t.rstrip().endswith(pdf_structure.TERMINAL + (")",))
                  and not (t in items and re.search(r"(?:[,;]|, (?:or|and))$", t.rstrip()))]
    assert unfinished == [], dump


# --------------------------------------------------------------------------
# One page made to break: each repair on its own
# --------------------------------------------------------------------------

LONG = "Self-harm is a way of coping with feelings that can build up over time and seem too much to bear. " * 6
PAGE = f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Structure fixture</title>
<style>
@page {{ size: 105mm 148mm; margin: 12mm; }}
html {{ font-family: "Liberation Sans", sans-serif; font-size: 11pt; line-height: 1.4; }}
nav ol {{ list-style: none; padding: 0; }}
nav a::after {{ content: leader(".") " " target-counter(attr(href url), page); }}
h1 span {{ display: block; font-size: 0.6em; }}
th, td {{ border: 1px solid #333; padding: 2pt; }}
</style></head><body>
<h1>Worry <span>Easy read</span></h1>
<nav><h2 id="covers">Contents</h2><ol>
<li><a href="#first">The first part of this page, with a title long enough to wrap onto a second line</a></li>
<li><a href="#words">Hard words</a></li></ol></nav>
<main><section><h2 id="first">The first part</h2>
<p>{LONG}</p>
<ul>{"".join(f"<li>Item number {n} of a long list that runs across a page break.</li>" for n in range(1, 19))}</ul>
<p>Call <a href="tel:116123">116 123</a> or read the <a href="https://www.example.org/a/very/long/address/that/wraps/over/a/line/end">guidance from the example organisation about where to get help</a> [<a href="#ref-1">1</a>].</p>
<figure><img src="picture.png" alt="A calm face"></figure>
<table><caption>Opening hours</caption><thead><tr><th scope="col">Service</th><th scope="col">Hours</th></tr></thead>
<tbody><tr><th scope="row">Samaritans</th><td>24 hours a day</td></tr><tr><th scope="row">Shout</th><td>24 hours a day</td></tr></tbody></table>
</section>
<section><h2 id="words">Hard words</h2><dl>
<div><dt>assessment</dt><dd>A talk with a health worker about the help you need.</dd></div>
<div><dt>advocate</dt><dd>Someone on your side who helps you say what you want.</dd></div></dl>
<div class="contact"><h3>Samaritans</h3><dl><dt>Phone</dt><dd><a href="tel:116123">116 123</a></dd></dl></div>
</section>
<section><h2 id="references">References</h2><ol><li id="ref-1">Victor SE, Glenn CR, Klonsky ED. Is non-suicidal self-injury an addiction? 2012.</li></ol></section>
</main></body></html>"""


def _picture(folder: Path) -> None:
    from PIL import Image
    Image.new("RGB", (40, 40), "#4080c0").save(folder / "picture.png")


@pytest.fixture(scope="module")
def broken_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page rendered through the project's render_pdf (repairs applied)."""
    folder = tmp_path_factory.mktemp("structure")
    _picture(folder)
    target = folder / "page.pdf"
    render_pdf(PAGE, base_url=folder, allowed_dirs=[folder], target=target, fallback_loc=Location("page"))
    return target


@pytest.fixture(scope="module")
def weasyprint_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same page as WeasyPrint 70 alone tags it: what the checker must catch."""
    folder = tmp_path_factory.mktemp("structure-raw")
    _picture(folder)
    target = folder / "page.pdf"
    HTML(string=PAGE, base_url=str(folder)).write_pdf(target, pdf_variant="pdf/ua-1")
    return target


@pytest.fixture(scope="module")
def tree(broken_page: Path) -> pdf_structure.TaggedPdf:
    return pdf_structure.read(broken_page)


def roles(doc: pdf_structure.TaggedPdf, role: str) -> list[pdf_structure.Element]:
    return [e for e in doc.root.walk() if e.role == role]


def test_the_fixture_really_breaks_across_pages(tree: pdf_structure.TaggedPdf) -> None:
    lists = [e for e in roles(tree, "L") if len(e.elements()) == 18]
    assert tree.page_count >= 3 and lists and len(lists[0].pages()) == 2


def test_checker_finds_what_weasyprint_alone_leaves(weasyprint_only: Path) -> None:
    found = pdf_structure.counts(pdf_structure.check(weasyprint_only, PDFUA_SKIPS))
    for kind in ("split", "word-joined", "link-contents", "list-child", "heading-nested", "toc-missing"):
        assert found[kind] > 0, (kind, found)


def test_repaired_fixture_passes_the_checker(broken_page: Path) -> None:
    assert [str(f) for f in pdf_structure.check(broken_page, PDFUA_SKIPS)] == []


def test_a_list_across_a_page_break_is_one_list(tree: pdf_structure.TaggedPdf) -> None:
    items = [e for e in roles(tree, "L") if any("Item number 1 " in tree.text(i) for i in e.elements())]
    assert len(items) == 1 and len(items[0].elements()) == 18


def test_a_paragraph_across_a_page_break_is_one_paragraph(tree: pdf_structure.TaggedPdf) -> None:
    long = [e for e in roles(tree, "P") if "Self-harm is a way" in tree.text(e)]
    assert len(long) == 1 and " ".join(tree.text(long[0]).split()) == LONG.strip()


def test_one_main_and_one_section_per_html_element(tree: pdf_structure.TaggedPdf) -> None:
    assert len(roles(tree, "Part")) == 1
    assert len(roles(tree, "Sect")) == 3


def test_words_at_line_ends_are_separated(tree: pdf_structure.TaggedPdf) -> None:
    text = " ".join(tree.text(tree.root).split())
    assert "over time" in text and "overtime" not in text


def test_contents_are_toc_entries_with_one_link_and_no_dots(tree: pdf_structure.TaggedPdf) -> None:
    (toc,) = roles(tree, "TOC")
    entries = toc.elements()
    assert [e.role for e in entries] == ["TOCI", "TOCI"]
    for entry in entries:
        links = [e for e in entry.walk() if e.role == "Link"]
        assert len(links) == 1 and len(links[0].annotations()) == 1
        assert "..." not in tree.text(entry)
        assert tree.text(entry).split()[-1].isdigit()  # the page number is kept


def test_a_wrapped_link_is_one_link_element(tree: pdf_structure.TaggedPdf) -> None:
    links = [e for e in roles(tree, "Link") if any("very/long" in a.target for a in e.annotations())]
    assert len(links) == 1
    assert "guidance from the example organisation about where to get help" in " ".join(tree.text(links[0]).split())


def test_links_are_described_by_text_and_purpose(tree: pdf_structure.TaggedPdf) -> None:
    described = {a.target: a.contents for _, a, _ in tree.link_annotations}
    assert described["tel:116123"] in ("Call 116 123", "Call Samaritans on 116 123")
    assert described["#ref-1"].startswith("Reference 1: Victor SE, Glenn CR, Klonsky ED.")
    assert described["#words"] == "Section: Hard words"
    assert described["https://www.example.org/a/very/long/address/that/wraps/over/a/line/end"] == \
        "guidance from the example organisation about where to get help – web page at example.org"


def test_contact_phone_link_names_the_organisation(tree: pdf_structure.TaggedPdf) -> None:
    calls = [a.contents for _, a, _ in tree.link_annotations if a.target == "tel:116123"]
    assert "Call Samaritans on 116 123" in calls


def test_glossary_terms_are_labels_of_their_meanings(tree: pdf_structure.TaggedPdf) -> None:
    glossary = [e for e in roles(tree, "L") if "assessment" in tree.text(e)]
    items = glossary[0].elements()
    assert [[k.role for k in item.elements()] for item in items] == [["Lbl", "LBody"], ["Lbl", "LBody"]]
    assert tree.text(items[0].elements()[0]) == "assessment"
    assert tree.text(items[0].elements()[1]).startswith("A talk with a health worker")


def test_a_block_inside_a_heading_leaves_one_heading(tree: pdf_structure.TaggedPdf) -> None:
    (title,) = roles(tree, "H1")
    assert not [e for e in title.walk() if e is not title and e.role.startswith("H")]
    assert " ".join(tree.text(title).split()) == "Worry Easy read"


def test_the_table_keeps_its_header_cells(tree: pdf_structure.TaggedPdf) -> None:
    (table,) = roles(tree, "Table")
    assert {e.role for e in table.walk()} >= {"TR", "TH", "TD", "Caption"}


def test_the_picture_keeps_its_alt_text(tree: pdf_structure.TaggedPdf) -> None:
    assert [f.alt for f in roles(tree, "Figure")] == ["A calm face"]


def test_removed_link_pieces_leave_no_annotation_behind(broken_page: Path) -> None:
    """Every annotation on a page is reached from a Link element (none orphaned by the merge)."""
    with pikepdf.open(broken_page) as pdf:
        annotations = sum(len(page.get("/Annots", [])) for page in pdf.pages)
    doc = pdf_structure.read(broken_page)
    assert annotations == sum(len(e.annotations()) for e in roles(doc, "Link"))


LONG_TABLE = """<!DOCTYPE html><html lang="en-GB"><head><title>Long table</title>
<style>@page { size: 105mm 148mm; margin: 12mm; } html { font-family: "Liberation Sans"; }</style></head>
<body><h1>Opening hours</h1><table><caption>When each service is open</caption>
<thead><tr><th scope="col">Service</th><th scope="col">Hours</th></tr></thead><tbody>%s</tbody></table></body></html>
""" % "".join(f"<tr><th scope='row'>Service {n}</th><td>Open {n % 24 + 1} hours a day</td></tr>" for n in range(40))


@pytest.fixture(scope="module")
def long_table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 40-row table over several pages, rendered through render_pdf."""
    folder = tmp_path_factory.mktemp("long-table")
    target = folder / "table.pdf"
    render_pdf(LONG_TABLE, base_url=folder, allowed_dirs=[folder], target=target, fallback_loc=Location("page"))
    return target


def test_checker_finds_the_table_weasyprint_cuts_at_each_page(tmp_path: Path) -> None:
    target = tmp_path / "raw.pdf"
    HTML(string=LONG_TABLE, base_url=str(tmp_path)).write_pdf(target, pdf_variant="pdf/ua-1")
    assert pdf_structure.counts(pdf_structure.check(target, PDFUA_SKIPS))["split"] > 0


def test_a_table_over_pages_has_its_header_row_once(long_table: Path) -> None:
    doc = pdf_structure.read(long_table)
    (table,) = roles(doc, "Table")
    assert doc.page_count >= 3
    assert [e.role for e in table.elements()] == ["Caption", "THead", "TBody"]
    assert len(table.elements()[2].elements()) == 40
    assert [str(f) for f in pdf_structure.check(long_table, PDFUA_SKIPS)] == []


def test_data_cells_name_header_cells_that_exist(long_table: Path) -> None:
    ids, named = set(), []
    with pikepdf.open(long_table) as pdf:
        def walk(node: pikepdf.Object) -> None:
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    if "/ID" in kid:
                        ids.add(str(kid.ID))
                    if "/A" in kid and "/Headers" in kid.A:
                        named.extend(str(h) for h in kid.A.Headers)
                    walk(kid)
        walk(pdf.Root.StructTreeRoot)
    assert len(named) >= 80 and set(named) <= ids


# --------------------------------------------------------------------------
# Link descriptions, one rule each
# --------------------------------------------------------------------------


def _described(html: str, link_id: str = "link") -> str:
    import xml.etree.ElementTree as ET

    from builders.common.pdf_tags import link_description
    root = ET.fromstring(html)
    parents = {id(child): parent for parent in root.iter() for child in parent}
    anchor = next(e for e in root.iter() if e.get("id") == link_id)
    ancestors, node = [], parents.get(id(anchor))
    while node is not None:
        ancestors.append(node)
        node = parents.get(id(node))
    by_id = {e.get("id"): e for e in root.iter() if e.get("id")}
    return link_description(anchor, ancestors, by_id)


@pytest.mark.parametrize(("html", "expected"), [
    ('<div class="contact"><h3>Shout</h3><a id="link" href="sms:85258?body=SHOUT">SHOUT to 85258</a></div>',
     "Text Shout on 85258"),
    ('<div class="contact"><h3>Samaritans</h3><a id="link" href="mailto:jo@samaritans.org">jo@samaritans.org</a></div>',
     "Email Samaritans at jo@samaritans.org"),
    ('<div class="contact"><h3>Samaritans</h3><a id="link" href="https://www.samaritans.org/">www.samaritans.org</a></div>',
     "Samaritans web page: www.samaritans.org"),
    ('<p><a id="link" href="https://doi.org/10.1/x">https://doi.org/10.1/x</a></p>', "Web page: doi.org/10.1/x"),
    ('<div><h2 id="s">Getting help</h2><a id="link" href="#s">see above</a></div>', "Section: Getting help"),
    ('<div><p><a id="cite-2" href="#ref-2">2</a></p><a id="link" href="#cite-2">Back to text</a></div>',
     "Back to where reference 2 is first cited"),
    ('<p><a id="link" href="tel:999" aria-label="Call 999 in an emergency">999</a></p>', "Call 999 in an emergency"),
])
def test_link_description(html: str, expected: str) -> None:
    assert _described(html) == expected


def test_recording_leaves_weasyprint_as_it_was() -> None:
    from weasyprint.pdf import tags

    from builders.common.pdf_tags import recording_boxes
    original = tags._build_box_tree
    with recording_boxes():
        assert tags._build_box_tree is not original
    assert tags._build_box_tree is original
