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
    """Every code point some embedded font can draw, or None when the font files are not installed."""
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    found = False
    for path in REGULAR_FONTS:
        if not path.is_file():
            continue
        found = True
        with TTFont(str(path), lazy=True) as font:
            points.update(font.getBestCmap() or {})
    return frozenset(points) if found else None


def invisible(char: str) -> bool:
    """Characters that are never drawn on their own: spaces and line ends, joiners, variation selectors."""
    point = ord(char)
    return char in "\n\r\t " or point in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF) or 0xFE00 <= point <= 0xFE0F
