"""``factsheet verify``: read every built output back and check it says what the source says.

Each output must carry every section heading, key point and urgent-help
number, the version and the dates; the easy-read outputs are held to the
easy-read layer (page headings, urgent-help numbers, version, dates).  Text
is compared after normalising whitespace, hyphens within words (a line-end
break cannot be told from a real hyphen), quotes and dashes, so PDF line breaks do not count as differences.

Which files to read, how to read each as text (a PDF through pdftotext, a
Word file through python-docx...) and which layer each carries come from the
registered builders' declarations (:meth:`Builder.output_files`); this module
names no format.

Transcripts (files whose kind is spoken) say what the recording says, with numbers as words: their
urgent-help numbers and version are checked in spoken form ("one one six, one
two three", "version two point one"); their key points (spoken with
abbreviations spelt out) and dates (spoken, sometimes as month and year only)
are not checked.

Every output must also put the urgent help first: each urgent number on page
1 of a PDF, before the introduction elsewhere, said as dialled in the first
15 seconds of a recording; and no source number may be said as a quantity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from builders.common.dates import long_date
from builders.common.urgent import is_help_page
from builders.common.urgent_check import urgent_first_problems
from builders.formats import format_names, get_builder
from builders.model import Factsheet, plain_text
from builders.output_files import Layer, OutputFile


@dataclass(frozen=True)
class Finding:
    """One thing missing from one output."""

    output: Path
    item: str

    def format(self) -> str:
        """``path: missing KIND 'text'`` for the terminal."""
        return f"{self.output}: missing {self.item}"


def verified_files(factsheet: Factsheet) -> tuple[OutputFile, ...]:
    """Every file the registered formats declare for the factsheet that carries a layer and reads as text.

    In registry order; ``verify`` names no format and no file type: each
    declaration says which layer its file carries and how to read it back.
    """
    files: list[OutputFile] = []
    for name in format_names():
        builder = get_builder(name)
        if builder.applies_to(factsheet):
            files.extend(file for file in builder.output_files(factsheet) if file.verified)
    return tuple(files)


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


def expected_items(factsheet: Factsheet, file: OutputFile) -> list[tuple[str, str]]:
    """What a declared output must say for this factsheet, as (what it is, the words)."""
    meta = factsheet.metadata
    spoken = file.kind.spoken
    items: list[tuple[str, str]] = []
    if file.layer is Layer.EASY_READ and factsheet.easy_read is not None:
        items += [("easy-read page heading", page.heading) for page in factsheet.easy_read.pages
                  if not is_help_page(page)]  # additions to the help page print under its heading
    elif file.layer is Layer.FULL:
        items += [("section heading", plain_text(s.title)) for s in factsheet.all_sections()]
        if not spoken:
            items += [("key point", point.text) for point in factsheet.key_points]
    items += _urgent_numbers(factsheet, spoken)
    if spoken:
        items.append(("version", _spoken_version(meta.version)))
    else:
        items += [("version", meta.version), ("last-updated date", long_date(meta.last_updated)),
                  ("next-review date", long_date(meta.next_review))]
    return items


def verify_factsheet(factsheet: Factsheet, out_dir: Path) -> tuple[list[Path], list[Finding]]:
    """Every output of one factsheet that exists, and what each is missing."""
    checked: list[Path] = []
    findings: list[Finding] = []
    for file in verified_files(factsheet):
        path = out_dir / file.name
        if not path.is_file() or file.kind.read_text is None:
            continue
        checked.append(path)
        try:
            raw = file.kind.read_text(path)
            text = normalise(raw)
        except Exception as exc:  # an unreadable output is a finding, not a crash
            findings.append(Finding(path, f"readable text ({type(exc).__name__}: {exc})"))
            continue
        for label, words in expected_items(factsheet, file):
            if normalise(words) not in text:
                findings.append(Finding(path, f"{label} '{words}'"))
        # The urgent help first and dialled (builders/common/urgent_check.py).
        findings += [Finding(path, problem) for problem in
                     urgent_first_problems(factsheet, path, raw, file.kind.spoken, file.layer is Layer.EASY_READ)]
    if not checked:
        findings.append(Finding(out_dir, "every output: nothing has been built for this factsheet"))
    return checked, findings
