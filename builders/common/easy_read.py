"""What the easy-read PDF and Word copy share: the rows in reading order, pictures found, hard words in bold.

Both builders print the same document (DH 2010 easy read): a first page with
the title, who it is for and the one help page (``common/urgent``: made from
``urgent_help``, with the author's additions), a picture beside each row; the pages of rows; then the hard words, where to find the full
factsheet, version and dates, and the picture credits.  Building it once here
keeps the two copies the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from builders.common.dates import long_date
from builders.common.openmoji import ATTRIBUTION, OpenMojiMissing, Picture, catalogue
from builders.common.urgent import easy_pages
from builders.diagnostics import SourceError
from builders.model import (
    CrossReference,
    EasyRead,
    EasyReadPage,
    Emphasis,
    Factsheet,
    Inline,
    Link,
    Location,
    Strong,
    Text,
)
from builders.settings import Organisation

WEBSITE_PICTURE = "globe with meridians"
DATE_PICTURE = "calendar"


@dataclass(frozen=True, slots=True)
class Row:
    """One picture beside its words."""

    picture: Picture
    alt: str
    text: tuple[Inline, ...]
    loc: Location


@dataclass(frozen=True, slots=True)
class Page:
    """A heading and its rows."""

    heading: str
    rows: tuple[Row, ...]
    loc: Location


@dataclass(frozen=True, slots=True)
class Document:
    """The whole easy-read copy, in reading order."""

    title: str
    audience: str
    language: str
    help_heading: str
    help_intro: str
    help_rows: tuple[Row, ...]
    pages: tuple[Page, ...]
    hard_words: tuple[tuple[str, str], ...]
    closing: Page
    credits: str
    loc: Location


def _picture(name: str, loc: Location) -> Picture:
    try:
        picture = catalogue().find(name)
    except OpenMojiMissing as missing:
        raise SourceError(loc, "the OpenMoji pictures are not installed", str(missing)) from None
    if picture is None:
        raise SourceError(loc, f"unknown picture '{name}'", "run 'factsheet check' for the closest names")
    if not picture.svg_path.is_file():
        raise SourceError(loc, f"OpenMoji has no picture file for '{name}' ({picture.svg_path.name})",
                          "reinstall OpenMoji with 'make setup'")
    return picture


def bold_hard_words(inlines: tuple[Inline, ...], words: tuple[str, ...]) -> tuple[Inline, ...]:
    """The same inlines with every hard word (and its plural) in bold wherever it appears (DH 2010)."""
    if not words:
        return inlines
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) +
        r")(?:s|es|'s|’s)?(?![\w-])", re.IGNORECASE,
    )
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text):
            position = 0
            for match in pattern.finditer(node.text):
                if match.start() > position:
                    out.append(Text(node.text[position:match.start()], node.loc))
                out.append(Strong((Text(match.group(0), node.loc),), node.loc))
                position = match.end()
            if position < len(node.text):
                out.append(Text(node.text[position:], node.loc))
        elif isinstance(node, (Emphasis, Strong)):
            # Already bold (easy read shows emphasis as bold too): keep as it is.
            out.append(Strong(node.children, node.loc))
        elif isinstance(node, Link):
            out.append(Link(node.url, bold_hard_words(node.children, words), node.loc))
        elif isinstance(node, CrossReference):
            # A link to the full factsheet's sections means nothing in the easy-read copy: keep its words.
            out.extend(bold_hard_words(node.children, words))
        else:
            out.append(node)
    return tuple(out)


def _words(text: str, loc: Location) -> tuple[Inline, ...]:
    return (Text(text, loc),)


def _closing(factsheet: Factsheet, easy: EasyRead, organisation: Organisation) -> Page:
    """Where the full factsheet is, who wrote it, the version and the dates."""
    meta = factsheet.metadata
    loc = easy.loc
    where: tuple[Inline, ...]
    if organisation.website:
        shown = re.sub(r"^https?://", "", organisation.website).rstrip("/")
        where = (Text(f"This is the easy read copy of our factsheet '{meta.title}'. "
                      "You can read the full factsheet on our website: ", loc),
                 Link(organisation.website, (Text(shown, loc),), loc), Text(".", loc))
    else:
        where = _words(f"This is the easy read copy of our factsheet '{meta.title}'. "
                       f"Ask {organisation.name} for the full factsheet.", loc)
    rows = [
        Row(_picture(WEBSITE_PICTURE, loc), "A globe for the internet", where, loc),
        Row(_picture("page facing up", loc), "A page of writing",
            _words(f"{organisation.name} wrote this. {organisation.other_formats}", loc), loc),
        Row(_picture(DATE_PICTURE, loc), "A calendar",
            _words(f"Version {meta.version}. We last checked it on {long_date(meta.last_updated)}. "
                   f"We will check it again by {long_date(meta.next_review)}.", loc), loc),
    ]
    return Page("Find out more", tuple(rows), loc)


def _rows(page: EasyReadPage, hard: tuple[str, ...]) -> tuple[Row, ...]:
    return tuple(Row(_picture(item.picture, item.loc), item.alt, bold_hard_words(item.text, hard), item.loc)
                 for item in page.items)


def easy_read_document(factsheet: Factsheet, organisation: Organisation) -> Document:
    """The easy-read copy of a factsheet that has an easy-read layer (raises :class:`SourceError`)."""
    easy = factsheet.easy_read
    if easy is None:
        raise ValueError(f"{factsheet.id} has no easy-read layer")
    hard = tuple(h.word for h in easy.hard_words if h.word)
    help_page, *author_pages = easy_pages(factsheet, easy)
    pages = tuple(
        Page(page.heading, _rows(page, hard), page.loc)
        for page in author_pages
    )
    return Document(
        title=easy.title,
        audience=easy.audience or factsheet.metadata.audience,
        language=factsheet.metadata.language or "en-GB",
        help_heading=factsheet.urgent_help.heading,
        help_intro=factsheet.urgent_help.intro,
        help_rows=_rows(help_page, hard),
        pages=pages,
        hard_words=tuple((h.word, h.meaning) for h in easy.hard_words),
        closing=_closing(factsheet, easy, organisation),
        credits=ATTRIBUTION,
        loc=easy.loc,
    )
