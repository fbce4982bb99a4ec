"""The web page of each factsheet (``output/ID/index.html``) and the catalog (``output/index.html``).

Most people meet a factsheet as a web page, then download a copy or ask for
another format, so the page holds the whole factsheet (the same HTML
fragments as the PDF, from :mod:`builders.common.html`) and a "Download and
other formats" panel listing the files the other builders wrote.  The panel
knows no format: it lists, in registry order, every file the other
registered builders declare and offer (:meth:`Builder.output_files`) that
exists, with the label, type and pages or length their declarations give,
and plays the ones declared to play.  The catalog lists the same files.  It runs
after the other builders (``needs_other_outputs``).  Pages need no JavaScript; the
stylesheet is written into each page so a page works opened from a disk too.
Accessibility target: WCAG 2.2 AA (checked with axe-core in headless Chromium
by ``tests/test_web.py``).
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from builders.common import html as fragments
from builders.common.citations import DEFAULT_STYLE, format_references
from builders.common.dates import long_date
from builders.formats import format_names, get_builder
from builders.formats.base import TEMPLATES_DIR, BuildContext, Builder, atomic_path
from builders.formats.file_kinds import JSON, PICTURE, WEB_PAGE
from builders.model import Factsheet, plain_text
from builders.output_files import Chapter, FileFacts, Layer, OnPage, OutputFile, Role, clock
from builders.settings import Organisation, Settings, read_options

WEB_TEMPLATES = TEMPLATES_DIR / "web"
PAGE_TEMPLATE = "web/factsheet.html.j2"
CATALOG_TEMPLATE = "web/catalog.html.j2"
STYLESHEET = WEB_TEMPLATES / "web.css"
PAGE_NAME = "index.html"
ENTRY_NAME = "catalog-entry.json"
"""What the catalog needs to know about a factsheet, kept beside its page so a one-factsheet
rebuild (``factsheet build ID``, ``factsheet serve``) still writes a catalog of every factsheet."""


@dataclass(frozen=True)
class WebOptions:
    """Settings of the ``web`` format (``formats: {web: {...}}`` in publisher.yaml)."""

    citation_style: str = DEFAULT_STYLE
    """The CSL style of the reference list."""


# --------------------------------------------------------------------------
# What the other builders wrote
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Download:
    """One built file, as the panel describes it."""

    name: str
    label: str
    file_type: str
    size: int
    pages: int | None = None
    seconds: float | None = None
    chapters: tuple[Chapter, ...] = ()
    is_audio: bool = False
    """Whether the page plays it with an ``<audio>`` player (its declaration says :attr:`OnPage.PLAY`)."""

    @property
    def details(self) -> str:
        """'PDF, 120 KB, 6 pages' or 'MP3 audio, 4.2 MB, 12:30'."""
        parts = [self.file_type, human_size(self.size)]
        if self.pages is not None:
            parts.append(f"{self.pages} page" + ("" if self.pages == 1 else "s"))
        if self.seconds is not None:
            parts.append(f"{clock(self.seconds)} long")
        return ", ".join(parts)


def human_size(size: int) -> str:
    """A file size in the units people know (KB and MB of 1,000 bytes, as file managers show)."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1000:.0f} KB"
    return f"{size / 1_000_000:.1f} MB"


def offered_files(factsheet: Factsheet) -> tuple[OutputFile, ...]:
    """Every file the other registered formats declare for the factsheet and offer people, in registry order."""
    files: list[OutputFile] = []
    for name in format_names():
        builder = get_builder(name)
        if isinstance(builder, WebBuilder) or not builder.applies_to(factsheet):
            continue
        files.extend(file for file in builder.output_files(factsheet) if file.offered)
    return tuple(files)


def downloads(factsheet: Factsheet, folder: Path) -> tuple[Download, ...]:
    """The offered files that exist in ``folder``, with their size and pages or length, in registry order.

    A recording plays with the chapters of a companion chapter list when it has
    one, else with the chapters it carries itself.
    """
    present = [file for file in offered_files(factsheet) if (folder / file.name).is_file()]
    facts: dict[str, FileFacts] = {file.name: file.kind.facts(folder / file.name) for file in present}
    found: list[Download] = []
    for file in present:
        own = facts[file.name]
        listed = [facts[c.name].chapters for c in present if c.companion_of == file.name and facts[c.name].chapters]
        chapters = listed[0] if listed else own.chapters
        found.append(Download(file.name, file.label, file.kind.type_name, (folder / file.name).stat().st_size,
                              own.pages, own.seconds, chapters, file.presented is OnPage.PLAY))
    return tuple(found)


# --------------------------------------------------------------------------
# Templates
# --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )


def _stylesheet() -> Markup:
    return Markup(STYLESHEET.read_text(encoding="utf-8").replace("</", "<\\/"))


_CITATION_LINK = re.compile(r'<a class="citation" href="#ref-(\d+)">')


class _CitationIds:
    """Gives every citation link an id, so each reference can link back to where it is cited."""

    def __init__(self) -> None:
        self.back: dict[int, list[str]] = {}

    def __call__(self, fragment: Markup) -> Markup:
        def add_id(match: re.Match[str]) -> str:
            number = int(match.group(1))
            ids = self.back.setdefault(number, [])
            ids.append(f"cite-{number}-{len(ids) + 1}")
            return f'<a class="citation" id="{ids[-1]}" href="#ref-{number}">'

        return Markup(_CITATION_LINK.sub(add_id, str(fragment)))


@dataclass(frozen=True)
class ContentsEntry:
    """One line of the contents list."""

    id: str
    title: str


def contents_entries(factsheet: Factsheet) -> tuple[ContentsEntry, ...]:
    """The top-level sections, then the closing parts the page has."""
    entries = [ContentsEntry(s.id, s.title_text) for s in factsheet.sections]
    if factsheet.further_reading:
        entries.append(ContentsEntry("further-reading", "Further reading"))
    if factsheet.contacts:
        entries.append(ContentsEntry("useful-contacts", "Useful contacts"))
    if factsheet.cited_references():
        entries.append(ContentsEntry("references", "References"))
    entries.append(ContentsEntry("downloads", "Download and other formats"))
    entries.append(ContentsEntry("about-this-factsheet", "About this factsheet"))
    return tuple(entries)


def _local_pictures(factsheet: Factsheet) -> tuple[str, ...]:
    """Picture addresses inside the factsheet's folder, which the page needs beside it."""
    folder = factsheet.folder.resolve()
    found = []
    for src in fragments.image_locations(factsheet):
        if "://" in src or src.startswith(("/", "data:")):
            continue
        path = (folder / src).resolve()
        if path.is_relative_to(folder) and path.is_file():
            found.append(src)
    return tuple(found)


def page_html(factsheet: Factsheet, settings: Settings, available: tuple[Download, ...]) -> str:
    """The whole factsheet as one accessible web page."""
    meta = factsheet.metadata
    options = read_options(WebOptions, settings.options("web"), "web")
    numbers = factsheet.citation_numbers()
    ids = _CitationIds()
    introduction = ids(fragments.inlines(meta.introduction, numbers))
    key_points = [ids(fragments.inlines(p.inlines, numbers)) for p in factsheet.key_points]
    sections = [ids(fragments.section(s, numbers)) for s in factsheet.sections]
    website = settings.organisation.website or ""
    return _environment().get_template(PAGE_TEMPLATE).render(
        meta=meta,
        organisation=settings.organisation,
        css=_stylesheet(),
        subject=plain_text(meta.introduction),
        introduction=introduction,
        urgent=factsheet.urgent_help,
        urgent_contacts=[fragments.contact(c) for c in factsheet.urgent_help.contacts],
        key_points=key_points,
        contents=contents_entries(factsheet),
        sections=sections,
        further_reading=[fragments.further_reading(item) for item in factsheet.further_reading],
        contacts=[fragments.contact(c) for c in factsheet.contacts],
        references=format_references(factsheet, options.citation_style),
        back_links=ids.back,
        downloads=available,
        last_updated=long_date(meta.last_updated),
        last_updated_iso=meta.last_updated.isoformat(),
        next_review=long_date(meta.next_review),
        website_short=website.removeprefix("https://").removeprefix("http://").rstrip("/"),
    )


# --------------------------------------------------------------------------
# The builder
# --------------------------------------------------------------------------


class WebBuilder(Builder):
    """Writes ``output/ID/index.html`` for each factsheet and ``output/index.html``, the catalog."""

    name = "web"
    description = "Web page with downloads panel (ID/index.html), and the catalog (index.html)"
    needs_other_outputs = True

    def output_files(self, factsheet: Factsheet) -> tuple[OutputFile, ...]:
        """The page (verified as the whole factsheet), its catalog entry and the pictures it shows."""
        return (
            OutputFile(PAGE_NAME, WEB_PAGE, "Web page", Role.MAIN, Layer.FULL),
            OutputFile(ENTRY_NAME, JSON, "Catalog entry", Role.SUPPORTING, None),
            *(OutputFile(src, PICTURE, "Picture", Role.SUPPORTING, None) for src in _local_pictures(factsheet)),
        )

    def inputs(self, factsheet: Factsheet, settings: Settings) -> tuple[Path, ...]:
        """The templates and stylesheet the page is made from."""
        return (TEMPLATES_DIR / PAGE_TEMPLATE, STYLESHEET)

    def build(self, factsheet: Factsheet, context: BuildContext) -> None:
        """Copy the pictures, then write the page and the factsheet's catalog entry."""
        for src in _local_pictures(factsheet):
            with context.writing(src) as tmp:
                shutil.copyfile(factsheet.folder / src, tmp)
        available = downloads(factsheet, context.out_dir)
        context.write_text(PAGE_NAME, page_html(factsheet, context.settings, available))
        meta = factsheet.metadata
        entry = {
            "id": factsheet.id, "title": meta.title, "introduction": plain_text(meta.introduction),
            "version": meta.version, "last_updated": meta.last_updated.isoformat(),
            "keywords": list(meta.keywords), "language": meta.language,
            "downloads": [{"name": d.name, "label": d.label, "details": d.details} for d in available],
        }
        context.write_text(ENTRY_NAME, json.dumps(entry, ensure_ascii=False, indent=1) + "\n")

    def finish(self, factsheets: tuple[Factsheet, ...], out_root: Path, settings: Settings) -> None:
        """Write the catalog of every factsheet that has a page in ``out_root``."""
        if not out_root.is_dir():
            return
        with atomic_path(out_root / PAGE_NAME) as tmp:
            tmp.write_text(catalog_html(out_root, settings.organisation), encoding="utf-8")


@dataclass(frozen=True)
class CatalogDownload:
    """One file in a catalog entry: the page's panel lists it the same way."""

    name: str
    label: str
    details: str


@dataclass(frozen=True)
class CatalogEntry:
    """One factsheet in the catalog."""

    id: str
    title: str
    introduction: str
    version: str
    last_updated: date
    keywords: tuple[str, ...]
    downloads: tuple[CatalogDownload, ...]

    @property
    def search_text(self) -> str:
        """The words the search box matches."""
        return " ".join((self.title, self.introduction, *self.keywords)).lower()


def catalog_entries(out_root: Path) -> tuple[CatalogEntry, ...]:
    """Every factsheet with a page in ``out_root``, by title."""
    entries = []
    for path in sorted(out_root.glob(f"*/{ENTRY_NAME}")):
        if not (path.parent / PAGE_NAME).is_file():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        entries.append(CatalogEntry(
            data["id"], data["title"], data["introduction"], data["version"],
            date.fromisoformat(data["last_updated"]), tuple(data["keywords"]),
            tuple(CatalogDownload(d["name"], d["label"], d["details"]) for d in data.get("downloads", ())),
        ))
    return tuple(sorted(entries, key=lambda e: e.title.lower()))


def catalog_html(out_root: Path, organisation: Organisation) -> str:
    """The catalog page: every factsheet, its page and its formats, and a search box."""
    return _environment().get_template(CATALOG_TEMPLATE).render(
        organisation=organisation, css=_stylesheet(), entries=catalog_entries(out_root), long_date=long_date,
    )
