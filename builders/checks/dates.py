"""Rules about the factsheet's dates."""

from __future__ import annotations

from builders.diagnostics import Diagnostics
from builders.model import Factsheet


def check_review_dates(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """The next review must fall after the last update (PIF TICK asks for honest review dates)."""
    meta = factsheet.metadata
    if meta.last_updated.year > 1 and meta.next_review.year > 1 and meta.next_review <= meta.last_updated:
        diagnostics.error(
            meta.where("next_review"),
            f"next_review {meta.next_review.isoformat()} is not after last_updated {meta.last_updated.isoformat()}",
            "the next review is due after the last update; 'factsheet bump' sets both",
        )
