"""Word (.docx) pieces python-docx does not offer: hyperlinks, bookmarks, fields, language, alt text, stable zips.

Any builder writing a .docx may use these; they take and return python-docx
objects and know nothing about factsheets.  Each helper writes the same XML
Word itself writes (ECMA-376 Part 1, WordprocessingML), so Word, LibreOffice
and screen readers understand the result.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

DECORATIVE_EXTENSION_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
"""The drawingML extension Word 365 writes for "Mark as decorative"."""
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"

# Elements that follow w:lang inside w:rPr (ECMA-376 Part 1, 17.3.2.28 CT_RPr).
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def add_hyperlink(paragraph: Paragraph, url: str) -> etree._Element:
    """An external link (web, ``mailto:``, ``tel:``) at the end of ``paragraph``; put runs in it with :func:`add_run`.

    Word and screen readers know a link only as ``w:hyperlink`` with a
    relationship id; a blue underlined run is not a link.
    """
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    link.set(qn("w:history"), "1")
    paragraph._p.append(link)
    return link


def add_internal_link(paragraph: Paragraph, bookmark: str) -> etree._Element:
    """A link to a bookmark in the same document (``w:hyperlink w:anchor``)."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), bookmark)
    link.set(qn("w:history"), "1")
    paragraph._p.append(link)
    return link


def add_run(paragraph: Paragraph, text: str, style_id: str | None = None,
            container: etree._Element | None = None) -> Run:
    """A run of ``text`` in a character style (by id, see :func:`style_ids`), in the paragraph or a link inside it.

    Text without tabs or line breaks (nearly all of it) is written as one
    ``w:t`` directly, and the style as the run's first child: the XML
    python-docx writes, without its character-by-character loop and its
    search for each child's place (a third of a Word build's own time).
    """
    if not text or any(ch in text for ch in "\t\r\n"):
        run = paragraph.add_run(text)
        if style_id:
            run._r.style = style_id
    else:
        r = paragraph._p.add_r()
        if style_id:
            properties = OxmlElement("w:rPr")
            properties.append(OxmlElement("w:rStyle", {qn("w:val"): style_id}))
            r.append(properties)
        r.add_t(text)
        run = Run(r, paragraph)
    if container is not None:
        container.append(run._r)
    return run


def set_paragraph_style(paragraph: Paragraph, style_id: str) -> None:
    """Give a paragraph a style by id, as ``paragraph._p.style = style_id`` does (quicker for a new paragraph)."""
    p = paragraph._p
    if p.pPr is None:
        properties = OxmlElement("w:pPr")
        properties.append(OxmlElement("w:pStyle", {qn("w:val"): style_id}))
        p.insert(0, properties)
    else:
        p.style = style_id


def style_ids(document: Document) -> dict[str, str]:
    """Every style's name (as python-docx spells it, 'Heading 1') → its ``w:styleId``.

    Looking a style up once is much faster than passing names to python-docx,
    which scans every style at each paragraph and run.
    """
    return {style.name: style.style_id for style in document.styles}


class Bookmarks:
    """Unique, valid bookmark names and ids for one document.

    Word accepts names of at most 40 characters, starting with a letter, made
    of letters, digits and underscores; anything else is dropped when a user
    edits the document.
    """

    def __init__(self) -> None:
        self._next_id = 0
        self._names: dict[str, str] = {}

    def name_for(self, key: str, prefix: str = "") -> str:
        """The bookmark name for ``key`` (the same name every time it is asked for)."""
        full_key = f"{prefix}\0{key}"
        if full_key not in self._names:
            base = re.sub(r"\W", "_", f"{prefix}{key}", flags=re.ASCII)
            if not base[:1].isalpha():
                base = f"b_{base}"
            base = base[:40]
            name, counter = base, 2
            while name in self._names.values():
                suffix = f"_{counter}"
                name, counter = base[: 40 - len(suffix)] + suffix, counter + 1
            self._names[full_key] = name
        return self._names[full_key]

    def wrap(self, paragraph: Paragraph, name: str) -> None:
        """Put the bookmark ``name`` around the whole content of ``paragraph``."""
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self._next_id))
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self._next_id))
        self._next_id += 1
        p = paragraph._p
        p_pr = p.pPr
        if p_pr is not None:
            p_pr.addnext(start)
        else:
            p.insert(0, start)
        p.append(end)


def add_field(paragraph: Paragraph, instruction: str, shown: str = "1") -> None:
    """A field such as ``PAGE`` or ``NUMPAGES``; ``shown`` is the value displayed until it is updated."""

    def char(kind: str) -> None:
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(fld)

    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    char("separate")
    paragraph.add_run(shown)
    char("end")


def _set_lang(r_pr: etree._Element, tag: str) -> None:
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        later = [r_pr.find(qn(name)) for name in _AFTER_LANG]
        later = [el for el in later if el is not None]
        if later:
            later[0].addprevious(lang)
        else:
            r_pr.append(lang)
    lang.set(qn("w:val"), tag)
    lang.set(qn("w:eastAsia"), tag)


def set_language(document: Document, tag: str) -> None:
    """Set the language (BCP 47, ``en-GB``) on the defaults and every paragraph and character style.

    Word's spell-check and screen readers take a run's language from its
    style, so the whole document reads in one language unless a run says otherwise.
    """
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    holders = []
    if defaults is not None:
        holders.extend(defaults.iter(qn("w:rPrDefault")))
    holders.extend(s for s in styles.findall(qn("w:style")) if s.get(qn("w:type")) in ("paragraph", "character"))
    for holder in holders:
        r_pr = holder.find(qn("w:rPr"))
        if r_pr is None:
            r_pr = OxmlElement("w:rPr")
            holder.append(r_pr)
        _set_lang(r_pr, tag)
    settings = document.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), tag)


def set_alt_text(run: Run, alt: str, decorative: bool) -> None:
    """Describe the picture just added to ``run`` (``descr``), or mark it decorative.

    A decorative picture gets an empty description and Word's decorative
    extension, so screen readers skip it instead of reading a file name.
    """
    for doc_pr in run._r.iter(qn("wp:docPr")):
        doc_pr.set("descr", "" if decorative else alt)
        if decorative:
            ext_lst = etree.SubElement(doc_pr, f"{{{DRAWING_NS}}}extLst")
            ext = etree.SubElement(ext_lst, f"{{{DRAWING_NS}}}ext", uri=DECORATIVE_EXTENSION_URI)
            mark = etree.SubElement(ext, f"{{{DECORATIVE_NS}}}decorative", nsmap={"adec": DECORATIVE_NS})
            mark.set("val", "1")
    for c_nv_pr in run._r.iter(qn("pic:cNvPr")):
        c_nv_pr.set("descr", "" if decorative else alt)


def stable_zip(data: bytes, when: datetime) -> bytes:
    """The same zip with every entry stamped ``when`` and stored in the original order.

    python-docx stamps entries with the current time, so two builds of the
    same source would differ; with this they are byte-identical.
    """
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def save_stable(document: Document, when: datetime) -> bytes:
    """The document as .docx bytes that depend only on its content and ``when``."""
    buffer = io.BytesIO()
    document.save(buffer)
    return stable_zip(buffer.getvalue(), when)
