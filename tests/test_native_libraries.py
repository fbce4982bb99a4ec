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
