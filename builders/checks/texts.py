"""Every piece of reader-facing text in a factsheet, with its location, for text-level rules."""

from __future__ import annotations

from collections.abc import Iterator

from builders.model import Factsheet, Inline, Location, Text, iter_block_inlines, iter_inlines


def _inline_texts(inlines: tuple[Inline, ...]) -> Iterator[tuple[str, Location]]:
    for node in iter_inlines(inlines):
        if isinstance(node, Text):
            yield node.text, node.loc


def iter_texts(factsheet: Factsheet) -> Iterator[tuple[str, Location]]:
    """(text, location) for every run of words a reader sees, in every part of the factsheet."""
    meta = factsheet.metadata
    yield meta.title, meta.where("title")
    yield from _inline_texts(meta.introduction)
    yield meta.audience, meta.where("audience")
    for point in factsheet.key_points:
        yield from _inline_texts(point.inlines)
    help_ = factsheet.urgent_help
    yield help_.intro, help_.loc
    for section in factsheet.all_sections():
        yield from _inline_texts(section.title)
        for block in section.blocks:
            for node in iter_block_inlines(block):
                if isinstance(node, Text):
                    yield node.text, node.loc
    for contact in (*factsheet.contacts, *help_.contacts):
        yield contact.offers, contact.loc
    for item in factsheet.further_reading:
        yield item.note, item.loc
    if factsheet.easy_read:
        for page in factsheet.easy_read.pages:
            yield page.heading, page.loc
            for row in page.items:
                yield from _inline_texts(row.text)
        for word in factsheet.easy_read.hard_words:
            yield word.meaning, word.loc
