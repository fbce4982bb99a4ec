"""What a builder declares about each file it writes, so nothing else has to know formats.

Every builder answers :meth:`Builder.output_files <builders.formats.base.Builder.output_files>`
with one :class:`OutputFile` per file it writes.  From these declarations, in
registry order:

- the web page's "Download and other formats" panel and the catalog list each
  offered file (its :attr:`~OutputFile.label`, its :class:`FileKind`'s type,
  size, pages or length), and play it in an audio player when it says
  :attr:`OnPage.PLAY`;
- ``factsheet verify`` reads each file back as text with its kind's
  :attr:`~FileKind.read_text` and checks it carries its :attr:`~OutputFile.layer`;
- the build records each file in the manifest (:meth:`Builder.outputs` is the
  declared names).

A new format therefore declares its files in its own module, using a kind from
``builders/formats/file_kinds.py`` or one of its own, and needs no change
anywhere else.  This module is core code: it names no format and no file type.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from builders.build_context import output_name


class Role(Enum):
    """What a file is to the people who get it."""

    MAIN = "main copy"
    """The format's copy of the factsheet: the PDF, the Word file, the narration, the web page."""
    ALTERNATIVE = "alternative"
    """The same copy in another file type, for other players or readers (an audiobook file beside the MP3)."""
    COMPANION = "companion"
    """A file that goes with a main copy (:attr:`OutputFile.companion_of`): a transcript, a chapter list."""
    SUPPORTING = "supporting"
    """A file another output needs, never offered on its own (a page's pictures, the catalog's entry)."""


class Layer(Enum):
    """Which content of the source a file carries, and so what ``verify`` expects to find in it."""

    FULL = "full"
    """The whole factsheet: every heading, key point, urgent-help number, version and date."""
    EASY_READ = "easy read"
    """The easy-read layer (``easy-read.yaml``): its page headings, urgent-help numbers, version and dates."""


class OnPage(Enum):
    """How the web page offers a file."""

    LINK = "link"
    """A download link with the file's type and size."""
    PLAY = "play"
    """A download link, and an audio player with the file's chapters to jump to."""


def clock(seconds: float) -> str:
    """Seconds as m:ss or h:mm:ss, rounded down."""
    total = int(seconds)  # a chapter at 65.5 s starts at 1:05, not 1:06
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@dataclass(frozen=True)
class Chapter:
    """One chapter of a recording: where it starts, in seconds, and its title."""

    start: float
    title: str

    @property
    def clock(self) -> str:
        """The start as people read it: 1:05 or 1:02:03."""
        return clock(self.start)


@dataclass(frozen=True)
class FileFacts:
    """What a reader wants to know about a file before opening it, besides its size."""

    pages: int | None = None
    seconds: float | None = None
    chapters: tuple[Chapter, ...] = ()


TextReader = Callable[[Path], str]
"""Reads a built file back as plain text, with tools that are not the builder's own (pdftotext)."""
FactsReader = Callable[[Path], FileFacts]
"""Finds a built file's pages, length or chapters (``FileFacts()`` when it has none or cannot be read)."""


def no_facts(path: Path) -> FileFacts:
    """For a kind of file with nothing to tell but its size."""
    return FileFacts()


@dataclass(frozen=True)
class FileKind:
    """A kind of file: its extension, what people call it, its media type, and how to read it back.

    Kinds live with the formats (``builders/formats/file_kinds.py``); a format
    that writes a new kind of file may define the kind in its own module.
    """

    extension: str
    """The file name's ending, without the dot (``pdf``); empty when the name is given whole."""
    type_name: str
    """What the file is called in a downloads list (``PDF``, ``Word (.docx)``)."""
    media_type: str
    """The IANA media type (``application/pdf``); empty to guess it from each file's name."""
    read_text: TextReader | None = None
    """How ``verify`` reads the file as text; None when it cannot be read as text (audio)."""
    spoken: bool = False
    """True when the text is what a narrator says (numbers as words): ``verify`` expects spoken forms."""
    facts: FactsReader = no_facts
    """Pages, length or chapters, for the downloads panel."""
    on_page: OnPage = OnPage.LINK
    """How the web page offers a file of this kind, unless its declaration says otherwise."""

    def file_name(self, factsheet_id: str, variant: str = "") -> str:
        """``ID.EXT``, or ``ID-VARIANT.EXT`` (``self-harm-large-print.pdf``)."""
        return output_name(factsheet_id, variant, self.extension)


@dataclass(frozen=True)
class OutputFile:
    """One file a builder writes into ``output/ID/``, as readers, the web page and ``verify`` need to know it."""

    name: str
    """The file's name inside the factsheet's output folder (use :meth:`FileKind.file_name`)."""
    kind: FileKind
    label: str
    """What it is, for people: ``Large print``, ``Easy read audio``, ``Audio transcript``."""
    role: Role = Role.MAIN
    layer: Layer | None = Layer.FULL
    """The content it carries; None for a supporting file, which ``verify`` does not read."""
    companion_of: str = ""
    """For a companion: the name of the file it goes with (a chapter list's recording)."""
    on_page: OnPage | None = None
    """How the web page offers it; None: as its kind says."""

    def __post_init__(self) -> None:
        if (self.role is Role.COMPANION) != bool(self.companion_of):
            raise ValueError(f"{self.name}: a companion, and only a companion, names the file it goes with")
        if self.role is Role.SUPPORTING and self.layer is not None:
            raise ValueError(f"{self.name}: a supporting file carries no layer")

    @property
    def offered(self) -> bool:
        """Whether people are offered this file (in the downloads panel and the catalog)."""
        return self.role is not Role.SUPPORTING

    @property
    def presented(self) -> OnPage:
        """How the web page offers it."""
        return self.on_page or self.kind.on_page

    @property
    def media_type(self) -> str:
        """The kind's media type, or the one the file's name suggests."""
        return self.kind.media_type or mimetypes.guess_type(self.name)[0] or "application/octet-stream"

    @property
    def verified(self) -> bool:
        """Whether ``verify`` reads it back: it carries a layer and its kind can be read as text."""
        return self.layer is not None and self.kind.read_text is not None
