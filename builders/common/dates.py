"""Dates as readers see them in every format."""

from __future__ import annotations

import calendar
from datetime import date


def long_date(value: date) -> str:
    """'5 May 2023': the British order, no leading zero, month in words (clear in print and speech)."""
    return f"{value.day} {value:%B %Y}"


def add_months(start: date, months: int) -> date:
    """``start`` moved on by whole months, on the last day of a shorter month (31 Jan + 1 → 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
