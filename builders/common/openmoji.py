"""OpenMoji, the one source of easy-read pictures: find a picture by name, tag or code point.

The npm package ``openmoji`` 17.0.0 (installed by the Makefile with ``npm ci``)
ships every picture as an SVG named by code point, and ``data/openmoji.csv``
with each picture's annotation (its name, such as ``telephone receiver``) and
tags.  A source names a picture by annotation, by tag, by code point
(``1F4DE`` or ``U+1F4DE``) or by the emoji itself; an unknown name gets the
closest annotations and tags as suggestions.  OpenMoji is CC BY-SA 4.0, so
every copy that shows its pictures prints :data:`ATTRIBUTION`.
"""

from __future__ import annotations

import csv
import difflib
import functools
import re
from dataclasses import dataclass
from pathlib import Path

OPENMOJI_DIR = Path(__file__).resolve().parents[2] / "node_modules" / "openmoji"
"""Where ``npm ci`` puts the package."""

ATTRIBUTION = (
    "All emojis designed by OpenMoji – the open-source emoji and icon project. License: CC BY-SA 4.0"
)
"""OpenMoji's own attribution text, which its licence asks every copy to print."""

LICENSE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
OPENMOJI_URL = "https://openmoji.org/"

_CODE = re.compile(r"(?:U\+)?([0-9A-F]{2,6}(?:[-_ ][0-9A-F]{2,6})*)", re.IGNORECASE)


class OpenMojiMissing(RuntimeError):
    """OpenMoji's files are not installed (run ``make setup``, which runs ``npm ci``)."""


@dataclass(frozen=True, slots=True)
class Picture:
    """One OpenMoji picture."""

    hexcode: str
    """Code point(s) as OpenMoji names the file: ``1F4DE``, ``1F9D1-200D-2695-FE0F``."""
    emoji: str
    annotation: str
    """The picture's name: ``telephone receiver``."""
    tags: tuple[str, ...]
    """Unicode's and OpenMoji's own keywords, annotation words excluded."""
    group: str

    @property
    def svg_path(self) -> Path:
        """The colour SVG of this picture."""
        return OPENMOJI_DIR / "color" / "svg" / f"{self.hexcode}.svg"

    @property
    def default_alt(self) -> str:
        """A starting alt text made from the annotation ('Telephone receiver')."""
        return self.annotation[:1].upper() + self.annotation[1:]


def _norm(name: str) -> str:
    return " ".join(name.lower().replace("_", " ").split())


@dataclass(frozen=True)
class Catalogue:
    """Every picture with indexes by annotation, tag, code point and emoji."""

    pictures: tuple[Picture, ...]
    by_annotation: dict[str, Picture]
    by_tag: dict[str, Picture]
    by_code: dict[str, Picture]

    def find(self, name: str) -> Picture | None:
        """The picture a source means by ``name``: annotation first, then code point, emoji, tag."""
        key = _norm(name)
        if not key:
            return None
        if key in self.by_annotation:
            return self.by_annotation[key]
        code = _CODE.fullmatch(name.strip())
        if code:
            hexcode = re.sub(r"[-_ ]", "-", code.group(1).upper())
            for candidate in (hexcode, f"{hexcode}-FE0F", hexcode.removesuffix("-FE0F")):
                if candidate in self.by_code:
                    return self.by_code[candidate]
        emoji = self.by_code.get(f"emoji:{name.strip()}")
        if emoji is not None:
            return emoji
        return self.by_tag.get(key)

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """The closest annotations and tags to an unknown name, best first."""
        key = _norm(name)
        names = list(self.by_annotation) + [t for t in self.by_tag if t not in self.by_annotation]
        close = difflib.get_close_matches(key, names, n=n, cutoff=0.6)
        if len(close) < n:
            # Also offer names that contain one of the words ("phone" → "mobile phone").
            words = [w for w in key.split() if len(w) > 2]
            for candidate in names:
                if len(close) >= n:
                    break
                if candidate not in close and any(w in candidate.split() for w in words):
                    close.append(candidate)
        return close


def _tags(row: dict[str, str]) -> tuple[str, ...]:
    seen: list[str] = []
    for column in ("tags", "openmoji_tags"):
        for tag in row.get(column, "").split(","):
            tag = _norm(tag)
            if tag and tag not in seen:
                seen.append(tag)
    return tuple(seen)


def _has_word(annotation: str, tag: str) -> bool:
    return f" {tag} " in f" {annotation} "


@functools.lru_cache(maxsize=1)
def catalogue(directory: Path = OPENMOJI_DIR) -> Catalogue:
    """OpenMoji's pictures read from ``data/openmoji.csv`` (once per process).

    Skin-tone variants are left out: a picture is named by its base form.
    Raises :class:`OpenMojiMissing` when the package is not installed.
    """
    data = directory / "data" / "openmoji.csv"
    if not data.is_file():
        raise OpenMojiMissing(f"OpenMoji is not installed ({data} is missing): run 'make setup' (npm ci)")
    pictures: list[Picture] = []
    with data.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("skintone") or row.get("group") == "component":
                continue
            pictures.append(
                Picture(row["hexcode"], row["emoji"], _norm(row["annotation"]), _tags(row), row["group"])
            )
    by_annotation: dict[str, Picture] = {}
    by_tag: dict[str, Picture] = {}
    by_code: dict[str, Picture] = {}
    for picture in pictures:
        by_annotation.setdefault(picture.annotation, picture)
        by_code.setdefault(picture.hexcode, picture)
        by_code.setdefault(f"emoji:{picture.emoji}", picture)
        by_code.setdefault(f"emoji:{picture.emoji.replace(chr(0xFE0F), '')}", picture)
        for tag in picture.tags:
            # A tag names the first picture (CSV order) whose name has the tag as a word
            # ("phone" → "mobile phone"), or else the first picture that has the tag.
            current = by_tag.get(tag)
            if current is None or (_has_word(picture.annotation, tag) and not _has_word(current.annotation, tag)):
                by_tag[tag] = picture
    return Catalogue(tuple(pictures), by_annotation, by_tag, by_code)


def find_picture(name: str) -> Picture | None:
    """The picture a source means by ``name`` (annotation, tag, code point or emoji), if any."""
    return catalogue().find(name)


def suggest(name: str, n: int = 3) -> list[str]:
    """The closest picture names to an unknown one."""
    return catalogue().suggest(name, n)
