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
import marshal
import re
from dataclasses import dataclass
from pathlib import Path

from builders.common.local_cache import cache_name, cached

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


PictureRow = tuple[str, str, str, tuple[str, ...], str]
"""A picture as stored: hexcode, emoji, annotation, tags, group."""


class Catalogue:
    """Every picture with indexes by annotation, tag, code point and emoji.

    The indexes map a name to a picture's position; a :class:`Picture` is made
    when asked for, so that loading the catalogue for a check stays quick.
    """

    def __init__(self, rows: tuple[PictureRow, ...], by_annotation: dict[str, int], by_tag: dict[str, int],
                 by_code: dict[str, int]) -> None:
        self.rows = rows
        self.by_annotation = by_annotation
        self.by_tag = by_tag
        self.by_code = by_code

    @functools.cached_property
    def pictures(self) -> tuple[Picture, ...]:
        """Every picture, in OpenMoji's order."""
        return tuple(Picture(*row) for row in self.rows)

    def _picture(self, position: int | None) -> Picture | None:
        return None if position is None else Picture(*self.rows[position])

    def find(self, name: str) -> Picture | None:
        """The picture a source means by ``name``: annotation first, then code point, emoji, tag."""
        key = _norm(name)
        if not key:
            return None
        if key in self.by_annotation:
            return self._picture(self.by_annotation[key])
        code = _CODE.fullmatch(name.strip())
        if code:
            hexcode = re.sub(r"[-_ ]", "-", code.group(1).upper())
            for candidate in (hexcode, f"{hexcode}-FE0F", hexcode.removesuffix("-FE0F")):
                if candidate in self.by_code:
                    return self._picture(self.by_code[candidate])
        emoji = self.by_code.get(f"emoji:{name.strip()}")
        if emoji is not None:
            return self._picture(emoji)
        return self._picture(self.by_tag.get(key))

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


def read_catalogue(data: Path) -> Catalogue:
    """OpenMoji's pictures and their indexes, read from ``data/openmoji.csv``.

    Skin-tone variants are left out: a picture is named by its base form.
    """
    rows: list[PictureRow] = []
    with data.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("skintone") or row.get("group") == "component":
                continue
            rows.append((row["hexcode"], row["emoji"], _norm(row["annotation"]), _tags(row), row["group"]))
    by_annotation: dict[str, int] = {}
    by_tag: dict[str, int] = {}
    by_code: dict[str, int] = {}
    for position, (hexcode, emoji, annotation, tags, _) in enumerate(rows):
        by_annotation.setdefault(annotation, position)
        by_code.setdefault(hexcode, position)
        by_code.setdefault(f"emoji:{emoji}", position)
        by_code.setdefault(f"emoji:{emoji.replace(chr(0xFE0F), '')}", position)
        for tag in tags:
            # A tag names the first picture (CSV order) whose name has the tag as a word
            # ("phone" → "mobile phone"), or else the first picture that has the tag.
            current = by_tag.get(tag)
            if current is None or (_has_word(annotation, tag) and not _has_word(rows[current][2], tag)):
                by_tag[tag] = position
    return Catalogue(tuple(rows), by_annotation, by_tag, by_code)


_CACHE_KIND = "openmoji-catalogue-1"
"""The cached catalogue's layout: change the number when :func:`read_catalogue`'s result changes."""


def _encode(catalogue: Catalogue) -> bytes:
    return marshal.dumps((_CACHE_KIND, catalogue.rows, catalogue.by_annotation, catalogue.by_tag, catalogue.by_code))


def _decode(data: bytes) -> Catalogue | None:
    try:
        kind, rows, by_annotation, by_tag, by_code = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None
    return Catalogue(rows, by_annotation, by_tag, by_code) if kind == _CACHE_KIND else None


def _csv(directory: Path) -> Path:
    data = directory / "data" / "openmoji.csv"
    if not data.is_file():
        raise OpenMojiMissing(f"OpenMoji is not installed ({data} is missing): run 'make setup' (npm ci)")
    return data


def _load_or_make(directory: Path, folders: list[Path] | None = None) -> tuple[Catalogue, Path | None]:
    data = _csv(directory)
    return cached(cache_name(_CACHE_KIND, data) + ".marshal", lambda: _encode(read_catalogue(data)), _decode, folders)


@functools.lru_cache(maxsize=1)
def catalogue(directory: Path = OPENMOJI_DIR) -> Catalogue:
    """OpenMoji's pictures (see :func:`read_catalogue`), read once per process from a cached copy.

    The CSV takes a tenth of a second to read; its catalogue is kept by
    :mod:`builders.common.local_cache` and loads in a few milliseconds.
    Raises :class:`OpenMojiMissing` when the package is not installed.
    """
    return _load_or_make(directory)[0]


def prepare(directory: Path = OPENMOJI_DIR) -> Path | None:
    """Make sure the cached catalogue exists; return where it is (``None``: no writable cache folder)."""
    return _load_or_make(directory)[1]


def find_picture(name: str) -> Picture | None:
    """The picture a source means by ``name`` (annotation, tag, code point or emoji), if any."""
    return catalogue().find(name)


def suggest(name: str, n: int = 3) -> list[str]:
    """The closest picture names to an unknown one."""
    return catalogue().suggest(name, n)
