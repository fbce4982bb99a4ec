"""Native libraries opened without subprocesses (WeasyPrint's, liblouis), and still opened when the quick way fails."""

from __future__ import annotations

import subprocess
import sys
import types

import pytest

from builders.common import weasyprint_loader
from conftest import ROOT

# An audit hook sees every subprocess Python starts (ctypes.util.find_library runs ldconfig, gcc, ld).
COUNT_SUBPROCESSES = """
import sys
started = []
sys.addaudithook(lambda event, args: started.append(args[1]) if event == "subprocess.Popen" else None)
{code}
print(len(started), [str(a)[:60] for a in started[:3]])
"""


def _subprocesses_while(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", COUNT_SUBPROCESSES.format(code=code)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_the_pdf_renderer_loads_without_subprocesses() -> None:
    assert _subprocesses_while("import builders.common.weasy").startswith("0 ")


def test_weasyprint_imported_plainly_runs_many() -> None:
    """The guard above can fail: WeasyPrint imported as it comes looks its libraries up with subprocesses."""
    assert int(_subprocesses_while("import weasyprint").split()[0]) >= 5


def test_if_the_quick_way_fails_weasyprint_is_imported_the_ordinary_way(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[bool] = []
    real = types.ModuleType("weasyprint")

    def import_module(name: str) -> types.ModuleType:
        quick = weasyprint_loader.ctypes.util.find_library("c") is None
        attempts.append(quick)
        if quick:
            sys.modules[name] = types.ModuleType(name)  # half-imported, as a failed import may leave it
            raise OSError("cannot load library 'libgobject-2.0-0'")
        return real

    loaded = {name: module for name, module in sys.modules.items() if name.split(".")[0] == "weasyprint"}
    monkeypatch.setattr(weasyprint_loader.importlib, "import_module", import_module)
    try:
        for name in loaded:
            del sys.modules[name]
        assert weasyprint_loader.load_weasyprint() is real
        assert attempts == [True, False]
    finally:  # the WeasyPrint other tests use, as it was
        sys.modules.update(loaded)


def test_liblouis_is_opened_by_its_file_name_else_found_by_ctypes(monkeypatch: pytest.MonkeyPatch) -> None:
    import ctypes

    from builders.common import liblouis

    opened: list[str] = []
    real_cdll = ctypes.CDLL

    def cdll(name: str) -> ctypes.CDLL:
        opened.append(name)
        if len(opened) == 1:  # as on a system where the library has another file name
            raise OSError("no such file")
        return real_cdll(name)

    monkeypatch.setattr(ctypes, "CDLL", cdll)
    liblouis._library.cache_clear()
    try:
        assert liblouis._library().lou_version()
        assert opened[0] == "liblouis.so.20" and len(opened) == 2 and "louis" in opened[1]  # ldconfig's answer
    finally:
        liblouis._library.cache_clear()


RENDER_A_PAGE = """
import sys
{load}
from weasyprint import HTML
pdf = HTML(string="<html lang='en'><title>t</title><p>Help is <b>there</b>, <i>day and night</i>: 116 123.</p>"
           "<ul><li>Samaritans</li></ul></html>").write_pdf(pdf_variant="pdf/ua-1")
from weasyprint.text.ffi import ffi
print(type(ffi).__name__, type(sys.modules["fontTools.subset"]).__name__, pdf.hex())
"""


def _render(load: str) -> tuple[str, str, bytes]:
    result = subprocess.run([sys.executable, "-c", RENDER_A_PAGE.format(load=load)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    ffi_type, subset_type, pdf = result.stdout.split()
    return ffi_type, subset_type, bytes.fromhex(pdf)


def test_the_prepared_declarations_and_lazy_subsetter_give_the_same_pdf_as_weasyprint_alone() -> None:
    quick = _render("import builders.common.weasy")
    plain = _render("import weasyprint")
    assert quick[:2] == ("PrebuiltFFI", "_LazyModule")  # the subsetter was never loaded: HarfBuzz subsets
    assert plain[:2] == ("FFI", "module")
    assert quick[2] == plain[2]


def test_the_table_declares_what_weasyprint_declares() -> None:
    import cffi

    table, sources, _ = weasyprint_loader._table()
    assert table and sources
    prepared, parsed = weasyprint_loader.prebuilt_ffi(table, sources), cffi.FFI()
    for source in sources:
        prepared.cdef(source)  # accepted: the same declarations
        parsed.cdef(source)
    for name in ("PangoRectangle", "hb_tag_t", "FcChar8 *", "PangoLogAttr"):
        assert prepared.sizeof(name) == parsed.sizeof(name)


def test_other_declarations_are_refused_so_weasyprint_is_imported_the_ordinary_way() -> None:
    table, sources, _ = weasyprint_loader._table()
    assert table and sources
    prepared = weasyprint_loader.prebuilt_ffi(table, sources)
    with pytest.raises(weasyprint_loader.DeclarationsDiffer):
        prepared.cdef(sources[0] + "\nint a_new_function (void);")
    assert issubclass(weasyprint_loader.DeclarationsDiffer, OSError)  # load_weasyprint's fallback catches it
