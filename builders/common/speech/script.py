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

import re
from dataclasses import dataclass, replace
from datetime import date

from builders.common.speech.lexicon import Lexicon, display_text
from builders.common.urgent import EMERGENCY_NUMBERS, UrgentLine, easy_pages, urgent_lines
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
    REFERENCES_ID,
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
    group: str = ""
    """The section this chapter belongs to in the nested table of contents ("" for a top-level chapter)."""

    def words(self) -> int:
        """How many words the narrator says in this chapter, as the transcript writes them."""
        return sum(len(display_text(p).split()) for p in self.paragraphs)


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

    def __init__(self, lexicon: Lexicon, chapters: dict[str, str] | None = None) -> None:
        self.lexicon = lexicon
        self.chapters = chapters or {}
        """Section id → how a cross reference to it names its place: 'the chapter "Getting an advocate"'."""

    def say(self, text: str) -> str:
        """Written text as it is said (the lexicon's pronunciations marked, so the transcript keeps them)."""
        return speak(text, self.lexicon, marked=True)

    def inlines(self, nodes: tuple[Inline, ...]) -> str:
        """Inline content as it is said: citation markers left out, links read as their words."""
        return re.sub(r'([?!]")\.', r"\1", self.say(_written(nodes, self.chapters)))  # no '?".' after a title

    def date(self, value: date) -> str:
        """A date as it is said."""
        return spoken_date(value)


_SEE = re.compile(r"\bsee(?: also)?\s*$", re.I)
"""A cross reference introduced by "see" points the listener somewhere: it names the chapter."""


def _written(nodes: tuple[Inline, ...], chapters: dict[str, str] | None = None) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, CrossReference) and chapters and node.target in chapters \
                and _SEE.search("".join(out)):
            out.append(chapters[node.target])
        elif isinstance(node, (Strong, Emphasis, CrossReference)):
            out.append(_written(node.children, chapters))
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


def _numbered(titles: list[str]) -> str:
    """The sections as a listener can tell them apart: 'This recording has three sections. One: ... Two: ...'.

    A list of titles joined by commas runs together when a title has a comma
    or an "and" of its own ("Scars and Friends, family and carers").
    """
    if len(titles) == 1:
        return f"This recording has one section: {sentence(titles[0])}"
    items = " ".join(f"{_count(n).capitalize()}: {sentence(t)}" for n, t in enumerate(titles, 1))
    return f"This recording has {_count(len(titles))} sections. {items}"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# --------------------------------------------------------------------------
# The full factsheet
# --------------------------------------------------------------------------


def factsheet_script(factsheet: Factsheet, organisation: Organisation, lexicon: Lexicon) -> Script:
    """The speech script of the full factsheet: opening and urgent help, introduction, key points, sections, closing."""
    s = _Speaker(lexicon, chapter_names(factsheet))
    chapters = [_help_first(factsheet, organisation, s, heading=False)]
    if factsheet.urgent_help.intro:
        urgent = factsheet.urgent_help
        chapters.append(Chapter(urgent.heading, (sentence(s.say(urgent.heading)), sentence(s.say(urgent.intro)))))
    chapters.append(_introduction(factsheet, s))
    if factsheet.key_points:
        chapters.append(Chapter("Key points", ("Key points.", *(sentence(s.inlines(p.inlines)) for p in
                                                                 factsheet.key_points))))
    for section in factsheet.sections:
        chapters.extend(_section_chapters(section, s))
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


def chapter_names(factsheet: Factsheet) -> dict[str, str]:
    """How a cross reference names each section's place in the recording, by the target's own heading.

    A section is a group of chapters ('the section "Scars"'), a question is a
    chapter ('the chapter "Getting an advocate"'), and a sub-question is read
    within its question's chapter.
    """
    names: dict[str, str] = {}
    for section in factsheet.sections:
        top = section.title_text
        names[section.id] = f'the section "{top}"' if section.subsections else f'the chapter "{top}"'
        for question in section.subsections:
            names[question.id] = f'the chapter "{question.title_text}"'
            for part in question.walk():
                if part is not question:
                    names[part.id] = f'"{part.title_text}", in the chapter "{question.title_text}"'
    for part_id, heading in factsheet.generated_sections():  # "(see useful contacts)" names its chapter too
        names[part_id] = (f'the chapter "{heading}"' if part_id != REFERENCES_ID else
                          'the references, which the chapter "About this factsheet" says where to find')
    return names


HELP_FIRST_TITLE = "Opening and urgent numbers"
"""The first chapter's name: what it is, who publishes it, how long it lasts, then the urgent numbers."""


def _help_first(factsheet: Factsheet, organisation: Organisation, s: _Speaker, title: str = "",
                heading: bool = True, after: tuple[str, ...] = ()) -> Chapter:
    """UKAAF MS01's opening (title, publisher, length) with every urgent number straight after the publisher.

    A listener in crisis hears every urgent number within the first 15
    seconds (``factsheet verify`` measures it from the transcript's times),
    so the numbers follow the title and publisher in the same paragraph, with
    no word that is not needed, and the length comes after them ("Self-harm,
    from Example Charity. Call nine nine nine, ... This recording lasts about
    twelve minutes."): said before the numbers, the length delayed the last
    number past 14 seconds.  The long introduction comes after.  ``heading``
    says the urgent-help heading first; ``after`` follows the numbers.
    """
    meta = factsheet.metadata
    publisher = s.say(organisation.name or meta.organisation)
    numbers = urgent_numbers_sentence(urgent_lines(factsheet), s.lexicon)
    if heading:
        numbers = f"{sentence(s.say(factsheet.urgent_help.heading))} {numbers}"
    # One paragraph: no paragraph pause between the opening sentence and the numbers.
    opening = f"{_opening_sentence(s.say(title or meta.title), publisher)} {numbers}".strip()
    paragraphs = [f"{opening} This recording lasts {DURATION_SLOT}.", *after]
    return Chapter(HELP_FIRST_TITLE, tuple(p for p in paragraphs if p.strip(". ")))


def _opening_sentence(title: str, publisher: str) -> str:
    """'Self-harm, from Example Charity.' (a title that asks keeps its question mark: 'What is it? From ...')."""
    title = title.strip().rstrip(".")
    if title.endswith(("?", "!")):
        return f"{title} From {publisher}."
    return f"{title}, from {publisher}."


def urgent_numbers_sentence(lines: tuple[UrgentLine, ...], lexicon: Lexicon) -> str:
    """Every urgent number in one sentence, as dialled, as a list: 'Call nine nine nine, Samaritans on one
    one six, one two three, or text SHOUT to eight five two five eight.' (emergency numbers first)."""
    calls: list[str] = []
    texts: list[str] = []
    for line in lines:
        digits = phone_words(line.number)
        if line.action == "text":
            texts.append(f"{speak(line.keyword, lexicon, marked=True)} to {digits}" if line.keyword else
                         f"{speak(line.name, lexicon, marked=True)} on {digits}")
        else:
            if line.digits in EMERGENCY_NUMBERS:
                calls.insert(sum(1 for c in calls if " on " not in c), digits)  # emergency numbers first
            else:
                calls.append(f"{speak(line.name, lexicon, marked=True)} on {digits}")
    items = [*(f"call {c}" if n == 0 else c for n, c in enumerate(calls)),
             *(f"text {t}" if n == 0 else t for n, t in enumerate(texts))]
    if not items:
        return ""
    # No "or" but the last: every word before the last number delays it (issue 12: all within 15 s).
    listed = items[0] if len(items) == 1 else f"{', '.join(items[:-1])}, or {items[-1]}"
    return sentence(listed)


def _introduction(factsheet: Factsheet, s: _Speaker) -> Chapter:
    """The version, the introduction, who it is for and what it covers (after the urgent help)."""
    meta = factsheet.metadata
    covers = _numbered([s.say(section.title_text) for section in factsheet.sections])
    paragraphs = [
        f"This is an audio factsheet. Version {s.say(meta.version)}, last updated on {s.date(meta.last_updated)}.",
        sentence(s.inlines(meta.introduction)),
        sentence(s.say(f"This factsheet is for: {meta.audience}")),
        f"{covers} Each question is a chapter, so you can skip to the one you need.",
    ]
    return Chapter("Introduction", tuple(p for p in paragraphs if p.strip(". ")))


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


def _section_chapters(section: Section, s: _Speaker) -> list[Chapter]:
    """A section as chapters: one per question, grouped under the section (a nested table of contents).

    A section whose heading has no text of its own is announced at the start
    of its first question's chapter, so "next chapter" never stops on a bare
    heading; sub-questions are read within their question's chapter.
    """
    heading = [sentence(s.inlines(section.title))]
    own = [p for block in section.blocks for p in _block(block, s) if p]
    if not section.subsections:
        return [Chapter(section.title_text, tuple(heading + own + _spoken_subsections(section, s)))]
    chapters = [Chapter(section.title_text, tuple(heading + own), section.title_text)] if own else []
    for number, question in enumerate(section.subsections):
        lead = heading if number == 0 and not own else []
        paragraphs = [*lead, sentence(s.inlines(question.title)),
                      *(p for block in question.blocks for p in _block(block, s) if p),
                      *_spoken_subsections(question, s)]
        chapters.append(Chapter(question.title_text, tuple(paragraphs), section.title_text))
    return chapters


def _spoken_subsections(section: Section, s: _Speaker) -> list[str]:
    """The sections below ``section``, each announced by its heading, read within the same chapter."""
    paragraphs: list[str] = []
    for sub in section.subsections:
        paragraphs.append(sentence(s.inlines(sub.title)))
        paragraphs.extend(p for block in sub.blocks for p in _block(block, s) if p)
        paragraphs.extend(_spoken_subsections(sub, s))
    return paragraphs


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
            texts: list[str] = []
            for inner in item.blocks:
                if isinstance(inner, ListBlock) and texts:
                    # A list inside an item is read within the item, as a run-in list, so its end is
                    # the end of the item: "... for example: depression, anxiety, or an eating disorder."
                    texts[-1] = sentence(f"{texts[-1]} {_run_in(inner, s)}")
                else:
                    texts.extend(_block(inner, s))
            if block.ordered and texts:
                texts[0] = f"{_count(number).capitalize()}: {texts[0]}"
            spoken.extend(texts)
        return spoken  # one paragraph per item: the voice pauses after each
    raise TypeError(f"the speech script cannot read a {type(block).__name__}")


def _run_in(block: ListBlock, s: _Speaker) -> str:
    """A nested list's items as one clause, as written (their own commas and "or" separate them)."""
    parts = []
    for number, item in enumerate(block.items, 1):
        words = " ".join(s.inlines(b.inlines) if isinstance(b, Paragraph) else _run_in(b, s)
                         for b in item.blocks if isinstance(b, (Paragraph, ListBlock)))
        parts.append(f"{_count(number)}, {words}" if block.ordered else words)
    parts = [p.strip() for p in parts]
    written_as_a_sentence = any(re.search(r"(?:[,;.]|\b(?:or|and))$", p) for p in parts[:-1])
    return " ".join(parts) if written_as_a_sentence else _join(parts)


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
    """The speech script of the easy-read version: opening and urgent numbers, then a chapter per page
    (the generated help page first), then the hard words."""
    s = _Speaker(lexicon)
    meta = factsheet.metadata
    audience = f"This is the easy read version. {sentence(s.say(easy.audience))}" if easy.audience else \
        "This is the easy read version."
    chapters = [_help_first(factsheet, organisation, s, easy.title, heading=False, after=(audience,))]
    for page in easy_pages(factsheet, easy):
        paragraphs = [sentence(s.say(page.heading))]
        paragraphs.extend(sentence(s.inlines(item.text)) for item in page.items)
        chapters.append(Chapter(page.heading, tuple(paragraphs)))
    if easy.hard_words:
        chapters.append(Chapter("Hard words", ("Hard words.", *(
            f"{sentence(s.say(w.word))} {sentence(s.say(w.meaning))}" for w in easy.hard_words))))
    closing = ["The end."]
    if organisation.other_formats:
        closing.append(sentence(s.say(organisation.other_formats)))
    closing.append(f"This is version {s.say(meta.version)}. We made it in {spoken_month(meta.last_updated)}.")
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
                      words_a_minute: float, easy_read: bool = False) -> str:
    """The transcript: what is said, chapter by chapter, with where each chapter starts.

    Written for a reader (Deaf people and staff read it too): each word as it
    is written, the lexicon's pronunciations shown in their written form.  The
    easy-read transcript's own words are easy read too.
    """
    pace = round(words_a_minute)
    if easy_read:
        lines = [
            f"{script.title}: the words of the easy read recording",
            f"The recording lasts {clock(total)}. It has {len(script.chapters)} parts. "
            f"It says {script.words()} words: {pace} words a minute while speaking.",
            "Here are all the words you hear, part by part. A space between lines is a short stop.",
        ]
    else:
        lines = [
            f"{script.title}: audio transcript",
            f"Length {clock(total)}, {len(script.chapters)} chapters, {script.words()} words "
            f"(voice {voice}, {pace} words a minute while speaking, as measured).",
            "Below is exactly what the recording says. A blank line is a pause.",
        ]
    group = ""
    for number, (chapter, start) in enumerate(zip(script.chapters, starts, strict=True), 1):
        if chapter.group and chapter.group != group:
            lines.append("")
            lines.append(f"== Section: {chapter.group} ==")
        group = chapter.group
        lines.append("")
        lines.append(f"== Chapter {number}, at {clock(start)}: {chapter.title} ==")
        for paragraph in chapter.paragraphs:
            lines.append("")
            lines.append(display_text(paragraph))
    return "\n".join(lines) + "\n"
