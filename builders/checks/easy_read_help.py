"""Easy read's one help page: generated from ``urgent_help``; an author's own help page is merged or refused.

The rule (docs/source-format.md): every easy-read copy starts with a help page
made from ``urgent_help``.  An author adds rows to it with a page marked
``covers: [urgent-help]``; those rows must not repeat an urgent number (the
generated rows already give it).  Any other page that covers no section and
gives an urgent number is a second help page, and is refused.
"""

from __future__ import annotations

from builders.common.speech.dialled import dialled_numbers
from builders.common.urgent import HELP_PAGE_COVERS, is_help_page, urgent_lines
from builders.diagnostics import Diagnostics
from builders.model import EasyReadItem, Factsheet


def _urgent_numbers_in(item: EasyReadItem, urgent: set[str]) -> list[str]:
    found = ("".join(ch for ch in number if ch.isdigit()) for _, _, number in dialled_numbers(item.plain))
    return [digits for digits in found if digits in urgent]


def check_easy_read_help(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """Help-page additions repeat no urgent number; no page other than them is a second help page."""
    easy = factsheet.easy_read
    if easy is None:
        return
    urgent = {line.digits for line in urgent_lines(factsheet)}
    for page in easy.pages:
        if is_help_page(page):
            for item in page.items:
                for digits in _urgent_numbers_in(item, urgent):
                    diagnostics.error(
                        item.loc,
                        f"this row repeats the urgent-help number {digits}, which the generated help page "
                        "already gives",
                        "remove the row: the help page's rows for urgent contacts are made from urgent_help "
                        "in factsheet.yaml (edit them there)",
                    )
        elif not page.covers and any(_urgent_numbers_in(item, urgent) for item in page.items):
            diagnostics.error(
                page.loc,
                f"page '{page.heading}' is a second help page: every easy-read copy already starts with a "
                "help page made from urgent_help",
                f"to keep its other rows, write 'covers: [{HELP_PAGE_COVERS}]' (they are added to the help "
                "page) and remove the rows that give an urgent number; else delete the page",
            )
