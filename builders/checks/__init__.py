"""Checks: read a factsheet model and report every problem with its location.

Each module holds the rules of one concern; :data:`CHECKS` lists them all in
the order they run.  A new rule is a function ``(factsheet, diagnostics)``
added to one module and to this list.  Checks never read source files: what
the parser could not understand it has already reported.
"""

from __future__ import annotations

from collections.abc import Callable

from builders.checks import (
    braille, citations, contacts, dates, easy_read_links, glyphs, language, placeholders, pronunciation, structure,
)
from builders.checks.easy_read import check_easy_read
from builders.checks.easy_read_help import check_easy_read_help
from builders.diagnostics import Diagnostics
from builders.model import Factsheet

Check = Callable[[Factsheet, Diagnostics], None]

CHECKS: tuple[Check, ...] = (
    dates.check_review_dates,
    structure.check_heading_levels,
    structure.check_empty_sections,
    structure.check_duplicate_ids,
    structure.check_cross_references,
    structure.check_links,
    structure.check_images,
    citations.check_citation_keys,
    citations.check_uncited_references,
    citations.check_unparsed_citations,
    contacts.check_numbers,
    contacts.check_urgent_help,
    language.check_safe_messaging,
    placeholders.check_placeholders,
    pronunciation.check_pronunciations,
    glyphs.check_glyphs,
    easy_read_links.check_easy_read_links,
    check_easy_read_help,
    check_easy_read,
    braille.check_braille_characters,
)


def run_checks(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """Run every registered check on one factsheet."""
    for check in CHECKS:
        check(factsheet, diagnostics)
