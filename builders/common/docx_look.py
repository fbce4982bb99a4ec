"""A reader's look (:class:`~builders.common.look.PageLook`) applied to a Word document's styles.

Only the options a reader or publisher actually chose are applied, so a
published Word copy keeps its template's look.  Word has no word spacing;
everything else maps onto the styles, the page and the document background
(ECMA-376 Part 1: ``w:background`` with ``w:displayBackgroundShape``).
"""

from __future__ import annotations

from collections.abc import Collection

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from builders.common.look import PageLook

# Elements that follow w:spacing inside w:rPr (ECMA-376 Part 1, 17.3.2.28 CT_RPr).
_AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr",
                  "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
                  "w:specVanish", "w:oMath")


def _text_styles(document: Document) -> list:  # type: ignore[type-arg]
    return [s for s in document.styles if s.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER)]


def _set_letter_spacing(r_pr: etree._Element, twentieths: int) -> None:
    """``w:spacing`` (extra space between characters, in twentieths of a point) in its place in ``w:rPr``."""
    for old in r_pr.findall(qn("w:spacing")):
        r_pr.remove(old)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(twentieths))
    after = next((child for child in r_pr if child.tag in {qn(tag) for tag in _AFTER_SPACING}), None)
    if after is not None:
        after.addprevious(spacing)
    else:
        r_pr.append(spacing)


def _set_background(document: Document, colour: str) -> None:
    """The page colour Word shows and prints (``w:background``, switched on in the settings)."""
    root = document.element
    for old in root.findall(qn("w:background")):
        root.remove(old)
    background = OxmlElement("w:background")
    background.set(qn("w:color"), colour.lstrip("#").upper())
    root.insert(0, background)
    settings = document.settings.element
    if settings.find(qn("w:displayBackgroundShape")) is None:
        display = OxmlElement("w:displayBackgroundShape")
        before = [qn(t) for t in ("w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation",
                                  "w:removeDateAndTime", "w:doNotDisplayPageBoundaries")]
        last = [child for child in settings if child.tag in before]
        if last:
            last[-1].addnext(display)
        else:
            settings.insert(0, display)


def _no_italics(document: Document) -> None:
    """Emphasis in bold instead of italics, in the styles and in every run (BDA style guide, UKAAF MS03)."""
    for style in _text_styles(document):
        if style.font.italic:
            style.font.italic = False
            style.font.bold = True
    for r_pr in document.element.body.iter(qn("w:rPr")):
        for italic in r_pr.findall(qn("w:i")):
            italic.addprevious(OxmlElement("w:b"))
            r_pr.remove(italic)


def apply_look(document: Document, look: PageLook, chosen: Collection[str], font_size: float | None = None) -> None:
    """Apply the options named in ``chosen`` (and a body size, scaling every style with it) to ``document``."""
    styles = _text_styles(document)
    normal = document.styles["Normal"]
    body_pt = normal.font.size.pt if normal.font.size is not None else 11.0
    if font_size is not None and font_size != body_pt:
        factor = font_size / body_pt
        for style in styles:
            if style.font.size is not None:
                style.font.size = Pt(round(style.font.size.pt * factor * 2) / 2)
        body_pt = font_size
    if "font_family" in chosen:
        for style in styles:
            style.font.name = look.font.css_name
            r_fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
            r_fonts.set(qn("w:eastAsia"), look.font.css_name)
            r_fonts.set(qn("w:cs"), look.font.css_name)
    if "line_spacing" in chosen:
        for style in styles:
            if style.type == WD_STYLE_TYPE.PARAGRAPH and (style is normal or style.paragraph_format.line_spacing):
                style.paragraph_format.line_spacing = look.line_spacing
    if "letter_spacing" in chosen and look.letter_spacing:
        _set_letter_spacing(normal.element.get_or_add_rPr(), round(look.letter_spacing * body_pt * 20))
    pair = look.colour_pair
    if pair is not None:
        _set_background(document, pair.background)
        for style in styles:
            style.font.color.rgb = RGBColor.from_string(pair.text.lstrip("#").upper())
        for colour in document.element.body.iter(qn("w:color")):  # runs coloured one by one
            colour.set(qn("w:val"), pair.text.lstrip("#").upper())
    if "paper" in chosen or "margins" in chosen:
        width, height = look.paper_mm
        for section in document.sections:
            if "paper" in chosen:
                section.page_width, section.page_height = Mm(width), Mm(height)
            if "margins" in chosen:
                section.left_margin = section.right_margin = Mm(look.margins)
    if "italics" in chosen and not look.italics:
        _no_italics(document)
