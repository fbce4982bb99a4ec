"""HTML, as the shared fragments and templates write it, → XHTML content documents for an EPUB.

EPUB 3.3 content documents are XHTML (the XML syntax of HTML): every element
in the XHTML namespace, every empty element closed, ``epub:type`` in the
OPS namespace, ``xml:lang`` beside ``lang``.  The fragments of
:mod:`builders.common.html` are HTML (``<br>``, ``<img>``), so each document
is written as HTML by its template, parsed by lxml and rebuilt as XHTML here.

A factsheet becomes several content documents (one a chapter), so a link to
``#some-section`` must name the document holding that id:
:func:`link_across` rewrites such links once every document exists.
"""

from __future__ import annotations

from collections.abc import Mapping

import lxml.html
from lxml import etree

XHTML_NS = "http://www.w3.org/1999/xhtml"
OPS_NS = "http://www.idpf.org/2007/ops"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NAMESPACES = {"x": XHTML_NS, "epub": OPS_NS}
"""Prefixes for XPath over the documents this module makes."""


def escape(text: str) -> str:
    """Text for XML character data: ``&``, ``<`` and ``>`` escaped.

    What ``xml.sax.saxutils.escape`` does; that module imports
    ``urllib.request`` (and with it ``http.client``, ``email`` and ``ssl``),
    about 80 ms of every EPUB build's start-up for three replacements.
    """
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(value: str) -> str:
    """An XML attribute value, escaped and in quotes (as ``xml.sax.saxutils.quoteattr`` writes it)."""
    value = escape(value).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace('"', "&quot;") + '"'


def xhtml_tree(html: str) -> etree._Element:
    """An HTML document as an XHTML element tree (``lang`` copied to ``xml:lang`` on the root)."""
    source = lxml.html.document_fromstring(html)
    root = _convert(source, {None: XHTML_NS, "epub": OPS_NS})
    if root.get("lang"):
        root.set(f"{{{XML_NS}}}lang", root.get("lang", ""))
    unlink_unregistered(root)
    _empty_corner_cells(root)
    return root


def _empty_corner_cells(root: etree._Element) -> None:
    """A header cell with no words (a table's top-left corner) becomes a data cell: it heads nothing.

    Screen readers would announce an empty header for every cell below it
    (axe's ``empty-table-header``, which DAISY Ace runs).
    """
    for cell in root.xpath("//x:th[not(normalize-space())][not(.//x:img)]", namespaces=NAMESPACES):
        cell.tag = f"{{{XHTML_NS}}}td"
        cell.attrib.pop("scope", None)


def _convert(element: lxml.html.HtmlElement, nsmap: dict[str | None, str] | None = None) -> etree._Element:
    converted = etree.Element(f"{{{XHTML_NS}}}{element.tag}", nsmap=nsmap)
    for name, value in element.attrib.items():
        if name == "epub:type":
            converted.set(f"{{{OPS_NS}}}type", value)
        elif ":" not in name:
            converted.set(name, value)
    converted.text = element.text
    for child in element:
        if not isinstance(child.tag, str):  # a comment or processing instruction: keep only the words after it
            if child.tail:
                if len(converted):
                    converted[-1].tail = (converted[-1].tail or "") + child.tail
                else:
                    converted.text = (converted.text or "") + child.tail
            continue
        new = _convert(child)
        new.tail = child.tail
        converted.append(new)
    return converted


def serialise(root: etree._Element) -> bytes:
    """The document's bytes: XML declaration, HTML doctype, UTF-8."""
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>")


def ids(root: etree._Element) -> set[str]:
    """Every id in a document."""
    return {str(value) for value in root.xpath("//@id")}


def link_across(documents: Mapping[str, etree._Element]) -> None:
    """Point each ``#id`` link at the document that holds the id, when that is not the link's own document.

    A link to an id no document holds is left as it is (the checks refuse
    cross references to unknown sections, so that would be a bug EPUBCheck reports).
    """
    owner: dict[str, str] = {}
    for name, root in documents.items():
        for found in sorted(ids(root)):
            owner.setdefault(found, name)
    for name, root in documents.items():
        own = ids(root)
        for link in root.xpath("//x:a[starts-with(@href, '#')]", namespaces=NAMESPACES):
            target = link.get("href", "")[1:]
            if target not in own and target in owner:
                link.set("href", f"{owner[target]}#{target}")


UNREGISTERED_SCHEMES = ("sms:",)
"""Link schemes EPUBCheck does not know (its list is IANA's permanent schemes of 2011; ``sms:`` came later)."""


def unlink_unregistered(root: etree._Element) -> None:
    """Keep the words of a link whose scheme EPUBCheck warns about (``sms:``), without the link.

    Reading apps do not open text-message links anyway; the number stays on
    screen ('SHOUT to 85258') and in the narration.
    """
    for link in root.xpath("//x:a[@href]", namespaces=NAMESPACES):
        if link.get("href", "").startswith(UNREGISTERED_SCHEMES):
            span = etree.Element(f"{{{XHTML_NS}}}span")
            for name, value in link.attrib.items():
                if name != "href":
                    span.set(name, value)
            span.text, span.tail = link.text, link.tail
            span.extend(list(link))
            link.getparent().replace(link, span)
