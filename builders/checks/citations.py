"""Rules about citations and the references they point to."""

from __future__ import annotations

import difflib

from builders.checks.texts import iter_texts
from builders.diagnostics import Diagnostics
from builders.model import Factsheet, Location


def check_citation_keys(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """Every ``[@key]`` must name a reference in references.yaml."""
    keys = [r.key for r in factsheet.references]
    for citation in factsheet.citations():
        for key in citation.keys:
            if key not in keys:
                close = difflib.get_close_matches(key, keys, n=1)
                hint = f"did you mean '@{close[0]}'?" if close else "add it to references.yaml, or fix the key"
                diagnostics.error(citation.loc, f"unknown citation key '@{key}'", hint)


def check_uncited_references(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """A reference nobody cites is probably a leftover (warning) or a duplicate key (error)."""
    cited = {key for c in factsheet.citations() for key in c.keys}
    seen: dict[str, int] = {}
    for reference in factsheet.references:
        if reference.key in seen:
            diagnostics.error(
                reference.loc, f"duplicate reference id '{reference.key}' (first at line {seen[reference.key]})",
                "give each reference its own id",
            )
            continue
        seen[reference.key] = reference.loc.line
        if reference.key and reference.key not in cited:
            diagnostics.warning(
                reference.loc, f"reference '{reference.key}' is never cited",
                f"cite it in body.md with [@{reference.key}], or remove it",
            )


def check_unparsed_citations(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """Text like ``[@key, p. 4]`` that looks like a citation but was not read as one."""
    for text, loc in iter_texts(factsheet):
        if "[@" in text:
            before = text[: text.index("[@")]
            if loc.path.endswith(".md") and "\n" not in before:  # a body text node: point at the bracket
                loc = Location(loc.path, loc.line, loc.column + len(before))
            diagnostics.error(
                loc, "text contains '[@' but is not a citation the parser understands",
                "write citations as [@key] or [@key1; @key2], with no page numbers or other words",
            )
