"""Reading source files safely: size limit, UTF-8, and a located message when they are not."""

from __future__ import annotations

from pathlib import Path

from builders.diagnostics import Diagnostics
from builders.model import Location

MAX_SOURCE_BYTES = 1024 * 1024
"""A factsheet source file larger than 1 MiB is almost certainly a mistake (a pasted PDF, a log)."""


def read_source_text(path: Path, diagnostics: Diagnostics) -> str | None:
    """The file's text, or ``None`` after reporting why it cannot be used."""
    loc = Location(str(path), 1, 1)
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            diagnostics.error(
                loc,
                f"file is {size:,} bytes, over the {MAX_SOURCE_BYTES:,}-byte limit for a source file",
                "a factsheet source is text: split it, or move large material out of it",
            )
            return None
        data = path.read_bytes()
    except OSError as exc:
        diagnostics.error(loc, f"cannot read file: {exc.strerror or exc}", "check the file exists and is readable")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        diagnostics.error(
            Location(str(path), line, column),
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            "save the file as UTF-8 in your editor",
        )
        return None
    if "\x00" in text:
        diagnostics.error(loc, "file contains a NUL character, so it is not a text file", "save it as plain UTF-8 text")
        return None
    return text.removeprefix("\ufeff")
