"""The factsheet model: one immutable, typed tree that every builder walks.

The parser (``builders.parse``) is the only code that reads the source; it
produces a :class:`Factsheet`.  Checks read the model and report problems;
each builder under ``builders.formats`` walks the model and writes one output.
Nothing here imports a parser, a check or a builder.

Every node carries a :class:`Location` so that any message about it can say
``path:line:col``.  All containers are tuples and every dataclass is frozen, so
a builder cannot change what another builder sees.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Union
from urllib.parse import quote, urlsplit
import re
import unicodedata


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """Where a node came from: a source file, a 1-based line and column."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


# --------------------------------------------------------------------------
# Checked values: types that can only hold what the source rules allow
# --------------------------------------------------------------------------

ALLOWED_SCHEMES = ("https", "http", "mailto", "tel", "sms")
"""The only kinds of address a factsheet may link to: web pages, email, phone calls and texts."""
MAX_ADDRESS_LENGTH = 2000
_UNSAFE_IN_ADDRESS = frozenset('"<>\\^`{|}')
_HOST = re.compile(r"[\w-]+(\.[\w-]+)+\.?(:\d{1,5})?", re.UNICODE)
_EMAIL = re.compile(r"[^@\s/:?#]+@[\w-]+(\.[\w-]+)+", re.UNICODE)
_TEL = re.compile(r"\+?[0-9][0-9().-]*")
_SMS = re.compile(r"\+?[0-9]+(\?body=[A-Za-z0-9%+._-]*)?")
_DOI = re.compile(r"10\.\d{4,9}/\S+")


def _invisible(text: str) -> str:
    """The first control, format or space character in ``text`` described, or ''."""
    for ch in text:
        if unicodedata.category(ch)[0] in "CZ":
            return f"U+{ord(ch):04X} ({unicodedata.name(ch, 'a control character').lower()})"
    return ""


def email_problem(raw: str) -> str:
    """Why ``raw`` is not an email address (name@example.org), or '' when it is one."""
    if hidden := _invisible(raw):
        return f"contains {hidden}"
    if unsafe := sorted(set(raw) & _UNSAFE_IN_ADDRESS):
        return f"contains {unsafe[0]!r}, which no email address has"
    if not _EMAIL.fullmatch(raw):
        return "is not an email address like name@example.org"
    return ""


def address_problem(raw: str) -> str:
    """Why ``raw`` may not be a link's address, or '' when it may: the one URL rule.

    Allowed: ``https://`` and ``http://`` pages on a named host (no user name
    before the host, which disguises where a link goes), ``mailto:`` an email
    address, ``tel:`` and ``sms:`` numbers.  Never ``javascript:``, ``data:``,
    ``file:`` or any other scheme; never spaces, control characters or the
    characters that end an HTML attribute or a Word field (``" < > `` …).
    """
    if not raw:
        return "is empty"
    if len(raw) > MAX_ADDRESS_LENGTH:
        return f"is {len(raw):,} characters long (at most {MAX_ADDRESS_LENGTH:,})"
    if hidden := _invisible(raw):
        return f"contains {hidden}"
    if unsafe := sorted(set(raw) & _UNSAFE_IN_ADDRESS):
        return f"contains {unsafe[0]!r}, which is not allowed in an address"
    scheme, colon, rest = raw.partition(":")
    scheme = scheme.lower()
    if not colon or not re.fullmatch(r"[a-z][a-z0-9+.-]*", scheme):
        return "has no scheme: write https://…, mailto:…, tel:… or sms:…"
    if scheme not in ALLOWED_SCHEMES:
        return f"uses '{scheme}:', which is not allowed (only {', '.join(s + ':' for s in ALLOWED_SCHEMES)})"
    if scheme in ("http", "https"):
        parts = urlsplit(raw)
        if not rest.startswith("//") or not parts.netloc:
            return f"has no web site name after '{scheme}://'"
        if "@" in parts.netloc:
            return "has a user name before the web site name ('…@'), which hides where the link goes"
        if not _HOST.fullmatch(parts.netloc):
            return f"has {parts.netloc!r} where a web site name like www.example.org belongs"
        return ""
    if scheme == "mailto":
        problem = email_problem(rest.partition("?")[0])
        return f"mailto: address {problem}" if problem else ""
    if scheme == "tel":
        return "" if _TEL.fullmatch(rest) else "is not a phone number: write tel:+441234567890"
    return "" if _SMS.fullmatch(rest) else "is not a number to text: write sms:85258"


MAX_ID_LENGTH = 64
_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def id_problem(raw: str) -> str:
    """Why ``raw`` cannot be a factsheet id (it names folders, files and web addresses), or ''."""
    if not raw:
        return "is empty"
    if len(raw) > MAX_ID_LENGTH:
        return f"is {len(raw)} characters long (at most {MAX_ID_LENGTH})"
    if not _ID.fullmatch(raw):
        return "is not lower-case letters and digits in words joined by single hyphens (like 'self-harm')"
    return ""


class WebAddress(str):
    """A link address that passed :func:`address_problem`; constructing one with anything else raises ValueError.

    Model fields that hold addresses have this type, so no builder can meet an
    address the URL rule has not accepted.
    """

    __slots__ = ()

    def __new__(cls, raw: str) -> WebAddress:
        problem = address_problem(raw)
        if problem:
            raise ValueError(f"address {raw!r} {problem}")
        return super().__new__(cls, raw)

    @property
    def scheme(self) -> str:
        """``https``, ``http``, ``mailto``, ``tel`` or ``sms``."""
        return self.partition(":")[0].lower()


class EmailAddress(str):
    """An email address that passed :func:`email_problem` (``name@example.org``)."""

    __slots__ = ()

    def __new__(cls, raw: str) -> EmailAddress:
        problem = email_problem(raw)
        if problem:
            raise ValueError(f"email address {raw!r} {problem}")
        return super().__new__(cls, raw)

    @property
    def mailto(self) -> WebAddress:
        """The ``mailto:`` link for this address."""
        return WebAddress(f"mailto:{self}")


def doi_problem(raw: str) -> str:
    """Why ``raw`` is not a DOI (10.1136/bmj.n71), or ''."""
    if hidden := _invisible(raw):
        return f"contains {hidden}"
    if unsafe := sorted(set(raw) & _UNSAFE_IN_ADDRESS):
        return f"contains {unsafe[0]!r}, which is not allowed in a DOI"
    if raw.lower().startswith(("https://", "http://", "doi:")):
        return "starts with an address or 'doi:'; write only the DOI itself, 10.xxxx/…"
    return "" if _DOI.fullmatch(raw) else "is not a DOI like 10.1136/bmj.n71"


class Doi(str):
    """A Digital Object Identifier that passed :func:`doi_problem`."""

    __slots__ = ()

    def __new__(cls, raw: str) -> Doi:
        problem = doi_problem(raw)
        if problem:
            raise ValueError(f"DOI {raw!r} {problem}")
        return super().__new__(cls, raw)

    @property
    def url(self) -> WebAddress:
        """The doi.org address that resolves it."""
        return WebAddress("https://doi.org/" + quote(self, safe="/:;()._-+[]"))


# --------------------------------------------------------------------------
# Inline content (inside a paragraph, heading, list item or key point)
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """Plain words."""

    text: str
    loc: Location


@dataclass(frozen=True, slots=True)
class Strong:
    """Bold (Markdown ``**...**``): the only emphasis every format keeps."""

    children: tuple[Inline, ...]
    loc: Location


@dataclass(frozen=True, slots=True)
class Emphasis:
    """Italic (Markdown ``*...*``); large print and easy read render it as bold."""

    children: tuple[Inline, ...]
    loc: Location


@dataclass(frozen=True, slots=True)
class Link:
    """A link to a web page, email address or phone number, with its own text."""

    url: WebAddress
    children: tuple[Inline, ...]
    loc: Location


@dataclass(frozen=True, slots=True)
class CrossReference:
    """A link to another section of the same factsheet (Markdown ``[text](#id)``)."""

    target: str
    children: tuple[Inline, ...]
    loc: Location


@dataclass(frozen=True, slots=True)
class Citation:
    """A citation of one or more references (Markdown ``[@key]`` or ``[@a; @b]``)."""

    keys: tuple[str, ...]
    loc: Location


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A hard line break inside a paragraph."""

    loc: Location


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture file that was resolved inside the factsheet's folder, opened and decoded when it was read.

    Only :func:`builders.parse.pictures.read_picture` makes one, after the
    picture rules (a regular file in the folder, a known type whose content
    matches its name, a pixel limit, an SVG with nothing active in it); so a
    builder holding a ``Picture`` holds a checked file and uses these bytes,
    never the disk.
    """

    src: str
    """The address as written in the source, relative to the factsheet folder (``images/bench.png``)."""
    kind: str
    """``png``, ``jpeg``, ``gif``, ``webp`` or ``svg``."""
    width: int
    height: int
    data: bytes
    """The file as checked; for an SVG, re-written without comments, processing instructions or a DOCTYPE."""
    raster: bytes
    """A PNG or JPEG rendering any Word processor shows (the data itself for PNG, JPEG and GIF)."""

    def __repr__(self) -> str:
        return f"Picture({self.src!r}, {self.kind}, {self.width}x{self.height}, {len(self.data):,} bytes)"


@dataclass(frozen=True, slots=True)
class Image:
    """A picture: alt text is required unless the picture is decorative."""

    picture: Picture
    alt: str
    decorative: bool
    loc: Location

    @property
    def src(self) -> str:
        """The picture's address relative to the factsheet folder."""
        return self.picture.src


Inline = Union[Text, Strong, Emphasis, Link, CrossReference, Citation, LineBreak, Image]


# --------------------------------------------------------------------------
# Blocks (inside a section)
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of inline content."""

    inlines: tuple[Inline, ...]
    loc: Location


@dataclass(frozen=True, slots=True)
class ListItem:
    """One list item: usually a paragraph, possibly followed by a nested list."""

    blocks: tuple[Block, ...]
    loc: Location


@dataclass(frozen=True, slots=True)
class ListBlock:
    """A bullet list (or a numbered one when ``ordered``); items may nest one more level."""

    items: tuple[ListItem, ...]
    ordered: bool
    loc: Location


@dataclass(frozen=True, slots=True)
class Figure:
    """A picture standing on its own line, with an optional caption and credit (who took or made it)."""

    image: Image
    loc: Location
    caption: tuple[Inline, ...] = ()
    """Words shown under the picture (Markdown ``![alt](images/x.png "caption")``)."""
    credit: str = ""
    """Who took or made the picture (``{credit="Photo: ..."}``), printed after the caption."""


@dataclass(frozen=True, slots=True)
class TableCell:
    """One cell of a table: a line of inline content."""

    inlines: tuple[Inline, ...]
    loc: Location

    @property
    def text(self) -> str:
        """The cell as plain text."""
        return plain_text(self.inlines)


@dataclass(frozen=True, slots=True)
class Table:
    """A table with a caption, a header row and, when ``row_headers``, a first column naming each row."""

    caption: tuple[Inline, ...]
    header: tuple[TableCell, ...]
    rows: tuple[tuple[TableCell, ...], ...]
    row_headers: bool
    loc: Location

    @property
    def caption_text(self) -> str:
        """The caption as plain text."""
        return plain_text(self.caption)

    def cells(self) -> Iterator[TableCell]:
        """Every cell, header row first, in reading order."""
        yield from self.header
        for row in self.rows:
            yield from row


@dataclass(frozen=True, slots=True)
class Quote:
    """Words someone said or wrote (often lived experience), and who they are."""

    paragraphs: tuple[Paragraph, ...]
    attribution: tuple[Inline, ...]
    loc: Location

    @property
    def attribution_text(self) -> str:
        """Who is quoted, as plain text (without the leading dash)."""
        return plain_text(self.attribution)


class CalloutKind(enum.Enum):
    """The named kinds of boxed call-out; each has the label every format prints or says first."""

    TOP_TIP = "top-tip"
    REMEMBER = "remember"
    IMPORTANT = "important"

    @property
    def label(self) -> str:
        """The words that open the box: 'Top tip', 'Remember', 'Important'."""
        return self.value.replace("-", " ").capitalize()


@dataclass(frozen=True, slots=True)
class Callout:
    """A boxed call-out ('Top tip', 'Remember', 'Important') holding paragraphs and lists."""

    kind: CalloutKind
    blocks: tuple[Block, ...]
    loc: Location


Block = Union[Paragraph, ListBlock, Figure, Table, Quote, Callout]


@dataclass(frozen=True, slots=True)
class Section:
    """A heading with its content: level 1 is a section, 2 a question, 3 a sub-question."""

    id: str
    level: int
    title: tuple[Inline, ...]
    blocks: tuple[Block, ...]
    subsections: tuple[Section, ...]
    loc: Location

    @property
    def title_text(self) -> str:
        """The heading as plain text."""
        return plain_text(self.title)

    def walk(self) -> Iterator[Section]:
        """This section and every section below it, in reading order."""
        yield self
        for sub in self.subsections:
            yield from sub.walk()


# --------------------------------------------------------------------------
# Structured parts (YAML)
# --------------------------------------------------------------------------


class ReviewKind(enum.Enum):
    """How thoroughly the last update reviewed the factsheet."""

    FULL = "full"
    PART = "part"

    @property
    def label(self) -> str:
        """Words for readers: 'Full review' or 'Part review'."""
        return f"{self.value.capitalize()} review"


@dataclass(frozen=True, slots=True)
class ChangeLogEntry:
    """One line of a factsheet's change history."""

    version: str
    date: date
    note: str
    loc: Location


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the factsheet is, who it is for, and when it was reviewed."""

    id: str
    title: str
    introduction: tuple[Inline, ...]
    audience: str
    language: str
    organisation: str
    copyright: str
    version: str
    last_updated: date
    review: ReviewKind
    next_review: date
    keywords: tuple[str, ...]
    review_period_months: int | None
    loc: Location
    fields: dict[str, Location] = field(default_factory=dict, compare=False, hash=False)
    """Where each metadata field was written, for messages about one field."""

    def where(self, name: str) -> Location:
        """The location of one metadata field, or of the metadata as a whole."""
        return self.fields.get(name, self.loc)


@dataclass(frozen=True, slots=True)
class KeyPoint:
    """One item of the summary list at the top of the factsheet."""

    inlines: tuple[Inline, ...]
    loc: Location

    @property
    def text(self) -> str:
        """The key point as plain text."""
        return plain_text(self.inlines)


@dataclass(frozen=True, slots=True)
class PhoneNumber:
    """A telephone number as written, with what it is for (e.g. 'Freephone, 24 hours')."""

    number: str
    note: str
    loc: Location

    @property
    def digits(self) -> str:
        """Only the digits, as dialled."""
        return "".join(ch for ch in self.number if ch.isdigit())

    @property
    def tel_uri(self) -> str:
        """A ``tel:`` link: international form for full UK numbers, as dialled for short codes."""
        digits = self.digits
        if self.number.strip().startswith("+"):
            return f"tel:+{digits}"
        if digits.startswith("0") and len(digits) >= 10:
            return f"tel:+44{digits[1:]}"
        return f"tel:{digits}"


@dataclass(frozen=True, slots=True)
class TextNumber:
    """A number to text, with the keyword to send if there is one (Shout: 'SHOUT' to 85258)."""

    number: str
    keyword: str
    note: str
    loc: Location

    @property
    def digits(self) -> str:
        """Only the digits."""
        return "".join(ch for ch in self.number if ch.isdigit())

    @property
    def sms_uri(self) -> str:
        """An ``sms:`` link, with the keyword as the message body when there is one."""
        body = f"?body={self.keyword}" if self.keyword else ""
        return f"sms:{self.digits}{body}"


@dataclass(frozen=True, slots=True)
class Contact:
    """An organisation readers can contact, and how."""

    id: str
    name: str
    offers: str
    phones: tuple[PhoneNumber, ...]
    texts: tuple[TextNumber, ...]
    email: EmailAddress | None
    website: WebAddress | None
    hours: str
    address: str
    loc: Location


@dataclass(frozen=True, slots=True)
class UrgentHelp:
    """The crisis contacts every format shows first."""

    heading: str
    intro: str
    contacts: tuple[Contact, ...]
    loc: Location


@dataclass(frozen=True, slots=True)
class PersonName:
    """An author: a person (family and given names) or an organisation (``literal``)."""

    family: str = ""
    given: str = ""
    literal: str = ""

    @property
    def display(self) -> str:
        """The name as a reader would write it."""
        if self.literal:
            return self.literal
        return f"{self.given} {self.family}".strip()


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A publication date that may be only a year, or a year and month."""

    year: int
    month: int | None = None
    day: int | None = None

    def parts(self) -> list[int]:
        """CSL ``date-parts``: [year], [year, month] or [year, month, day]."""
        return [p for p in (self.year, self.month, self.day) if p is not None]


@dataclass(frozen=True, slots=True)
class Reference:
    """A source that the factsheet cites, kept as data (CSL vocabulary), never as prose."""

    key: str
    type: str
    authors: tuple[PersonName, ...]
    title: str
    container_title: str
    publisher: str
    publisher_place: str
    issued: PartialDate | None
    """When it was published; None when the source gives no date (written ``issued: no date``)."""
    url: WebAddress | None
    accessed: date | None
    volume: str
    issue: str
    pages: str
    doi: Doi | None
    loc: Location

    def to_csl(self) -> dict[str, object]:
        """This reference as CSL-JSON, the input of every citation formatter."""
        item: dict[str, object] = {"id": self.key, "type": self.type, "title": self.title}
        if self.authors:
            item["author"] = [
                {"literal": a.literal} if a.literal else {"family": a.family, "given": a.given}
                for a in self.authors
            ]
        optional = {
            "container-title": self.container_title,
            "publisher": self.publisher,
            "publisher-place": self.publisher_place,
            "URL": self.url,
            "volume": self.volume,
            "issue": self.issue,
            "page": self.pages,
            "DOI": self.doi,
        }
        item.update({k: v for k, v in optional.items() if v})
        if self.issued is not None:  # an undated source has no 'issued': each style prints its own "n.d."
            item["issued"] = {"date-parts": [self.issued.parts()]}
        if self.accessed:
            a = self.accessed
            item["accessed"] = {"date-parts": [[a.year, a.month, a.day]]}
        return item


@dataclass(frozen=True, slots=True)
class FurtherReading:
    """A book, booklet or website suggested for further reading."""

    title: str
    author: str
    publisher: str
    url: WebAddress | None
    note: str
    loc: Location


# --------------------------------------------------------------------------
# The easy-read layer
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EasyReadItem:
    """One row of an easy-read page: a picture beside one or two short sentences."""

    picture: str
    alt: str
    text: tuple[Inline, ...]
    loc: Location

    @property
    def plain(self) -> str:
        """The row's words as plain text."""
        return plain_text(self.text)


@dataclass(frozen=True, slots=True)
class EasyReadPage:
    """A heading and its rows; ``covers`` names the full factsheet's sections it stands for."""

    heading: str
    covers: tuple[str, ...]
    items: tuple[EasyReadItem, ...]
    loc: Location


@dataclass(frozen=True, slots=True)
class HardWord:
    """A hard word used in the easy-read text, and what it means in easy words."""

    word: str
    meaning: str
    loc: Location


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A section deliberately left out of the easy-read version, and why."""

    section: str
    reason: str
    loc: Location


@dataclass(frozen=True, slots=True)
class EasyRead:
    """The easy-read version, written by a person (or drafted, then reviewed)."""

    title: str
    audience: str
    pages: tuple[EasyReadPage, ...]
    hard_words: tuple[HardWord, ...]
    left_out: tuple[LeftOut, ...]
    draft: bool
    loc: Location


@dataclass(frozen=True, slots=True)
class Pronunciation:
    """How narration should say a written word or abbreviation ('CBT' → 'C B T')."""

    written: str
    spoken: str
    loc: Location


# --------------------------------------------------------------------------
# The whole factsheet
# --------------------------------------------------------------------------

FURTHER_READING_ID = "further-reading"
USEFUL_CONTACTS_ID = "useful-contacts"
REFERENCES_ID = "references"
GENERATED_SECTION_IDS = (FURTHER_READING_ID, USEFUL_CONTACTS_ID, REFERENCES_ID)
"""The fixed ids of the parts built from factsheet.yaml and references.yaml, which body text may link to."""



@dataclass(frozen=True, slots=True)
class Factsheet:
    """One factsheet, read from its folder under ``source/``."""

    metadata: Metadata
    key_points: tuple[KeyPoint, ...]
    urgent_help: UrgentHelp
    sections: tuple[Section, ...]
    references: tuple[Reference, ...]
    contacts: tuple[Contact, ...]
    further_reading: tuple[FurtherReading, ...]
    easy_read: EasyRead | None
    change_log: tuple[ChangeLogEntry, ...]
    pronunciations: tuple[Pronunciation, ...]
    """The factsheet's own additions to the narration lexicon (``pronunciation.yaml``)."""
    folder: Path
    files: tuple[Path, ...]
    """Every source file the factsheet was read from (for rebuild decisions)."""
    catalog_number: tuple[int, int] = (1, 1)
    """(position, count) of the factsheet among the source's factsheet folders, in name order: the track
    number of its recordings, so a player lists the catalog's audio in order."""

    @property
    def id(self) -> str:
        """The factsheet's id, which names its output folder."""
        return self.metadata.id

    def all_sections(self) -> Iterator[Section]:
        """Every section at every level, in reading order."""
        for section in self.sections:
            yield from section.walk()

    def generated_sections(self) -> tuple[tuple[str, str], ...]:
        """(id, heading) of the closing parts every builder writes after the body, when they have content.

        Their ids are fixed, so the body can link to them (``[Useful contacts](#useful-contacts)``).
        """
        parts = []
        if self.further_reading:
            parts.append((FURTHER_READING_ID, "Further reading"))
        if self.contacts:
            parts.append((USEFUL_CONTACTS_ID, "Useful contacts"))
        if self.cited_references():
            parts.append((REFERENCES_ID, "References"))
        return tuple(parts)

    def section(self, section_id: str) -> Section | None:
        """The section with this id, if there is one."""
        return next((s for s in self.all_sections() if s.id == section_id), None)

    def reference(self, key: str) -> Reference | None:
        """The reference with this key, if there is one."""
        return next((r for r in self.references if r.key == key), None)

    def inlines(self) -> Iterator[Inline]:
        """Every inline node of the prose in reading order: introduction, key points, then the body."""
        yield from iter_inlines(self.metadata.introduction)
        for point in self.key_points:
            yield from iter_inlines(point.inlines)
        for section in self.all_sections():
            yield from iter_inlines(section.title)
            for block in section.blocks:
                yield from iter_block_inlines(block)

    def citations(self) -> Iterator[Citation]:
        """Every citation in reading order: introduction, key points, then the body."""
        return (node for node in self.inlines() if isinstance(node, Citation))

    def citation_numbers(self) -> dict[str, int]:
        """Reference key → number, numbered by first citation (the numeric styles' rule)."""
        numbers: dict[str, int] = {}
        for citation in self.citations():
            for key in citation.keys:
                if key not in numbers and self.reference(key) is not None:
                    numbers[key] = len(numbers) + 1
        return numbers

    def cited_references(self) -> tuple[Reference, ...]:
        """The references that are cited, in citation-number order."""
        numbers = self.citation_numbers()
        return tuple(sorted((r for r in self.references if r.key in numbers), key=lambda r: numbers[r.key]))


# --------------------------------------------------------------------------
# Queries shared by every builder
# --------------------------------------------------------------------------


_SPACES = re.compile(r"[ \t\n]+")
_SPACE_BEFORE_PUNCTUATION = re.compile(r" +([.,;:!?)])")


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """Inline content as plain words: formatting dropped, citations and images left out."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, (Strong, Emphasis, Link, CrossReference)):
            parts.append(plain_text(node.children))
        elif isinstance(node, LineBreak):
            parts.append(" ")
    text = _SPACES.sub(" ", "".join(parts))
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text).strip()


def iter_inlines(inlines: tuple[Inline, ...]) -> Iterator[Inline]:
    """Every inline node, depth first, including those inside bold, italics and links."""
    for node in inlines:
        yield node
        if isinstance(node, (Strong, Emphasis, Link, CrossReference)):
            yield from iter_inlines(node.children)


def iter_block_inlines(block: Block) -> Iterator[Inline]:
    """Every inline node inside a block, nested lists, tables, quotes and call-outs included."""
    if isinstance(block, Paragraph):
        yield from iter_inlines(block.inlines)
    elif isinstance(block, ListBlock):
        for item in block.items:
            for inner in item.blocks:
                yield from iter_block_inlines(inner)
    elif isinstance(block, Figure):
        yield block.image
        yield from iter_inlines(block.caption)
    elif isinstance(block, Table):
        yield from iter_inlines(block.caption)
        for cell in block.cells():
            yield from iter_inlines(cell.inlines)
    elif isinstance(block, Quote):
        for paragraph in block.paragraphs:
            yield from iter_inlines(paragraph.inlines)
        yield from iter_inlines(block.attribution)
    elif isinstance(block, Callout):
        for inner in block.blocks:
            yield from iter_block_inlines(inner)
    else:
        raise TypeError(f"{block.loc}: no inline walk for {type(block).__name__}")  # never skip a block
