"""Easy read in Word (``ID-easy-read.docx``): the same rows as the easy-read PDF, as a two-column table.

People also ask for easy read by email (NHS England's Accessible Information
Standard names Word copies).  Each row is a table row: the picture (a PNG
made from OpenMoji's SVG, with its alt text in ``descr``) and its words, the
picture on the left (DH 2010; a setting swaps sides).  The table is for
layout, so it has no header row; a row may not split across pages.  Text is
Arial (Liberation Sans where Arial is missing) at 16 pt by default, hard
words in bold, no italics or underlining; the document language is en-GB.
The file is reproducible: fixed dates (the factsheet's last update) and a
fixed zip order and time.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import docx
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from builders.common.docx_look import apply_look
from builders.common.look import PageLook
from builders.common.presets import EASY_READ_LARGE
from builders.common.docx_tools import add_hyperlink, add_run, save_stable, set_language
from builders.common.easy_read import Document, Row, easy_read_document
from builders.common.openmoji import OPENMOJI_DIR, OPENMOJI_URL, Picture
from builders.common.picture_raster import square_png
from builders.diagnostics import SourceError
from builders.formats.base import TEMPLATES_DIR, BuildContext, Builder
from builders.formats.file_kinds import WORD
from builders.model import CrossReference, Emphasis, Factsheet, Inline, LineBreak, Link, Strong, Text, plain_text
from builders.output_files import Layer, OutputFile, Role
from builders.settings import Settings, read_options

WORD_TEMPLATE = TEMPLATES_DIR / "word" / "factsheet-template.docx"
"""The Word copy's styles (Title, Heading 1, Normal; Arial, en-GB)."""
PICTURE_PIXELS = 300
"""PNG side: 3 cm at about 250 dots per inch, sharp in print."""
MIN_FONT_SIZE = 14.0
"""DH 2010 and gov.uk: easy read is at least 14 pt."""


@dataclass(frozen=True)
class EasyReadDocxOptions(PageLook):
    """Options under ``formats: easy-read-docx:`` in ``publisher.yaml``, with the reader's look (applied when chosen)."""

    font_size: float = 16.0
    """Body text in points (DH and gov.uk: at least 14)."""
    picture_side: str = "left"
    """Where the pictures go: 'left' (DH 2010) or 'right'."""
    picture_size: float = 3.0
    """The side of each picture in centimetres (at least 2.5)."""


def picture_png(picture: Picture) -> bytes:
    """The picture as a square PNG (Word shows SVG only in recent versions; PNG everywhere), drawn once per picture."""
    return square_png(picture.svg_path, PICTURE_PIXELS)


def _hyperlink(paragraph: Paragraph, url: str, text: str, size: Pt) -> None:
    """A real Word hyperlink, bold rather than underlined (DH 2010: bold, never underlining)."""
    run = add_run(paragraph, text, container=add_hyperlink(paragraph, url))
    run.bold = True
    run.font.size = size


def _words(paragraph: Paragraph, nodes: tuple[Inline, ...], size: Pt, bold: bool = False) -> None:
    """Inline content as runs: bold for bold, italics and hard words; links as hyperlinks."""
    for node in nodes:
        if isinstance(node, Text):
            run = paragraph.add_run(node.text)
            run.bold = bold or None
            run.font.size = size
        elif isinstance(node, (Strong, Emphasis)):
            _words(paragraph, node.children, size, bold=True)
        elif isinstance(node, Link):
            _hyperlink(paragraph, node.url, plain_text(node.children), size)
        elif isinstance(node, CrossReference):
            _words(paragraph, node.children, size, bold)
        elif isinstance(node, LineBreak):
            paragraph.add_run().add_break(WD_BREAK.LINE)


def _no_borders(table: Table) -> None:
    """A layout table: no borders, fixed column widths, no header row or column (``tblLook`` all off).

    Word's default ``tblLook`` (``firstRow="1"``) says the first row is a
    header; LibreOffice 7.4 then exports the table as a data table, so a
    layout table must switch every table-style part off.
    """
    properties = table._tbl.tblPr
    for old in properties.findall(qn("w:tblLook")):
        properties.remove(old)
    look = OxmlElement("w:tblLook")
    for name, value in (("val", "0000"), ("firstRow", "0"), ("lastRow", "0"), ("firstColumn", "0"),
                        ("lastColumn", "0"), ("noHBand", "1"), ("noVBand", "1")):
        look.set(qn(f"w:{name}"), value)
    properties.append(look)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)


def _keep_row_together(row: object) -> None:
    """``cantSplit``: Word never breaks this row across pages (a row never splits, DH 2010)."""
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    properties.append(OxmlElement("w:cantSplit"))


class _Writer:
    """Writes one easy-read Word document."""

    def __init__(self, options: EasyReadDocxOptions, chosen: tuple[str, ...] = ()) -> None:
        self.options = options
        self.chosen = chosen
        """The options written for this format (the reader's look is applied only where chosen)."""
        self.size = Pt(options.font_size)
        self.pictures: dict[str, bytes] = {}
        self.doc = docx.Document(str(WORD_TEMPLATE))
        self._styles()

    def _styles(self) -> None:
        styles = self.doc.styles
        styles["Normal"].font.size = self.size
        styles["Normal"].paragraph_format.line_spacing = 1.5  # RNIB Clear Print: 1.5
        styles["Title"].font.size = Pt(self.options.font_size * 1.75)
        styles["Heading 1"].font.size = Pt(self.options.font_size * 1.375)
        for name in ("Normal", "Title", "Heading 1"):
            styles[name].font.italic = False
            styles[name].font.underline = False
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(1.8))

    def rows(self, rows: tuple[Row, ...]) -> None:
        """A two-column layout table: picture and words on each row."""
        if not rows:
            return
        table = self.doc.add_table(rows=0, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        _no_borders(table)
        picture_width = Cm(self.options.picture_size + 0.6)
        words_width = Cm(21 - 3.6) - picture_width
        picture_column = 0 if self.options.picture_side == "left" else 1
        for row in rows:
            cells = table.add_row().cells
            _keep_row_together(table.rows[-1])
            picture_cell, words_cell = cells[picture_column], cells[1 - picture_column]
            picture_cell.width, words_cell.width = picture_width, words_width
            picture_cell.vertical_alignment = words_cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
            run = picture_cell.paragraphs[0].add_run()
            shape = run.add_picture(io.BytesIO(self._png(row.picture)), width=Cm(self.options.picture_size),
                                    height=Cm(self.options.picture_size))
            properties = shape._inline.docPr
            properties.set("descr", row.alt)  # alt text (Word: "Alt Text"; WCAG 1.1.1)
            properties.set("name", row.alt)
            _words(words_cell.paragraphs[0], row.text, self.size)
        for index, column in enumerate(table.columns):
            column.width = picture_width if index == picture_column else words_width

    def _png(self, picture: Picture) -> bytes:
        if picture.hexcode not in self.pictures:
            self.pictures[picture.hexcode] = picture_png(picture)
        return self.pictures[picture.hexcode]

    def write(self, document: Document, factsheet: Factsheet, settings: Settings) -> bytes:
        doc = self.doc
        doc.add_paragraph(f"{document.title} – Easy read", style="Title")
        doc.add_paragraph(document.audience)
        doc.add_heading(document.help_heading, level=1)
        self.rows(document.help_rows)
        for page in document.pages:
            doc.add_heading(page.heading, level=1)
            self.rows(page.rows)
        if document.hard_words:
            doc.add_heading("Hard words", level=1)
            for word, meaning in document.hard_words:
                paragraph = doc.add_paragraph()
                _words(paragraph, (Strong((Text(word, document.loc),), document.loc),), self.size)
                _words(paragraph, (Text(f": {meaning}", document.loc),), self.size)
        doc.add_heading(document.closing.heading, level=1)
        self.rows(document.closing.rows)
        doc.add_heading("Picture credits", level=1)
        paragraph = doc.add_paragraph()
        _words(paragraph, (Text(f"{document.credits}. ", document.loc),
                           Link(OPENMOJI_URL, (Text("openmoji.org", document.loc),), document.loc)), self.size)
        apply_look(self.doc, self.options, self.chosen)
        self._properties(document, factsheet, settings)
        return save_stable(doc, _stamp(factsheet))

    def _properties(self, document: Document, factsheet: Factsheet, settings: Settings) -> None:
        """Title, language and fixed dates in the document's properties (Word: File > Info)."""
        props = self.doc.core_properties
        stamp = _stamp(factsheet)
        props.title = f"{document.title} – Easy read"
        props.subject = "Easy read"
        props.author = factsheet.metadata.organisation
        props.last_modified_by = factsheet.metadata.organisation
        props.language = document.language
        props.keywords = ", ".join(("easy read", *factsheet.metadata.keywords))
        props.created = props.modified = props.last_printed = stamp
        props.revision = 1
        props.comments = ""
        props.identifier = f"{factsheet.id}-easy-read {factsheet.metadata.version}"
        set_language(self.doc, document.language)


def _stamp(factsheet: Factsheet) -> datetime:
    """Created and modified: the factsheet's last update, never the clock (reproducible builds)."""
    return datetime.combine(factsheet.metadata.last_updated, datetime.min.time(), tzinfo=timezone.utc)


class EasyReadDocxBuilder(Builder):
    """Writes ``output/ID/ID-easy-read.docx`` for a factsheet with an easy-read layer."""

    name = "easy-read-docx"
    description = "Easy read in Word: pictures and short sentences in a table (ID-easy-read.docx)"
    presets = (EASY_READ_LARGE,)

    def applies_to(self, factsheet: Factsheet) -> bool:
        return factsheet.easy_read is not None

    def output_files(self, factsheet: Factsheet) -> tuple[OutputFile, ...]:
        """``ID-easy-read.docx``, the easy-read layer."""
        return (OutputFile(WORD.file_name(factsheet.id, "easy-read"), WORD, "Easy read Word document",
                           Role.MAIN, Layer.EASY_READ),)

    def inputs(self, factsheet: Factsheet, settings: Settings) -> tuple[Path, ...]:
        return (WORD_TEMPLATE, OPENMOJI_DIR / "data" / "openmoji.csv")

    def options(self, settings: Settings) -> EasyReadDocxOptions:
        """The format's options, checked (text size, picture side and size)."""
        raw = settings.options(self.name)
        options = read_options(EasyReadDocxOptions, raw, self.name)
        where = lambda name: raw.locations.get(name, raw.loc)  # noqa: E731
        if options.font_size < MIN_FONT_SIZE:
            raise SourceError(where("font_size"), f"easy read needs text of at least {MIN_FONT_SIZE:g} pt, "
                              f"not {options.font_size:g}", "DH and gov.uk ask for 14 pt or more")
        if options.picture_side not in ("left", "right"):
            raise SourceError(where("picture_side"),
                              f"picture_side must be 'left' or 'right', not {options.picture_side!r}")
        if options.picture_size < 2.5:
            raise SourceError(where("picture_size"), f"pictures must be at least 2.5 cm, not {options.picture_size:g}")
        return options

    def check_settings(self, settings: Settings) -> None:
        """Text size, picture side and size."""
        self.options(settings)

    def build(self, factsheet: Factsheet, context: BuildContext) -> None:
        """Write the Word copy of the easy-read version."""
        options = self.options(context.settings)
        document = easy_read_document(factsheet, context.settings.closing_organisation)
        data = _Writer(options, tuple(context.settings.options(self.name).values)).write(
            document, factsheet, context.settings)
        context.write_bytes(self.outputs(factsheet)[0], data)


