"""An EPUB 3.3 publication as bytes: the package document, the navigation document and the zip.

The zip is reproducible (the same book gives the same bytes): ``mimetype``
first and stored (OCF: uncompressed, no extra field), every other entry in a
fixed order with one fixed timestamp and fixed permissions.

The package document carries the EPUB Accessibility 1.1 discovery metadata
(``schema:accessMode``, ``accessModeSufficient``, ``accessibilityFeature``,
``accessibilityHazard``, ``accessibilitySummary``) and the conformance claim
``dcterms:conformsTo`` "EPUB Accessibility 1.1 - WCAG 2.2 Level AA" with
``a11y:certifiedBy``; the builders claim it because EPUBCheck and the
accessibility checks in ``tests/test_epub.py`` pass on what they write.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import date

from lxml import etree

from builders.common.epub.xhtml import NAMESPACES, escape, quoteattr, serialise, xhtml_tree

CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
ACTIVE_CLASS = "-epub-media-overlay-active"
"""The class reading systems put on the element being read aloud (``media:active-class``)."""
CONTENT_FOLDER = "EPUB"
PACKAGE_NAME = "package.opf"
NAV_NAME = "nav.xhtml"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every entry's timestamp: the zip format's earliest, so no build time leaks into the bytes."""
_ID_NAMESPACE = uuid.UUID("5b0e3c35-6c0f-4b8e-9a66-1d1c3e0f2a61")
"""Names the publication identifiers: the same factsheet from the same publisher keeps its identifier."""


@dataclass(frozen=True)
class Resource:
    """A file inside the publication besides the content documents: a stylesheet, a picture, audio, SMIL."""

    name: str
    """Its path inside the content folder (``pictures/figure-1.png``)."""
    media_type: str
    data: bytes
    properties: str = ""
    """Manifest properties (``cover-image``), if any."""


@dataclass(frozen=True)
class ContentDocument:
    """One XHTML content document, in reading order, and how the navigation names it."""

    name: str
    """``opening.xhtml``"""
    title: str
    """Its entry in the table of contents."""
    root: etree._Element
    landmark: str = ""
    """``bodymatter`` for the document where the factsheet starts (the landmarks list), else empty."""
    overlay: Resource | None = None
    """Its media overlay (SMIL), when it is narrated."""
    duration: float = 0.0
    """The length of its narration in seconds (``media:duration``)."""

    @property
    def item_id(self) -> str:
        """The manifest id of the document (``opening``)."""
        return self.name.rsplit(".", 1)[0]


@dataclass(frozen=True)
class Accessibility:
    """The EPUB Accessibility 1.1 discovery metadata of one publication."""

    summary: str
    pictures: bool
    """Whether it shows pictures (then 'visual' is an access mode and 'alternativeText' a feature)."""
    narrated: bool
    """Whether every sentence is narrated by media overlays ('auditory', 'synchronizedAudioText')."""
    certified_by: str
    """Who claims the conformance: the organisation."""

    def meta(self) -> list[tuple[str, str]]:
        """(property, value) pairs for the package metadata, in a fixed order."""
        modes = ["textual"] + (["auditory"] if self.narrated else []) + (["visual"] if self.pictures else [])
        sufficient = ["textual"] + (["auditory"] if self.narrated else [])
        features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
        features += ["alternativeText"] if self.pictures else []
        features += ["synchronizedAudioText"] if self.narrated else []
        return [
            *(("schema:accessMode", mode) for mode in modes),
            *(("schema:accessModeSufficient", mode) for mode in sufficient),
            *(("schema:accessibilityFeature", feature) for feature in features),
            ("schema:accessibilityHazard", "none"),
            ("schema:accessibilitySummary", self.summary),
            ("dcterms:conformsTo", CONFORMS_TO),
            ("a11y:certifiedBy", self.certified_by),
        ]


@dataclass(frozen=True)
class Book:
    """Everything one EPUB holds."""

    key: str
    """What makes its identifier: the publisher and factsheet id (and variant)."""
    title: str
    language: str
    author: str
    modified: date
    """The factsheet's last update: ``dcterms:modified`` (never the build time, so the bytes repeat)."""
    description: str
    rights: str
    subjects: tuple[str, ...]
    documents: tuple[ContentDocument, ...]
    resources: tuple[Resource, ...]
    accessibility: Accessibility
    nav_title: str = "Contents"
    extra_meta: tuple[tuple[str, str], ...] = field(default=())

    @property
    def identifier(self) -> str:
        """``urn:uuid:...``, the same for every build of the same factsheet."""
        return f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, self.key)}"


def clock_value(seconds: float) -> str:
    """A SMIL clock value as the package's ``media:duration`` wants it: ``0:01:02.345``."""
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def nav_document(book: Book) -> bytes:
    """The navigation document: the table of contents (every document, with its headings) and the landmarks."""
    items = []
    for document in book.documents:
        headings = document.root.xpath("//x:body//x:h1[@id] | //x:body//x:h2[@id]", namespaces=NAMESPACES)
        subs = "".join(f'<li><a href="{document.name}#{h.get("id")}">{escape(_words(h))}</a></li>'
                       for h in headings if h.tag.endswith("h2"))
        items.append(f'<li><a href="{document.name}">{escape(document.title)}</a>'
                     + (f"<ol>{subs}</ol>" if subs else "") + "</li>")
    start = next((d for d in book.documents if d.landmark == "bodymatter"), book.documents[0])
    html = (
        f'<!DOCTYPE html><html lang="{book.language}"><head><meta charset="utf-8">'
        f"<title>{escape(book.title)}: {escape(book.nav_title)}</title>"
        '<link rel="stylesheet" type="text/css" href="epub.css"></head><body>'
        f'<nav epub:type="toc" role="doc-toc" id="toc" aria-labelledby="toc-heading">'
        f'<h1 id="toc-heading">{escape(book.nav_title)}</h1><ol>{"".join(items)}</ol></nav>'
        '<nav epub:type="landmarks" id="landmarks" aria-labelledby="landmarks-heading" hidden="hidden">'
        '<h2 id="landmarks-heading">Landmarks</h2><ol>'
        f'<li><a epub:type="bodymatter" href="{start.name}">{escape(start.title)}</a></li>'
        "</ol></nav></body></html>"
    )
    return serialise(xhtml_tree(html))


def _words(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def package_document(book: Book) -> bytes:
    """The package document (OPF): metadata, manifest and spine."""
    meta = [
        f'<dc:identifier id="pub-id">{book.identifier}</dc:identifier>',
        f"<dc:title>{escape(book.title)}</dc:title>",
        f"<dc:language>{escape(book.language)}</dc:language>",
        f"<dc:creator>{escape(book.author)}</dc:creator>",
        f"<dc:publisher>{escape(book.author)}</dc:publisher>",
        f"<dc:date>{book.modified.isoformat()}</dc:date>",
        f"<dc:description>{escape(book.description)}</dc:description>",
        f"<dc:rights>{escape(book.rights)}</dc:rights>",
        *(f"<dc:subject>{escape(subject)}</dc:subject>" for subject in book.subjects),
        f'<meta property="dcterms:modified">{book.modified.isoformat()}T00:00:00Z</meta>',
        *(f'<meta property="{name}">{escape(value)}</meta>' for name, value in book.accessibility.meta()),
        *(f'<meta property="{name}">{escape(value)}</meta>' for name, value in book.extra_meta),
    ]
    narrated = [d for d in book.documents if d.overlay is not None]
    if narrated:
        total = sum(d.duration for d in narrated)
        meta.append(f'<meta property="media:duration">{clock_value(total)}</meta>')
        meta += [f'<meta property="media:duration" refines="#{d.item_id}-overlay">{clock_value(d.duration)}</meta>'
                 for d in narrated]
        meta.append(f'<meta property="media:active-class">{ACTIVE_CLASS}</meta>')
    manifest = [f'<item id="nav" href="{NAV_NAME}" media-type="application/xhtml+xml" properties="nav"/>']
    for document in book.documents:
        overlay = f' media-overlay="{document.item_id}-overlay"' if document.overlay else ""
        manifest.append(f'<item id="{document.item_id}" href="{document.name}" '
                        f'media-type="application/xhtml+xml"{overlay}/>')
        if document.overlay:
            manifest.append(f'<item id="{document.item_id}-overlay" href="{document.overlay.name}" '
                            'media-type="application/smil+xml"/>')
    for number, resource in enumerate(book.resources, 1):
        properties = f" properties={quoteattr(resource.properties)}" if resource.properties else ""
        manifest.append(f'<item id="r{number}" href={quoteattr(resource.name)} '
                        f'media-type="{resource.media_type}"{properties}/>')
    spine = "".join(f'<itemref idref="{d.item_id}"/>' for d in book.documents)
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id" '
        f'xml:lang="{book.language}" dir="ltr">\n'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n' + "\n".join(meta) + "\n</metadata>\n"
        "<manifest>\n" + "\n".join(manifest) + "\n</manifest>\n"
        f"<spine>{spine}</spine>\n</package>\n"
    )
    return text.encode("utf-8")


CONTAINER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
    f'<rootfiles><rootfile full-path="{CONTENT_FOLDER}/{PACKAGE_NAME}" media-type="application/oebps-package+xml"/>'
    "</rootfiles>\n</container>\n"
).encode("utf-8")


def epub_bytes(book: Book) -> bytes:
    """The whole publication as a reproducible zip (OCF): ``mimetype`` first and stored, then the rest."""
    entries: list[tuple[str, bytes, bool]] = [
        ("META-INF/container.xml", CONTAINER, True),
        (f"{CONTENT_FOLDER}/{PACKAGE_NAME}", package_document(book), True),
        (f"{CONTENT_FOLDER}/{NAV_NAME}", nav_document(book), True),
    ]
    for document in book.documents:
        entries.append((f"{CONTENT_FOLDER}/{document.name}", serialise(document.root), True))
        if document.overlay:
            entries.append((f"{CONTENT_FOLDER}/{document.overlay.name}", document.overlay.data, True))
    entries += [(f"{CONTENT_FOLDER}/{r.name}", r.data, not _compressed(r.media_type)) for r in book.resources]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        _add(archive, "mimetype", b"application/epub+zip", zipfile.ZIP_STORED)
        for name, data, deflate in entries:
            _add(archive, name, data, zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED)
    return buffer.getvalue()


def _compressed(media_type: str) -> bool:
    """Whether a file is compressed already (audio, raster pictures): stored, as deflating gains nothing."""
    return media_type.startswith("audio/") or (media_type.startswith("image/") and media_type != "image/svg+xml")


def _add(archive: zipfile.ZipFile, name: str, data: bytes, compression: int) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = compression
    info.create_system = 3
    info.external_attr = 0o644 << 16
    archive.writestr(info, data, compress_type=compression, compresslevel=9 if compression else None)
