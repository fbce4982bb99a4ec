"""Rules about the body's structure: headings, ids, links and pictures."""

from __future__ import annotations

import difflib

from builders.diagnostics import Diagnostics
from builders.model import (
    GENERATED_SECTION_IDS, REFERENCES_ID, CrossReference, Factsheet, Image, Link, Section, iter_inlines,
)


def check_heading_levels(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """Headings go down one level at a time (a screen reader's list of headings depends on it)."""

    def visit(section: Section, parent_level: int) -> None:
        if section.level > parent_level + 1:
            marks = "#" * (parent_level + 1)
            diagnostics.error(
                section.loc,
                f"heading level jumps from {parent_level} to {section.level} at '{section.title_text}'",
                f"use '{marks}' here, or add the missing level above it",
            )
        for sub in section.subsections:
            visit(sub, section.level)

    for top in factsheet.sections:
        visit(top, 0)


def check_empty_sections(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """A heading with nothing under it is a gap in the factsheet."""
    for section in factsheet.all_sections():
        if not section.blocks and not section.subsections:
            diagnostics.error(
                section.loc, f"section '{section.title_text}' is empty",
                "write its content, or remove the heading",
            )


def check_duplicate_ids(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """Section ids and contact ids must be unique: links and urgent help find things by id."""
    seen: dict[str, int] = {}
    for section in factsheet.all_sections():
        if section.id in GENERATED_SECTION_IDS:
            diagnostics.error(
                section.loc, f"section id '{section.id}' is the id of a part every factsheet builds",
                "give the heading another {#id}: links to #" + section.id + " go to the built part",
            )
        elif section.id in seen:
            diagnostics.error(
                section.loc, f"duplicate section id '{section.id}' (first at line {seen[section.id]})",
                "give one of the headings another {#id}",
            )
        else:
            seen[section.id] = section.loc.line
    contacts: dict[str, int] = {}
    for contact in factsheet.contacts:
        if contact.id in contacts:
            diagnostics.error(
                contact.loc, f"duplicate contact id '{contact.id}' (first at line {contacts[contact.id]})",
                "give each contact its own id",
            )
        elif contact.id:
            contacts[contact.id] = contact.loc.line


def check_cross_references(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """A ``[text](#id)`` link must name a section of this factsheet."""
    ids = [s.id for s in factsheet.all_sections()] + [part for part, _ in factsheet.generated_sections()]
    for node in factsheet.inlines():
        if isinstance(node, CrossReference) and node.target not in ids:
            if node.target in GENERATED_SECTION_IDS:
                source = "references.yaml has no cited reference" if node.target == REFERENCES_ID else (
                    f"factsheet.yaml has no {node.target.replace('-', '_')}")
                diagnostics.error(
                    node.loc, f"cross reference to '#{node.target}', which this factsheet does not have",
                    f"{source}, so that part is not built; add it, or remove the link",
                )
                continue
            close = difflib.get_close_matches(node.target, ids, n=1)
            hint = f"did you mean '#{close[0]}'?" if close else (
                "section ids come from headings, or {#id} after one; the closing parts are "
                + ", ".join(f"#{part}" for part in GENERATED_SECTION_IDS))
            diagnostics.error(node.loc, f"cross reference to unknown section '#{node.target}'", hint)


def check_links(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """Every link needs words to read aloud (its address passed the URL rule when it was read)."""
    for node in factsheet.inlines():
        if isinstance(node, (Link, CrossReference)) and not "".join(
            getattr(c, "text", "") for c in iter_inlines(node.children)
        ).strip():
            target = node.url if isinstance(node, Link) else f"#{node.target}"
            diagnostics.error(
                node.loc, f"link to {target} has no text",
                "write the words a reader will see and hear: [Samaritans website](https://www.samaritans.org)",
            )


def check_images(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """Pictures need alt text, or to be marked decorative (the file itself was checked when it was read)."""
    for node in factsheet.inlines():
        if isinstance(node, Image) and not node.alt and not node.decorative:
            diagnostics.error(
                node.loc, f"image {node.src!r} has no alt text",
                "describe it: ![what the picture shows](images/x.png), or add {.decorative} if it carries no meaning",
            )
