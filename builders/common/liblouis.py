"""Braille translation with liblouis, called through its C library.

Used by the ``braille`` builder (translation) and by the checks (which
characters a table cannot translate), so both ask the same tables the same
question.

Why the C library (``ctypes``) and not the ``lou_translate`` command:

- only the library takes a *typeform* for each character, which is how
  liblouis is told that a web address, email address or phone number is
  technical material to be written uncontracted (UEB Rules 10.12, and the
  issue's "no contraction inside them") while the words around it stay
  contracted;
- only the library returns, for each braille cell, the print character it
  came from, so lines can be divided at a real hyphen or after a slash of a
  web address and nowhere else;
- one factsheet is a few hundred calls in one process, with no process to
  start per paragraph.

Debian's ``python3-louis`` is a thin ``ctypes`` wrapper too, but it is
installed for the system Python only and cannot be imported from the
project's virtual environment; these few calls do the same against
``liblouis.so.20`` (Debian ``liblouis20``, pulled in by ``liblouis-bin``).
liblouis is not thread-safe, so every call holds one lock.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

GRADE_TABLES = {1: "en-ueb-g1.ctb", 2: "en-ueb-g2.ctb"}
"""UEB uncontracted (grade 1) and contracted (grade 2) tables of liblouis-data."""

PLAIN = 0x0000
ITALIC = 0x0001
BOLD = 0x0004
NO_CONTRACT = 0x1000
"""Typeform values of liblouis.h (``emph_1``, ``emph_3``, ``no_contract``)."""

_MODE_NO_UNDEFINED = 128
"""liblouis ``noUndefined``: an untranslatable character gives no cells (instead of ``'\\x..'``)."""

BRAILLE_ASCII = frozenset(chr(code) for code in range(0x20, 0x60))
"""The 64 characters of North American Braille ASCII, the cells of a BRF file (space included).

liblouis writes letters and four signs in their lower-case forms (``a``, ``{``);
:func:`translate` returns the upper-case forms, the usual ones in BRF files."""

_TO_UPPER = {code: code - 0x20 for code in range(0x60, 0x80)}
TO_LOWER = {code: code + 0x20 for code in range(0x40, 0x5F)}
"""Braille ASCII as the UEB tables read it back: ``@A-Z[\\]^`` in lower case; ``_`` stays."""

_LOCK = threading.Lock()


class LiblouisMissing(RuntimeError):
    """liblouis is not installed (Debian ``liblouis-bin liblouis-data``; ``make`` installs them)."""


@lru_cache(maxsize=1)
def _library() -> ctypes.CDLL:
    try:  # Debian's file name first: find_library runs ldconfig (and gcc) in a subprocess
        lib = ctypes.CDLL("liblouis.so.20")
    except OSError:
        from ctypes.util import find_library  # imports subprocess and tempfile: only when the usual name fails

        try:
            lib = ctypes.CDLL(find_library("louis") or "liblouis.so")
        except OSError as error:
            raise LiblouisMissing(f"liblouis is not installed ({error})") from None
    char_p, int_p = ctypes.POINTER(ctypes.c_char), ctypes.POINTER(ctypes.c_int)
    lib.lou_charSize.restype = ctypes.c_int
    lib.lou_version.restype = ctypes.c_char_p
    lib.lou_translate.argtypes = (
        ctypes.c_char_p, char_p, int_p, char_p, int_p, ctypes.POINTER(ctypes.c_ushort),
        char_p, int_p, int_p, int_p, ctypes.c_int,
    )
    lib.lou_backTranslateString.argtypes = (
        ctypes.c_char_p, char_p, int_p, char_p, int_p, ctypes.POINTER(ctypes.c_ushort), char_p, ctypes.c_int,
    )
    return lib


def available() -> bool:
    """Whether the liblouis library can be loaded."""
    try:
        _library()
    except LiblouisMissing:
        return False
    return True


def version() -> str:
    """liblouis's version, e.g. ``3.24.0``."""
    return str(_library().lou_version().decode("ascii"))


def _encoding() -> tuple[str, int]:
    size = int(_library().lou_charSize())
    return f"utf_{size * 8}_le", size


@dataclass(frozen=True, slots=True)
class Translation:
    """Braille cells (Braille ASCII) and, for each cell, the index of the print character it came from."""

    cells: str
    sources: tuple[int, ...]


def translate(text: str, table: str, typeforms: Sequence[int] | None = None, *, strict: bool = False) -> Translation:
    """Translate print to Braille ASCII with one liblouis table.

    ``typeforms`` gives one value per character (``BOLD``, ``NO_CONTRACT``...).
    With ``strict``, a character the table does not define gives no cells
    rather than liblouis's ``'\\x....'`` escape, so a caller can tell.
    """
    if not text:
        return Translation("", ())
    encoding, size = _encoding()
    data = text.encode(encoding, "surrogatepass")
    length = len(data) // size
    room = length * 8 + 64
    in_len, out_len = ctypes.c_int(length), ctypes.c_int(room)
    out_buf = ctypes.create_string_buffer(room * size)
    forms = (ctypes.c_ushort * room)(*typeforms) if typeforms else None
    input_pos = (ctypes.c_int * room)()
    mode = _MODE_NO_UNDEFINED if strict else 0
    with _LOCK:
        lib = _library()
        ok = lib.lou_translate(table.encode(), data, ctypes.byref(in_len), out_buf, ctypes.byref(out_len),
                               forms, None, None, input_pos, None, mode)
    if not ok:
        raise RuntimeError(f"liblouis could not load table {table}")
    cells = out_buf.raw[: out_len.value * size].decode(encoding, "surrogatepass").translate(_TO_UPPER)
    return Translation(cells, tuple(input_pos[: out_len.value]))


def back_translate(cells: str, table: str) -> str:
    """Braille ASCII (either case) back to print, as liblouis reads it (for checking a translation)."""
    if not cells:
        return ""
    encoding, size = _encoding()
    data = cells.translate(TO_LOWER).encode(encoding)
    length = len(data) // size
    room = length * 4 + 64
    in_len, out_len = ctypes.c_int(length), ctypes.c_int(room)
    out_buf = ctypes.create_string_buffer(room * size)
    with _LOCK:
        ok = _library().lou_backTranslateString(table.encode(), data, ctypes.byref(in_len), out_buf,
                                                ctypes.byref(out_len), None, None, 0)
    if not ok:
        raise RuntimeError(f"liblouis could not load table {table}")
    return out_buf.raw[: out_len.value * size].decode(encoding, "surrogatepass")


SPACES = {"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ", "\t": " ", "\n": " "}
"""Print spaces written as one braille space (liblouis passes a no-break space through untranslated)."""


@lru_cache(maxsize=4096)
def is_translatable(character: str, table: str) -> bool:
    """Whether the table turns this character into braille cells (and nothing else)."""
    character = SPACES.get(character, character)
    if character == " ":
        return True
    cells = translate(character, table, strict=True).cells
    return bool(cells) and all(cell in BRAILLE_ASCII for cell in cells)
