"""The kinds of file the formats write, and how each is read back by tools that are not the builders' own.

A builder names the kind of each file it declares (:class:`~builders.output_files.OutputFile`);
``verify`` reads the file back as text with the kind's reader (a PDF through
pdftotext, a Word file through python-docx), and the web page asks the kind for
pages, length or chapters.  This is not a builder: any builder may import it.
A format whose kind of file is its own (braille's BRF, EPUB) may define the
:class:`~builders.output_files.FileKind` in its own module instead.
"""

from __future__ import annotations

import html
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from builders.output_files import Chapter, FileFacts, FileKind, OnPage

# --------------------------------------------------------------------------
# Reading files back as text (for verify)
# --------------------------------------------------------------------------


def pdf_text(path: Path) -> str:
    """A PDF's words as pdftotext (poppler) extracts them, in reading order."""
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def word_text(path: Path) -> str:
    """A Word file's words as python-docx reads them: paragraphs, tables, headers and footers."""
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_footer, section.even_page_footer):
            parts.extend(p.text for p in part.paragraphs)
    return "\n".join(parts)


_INLINE = {"a", "span", "strong", "em", "b", "i", "abbr", "sup", "sub", "code", "small", "cite", "q", "mark", "time"}


class _Text(HTMLParser):
    """The text of an HTML page, with a space wherever a block element starts or ends."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        if tag not in _INLINE:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        if tag not in _INLINE:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(path: Path) -> str:
    """An HTML page's words without its tags, scripts and styles (Python's own HTML parser)."""
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return html.unescape(" ".join(parser.parts))


def epub_text(path: Path) -> str:
    """An EPUB's words: each content document of its spine, in order, through Python's own zip and HTML parsers."""
    import zipfile
    from xml.etree import ElementTree

    with zipfile.ZipFile(path) as book:
        container = ElementTree.fromstring(book.read("META-INF/container.xml"))
        package_path = container.find(".//{*}rootfile").get("full-path", "")  # type: ignore[union-attr]
        package = ElementTree.fromstring(book.read(package_path))
        folder = package_path.rpartition("/")[0]
        items = {item.get("id"): item.get("href") for item in package.iterfind(".//{*}item")}
        parts = []
        for itemref in package.iterfind(".//{*}itemref"):
            name = f"{folder}/{items[itemref.get('idref')]}" if folder else str(items[itemref.get("idref")])
            parser = _Text()
            parser.feed(book.read(name).decode("utf-8"))
            parts.append(html.unescape(" ".join(parser.parts)))
    return "\n".join(parts)


def utf8_text(path: Path) -> str:
    """A plain-text file as it is."""
    return path.read_text(encoding="utf-8")


# --------------------------------------------------------------------------
# Pages, length and chapters (for the downloads panel)
# --------------------------------------------------------------------------


def pdf_facts(path: Path) -> FileFacts:
    """A PDF's page count (none if it cannot be read)."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            return FileFacts(pages=len(pdf.pages))
    except pikepdf.PdfError:
        return FileFacts()


def audio_seconds(path: Path) -> float | None:
    """The length of an audio file in seconds (None if it cannot be read)."""
    import mutagen

    try:
        audio = mutagen.File(path)
    except mutagen.MutagenError:
        return None
    return float(audio.info.length) if audio is not None and audio.info else None


def id3_chapters(path: Path) -> tuple[Chapter, ...]:
    """Chapters from an MP3's ID3 CHAP frames (title from each frame's TIT2), in time order."""
    from mutagen.id3 import ID3, ID3NoHeaderError

    try:
        tags = ID3(path)
    except (ID3NoHeaderError, OSError):
        return ()
    chapters = []
    for frame in tags.getall("CHAP"):
        title = frame.sub_frames.get("TIT2")
        chapters.append(Chapter(frame.start_time / 1000, str(title.text[0]) if title else frame.element_id))
    return tuple(sorted(chapters, key=lambda c: c.start))


def mp3_facts(path: Path) -> FileFacts:
    """An MP3's length and its ID3 chapters."""
    return FileFacts(seconds=audio_seconds(path), chapters=id3_chapters(path))


_VTT_TIME = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{3})\s+-->")


def vtt_chapters(path: Path) -> tuple[Chapter, ...]:
    """Chapters from a WebVTT chapter file: each cue's start time and its first text line."""
    chapters: list[Chapter] = []
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    for number, line in enumerate(lines):
        match = _VTT_TIME.search(line)
        if match and number + 1 < len(lines) and lines[number + 1].strip():
            h, m, s, ms = (int(g) if g else 0 for g in match.groups())
            chapters.append(Chapter(h * 3600 + m * 60 + s + ms / 1000, lines[number + 1].strip()))
    return tuple(chapters)


def vtt_facts(path: Path) -> FileFacts:
    """A chapter list's chapters (a recording it goes with plays with these)."""
    return FileFacts(chapters=vtt_chapters(path))


# --------------------------------------------------------------------------
# The kinds
# --------------------------------------------------------------------------

PDF = FileKind("pdf", "PDF", "application/pdf", read_text=pdf_text, facts=pdf_facts)
WORD = FileKind("docx", "Word (.docx)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                read_text=word_text)
PLAIN_TEXT = FileKind("txt", "Plain text", "text/plain", read_text=utf8_text)
TRANSCRIPT = FileKind("txt", "Plain text", "text/plain", read_text=utf8_text, spoken=True)
"""What a recording says, as text: ``verify`` expects numbers and the version as spoken words."""
MP3 = FileKind("mp3", "MP3 audio", "audio/mpeg", facts=mp3_facts, on_page=OnPage.PLAY)
AUDIOBOOK = FileKind("m4b", "Audiobook (.m4b)", "audio/mp4", facts=lambda path: FileFacts(seconds=audio_seconds(path)))
"""The narration as an MP4 audiobook with chapters, for audiobook players (Apple Books, Smart AudioBook Player)."""
CHAPTER_LIST = FileKind("vtt", "WebVTT", "text/vtt", facts=vtt_facts)
WEB_PAGE = FileKind("html", "Web page", "text/html", read_text=html_text)
EPUB = FileKind("epub", "EPUB e-book", "application/epub+zip", read_text=epub_text)
"""An EPUB 3 publication (the full factsheet or the easy read; narrated when it has media overlays)."""
JSON = FileKind("json", "JSON", "application/json")
PICTURE = FileKind("", "Picture", "")
"""A picture copied as it is (its media type follows its name: PNG, JPEG, SVG)."""
