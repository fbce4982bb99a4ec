"""The fonts every PDF embeds, and which characters they can draw.

PDFs use Liberation Sans (Debian fonts-liberation2, metrically Arial), with
DejaVu Sans (fonts-dejavu-core) for any glyph it lacks (the stylesheets name
both).  A character neither has prints as an empty box, so the checks refuse
it before anything is built (:func:`drawable`).
"""

from __future__ import annotations

import functools
from pathlib import Path

FONT_FILES = tuple(
    Path("/usr/share/fonts/truetype") / name
    for name in (
        "liberation2/LiberationSans-Regular.ttf", "liberation2/LiberationSans-Bold.ttf",
        "liberation2/LiberationSans-Italic.ttf", "liberation2/LiberationSans-BoldItalic.ttf",
        "dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf",
    )
)
"""The fonts the stylesheets name; a rebuild follows them."""

REGULAR_FONTS = (FONT_FILES[0], FONT_FILES[4])
"""The regular faces: the bold and italic ones draw the same characters."""


@functools.lru_cache(maxsize=1)
def drawable() -> frozenset[int] | None:
    """Every code point some embedded font can draw, or None when the font files are not installed.

    Reading the fonts' character maps costs about 25 ms (fontTools' import
    included), which every check paid; the code points are kept by
    :mod:`builders.common.local_cache`, under a name that changes with the
    font files, and read back in about a millisecond.
    """
    return _load_or_make()[0]


def prepare() -> Path | None:
    """Make sure the cached code points exist (``make`` runs this); their file, or None if nowhere was writable."""
    return _load_or_make()[1]


def _load_or_make(folders: list[Path] | None = None) -> tuple[frozenset[int] | None, Path | None]:
    from builders.common.local_cache import cache_name, cached

    fonts = [path for path in REGULAR_FONTS if path.is_file()]
    if not fonts:
        return None, None
    name = "glyphs-2-" + "-".join(cache_name(path.stem, path) for path in fonts) + ".ranges"
    return cached(name, lambda: encode_points(read_points(fonts)), decode_points, folders)


def read_points(fonts: list[Path]) -> set[int]:
    """The code points the fonts' best character maps have, read with fontTools."""
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for path in fonts:
        with TTFont(str(path), lazy=True) as font:
            points.update(font.getBestCmap() or {})
    return points


def encode_points(points: set[int]) -> bytes:
    """Code points as ranges of hexadecimal numbers, one ``FIRST-LAST`` line each, after a line with their count."""
    ranges: list[list[int]] = []
    for point in sorted(points):
        if ranges and point == ranges[-1][1] + 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    lines = [f"{_GLYPHS_MAGIC} {len(points)}", *(f"{first:x}-{last:x}" for first, last in ranges)]
    return ("\n".join(lines) + "\n").encode("ascii")


def decode_points(data: bytes) -> frozenset[int] | None:
    """The code points of :func:`encode_points`' bytes, or None when they are not such a file."""
    text = data.decode("ascii", "replace")
    lines = text.split("\n")
    magic, _, count = lines[0].rpartition(" ")
    if magic != _GLYPHS_MAGIC or lines[-1] != "":
        return None
    points: set[int] = set()
    try:
        for line in lines[1:-1]:
            first, _, last = line.partition("-")
            points.update(range(int(first, 16), int(last, 16) + 1))
    except ValueError:
        return None
    return frozenset(points) if str(len(points)) == count else None


_GLYPHS_MAGIC = "factsheet-glyphs"


def invisible(char: str) -> bool:
    """Characters that are never drawn on their own: spaces and line ends, joiners, variation selectors."""
    point = ord(char)
    return char in "\n\r\t " or point in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF) or 0xFE00 <= point <= 0xFE0F
