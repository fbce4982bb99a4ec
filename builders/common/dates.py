"""Dates as readers see them in every format."""

from __future__ import annotations

from datetime import date


def long_date(value: date) -> str:
    """'5 May 2023': the British order, no leading zero, month in words (clear in print and speech)."""
    return f"{value.day} {value:%B %Y}"
