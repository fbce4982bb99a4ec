"""EPUB 3 of the full factsheet (``ID.epub``): text that reflows and resizes, a contents list, headings to jump by.

People with low vision, dyslexia or a print disability read EPUBs in apps
(Thorium, Apple Books, Kobo, Voice Dream) that let them choose the font, size,
spacing and colours.  The content is the web page's (the same HTML
fragments, from :mod:`builders.common.html`): the urgent help first, then the
introduction, version and dates, key points; one content document per
section; further reading, useful contacts, references (each linked to where
it is cited and back) and, last, the version, dates and how to ask for other
formats.  The package carries EPUB Accessibility 1.1 metadata; EPUBCheck and
the accessibility checks in ``tests/test_epub.py`` must find nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from builders.common import html as fragments
from builders.common.citations import DEFAULT_STYLE, check_citation_style, format_references
from builders.common.dates import long_date
from builders.common.epub.documents import (
    EPUB_TEMPLATES,
    STYLESHEET,
    content_document,
    macros,
    rename_pictures,
    stylesheet,
)
from builders.common.epub.overlays import narrate
from builders.common.epub.package import Accessibility, Book, ContentDocument, epub_bytes
from builders.common.epub.xhtml import NAMESPACES, link_across
from builders.common.speech.lexicon import LEXICON_FILE, lexicon_for
from builders.common.speech.publish import VoiceOptions
from builders.common.urgent import urgent_lines
from builders.formats.base import BuildContext, Builder
from builders.formats.file_kinds import EPUB
from builders.model import Factsheet, Image, plain_text
from builders.output_files import Layer, OutputFile, Role
from builders.settings import Settings, read_options

TEMPLATE = "epub/factsheet.html.j2"
OPTIONS = fragments.HtmlOptions(heading_offset=0)
"""Each section is a document of its own, so its heading is that document's ``<h1>``."""


@dataclass(frozen=True)
class EpubOptions(VoiceOptions):
    """Options of the ``epub`` format (``formats: epub:`` in publisher.yaml): the voice's are the audio's."""

    citation_style: str = DEFAULT_STYLE
    """The CSL style of the reference list."""
    narration: bool = True
    """Narrate every sentence (media overlays, highlighted as it is read); false for a text-only EPUB."""


def epub_options(settings: Settings) -> EpubOptions:
    """The format's options, checked (a located error for an unknown citation style)."""
    raw = settings.options(EpubBuilder.name)
    options = read_options(EpubOptions, raw, EpubBuilder.name)
    check_citation_style(options.citation_style, raw, EpubBuilder.name)
    return options


def _documents(factsheet: Factsheet, settings: Settings) -> list[ContentDocument]:
    """Every content document in reading order (the source's order), links across documents resolved."""
    meta = factsheet.metadata
    options = epub_options(settings)
    template = macros(TEMPLATE).module
    numbers = factsheet.citation_numbers()
    language = meta.language
    organisation = settings.organisation
    last_updated, last_updated_iso = long_date(meta.last_updated), meta.last_updated.isoformat()

    def document(name: str, title: str, body: Markup, landmark: str = "") -> ContentDocument:
        full_title = title if title == meta.title else f"{title} – {meta.title}"
        return ContentDocument(name, title, content_document(full_title, language, body), landmark)

    documents = [document("opening.xhtml", meta.title, template.opening(
        meta, factsheet.urgent_help, fragments.urgent_panel(urgent_lines(factsheet)),
        fragments.inlines(meta.introduction, numbers, OPTIONS),
        [fragments.inlines(p.inlines, numbers, OPTIONS) for p in factsheet.key_points],
        last_updated, last_updated_iso), landmark="bodymatter")]
    for number, section in enumerate(factsheet.sections, 1):
        documents.append(document(f"section-{number}.xhtml", section.title_text,
                                  fragments.section(section, numbers, OPTIONS)))
    if factsheet.further_reading:
        documents.append(document("further-reading.xhtml", "Further reading", template.further_reading(
            [fragments.further_reading(item) for item in factsheet.further_reading])))
    if factsheet.contacts:
        documents.append(document("contacts.xhtml", "Useful contacts", template.contacts(
            [fragments.contact(c, heading_level=2) for c in factsheet.contacts])))
    back_links = _number_citations(documents)
    references = format_references(factsheet, options.citation_style)
    if references:
        documents.append(document("references.xhtml", "References", template.references(references, back_links)))
    website = organisation.website or ""
    documents.append(document("about.xhtml", "About this factsheet", template.about(
        meta, settings.closing_organisation, last_updated, last_updated_iso, long_date(meta.next_review),
        meta.next_review.isoformat(), website.removeprefix("https://").removeprefix("http://").rstrip("/"))))
    link_across({d.name: d.root for d in documents})
    return documents


def _number_citations(documents: list[ContentDocument]) -> dict[int, list[str]]:
    """Give every citation link an id (``cite-3-2``: the second citation of reference 3); return the back links."""
    back: dict[int, list[str]] = {}
    for document in documents:
        for link in document.root.xpath("//x:a[@class='citation']", namespaces=NAMESPACES):
            number = int(link.get("href", "").rpartition("-")[2])
            targets = back.setdefault(number, [])
            link.set("id", f"cite-{number}-{len(targets) + 1}")
            targets.append(f"{document.name}#{link.get('id')}")
    return back


def summary(factsheet: Factsheet, pictures: bool, narration: bool) -> str:
    """The accessibility summary, in plain words."""
    return (
        "This e-book meets WCAG 2.2 level AA. It has a contents list and headings to move by, and the text "
        "reflows and follows your own font, size and colour settings. The urgent help numbers come first. "
        + ("Every picture has a text description. " if pictures else "")
        + ("Every sentence is read aloud by a recorded voice, and highlighted as it is read, so you can read, "
           "listen, or both. " if narration else "")
        + "Nothing flashes and nothing moves."
    )


def book(factsheet: Factsheet, settings: Settings) -> Book:
    """The whole publication, ready to zip (narrated unless the options say not to)."""
    meta = factsheet.metadata
    options = epub_options(settings)
    documents = _documents(factsheet, settings)
    pictures = {node.src: (node.picture.kind, node.picture.data)
                for node in factsheet.inlines() if isinstance(node, Image)}
    resources = (stylesheet(), *rename_pictures([d.root for d in documents], pictures))
    if options.narration:
        raw = settings.options(EpubBuilder.name)
        documents, audio = narrate(documents, options.voice_settings(), lexicon_for(factsheet),
                                   raw.locations.get("voice", raw.loc))
        resources += audio
    author = settings.organisation.name or meta.organisation
    has_pictures = any(not node.decorative for node in factsheet.inlines() if isinstance(node, Image))
    return Book(
        key=f"{author}/{factsheet.id}", title=meta.title, language=meta.language, author=author,
        modified=meta.last_updated, description=plain_text(meta.introduction), rights=meta.copyright,
        subjects=meta.keywords, documents=tuple(documents), resources=resources,
        accessibility=Accessibility(summary(factsheet, has_pictures, options.narration), has_pictures,
                                    options.narration, author),
    )


class EpubBuilder(Builder):
    """Writes ``output/ID/ID.epub``."""

    name = "epub"
    description = "EPUB 3 e-book with narration highlighted sentence by sentence (ID.epub)"

    def output_files(self, factsheet: Factsheet) -> tuple[OutputFile, ...]:
        """``ID.epub``, the full factsheet."""
        return (OutputFile(EPUB.file_name(factsheet.id), EPUB, "EPUB e-book", Role.MAIN, Layer.FULL),)

    def inputs(self, factsheet: Factsheet, settings: Settings) -> tuple[Path, ...]:
        """The templates, the stylesheet and the pronunciation lexicon."""
        return (EPUB_TEMPLATES / "factsheet.html.j2", EPUB_TEMPLATES / "document.html.j2", STYLESHEET, LEXICON_FILE)

    def check_settings(self, settings: Settings) -> None:
        """Option names and the citation style."""
        epub_options(settings)

    def build(self, factsheet: Factsheet, context: BuildContext) -> None:
        """Write the EPUB."""
        context.write_bytes(self.outputs(factsheet)[0], epub_bytes(book(factsheet, context.settings)))

