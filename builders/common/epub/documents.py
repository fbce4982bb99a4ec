"""Content documents from the EPUB templates: one wrapper, the stylesheet, pictures as resources.

Both EPUB builders write each chapter's body with their own template macros
(``templates/epub/``); this module puts a body into the one document
wrapper (language, title, stylesheet) and turns it into XHTML.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template
from lxml import etree
from markupsafe import Markup

from builders.build_context import TEMPLATES_DIR
from builders.common.epub.package import Resource
from builders.common.epub.xhtml import NAMESPACES, xhtml_tree

EPUB_TEMPLATES = TEMPLATES_DIR / "epub"
STYLESHEET = EPUB_TEMPLATES / "epub.css"
STYLESHEET_NAME = "epub.css"
DOCUMENT_TEMPLATE = "epub/document.html.j2"

PICTURE_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
                 "svg": "image/svg+xml"}
"""Picture kinds the source accepts → EPUB core media types (all five are core types in EPUB 3.3)."""


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The templates' environment: autoescape on, unknown names an error."""
    return Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def macros(template: str) -> Template:
    """A template of macros, one a content document (``epub/factsheet.html.j2``)."""
    return environment().get_template(template)


def content_document(title: str, language: str, body: Markup, body_class: str = "") -> etree._Element:
    """One XHTML content document: the wrapper around ``body``, in the factsheet's language."""
    html = environment().get_template(DOCUMENT_TEMPLATE).render(
        title=title, language=language, body=body, body_class=body_class, stylesheet=STYLESHEET_NAME)
    return xhtml_tree(html)


def stylesheet() -> Resource:
    """The one stylesheet every content document links to."""
    return Resource(STYLESHEET_NAME, "text/css", STYLESHEET.read_bytes())


def rename_pictures(documents: list[etree._Element], pictures: dict[str, tuple[str, bytes]]) -> tuple[Resource, ...]:
    """Give every picture a plain name inside the book (``pictures/picture-1.png``) and point its ``<img>`` there.

    ``pictures`` maps each ``src`` as the HTML writes it to (kind, bytes), the
    picture as the checks read it.  Names from the source may hold spaces or
    folders; inside the book they are numbered in reading order.
    """
    names: dict[str, str] = {}
    resources: list[Resource] = []
    for root in documents:
        for image in root.xpath("//x:img", namespaces=NAMESPACES):
            src = image.get("src", "")
            if src not in pictures:
                continue
            if src not in names:
                kind, data = pictures[src]
                names[src] = f"pictures/picture-{len(names) + 1}.{'jpg' if kind == 'jpeg' else kind}"
                resources.append(Resource(names[src], PICTURE_TYPES[kind], data))
            image.set("src", names[src])
    return tuple(resources)
