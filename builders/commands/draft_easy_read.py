"""``factsheet draft-easy-read ID``: a first easy-read layer for staff to correct, never to publish as is.

It takes the key points and the full factsheet's headings and first
sentences, splits long sentences at clause breaks (gov.uk: 15 words or
fewer), and suggests an OpenMoji picture for each row by matching its words
against OpenMoji's annotations and tags.  The file says ``draft: true``, so
``factsheet check --strict`` fails until a person has reviewed it and removed
that line: easy read must be written for its readers (People First), which a
program cannot do.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from builders.common.openmoji import Picture, catalogue
from builders.common.words import sentences, syllables, words
from builders.model import Factsheet, Paragraph, Section, plain_text
from builders.placeholders import DRAFT_MEANING

MAX_WORDS = 15
"""gov.uk and DH 2010: 15 words or fewer."""
DEFAULT_PICTURE = "information"
_SPLITS = (r";\s+", r":\s+(?=\w+\s+\w+\s+\w+)", r",\s+(?:and|but|so|because)\s+(?=you|it|they|we|this|there)",
           r"\s+(?:because|but)\s+(?=you|it|they|we|this|there)")
"""Clause breaks where both halves can stand as sentences (the second starts with its own subject)."""
_STOP = frozenset(
    "a an the and or but of to in on at for with by from about you your they them their it its this that these "
    "those is are was were be been can could will would should may might must do does did not no if so than then "
    "there here as up out all some any very more most we us our he she his her i me my have has had get got what "
    "when where how why which who also just only such other many much often".split()
)


@dataclass(frozen=True, slots=True)
class DraftRow:
    """One suggested row."""

    picture: str
    alt: str
    text: str


def split_sentence(sentence: str, limit: int = MAX_WORDS) -> list[str]:
    """A long sentence cut at its clause breaks into parts of at most ``limit`` words where possible."""
    if len(words(sentence)) <= limit:
        return [sentence]
    for pattern in _SPLITS:
        parts = [p.strip(" ,;:") for p in re.split(pattern, sentence) if p.strip(" ,;:")]
        if len(parts) > 1:
            out: list[str] = []
            for part in parts:
                part = part[:1].upper() + part[1:]
                if not part.endswith((".", "?", "!")):
                    part += "."
                out.extend(split_sentence(part, limit))
            return out
    return [sentence]


def _stem(word: str) -> str:
    word = word.lower()
    for ending in ("ing", "es", "s", "ed"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


PREFERRED = {
    "phone": "telephone receiver", "call": "telephone receiver", "text": "mobile phone",
    "doctor": "health worker", "gp": "health worker", "nurse": "health worker", "team": "busts in silhouette",
    "hospital": "hospital", "emergency": "ambulance", "pill": "pill", "medicine": "pill", "drug": "pill",
    "alcohol": "wine glass", "talk": "speech balloon", "therapy": "speech balloon", "people": "busts in silhouette",
    "family": "family", "friend": "people hugging", "plan": "clipboard", "write": "writing hand",
    "safe": "shield", "feel": "thinking face", "feeling": "thinking face", "sad": "crying face", "worry": "worried face",
}
"""Pictures easy-read writers commonly use for these words (checked first, in the text's word order)."""


def suggest_picture(text: str) -> Picture:
    """A picture for a row: a common easy-read choice for one of its words, else the OpenMoji picture
    whose name or tags share most words with the text (name matches count double)."""
    pictures = catalogue()
    for word in words(text):
        for key in (word.lower(), _stem(word)):
            preferred = pictures.find(PREFERRED[key]) if key in PREFERRED else None
            if preferred is not None:
                return preferred
    wanted = {_stem(w) for w in words(text) if w.lower() not in _STOP and len(w) > 2}
    best: tuple[int, Picture] | None = None
    for picture in pictures.pictures:
        if picture.group in ("flags", "extras-unicode", "component"):
            continue
        name = {_stem(w) for w in picture.annotation.split()}
        tags = {_stem(t) for t in picture.tags if " " not in t}
        score = 2 * len(wanted & name) + len(wanted & tags)
        # Best score wins; on a tie, the picture with the shorter name (more general: 'hospital').
        if score and (best is None or (score, -len(name)) > (best[0], -len(best[1].annotation.split()))):
            best = (score, picture)
    if best is None:
        fallback = pictures.find(DEFAULT_PICTURE)
        assert fallback is not None, "OpenMoji has an 'information' picture"
        return fallback
    return best[1]


def _row(text: str) -> DraftRow:
    picture = suggest_picture(text)
    return DraftRow(picture.annotation, picture.default_alt, text)


def _rows(text: str) -> list[DraftRow]:
    """One row per sentence (after splitting), at most two short sentences would be a person's call."""
    return [_row(part) for sentence in sentences(text) for part in split_sentence(sentence)]


def _first_paragraph(section: Section) -> str:
    for block in section.blocks:
        if isinstance(block, Paragraph):
            found = sentences(plain_text(block.inlines))
            if found:
                return found[0]
    return ""


def draft_pages(factsheet: Factsheet) -> list[tuple[str, list[str], list[DraftRow]]]:
    """(heading, covers, rows): the key points, then one page per top-level section."""
    pages: list[tuple[str, list[str], list[DraftRow]]] = []
    key_rows = [row for point in factsheet.key_points for row in _rows(point.text)]
    if key_rows:
        pages.append(("The main points", [], key_rows))
    for section in factsheet.sections:
        rows: list[DraftRow] = []
        for part in (section, *section.subsections):
            first = _first_paragraph(part)
            if part is not section and not first:
                first = part.title_text
            if first:
                rows.extend(_rows(first))
        if not rows:
            rows = [_row(section.title_text)]
        pages.append((section.title_text, [section.id], rows))
    return pages


def hard_word_candidates(pages: list[tuple[str, list[str], list[DraftRow]]]) -> list[str]:
    """Words of four or more syllables, in order of first use (the checker warns about each)."""
    seen: list[str] = []
    for _, _, rows in pages:
        for row in rows:
            for word in words(row.text):
                lower = word.lower()
                if word[:1].isalpha() and lower not in seen and syllables(word) >= 4 and not word[:1].isupper():
                    seen.append(lower)
    return seen


def _scalar(value: str) -> str:
    """A YAML scalar: plain when that is safe, else a double-quoted (JSON) string."""
    if value and re.fullmatch(r"[A-Za-z0-9£(][^:#\n]*[^:\s]", value) and not value.startswith(("-", "?", "!", "*", "&")):
        return value
    return json.dumps(value, ensure_ascii=False)


def render_draft(factsheet: Factsheet) -> str:
    """The draft ``easy-read.yaml`` text."""
    pages = draft_pages(factsheet)
    lines = [
        "# A DRAFT easy-read version, written by 'factsheet draft-easy-read'.",
        "# Read every row aloud, make it simple and true, choose better pictures,",
        "# explain each hard word in the row or the next, then delete 'draft: true'.",
        f"title: {_scalar(factsheet.metadata.title)}",
        f"audience: {_scalar(factsheet.metadata.audience)}",
        "draft: true",
        "pages:",
    ]
    for heading, covers, rows in pages:
        lines.append(f"  - heading: {_scalar(heading)}")
        lines.append(f"    covers: [{', '.join(covers)}]")
        lines.append("    items:")
        for row in rows:
            lines.append(f"      - picture: {_scalar(row.picture)}")
            lines.append(f"        alt: {_scalar(row.alt)}")
            lines.append(f"        text: {_scalar(row.text)}")
    candidates = hard_word_candidates(pages)
    if candidates:
        lines.append("hard_words:")
        for word in candidates:
            lines.append(f"  - word: {_scalar(word)}")
            lines.append(f"    meaning: {_scalar(DRAFT_MEANING)}")
    else:
        lines.append("hard_words: []")
    lines.append("left_out: []")
    return "\n".join(lines) + "\n"


def write_draft(factsheet: Factsheet, target: Path) -> None:
    """Write the draft to ``target`` (the caller decides whether an existing file may be replaced)."""
    target.write_text(render_draft(factsheet), encoding="utf-8")
