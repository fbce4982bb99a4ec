"""Review status: every factsheet's version and review dates, overdue ones first.

Staff run ``factsheet status`` to plan reviews; a scheduled job runs
``factsheet status --overdue``, which fails when any review is overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from builders.model import Factsheet
from builders.settings import Settings


def review_period(factsheet: Factsheet, settings: Settings) -> int:
    """Months between an update and the next review: the factsheet's own, else the organisation's."""
    return factsheet.metadata.review_period_months or settings.organisation.review_period_months


@dataclass(frozen=True)
class ReviewStatus:
    """One row of the status table."""

    id: str
    title: str
    version: str
    last_updated: date
    next_review: date
    days_left: int
    """Days from today until the next review; negative when overdue."""

    @property
    def overdue(self) -> bool:
        """Whether the review date has passed."""
        return self.days_left < 0


def review_statuses(factsheets: tuple[Factsheet, ...], today: date) -> list[ReviewStatus]:
    """A row per factsheet, soonest review first (so overdue ones lead), ties by id."""
    rows = [
        ReviewStatus(
            f.id, f.metadata.title, f.metadata.version, f.metadata.last_updated, f.metadata.next_review,
            (f.metadata.next_review - today).days,
        )
        for f in factsheets
    ]
    return sorted(rows, key=lambda r: (r.days_left, r.id))


def format_table(rows: list[ReviewStatus]) -> list[str]:
    """The rows as aligned text lines, with a header."""
    from builders.common.dates import long_date

    table = [("ID", "VERSION", "LAST UPDATED", "NEXT REVIEW", "DAYS LEFT", "STATUS")]
    for r in rows:
        state = f"OVERDUE by {-r.days_left} day(s)" if r.overdue else ("due today" if r.days_left == 0 else "ok")
        table.append((r.id, r.version, long_date(r.last_updated), long_date(r.next_review), str(r.days_left), state))
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in table]
