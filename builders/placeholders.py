"""The placeholder sentences the tool itself writes, for staff to replace: one list, so a check can find them.

``factsheet new`` writes a skeleton that passes ``factsheet check`` (so staff
can build it while they write), and ``factsheet draft-easy-read`` leaves a
meaning to write for each hard word.  None of these words may be published:
``factsheet check`` warns about each one left in, at its place, so
``factsheet check --strict`` refuses the factsheet until they are replaced.
"""

from __future__ import annotations

SKELETON_PLACEHOLDERS = (
    "Say in one paragraph what this factsheet explains and how it can help.",
    "Say who this factsheet is for.",
    "Write the first key point here.",
    "Write the answer here.",
    "Replace with the author or organisation",
    "Replace with the title of the source",
    "Replace with the publisher",
)
"""Written by ``factsheet new`` (templates/new-factsheet/)."""

DRAFT_MEANING = "Say what this word means in easy words."
"""Written by ``factsheet draft-easy-read`` as each hard word's meaning."""

PLACEHOLDERS = (*SKELETON_PLACEHOLDERS, DRAFT_MEANING)
"""Every placeholder the tool writes."""
