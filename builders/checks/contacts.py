"""Rules about phone and text numbers, and the urgent-help block."""

from __future__ import annotations

import re

from builders.diagnostics import Diagnostics
from builders.model import Factsheet, PhoneNumber, TextNumber

_ALLOWED = re.compile(r"^\+?[\d\s()-]+$")
_SERVICE_NUMBERS = {"999", "112", "111", "101", "105"}


def uk_phone_problem(number: str) -> str:
    """Why a UK phone number is malformed, or '' when it is fine.

    Accepted: emergency and service numbers (999, 112, 111, 101, 105), the
    harmonised 116 numbers (116 123), and full numbers that start with 0 (or
    +44) with as many digits as Ofcom's numbering plan gives their prefix:
    11 for 02, 03, 05, 07, 08 and 09; 10 or 11 for 01 and 0800.
    """
    if not _ALLOWED.match(number):
        return "contains characters other than digits, spaces, brackets, '-' and a leading '+'"
    digits = re.sub(r"\D", "", number)
    if number.strip().startswith("+"):
        if not digits.startswith("44"):
            return "is not a UK number (+44)"
        digits = "0" + digits[2:]
    if digits in _SERVICE_NUMBERS or re.fullmatch(r"116\d{3}", digits) or digits == "08001111":
        return ""
    if not digits.startswith("0"):
        return "does not start with 0, and is not a service number like 999, 111 or 116 123"
    if len(digits) < 3:
        return "is too short to be a UK phone number"
    if digits[1] in "046":
        return f"starts with 0{digits[1]}, which no UK number does"
    prefix, lengths = _lengths_for(digits)
    if len(digits) not in lengths:
        allowed = " or ".join(str(n) for n in lengths)
        return f"has {len(digits)} digits; UK numbers starting {prefix} have {allowed}"
    return ""


_LENGTHS_BY_PREFIX = (
    ("0800", (10, 11)),  # freephone: 0800 xxx xxxx, and older 0800 xx xx xx (CALM's 0800 58 58 58)
    ("01", (10, 11)),  # geographic: a few areas have five-digit local numbers (01647 xxxxx)
    ("02", (11,)), ("03", (11,)), ("05", (11,)), ("07", (11,)), ("08", (11,)), ("09", (11,)),
)
"""How many digits a UK number has, by its first digits (Ofcom's National Telephone Numbering Plan)."""


def _lengths_for(digits: str) -> tuple[str, tuple[int, ...]]:
    """The prefix that decides a number's length, and the lengths it allows."""
    for prefix, lengths in _LENGTHS_BY_PREFIX:
        if digits.startswith(prefix):
            return prefix, lengths
    return digits[:2], (10, 11)


def uk_text_number_problem(number: str) -> str:
    """Why a number to text is malformed, or '' (short codes of 5 or 6 digits, or a UK mobile)."""
    digits = re.sub(r"\D", "", number)
    if not _ALLOWED.match(number):
        return "contains characters other than digits and spaces"
    if re.fullmatch(r"\d{5,6}", digits) or re.fullmatch(r"07\d{9}", digits):
        return ""
    return f"has {len(digits)} digits; a number to text is a 5- or 6-digit short code or an 11-digit mobile (07...)"


def _numbers(factsheet: Factsheet) -> list[PhoneNumber | TextNumber]:
    seen: list[PhoneNumber | TextNumber] = []
    for contact in (*factsheet.contacts, *factsheet.urgent_help.contacts):
        for number in (*contact.phones, *contact.texts):
            if number not in seen:
                seen.append(number)
    return seen


def check_numbers(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """Every phone and text number is a well-formed UK number, so tel: links and narration work."""
    for number in _numbers(factsheet):
        if isinstance(number, PhoneNumber):
            problem = uk_phone_problem(number.number)
            kind, example = "phone number", "0800 689 5652, 116 123 or 999"
        else:
            problem = uk_text_number_problem(number.number)
            kind, example = "text number", "85258 or 07537 410022"
        if problem:
            diagnostics.error(
                number.loc, f"{kind} {number.number!r} {problem}", f"write it as dialled, for example {example}"
            )


def check_urgent_help(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """Urgent help must offer at least one contact, each with a number to call or text."""
    urgent = factsheet.urgent_help
    if not urgent.contacts:
        diagnostics.error(
            urgent.loc, "urgent_help names no contacts",
            "every format shows crisis contacts first: list Samaritans (116 123), Shout (85258) and 999",
        )
    for contact in urgent.contacts:
        if not contact.phones and not contact.texts:
            diagnostics.error(
                contact.loc, f"urgent-help contact '{contact.name or contact.id}' has no phone or text number",
                "someone in crisis needs a number to call or text",
            )
