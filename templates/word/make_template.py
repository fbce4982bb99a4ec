"""Write ``factsheet-template.docx``: the Word template every styled paragraph of ID.docx relies on.

python-docx can only apply a style the template defines (it refuses or
silently drops any other), so this file defines every style the Word builder
uses, with nothing else in it: no theme, no thumbnail, no sample text.

    .venv/bin/python templates/word/make_template.py      # rewrites the .docx beside this file

The output is byte-for-byte reproducible (fixed zip order and timestamps), so
the committed .docx can be checked against this script (tests/test_docx.py).

Rules applied, and where they come from:
- Body text Arial 12 pt, sans serif, left aligned, never justified, no
  hyphenation; headings bold and larger; no italics in headings:
  RNIB Clear Print and UKAAF MS03 ("Clear and large print": clear print at
  least 12 pt, sans serif).  LibreOffice substitutes the metric-compatible
  Liberation Sans where Arial is not installed.
- Language en-GB on the document defaults and on every style, so Word's
  spell-check and screen readers use British English (issue 5).
- Real list styles with real nesting: List Bullet / List Bullet 2 / 3 are
  levels 0 / 1 / 2 of one bullet numbering; List Number / 2 / 3 of one
  decimal numbering (issue 5; docs/formats.md, "Word").
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "factsheet-template.docx"

FONT = "Arial"
LANGUAGE = "en-GB"
TEXT_COLOUR = "000000"
HEADING_COLOUR = "1F3864"  # dark blue: 11.6:1 contrast on white (WCAG 2.2 AAA asks 7:1)
LINK_COLOUR = "0550AE"  # 7.6:1 on white, underlined as well as coloured
ZIP_TIME = (2020, 1, 1, 0, 0, 0)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _rpr(size_pt: float | None = None, bold: bool = False, italic: bool = False, colour: str | None = None,
         underline: bool = False, fonts: bool = True) -> str:
    """Run properties in schema order (rFonts, b, i, color, sz, u, lang)."""
    parts = []
    if fonts:
        parts.append(f'<w:rFonts w:ascii="{FONT}" w:eastAsia="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>')
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if italic:
        parts.append("<w:i/><w:iCs/>")
    if colour:
        parts.append(f'<w:color w:val="{colour}"/>')
    if size_pt is not None:
        half_points = int(size_pt * 2)
        parts.append(f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')
    if underline:
        parts.append('<w:u w:val="single"/>')
    parts.append(f'<w:lang w:val="{LANGUAGE}" w:eastAsia="{LANGUAGE}" w:bidi="ar-SA"/>')
    return "<w:rPr>" + "".join(parts) + "</w:rPr>"


def _paragraph_style(style_id: str, name: str, ppr: str = "", rpr: str | None = None, based_on: str = "Normal",
                     next_style: str = "", priority: int = 1, default: bool = False) -> str:
    attrs = ' w:default="1"' if default else ""
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    nxt = f'<w:next w:val="{next_style}"/>' if next_style else ""
    return (
        f'<w:style w:type="paragraph"{attrs} w:styleId="{style_id}"><w:name w:val="{name}"/>{based}{nxt}'
        f'<w:uiPriority w:val="{priority}"/><w:qFormat/>'
        f'{f"<w:pPr>{ppr}</w:pPr>" if ppr else ""}{rpr if rpr is not None else _rpr()}</w:style>'
    )


def _character_style(style_id: str, name: str, rpr: str, priority: int = 1) -> str:
    return (
        f'<w:style w:type="character" w:styleId="{style_id}"><w:name w:val="{name}"/>'
        f'<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="{priority}"/><w:qFormat/>{rpr}</w:style>'
    )


def _table_style(style_id: str, name: str) -> str:
    """A table with a rule round every cell and a shaded, bold header row (the row Word repeats on each page)."""
    borders = "".join(f'<w:{side} w:val="single" w:sz="6" w:space="0" w:color="6F777B"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return (
        f'<w:style w:type="table" w:styleId="{style_id}"><w:name w:val="{name}"/><w:basedOn w:val="TableNormal"/>'
        '<w:uiPriority w:val="59"/><w:pPr><w:spacing w:after="0" w:line="276" w:lineRule="auto"/></w:pPr>'
        f'<w:tblPr><w:tblBorders>{borders}</w:tblBorders><w:tblCellMar><w:top w:w="57" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="57" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        '</w:tblCellMar></w:tblPr>'
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>'
        '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="E8EEF6"/></w:tcPr></w:tblStylePr>'
        '<w:tblStylePr w:type="firstCol"><w:rPr><w:b/><w:bCs/></w:rPr></w:tblStylePr>'
        "</w:style>"
    )


def _heading(level: int, size_pt: float, before: int) -> str:
    ppr = (
        f'<w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="120"/>'
        f'<w:outlineLvl w:val="{level - 1}"/>'
    )
    return _paragraph_style(f"Heading{level}", f"heading {level}", ppr,
                            _rpr(size_pt, bold=True, colour=HEADING_COLOUR), next_style="Normal", priority=9)


def _list_style(style_id: str, name: str, num_id: int, level: int) -> str:
    left = 720 * (level + 1)
    ppr = (
        f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
        f'<w:spacing w:after="80"/><w:ind w:left="{left}" w:hanging="360"/>'
    )
    return _paragraph_style(style_id, name, ppr, priority=99)


def styles_xml() -> str:
    """Every style the Word builder uses, and the defaults they inherit."""
    defaults = (
        "<w:docDefaults><w:rPrDefault>" + _rpr(12) + "</w:rPrDefault>"
        '<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="312" w:lineRule="auto"/><w:jc w:val="left"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    styles = [
        _paragraph_style("Normal", "Normal", '<w:spacing w:after="160" w:line="312" w:lineRule="auto"/>',
                         _rpr(12, colour=TEXT_COLOUR), based_on="", priority=0, default=True),
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>'
        "</w:style>",
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
        _paragraph_style("Title", "Title", '<w:keepNext/><w:spacing w:before="0" w:after="240" w:line="240" '
                         'w:lineRule="auto"/>', _rpr(26, bold=True, colour=HEADING_COLOUR), next_style="Normal",
                         priority=10),
        _heading(1, 18, 360),
        _heading(2, 15, 280),
        _heading(3, 13, 240),
        _paragraph_style("ListParagraph", "List Paragraph", '<w:ind w:left="720"/>', priority=34),
        _list_style("ListBullet", "List Bullet", 1, 0),
        _list_style("ListBullet2", "List Bullet 2", 1, 1),
        _list_style("ListBullet3", "List Bullet 3", 1, 2),
        _list_style("ListNumber", "List Number", 2, 0),
        _list_style("ListNumber2", "List Number 2", 2, 1),
        _list_style("ListNumber3", "List Number 3", 2, 2),
        _paragraph_style("ContactDetail", "Contact Detail", '<w:spacing w:after="40"/>', priority=99),
        _paragraph_style("Bibliography", "Bibliography", '<w:spacing w:after="120"/><w:ind w:left="567" '
                         'w:hanging="567"/>', priority=37),
        _paragraph_style("Caption", "caption", '<w:spacing w:after="200"/>', _rpr(12, bold=True),
                         next_style="Normal", priority=35),
        _paragraph_style("Quote", "Quote", '<w:keepLines/><w:pBdr><w:left w:val="single" w:sz="18" w:space="8" '
                         f'w:color="{HEADING_COLOUR}"/></w:pBdr><w:spacing w:after="120"/><w:ind w:left="567" '
                         'w:right="567"/>', priority=29),
        _paragraph_style("QuoteAttribution", "Quote Attribution", '<w:spacing w:after="240"/>',
                         _rpr(12, bold=True), based_on="Quote", next_style="Normal", priority=30),
        _paragraph_style("Callout", "Call-out", '<w:keepLines/><w:pBdr>'
                         + "".join(f'<w:{side} w:val="single" w:sz="12" w:space="6" w:color="{HEADING_COLOUR}"/>'
                                   for side in ("top", "left", "bottom", "right"))
                         + '</w:pBdr><w:shd w:val="clear" w:color="auto" w:fill="EEF4FB"/><w:spacing w:after="80"/>'
                         '<w:ind w:left="170" w:right="170"/>', priority=31),
        _paragraph_style("CalloutLabel", "Call-out Label", "<w:keepNext/>",
                         _rpr(13, bold=True, colour=HEADING_COLOUR), based_on="Callout", priority=32),
        _table_style("FactsheetTable", "Factsheet Table"),
        _paragraph_style("Header", "header", '<w:tabs><w:tab w:val="center" w:pos="4513"/>'
                         '<w:tab w:val="right" w:pos="9026"/></w:tabs><w:spacing w:after="0"/>', priority=99),
        _paragraph_style("Footer", "footer", '<w:tabs><w:tab w:val="center" w:pos="4513"/>'
                         '<w:tab w:val="right" w:pos="9026"/></w:tabs><w:spacing w:after="0" w:line="240" '
                         'w:lineRule="auto"/>', priority=99),
        _character_style("Hyperlink", "Hyperlink", _rpr(colour=LINK_COLOUR, underline=True, fonts=False), 99),
        _character_style("Strong", "Strong", _rpr(bold=True, fonts=False), 22),
        _character_style("Emphasis", "Emphasis", _rpr(italic=True, fonts=False), 20),
    ]
    return (
        XML_HEAD + f'<w:styles xmlns:w="{W_NS}" xmlns:r="{R_NS}">' + defaults + "".join(styles) + "</w:styles>"
    )


def _level(ilvl: int, fmt: str, text: str) -> str:
    left = 720 * (ilvl + 1)
    fonts = f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/></w:rPr>'
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{left}" w:hanging="360"/></w:pPr>{fonts}</w:lvl>'
    )


def numbering_xml() -> str:
    """Two multi-level lists: bullets (numId 1) and numbers (numId 2), each nesting three deep."""
    bullets = "".join(_level(i, "bullet", mark) for i, mark in enumerate(("\u2022", "\u2013", "\u2022")))
    numbers = "".join(_level(i, fmt, f"%{i + 1}.") for i, fmt in enumerate(("decimal", "lowerLetter",
                                                                             "lowerRoman")))
    return (
        XML_HEAD + f'<w:numbering xmlns:w="{W_NS}">'
        f'<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>{bullets}</w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="hybridMultilevel"/>{numbers}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        "</w:numbering>"
    )


def document_xml() -> str:
    """An empty A4 document with 2.5 cm margins (the UK paper size)."""
    return (
        XML_HEAD + f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1418" w:right="1418" w:bottom="1418" w:left="1418" w:header="709" w:footer="709" '
        'w:gutter="0"/><w:cols w:space="708"/></w:sectPr></w:body></w:document>'
    )


def settings_xml() -> str:
    """No automatic hyphenation (UKAAF MS03: never split words); British English for new text."""
    return (
        XML_HEAD + f'<w:settings xmlns:w="{W_NS}">'
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/><w:autoHyphenation w:val="false"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
        'w:val="15"/></w:compat>'
        f'<w:themeFontLang w:val="{LANGUAGE}"/><w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
        "</w:settings>"
    )


def font_table_xml() -> str:
    """The one font used, described so that a reader without Arial gets a sans serif."""
    return (
        XML_HEAD + f'<w:fonts xmlns:w="{W_NS}"><w:font w:name="{FONT}"><w:panose1 w:val="020B0604020202020204"/>'
        '<w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font></w:fonts>'
    )


def core_xml() -> str:
    """Empty document properties; the builder fills them from each factsheet."""
    return (
        XML_HEAD + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>Factsheet template</dc:title><dc:language>{LANGUAGE}</dc:language>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2020-01-01T00:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2020-01-01T00:00:00Z</dcterms:modified>'
        "</cp:coreProperties>"
    )


def content_types_xml() -> str:
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    overrides = {
        "/word/document.xml": f"{main}.document.main+xml",
        "/word/styles.xml": f"{main}.styles+xml",
        "/word/numbering.xml": f"{main}.numbering+xml",
        "/word/settings.xml": f"{main}.settings+xml",
        "/word/fontTable.xml": f"{main}.fontTable+xml",
        "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
    }
    return (
        XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides.items())
        + "</Types>"
    )


def _relationships(items: list[tuple[str, str, str]]) -> str:
    return (
        XML_HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>' for rid, kind, target in items)
        + "</Relationships>"
    )


def parts() -> list[tuple[str, str]]:
    """Every part of the template, in the order written to the zip ([Content_Types].xml first)."""
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package_rels = _relationships([
        ("rId1", f"{office}/officeDocument", "word/document.xml"),
        ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
         "docProps/core.xml"),
    ])
    document_rels = _relationships([
        ("rId1", f"{office}/styles", "styles.xml"),
        ("rId2", f"{office}/numbering", "numbering.xml"),
        ("rId3", f"{office}/settings", "settings.xml"),
        ("rId4", f"{office}/fontTable", "fontTable.xml"),
    ])
    return [
        ("[Content_Types].xml", content_types_xml()),
        ("_rels/.rels", package_rels),
        ("docProps/core.xml", core_xml()),
        ("word/document.xml", document_xml()),
        ("word/_rels/document.xml.rels", document_rels),
        ("word/styles.xml", styles_xml()),
        ("word/numbering.xml", numbering_xml()),
        ("word/settings.xml", settings_xml()),
        ("word/fontTable.xml", font_table_xml()),
    ]


def write_template(target: Path) -> None:
    """Write the template to ``target`` with fixed timestamps, so the same script gives the same bytes."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts():
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))


if __name__ == "__main__":
    write_template(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
