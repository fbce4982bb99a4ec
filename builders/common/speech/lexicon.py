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


START, SEPARATOR, END = "\ue000", "\ue001", "\ue002"
"""Private-use characters around a word the voice says differently from how the transcript writes it."""
_HIDDEN = 0xF0000
"""The written form is kept inside the mark as private-use characters, so no later rule (numbers, symbols)
rewrites it."""
_MARK = re.compile(f"{START}([^{SEPARATOR}]*){SEPARATOR}([^{END}]*){END}")


def mark(written: str, spoken: str) -> str:
    """A word the transcript writes as ``written`` and the voice says as ``spoken`` (GPs → G Peas)."""
    return f"{START}{''.join(chr(_HIDDEN + ord(c)) for c in written)}{SEPARATOR}{spoken}{END}"


def capitalise(text: str) -> str:
    """``text`` with a capital first letter, also when it starts with a marked word (distrACT → DistrACT)."""
    if text.startswith(START) and len(text) > 1 and text[1] != SEPARATOR:
        first = chr(ord(text[1]) - _HIDDEN).upper()
        return f"{START}{chr(_HIDDEN + ord(first))}{text[2:]}"
    return text[:1].upper() + text[1:]


def voice_text(text: str) -> str:
    """What the speech engine is given: each marked word as it is said."""
    return _MARK.sub(lambda m: m.group(2), text)


def display_text(text: str) -> str:
    """What the transcript shows: each marked word as it is written (the same word, read properly)."""
    return _MARK.sub(lambda m: "".join(chr(ord(c) - _HIDDEN) for c in m.group(1)), text)


@dataclass(frozen=True)
class Lexicon:
    """Written form → spoken form, applied by whole word and case-sensitively, longest first.

    Two kinds of entry: a *pronunciation* (GPs → "G Peas", NICE → "nice") is
    the same word said properly, so the transcript keeps the written form; an
    *expansion* (e.g. → "for example") changes the words, so the transcript
    shows what is said.
    """

    entries: tuple[tuple[str, str], ...]
    expansions: frozenset[str] = frozenset()
    """The written forms whose entries are expansions."""

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

    def apply(self, text: str, marked: bool = False) -> str:
        """``text`` with every written form replaced by how it is said (``marked``: pronunciations as marks)."""
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
            if marked and written not in self.expansions:
                return mark(written, words)
            return words

        return re.sub(r"  +", " ", pattern.sub(replace, text))


def _site(address: str) -> str:
    """An address's site, for comparing: no scheme, 'www.', path or case."""
    site = address.strip().lower()
    for prefix in ("https://", "http://"):
        site = site.removeprefix(prefix)
    return site.removeprefix("www.").split("/", 1)[0]


def read_lexicon_file(path: Path) -> tuple[tuple[tuple[str, str], ...], frozenset[str]]:
    """The entries of one lexicon file: ``pronunciations:`` and ``expansions:``, each mapping written → spoken."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SourceError(Location(str(path)), f"cannot read the pronunciation lexicon: {exc}") from None
    entries = data.get("pronunciations", {}) if isinstance(data, dict) else None
    expansions = data.get("expansions", {}) if isinstance(data, dict) else None
    if not isinstance(entries, dict) or not isinstance(expansions, dict):
        raise SourceError(Location(str(path)), "the lexicon needs 'pronunciations:' (and may have 'expansions:'): "
                                               "mappings of written: spoken")
    merged = {**{str(k): str(v) for k, v in entries.items()}, **{str(k): str(v) for k, v in expansions.items()}}
    return tuple(merged.items()), frozenset(str(k) for k in expansions)


def lexicon_for(factsheet: Factsheet, project_file: Path = LEXICON_FILE) -> Lexicon:
    """The project lexicon with the factsheet's own entries added (a factsheet entry wins, as a pronunciation)."""
    entries, expansions = read_lexicon_file(project_file)
    merged = dict(entries)
    for entry in factsheet.pronunciations:
        merged[entry.written] = entry.spoken
    own = {entry.written for entry in factsheet.pronunciations}
    return Lexicon(tuple(merged.items()), frozenset(expansions - own))
