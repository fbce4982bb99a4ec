"""How the easy-read layer points at the full factsheet (the easy-read rules live in easy_read.py)."""

from __future__ import annotations

import difflib

from builders.common.urgent import HELP_PAGE_COVERS
from builders.diagnostics import Diagnostics
from builders.model import Factsheet


def check_easy_read_links(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """``covers`` and ``left_out`` must name real sections; a draft must be reviewed before use."""
    easy = factsheet.easy_read
    if easy is None:
        return
    ids = [s.id for s in factsheet.all_sections()]

    def unknown(section_id: str, loc, field: str) -> None:  # type: ignore[no-untyped-def]
        close = difflib.get_close_matches(section_id, ids, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "use a section id from body.md"
        diagnostics.error(loc, f"{field} names unknown section '{section_id}'", hint)

    for page in easy.pages:
        for section_id in page.covers:
            if section_id not in ids and section_id != HELP_PAGE_COVERS:
                unknown(section_id, page.loc, "covers")
    for item in easy.left_out:
        if item.section not in ids:
            unknown(item.section, item.loc, "left_out")
    if easy.draft:
        diagnostics.warning(
            easy.loc, "the easy-read version is a draft and has not been reviewed",
            "read it through, correct it, then remove 'draft: true'",
        )
