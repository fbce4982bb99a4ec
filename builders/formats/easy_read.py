"""Easy read PDF: a picture beside one or two short sentences on each row (``ID-easy-read.pdf``).

People with learning disabilities ask for easy read (NHS England's Accessible
Information Standard names it).  The layout follows the UK Department of
Health's easy-read guidelines (2009, revised 2010), gov.uk and People First:
A4, pictures on the left and at least 2.5 cm, sans serif at 16 pt or more,
bold for hard words, no hyphenation, a row never split across pages.  The
file is tagged PDF/UA-1 with the language, the title and alt text for every
picture, through :mod:`builders.common.weasy`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from builders.common import html
from builders.common.easy_read import Document, easy_read_document
from builders.common.local_cache import template_cache
from builders.common.look import PageLook, font_stack, look_css, margin_box_colour
from builders.common.presets import EASY_READ_LARGE
from builders.common.openmoji import OPENMOJI_DIR, OPENMOJI_URL, Picture
from builders.common.weasy import render_pdf
from builders.diagnostics import SourceError
from builders.formats.base import TEMPLATES_DIR, BuildContext, Builder
from builders.formats.file_kinds import PDF
from builders.model import Factsheet, Inline, Link, Location, Strong, Text
from builders.output_files import Layer, OutputFile, Role
from builders.settings import FormatOptions, Settings, read_options, setting

TEMPLATE_DIR = TEMPLATES_DIR / "easy-read"
PAGES_WARNING = 20
"""DH 2010: an easy-read document over 20 pages should be split."""
PAGES_ERROR = 24
"""gov.uk: over 24 pages is too long for easy read."""
MIN_FONT_SIZE = 14.0
"""DH 2010 and gov.uk: easy read is at least 14 pt."""
MIN_PICTURE_CM = 2.5
"""Pictures are as large as the layout allows, and never smaller than this."""


@dataclass(frozen=True)
class EasyReadOptions(PageLook):
    """Options under ``formats: easy-read:`` in ``publisher.yaml``, with the reader's look."""

    font_size: float = 16.0
    """Body text in points (DH and gov.uk: at least 14; People First asks for 18)."""
    picture_side: str = "left"
    """Where the pictures go: 'left' (DH 2010) or 'right'."""
    picture_size: float = 3.0
    """The side of each picture in centimetres (at least 2.5)."""
    margins: float = setting(18.0, minimum=10.0, maximum=40.0, why="left and right margins in millimetres")
    """The left and right margins in millimetres."""
    italics: bool = False
    """Easy read never uses italics (DH 2010): emphasis is bold."""


def easy_read_options(raw: FormatOptions, builder: str) -> EasyReadOptions:
    """The builder's options, with their limits checked (a located error for a bad value)."""
    options = read_options(EasyReadOptions, raw, builder)
    where = lambda name: raw.locations.get(name, raw.loc)  # noqa: E731
    if options.font_size < MIN_FONT_SIZE:
        raise SourceError(where("font_size"), f"easy read needs text of at least {MIN_FONT_SIZE:g} pt, "
                          f"not {options.font_size:g}", "DH and gov.uk ask for 14 pt or more; we suggest 16 or 18")
    if options.picture_side not in ("left", "right"):
        raise SourceError(where("picture_side"), f"picture_side must be 'left' or 'right', not {options.picture_side!r}")
    if options.picture_size < MIN_PICTURE_CM:
        raise SourceError(where("picture_size"), f"pictures must be at least {MIN_PICTURE_CM} cm, "
                          f"not {options.picture_size:g}")
    return options


def page_css(options: EasyReadOptions) -> str:
    """The sizes that come from settings; everything else is in ``easy-read.css``."""
    size = options.font_size
    return look_css(options) + f"""
html {{ font-size: {size:g}pt; --picture-size: {options.picture_size:g}cm; }}
h1 {{ font-size: {size * 1.75:g}pt; }}
h2 {{ font-size: {size * 1.375:g}pt; }}
@page {{
  @bottom-center {{
    content: "Page " counter(page) " of " counter(pages);
    font-family: {font_stack(options)};
    color: {margin_box_colour(options, "#111")};
    font-size: {size:g}pt;
  }}
}}
"""


def _spaces_into_inlines(nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Move the space before a bold run or link inside it ('the **Act**' → 'the** Act**').

    WeasyPrint 70 breaks a line far too early (after the first word of the
    paragraph) when the only break before an inline element is the space
    just in front of it; with the space inside the element it breaks where
    it should.  A space in bold looks the same.
    """
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, (Strong, Link)) and out and isinstance(out[-1], Text) and out[-1].text[-1:].isspace():
            before = out.pop()
            assert isinstance(before, Text)
            stripped = before.text.rstrip()
            if stripped:
                out.append(Text(stripped, before.loc))
            space = Text(" ", before.loc)
            node = (Strong((space, *node.children), node.loc) if isinstance(node, Strong)
                    else Link(node.url, (space, *node.children), node.loc))
        out.append(node)
    return tuple(out)


def picture_url(picture: Picture) -> str:
    """The file address of a picture's SVG (served only from OpenMoji's folder)."""
    return picture.svg_path.resolve().as_uri()


def render_html(document: Document, factsheet: Factsheet, settings: Settings, options: EasyReadOptions) -> str:
    """The easy-read copy as one HTML page, ready for WeasyPrint."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR), autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=False, lstrip_blocks=False, bytecode_cache=template_cache(),
    )
    numbers = factsheet.citation_numbers()

    def words(nodes: tuple[Inline, ...]) -> Markup:
        return html.inlines(_spaces_into_inlines(nodes), numbers)

    css = (TEMPLATE_DIR / "easy-read.css").read_text(encoding="utf-8") + page_css(options)
    return environment.get_template("easy-read.html.j2").render(
        doc=document, organisation=settings.organisation, options=options, page_css=Markup(css),
        words=words, picture_url=picture_url, openmoji_url=OPENMOJI_URL,
    )


def _picture_locations(document: Document) -> dict[str, Location]:
    rows = [*document.help_rows, *(r for p in document.pages for r in p.rows), *document.closing.rows]
    locations: dict[str, Location] = {}
    for row in rows:
        locations.setdefault(picture_url(row.picture), row.loc)
    return locations


class EasyReadBuilder(Builder):
    """Writes ``output/ID/ID-easy-read.pdf`` for a factsheet with an easy-read layer."""

    name = "easy-read"
    description = "Easy read PDF: pictures beside short sentences, large type (ID-easy-read.pdf)"
    presets = (EASY_READ_LARGE,)

    def applies_to(self, factsheet: Factsheet) -> bool:
        return factsheet.easy_read is not None

    def output_files(self, factsheet: Factsheet) -> tuple[OutputFile, ...]:
        """``ID-easy-read.pdf``, the easy-read layer."""
        return (OutputFile(PDF.file_name(factsheet.id, "easy-read"), PDF, "Easy read", Role.MAIN, Layer.EASY_READ),)

    def inputs(self, factsheet: Factsheet, settings: Settings) -> tuple[Path, ...]:
        return (TEMPLATE_DIR / "easy-read.html.j2", TEMPLATE_DIR / "easy-read.css",
                OPENMOJI_DIR / "data" / "openmoji.csv")

    def check_settings(self, settings: Settings) -> None:
        """Text size, picture side and size."""
        easy_read_options(settings.options(self.name), self.name)

    def build(self, factsheet: Factsheet, context: BuildContext) -> None:
        """Render the easy-read copy; warn over 20 pages (DH 2010), refuse over 24 (gov.uk)."""
        options = easy_read_options(context.settings.options(self.name), self.name)
        document = easy_read_document(factsheet, context.settings.closing_organisation)
        page = render_html(document, factsheet, context.settings, options)
        with context.writing(self.outputs(factsheet)[0]) as target:
            result = render_pdf(
                page, base_url=factsheet.folder, target=target,
                allowed_dirs=(factsheet.folder, TEMPLATES_DIR, OPENMOJI_DIR / "color" / "svg"),
                fallback_loc=document.loc, locations=_picture_locations(document),
                timestamp=factsheet.metadata.last_updated,
            )
            check_page_count(result.pages, document.loc, context)


def check_page_count(pages: int, loc: Location, context: BuildContext) -> None:
    """Over 24 pages is an error (gov.uk), over 20 a warning (DH 2010): split the document."""
    if pages > PAGES_ERROR:
        raise SourceError(loc, f"easy read: the PDF has {pages} pages (more than {PAGES_ERROR})",
                          "gov.uk: split it into two easy-read documents, or leave out detail (with left_out)")
    if pages > PAGES_WARNING:
        context.warn(loc, f"easy read: the PDF has {pages} pages (more than {PAGES_WARNING})",
                     "DH 2010: over 20 pages, think about splitting it into two documents")
