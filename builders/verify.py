"""``factsheet verify``: read every built output back and check it says what the source says.

Each output must carry every section heading, key point and urgent-help
number, the version and the dates; the easy-read outputs are held to the
easy-read layer (page headings, urgent-help numbers, version, dates).  Text
is compared after normalising whitespace, hyphens within words (a line-end
break cannot be told from a real hyphen), quotes and dashes, so PDF line breaks do not count as differences.

Audio transcripts say what the recording says, with numbers as words: their
urgent-help numbers and version are checked in spoken form ("one one six, one
two three", "version two point one"); their key points (spoken with
abbreviations spelt out) and dates (spoken, sometimes as month and year only)
are not checked.

Every output must also put the urgent help first: each urgent number on page
1 of a PDF, before the introduction elsewhere, said as dialled in the first
15 seconds of a recording; and no source number may be said as a quantity.
"""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from builders.common.dates import long_date
from builders.common.urgent import is_help_page
from builders.common.urgent_check import urgent_first_problems
from builders.model import Factsheet, plain_text

FULL = "full"
EASY = "easy"


@dataclass(frozen=True)
class Finding:
    """One thing missing from one output."""

    output: Path
    item: str

    def format(self) -> str:
        """``path: missing KIND 'text'`` for the terminal."""
        return f"{self.output}: missing {self.item}"


@dataclass(frozen=True)
class OutputKind:
    """A built file verify knows how to read, and which layer it must carry."""

    suffix: str
    """The file name after the factsheet id (``.pdf``, ``-easy-read.docx``), or a fixed name."""
    layer: str
    spoken: bool = False
    fixed_name: bool = False

    def path(self, out_dir: Path, factsheet_id: str) -> Path:
        """Where this output of the factsheet is."""
        return out_dir / (self.suffix if self.fixed_name else f"{factsheet_id}{self.suffix}")


OUTPUTS = (
    OutputKind(".pdf", FULL), OutputKind("-large-print.pdf", FULL), OutputKind(".docx", FULL),
    OutputKind(".txt", FULL), OutputKind("index.html", FULL, fixed_name=True),
    OutputKind("-transcript.txt", FULL, spoken=True),
    OutputKind("-easy-read.pdf", EASY), OutputKind("-easy-read.docx", EASY),
    OutputKind("-easy-read-transcript.txt", EASY, spoken=True),
)


_INLINE = {"a", "span", "strong", "em", "b", "i", "abbr", "sup", "sub", "code", "small", "cite", "q", "mark", "time"}


class _Text(HTMLParser):
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


def read_text(path: Path) -> str:
    """The words of a built output: PDF via pdftotext, Word via python-docx, HTML without tags."""
    if path.suffix == ".pdf":
        return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
    if path.suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            parts.extend(cell.text for row in table.rows for cell in row.cells)
        for section in document.sections:
            for part in (section.header, section.footer, section.first_page_footer, section.even_page_footer):
                parts.extend(p.text for p in part.paragraphs)
        return "\n".join(parts)
    if path.suffix == ".html":
        parser = _Text()
        parser.feed(path.read_text(encoding="utf-8"))
        return html.unescape(" ".join(parser.parts))
    return path.read_text(encoding="utf-8")


_CITATION = re.compile(r"\s*\[\d+(?:\s*[,–-]\s*\d+)*\]")


def normalise(text: str) -> str:
    """Lower case, one space between words, line-end hyphens joined, typographic marks made plain."""
    text = text.replace("\u00ad", "").replace("\u00a0", " ")
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)  # a word broken at a line end
    text = re.sub(r"(\w)-(\w)", r"\1\2", text)  # so 'non-suicidal' broken as 'non-' + 'suicidal' still matches
    for fancy, plain in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-")):
        text = text.replace(fancy, plain)
    text = " ".join(text.lower().split())
    text = re.sub(r" ([.,;:!?)\]])", r"\1", re.sub(r"([\[(]) ", r"\1", text))  # markup spacing
    return _CITATION.sub("", text)


def _spoken_version(version: str) -> str:
    from builders.common.speech.normalise import number_words

    return "version " + " point ".join(number_words(int(p)) for p in version.split(".") if p.isdigit())


def _urgent_numbers(factsheet: Factsheet, spoken: bool) -> list[tuple[str, str]]:
    numbers = [("urgent-help number", p.number) for c in factsheet.urgent_help.contacts for p in c.phones]
    numbers += [("urgent-help number", t.number) for c in factsheet.urgent_help.contacts for t in c.texts]
    if spoken:
        from builders.common.speech.normalise import phone_words

        return [(label, phone_words(n)) for label, n in numbers]
    return numbers


def expected_items(factsheet: Factsheet, kind: OutputKind) -> list[tuple[str, str]]:
    """What ``kind`` of output must say for this factsheet, as (what it is, the words)."""
    meta = factsheet.metadata
    items: list[tuple[str, str]] = []
    if kind.layer == EASY and factsheet.easy_read is not None:
        items += [("easy-read page heading", page.heading) for page in factsheet.easy_read.pages
                  if not is_help_page(page)]  # additions to the help page print under its heading
    elif kind.layer == FULL:
        items += [("section heading", plain_text(s.title)) for s in factsheet.all_sections()]
        if not kind.spoken:
            items += [("key point", point.text) for point in factsheet.key_points]
    items += _urgent_numbers(factsheet, kind.spoken)
    if kind.spoken:
        items.append(("version", _spoken_version(meta.version)))
    else:
        items += [("version", meta.version), ("last-updated date", long_date(meta.last_updated)),
                  ("next-review date", long_date(meta.next_review))]
    return items


def verify_factsheet(factsheet: Factsheet, out_dir: Path) -> tuple[list[Path], list[Finding]]:
    """Every output of one factsheet that exists, and what each is missing."""
    checked: list[Path] = []
    findings: list[Finding] = []
    for kind in OUTPUTS:
        path = kind.path(out_dir, factsheet.id)
        if not path.is_file() or (kind.layer == EASY and factsheet.easy_read is None):
            continue
        checked.append(path)
        try:
            text = normalise(read_text(path))
        except Exception as exc:  # an unreadable output is a finding, not a crash
            findings.append(Finding(path, f"readable text ({type(exc).__name__}: {exc})"))
            continue
        for label, words in expected_items(factsheet, kind):
            if normalise(words) not in text:
                findings.append(Finding(path, f"{label} '{words}'"))
        # The urgent help first and dialled (builders/common/urgent_check.py).
        raw = read_text(path)
        findings += [Finding(path, problem)
                     for problem in urgent_first_problems(factsheet, path, raw, kind.spoken, kind.layer == EASY)]
    if not checked:
        findings.append(Finding(out_dir, "every output: nothing has been built for this factsheet"))
    return checked, findings
