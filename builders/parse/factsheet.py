"""One factsheet folder → one :class:`~builders.model.Factsheet`.

A factsheet is a folder under ``source/`` named by its id::

    source/self-harm/
        factsheet.yaml    metadata, key points, urgent help, contacts, further reading
        body.md           the sections and questions, in Markdown
        references.yaml   the sources cited in body.md (CSL fields)
        easy-read.yaml    the easy-read version (optional)
        images/           pictures used by body.md (optional)
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from yaml.nodes import ScalarNode

from builders.diagnostics import Diagnostics
from builders.model import (
    ChangeLogEntry,
    EasyRead,
    Factsheet,
    FurtherReading,
    KeyPoint,
    Location,
    Metadata,
    Pronunciation,
    Reference,
    ReviewKind,
)
from builders.parse.contacts import read_contact, read_urgent_help
from builders.parse.easy_read import read_easy_read
from builders.parse.files import is_source_file, read_source_text
from builders.parse.markdown import parse_body, parse_inline
from builders.parse.references import read_references
from builders.parse.yaml_fields import Fields, YamlFile, is_null
from builders.settings import Settings

FACTSHEET_FILE = "factsheet.yaml"
BODY_FILE = "body.md"
REFERENCES_FILE = "references.yaml"
EASY_READ_FILE = "easy-read.yaml"
PRONUNCIATION_FILE = "pronunciation.yaml"

FACTSHEET_FIELDS = (
    "id", "title", "introduction", "audience", "language", "organisation", "copyright", "version",
    "last_updated", "review", "next_review", "review_period_months", "keywords", "key_points",
    "urgent_help", "contacts", "further_reading", "change_log",
)
_NO_DATE = date(1, 1, 1)
"""Stands in for a date that was missing or wrong; the error is already reported."""
_VERSION = re.compile(r"\d+(\.\d+)?")
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Z]{2})?")


def _metadata(source: YamlFile, fields: Fields, settings: Settings) -> Metadata:
    diagnostics = source.diagnostics
    version = fields.text("version", example='"1.0"')
    if version and not _VERSION.fullmatch(version):
        diagnostics.error(
            fields.loc_of("version"), f"version must be a number like 6 or 6.1, not {version!r}",
            "raise it with 'factsheet bump' after each review",
        )
    language = fields.text("language", example="en-GB")
    if language and not _LANGUAGE.fullmatch(language):
        diagnostics.error(
            fields.loc_of("language"), f"language must be a language tag like en-GB, not {language!r}",
            "screen readers choose their voice from it",
        )
    review = fields.choice("review", ("full", "part"))
    introduction = fields.text("introduction", example="This factsheet explains ...")
    keywords = tuple(value for value, _ in fields.text_list("keywords"))
    locations = {key: source.loc(value) for key, (_k, value) in fields.entries.items()}
    return Metadata(
        id=fields.text("id", example=source.path.parent.name),
        title=fields.text("title", example="Self-harm"),
        introduction=parse_inline(introduction, fields.loc_of("introduction"), diagnostics) if introduction else (),
        audience=fields.text("audience", example="Adults in England who self-harm, and the people who support them."),
        language=language,
        organisation=fields.text("organisation", required=False) or settings.organisation.name,
        copyright=fields.text("copyright", example='"© Example Mental Health Charity 2026"'),
        version=version,
        last_updated=fields.date("last_updated") or _NO_DATE,
        review=ReviewKind(review) if review else ReviewKind.FULL,
        next_review=fields.date("next_review") or _NO_DATE,
        keywords=keywords,
        review_period_months=fields.integer("review_period_months", required=False, minimum=1),
        loc=fields.loc,
        fields=locations,
    )


def _key_points(source: YamlFile, fields: Fields) -> tuple[KeyPoint, ...]:
    points: list[KeyPoint] = []
    for node in fields.items("key_points", required=True, example="- Self-harm is ..."):
        if isinstance(node, ScalarNode) and not is_null(node):
            loc = source.loc(node)
            points.append(KeyPoint(parse_inline(str(node.value), loc, source.diagnostics), loc))
        else:
            source.diagnostics.error(source.loc(node), "each key point must be one line of text")
    return tuple(points)


def _further_reading(source: YamlFile, fields: Fields) -> tuple[FurtherReading, ...]:
    items: list[FurtherReading] = []
    for node in fields.items("further_reading"):
        entry = source.mapping(node, "a further-reading item", ("title", "author", "publisher", "url", "note"))
        items.append(
            FurtherReading(
                title=entry.text("title"), author=entry.text("author", False), publisher=entry.text("publisher", False),
                url=entry.address("url", "further-reading address"), note=entry.text("note", False), loc=entry.loc,
            )
        )
    return tuple(items)


def _change_log(source: YamlFile, fields: Fields) -> tuple[ChangeLogEntry, ...]:
    entries: list[ChangeLogEntry] = []
    for node in fields.items("change_log"):
        entry = source.mapping(node, "a change-log entry", ("version", "date", "note"))
        entries.append(
            ChangeLogEntry(entry.text("version"), entry.date("date") or _NO_DATE, entry.text("note"), entry.loc)
        )
    return tuple(entries)


def _pronunciations(source: YamlFile) -> tuple[Pronunciation, ...]:
    """``pronunciations:`` maps a written form to how narration says it."""
    root = source.mapping(source.root, PRONUNCIATION_FILE, ("pronunciations",))
    table = source.mapping(root.value("pronunciations"), "pronunciations", ())
    entries = []
    for written, (key_node, _value) in table.entries.items():
        spoken = table.text(written)
        if spoken:
            entries.append(Pronunciation(written, spoken, source.loc(key_node)))
    return tuple(entries)


def source_files(folder: Path) -> tuple[Path, ...]:
    """Every file a factsheet is read from: its YAML and Markdown files, and its pictures.

    Outputs depend on exactly these, so the build can tell, without reading a
    factsheet, whether anything it is made from has changed.
    """
    names = (FACTSHEET_FILE, BODY_FILE, REFERENCES_FILE, EASY_READ_FILE, PRONUNCIATION_FILE)
    files = [folder / name for name in names if is_source_file(folder / name, folder)]
    images = folder / "images"
    if images.is_dir() and not images.is_symlink():
        files.extend(sorted(p for p in images.rglob("*") if not p.is_symlink() and is_source_file(p, folder)))
    return tuple(files)


def _optional_yaml(path: Path, diagnostics: Diagnostics) -> YamlFile | None:
    return YamlFile.load(path, diagnostics) if path.exists() or path.is_symlink() else None


def load_factsheet(folder: Path, settings: Settings, diagnostics: Diagnostics) -> Factsheet | None:
    """Read a factsheet folder; ``None`` when a file is missing or unreadable (already reported)."""
    main_path = folder / FACTSHEET_FILE
    body_path = folder / BODY_FILE
    source = YamlFile.load(main_path, diagnostics)
    if not body_path.exists() and not body_path.is_symlink():
        diagnostics.error(
            Location(str(body_path)), f"missing {BODY_FILE}: every factsheet needs a body",
            f"create {body_path} with '# Section' headings",
        )
        return None
    body_text = read_source_text(body_path, diagnostics)
    if source is None or body_text is None:
        return None
    if not body_text.strip():
        diagnostics.error(Location(str(body_path)), f"{BODY_FILE} is empty: there is nothing to publish",
                          "write the factsheet's sections, each starting with a '# Section' heading")

    fields = source.mapping(source.root, FACTSHEET_FILE, FACTSHEET_FIELDS)
    metadata = _metadata(source, fields, settings)
    if metadata.id and metadata.id != folder.name:
        diagnostics.error(
            metadata.where("id"), f"id '{metadata.id}' does not match its folder name '{folder.name}'",
            "the id names the output folder, so rename one to match the other",
        )
    contacts = tuple(read_contact(source, node) for node in fields.items("contacts"))
    urgent_help = read_urgent_help(source, fields, contacts)

    references: tuple[Reference, ...] = ()
    ref_source = _optional_yaml(folder / REFERENCES_FILE, diagnostics)
    if ref_source is not None:
        references = read_references(ref_source)

    easy_read: EasyRead | None = None
    easy_source = _optional_yaml(folder / EASY_READ_FILE, diagnostics)
    if easy_source is not None:
        easy_read = read_easy_read(easy_source, metadata.title)

    pronunciations: tuple[Pronunciation, ...] = ()
    spoken_source = _optional_yaml(folder / PRONUNCIATION_FILE, diagnostics)
    if spoken_source is not None:
        pronunciations = _pronunciations(spoken_source)

    return Factsheet(
        metadata=metadata,
        key_points=_key_points(source, fields),
        urgent_help=urgent_help,
        sections=parse_body(body_path, body_text, diagnostics),
        references=references,
        contacts=contacts,
        further_reading=_further_reading(source, fields),
        easy_read=easy_read,
        change_log=_change_log(source, fields),
        pronunciations=pronunciations,
        folder=folder,
        files=source_files(folder),
    )
