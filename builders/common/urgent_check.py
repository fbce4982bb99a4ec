"""The urgent-help invariant, read back from built files: every urgent number first, and dialled.

Each urgent number must be found, as dialled, where a reader meets it first:
page 1 of a PDF, the first screen of a web page (checked in Chromium by the
tests), the first 15 seconds of a recording (spoken form, timed from the
transcript's chapter times).  And no phone or text number from the source may
be spoken as a quantity anywhere in a transcript ("one hundred and
twenty-three" for ``116 123``).  ``factsheet verify`` and the PDF builders use
these functions; they read only what was built.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from builders.common.speech.dialled import dialled_numbers, phone_words
from builders.common.speech.normalise import number_words
from builders.common.urgent import is_help_page, line_text, urgent_lines
from builders.model import Factsheet, Text, plain_text

FIRST_SECONDS = 15.0
"""Every urgent number is heard within this many seconds of the start of a recording, the easy-read one
too (it says its opening and the urgent numbers at the full factsheet's pace, then the numbers again slowly)."""


def pdf_page_text(path: Path, page: int = 1) -> str:
    """The words of one page of a PDF, via pdftotext (a reader's tool, not ours)."""
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def plain(text: str) -> str:
    """Lower case, one space between words, line-end hyphens joined, typographic marks made plain."""
    text = text.replace("\u00ad", "").replace("\u00a0", " ")
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
    for fancy, simple in (("’", "'"), ("‘", "'"), ("–", "-"), ("—", "-")):
        text = text.replace(fancy, simple)
    return " ".join(text.lower().split())


def panel_lines_missing(factsheet: Factsheet, page_text: str) -> tuple[UrgentLine, ...]:
    """The urgent-help panel lines that are not whole in ``page_text`` (page 1 of a PDF)."""
    text = plain(page_text)
    return tuple(line for line in urgent_lines(factsheet) if plain(line_text(line)) not in text)


def numbers_missing(factsheet: Factsheet, text: str) -> tuple[str, ...]:
    """The urgent numbers (as dialled) that ``text`` does not give."""
    found = plain(text)
    return tuple(number for number in dict.fromkeys(line.number for line in urgent_lines(factsheet))
                 if not _standalone(plain(number)).search(found))


def _standalone(number: str) -> re.Pattern[str]:
    """The number on its own, not part of a longer one ('999' is not in '0306 999 0123')."""
    return re.compile(rf"(?<![\d+])(?<!\d[ -]){re.escape(number)}(?![ -]?\d)")


# --------------------------------------------------------------------------
# Transcripts
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class TimedParagraph:
    """A paragraph of a transcript and when (about) it is said: its chapter's span shared by words."""

    start: float
    end: float
    text: str


CHAPTER_PAUSE = 1.5
"""Seconds of silence before each chapter (the recordings' smallest ``chapter_gap``)."""
_CHAPTER = re.compile(r"^== Chapter \d+, at (\d+(?::\d\d){1,2}): .* ==$")
_LENGTH = re.compile(r"^Length (\d+(?::\d\d){1,2}),")


def _seconds(clock: str) -> float:
    total = 0
    for part in clock.split(":"):
        total = total * 60 + int(part)
    return float(total)


def timed_paragraphs(transcript: str) -> tuple[TimedParagraph, ...]:
    """Each paragraph with an estimated start and end: its chapter's time shared out by words.

    Chapter starts come from the transcript (measured from the audio); within
    a chapter, its time less the pause before the next chapter is shared in
    proportion to words, which is as close as a transcript can say (checked
    against ffmpeg silencedetect on the samples: within half a second).
    """
    lines = transcript.splitlines()
    length = next((_seconds(m.group(1)) for line in lines if (m := _LENGTH.match(line))), 0.0)
    chapters: list[tuple[float, list[str]]] = []
    for line in lines:
        if match := _CHAPTER.match(line):
            chapters.append((_seconds(match.group(1)), []))
        elif chapters and line.strip():
            chapters[-1][1].append(line.strip())
    timed: list[TimedParagraph] = []
    for index, (start, paragraphs) in enumerate(chapters):
        end = chapters[index + 1][0] - CHAPTER_PAUSE if index + 1 < len(chapters) else max(length, start)
        end = max(end, start)
        words = sum(len(p.split()) for p in paragraphs) or 1
        position = start
        for paragraph in paragraphs:
            share = (end - start) * len(paragraph.split()) / words
            timed.append(TimedParagraph(position, position + share, paragraph))
            position += share
    return tuple(timed)


def heard_at(number: str, paragraphs: tuple[TimedParagraph, ...]) -> float | None:
    """About when the dialled form of ``number`` starts to be said, first; None if it never is."""
    spoken = plain(phone_words(number))
    for paragraph in paragraphs:
        said = plain(paragraph.text)
        at = said.find(spoken)
        if at >= 0:
            words_before = len(said[:at].split())
            words = len(said.split()) or 1
            return paragraph.start + (paragraph.end - paragraph.start) * words_before / words
    return None


def spoken_late(factsheet: Factsheet, transcript: str, within: float = FIRST_SECONDS) -> tuple[str, ...]:
    """The urgent numbers not heard, in dialled form, within the first ``within`` seconds of the recording."""
    paragraphs = timed_paragraphs(transcript)
    late = []
    for number in dict.fromkeys(line.number for line in urgent_lines(factsheet)):
        at = heard_at(number, paragraphs)
        if at is None or at > within:
            late.append(number)
    return tuple(late)


def source_numbers(factsheet: Factsheet) -> tuple[str, ...]:
    """Every phone and text number in the source: contacts, urgent help, and any in the prose."""
    numbers = [p.number for c in (*factsheet.urgent_help.contacts, *factsheet.contacts) for p in c.phones]
    numbers += [t.number for c in (*factsheet.urgent_help.contacts, *factsheet.contacts) for t in c.texts]
    prose = [factsheet.urgent_help.intro]
    prose += [node.text for node in factsheet.inlines() if isinstance(node, Text)]
    if factsheet.easy_read is not None:
        prose += [item.plain for page in factsheet.easy_read.pages for item in page.items]
    for text in prose:
        numbers += [number for _, _, number in dialled_numbers(text)]
    return tuple(dict.fromkeys(numbers))


def quantity_forms(number: str) -> tuple[str, ...]:
    """How a number would sound read as a quantity: the whole, and each group of 3 or more digits."""
    groups = [g for g in re.split(r"\D+", number) if g]
    digits = "".join(groups)
    candidates = [digits, *(g for g in groups if len(g) >= 3)]
    forms = [number_words(int(c)) for c in candidates if c and not c.startswith("0") and len(c) >= 3]
    return tuple(dict.fromkeys(forms))


def spoken_as_quantity(factsheet: Factsheet, transcript: str) -> tuple[tuple[str, str], ...]:
    """Each (source number, quantity words) found in a transcript: a number a listener could not dial."""
    said = plain(transcript)
    found: list[tuple[str, str]] = []
    for number in source_numbers(factsheet):
        for words in quantity_forms(number):
            if re.search(rf"(?<![\w-]){re.escape(plain(words))}(?![\w-])", said):
                found.append((number, words))
    return tuple(found)



# --------------------------------------------------------------------------
# One built file
# --------------------------------------------------------------------------


def _starts_with(path: Path, magic: bytes) -> bool:
    """What a file is, told by its first bytes (the declarations name file types; this module does not)."""
    with path.open("rb") as handle:
        return handle.read(len(magic)) == magic


def _is_word_file(path: Path) -> bool:
    import zipfile

    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as archive:
        return "word/document.xml" in archive.namelist()


def docx_text_in_order(path: Path) -> str:
    """The words of a Word file's body in reading order, paragraphs and table cells as they come."""
    import docx
    from docx.oxml.ns import qn

    body = docx.Document(str(path)).element.body
    return " ".join(node.text or "" for node in body.iter(qn("w:t"), qn("w:p")) if node.tag == qn("w:t")) \
        if body is not None else ""


def _first_part(factsheet: Factsheet, text: str, easy: bool) -> str:
    """The text a reader meets before the factsheet's own words start (its introduction, or easy read's
    first page after the help page): where the urgent numbers must be in a file without fixed pages."""
    if easy and factsheet.easy_read is not None:
        own = [page.heading for page in factsheet.easy_read.pages if not is_help_page(page)]
        marker = own[0] if own else ""
    else:
        marker = plain_text(factsheet.metadata.introduction)[:40]
    at = plain(text).find(plain(marker)) if marker else -1
    return plain(text)[:at] if at > 0 else plain(text)


def urgent_first_problems(factsheet: Factsheet, path: Path, text: str, spoken: bool, easy: bool) -> list[str]:
    """What one built file gets wrong about the urgent help, each as 'missing ...' words for verify.

    A PDF must give every urgent number on page 1; a transcript must say each
    in dialled form within the first 15 seconds and no source number as a
    quantity anywhere; any other file must give them before its own words start.
    A number missing from the whole file is left to verify's own check.
    """
    problems: list[str] = []
    absent = set(numbers_missing(factsheet, text)) if not spoken else set()  # verify reports these already
    if spoken:
        problems += [f"urgent-help number '{n}' said as dialled ('{phone_words(n)}') in the first "
                     f"{FIRST_SECONDS:g} seconds" for n in spoken_late(factsheet, text)
                     if plain(phone_words(n)) in plain(text)]
        problems += [f"number '{n}' said as dialled, not as a quantity ('{words}')"
                     for n, words in spoken_as_quantity(factsheet, text)]
    elif _starts_with(path, b"%PDF-"):
        problems += [f"urgent-help number '{n}' on page 1" for n in numbers_missing(factsheet, pdf_page_text(path))
                     if n not in absent]
    else:
        if _is_word_file(path):
            text = docx_text_in_order(path)
        first = _first_part(factsheet, text, easy)
        problems += [f"urgent-help number '{n}' before the introduction" for n in numbers_missing(factsheet, first)
                     if n not in absent]
    return problems
