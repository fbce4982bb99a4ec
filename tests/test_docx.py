"""The Word copy (issue 5): reopened with python-docx and compared with the model, then opened by LibreOffice.

Every test reads the .docx that the real builder wrote.  The every-feature
fixture and both shipped samples are checked the same way.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from builders.common.citations import BACK_TO_TEXT, format_references
from builders.common.dates import long_date
from builders.formats.docx import ABOUT_HEADING, REQUIRED_STYLES, TEMPLATE
from builders.common.words import caption_line
from builders.model import (
    Block,
    Callout,
    Citation,
    CrossReference,
    Emphasis,
    Factsheet,
    Figure,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Table,
    Strong,
    Text,
    plain_text,
)
from builders.parse import Project
from conftest import COMPLETE_SOURCE, ROOT, SAMPLE_IDS, SAMPLES_SOURCE, build_into, load_clean, run_cli

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
BOOKMARK_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")  # what Word keeps when a user edits the file
CITATION_TEXT = re.compile(r"\s*\[\d+(, \d+)*\]")


@dataclass(frozen=True)
class Case:
    """One factsheet of the model beside the .docx built from it."""

    factsheet: Factsheet
    project: Project
    path: Path

    @property
    def document(self) -> Document:
        return docx.Document(str(self.path))


CASES = [("complete", "complete-example"), *(("samples", sid) for sid in SAMPLE_IDS)]


@pytest.fixture(scope="module", params=CASES, ids=[sid for _, sid in CASES])
def case(request: pytest.FixtureRequest, built: Callable[[Path, tuple[str, ...]], Path]) -> Case:
    """Each factsheet (fixture and samples), built once to .docx."""
    source = COMPLETE_SOURCE if request.param[0] == "complete" else SAMPLES_SOURCE
    project = load_clean(source)
    factsheet = project.get(request.param[1])
    assert factsheet is not None, f"{request.param[1]} is missing from {source}"
    out = built(source, ("docx",))
    return Case(factsheet, project, out / factsheet.id / f"{factsheet.id}.docx")


@pytest.fixture(scope="module")
def complete(built: Callable[[Path, tuple[str, ...]], Path]) -> Case:
    """The every-feature fixture alone (pictures, decorative pictures, every inline)."""
    project = load_clean(COMPLETE_SOURCE)
    factsheet = project.get("complete-example")
    assert factsheet is not None
    out = built(COMPLETE_SOURCE, ("docx",))
    return Case(factsheet, project, out / factsheet.id / f"{factsheet.id}.docx")


# -- what the model says the document holds ---------------------------------------


def expected_text(nodes: tuple[Inline, ...], numbers: dict[str, int]) -> str:
    """Inline content as Word shows it: citations as [1, 2], pictures as nothing."""
    out = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, (Strong, Emphasis, Link, CrossReference)):
            out.append(expected_text(node.children, numbers))
        elif isinstance(node, Citation):
            cited = [str(numbers[k]) for k in node.keys if k in numbers]
            out.append(f"[{', '.join(cited)}]" if cited else "")
        elif isinstance(node, LineBreak):
            out.append("\n")
    return "".join(out)


def expected_headings(factsheet: Factsheet) -> list[tuple[int, str]]:
    """(level, text) of every heading in reading order; the title is level 0."""
    headings = [(0, factsheet.metadata.title), (1, factsheet.urgent_help.heading)]
    # the urgent contacts are one list line each (common/urgent.py), not headings
    if factsheet.key_points:
        headings.append((1, "Key points"))
    if factsheet.sections:
        headings.append((1, "This factsheet covers"))
    headings += [(s.level, s.title_text) for s in factsheet.all_sections()]
    if factsheet.further_reading:
        headings.append((1, "Further reading"))
    if factsheet.contacts:
        headings.append((1, "Useful contacts"))
        headings += [(2, c.name) for c in factsheet.contacts]
    if factsheet.cited_references():
        headings.append((1, "References"))
    headings.append((1, ABOUT_HEADING))
    return headings


def expected_blocks(blocks: tuple[Block, ...], numbers: dict[str, int], depth: int = 0) -> Iterator[tuple[str, str]]:
    """(style, text) of each paragraph a section's blocks become."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield ("Normal" if depth == 0 else "List Paragraph"), expected_text(block.inlines, numbers)
        elif isinstance(block, Figure):
            yield "Normal", ""
            if block.caption or block.credit:
                yield "Caption", caption_line(expected_text(block.caption, numbers), block.credit)
        elif isinstance(block, Table):  # the cells are in the table, not among the body's paragraphs
            yield "Caption", expected_text(block.caption, numbers)
            yield "Normal", ""
        elif isinstance(block, Quote):
            for paragraph in block.paragraphs:
                yield "Quote", expected_text(paragraph.inlines, numbers)
            yield "Quote Attribution", "\u2014 " + expected_text(block.attribution, numbers)
        elif isinstance(block, Callout):
            yield "Call-out Label", block.kind.label
            for inner in block.blocks:
                if isinstance(inner, Paragraph):
                    yield "Call-out", expected_text(inner.inlines, numbers)
                else:
                    assert isinstance(inner, ListBlock)
                    yield from (("Call-out", expected_text(item.blocks[0].inlines, numbers))  # type: ignore[union-attr]
                                for item in inner.items)
        elif isinstance(block, ListBlock):
            kind = "List Number" if block.ordered else "List Bullet"
            style = kind if depth == 0 else f"{kind} {depth + 1}"
            for item in block.items:
                first, *rest = item.blocks
                assert isinstance(first, Paragraph)
                yield style, expected_text(first.inlines, numbers)
                yield from expected_blocks(tuple(rest), numbers, depth + 1)


def list_levels(blocks: tuple[Block, ...], depth: int = 0) -> Iterator[tuple[int, bool]]:
    """(level, ordered) of every list item, in order."""
    for block in blocks:
        if isinstance(block, ListBlock):
            for item in block.items:
                yield depth, block.ordered
                yield from list_levels(item.blocks[1:], depth + 1)


# -- what the document holds -------------------------------------------------------


def heading_level(paragraph: DocxParagraph) -> int | None:
    """0 for the Title, N for Heading N, None for anything else."""
    name = paragraph.style.name if paragraph.style is not None else ""
    if name == "Title":
        return 0
    if name.startswith("Heading "):
        return int(name.removeprefix("Heading "))
    return None


def bookmarks_in(paragraph: DocxParagraph) -> list[str]:
    return [el.get(qn("w:name")) for el in paragraph._p.iter(qn("w:bookmarkStart"))]


def section_paragraphs(document: Document, section_id: str) -> list[DocxParagraph]:
    """The paragraphs after the heading bookmarked for ``section_id``, up to the next heading."""
    paragraphs = document.paragraphs
    name = re.sub(r"\W", "_", f"sec_{section_id}", flags=re.ASCII)[:40]  # a valid Word bookmark name
    start = next(i for i, p in enumerate(paragraphs) if name in bookmarks_in(p))
    following = []
    for paragraph in paragraphs[start + 1:]:
        if heading_level(paragraph) is not None:
            break
        following.append(paragraph)
    return following


def numbering_of(document: Document, paragraph: DocxParagraph) -> tuple[int, int]:
    """(numId, ilvl) in force for a paragraph: its own numPr, else its style's."""
    for holder in (paragraph._p.pPr, paragraph.style.element.pPr):
        if holder is not None and holder.numPr is not None and holder.numPr.numId is not None:
            ilvl = holder.numPr.ilvl
            return holder.numPr.numId.val, ilvl.val if ilvl is not None else 0
    raise AssertionError(f"{paragraph.text!r} is not a numbered or bulleted paragraph")


def all_hyperlinks(document: Document) -> list[tuple[str, str, str]]:
    """(address, anchor, text) of every hyperlink in the body."""
    return [(h.address, h.fragment, h.text) for p in document.paragraphs for h in p.hyperlinks]


def model_inlines(factsheet: Factsheet) -> Iterator[Inline]:
    return factsheet.inlines()


def squash(text: str) -> str:
    return " ".join(text.split())


# -- headings ----------------------------------------------------------------------


def test_the_title_is_the_first_paragraph_in_the_title_style(case: Case) -> None:
    first = case.document.paragraphs[0]
    assert (first.style.name, first.text) == ("Title", case.factsheet.metadata.title)


def test_headings_follow_the_model_in_order_with_their_levels(case: Case) -> None:
    actual = [(heading_level(p), CITATION_TEXT.sub("", p.text)) for p in case.document.paragraphs
              if heading_level(p) is not None]
    assert actual == expected_headings(case.factsheet)


def test_heading_levels_never_skip_a_level(case: Case) -> None:
    levels = [lvl for p in case.document.paragraphs if (lvl := heading_level(p)) is not None]
    jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    assert levels[0] == 0 and not jumps


# -- paragraphs and lists -----------------------------------------------------------


def test_every_section_holds_the_model_paragraphs_and_list_items_in_order(case: Case) -> None:
    document = case.document
    numbers = case.factsheet.citation_numbers()
    for section in case.factsheet.all_sections():
        actual = [p.text for p in section_paragraphs(document, section.id)]
        expected = [text for _, text in expected_blocks(section.blocks, numbers)]
        assert actual == expected, section.title_text


def test_every_list_item_has_the_list_style_of_its_level(case: Case) -> None:
    document = case.document
    numbers = case.factsheet.citation_numbers()
    for section in case.factsheet.all_sections():
        actual = [(p.style.name, p.text) for p in section_paragraphs(document, section.id)]
        assert actual == list(expected_blocks(section.blocks, numbers)), section.title_text


def test_list_levels_are_real_numbering_levels(case: Case) -> None:
    """A nested item is level 1 of the same kind of list, not an indented paragraph."""
    document = case.document
    numbering = document.part.numbering_part.element
    for section in case.factsheet.all_sections():
        items = [p for p in section_paragraphs(document, section.id) if p.style.name.startswith("List ")
                 and p.style.name != "List Paragraph"]
        for paragraph, (level, ordered) in zip(items, list_levels(section.blocks), strict=True):
            num_id, ilvl = numbering_of(document, paragraph)
            abstract_id = numbering.num_having_numId(num_id).abstractNumId.val
            abstract = next(a for a in numbering.iter(qn("w:abstractNum"))
                            if a.get(qn("w:abstractNumId")) == str(abstract_id))
            lvl = next(x for x in abstract.iter(qn("w:lvl")) if x.get(qn("w:ilvl")) == str(ilvl))
            fmt = lvl.find(qn("w:numFmt")).get(qn("w:val"))
            assert (ilvl, fmt != "bullet") == (level, ordered), paragraph.text


def test_each_numbered_list_starts_again_at_one(case: Case) -> None:
    document = case.document
    numbering = document.part.numbering_part.element
    firsts = [p for p in document.paragraphs if p.style.name.startswith("List Number")
              and p._p.pPr is not None and p._p.pPr.numPr is not None]
    num_ids = {numbering_of(document, p)[0] for p in firsts}
    ordered_lists = sum(1 for s in case.factsheet.all_sections() for b in s.blocks
                        if isinstance(b, ListBlock) and b.ordered)
    assert len(num_ids) == ordered_lists
    for num_id in num_ids:
        starts = [el.get(qn("w:val")) for el in numbering.num_having_numId(num_id).iter(qn("w:startOverride"))]
        assert starts == ["1"]


# -- links ---------------------------------------------------------------------------


def test_web_links_are_real_hyperlinks_with_their_own_words(case: Case) -> None:
    links = all_hyperlinks(case.document)
    numbers = case.factsheet.citation_numbers()
    for node in model_inlines(case.factsheet):
        if isinstance(node, Link):
            assert (node.url, "", expected_text(node.children, numbers)) in links


def test_a_hyperlink_is_an_external_relationship_holding_runs_in_the_hyperlink_style(complete: Case) -> None:
    document = complete.document
    rels = document.part.rels
    links = [el for el in document.element.body.iter(qn("w:hyperlink")) if el.get(qn("r:id"))]
    assert links
    for link in links:
        rel = rels[link.get(qn("r:id"))]
        assert rel.is_external and rel.target_ref
        styles = {r.find(f"{W}rPr/{W}rStyle").get(qn("w:val")) for r in link.iter(qn("w:r"))}
        assert styles == {"Hyperlink"}


def test_phone_numbers_are_tel_links(case: Case) -> None:
    links = all_hyperlinks(case.document)
    for contact in (*case.factsheet.urgent_help.contacts, *case.factsheet.contacts):
        for phone in contact.phones:
            assert phone.tel_uri.startswith("tel:")
            assert (phone.tel_uri, "", phone.number) in links


def test_text_numbers_are_sms_links(case: Case) -> None:
    links = [(address, text) for address, _, text in all_hyperlinks(case.document)]
    for contact in (*case.factsheet.urgent_help.contacts, *case.factsheet.contacts):
        for sms in contact.texts:
            words = f"{sms.keyword} to {sms.number}" if sms.keyword else sms.number
            assert (sms.sms_uri, words) in links


def test_cross_references_link_to_the_bookmark_on_their_heading(case: Case) -> None:
    document = case.document
    heading_of = {name: p.text for p in document.paragraphs if heading_level(p) for name in bookmarks_in(p)}
    targets = [(anchor, text) for _, anchor, text in all_hyperlinks(document) if anchor]
    numbers = case.factsheet.citation_numbers()
    for node in model_inlines(case.factsheet):
        if isinstance(node, CrossReference):
            section = case.factsheet.section(node.target)
            closing = dict(case.factsheet.generated_sections())
            title = section.title_text if section is not None else closing[node.target]
            anchor = next(a for a, text in targets if text == expected_text(node.children, numbers))
            assert CITATION_TEXT.sub("", heading_of[anchor]) == title


def test_citation_numbers_link_to_their_entries_in_the_reference_list(case: Case) -> None:
    document = case.document
    entries = {name: p for p in document.paragraphs if p.style.name == "Bibliography" for name in bookmarks_in(p)}
    references = {r.number: r for r in format_references(case.factsheet)}
    citation_links = [(anchor, text) for _, anchor, text in all_hyperlinks(document) if anchor and text.isdigit()]
    cited = [n for node in model_inlines(case.factsheet) if isinstance(node, Citation)
             for n in (case.factsheet.citation_numbers().get(k) for k in node.keys) if n]
    assert len(citation_links) == len(cited)
    for anchor, text in citation_links:
        entry = entries[anchor]
        assert squash(entry.text) == squash(f"{text}. {references[int(text)].text} {BACK_TO_TEXT}")


def test_each_reference_links_back_to_its_first_citation(case: Case) -> None:
    """"Back to text" in each entry leads to a bookmark around the paragraph of the first citation (issue 14)."""
    document = case.document
    first: dict[str, str] = {}
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Bibliography":
            continue
        for name in bookmarks_in(paragraph):
            first.setdefault(name, paragraph.text)
    backs = [(anchor, text) for _, anchor, text in all_hyperlinks(document) if text == BACK_TO_TEXT]
    assert len(backs) == len(format_references(case.factsheet))
    for anchor, _ in backs:
        number = anchor.removeprefix("cite_")
        assert re.search(rf"\[(\d+, )*{number}(, \d+)*\]", first[anchor]), (anchor, first.get(anchor))


def test_web_addresses_and_dois_in_the_reference_list_are_links(case: Case) -> None:
    entries = [p for p in case.document.paragraphs if p.style.name == "Bibliography"]
    references = format_references(case.factsheet)
    assert len(entries) == len(references)
    for entry, reference in zip(entries, references):
        links = [(h.address, h.text) for h in entry.hyperlinks]
        if reference.url and reference.url in reference.text:
            assert (reference.url, reference.url) in links
        doi = reference.reference.doi
        if doi and doi in reference.text:
            assert (f"https://doi.org/{doi}", doi) in links


def test_a_contact_is_kept_on_one_page(case: Case) -> None:
    """Each detail paragraph but the last keeps with the next, so a page never splits a contact."""
    paragraphs = case.document.paragraphs
    groups: list[list[DocxParagraph]] = []
    for previous, paragraph in zip(paragraphs, paragraphs[1:]):
        if paragraph.style.name == "Contact Detail":
            if previous.style.name != "Contact Detail":
                groups.append([])
            groups[-1].append(paragraph)
    assert groups
    for group in groups:
        assert [bool(p.paragraph_format.keep_with_next) for p in group] == [True] * (len(group) - 1) + [False]


def test_every_internal_link_has_a_bookmark_with_a_name_word_keeps(case: Case) -> None:
    document = case.document
    names = [name for p in document.paragraphs for name in bookmarks_in(p)]
    anchors = {anchor for _, anchor, _ in all_hyperlinks(document) if anchor}
    assert anchors and anchors <= set(names)
    assert len(names) == len(set(names))
    assert all(BOOKMARK_NAME.match(name) for name in names)


# -- properties, language, styles ----------------------------------------------------------


def test_document_properties_describe_the_factsheet(case: Case) -> None:
    meta = case.factsheet.metadata
    props = case.document.core_properties
    assert props.title == meta.title
    assert props.subject and plain_text(meta.introduction).startswith(props.subject)
    assert props.author == meta.organisation
    assert props.keywords == ", ".join(meta.keywords)
    assert props.language == meta.language


def test_the_language_is_set_on_the_defaults_and_every_style(case: Case) -> None:
    styles = case.document.styles.element
    language = case.factsheet.metadata.language
    holders = [styles.find(f"{W}docDefaults/{W}rPrDefault")]
    holders += [s for s in styles.findall(f"{W}style") if s.get(qn("w:type")) in ("paragraph", "character")]
    langs = [h.find(f"{W}rPr/{W}lang") for h in holders]
    assert [lang.get(qn("w:val")) if lang is not None else None for lang in langs] == [language] * len(holders)


def test_body_text_is_a_sans_serif_of_at_least_12_pt(case: Case) -> None:
    """RNIB Clear Print, UKAAF MS03: clear print at least 12 pt, sans serif."""
    document = case.document
    normal = document.styles["Normal"]
    assert normal.font.name == "Arial" and normal.font.size.pt >= 12
    for style_name in {p.style.name for p in document.paragraphs}:
        style, size = document.styles[style_name], None
        while style is not None and size is None:
            size, style = style.font.size, style.base_style
        assert size is None or size.pt >= 12, style_name


def test_every_style_the_document_uses_is_defined(case: Case) -> None:
    """python-docx cannot apply a style the template lacks; Word would fall back to Normal."""
    with zipfile.ZipFile(case.path) as archive:
        styles = archive.read("word/styles.xml").decode()
        used = set()
        for part in ("word/document.xml", "word/footer1.xml"):
            used |= set(re.findall(r'<w:[pr]Style w:val="([^"]+)"', archive.read(part).decode()))
    defined = set(re.findall(r'w:styleId="([^"]+)"', styles))
    assert used and used <= defined


def test_the_template_defines_every_style_the_builder_applies() -> None:
    names = {style.name for style in docx.Document(str(TEMPLATE)).styles}
    assert set(REQUIRED_STYLES) <= names


def test_the_committed_template_is_what_its_generator_writes(tmp_path: Path) -> None:
    target = tmp_path / "template.docx"
    subprocess.run([str(ROOT / ".venv" / "bin" / "python"), str(TEMPLATE.parent / "make_template.py"), str(target)],
                   check=True)
    assert target.read_bytes() == TEMPLATE.read_bytes()


# -- footer, pictures --------------------------------------------------------------------


def test_the_footer_shows_version_dates_and_how_to_get_other_formats(case: Case) -> None:
    meta = case.factsheet.metadata
    footer = squash(" ".join(p.text for p in case.document.sections[0].footer.paragraphs))
    assert f"Version {meta.version}" in footer
    assert f"Last updated {long_date(meta.last_updated)}" in footer
    assert f"Next review due {long_date(meta.next_review)}" in footer
    assert squash(case.project.settings.organisation.other_formats) in footer


def test_pictures_carry_their_alt_text(complete: Case) -> None:
    images = [n for n in model_inlines(complete.factsheet) if isinstance(n, Image)]
    doc_prs = list(complete.document.element.body.iter(WP_DOC_PR))
    assert [d.get("descr") for d in doc_prs] == ["" if i.decorative else i.alt for i in images]
    assert any(i.alt for i in images)


def test_decorative_pictures_are_marked_decorative(complete: Case) -> None:
    images = [n for n in model_inlines(complete.factsheet) if isinstance(n, Image)]
    doc_prs = list(complete.document.element.body.iter(WP_DOC_PR))
    marks = [any(m.get("val") == "1" for m in d.iter(DECORATIVE)) for d in doc_prs]
    assert marks == [i.decorative for i in images] and any(marks)


# -- reproducible ------------------------------------------------------------------------


def test_the_same_source_builds_byte_identical_files(tmp_path: Path) -> None:
    first = build_into(COMPLETE_SOURCE, tmp_path / "a", ("docx",)) / "complete-example" / "complete-example.docx"
    second = build_into(COMPLETE_SOURCE, tmp_path / "b", ("docx",)) / "complete-example" / "complete-example.docx"
    assert first.read_bytes() == second.read_bytes()


def test_document_dates_are_the_factsheet_last_update(case: Case) -> None:
    props = case.document.core_properties
    updated = case.factsheet.metadata.last_updated
    assert props.created.date() == props.modified.date() == updated


# -- a publisher's own template ---------------------------------------------------------------


def test_a_publisher_template_lacking_a_style_is_refused_with_its_name(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(COMPLETE_SOURCE, source)
    bare = Path(docx.__file__).parent / "templates" / "default.docx"  # python-docx's own: no Bibliography style
    shutil.copy(bare, source / "bare.docx")
    settings = (source / "publisher.yaml").read_text().replace("formats: {}", "formats:\n  docx:\n    template: bare.docx")
    (source / "publisher.yaml").write_text(settings)
    result = run_cli("--source", str(source), "build", "--format", "docx", "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "publisher.yaml" in result.stdout + result.stderr
    assert "lacks the styles" in result.stdout + result.stderr and "Bibliography" in result.stdout + result.stderr


# -- a real client opens it -------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_text(case: Case, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The .docx converted to PDF by LibreOffice (its own profile, so parallel runs never clash), as text."""
    work = tmp_path_factory.mktemp("libreoffice")
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(work), str(case.path)],
        capture_output=True, text=True, timeout=300,
    )
    pdf = work / f"{case.factsheet.id}.pdf"
    assert result.returncode == 0 and pdf.is_file(), result.stderr
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_libreoffice_shows_every_heading_in_order(case: Case, pdf_text: str) -> None:
    text = squash(pdf_text)
    position = 0
    for _, heading in expected_headings(case.factsheet):
        found = text.find(squash(heading), position)
        assert found >= 0, f"{heading!r} missing or out of order"
        position = found + len(squash(heading))
