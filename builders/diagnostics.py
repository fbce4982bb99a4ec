"""Problems found in a source, reported as ``path:line:col: error: message``.

A :class:`Diagnostic` is a deliberate message for staff, never a bug; bugs
stay tracebacks.  :class:`Diagnostics` collects every problem of a run so that
one ``factsheet check`` reports them all at once.  :class:`SourceError` is
raised by builders that meet a problem only they can see (a refused image
address, a missing speech engine): the command line prints it like any other
diagnostic and exits 1.
"""

from __future__ import annotations

import enum
import os
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from builders.model import Location


class Severity(enum.Enum):
    """How bad a problem is: an error stops the build; a warning does only with ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One located problem with a hint on how to put it right."""

    severity: Severity
    loc: Location
    message: str
    hint: str = ""

    def format(self) -> str:
        """The compiler-style text: ``path:line:col: error: message`` and an indented hint.

        Control characters from the source (in a path, a quoted value, a YAML key)
        are shown as ``\\x1b`` and the like, never sent to the terminal.
        """
        path, message = printable(_display_path(self.loc.path)), printable(self.message, keep_newlines=False)
        text = f"{path}:{self.loc.line}:{self.loc.column}: {self.severity.value}: {message}"
        if self.hint:
            text += f"\n    hint: {printable(self.hint, keep_newlines=False)}"
        return text

    def sort_key(self) -> tuple[str, int, int]:
        """Order by file, then line, then column."""
        return (self.loc.path, self.loc.line, self.loc.column)


class Diagnostics:
    """An append-only collection of diagnostics for one run."""

    def __init__(self) -> None:
        self._items: list[Diagnostic] = []

    def error(self, loc: Location, message: str, hint: str = "") -> None:
        """Record an error."""
        self._items.append(Diagnostic(Severity.ERROR, loc, message, hint))

    def warning(self, loc: Location, message: str, hint: str = "") -> None:
        """Record a warning."""
        self._items.append(Diagnostic(Severity.WARNING, loc, message, hint))

    def extend(self, items: Iterable[Diagnostic]) -> None:
        """Add diagnostics found elsewhere."""
        self._items.extend(items)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(sorted(self._items, key=Diagnostic.sort_key))

    def __len__(self) -> int:
        return len(self._items)

    def has_errors(self, strict: bool = False) -> bool:
        """True when anything should stop a build (warnings too when ``strict``)."""
        return any(d.severity is Severity.ERROR or strict for d in self._items)

    def count(self, severity: Severity) -> int:
        """How many diagnostics have this severity."""
        return sum(1 for d in self._items if d.severity is severity)


class SourceError(Exception):
    """A problem in the source that a builder found while building (not a bug)."""

    def __init__(self, loc: Location, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.diagnostic = Diagnostic(Severity.ERROR, loc, message, hint)


def printable(text: str, keep_newlines: bool = True) -> str:
    """``text`` safe to print on a terminal: control and format characters shown as escapes.

    An escape sequence copied from a source file could otherwise retitle the
    window, move the cursor or clear the screen that holds earlier messages.
    """
    out = []
    for ch in text:
        if (ch == "\n" and keep_newlines) or ch == "\t":
            out.append(ch)
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            out.append(ch.encode("unicode_escape").decode("ascii") if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    return "".join(out)


def _display_path(path: str) -> str:
    """A path relative to the working folder when it lies below it, so messages stay short."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel
