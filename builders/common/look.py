"""How a printed or Word copy looks to its reader: font, spacing, colours, margins and paper.

Every option here is one a reader may ask for (NHS England's Accessible
Information Standard, DAPB1605: "meet" the individual need: a size, a colour,
a format).  The options are fields of :class:`PageLook`; a format that can
honour them makes its options class a subclass, so ``publisher.yaml`` and
``factsheet request --set`` reach them through the same gate,
:func:`builders.settings.read_options`, which enforces the limits declared
here (a named colour pair, a font the Makefile installs, A4 or A3).

Only the choices are here; each format turns them into its own medium (CSS
for WeasyPrint in :func:`look_css`, Word styles in
:mod:`builders.common.docx_tools`).
"""

from __future__ import annotations

from dataclasses import dataclass

from builders.settings import setting


@dataclass(frozen=True)
class FontFamily:
    """A font family the Makefile installs (Debian fonts-liberation2, fonts-dejavu-core)."""

    css_name: str
    """The family name as CSS and Word know it."""
    sans_serif: bool


FONT_FAMILIES = {
    "liberation-sans": FontFamily("Liberation Sans", True),
    "dejavu-sans": FontFamily("DejaVu Sans", True),
    "liberation-serif": FontFamily("Liberation Serif", False),
    "dejavu-serif": FontFamily("DejaVu Serif", False),
}
"""The families a reader may choose; Liberation Sans (metrically Arial) is every format's default.
UKAAF MS03 and the BDA style guide ask for sans serif; a serif face is there for the reader who asks for one."""


@dataclass(frozen=True)
class ColourPair:
    """Text on a background, each a ``#RRGGBB`` colour."""

    text: str
    background: str


COLOUR_PAIRS = {
    "black-on-white": ColourPair("#000000", "#FFFFFF"),
    "black-on-cream": ColourPair("#1A1A1A", "#FDF6E3"),
    "dark-blue-on-cream": ColourPair("#0B1F44", "#FDF6E3"),
    "black-on-pastel-yellow": ColourPair("#000000", "#FFF9C4"),
    "black-on-pastel-blue": ColourPair("#000000", "#DCEBF7"),
    "black-on-pastel-green": ColourPair("#000000", "#E3F2E1"),
    "yellow-on-black": ColourPair("#FFFF00", "#000000"),
    "white-on-black": ColourPair("#FFFFFF", "#000000"),
}
"""Named pairs, each at least 7:1 contrast (WCAG 2.2 1.4.6, level AAA; :func:`contrast_ratio`).
Cream and pastel backgrounds: British Dyslexia Association style guide; yellow or white on black:
RNIB, for readers with low vision who find a light page glaring."""

DEFAULT_COLOURS = "default"
"""The format's own colours (dark text on white, coloured headings)."""

MINIMUM_CONTRAST = 7.0
"""WCAG 2.2 success criterion 1.4.6 (contrast, enhanced, level AAA): 7:1 for text."""

PAPER_SIZES_MM = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}
"""Width and height; A3 for very large print (UKAAF MS03: a larger page rather than a cramped one)."""


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a ``#RRGGBB`` colour (0 for black, 1 for white)."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


_LOW_CONTRAST = [name for name, pair in COLOUR_PAIRS.items()
                 if contrast_ratio(pair.text, pair.background) < MINIMUM_CONTRAST]
if _LOW_CONTRAST:  # a pair added under 7:1 never reaches a reader
    raise ValueError(f"colour pairs under {MINIMUM_CONTRAST}:1 contrast: {', '.join(_LOW_CONTRAST)}")


@dataclass(frozen=True)
class PageLook:
    """The look a reader may ask for; a format's options class inherits these fields.

    The defaults are each format's published look; a subclass redefines a
    default (its margins) where its published look differs.
    """

    font_family: str = setting("liberation-sans", choices=tuple(FONT_FAMILIES),
                               why="fonts installed with the publisher; UKAAF and the BDA ask for sans serif")
    """The typeface of the whole copy."""
    line_spacing: float = setting(1.5, minimum=1.5, maximum=3.0, why="RNIB Clear Print: line spacing 1.5 to 2")
    """Line height as a multiple of the text size."""
    letter_spacing: float = setting(0.0, minimum=0.0, maximum=0.35,
                                    why="extra space between letters in ems; BDA style guide: about 0.35 at most")
    """Extra space between letters, in ems (0.05 is a little, 0.2 a lot)."""
    word_spacing: float = setting(0.0, minimum=0.0, maximum=1.0, why="extra space between words, in ems")
    """Extra space between words, in ems (BDA: word spacing at least 3.5 times the letter spacing)."""
    colours: str = setting(DEFAULT_COLOURS, choices=(DEFAULT_COLOURS, *COLOUR_PAIRS),
                           why="named pairs of at least 7:1 contrast")
    """A named text and background pair from :data:`COLOUR_PAIRS`, or the format's own colours."""
    margins: float = setting(20.0, minimum=10.0, maximum=40.0, why="left and right margins in millimetres")
    """The left and right margins in millimetres."""
    paper: str = setting("A4", choices=tuple(PAPER_SIZES_MM), why="A3 for very large print")
    """The paper size."""
    italics: bool = True
    """False sets emphasis and links in bold, never italics or underlining (BDA style guide, UKAAF MS03)."""

    @property
    def font(self) -> FontFamily:
        """The chosen font family."""
        return FONT_FAMILIES[self.font_family]

    @property
    def colour_pair(self) -> ColourPair | None:
        """The chosen colour pair, or None for the format's own colours."""
        return COLOUR_PAIRS.get(self.colours)

    @property
    def paper_mm(self) -> tuple[float, float]:
        """Width and height of the page in millimetres."""
        return PAPER_SIZES_MM[self.paper]

    @property
    def text_width_mm(self) -> float:
        """The width between the side margins."""
        return self.paper_mm[0] - 2 * self.margins


def font_stack(look: PageLook) -> str:
    """The CSS font-family list: the chosen family, DejaVu for any glyph it lacks, then a generic family."""
    generic = "sans-serif" if look.font.sans_serif else "serif"
    fallback = "DejaVu Sans" if look.font.sans_serif else "DejaVu Serif"
    names = dict.fromkeys((look.font.css_name, fallback))
    return ", ".join([*(f'"{name}"' for name in names), generic])


def look_css(look: PageLook) -> str:
    """CSS for WeasyPrint that applies the look, loaded after the format's own stylesheets.

    A colour pair recolours everything (headings, links, rules, table shading
    and the running header and footer), so nothing on the page falls under
    the pair's contrast.
    """
    width, height = look.paper_mm
    rules = [
        f"@page {{ size: {width:g}mm {height:g}mm; margin-left: {look.margins:g}mm; margin-right: {look.margins:g}mm; }}",
        f"html {{ font-family: {font_stack(look)}; line-height: {look.line_spacing:g};"
        f" letter-spacing: {look.letter_spacing:g}em; word-spacing: {look.word_spacing:g}em; }}",
    ]
    if not look.italics:
        rules.append("em, i, cite, var, dfn { font-style: normal; font-weight: bold; }")
        rules.append("a, a:link, a:visited { text-decoration: none; font-weight: bold; }")
    pair = look.colour_pair
    if pair is not None:
        rules.append(f"@page {{ background: {pair.background}; }}")
        rules.append(f"html, body {{ background: {pair.background}; }}")
        rules.append(f"body * {{ color: {pair.text} !important; border-color: {pair.text} !important;"
                     " background-color: transparent !important; }")
        rules.append(f"html {{ color: {pair.text}; }}")
    return "\n".join(rules) + "\n"


def margin_box_colour(look: PageLook, default: str) -> str:
    """The colour of running headers and footers: the pair's text colour, else the format's own."""
    pair = look.colour_pair
    return pair.text if pair is not None else default
