"""Cover art for a recording: the title and the organisation, large and high contrast, drawn the same every time.

Podcast and audiobook players show a square picture beside a recording; a
listener with low vision recognises a factsheet by it.  Drawn with Pillow
from the fonts the PDFs use (Liberation Sans, Debian fonts-liberation2): white
on a dark blue (contrast 14:1, above WCAG's 7:1), the title wrapped to fit.
The PNG is written without timestamps, so the same title gives the same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = 1000
"""Pixels a side: large enough for any player's screen, small enough to add little to the MP3 (about 40 kB)."""
BACKGROUND = (0x0B, 0x2E, 0x59)
FOREGROUND = (0xFF, 0xFF, 0xFF)
ACCENT = (0xFF, 0xD4, 0x3B)
"""A yellow band: the title's and the organisation's colours stay white on blue."""
FONT_DIRS = (Path("/usr/share/fonts/truetype/liberation2"), Path("/usr/share/fonts/truetype/liberation"),
             Path("/usr/share/fonts/truetype/dejavu"))
BOLD_FONTS = ("LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf")
REGULAR_FONTS = ("LiberationSans-Regular.ttf", "DejaVuSans.ttf")
MARGIN = 80


def _font(names: tuple[str, ...], size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for folder in FONT_DIRS:
        for name in names:
            if (folder / name).exists():
                return ImageFont.truetype(str(folder / name), size)
    return ImageFont.load_default(size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
          width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def cover_png(title: str, organisation: str, label: str) -> bytes:
    """A square PNG: ``label`` (e.g. "Audio factsheet"), the title as large as fits, the organisation."""
    image = Image.new("RGB", (SIZE, SIZE), BACKGROUND)
    draw = ImageDraw.Draw(image)
    width = SIZE - 2 * MARGIN
    draw.rectangle((0, 0, SIZE, 24), fill=ACCENT)
    draw.text((MARGIN, MARGIN), label, font=_font(REGULAR_FONTS, 48), fill=ACCENT)
    size = 120
    while True:
        font = _font(BOLD_FONTS, size)
        lines = _wrap(draw, title, font, width)
        fits = all(draw.textlength(line, font=font) <= width for line in lines)
        if (fits and len(lines) * size * 1.2 <= SIZE - 2 * MARGIN - 260) or size <= 40:
            break
        size -= 8
    top = MARGIN + 140
    for number, line in enumerate(lines):
        draw.text((MARGIN, top + number * size * 1.2), line, font=font, fill=FOREGROUND)
    small = _font(REGULAR_FONTS, 44)
    for number, line in enumerate(reversed(_wrap(draw, organisation, small, width))):
        draw.text((MARGIN, SIZE - MARGIN - 44 - number * 56), line, font=small, fill=FOREGROUND)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=9)
    return out.getvalue()
