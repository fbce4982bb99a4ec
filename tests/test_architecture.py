"""The package's layering, checked by reading its source: the rules hold without anyone remembering them.

- ``builders/common`` (shared helpers) never imports ``builders/formats``;
- the model, the parser and the checks import no builder;
- no builder imports another builder (a builder is a module named in the registry);
- outside ``builders/formats/`` only the registry (``builders.formats``) and the
  builder interface (``builders.formats.base``) are imported, and no code names a
  format or one of its output files: formats are known by their declarations.

Docstrings may talk about formats; code may not.  The names checked come from
the registry and from what each builder declares for the every-feature
fixture, so a new format is covered the day it is registered.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from builders.formats import _REGISTRY, format_names, get_builder
from conftest import COMPLETE_SOURCE, ROOT, load_clean

PACKAGE = ROOT / "builders"
FORMATS = PACKAGE / "formats"

SOURCE_CONTENT_NAMES = {
    "text": "a contact's text number, an easy-read item's text, a Markdown text token (fields of the source)",
    "easy-read": "the easy-read layer (easy-read.yaml) is source content, not a format",
}
"""Format names that are also names of source content, so code outside formats/ may use them."""

NOT_FORMATS = {
    ("parse/pictures.py", "audio"): "an SVG element a picture may not contain, not the audio format",
    ("common/epub/xhtml.py", "epub"): "the XML prefix of the OPS namespace (epub:type), not the format",
    ("common/epub/documents.py", "epub"): "the templates folder the two EPUB formats share, not the format",
}
"""Strings that are a format's name but mean something else where they are: (module, string) → why."""

NOT_OUTPUTS = {
    ("common/speech/recording.py", ".mp3"): "a temporary segment of the recording in the work folder, not an output",
    ("common/speech/timed.py", ".mp3"): "a part of the timed narration in the work folder, not an output",
    ("common/epub/overlays.py", ".mp3"): "a narration file inside the EPUB's zip, not an output",
}
"""Strings that look like an output's name but are not one: (module, string) → why."""


def modules(under: Path = PACKAGE) -> list[Path]:
    """Every Python module under ``under``."""
    return sorted(under.rglob("*.py"))


def relative(path: Path) -> str:
    """``common/speech/publish.py``: a module's path inside the package."""
    return path.relative_to(PACKAGE).as_posix()


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, absolute (``from builders.formats import base`` gives both names)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module if node.level == 0 else _resolve(path, node.module, node.level)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _resolve(path: Path, module: str, level: int) -> str:
    package = path.relative_to(ROOT).with_suffix("").parts[:-level]
    return ".".join((*package, module))


def code_strings(path: Path) -> Iterator[tuple[int, str]]:
    """Every string constant in the module's code (f-string parts too), docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    prose = {id(node.value) for node in ast.walk(tree)
             if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in prose:
            yield node.lineno, node.value


def builder_modules() -> dict[str, str]:
    """The module of every registered builder, by format name."""
    return {name: _REGISTRY[name].partition(":")[0] for name in format_names()}


@cache
def output_file_endings() -> frozenset[str]:
    """What each declared output's name is after the factsheet id (``-large-print.pdf``, ``.mp3``, ``index.html``).

    Taken from every registered builder's declarations for the every-feature
    fixture; files copied from the source (a page's pictures) are the source's names, not a format's.
    """
    factsheet = load_clean(COMPLETE_SOURCE).factsheets[0]
    endings = set()
    for name in format_names():
        for file in get_builder(name).output_files(factsheet):
            if (factsheet.folder / file.name).is_file():
                continue
            endings.add(file.name.removeprefix(factsheet.id))
    return frozenset(endings)


OUTSIDE_FORMATS = [p for p in modules() if not p.is_relative_to(FORMATS)]


# --------------------------------------------------------------------------
# Imports
# --------------------------------------------------------------------------


@pytest.mark.parametrize("path", modules(PACKAGE / "common"), ids=relative)
def test_shared_code_never_imports_a_format(path: Path) -> None:
    assert not {m for m in imported_modules(path) if m.startswith("builders.formats")}


@pytest.mark.parametrize("path", [PACKAGE / "model.py", *modules(PACKAGE / "parse"), *modules(PACKAGE / "checks")],
                         ids=relative)
def test_the_model_parser_and_checks_import_no_builder(path: Path) -> None:
    assert not {m for m in imported_modules(path) if m.startswith(("builders.formats", "builders.commands"))}


@pytest.mark.parametrize("name", format_names())
def test_no_builder_imports_another_builder(name: str) -> None:
    own = builder_modules()[name]
    others = {module for module in builder_modules().values() if module != own}
    path = ROOT / (own.replace(".", "/") + ".py")
    assert not imported_modules(path) & others


@pytest.mark.parametrize("path", OUTSIDE_FORMATS, ids=relative)
def test_outside_formats_only_the_registry_and_the_builder_interface_are_imported(path: Path) -> None:
    allowed = {"builders.formats", "builders.formats.base", "builders.formats.base.Builder"}
    allowed |= {f"builders.formats.{name}" for name in ("format_names", "get_builder", "register", "assembling_formats",
                                                        "builder_module_file")}
    assert {m for m in imported_modules(path) if m.startswith("builders.formats")} <= allowed


# --------------------------------------------------------------------------
# Names of formats and of their files
# --------------------------------------------------------------------------


@pytest.mark.parametrize("path", OUTSIDE_FORMATS, ids=relative)
def test_outside_formats_no_code_names_a_format(path: Path) -> None:
    named = [(line, s) for line, s in code_strings(path)
             if s in format_names() and s not in SOURCE_CONTENT_NAMES and (relative(path), s) not in NOT_FORMATS]
    assert named == [], "formats are known by the registry and their declarations only"


@pytest.mark.parametrize("path", OUTSIDE_FORMATS, ids=relative)
def test_outside_formats_no_code_names_an_output_file(path: Path) -> None:
    named = [(line, s) for line, s in code_strings(path) for ending in output_file_endings()
             if ending in s and (relative(path), s) not in NOT_OUTPUTS]
    assert named == [], "output names come from the builders' output_files() declarations"


def test_the_endings_checked_include_every_kind_of_output() -> None:
    endings = output_file_endings()
    assert {".pdf", "-large-print.pdf", "-easy-read.pdf", ".docx", ".mp3", "-transcript.txt", "index.html"} <= endings


# --------------------------------------------------------------------------
# The declarations themselves
# --------------------------------------------------------------------------


def test_no_two_formats_declare_the_same_file(complete_project) -> None:
    factsheet = complete_project.factsheets[0]
    names = [file.name for name in format_names() for file in get_builder(name).output_files(factsheet)]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("name", format_names())
def test_every_offered_file_has_a_label_and_its_companions_go_with_a_file_of_the_same_format(
        name: str, complete_project) -> None:
    files = get_builder(name).output_files(complete_project.factsheets[0])
    assert files, "a format writes at least one file"
    declared = {file.name for file in files}
    for file in files:
        assert file.label.strip() and file.kind.type_name.strip()
        assert not file.companion_of or file.companion_of in declared
