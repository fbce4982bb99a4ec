"""WeasyPrint is imported without running a subprocess, and still imported when the quick way fails."""

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
