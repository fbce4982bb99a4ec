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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from builders.common import html as fragments
from builders.common.citations import DEFAULT_STYLE, check_citation_style, format_references
from builders.common.dates import long_date
from builders.common.local_cache import template_cache
from builders.common.presets import ALL_PRESETS
from builders.common.urgent import UrgentLine, urgent_lines
from builders.formats import format_names, get_builder
from builders.formats.base import TEMPLATES_DIR, BuildContext, Builder, atomic_path
from builders.formats.file_kinds import JSON, PICTURE, WEB_PAGE
from builders.model import Factsheet, Image, Location, Picture, id_problem, plain_text
from builders.output_files import Chapter, FileFacts, Layer, OnPage, OutputFile, Role, clock
from builders.settings import Organisation, Settings, read_options

WEB_TEMPLATES = TEMPLATES_DIR / "web"
PAGE_TEMPLATE = "web/factsheet.html.j2"
CATALOG_TEMPLATE = "web/catalog.html.j2"
ASK_FOR_TEMPLATE = "web/ask-for.html.j2"
"""The "Ask for another format" list, included by the page and the catalog."""
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
    chapter_list: str = ""
    """The companion WebVTT chapter list, attached to the player as ``<track kind="chapters">``."""

    @property
    def length(self) -> str:
        """The recording's length as a player shows it ('51:46'), shown before it is played; '' if unknown."""
        return clock(self.seconds) if self.seconds is not None else ""

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


def downloads(factsheet: Factsheet, folder: Path | Callable[[str], Path]) -> tuple[Download, ...]:
    """The offered files that exist in ``folder``, with their size and pages or length, in registry order.

    ``folder`` may instead find each file by name (a build sees its own new files
    before they replace the old ones).  A recording plays with the chapters of a
    companion chapter list when it has one, else with the chapters it carries itself.
    """
    find = folder if callable(folder) else (lambda name: folder / name)  # type: ignore[operator]
    present = [file for file in offered_files(factsheet) if find(file.name).is_file()]
    facts: dict[str, FileFacts] = {file.name: file.kind.facts(find(file.name)) for file in present}
    found: list[Download] = []
    for file in present:
        own = facts[file.name]
        lists = [c for c in present if c.companion_of == file.name and facts[c.name].chapters]
        chapters = facts[lists[0].name].chapters if lists else own.chapters
        found.append(Download(file.name, file.label, file.kind.type_name, find(file.name).stat().st_size,
                              own.pages, own.seconds, chapters, file.presented is OnPage.PLAY,
                              lists[0].name if lists else ""))
    return tuple(found)


# --------------------------------------------------------------------------
# Templates
# --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, bytecode_cache=template_cache(),
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


def _local_pictures(factsheet: Factsheet) -> dict[str, Picture]:
    """The pictures the page shows, by the name they are written to beside it (checked when read)."""
    return {unquote(node.src): node.picture for node in factsheet.inlines() if isinstance(node, Image)}


def web_options(settings: Settings) -> WebOptions:
    """The web format's options, checked (a located error for an unknown citation style)."""
    raw = settings.options("web")
    options = read_options(WebOptions, raw, "web")
    check_citation_style(options.citation_style, raw, "web")
    return options


def ask_for() -> tuple[str, ...]:
    """What a reader can ask for beyond the downloads: every preset a personal copy is made with (``factsheet request``)."""
    return tuple(preset.description for preset in ALL_PRESETS)


def page_html(factsheet: Factsheet, settings: Settings, available: tuple[Download, ...]) -> str:
    """The whole factsheet as one accessible web page."""
    meta = factsheet.metadata
    options = web_options(settings)
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
        urgent_panel=fragments.urgent_panel(urgent_lines(factsheet)),
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
        ask_for=ask_for(),
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

    def check_settings(self, settings: Settings) -> None:
        """The citation style must be installed."""
        web_options(settings)

    def inputs(self, factsheet: Factsheet, settings: Settings) -> tuple[Path, ...]:
        """The templates and stylesheet the page is made from."""
        return (TEMPLATES_DIR / PAGE_TEMPLATE, TEMPLATES_DIR / ASK_FOR_TEMPLATE, STYLESHEET)

    def build(self, factsheet: Factsheet, context: BuildContext) -> None:
        """Copy the pictures, then write the page and the factsheet's catalog entry."""
        for name, picture in _local_pictures(factsheet).items():
            context.write_bytes(name, picture.data)  # an SVG as re-written by the checks, nothing active in it
        available = downloads(factsheet, context.current)  # this build's files where they replace old ones
        context.write_text(PAGE_NAME, page_html(factsheet, context.settings, available))
        meta = factsheet.metadata
        entry = {
            "id": factsheet.id, "title": meta.title, "introduction": plain_text(meta.introduction),
            "version": meta.version, "last_updated": meta.last_updated.isoformat(),
            "keywords": list(meta.keywords), "language": meta.language,
            "downloads": [{"name": d.name, "label": d.label, "details": d.details} for d in available],
            "urgent": [{"name": line.name, "action": line.action, "number": line.number, "keyword": line.keyword,
                        "note": line.note, "uri": line.uri} for line in urgent_lines(factsheet)],
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


MAX_ENTRY_BYTES = 1024 * 1024
_FILE_NAME = re.compile(r"[a-z0-9][a-z0-9.-]*")


def read_catalog_entry(path: Path) -> CatalogEntry | None:
    """One factsheet's catalog entry, or ``None`` when it is missing, damaged or of the wrong shape.

    Entries live in the output folder, which anything may have touched: only an
    entry whose id is its folder's name (a valid id), whose downloads are plain
    file names of that factsheet beside it, and whose fields all have the right
    types is listed, so the catalog never carries a link it did not make.
    """
    folder = path.parent
    if id_problem(folder.name) or path.is_symlink() or not path.is_file() or not (folder / PAGE_NAME).is_file():
        return None
    try:
        if path.stat().st_size > MAX_ENTRY_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        texts = [data[k] for k in ("id", "title", "introduction", "version", "last_updated")]
        keywords, files = data["keywords"], data.get("downloads", [])
        found = [(d["name"], d["label"], d["details"]) for d in files]
        if data["id"] != folder.name or not all(isinstance(t, str) for t in (*texts, *keywords, *sum(found, ()))):
            return None
        if not all(_FILE_NAME.fullmatch(name) and name.startswith(folder.name) and (folder / name).is_file()
                   for name, _, _ in found):
            return None
        return CatalogEntry(folder.name, data["title"], data["introduction"], data["version"],
                            date.fromisoformat(data["last_updated"]), tuple(keywords),
                            tuple(CatalogDownload(*d) for d in found))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def catalog_entries(out_root: Path) -> tuple[CatalogEntry, ...]:
    """Every factsheet with a page and a sound catalog entry in ``out_root``, by title."""
    found = (read_catalog_entry(path) for path in sorted(out_root.glob(f"*/{ENTRY_NAME}")))
    return tuple(sorted((e for e in found if e is not None), key=lambda e: e.title.lower()))


def catalog_urgent_lines(out_root: Path) -> tuple[UrgentLine, ...]:
    """The catalog's crisis signpost: every factsheet's urgent numbers, each once, in the order first met."""
    lines: dict[str, UrgentLine] = {}
    for path in sorted(out_root.glob(f"*/{ENTRY_NAME}")):
        if read_catalog_entry(path) is None:  # only sound entries (see read_catalog_entry)
            continue
        try:
            items = json.loads(path.read_text(encoding="utf-8")).get("urgent", [])
            fields = [tuple(item[k] for k in ("name", "action", "number", "keyword", "note", "uri")) for item in items]
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            continue
        loc = Location(str(path))
        for name, action, number, keyword, note, uri in fields:
            if all(isinstance(f, str) for f in (name, action, number, keyword, note, uri)) and \
                    re.fullmatch(r"(?:tel:\+?\d+|sms:\d+(?:\?body=\w+)?)", uri):
                lines.setdefault(uri, UrgentLine(name, action, number, keyword, note, uri, loc, loc))
    return tuple(lines.values())


def catalog_html(out_root: Path, organisation: Organisation) -> str:
    """The catalog page: a crisis signpost, every factsheet, its page and its formats, and a search box."""
    return _environment().get_template(CATALOG_TEMPLATE).render(
        organisation=organisation, css=_stylesheet(), entries=catalog_entries(out_root), long_date=long_date,
        urgent_panel=fragments.urgent_panel(catalog_urgent_lines(out_root)),
        ask_for=ask_for(),
    )
