"""Every character must be drawable by a font the PDFs embed: otherwise it prints as an empty box."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from builders.checks.texts import iter_texts
from builders.common.fonts import drawable, invisible
from builders.diagnostics import Diagnostics
from builders.model import Factsheet, Location


def _more_texts(factsheet: Factsheet) -> Iterator[tuple[str, Location]]:
    """Printed words iter_texts leaves out: names, addresses, references, further reading."""
    for contact in (*factsheet.contacts, *factsheet.urgent_help.contacts):
        for text in (contact.name, contact.hours, contact.address):
            yield text, contact.loc
    for item in factsheet.further_reading:
        for text in (item.title, item.author, item.publisher):
            yield text, item.loc
    for reference in factsheet.references:
        for text in (reference.title, reference.container_title, reference.publisher, reference.publisher_place):
            yield text, reference.loc
        for author in reference.authors:
            yield author.display, reference.loc
    yield factsheet.urgent_help.heading, factsheet.urgent_help.loc
    if factsheet.easy_read:
        yield factsheet.easy_read.title, factsheet.easy_read.loc
        for word in factsheet.easy_read.hard_words:
            yield word.word, word.loc


def check_glyphs(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """An error at each character no embedded font has (an emoji in the text, say), naming it."""
    points = drawable()
    if points is None:
        return  # fonts not installed: the PDF builders report that
    reported: set[str] = set()
    for text, loc in (*iter_texts(factsheet), *_more_texts(factsheet)):
        for index, char in enumerate(text or ""):
            if ord(char) in points or invisible(char) or char in reported:
                continue
            reported.add(char)
            before = text[:index]
            on_one_line = loc.path.endswith(".md") and "\n" not in before
            where = Location(loc.path, loc.line, loc.column + len(before)) if on_one_line else loc
            name = unicodedata.name(char, "unnamed character").lower()
            diagnostics.error(
                where, f"'{char}' (U+{ord(char):04X}, {name}) cannot be printed: no font in the PDFs has it",
                "write it in words, or leave it out; an emoji belongs in the easy-read version as a picture",
            )
