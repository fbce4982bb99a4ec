"""The registry of output formats: the one place a builder is named.

A new format is one module in this package and one :func:`register` line
below.  Entries are ``module:Class`` strings so that the command line starts
quickly and a builder's heavy libraries load only when it is used.

The order below is the order people see: each web page's downloads panel and
the catalog list the files every builder declares (``output_files``) in
registry order, full copies first, then the easy-read ones.  ``factsheet
formats`` lists them in this order too.  Nothing else names a format: the web
page and ``factsheet verify`` read every builder's declarations.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

from builders.formats.base import Builder

_REGISTRY: dict[str, str] = {}


_ASSEMBLING: list[str] = []


def register(name: str, target: str, *, assembles: bool = False) -> None:
    """Add a format; a name can be registered once only.

    ``assembles``: the builder's ``finish`` writes something spanning every
    factsheet from the files already built (the catalog page), so ``factsheet
    catalog`` runs it after a sharded build (without importing the other builders).
    """
    if name in _REGISTRY:
        raise ValueError(f"format {name!r} is already registered as {_REGISTRY[name]}")
    _REGISTRY[name] = target
    if assembles:
        _ASSEMBLING.append(name)


def assembling_formats() -> tuple[str, ...]:
    """The formats registered with ``assembles=True``, in registry order."""
    return tuple(_ASSEMBLING)


def format_names() -> tuple[str, ...]:
    """Every registered format, in registry order."""
    return tuple(_REGISTRY)


def builder_module_file(name: str) -> Path:
    """The source file of a format's builder module, found without importing it (and its libraries)."""
    module_name = _REGISTRY[name].partition(":")[0]
    spec = importlib.util.find_spec(module_name)
    if spec is None or spec.origin is None:
        raise ValueError(f"format {name!r}: module {module_name} not found")
    return Path(spec.origin)


def get_builder(name: str) -> Builder:
    """A new builder for the named format."""
    module_name, _, class_name = _REGISTRY[name].partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    builder: Builder = cls()
    return builder


register("pdf", "builders.formats.pdf:PdfBuilder")
register("large-print", "builders.formats.pdf:LargePrintBuilder")
register("docx", "builders.formats.docx:WordBuilder")
register("text", "builders.formats.text:PlainTextBuilder")
register("braille", "builders.formats.braille:BrailleBuilder")
register("audio", "builders.formats.audio:AudioBuilder")
register("epub", "builders.formats.epub:EpubBuilder")
register("easy-read", "builders.formats.easy_read:EasyReadBuilder")
register("easy-read-docx", "builders.formats.easy_read_docx:EasyReadDocxBuilder")
register("easy-read-audio", "builders.formats.easy_read_audio:EasyReadAudioBuilder")
register("easy-read-epub", "builders.formats.easy_read_epub:EasyReadEpubBuilder")
register("easy-read-braille", "builders.formats.braille:EasyReadBrailleBuilder")
register("web", "builders.formats.web:WebBuilder", assembles=True)
