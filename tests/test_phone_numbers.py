"""UK phone numbers: as many digits as Ofcom's numbering plan gives their prefix."""

from __future__ import annotations

import pytest

from builders.checks.contacts import uk_phone_problem


@pytest.mark.parametrize("number", [
    "0300 123 3393", "020 7946 0000", "0800 689 5652", "0800 58 58 58", "01647 12345", "0161 496 0000",
    "07700 900123", "0808 808 4994", "0845 767 8000", "+44 300 123 3393", "116 123", "999", "111",
])
def test_well_formed_numbers_pass(number: str) -> None:
    assert uk_phone_problem(number) == ""


@pytest.mark.parametrize(("number", "problem"), [
    ("0300 123 339", "has 10 digits; UK numbers starting 03 have 11"),
    ("020 7946 000", "has 10 digits; UK numbers starting 02 have 11"),
    ("0808 808 499", "has 10 digits; UK numbers starting 08 have 11"),
    ("07700 90012", "has 10 digits; UK numbers starting 07 have 11"),
    ("0800 689 56", "has 9 digits; UK numbers starting 0800 have 10 or 11"),
    ("0161 496 00000", "has 12 digits; UK numbers starting 01 have 10 or 11"),
    ("+44 300 123 339", "has 10 digits; UK numbers starting 03 have 11"),
])
def test_each_prefix_has_its_own_length(number: str, problem: str) -> None:
    assert uk_phone_problem(number) == problem
