"""The pronunciation lexicon: the project's entries (``lexicon.yaml``) merged with a factsheet's own.

UKAAF MS01 (Audio) asks for abbreviations to be expanded for the ear; DAISY
Pipeline does it with a pronunciation lexicon (PLS).  Ours is data too, so
staff can add an entry without touching code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from builders.diagnostics import SourceError
from builders.model import Factsheet, Location

LEXICON_FILE = Path(__file__).with_name("lexicon.yaml")
"""The project-wide lexicon; a builder lists it in ``inputs()`` so an edit rebuilds the audio."""


@dataclass(frozen=True)
class Lexicon:
    """Written form → spoken form, applied by whole word and case-sensitively, longest first."""

    entries: tuple[tuple[str, str], ...]

    def pattern(self) -> re.Pattern[str] | None:
        """One regular expression matching any written form as a whole word."""
        if not self.entries:
            return None
        alternatives = sorted((w for w, _ in self.entries), key=len, reverse=True)
        parts = []
        for written in alternatives:
            start = r"(?<![\w&])" if written[0].isalnum() or written[0] == "&" else ""
            end = r"(?![\w&])" if written[-1].isalnum() else ""
            parts.append(start + re.escape(written) + end)
        return re.compile("|".join(parts))

    def covers(self, word: str) -> bool:
        """Whether the lexicon says how ``word`` is spoken (exactly as written)."""
        return any(written == word for written, _ in self.entries)

    def spoken_address(self, host: str) -> str | None:
        """How a web address is said, when an entry names its site ('mentalhealth-uk.org': ...), else None.

        Addresses are shortened to their site before the lexicon sees the text, so an
        entry for an address is looked up by site here, whatever scheme or 'www.' it was written with.
        """
        wanted = _site(host)
        for written, spoken in self.entries:
            if "." in written and _site(written) == wanted:
                return spoken
        return None

    def apply(self, text: str) -> str:
        """``text`` with every written form replaced by how it is said."""
        pattern = self.pattern()
        if pattern is None:
            return text
        spoken = dict(self.entries)

        def replace(match: re.Match[str]) -> str:
            written = match.group(0)
            words = spoken[written]
            # An abbreviation's full stop: kept at the end of the text; before a capital
            # (a new sentence, or "e.g. NHS") it becomes a comma, a pause either way.
            if written.endswith("."):
                rest = text[match.end():]
                if not rest.strip():
                    words += "."
                elif re.match(r"\s+[A-Z]", rest):
                    words += ","
            if written == "&":
                words = f" {words} "
            return words

        return re.sub(r"  +", " ", pattern.sub(replace, text))


def _site(address: str) -> str:
    """An address's site, for comparing: no scheme, 'www.', path or case."""
    site = address.strip().lower()
    for prefix in ("https://", "http://"):
        site = site.removeprefix(prefix)
    return site.removeprefix("www.").split("/", 1)[0]


def read_lexicon_file(path: Path) -> tuple[tuple[str, str], ...]:
    """The entries of one lexicon file (``pronunciations:`` mapping written → spoken)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SourceError(Location(str(path)), f"cannot read the pronunciation lexicon: {exc}") from None
    entries = data.get("pronunciations", {}) if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise SourceError(Location(str(path)), "the lexicon needs a 'pronunciations:' mapping of written: spoken")
    return tuple((str(k), str(v)) for k, v in entries.items())


def lexicon_for(factsheet: Factsheet, project_file: Path = LEXICON_FILE) -> Lexicon:
    """The project lexicon with the factsheet's own entries added (a factsheet entry wins)."""
    merged = dict(read_lexicon_file(project_file))
    for entry in factsheet.pronunciations:
        merged[entry.written] = entry.spoken
    return Lexicon(tuple(merged.items()))
