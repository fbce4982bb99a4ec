"""Placeholder text the tool wrote (skeleton, easy-read draft) must be replaced before publishing."""

from __future__ import annotations

from collections.abc import Iterator

from builders.checks.texts import iter_texts
from builders.diagnostics import Diagnostics
from builders.model import Factsheet, Location
from builders.placeholders import PLACEHOLDERS


def _reference_texts(factsheet: Factsheet) -> Iterator[tuple[str, Location]]:
    for reference in factsheet.references:
        yield reference.title, reference.loc
        yield reference.publisher, reference.loc
        for author in reference.authors:
            yield author.display, reference.loc


def check_placeholders(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """A warning at each placeholder left in, so ``check --strict`` refuses to pass it for publishing."""
    for text, loc in (*iter_texts(factsheet), *_reference_texts(factsheet)):
        for placeholder in PLACEHOLDERS:
            if placeholder.casefold() in text.casefold():
                diagnostics.warning(
                    loc, f"placeholder text '{placeholder}' is still here",
                    "replace it with the real words before publishing (check --strict refuses placeholders)",
                )
