"""Opening source files safely: the one place the parser touches the disk.

A source file must be a regular file inside its own folder: a symbolic link
leading out of it, a device (``/dev/zero``), a named pipe or a folder is
refused before anything is read, so a factsheet can neither publish a file
from elsewhere on the computer nor hang or exhaust memory.  Reads are
bounded, text must be UTF-8 without control characters (other than tab and
line ends), and every refusal is a located message.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from builders.diagnostics import Diagnostics
from builders.model import Location

MAX_SOURCE_BYTES = 1024 * 1024
"""A factsheet source file larger than 1 MiB is almost certainly a mistake (a pasted PDF, a log)."""
MAX_PICTURE_BYTES = 20 * 1024 * 1024
"""The largest picture file read (a photograph saved for print is well under this)."""
_KINDS = (
    (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"),
)


class UnsafeFile(Exception):
    """A path that must not be read: outside its folder, not a regular file, too large or unreadable."""

    def __init__(self, reason: str, hint: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint = hint


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, with every symbolic link followed, lies inside ``root``."""
    return path.resolve().is_relative_to(root.resolve())


def read_regular_file(path: Path, root: Path, limit: int) -> bytes:
    """The bytes of ``path``, which must be a regular file inside ``root`` of at most ``limit`` bytes.

    Raises :class:`UnsafeFile` saying why not.  The file is opened without
    following a final link and checked through the open descriptor, so what is
    checked is what is read.
    """
    real = path.resolve()
    if not real.is_relative_to(root.resolve()):
        raise UnsafeFile(f"is a link to {real}, outside the folder {root}",
                         "copy the file into the folder instead of linking to it")
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise UnsafeFile("does not exist", "check the file name") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafeFile("is a symbolic link that cannot be followed", "replace the link by the file") from None
        raise UnsafeFile(f"cannot be read: {exc.strerror or exc}", "check the file's permissions") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile(f"is {_kind(info.st_mode)}, not a file", "a source must be an ordinary file")
        if info.st_size > limit:
            raise UnsafeFile(f"is {info.st_size:,} bytes, over the {limit:,}-byte limit",
                             "a factsheet source is text: split it, or move large material out of it")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1024 * 1024, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise UnsafeFile(f"grew past the {limit:,}-byte limit while it was read", "check what is writing to it")
        return b"".join(chunks)
    except OSError as exc:
        raise UnsafeFile(f"cannot be read: {exc.strerror or exc}", "check the file's permissions") from None
    finally:
        os.close(fd)


def is_source_file(path: Path, root: Path) -> bool:
    """Whether ``path`` is a regular file inside ``root`` (links followed), without opening it."""
    try:
        return inside(path, root) and stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def control_character(text: str) -> tuple[int, int, str] | None:
    """The line, column and name of the first control character other than tab and line ends, if any."""
    found = _CONTROL_CHARACTER.search(text)
    if found is None:
        return None
    index = found.start()
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column, f"U+{ord(text[index]):04X}"


_CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
"""Unicode's control characters (category Cc: U+0000 to U+001F, U+007F to U+009F) but tab, line feed
and a carriage return before a line feed: one search instead of a look-up per character."""


def read_source_text(path: Path, diagnostics: Diagnostics, root: Path | None = None) -> str | None:
    """The text of a source file inside ``root`` (default: its own folder), or ``None`` after reporting why not."""
    loc = Location(str(path), 1, 1)
    try:
        data = read_regular_file(path, root or path.parent, MAX_SOURCE_BYTES)
    except UnsafeFile as refusal:
        diagnostics.error(loc, f"{path.name} {refusal.reason}", refusal.hint)
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
    text = text.removeprefix("\ufeff")
    found = control_character(text)
    if found is not None:
        line, column, name = found
        diagnostics.error(
            Location(str(path), line, column), f"control character {name} in the text",
            "delete it: it is invisible here and can break the Word file or a terminal (only tabs and line ends are allowed)",
        )
        return None
    return text
