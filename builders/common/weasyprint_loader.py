"""Importing WeasyPrint without a score of subprocesses.

As it is imported, WeasyPrint opens Pango, HarfBuzz, fontconfig and GObject
through cffi, trying each library under several names in turn (the Windows,
macOS and Linux spellings: ``libgobject-2.0-0``, ``gobject-2.0``,
``libgobject-2.0.so.0``...).  cffi hands every name that does not open as it
stands to :func:`ctypes.util.find_library`, which on Linux runs
``ldconfig -p`` and then ``gcc`` and ``ld`` for each name it cannot find:
about twenty subprocesses, a fifth of a second of CPU time and more on a busy
machine, paid by every PDF build (and by ``weasyprint`` on the command line).

:func:`load_weasyprint` imports WeasyPrint while ``find_library`` answers
"not found" at once, so WeasyPrint moves on to the exact file names it also
tries (``libgobject-2.0.so.0``), which the dynamic linker opens directly.  Should
that fail on some system, WeasyPrint is imported again the ordinary way: the
result is never different, only quicker.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import importlib
import io
import sys
from collections.abc import Iterator
from types import ModuleType


@contextlib.contextmanager
def _names_as_written() -> Iterator[None]:
    """While active, ``ctypes.util.find_library`` finds nothing, so only names that open directly are used."""
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _forget_weasyprint() -> None:
    for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
        del sys.modules[name]


def load_weasyprint() -> ModuleType:
    """WeasyPrint, imported with its native libraries opened by their exact file names when possible."""
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    try:
        # WeasyPrint prints advice to stdout when a library fails to open: keep it for the real attempt.
        with _names_as_written(), contextlib.redirect_stdout(io.StringIO()):
            return importlib.import_module("weasyprint")
    except OSError:
        _forget_weasyprint()
        return importlib.import_module("weasyprint")
