"""Which numbers in prose are dialled, and how each is said: the one rule for phone and text numbers.

A reader in crisis must be able to dial what they hear, so a phone or text
number is read in its digit groups ("one one six, one two three"), never as a
quantity ("one hundred and twenty-three"), whatever punctuation follows it
(``call NHS 111.``, ``on 116 123, day or night``, ``(999)``).  A number that
is not dialled (a year, a count, a title such as "101 Distractions") is left
for the number rules.  A number counts as dialled when it is:

- a UK number: ``0`` or ``+44`` and 9 or 10 more digits, grouped as written;
- a ``116``/``118`` service number (``116 123``);
- an emergency or NHS number: ``999``, ``112``, ``111``, wherever it stands;
- a 5- or 6-digit text short code written without a thousands comma
  (``85258``; a quantity is written ``85,258`` in UK style);
- any other 3-digit number after a dialling word and names, or after its
  'on'/'to' (``call NHS 119``, ``ring the police on 101``).

A number followed by a decimal part or thousands group (``111.5``,
``999,000``) or a per cent sign is a quantity.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from builders.common.speech.lexicon import END, START

_DIGIT_WORDS = ("oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
"""Digits of a phone number: British speakers say "oh" for 0 (0300 → "oh three oh oh")."""

_START = r"(?<![\w£$€.,])(?<!\d[.,])"
_END = r"(?!\d|[.,]\d|%|\w)"
_DIALLING_WORD = r"(?i:call|calling|ring|ringing|phone|phoning|dial|dialling|text|texting)"

DIALLED = re.compile(
    _START + r"(?:"
    r"(?P<uk>(?:\+44\s?(?:\(0\)\s?)?|0)\d{2,5}(?:[ -]?\d{2,6}){1,4})"
    r"|(?P<service>11[68] ?\d{3})"
    r"|(?P<emergency>999|112|111)"
    r"|(?P<short_code>[1-9]\d{4,5})"
    r")" + _END
)
"""Numbers that are dialled wherever they stand."""

_MARKED_WORD = f"{START}[^{END}]*{END}"
"""A word the lexicon has marked (the written form hidden, the spoken form shown): 'NHS' in 'call NHS 119'."""

DIALLED_AFTER_WORD = re.compile(
    rf"\b{_DIALLING_WORD} (?:(?:(?:[A-Z][\w'’&]*|{_MARKED_WORD}) ){{0,3}}"
    rf"|(?:(?:[\w'’&]+|{_MARKED_WORD}) ){{0,3}}(?i:on|to) )\(?(?P<number>\d{{3}})" + _END
)
"""A 3-digit number right after a dialling word and names (``call NHS 119``), or after 'on'/'to'
(``ring the police on 101``)."""


def phone_words(number: str) -> str:
    """A phone number read in its digit groups: '116 123' → 'one one six, one two three'.

    UKAAF MS01: phone numbers are read in groups.  Groups are taken as written;
    a number written without spaces is grouped the way UK numbers are printed.
    """
    text = number.strip()
    prefix = ""
    if text.startswith("+44"):
        prefix, text = "plus four four, ", text[3:].replace("(0)", "")
    groups = [g for g in re.split(r"[\s\-–.()]+", text) if g]
    digits = "".join(groups)
    if not digits.isdigit():
        return number
    if len(groups) == 1:
        groups = _default_groups(digits)
    return prefix + ", ".join(" ".join(_DIGIT_WORDS[int(d)] for d in g) for g in groups)


def _default_groups(digits: str) -> list[str]:
    if len(digits) == 11 and digits.startswith(("01", "03", "05", "07", "08", "09")):
        return [digits[:4], digits[4:7], digits[7:]]
    if len(digits) == 11 and digits.startswith("02"):
        return [digits[:3], digits[3:7], digits[7:]]
    if len(digits) == 6:
        return [digits[:3], digits[3:]]
    return [digits]


def _is_uk_number(written: str) -> bool:
    digits = re.sub(r"\D", "", written.replace("(0)", ""))
    national = digits[2:] if written.startswith("+44") else digits[1:]
    return len(national) in (9, 10)


def dialled_numbers(text: str) -> Iterator[tuple[int, int, str]]:
    """Every dialled number in ``text`` as (start, end, number as written), in order."""
    found: list[tuple[int, int, str]] = []
    for match in DIALLED.finditer(text):
        if match.group("uk") is not None and not _is_uk_number(match.group(0)):
            continue
        found.append((match.start(), match.end(), match.group(0)))
    taken = [(start, end) for start, end, _ in found]
    for match in DIALLED_AFTER_WORD.finditer(text):
        start, end = match.span("number")
        if not any(s < end and start < e for s, e in taken):
            found.append((start, end, match.group("number")))
    return iter(sorted(found))


def say_dialled_numbers(text: str) -> str:
    """``text`` with every dialled number replaced by its digit groups; other numbers untouched."""
    out: list[str] = []
    last = 0
    for start, end, number in dialled_numbers(text):
        out.append(text[last:start])
        out.append(phone_words(number))
        last = end
    out.append(text[last:])
    return "".join(out)
