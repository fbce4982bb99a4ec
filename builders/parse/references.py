"""``references.yaml``: the sources a factsheet cites, as data in CSL vocabulary.

The field names are CSL's (as in Pandoc's ``references:`` and Zotero's CSL
YAML export), so a reference manager's export needs little editing.
"""

from __future__ import annotations

import re

from yaml.nodes import ScalarNode

from builders.model import PartialDate, PersonName, Reference
from builders.parse.yaml_fields import Fields, YamlFile, is_null, parse_date

REFERENCE_FIELDS = (
    "id", "type", "author", "title", "container-title", "publisher", "publisher-place",
    "issued", "URL", "accessed", "volume", "issue", "page", "DOI",
)
REFERENCE_TYPES = (
    "book", "chapter", "article-journal", "report", "webpage", "legislation", "document", "pamphlet",
)


def _authors(source: YamlFile, fields: Fields) -> tuple[PersonName, ...]:
    names: list[PersonName] = []
    for node in fields.items("author"):
        if isinstance(node, ScalarNode) and not is_null(node):
            names.append(PersonName(literal=str(node.value).strip()))
            continue
        entry = source.mapping(node, "an author", ("family", "given", "literal"))
        literal = entry.text("literal", required=False)
        if literal:
            names.append(PersonName(literal=literal))
        else:
            names.append(PersonName(family=entry.text("family", example="Hawton"), given=entry.text("given", False)))
    return tuple(names)


NO_DATE = "no date"
"""What ``issued:`` says for a source that gives no date (most NHS-trust and charity web pages)."""
ISSUED_EXAMPLE = "2022   (the date the source gives; write 'no date' if it gives none, never a guess)"


def _issued(source: YamlFile, fields: Fields) -> PartialDate | None:
    raw = fields.text("issued", example=ISSUED_EXAMPLE)
    if raw.strip().lower() in (NO_DATE, "n.d.", "nd", "undated"):
        return None
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", raw)
    if raw and not match:
        source.diagnostics.error(
            fields.loc_of("issued"), f"field 'issued' must be a year (2022), year-month (2022-09) or date, not {raw!r}",
            "write the date the source gives, or 'no date' when it gives none",
        )
    if not match:
        return PartialDate(0)
    year, month, day = match.groups()
    if day and parse_date(raw, fields.loc_of("issued"), "issued", source.diagnostics) is None:
        return PartialDate(int(year))
    if month and not 1 <= int(month) <= 12:
        source.diagnostics.error(fields.loc_of("issued"), f"{raw} is not a real date: there is no month {int(month)}")
        return PartialDate(int(year))
    return PartialDate(int(year), int(month) if month else None, int(day) if day else None)


def read_references(source: YamlFile) -> tuple[Reference, ...]:
    """Every reference in the file, in the order written."""
    root = source.mapping(source.root, "references.yaml", ("references",))
    references: list[Reference] = []
    for node in root.items("references", required=True, example="- id: nice-ng225"):
        fields = source.mapping(node, "a reference", REFERENCE_FIELDS)
        issued = _issued(source, fields)
        if issued is None and fields.text("URL", False) and fields.value("accessed") is None:
            source.diagnostics.error(
                fields.loc_of("issued"), "an undated online source needs the date you read it",
                "add a line like: accessed: 2026-05-31 (the list prints 'n.d.' and the date accessed)",
            )
        references.append(
            Reference(
                key=fields.text("id", example="nice-ng225"),
                type=fields.choice("type", REFERENCE_TYPES),
                authors=_authors(source, fields),
                title=fields.text("title"),
                container_title=fields.text("container-title", False),
                publisher=fields.text("publisher", False),
                publisher_place=fields.text("publisher-place", False),
                issued=issued,
                url=fields.address("URL", "reference URL"),
                accessed=fields.date("accessed", required=False),
                volume=fields.text("volume", False),
                issue=fields.text("issue", False),
                pages=fields.text("page", False),
                doi=fields.doi("DOI"),
                loc=fields.loc,
            )
        )
    return tuple(references)
