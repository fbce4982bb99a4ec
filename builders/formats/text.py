"""Plain text: the copy sent by email to people who ask for it (Accessible Information Standard).

It is also the simplest walk of the whole model, which makes it the first
proof that a source builds end to end.
"""

from __future__ import annotations

import textwrap

from builders.common.citations import format_references
from builders.common.dates import long_date
from builders.common.urgent import line_text, urgent_lines
from builders.common.words import caption_line
from builders.formats.base import BuildContext, Builder
from builders.formats.file_kinds import PLAIN_TEXT
from builders.model import (
    Callout,
    Citation,
    Contact,
    CrossReference,
    Emphasis,
    Factsheet,
    Figure,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Section,
    Strong,
    Table,
    Text,
)
from builders.output_files import Layer, OutputFile, Role

WIDTH = 72
"""Line length for email: short enough for every mail reader not to re-wrap it."""


class PlainTextBuilder(Builder):
    """Writes ``output/ID/ID.txt``."""

    name = "text"
    description = "Plain text for email (ID.txt)"

    def output_files(self, factsheet: Factsheet) -> tuple[OutputFile, ...]:
        """``ID.txt``, the whole factsheet."""
        return (OutputFile(PLAIN_TEXT.file_name(factsheet.id), PLAIN_TEXT, "Plain text, for email or a screen reader",
                           Role.MAIN, Layer.FULL),)

    def build(self, factsheet: Factsheet, context: BuildContext) -> None:
        """Write the whole factsheet as wrapped plain text."""
        context.write_text(self.outputs(factsheet)[0], render_text(factsheet, context))


def _inline(nodes: tuple[Inline, ...], numbers: dict[str, int]) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, (Strong, Emphasis, CrossReference)):
            out.append(_inline(node.children, numbers))
        elif isinstance(node, Link):
            words = _inline(node.children, numbers)
            address = node.url.removeprefix("mailto:").removeprefix("tel:")
            out.append(words if words == address else f"{words} ({address})")
        elif isinstance(node, Citation):
            out.append("[" + ", ".join(str(numbers[k]) for k in node.keys if k in numbers) + "]")
        elif isinstance(node, LineBreak):
            out.append("\n")
        elif isinstance(node, Image):
            out.append("" if node.decorative else f"[Picture: {node.alt}]")
    return "".join(out)


def _wrap(text: str, indent: str = "", first: str | None = None) -> str:
    return textwrap.fill(
        " ".join(text.split()), WIDTH, initial_indent=first if first is not None else indent,
        subsequent_indent=indent, break_long_words=False, break_on_hyphens=False,
    )


def _heading(text: str, level: int) -> str:
    underline = "=-~"[min(level, 3) - 1] if level else "="
    return f"{text}\n{underline * len(text)}"


def _section(section: Section, numbers: dict[str, int]) -> list[str]:
    parts = [_heading(section.title_text, section.level)]
    for block in section.blocks:
        parts.append(_block(block, numbers, ""))
    for sub in section.subsections:
        parts.extend(_section(sub, numbers))
    return parts


def _block(block: object, numbers: dict[str, int], indent: str) -> str:
    if isinstance(block, Paragraph):
        return _wrap(_inline(block.inlines, numbers), indent)
    if isinstance(block, Figure):
        lines = [_wrap(_inline((block.image,), numbers), indent)]
        caption = caption_line(_inline(block.caption, numbers), block.credit)
        if caption:
            lines.append(_wrap(f"Caption: {caption}", indent))
        return "\n".join(line for line in lines if line)
    if isinstance(block, Table):
        return _table(block, numbers, indent)
    if isinstance(block, Quote):
        texts = [_inline(p.inlines, numbers) for p in block.paragraphs]
        texts[0] = "\u201c" + texts[0]
        texts[-1] = texts[-1] + "\u201d"
        words = [_wrap(text, indent + "  ") for text in texts]
        who = _wrap(f"\u2014 {_inline(block.attribution, numbers)}", indent + "  ")
        return "\n\n".join(words) + "\n" + who
    if isinstance(block, Callout):
        label = block.kind.label.upper()
        inner = "\n\n".join(_block(b, numbers, indent + "| ") for b in block.blocks)
        return f"{indent}| {label}\n{inner}"
    if isinstance(block, ListBlock):
        lines = []
        for index, item in enumerate(block.items, 1):
            marker = f"{index}. " if block.ordered else "- "
            for position, inner in enumerate(item.blocks):
                if isinstance(inner, Paragraph) and position == 0:
                    lines.append(_wrap(_inline(inner.inlines, numbers), indent + "  ", indent + marker))
                else:
                    lines.append(_block(inner, numbers, indent + "  "))
        return "\n".join(lines)
    return ""


def _table(table: Table, numbers: dict[str, int], indent: str) -> str:
    """A table as text that survives any mail reader's font: the caption, then each row as a block of
    'Column heading: value' lines (columns of spaces only line up in a fixed-width font)."""
    lines = [_wrap(f"Table: {_inline(table.caption, numbers)}", indent)]
    headings = [_inline(cell.inlines, numbers) for cell in table.header]
    for number, row in enumerate(table.rows, 1):
        cells = [_inline(cell.inlines, numbers) for cell in row]
        if table.row_headers:
            name, pairs = cells[0], list(zip(headings[1:], cells[1:]))
        else:
            name, pairs = f"Row {number}", list(zip(headings, cells))
        lines.append("")
        lines.append(_wrap(name, indent))
        lines.extend(_wrap(f"{heading}: {value}", indent + "    ", indent + "  ") for heading, value in pairs)
    return "\n".join(lines)


def _contact(contact: Contact) -> str:
    lines = [contact.name]
    if contact.offers:
        lines.append(_wrap(contact.offers))
    for phone in contact.phones:
        lines.append(f"Phone: {phone.number}" + (f" ({phone.note})" if phone.note else ""))
    for text in contact.texts:
        keyword = f"{text.keyword} to " if text.keyword else ""
        lines.append(f"Text: {keyword}{text.number}" + (f" ({text.note})" if text.note else ""))
    for label, value in (("Hours", contact.hours), ("Email", contact.email), ("Website", contact.website),
                         ("Address", contact.address)):
        if value:
            lines.append(f"{label}: {value}")
    return "\n".join(lines)


def render_text(factsheet: Factsheet, context: BuildContext) -> str:
    """The factsheet as plain text, in the reading order every format shares."""
    meta = factsheet.metadata
    numbers = factsheet.citation_numbers()
    org = context.settings.closing_organisation
    parts = [
        _heading(meta.title, 0),
        _heading(factsheet.urgent_help.heading, 1),  # the urgent help first: one line per number
        "\n".join(_wrap(line_text(line), "  ", "- ") for line in urgent_lines(factsheet)),
        _wrap(factsheet.urgent_help.intro),
        _wrap(_inline(meta.introduction, numbers)),
        _wrap(f"This factsheet is for: {meta.audience}"),
        _heading("Key points", 1),
        "\n".join(_wrap(_inline(p.inlines, numbers), "  ", "- ") for p in factsheet.key_points),
        _heading("This factsheet covers", 1),
        "\n".join(f"- {s.title_text}" for s in factsheet.sections),
    ]
    for section in factsheet.sections:
        parts.extend(_section(section, numbers))
    if factsheet.further_reading:
        parts.append(_heading("Further reading", 1))
        for item in factsheet.further_reading:
            line = ", ".join(x for x in (item.title, item.author, item.publisher) if x)
            parts.append("\n".join(x for x in (line, _wrap(item.note), item.url) if x))
    if factsheet.contacts:
        parts.append(_heading("Useful contacts", 1))
        parts.extend(_contact(c) for c in factsheet.contacts)
    references = format_references(factsheet)
    if references:
        parts.append(_heading("References", 1))
        parts.extend(_wrap(ref.text, "    ", f"{ref.number}. ".ljust(4)) for ref in references)
    parts.append(
        "\n".join([
            meta.copyright,
            f"Version {meta.version}. Last updated {long_date(meta.last_updated)} ({meta.review.label}).",
            f"Next review due {long_date(meta.next_review)}.",
            _wrap(org.other_formats),
        ])
    )
    return "\n\n".join(p for p in parts if p.strip()) + "\n"
