"""Braille: the factsheet in Unified English Braille, as a BRF file to emboss or read on a display.

BRF (Braille Ready Format) is Braille ASCII: one character a cell, lines of
at most 40 cells, 25 lines a page, a form feed between pages.  liblouis
translates (``builders.common.liblouis``, UEB grade 2 by default); this module
decides what is said, in which order, and where it sits on the page.

Layout follows UKAAF's "Guiding principles for the presentation of braille"
where it sets a rule, and says here what we chose where it leaves a choice:

- the braille page number sits at the top right of every page (the UK
  convention), on line 1, with text beside it only if three blank cells
  separate them; every page is numbered, the title page being page 1;
- page 1 is the title page (title, organisation, version, date, braille
  grade, number of pages); page 2 starts with the urgent-help contacts, as
  every format does; then the contents, with braille page numbers and guide
  dots; then the factsheet;
- headings: level 1 centred, level 2 at the margin, level 3 in cell 5, each
  with a blank line before it (levels 1 and 2 also after it), and never the
  last thing on a page;
- paragraphs start in cell 3 and run over to cell 1; list items start in
  cell 1 (cell 3 when nested) and run over two cells further in, with a blank
  line around each list;
- a word is never divided between lines except after a hyphen it has in
  print; a web or email address too long for a line is divided after a slash
  or a full stop, the way print divides them, without adding a hyphen;
- web addresses, email addresses and phone numbers are uncontracted (UEB
  Rules 10.12), so a reader can copy them exactly;
- citations are reference numbers in square brackets; pictures are given
  by their alt text ("Picture: ..."), decorative ones are left out; a link
  to another section gives the braille page it is on.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from builders.common import liblouis
from builders.common.citations import FormattedReference, format_references
from builders.common.dates import long_date
from builders.common.easy_read import Document as EasyReadDocument
from builders.common.easy_read import easy_read_document
from builders.common.words import caption_line
from builders.diagnostics import SourceError
from builders.formats.base import BuildContext, Builder
from builders.model import (
    Block,
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
    ListItem,
    Location,
    ListBlock,
    Paragraph,
    Quote,
    Section,
    Strong,
    Table,
    Text,
)
from builders.output_files import FileKind, Layer, OutputFile, Role
from builders.common.presets import UNCONTRACTED_BRAILLE
from builders.settings import SETTINGS_FILE, FormatOptions, Settings, read_options

FORM_FEED = "\f"
LINE_END = "\r\n"
"""BRF lines end with CR LF, the line ending embossers expect."""
NUMBER_GAP = 3
"""Blank cells between text and the page number on a page's first line (UKAAF, BANA)."""
GUIDE_DOT = '"'
"""Dot 5, the guide dot that leads from a contents entry to its page number."""

_PAGE_NUMBER_AT_END = re.compile(r"(?:^| {3,})#[A-J]+$")
_GRADE_ON_TITLE_PAGE = re.compile(r",GRADE #([AB]) ,,UEB")


def brf_text(path: Path) -> str:
    """A BRF read back to print by liblouis's ``lou_translate --backward`` (not our translation code).

    Page numbers are taken off each page's first line, lines are joined into
    running text (a line ending in a hyphen runs on), and the table is the
    grade the title page names.
    """
    pages = path.read_bytes().decode("ascii").split(FORM_FEED)
    grade = _GRADE_ON_TITLE_PAGE.search(" ".join(pages[0].split()))
    table = liblouis.GRADE_TABLES[1 if grade and grade.group(1) == "A" else 2]
    lines: list[str] = []
    for page in pages:
        page_lines = page.removesuffix(LINE_END).split(LINE_END)
        page_lines[0] = _PAGE_NUMBER_AT_END.sub("", page_lines[0].rstrip())
        for line in (line.strip() for line in page_lines):
            if lines and lines[-1].endswith("-") and line:
                lines[-1] += line
            else:
                lines.append(line)
    cells = "\n".join(lines).translate(liblouis.TO_LOWER) + "\n"
    return subprocess.run(["lou_translate", "--backward", table], input=cells, capture_output=True, text=True,
                          check=True).stdout


BRF = FileKind("brf", "Braille ready file (BRF)", "text/plain", read_text=brf_text)
"""Braille ASCII, one character a cell; ``verify`` reads it back through liblouis's back-translation."""


@dataclass(frozen=True)
class BrailleOptions:
    """Settings of the ``braille`` format (``formats: {braille: {...}}`` in publisher.yaml)."""

    grade: int = 2
    """2: contracted UEB, the UK default for adults; 1: uncontracted, for readers who ask for it."""
    cells_per_line: int = 40
    """Cells on a line: 40 on standard braille paper (UKAAF); some embossers and displays take fewer."""
    lines_per_page: int = 25
    """Lines on a page, the page-number line included (25 on standard braille paper)."""
    contents_depth: int = 2
    """Heading levels listed in the contents: 1 for sections only, 2 for their questions as well."""


def braille_options(raw: FormatOptions, builder: str) -> BrailleOptions:
    """The braille options from publisher.yaml, with each value's range checked (a located error)."""
    options: BrailleOptions = read_options(EasyReadBrailleOptions if builder == "easy-read-braille" else BrailleOptions,
                                           raw, builder)
    limits = {"grade": (1, 2), "cells_per_line": (24, 42), "lines_per_page": (10, 30), "contents_depth": (1, 3)}
    for name, (low, high) in limits.items():
        value = getattr(options, name)
        if not low <= value <= high:
            raise SourceError(raw.locations.get(name, raw.loc),
                              f"setting '{name}' for the {builder} format must be from {low} to {high}, not {value}",
                              "UKAAF's standard page is 40 cells by 25 lines, grade 2")
    return options


class BrailleBuilder(Builder):
    """Writes ``output/ID/ID.brf``: the whole factsheet in UEB, laid out for A4 braille paper."""

    name = "braille"
    description = "Braille, Unified English Braille grade 2, ready to emboss (ID.brf)"
    presets = (UNCONTRACTED_BRAILLE,)

    def output_files(self, factsheet: Factsheet) -> tuple[OutputFile, ...]:
        """``ID.brf``, the whole factsheet."""
        return (OutputFile(BRF.file_name(factsheet.id), BRF, "Braille (BRF, to emboss or read on a display)",
                           Role.MAIN, Layer.FULL),)

    def check_settings(self, settings: Settings) -> None:
        """Option names, types and ranges (grade, page size, contents depth)."""
        braille_options(settings.options(self.name), self.name)

    def build(self, factsheet: Factsheet, context: BuildContext) -> None:
        """Translate, lay out and write the BRF; warn if urgent help spills past the page after the title."""
        options = braille_options(context.settings.options(self.name), self.name)
        _check_publisher_text(context.settings, liblouis.GRADE_TABLES[options.grade])
        document = render_brf(factsheet, context.settings, options)
        if document.page_of["urgent-help-end"] != 2:
            context.warn(factsheet.urgent_help.loc,
                         "the urgent-help contacts do not fit on the braille page after the title page",
                         "shorten urgent_help.intro, or the notes of its phone numbers")
        context.write_bytes(self.outputs(factsheet)[0], document.brf().encode("ascii"))


def _check_publisher_text(settings: Settings, table: str) -> None:
    """publisher.yaml's words are printed too; the factsheet checks cannot see them, so look here."""
    org = settings.organisation
    for field_name, text in (("organisation.name", org.name), ("organisation.other_formats", org.other_formats)):
        for character in text:
            if not liblouis.is_translatable(character, table):
                raise SourceError(Location(str(settings.path or SETTINGS_FILE)),
                                  f"{field_name}: braille cannot show the character {character!r} (U+{ord(character):04X})",
                                  "write it in words, or use a character liblouis's UEB tables know")


@dataclass(frozen=True)
class EasyReadBrailleOptions(BrailleOptions):
    """Settings of the ``easy-read-braille`` format: as braille's, but uncontracted by default."""

    grade: int = 1
    """1: uncontracted UEB, which readers who are new to braille or find it hard are taught first."""


class EasyReadBrailleBuilder(Builder):
    """Writes ``output/ID/ID-easy-read.brf``: the easy-read version in uncontracted UEB, pictures left out."""

    name = "easy-read-braille"
    description = "Easy read in braille, uncontracted UEB (ID-easy-read.brf)"

    def applies_to(self, factsheet: Factsheet) -> bool:
        """Only a factsheet with an easy-read layer."""
        return factsheet.easy_read is not None

    def output_files(self, factsheet: Factsheet) -> tuple[OutputFile, ...]:
        """``ID-easy-read.brf``, the easy-read layer."""
        return (OutputFile(BRF.file_name(factsheet.id, "easy-read"), BRF, "Easy read in braille (BRF, uncontracted)",
                           Role.MAIN, Layer.EASY_READ),)

    def check_settings(self, settings: Settings) -> None:
        """Option names, types and ranges, as for braille."""
        braille_options(settings.options(self.name), self.name)

    def build(self, factsheet: Factsheet, context: BuildContext) -> None:
        """Translate, lay out and write the easy-read BRF."""
        raw = context.settings.options(self.name)
        options = braille_options(raw, self.name)
        _check_publisher_text(context.settings, liblouis.GRADE_TABLES[options.grade])
        document = render_easy_read_brf(factsheet, context.settings, options)
        if document.page_of["urgent-help-end"] != 2:
            context.warn(factsheet.urgent_help.loc,
                         "the urgent-help contacts do not fit on the easy-read braille page after the title page",
                         "shorten urgent_help.intro")
        context.write_bytes(self.outputs(factsheet)[0], document.brf().encode("ascii"))


# --------------------------------------------------------------------------
# Print: words with a typeform for each character
# --------------------------------------------------------------------------

_TECHNICAL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:)\]]"  # web addresses
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # email addresses
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:org|com|net|uk|gov|nhs)(?:/[^\s<>\"]*[^\s<>\".,;:)\]])?\b"  # bare domains
    r"|\b10\.\d{4,9}/[^\s<>\"]+[^\s<>\".,;:)\]]"  # DOIs
    r"|\+?\d[\d ]{1,14}\d"  # phone and text numbers
)
_ADDRESS_BREAKS = frozenset("/.@?&=_")
"""After these characters an address too long for one line may be divided."""


_SPACES = str.maketrans(liblouis.SPACES)
_RUNS_OF_SPACE = re.compile(" {2,}")


@dataclass
class Print:
    """Print text being assembled, with a liblouis typeform for every character."""

    chars: list[str] = field(default_factory=list)
    forms: list[int] = field(default_factory=list)

    def add(self, text: str, form: int = liblouis.PLAIN) -> Print:
        """Append text; runs of white space become one space, as they do in print."""
        text = _RUNS_OF_SPACE.sub(" ", text.translate(_SPACES))
        if not self.chars or self.chars[-1] == " ":
            text = text.lstrip(" ")
        self.chars.extend(text)
        self.forms.extend([form] * len(text))
        return self

    def extend(self, other: Print, extra: int = 0) -> Print:
        """Append another run, adding a typeform (bold) to all of it."""
        for char, form in zip(other.chars, other.forms):
            if char == " " and (not self.chars or self.chars[-1] == " "):
                continue
            self.chars.append(char)
            self.forms.append(form | extra)
        return self

    @property
    def text(self) -> str:
        """The text as a string."""
        return "".join(self.chars)

    def finished(self) -> tuple[str, tuple[int, ...]]:
        """Text and typeforms, trimmed, with web and email addresses and numbers marked uncontracted."""
        text = self.text
        start, end = len(text) - len(text.lstrip()), len(text.rstrip())
        forms = list(self.forms)
        for match in _TECHNICAL.finditer(text):
            for index in range(match.start(), match.end()):
                forms[index] |= liblouis.NO_CONTRACT
        return text[start:end], tuple(forms[start:end])


def plain(text: str) -> Print:
    """Print of plain words."""
    return Print().add(text)


@dataclass(frozen=True)
class Words:
    """What the inline walk needs besides the nodes: citation numbers and section pages."""

    numbers: dict[str, int]
    section_pages: dict[str, int]


def inline_print(nodes: tuple[Inline, ...], words: Words, extra: int = 0) -> Print:
    """Inline content as print: bold and italics kept, addresses written out, citations as numbers."""
    out = Print()
    for node in nodes:
        if isinstance(node, Text):
            out.add(node.text, extra)
        elif isinstance(node, Strong):
            out.extend(inline_print(node.children, words, extra | liblouis.BOLD))
        elif isinstance(node, Emphasis):
            out.extend(inline_print(node.children, words, extra | liblouis.ITALIC))
        elif isinstance(node, Link):
            label = inline_print(node.children, words, extra)
            out.extend(label)
            address = _shown_address(node.url, label.text)
            if address:
                out.add(" (").add(address, liblouis.NO_CONTRACT).add(")")
        elif isinstance(node, CrossReference):
            out.extend(inline_print(node.children, words, extra))
            out.add(f" (page {words.section_pages.get(node.target, 0)})")
        elif isinstance(node, Citation):
            numbers = [str(words.numbers[key]) for key in node.keys if key in words.numbers]
            if numbers:
                out.add(" [" + ", ".join(numbers) + "]")
        elif isinstance(node, LineBreak):
            out.add(" ")
        elif isinstance(node, Image) and not node.decorative:
            out.add(f" (Picture: {node.alt})")
    return out


def _shown_address(url: str, label: str) -> str:
    """The address to write after a link's words, so a reader can use it: '' when the words already give it."""
    if url.startswith(("tel:", "sms:")):
        number = url.partition(":")[2].partition("?")[0]
        return "" if any(ch.isdigit() for ch in label) else number
    address = url.removeprefix("mailto:")
    bare = re.compile(r"^(?:https?://)?(?:www\.)?|/$")
    return "" if bare.sub("", address.strip()).lower() == bare.sub("", label.strip()).lower() else address


# --------------------------------------------------------------------------
# Braille blocks: translated text and how it sits on the page
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Cells:
    """Translated braille, and where a line may end inside a word."""

    cells: str
    hyphens: frozenset[int]
    """Indices of cells that are a print hyphen: a line may end after them."""
    address_breaks: frozenset[int]
    """Indices after which an address too long for a line may be divided."""


def translate(print_: Print, table: str) -> Cells:
    """Translate print to braille and find where its words may be divided."""
    text, forms = print_.finished()
    return _translate(text, forms, table)


_CACHE: dict[tuple[str, tuple[int, ...], str], Cells] = {}


def _translate(text: str, forms: tuple[int, ...], table: str) -> Cells:
    key = (text, forms, table)
    if key not in _CACHE:
        result = liblouis.translate(text, table, forms)
        cells, sources, size = result.cells, result.sources, len(text)
        hyphens = frozenset(i for i, cell in enumerate(cells)
                            if cell == "-" and 0 <= sources[i] < size and text[sources[i]] == "-")
        breaks: frozenset[int] = frozenset()
        if any(form & liblouis.NO_CONTRACT for form in forms):
            breaks = frozenset(
                i for i, source in enumerate(sources)
                if 0 <= source < size and text[source] in _ADDRESS_BREAKS and forms[source] & liblouis.NO_CONTRACT
                and (i + 1 == len(sources) or sources[i + 1] != source)  # after the last cell of the character
                and not text[source + 1 : source + 2].isdigit()  # a divided number would lose its indicator
            )
        _CACHE[key] = Cells(cells, hyphens, breaks)
    return _CACHE[key]


_NOTHING = Cells("", frozenset(), frozenset())
"""No cells: a block that only marks a place (an anchor) or ends a list with a blank line."""


@dataclass(frozen=True)
class Layout:
    """One block of braille on the page: a paragraph, heading, list item or contents entry."""

    cells: Cells
    first: int = 2
    """Blank cells before the first line (2: a paragraph starting in cell 3)."""
    runover: int = 0
    """Blank cells before every later line."""
    centred: bool = False
    blank_before: bool = False
    blank_after: bool = False
    keep_with_next: bool = False
    """A heading: never the last line of a page."""
    new_page: bool = False
    anchor: str = ""
    """A name for the page this block starts on (a section id, ``contents``)."""
    page_ref: str = ""
    """A contents entry: the anchor whose page number ends its last line, after guide dots."""
    rule: bool = False
    """A line of the one cell repeated across the line (a box line), beside the page number on line 1."""


def wrap(cells: Cells, width: int, first: int, runover: int) -> list[str]:
    """Lines of at most ``width`` cells, dividing only at spaces, print hyphens, or (last resort) inside addresses."""
    lines: list[str] = []
    position = 0
    while position < len(cells.cells) or not lines:
        line, position = next_line(cells, position, width, first if not lines else runover)
        lines.append(line)
    return lines


def next_line(cells: Cells, position: int, width: int, indent: int) -> tuple[str, int]:
    """One line of at most ``width`` cells from ``position`` on, and where the next line starts."""
    text = cells.cells
    room = width - indent
    if len(text) - position <= room:
        return " " * indent + text[position:], len(text)
    end = _line_end(cells, position, room)
    line = " " * indent + text[position:end].rstrip()
    while end < len(text) and text[end] == " ":
        end += 1
    return line, end


def _line_end(cells: Cells, position: int, room: int) -> int:
    """Where the line starting at ``position`` ends: after the last space or hyphen that fits."""
    text = cells.cells
    limit = position + room
    space = text.rfind(" ", position, limit + 1)
    hyphen = max((i for i in cells.hyphens if position <= i < limit and i + 1 < len(text) and text[i + 1] != " "),
                 default=-1)
    best = max(space, hyphen + 1 if hyphen >= 0 else -1)
    if best > position:
        return best
    address = max((i for i in cells.address_breaks if position <= i < limit), default=-1)
    return address + 1 if address >= 0 else limit


def page_number(number: int) -> str:
    """A page number in UEB: the numeric indicator and the digits as letters a to j (12 → ``#AB``)."""
    return "#" + "".join("JABCDEFGHI"[int(digit)] for digit in str(number))


@dataclass
class Paginator:
    """Fills pages line by line: the page number top right, blank lines never at the top of a page."""

    width: int
    height: int
    pages: list[list[str]] = field(default_factory=list)
    page_of: dict[str, int] = field(default_factory=dict)

    def new_page(self) -> None:
        """Start a page (page numbers count from 1)."""
        self.pages.append([])

    @property
    def lines(self) -> list[str]:
        return self.pages[-1]

    def room(self) -> int:
        """Lines still free on the current page."""
        return self.height - len(self.lines)

    def first_line_width(self) -> int:
        """Cells free for text on line 1, beside the page number."""
        return self.width - len(page_number(len(self.pages))) - NUMBER_GAP

    def blank(self) -> None:
        """A blank line, unless at the top of a page or after another blank line."""
        if self.lines and self.lines[-1] and self.room() > 0:
            self.lines.append("")

    def add_line(self, line: str) -> None:
        if self.room() <= 0:
            self.new_page()
        self.lines.append(line)

    def place_all(self, blocks: list[Layout], refs: dict[str, int]) -> None:
        """Lay out blocks in order; a heading (and the headings right after it) goes with the next line of text."""
        for index, block in enumerate(blocks):
            keep = 0
            if block.keep_with_next and not (index and blocks[index - 1].keep_with_next):
                for following in blocks[index:]:
                    keep += int(following.blank_before) + len(self._lines(following, refs, False))
                    if not following.keep_with_next:
                        keep += 1 - len(self._lines(following, refs, False))  # one line of the text is enough
                        break
                    keep += int(following.blank_after)
            self.place(block, refs, keep)

    def place(self, block: Layout, refs: dict[str, int], keep: int = 0) -> None:
        """Lay out one block, on a new page if it must start one or if ``keep`` lines do not fit here."""
        if not self.pages or (block.new_page and self.lines):
            self.new_page()
        if block.blank_before:
            self.blank()
        if keep and keep > self.room() + (1 if block.blank_before else 0) and self.lines and keep <= self.height:
            self.new_page()
        if block.page_ref and not self.lines:
            self.lines.append("")  # a contents entry never shares line 1 with the page number
        if block.anchor:
            self.page_of.setdefault(block.anchor, len(self.pages) if self.room() > 0 else len(self.pages) + 1)
        if not block.cells.cells:
            pass  # a marker: only its anchor and blank line count
        elif block.rule:
            if self.room() <= 0:
                self.new_page()
            self.add_line(block.cells.cells * (self.first_line_width() if not self.lines else self.width))
        elif block.centred or block.page_ref:
            for line in self._lines(block, refs, on_first_line=not self.lines):
                if self.room() <= 0:
                    self.new_page()
                    if block.page_ref:
                        self.lines.append("")
                    else:
                        line = line.strip().center(self.first_line_width()).rstrip()
                self.add_line(line)
        else:
            position, count = 0, 0
            while position < len(block.cells.cells) or not count:
                if self.room() <= 0:
                    self.new_page()
                width = self.first_line_width() if not self.lines else self.width
                line, position = next_line(block.cells, position, width, block.first if not count else block.runover)
                self.add_line(line)
                count += 1
        if block.blank_after:
            self.blank()

    def _lines(self, block: Layout, refs: dict[str, int], on_first_line: bool) -> list[str]:
        """The block's lines as they would be laid out here (for headings, contents entries and look-ahead)."""
        width = self.width
        first_width = self.first_line_width() if on_first_line else width
        if block.rule:
            return [block.cells.cells * first_width]
        if block.centred:
            lines = wrap(block.cells, width - 8, 0, 0)
            return [line.center(first_width if i == 0 else width).rstrip() for i, line in enumerate(lines)]
        if block.page_ref:
            number = page_number(refs.get(block.page_ref, 999))
            lines = wrap(block.cells, width - len(number) - 4, block.first, block.runover)
            last = lines[-1]
            lines[-1] = f"{last} {GUIDE_DOT * (width - len(last) - len(number) - 2)} {number}"
            return lines
        return wrap(block.cells, width, block.first, block.runover)

    def finished(self) -> list[list[str]]:
        """Every page, the page number added at the right of its first line."""
        pages = []
        for number, lines in enumerate(self.pages, 1):
            marker = page_number(number)
            first = lines[0] if lines else ""
            lines = [first.ljust(self.width - len(marker)) + marker, *lines[1:]]
            pages.append([line.rstrip() for line in lines])
        return pages


# --------------------------------------------------------------------------
# The factsheet, in braille reading order
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class BrailleDocument:
    """The laid-out pages, and the page each anchor (section, part) starts on."""

    pages: list[list[str]]
    page_of: dict[str, int]

    def brf(self) -> str:
        """The BRF file: lines ending CR LF, a form feed between pages."""
        return FORM_FEED.join(LINE_END.join(lines) + LINE_END for lines in self.pages)


@dataclass(frozen=True)
class Part:
    """Everything needed to write one part of the factsheet as layout blocks."""

    factsheet: Factsheet
    settings: Settings
    options: BrailleOptions
    table: str
    words: Words
    references: tuple[FormattedReference, ...]
    """The reference list, formatted once (citeproc is the slowest step of a braille build)."""

    def cells(self, print_: Print) -> Cells:
        return translate(print_, self.table)

    def heading(self, text: Print | str, level: int, anchor: str = "", new_page: bool = False) -> Layout:
        """A heading set apart by its level: centred (1), at the margin (2), in cell 5 (3)."""
        cells = self.cells(plain(text) if isinstance(text, str) else text)
        if level == 1:
            return Layout(cells, 0, 0, centred=True, blank_before=True, blank_after=True,
                          keep_with_next=True, new_page=new_page, anchor=anchor)
        if level == 2:
            return Layout(cells, 0, 0, blank_before=True, blank_after=True, keep_with_next=True, anchor=anchor)
        return Layout(cells, 4, 4, blank_before=True, keep_with_next=True, anchor=anchor)

    def paragraph(self, print_: Print | str, first: int = 2, runover: int = 0) -> Layout:
        """A paragraph: cell 3, running over to cell 1 (or the indents given)."""
        return Layout(self.cells(plain(print_) if isinstance(print_, str) else print_), first, runover)


def _blocks(block: Block, part: Part, depth: int = 0) -> Iterator[Layout]:
    """Any block of the body; a kind of block this builder does not know is a bug, never dropped."""
    if isinstance(block, Paragraph):
        yield part.paragraph(inline_print(block.inlines, part.words))
    elif isinstance(block, Figure):
        yield from _figure(block, part)
    elif isinstance(block, ListBlock):
        yield from _list(block, part, depth)
    elif isinstance(block, Table):
        yield from _table(block, part)
    elif isinstance(block, Quote):
        yield from _quote(block, part)
    elif isinstance(block, Callout):
        yield from _callout(block, part)
    else:
        raise TypeError(f"the braille builder cannot lay out a {type(block).__name__}")


def _figure(figure: Figure, part: Part) -> Iterator[Layout]:
    """A picture by its alt text, then its caption and credit; a decorative picture is left out."""
    caption = caption_line(inline_print(figure.caption, part.words).text, figure.credit)
    if not figure.image.decorative:
        yield part.paragraph(plain(f"Picture: {figure.image.alt}"))
    if caption:
        yield part.paragraph(plain(f"Caption: {caption}"))


def _table(table: Table, part: Part) -> Iterator[Layout]:
    """A table read row by row ("row \u2014 heading: value; ..."): a braille reader cannot scan down a column.

    Each row starts at the margin and runs over to cell 3, like a list item,
    with the caption first and a blank line around the table.
    """
    caption = Print().add("Table: ").extend(inline_print(table.caption, part.words))
    yield replace(part.paragraph(caption, 0, 2), blank_before=True)
    headings = [inline_print(cell.inlines, part.words) for cell in table.header]
    for number, row in enumerate(table.rows, 1):
        cells = [inline_print(cell.inlines, part.words) for cell in row]
        line = Print()
        pairs = list(zip(headings, cells))
        if table.row_headers and cells:
            line.extend(cells[0])
            pairs = pairs[1:]
        else:
            line.add(f"Row {number}")
        line.add(" \u2014 ")
        for index, (heading, value) in enumerate(pairs):
            line.add("; " if index else "").extend(heading).add(": ").extend(value)
        yield Layout(part.cells(line.add(".")), 0, 2)
    yield Layout(_NOTHING, blank_after=True)


def _quote(quote: Quote, part: Part) -> Iterator[Layout]:
    """A quotation blocked two cells in, then who said it, with a blank line around it."""
    for index, paragraph in enumerate(quote.paragraphs):
        words = Print()
        if index == 0:
            words.add("\u201c")
        words.extend(inline_print(paragraph.inlines, part.words))
        if index == len(quote.paragraphs) - 1:
            words.add("\u201d")
        yield replace(part.paragraph(words, 2, 2), blank_before=index == 0)
    if quote.attribution:
        yield part.paragraph(Print().add("\u2014 ").extend(inline_print(quote.attribution, part.words)), 4, 4)
    yield Layout(_NOTHING, blank_after=True)


BOX_LINE = "7"
"""Dots 2356: a full line of them opens and closes boxed text (UEB's box line)."""


def _callout(callout: Callout, part: Part) -> Iterator[Layout]:
    """A call-out between box lines, its label ('Top tip') first, on a line of its own."""
    box = Cells(BOX_LINE, frozenset(), frozenset())
    yield Layout(box, 0, 0, blank_before=True, keep_with_next=True, rule=True)
    yield part.paragraph(callout.kind.label, 0, 0)
    for block in callout.blocks:
        yield from _blocks(block, part)
    yield Layout(box, 0, 0, blank_after=True, rule=True)


def _list(block: ListBlock, part: Part, depth: int) -> Iterator[Layout]:
    """A list: items start in cell 1 (nested: cell 3) and run over two cells further in."""
    indent = 2 * depth
    for number, item in enumerate(block.items, 1):
        marker = f"{number}. " if block.ordered else "\u2022 "
        for position, inner in enumerate(item.blocks):
            if position == 0 and isinstance(inner, Paragraph):
                words = Print().add(marker).extend(inline_print(inner.inlines, part.words))
                layout = Layout(part.cells(words), indent, indent + 2)
                yield replace(layout, blank_before=depth == 0 and number == 1)
            elif isinstance(inner, ListBlock):
                yield from _list(inner, part, depth + 1)
            else:
                for layout in _blocks(inner, part, depth):
                    yield replace(layout, first=indent + 2, runover=indent + 2)
    if depth == 0:
        yield Layout(_NOTHING, blank_after=True)


def _section(section: Section, part: Part) -> Iterator[Layout]:
    yield part.heading(inline_print(section.title, part.words), min(section.level, 3), anchor=section.id)
    for block in section.blocks:
        yield from _blocks(block, part)
    for sub in section.subsections:
        yield from _section(sub, part)


def _contact_lines(contact: Contact, part: Part, urgent: bool) -> Iterator[Layout]:
    """A contact: its name at the margin, then one hanging line for each way to reach it.

    Among the urgent contacts only the numbers are given, so that all of them
    fit on one page; what the service offers follows only for one that the
    useful contacts do not describe (such as the emergency services).
    """
    yield Layout(part.cells(plain(contact.name)), 0, 2, blank_before=not urgent)
    details: list[Print] = []
    for phone in contact.phones:
        details.append(Print().add("Phone ").add(phone.number, liblouis.NO_CONTRACT)
                       .add(f" ({phone.note})" if phone.note else ""))
    for text in contact.texts:
        keyword = f"{text.keyword} to " if text.keyword else ""
        details.append(Print().add(f"Text {keyword}").add(text.number, liblouis.NO_CONTRACT)
                       .add(f" ({text.note})" if text.note else ""))
    if urgent:
        if contact not in part.factsheet.contacts:
            details.append(plain(contact.offers))
    else:
        details.insert(0, plain(contact.offers))
        for label, value in (("Hours", contact.hours), ("Email", contact.email),
                             ("Website", contact.website), ("Address", contact.address)):
            if value:
                address = liblouis.NO_CONTRACT if label in ("Email", "Website") else 0
                details.append(Print().add(f"{label}: ").add(value, address))
    for detail in details:
        if detail.text.strip():
            yield Layout(part.cells(detail), 2, 4)


def _urgent_help(part: Part) -> Iterator[Layout]:
    help_ = part.factsheet.urgent_help
    yield part.heading(help_.heading, 1, anchor="urgent-help", new_page=True)
    yield part.paragraph(help_.intro)
    for contact in help_.contacts:
        yield from _contact_lines(contact, part, urgent=True)
    described = [c.name for c in help_.contacts if c in part.factsheet.contacts]
    if described:
        more = f"More about {_and(described)}: see Useful contacts (page {part.words.section_pages.get('useful-contacts', 0)})."
        yield replace(part.paragraph(more), blank_before=True)
    yield Layout(_NOTHING, anchor="urgent-help-end")


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


CONTENTS = "Contents"


def _contents_entries(part: Part) -> list[tuple[str, str, int]]:
    """(anchor, heading, level) for every entry of the contents, in page order."""
    factsheet = part.factsheet
    entries = [("urgent-help", factsheet.urgent_help.heading, 1), ("introduction", "Introduction", 1),
               ("key-points", "Key points", 1)]
    for section in factsheet.all_sections():
        if section.level <= part.options.contents_depth:
            entries.append((section.id, section.title_text, section.level))
    if factsheet.further_reading:
        entries.append(("further-reading", "Further reading", 1))
    if factsheet.contacts:
        entries.append(("useful-contacts", "Useful contacts", 1))
    if factsheet.cited_references():
        entries.append(("references", "References", 1))
    entries.append(("about", "About this factsheet", 1))
    return entries


def _contents(part: Part, entries: list[tuple[str, str, int]]) -> Iterator[Layout]:
    yield part.heading(CONTENTS, 1, anchor="contents", new_page=True)
    for anchor, heading, level in entries:
        indent = 2 * (level - 1)
        yield Layout(part.cells(plain(heading)), indent, indent + 2, page_ref=anchor)


def _body(part: Part) -> Iterator[Layout]:
    factsheet, words = part.factsheet, part.words
    meta = factsheet.metadata
    yield part.heading("Introduction", 1, anchor="introduction", new_page=True)
    yield part.paragraph(inline_print(meta.introduction, words))
    yield part.paragraph(f"This factsheet is for: {meta.audience}")
    yield part.heading("Key points", 1, anchor="key-points")
    points = ListBlock(tuple(_as_item(p.inlines, p.loc) for p in factsheet.key_points), False, meta.loc)
    yield from _list(points, part, 0)
    for section in factsheet.sections:
        yield from _section(section, part)
    if factsheet.further_reading:
        yield part.heading("Further reading", 1, anchor="further-reading")
        for item in factsheet.further_reading:
            line = ", ".join(x for x in (item.title, item.author, item.publisher) if x)
            yield Layout(part.cells(plain(line)), 0, 2, blank_before=True)
            for detail in (item.note, item.url):
                if detail:
                    yield Layout(part.cells(plain(detail)), 2, 4)
    if factsheet.contacts:
        yield part.heading("Useful contacts", 1, anchor="useful-contacts")
        for contact in factsheet.contacts:
            yield from _contact_lines(contact, part, urgent=False)
    if part.references:
        yield part.heading("References", 1, anchor="references")
        for ref in part.references:
            yield Layout(part.cells(plain(f"{ref.number}. {ref.text}")), 0, 2)
    org = part.settings.closing_organisation
    yield part.heading("About this factsheet", 1, anchor="about")
    for line in (meta.copyright,
                 f"Version {meta.version}. Last updated {long_date(meta.last_updated)} ({meta.review.label}).",
                 f"Next review due {long_date(meta.next_review)}.",
                 org.other_formats):
        yield part.paragraph(line)


def _as_item(inlines: tuple[Inline, ...], loc: Location) -> ListItem:
    """A key point as a list item, so the key points are laid out as a bullet list."""
    return ListItem((Paragraph(inlines, loc),), loc)


def _grade(options: BrailleOptions) -> str:
    return "Grade 2 UEB (contracted)" if options.grade == 2 else "Grade 1 UEB (uncontracted)"


def _title_page(part: Part, groups: list[list[str]], width: int) -> list[str]:
    """Page 1: groups of centred lines (title, organisation, version and date, braille code) with space between."""
    lines: list[str] = ["", ""]
    for group in groups:
        for text in group:
            for line in wrap(part.cells(plain(text)), width - 6, 0, 0):
                lines.append(line.center(width).rstrip())
        lines.append("")
    return lines[:-1]


Content = Callable[[Part, int], tuple[list[list[str]], list[Layout]]]
"""What a braille copy says: given the part and the page count, its title-page groups and its blocks."""


def _paginate(factsheet: Factsheet, settings: Settings, options: BrailleOptions,
              references: tuple[FormattedReference, ...], content: Content) -> BrailleDocument:
    """Lay the content out on pages until every page number in it stops changing (twice in practice).

    The contents need the page of every heading, cross references the page of
    their section, and the title page the number of pages.
    """
    table = liblouis.GRADE_TABLES[options.grade]
    width, height = options.cells_per_line, options.lines_per_page
    refs: dict[str, int] = {}
    pages: list[list[str]] = []
    for _ in range(5):
        part = Part(factsheet, settings, options, table, Words(factsheet.citation_numbers(), refs), references)
        groups, blocks = content(part, len(pages) or 99)
        paginator = Paginator(width, height)
        paginator.new_page()
        paginator.pages[0] = _title_page(part, groups, width)[:height]
        paginator.place_all(blocks, refs)
        settled = paginator.page_of == refs and len(paginator.pages) == len(pages)
        refs, pages = dict(paginator.page_of), paginator.pages
        if settled:
            break
    return BrailleDocument(paginator.finished(), refs)


def _full_factsheet(part: Part, page_count: int) -> tuple[list[list[str]], list[Layout]]:
    meta = part.factsheet.metadata
    groups = [[meta.title], [meta.organisation],
              [f"Version {meta.version}", f"Last updated {long_date(meta.last_updated)}"],
              [_grade(part.options), f"{page_count} braille pages"]]
    return groups, [*_urgent_help(part), *_contents(part, _contents_entries(part)), *_body(part)]


def render_brf(factsheet: Factsheet, settings: Settings, options: BrailleOptions) -> BrailleDocument:
    """The whole factsheet laid out on braille pages: title page, urgent help, contents, the factsheet."""
    return _paginate(factsheet, settings, options, format_references(factsheet), _full_factsheet)


def _easy_read(document: EasyReadDocument) -> Content:
    """The easy-read copy's content: the shared easy-read document (as PDF and Word print it), pictures left out."""

    def content(part: Part, page_count: int) -> tuple[list[list[str]], list[Layout]]:
        meta = part.factsheet.metadata
        groups = [[document.title], ["Easy read"], [meta.organisation],
                  [f"Version {meta.version}", f"Last updated {long_date(meta.last_updated)}"],
                  [_grade(part.options), f"{page_count} braille pages"]]
        entries = [("urgent-help", document.help_heading, 1),
                   *((f"page-{n}", page.heading, 1) for n, page in enumerate(document.pages, 1))]
        if document.hard_words:
            entries.append(("hard-words", "Hard words", 1))
        entries.append(("closing", document.closing.heading, 1))
        blocks = [part.heading(document.help_heading, 1, anchor="urgent-help", new_page=True),
                  part.paragraph(document.help_intro, 0, 2),
                  *(_row(row.text, part) for row in document.help_rows),
                  Layout(_NOTHING, anchor="urgent-help-end"),
                  *_contents(part, entries)]
        for n, page in enumerate(document.pages, 1):
            blocks.append(part.heading(page.heading, 1, anchor=f"page-{n}", new_page=n == 1))
            blocks.extend(_row(row.text, part) for row in page.rows)
        if document.hard_words:
            blocks.append(part.heading("Hard words", 1, anchor="hard-words"))
            blocks.extend(_row((Text(f"{word}: {meaning}", document.loc),), part)
                          for word, meaning in document.hard_words)
        blocks.append(part.heading(document.closing.heading, 1, anchor="closing"))
        blocks.extend(_row(row.text, part) for row in document.closing.rows)
        return groups, blocks

    return content


def _row(text: tuple[Inline, ...], part: Part) -> Layout:
    """One easy-read row: its words from the margin, running over to cell 3 (the picture is left out)."""
    return Layout(part.cells(inline_print(text, part.words)), 0, 2)


def render_easy_read_brf(factsheet: Factsheet, settings: Settings, options: BrailleOptions) -> BrailleDocument:
    """The easy-read version on braille pages: title page, urgent help, contents, its pages, hard words."""
    document = easy_read_document(factsheet, settings.closing_organisation)
    return _paginate(factsheet, settings, options, (), _easy_read(document))
