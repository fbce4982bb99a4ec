"""The factsheet model → a speech script: chapters of paragraphs, written for the ear.

The recording is made from this script and the transcript is this script, so
staff can read exactly what will be said.  UKAAF MS01 (Audio) sets the
opening: the title and who published it, what the recording covers and how
long it lasts; then, for our readers' safety, the urgent-help contacts
(Samaritans' media guidelines: always signpost support).  Each section is one
chapter that begins by announcing its heading; lists are read item by item,
each item its own paragraph so the voice pauses after it.  Citation markers
are not read and the reference list is not read: the closing says where to
find it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from builders.common.speech.lexicon import Lexicon
from builders.common.words import caption_line
from builders.common.speech.normalise import (
    MONTHS,
    email_words,
    number_words,
    phone_words,
    sentence,
    site_name,
    speak,
    spoken_date,
    year_words,
)
from builders.model import (
    Callout,
    Citation,
    Contact,
    CrossReference,
    EasyRead,
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
from builders.settings import Organisation

DURATION_SLOT = "\u2063duration\u2063"
"""Stands for the recording's length until it is measured (UKAAF MS01: say how long it lasts)."""


@dataclass(frozen=True)
class Chapter:
    """One chapter of the recording: its name (for chapter marks) and what is said, paragraph by paragraph."""

    title: str
    paragraphs: tuple[str, ...]
    """The voice pauses between paragraphs; the first paragraph announces the chapter."""

    def words(self) -> int:
        """How many words the narrator says in this chapter."""
        return sum(len(p.split()) for p in self.paragraphs)


@dataclass(frozen=True)
class Script:
    """Everything the narrator says, in chapters, in reading order."""

    title: str
    chapters: tuple[Chapter, ...]

    def words(self) -> int:
        """How many words the narrator says (the basis of the duration estimate)."""
        return sum(c.words() for c in self.chapters)

    def with_duration(self, seconds: float) -> Script:
        """The script with the recording's measured length written into the opening."""
        words = duration_words(seconds)
        chapters = tuple(
            replace(c, paragraphs=tuple(p.replace(DURATION_SLOT, words) for p in c.paragraphs))
            for c in self.chapters
        )
        return replace(self, chapters=chapters)


def duration_words(seconds: float) -> str:
    """A length as a listener wants it: 'about 12 minutes', 'about 1 hour and 5 minutes'."""
    if seconds < 60:
        return "less than a minute"
    minutes = round(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{_count(hours)} {'hour' if hours == 1 else 'hours'}")
    if minutes or not hours:
        parts.append(f"{_count(minutes)} {'minute' if minutes == 1 else 'minutes'}")
    return "about " + " and ".join(parts)


def _count(n: int) -> str:
    return number_words(n)


class _Speaker:
    """Turns written inline content into spoken text with one lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def say(self, text: str) -> str:
        """Written text as it is said."""
        return speak(text, self.lexicon)

    def inlines(self, nodes: tuple[Inline, ...]) -> str:
        """Inline content as it is said: citation markers left out, links read as their words."""
        return self.say(_written(nodes))

    def date(self, value: date) -> str:
        """A date as it is said."""
        return spoken_date(value)


def _written(nodes: tuple[Inline, ...]) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, (Strong, Emphasis, CrossReference)):
            out.append(_written(node.children))
        elif isinstance(node, Link):
            out.append(_link_words(node))
        elif isinstance(node, LineBreak):
            out.append(" ")
        elif isinstance(node, (Citation, Image)):
            continue  # UKAAF MS01: citation numbers are not read; inline pictures carry no words
    return "".join(out)


def _link_words(link: Link) -> str:
    """A link is read as its words; when its words are the address itself, as the shortened address."""
    words = _written(link.children)
    if link.url.startswith("mailto:"):
        return email_words(link.url.removeprefix("mailto:")) if "@" in words else words
    if link.url.startswith(("tel:", "sms:")):
        return phone_words(words) if any(ch.isdigit() for ch in words) else words
    return words  # a web address written as the link text is shortened by speak()


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# --------------------------------------------------------------------------
# The full factsheet
# --------------------------------------------------------------------------


def factsheet_script(factsheet: Factsheet, organisation: Organisation, lexicon: Lexicon) -> Script:
    """The speech script of the full factsheet: opening, urgent help, key points, sections, closing."""
    s = _Speaker(lexicon)
    chapters = [_opening(factsheet, organisation, s), _urgent_help(factsheet, s)]
    if factsheet.key_points:
        chapters.append(Chapter("Key points", ("Key points.", *(sentence(s.inlines(p.inlines)) for p in
                                                                 factsheet.key_points))))
    chapters.extend(_section_chapter(section, s) for section in factsheet.all_sections())
    if factsheet.further_reading:
        paragraphs = ["Further reading."]
        for item in factsheet.further_reading:
            line = item.title + (f", by {item.author}" if item.author else "")
            line += f", published by {item.publisher}" if item.publisher else ""
            parts = [sentence(s.say(line))]
            if item.note:
                parts.append(sentence(s.say(item.note)))
            if item.url:
                parts.append(sentence(f"Website: {site_name(item.url, s.lexicon)}"))
            paragraphs.append(" ".join(parts))
        chapters.append(Chapter("Further reading", tuple(paragraphs)))
    if factsheet.contacts:
        chapters.append(Chapter("Useful contacts", ("Useful contacts.", *(
            _contact(c, s, full=True) for c in factsheet.contacts))))
    chapters.append(_closing(factsheet, organisation, s))
    return Script(factsheet.metadata.title, tuple(chapters))


def _opening(factsheet: Factsheet, organisation: Organisation, s: _Speaker) -> Chapter:
    """UKAAF MS01: title, publisher, version and date, what it covers, how long it lasts."""
    meta = factsheet.metadata
    covers = _join([s.say(section.title_text) for section in factsheet.sections])
    paragraphs = [
        sentence(s.say(meta.title)),
        f"An audio factsheet from {s.say(organisation.name or meta.organisation)}. "
        f"Version {s.say(meta.version)}, last updated on {s.date(meta.last_updated)}.",
        sentence(s.inlines(meta.introduction)),
        sentence(s.say(f"This factsheet is for: {meta.audience}")),
        f"This recording covers: {covers}. It lasts {DURATION_SLOT}. "
        "Each section is a chapter, so you can skip to the one you need.",
    ]
    return Chapter("Introduction", tuple(p for p in paragraphs if p.strip(". ")))


def _urgent_help(factsheet: Factsheet, s: _Speaker) -> Chapter:
    """The crisis contacts, straight after the opening (Samaritans' guidelines: always signpost support)."""
    urgent = factsheet.urgent_help
    paragraphs = [sentence(s.say(urgent.heading)), sentence(s.say(urgent.intro))]
    paragraphs.extend(_contact(c, s, full=False) for c in urgent.contacts)
    return Chapter(urgent.heading, tuple(p for p in paragraphs if p))


def _contact(contact: Contact, s: _Speaker, full: bool) -> str:
    """One contact as a spoken paragraph; in urgent help only the name, what it offers and how to reach it now."""
    parts = [sentence(s.say(contact.name))]
    if contact.offers:
        parts.append(sentence(s.say(contact.offers)))
    for phone in contact.phones:
        note = f": {s.say(phone.note)}" if phone.note else ""
        parts.append(sentence(f"Call {phone_words(phone.number)}{note}"))
    for text in contact.texts:
        keyword = f"{s.say(text.keyword)} to " if text.keyword else ""
        note = f": {s.say(text.note)}" if text.note else ""
        parts.append(sentence(f"Text {keyword}{phone_words(text.number)}{note}"))
    if full:
        if contact.hours:
            parts.append(sentence(s.say(f"Open: {contact.hours}")))
        if contact.email:
            parts.append(sentence(f"Email: {email_words(contact.email)}"))
        if contact.website:
            parts.append(sentence(f"Website: {site_name(contact.website, s.lexicon)}"))
        if contact.address:
            parts.append(sentence(s.say(f"Address: {contact.address}")))
    return " ".join(parts)


def _section_chapter(section: Section, s: _Speaker) -> Chapter:
    """A section's own content; its subsections are chapters of their own (navigable by heading)."""
    paragraphs = [sentence(s.inlines(section.title))]
    for block in section.blocks:
        paragraphs.extend(_block(block, s))
    return Chapter(section.title_text, tuple(p for p in paragraphs if p))


def _block(block: object, s: _Speaker) -> list[str]:
    if isinstance(block, Paragraph):
        return [sentence(s.inlines(block.inlines))]
    if isinstance(block, Figure):
        image = block.image
        spoken = [] if image.decorative or not image.alt else [sentence(f"Picture: {s.say(image.alt)}")]
        if block.caption or block.credit:
            spoken.append(sentence(f"Caption: {caption_line(s.inlines(block.caption), s.say(block.credit))}"))
        return [" ".join(spoken)] if spoken else []
    if isinstance(block, Table):
        return _table(block, s)
    if isinstance(block, Quote):
        words = " ".join(sentence(s.inlines(p.inlines)) for p in block.paragraphs)
        return [f"Quote from {s.inlines(block.attribution).rstrip('.')}: {words} End of quote."]
    if isinstance(block, Callout):
        spoken = [] if not block.blocks else _block(block.blocks[0], s)
        for inner in block.blocks[1:]:
            spoken.extend(_block(inner, s))
        if spoken:
            spoken[0] = f"{block.kind.label}: {spoken[0]}"
        return spoken
    if isinstance(block, ListBlock):
        spoken: list[str] = []
        for number, item in enumerate(block.items, 1):
            for position, inner in enumerate(item.blocks):
                texts = _block(inner, s)
                if position == 0 and block.ordered and texts:
                    texts[0] = f"{_count(number).capitalize()}: {texts[0]}"
                spoken.extend(texts)
        return spoken  # one paragraph per item: the voice pauses after each
    raise TypeError(f"the speech script cannot read a {type(block).__name__}")


def _table(table: Table, s: _Speaker) -> list[str]:
    """A table read row by row: the caption and its size, then 'Row 2: CBT. How long: 16 sessions.'

    Each row is its own paragraph, so the voice pauses between rows; each value is
    announced by its column heading, as a screen reader reads a table cell by cell.
    """
    rows = len(table.rows)
    columns = len(table.header)
    spoken = [sentence(f"Table: {s.inlines(table.caption)}") + " "
              + f"{_count(rows).capitalize()} {'row' if rows == 1 else 'rows'} "
              f"and {_count(columns)} {'column' if columns == 1 else 'columns'}."]
    headings = [s.inlines(cell.inlines) for cell in table.header]
    for number, row in enumerate(table.rows, 1):
        values = [s.inlines(cell.inlines) for cell in row]
        parts = [f"Row {_count(number)}:"]
        pairs = list(zip(headings, values))
        if table.row_headers and pairs:
            parts.append(sentence(pairs[0][1] or "blank"))
            pairs = pairs[1:]
        parts.extend(sentence(f"{heading}: {value or 'blank'}") for heading, value in pairs)
        spoken.append(" ".join(parts))
    spoken.append("End of table.")
    return spoken


def _closing(factsheet: Factsheet, organisation: Organisation, s: _Speaker) -> Chapter:
    """Where to find the references, other formats, copyright, version and review dates."""
    meta = factsheet.metadata
    paragraphs = ["About this factsheet."]
    if factsheet.cited_references():
        where = f"on our website, {site_name(organisation.website, s.lexicon)}," if organisation.website else ""
        paragraphs.append(
            "This recording does not read out the list of references. You can find them in the full "
            f"factsheet {where} or ask us for a copy."
        )
    if organisation.other_formats:
        paragraphs.append(sentence(s.say(organisation.other_formats)))
    paragraphs.append(sentence(s.say(meta.copyright)))
    paragraphs.append(
        f"Version {s.say(meta.version)}, last updated on {s.date(meta.last_updated)}. "
        f"Next review due {spoken_month(meta.next_review)}."
    )
    paragraphs.append("This is the end of the recording.")
    return Chapter("About this factsheet", tuple(paragraphs))


def spoken_month(value: date) -> str:
    """A month and year as said: 2028-05-31 → 'May twenty twenty-eight'."""
    return f"{MONTHS[value.month - 1]} {year_words(value.year)}"


# --------------------------------------------------------------------------
# The easy-read layer
# --------------------------------------------------------------------------


def easy_read_script(factsheet: Factsheet, easy: EasyRead, organisation: Organisation,
                     lexicon: Lexicon) -> Script:
    """The speech script of the easy-read version: one chapter per page, then the hard words."""
    s = _Speaker(lexicon)
    meta = factsheet.metadata
    opening = [
        sentence(s.say(easy.title)),
        f"This is the easy read version. It is from {s.say(organisation.name or meta.organisation)}.",
        sentence(s.say(easy.audience)),
        f"This recording lasts {DURATION_SLOT}.",
    ]
    chapters = [Chapter("Introduction", tuple(p for p in opening if p.strip(". ")))]
    for page in easy.pages:
        paragraphs = [sentence(s.say(page.heading))]
        paragraphs.extend(sentence(s.inlines(item.text)) for item in page.items)
        chapters.append(Chapter(page.heading, tuple(paragraphs)))
    if easy.hard_words:
        chapters.append(Chapter("Hard words", ("Hard words.", *(
            f"{sentence(s.say(w.word))} {sentence(s.say(w.meaning))}" for w in easy.hard_words))))
    closing = ["The end."]
    if organisation.other_formats:
        closing.append(sentence(s.say(organisation.other_formats)))
    closing.append(f"Version {s.say(meta.version)}, from {spoken_month(meta.last_updated)}.")
    closing.append("This is the end of the recording.")
    chapters.append(Chapter("The end", tuple(closing)))
    return Script(easy.title, tuple(chapters))


# --------------------------------------------------------------------------
# The transcript
# --------------------------------------------------------------------------


def clock(seconds: float) -> str:
    """A time as a listener reads it on a player: 1:05 or 1:02:05."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def render_transcript(script: Script, starts: tuple[float, ...], total: float, voice: str,
                      words_a_minute: float) -> str:
    """The transcript: what is said, chapter by chapter, with where each chapter starts."""
    lines = [
        f"{script.title}: audio transcript",
        f"Length {clock(total)}, {len(script.chapters)} chapters, {script.words()} words "
        f"(voice {voice}, {round(words_a_minute)} words a minute while speaking, as measured).",
        "Below is exactly what the recording says. A blank line is a pause.",
    ]
    for number, (chapter, start) in enumerate(zip(script.chapters, starts, strict=True), 1):
        lines.append("")
        lines.append(f"== Chapter {number}, at {clock(start)}: {chapter.title} ==")
        for paragraph in chapter.paragraphs:
            lines.append("")
            lines.append(paragraph)
    return "\n".join(lines) + "\n"
