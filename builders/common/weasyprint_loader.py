"""Importing WeasyPrint without a score of subprocesses, a C parser run or an unused subsetter.

WeasyPrint's import costs every PDF build a third of a second or more, for three
reasons this module removes (the PDFs are the same, byte for byte):

* **Library names.**  WeasyPrint opens Pango, HarfBuzz, fontconfig and GObject
  through cffi, trying each library under several names in turn (the Windows,
  macOS and Linux spellings: ``libgobject-2.0-0``, ``gobject-2.0``,
  ``libgobject-2.0.so.0``...).  cffi hands every name that does not open as it
  stands to :func:`ctypes.util.find_library`, which on Linux runs ``ldconfig -p``
  and then ``gcc`` and ``ld`` for each name it cannot find: about twenty
  subprocesses, a fifth of a second of CPU time.  While WeasyPrint is imported
  here, ``find_library`` answers "not found" at once, so WeasyPrint moves on to
  the exact file names it also tries, which the dynamic linker opens directly.
* **C declarations.**  WeasyPrint declares the libraries' functions and types
  as 16 kB of C, which cffi parses with pycparser (pure Python) at every
  import, and again for each type named later (``'PangoRectangle *'``): about
  50 ms.  cffi's documented "out-of-line ABI mode" turns the same declarations
  into a compact table once; :func:`prepare` makes that table (``make`` runs it,
  and it is kept by :mod:`builders.common.local_cache`), and WeasyPrint's
  ``cffi.FFI()`` is given an FFI built from it, whose ``cdef`` only confirms
  that the declarations are the ones the table was made from.
* **The fontTools subsetter.**  WeasyPrint imports ``fontTools.subset`` (60 ms)
  for the fonts it embeds, but uses it only where HarfBuzz cannot subset (a
  HarfBuzz older than 4.1, or none).  It is imported here with
  :class:`importlib.util.LazyLoader`: loaded when first used, never otherwise.

Should the quick way fail on some system (a library that does not open, a
declarations table that does not match), WeasyPrint is imported again the
ordinary way: the result is never different, only quicker.
"""

from __future__ import annotations

import ast
import contextlib
import ctypes.util
import hashlib
import importlib
import importlib.util
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

_TABLE_MAGIC = "# factsheet-publisher: WeasyPrint's C declarations, cffi out-of-line ABI mode\n"
_MODULE_NAME = "_factsheet_weasyprint_ffi"


class DeclarationsDiffer(OSError):
    """WeasyPrint declared something other than the prepared table holds: import it the ordinary way."""


@contextlib.contextmanager
def _names_as_written() -> Iterator[None]:
    """While active, ``ctypes.util.find_library`` finds nothing, so only names that open directly are used."""
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = original


# --------------------------------------------------------------------------
# WeasyPrint's C declarations, prepared once
# --------------------------------------------------------------------------


def _declarations_file() -> Path | None:
    """WeasyPrint's ``text/ffi.py`` (where its ``ffi.cdef`` is), found without importing WeasyPrint."""
    spec = importlib.util.find_spec("weasyprint")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "text" / "ffi.py"
    return path if path.is_file() else None


def declared_sources(path: Path) -> list[str] | None:
    """The C text of every ``ffi.cdef("...")`` in the file, in order; None if one is not a plain string."""
    sources = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "cdef":
            if len(node.args) != 1 or node.keywords or not isinstance(node.args[0], ast.Constant) \
                    or not isinstance(node.args[0].value, str):
                return None
            sources.append(node.args[0].value)
    return sources or None


def _digest(sources: list[str]) -> str:
    return hashlib.sha256("\0".join(sources).encode("utf-8")).hexdigest()


def make_table(sources: list[str]) -> bytes:
    """cffi's out-of-line ABI module for the declarations (Python source), after a line naming their digest."""
    import cffi

    builder = cffi.FFI()
    for source in sources:
        builder.cdef(source)
    builder.set_source(_MODULE_NAME, None)
    module = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()):  # cffi says "generating ..." on standard output
        builder.emit_python_code(module)
    return (_TABLE_MAGIC + f"# {_digest(sources)}\n" + module.getvalue()).encode("utf-8")


def _read_table(data: bytes) -> str | None:
    text = data.decode("utf-8", "replace")
    return text if text.startswith(_TABLE_MAGIC) and "ffi = _cffi_backend.FFI(" in text else None


def _table(folders: list[Path] | None = None) -> tuple[str | None, list[str] | None, Path | None]:
    """The prepared table's text, the declarations it holds and its file (made now if missing)."""
    import _cffi_backend

    from builders.common.local_cache import cache_name, cached

    path = _declarations_file()
    sources = declared_sources(path) if path else None
    if path is None or sources is None:
        return None, None, None
    name = f"weasyprint-ffi-1-cffi{_cffi_backend.__version__}-py{sys.version_info[0]}{sys.version_info[1]}-"
    text, where = cached(cache_name(name + "ffi", path) + ".py", lambda: make_table(sources), _read_table, folders)
    return text, sources, where


def prepare() -> Path | None:
    """Make sure the declarations table exists (``make`` runs this); its file, or None if it cannot be kept."""
    return _table()[2]


def prebuilt_ffi(table: str, sources: list[str]) -> object:
    """An FFI made from the table, whose ``cdef`` accepts exactly ``sources`` (else :class:`DeclarationsDiffer`)."""
    import _cffi_backend

    expected = list(sources)

    class PrebuiltFFI(_cffi_backend.FFI):  # type: ignore[misc, name-defined]
        """cffi's FFI for the prepared declarations; declaring them again only confirms they are the same."""

        def cdef(self, csource: str, override: bool = False, packed: bool = False, pack: int | None = None) -> None:
            if not expected or csource != expected.pop(0) or override or packed or pack:
                raise DeclarationsDiffer("WeasyPrint's C declarations differ from the prepared table")

    namespace: dict[str, object] = {"__name__": _MODULE_NAME}
    code = table.replace("_cffi_backend.FFI(", "PrebuiltFFI(", 1)
    namespace["PrebuiltFFI"] = PrebuiltFFI
    exec(compile(code, f"<{_MODULE_NAME}>", "exec"), namespace)  # noqa: S102 - cffi's own generated module
    return namespace["ffi"]


@contextlib.contextmanager
def _prepared_declarations() -> Iterator[None]:
    """While active, the first ``cffi.FFI()`` (WeasyPrint's) is the FFI made from the prepared table."""
    try:
        table, sources, _ = _table()
        ffi = prebuilt_ffi(table, sources) if table and sources else None
    except Exception:  # noqa: BLE001 - no table: WeasyPrint parses its declarations itself, as it always did
        ffi = None
    if ffi is None:
        yield
        return
    import cffi

    original = cffi.FFI

    def first_ffi(*args: object, **kwargs: object) -> object:
        cffi.FFI = original
        return ffi if not args and not kwargs else original(*args, **kwargs)

    cffi.FFI = first_ffi
    try:
        yield
    finally:
        cffi.FFI = original


# --------------------------------------------------------------------------
# fontTools' subsetter, loaded only if used
# --------------------------------------------------------------------------


def _subsetter_on_demand() -> None:
    """Put ``fontTools.subset`` in place as a module that loads itself when first used."""
    if "fontTools.subset" in sys.modules:
        return
    import fontTools

    spec = importlib.util.find_spec("fontTools.subset")
    if spec is None or spec.loader is None:
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules["fontTools.subset"] = module
    spec.loader.exec_module(module)
    fontTools.subset = module  # as an import would: 'from fontTools import subset' finds it


# --------------------------------------------------------------------------
# Importing
# --------------------------------------------------------------------------


def _forget_weasyprint() -> None:
    for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
        del sys.modules[name]


def load_weasyprint() -> ModuleType:
    """WeasyPrint, imported quickly (see the module's notes) when possible, else the ordinary way."""
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    try:
        _subsetter_on_demand()
        # WeasyPrint prints advice to stdout when a library fails to open: keep it for the real attempt.
        with _names_as_written(), _prepared_declarations(), contextlib.redirect_stdout(io.StringIO()):
            return importlib.import_module("weasyprint")
    except OSError:
        _forget_weasyprint()
        return importlib.import_module("weasyprint")
