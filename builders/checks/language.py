"""Safe messaging about suicide and self-harm (Samaritans' media guidelines)."""

from __future__ import annotations

import re

from builders.checks.texts import iter_texts
from builders.diagnostics import Diagnostics
from builders.model import Factsheet, Location

UNSAFE_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"\bcommit(?:s|ted|ting)?\s+suicide\b", re.IGNORECASE),
        "say 'died by suicide' or 'took their own life': suicide is not a crime",
    ),
    (
        re.compile(r"\b(?:un)?successful\s+(?:suicide\s+)?attempt", re.IGNORECASE),
        "say 'attempt to end their life' or 'suicide attempt', without 'successful' or 'unsuccessful'",
    ),
    (
        re.compile(r"\bfailed\s+suicide\b|\bsuicide\s+victim\b", re.IGNORECASE),
        "say 'suicide attempt' or 'person who died by suicide'",
    ),
)


def check_safe_messaging(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """Phrases the Samaritans' guidelines ask writers to avoid are errors, with the wording to use."""
    for text, loc in iter_texts(factsheet):
        for pattern, advice in UNSAFE_PHRASES:
            match = pattern.search(text or "")
            if match:
                at = Location(loc.path, loc.line, loc.column + match.start())
                diagnostics.error(at, f"unsafe wording '{match.group(0)}'", advice)
