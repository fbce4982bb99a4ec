"""Characters braille cannot show: every one liblouis's UEB tables do not define is a located error.

liblouis writes an undefined character as a string of escape cells (``'\\x1f600'``),
which a braille reader cannot read and which look like text; the braille
builder must never meet one.  This check runs with the others, before any
builder, over every piece of the factsheet that the braille copy prints.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from builders.checks.texts import iter_texts
from builders.common import liblouis
from builders.diagnostics import Diagnostics
from builders.model import Factsheet, Image, Link, Location


def _braille_texts(factsheet: Factsheet) -> Iterator[tuple[str, Location]]:
    """Every text the braille copy prints: the prose, and the fields of contacts, reading and references."""
    yield from iter_texts(factsheet)
    meta = factsheet.metadata
    yield meta.organisation, meta.where("organisation")
    yield meta.copyright, meta.where("copyright")
    yield factsheet.urgent_help.heading, factsheet.urgent_help.loc
    for node in factsheet.inlines():
        if isinstance(node, Image) and not node.decorative:
            yield node.alt, node.loc
        elif isinstance(node, Link):
            yield node.url, node.loc
    for contact in (*factsheet.urgent_help.contacts, *factsheet.contacts):
        for text in (contact.name, contact.hours, contact.address, contact.email, contact.website):
            yield text, contact.loc
        for phone in contact.phones:
            yield phone.note, phone.loc
        for number in contact.texts:
            yield f"{number.keyword} {number.note}", number.loc
    for item in factsheet.further_reading:
        for text in (item.title, item.author, item.publisher, item.url):
            yield text, item.loc
    for ref in factsheet.cited_references():
        names = " ".join(a.display for a in ref.authors)
        for text in (names, ref.title, ref.container_title, ref.publisher, ref.publisher_place, ref.url, ref.doi,
                     ref.pages, ref.volume, ref.issue):
            yield text, ref.loc


def _at(loc: Location, text: str, index: int) -> Location:
    """The location of ``text[index]``, given where the text starts."""
    before = text[:index]
    if "\n" in before:
        return Location(loc.path, loc.line + before.count("\n"), index - before.rfind("\n"))
    return Location(loc.path, loc.line, loc.column + index)


def describe(character: str) -> str:
    """A character as a message names it: ``'😀' (U+1F600 GRINNING FACE)``."""
    name = unicodedata.name(character, "unnamed character")
    shown = character if character.isprintable() else ""
    return f"'{shown}' (U+{ord(character):04X} {name})" if shown else f"U+{ord(character):04X} {name}"


_NOT_PLAIN_ASCII = re.compile(r"[^\x20-\x7e]")
"""Printable ASCII is always braille; only the other characters need asking liblouis."""


def check_braille_characters(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """A character neither UEB table of liblouis can translate is an error at its place in the source."""
    if not liblouis.available():
        return  # the braille builder reports the missing library; the other formats can still build
    reported: set[tuple[str, Location]] = set()
    for text, loc in _braille_texts(factsheet):
        for match in _NOT_PLAIN_ASCII.finditer(text or ""):
            index, character = match.start(), match.group()
            if all(liblouis.is_translatable(character, table) for table in liblouis.GRADE_TABLES.values()):
                continue
            at = _at(loc, text, index)
            if (character, at) in reported:
                continue
            reported.add((character, at))
            diagnostics.error(at, f"braille cannot show the character {describe(character)}",
                              "liblouis's UEB tables do not define it: write it in words, or use a character "
                              "they know (a plain quotation mark, a hyphen)")
