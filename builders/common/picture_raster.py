"""Easy-read pictures drawn as PNG once, and kept: the same picture is drawn the same way in every factsheet.

Easy-read copies share a vocabulary of pictures (OpenMoji's, and a charity's
own), so the Word copies of a whole catalog draw the same few dozen SVGs again
and again; with cairosvg each costs about 10 ms, and importing cairosvg half a
second.  A drawn picture is kept in the local cache folder under the SHA-256
of its SVG bytes, the size and cairosvg's version, so an edited picture or a
new cairosvg draws afresh; only self-contained SVGs reach here (the picture
check refuses references to other files), so the bytes decide the drawing.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
from pathlib import Path

from builders.common.local_cache import cache_name, cached

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@functools.lru_cache(maxsize=1)
def _cairosvg_version() -> str:
    """Size and date of cairosvg's code, found without importing it (the import is the slow part); once a process."""
    spec = importlib.util.find_spec("cairosvg")
    origin = spec.origin if spec is not None else None
    return cache_name("cairosvg", Path(origin)) if origin else "cairosvg-unknown"


def square_png(svg_path: Path, pixels: int, folders: list[Path] | None = None) -> bytes:
    """The SVG drawn as a ``pixels`` × ``pixels`` PNG, from the cache when it was drawn before.

    ``folders``: where drawings are kept (the local cache folders when ``None``).
    """
    svg = svg_path.read_bytes()
    digest = hashlib.sha256(svg).hexdigest()[:40]

    def draw() -> bytes:
        import cairosvg

        return cairosvg.svg2png(bytestring=svg, output_width=pixels, output_height=pixels, unsafe=False)

    def read(data: bytes) -> bytes | None:
        return data if data.startswith(PNG_SIGNATURE) else None

    png, _ = cached(f"picture-{digest}-{pixels}px-{_cairosvg_version()}.png", draw, read, folders)
    return png
