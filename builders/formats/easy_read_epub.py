"""EPUB 3 of the easy-read version (``ID-easy-read.epub``): a picture beside each short sentence, as in the PDF.

People with learning disabilities who read on a phone or tablet get the same
rows as the easy-read PDF (:mod:`builders.common.easy_read`: the help page
first, then each page, the hard words, where to find out more), the
OpenMoji pictures beside the words, text they can make bigger, and one
content document per page to move between.  The package carries EPUB
Accessibility 1.1 metadata.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from builders.common import html as fragments
from builders.common.easy_read import Document, easy_read_document
from builders.common.epub.documents import EPUB_TEMPLATES, STYLESHEET, content_document, macros, stylesheet
from builders.common.epub.overlays import narrate
from builders.common.epub.package import Accessibility, Book, ContentDocument, Resource, epub_bytes
from builders.common.openmoji import OPENMOJI_DIR, OPENMOJI_URL, Picture
from builders.common.speech.lexicon import LEXICON_FILE, lexicon_for
from builders.common.speech.publish import VoiceOptions
from builders.formats.base import BuildContext, Builder
from builders.formats.file_kinds import EPUB
from builders.model import Factsheet, Inline
from builders.output_files import Layer, OutputFile, Role
from builders.settings import Settings, read_options

VARIANT = "easy-read"
TEMPLATE = "epub/easy-read.html.j2"


@dataclass(frozen=True)
class EasyReadEpubOptions(VoiceOptions):
    """Options of the ``easy-read-epub`` format: the voice's are the easy-read audio's."""

    rate: int = 125
    """Pace in words a minute while speaking: slower than the full factsheet's 155 (120 to 130)."""
    narration: bool = True
    """Narrate every sentence (media overlays, highlighted as it is read); false for a text-only EPUB."""


def picture_name(picture: Picture) -> str:
    """Where an OpenMoji picture sits inside the book (``pictures/1F4DE.svg``)."""
    return f"pictures/{picture.hexcode}.svg"


def _documents(document: Document, factsheet: Factsheet) -> list[ContentDocument]:
    """Every content document in reading order: the first page with the help rows, each page, hard words, closing."""
    template = macros(TEMPLATE).module
    numbers = factsheet.citation_numbers()

    def words(nodes: tuple[Inline, ...]) -> Markup:
        return fragments.inlines(nodes, numbers)

    def page(name: str, title: str, body: Markup, landmark: str = "") -> ContentDocument:
        full_title = f"{title} – {document.title} (easy read)" if title != document.title else \
            f"{title} (easy read)"
        return ContentDocument(name, title, content_document(full_title, document.language, body, "easy-read"),
                               landmark)

    documents = [page("opening.xhtml", document.title, template.first(document, words, picture_name),
                      landmark="bodymatter")]
    for number, easy_page in enumerate(document.pages, 1):
        documents.append(page(f"page-{number}.xhtml", easy_page.heading,
                              template.page(easy_page, number, words, picture_name)))
    if document.hard_words:
        documents.append(page("hard-words.xhtml", "Hard words", template.hard_words(document)))
    documents.append(page("find-out-more.xhtml", document.closing.heading,
                          template.closing(document, words, picture_name, OPENMOJI_URL)))
    return documents


def _pictures(document: Document) -> tuple[Resource, ...]:
    """Each OpenMoji picture the rows show, once, in reading order."""
    rows = [*document.help_rows, *(r for p in document.pages for r in p.rows), *document.closing.rows]
    found: dict[str, Resource] = {}
    for row in rows:
        name = picture_name(row.picture)
        if name not in found:
            found[name] = Resource(name, "image/svg+xml", row.picture.svg_path.read_bytes())
    return tuple(found.values())


def book(factsheet: Factsheet, settings: Settings) -> Book:
    """The whole easy-read publication, ready to zip (narrated unless the options say not to)."""
    meta = factsheet.metadata
    raw = settings.options(EasyReadEpubBuilder.name)
    options = read_options(EasyReadEpubOptions, raw, EasyReadEpubBuilder.name)
    document = easy_read_document(factsheet, settings.closing_organisation)
    author = settings.organisation.name or meta.organisation
    summary = ("This is an easy read e-book. It meets WCAG 2.2 level AA. Each sentence has a picture beside it, "
               "and every picture has a text description. It has a contents list and headings to move by. "
               "You can make the words bigger. The help numbers come first. "
               + ("A voice reads every sentence out loud and shows which one it is reading. " if options.narration
                  else "") + "Nothing flashes.")
    documents = _documents(document, factsheet)
    resources: tuple[Resource, ...] = (stylesheet(), *_pictures(document))
    if options.narration:
        documents, audio = narrate(documents, options.voice_settings(), lexicon_for(factsheet),
                                   raw.locations.get("voice", raw.loc))
        resources += audio
    return Book(
        key=f"{author}/{factsheet.id}/{VARIANT}", title=f"{document.title} (easy read)", language=document.language,
        author=author, modified=meta.last_updated, description=f"Easy read: {document.audience}",
        rights=meta.copyright, subjects=meta.keywords, documents=tuple(documents), resources=resources,
        accessibility=Accessibility(summary, True, options.narration, author),
    )


class EasyReadEpubBuilder(Builder):
    """Writes ``output/ID/ID-easy-read.epub`` for a factsheet with an easy-read layer."""

    name = "easy-read-epub"
    description = "Easy-read EPUB 3 e-book: pictures beside short sentences, read aloud slowly (ID-easy-read.epub)"

    def applies_to(self, factsheet: Factsheet) -> bool:
        """Only a factsheet with an easy-read layer."""
        return factsheet.easy_read is not None

    def output_files(self, factsheet: Factsheet) -> tuple[OutputFile, ...]:
        """``ID-easy-read.epub``, the easy-read layer."""
        return (OutputFile(EPUB.file_name(factsheet.id, VARIANT), EPUB, "Easy read EPUB e-book", Role.MAIN,
                           Layer.EASY_READ),)

    def inputs(self, factsheet: Factsheet, settings: Settings) -> tuple[Path, ...]:
        """The templates, the stylesheet, OpenMoji's picture list and the pronunciation lexicon."""
        return (EPUB_TEMPLATES / "easy-read.html.j2", EPUB_TEMPLATES / "document.html.j2", STYLESHEET,
                OPENMOJI_DIR / "data" / "openmoji.csv", LEXICON_FILE)

    def check_settings(self, settings: Settings) -> None:
        """Option names and types (voice, rate, narration)."""
        read_options(EasyReadEpubOptions, settings.options(self.name), self.name)

    def build(self, factsheet: Factsheet, context: BuildContext) -> None:
        """Write the easy-read EPUB."""
        context.write_bytes(self.outputs(factsheet)[0], epub_bytes(book(factsheet, context.settings)))
