"""Written text → words for the ear: numbers, phone numbers, dates, web addresses, abbreviations.

UKAAF MS01 (Audio): spoken text is written for the ear — phone numbers are
read in groups, web addresses are shortened, abbreviations are expanded.  The
speech engine receives exactly what these rules produce, and so does the
transcript, so staff can read what will be said.  Each rule is one function
with its own tests (``tests/test_speech_script.py``).
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from builders.common.speech.dialled import phone_words as phone_words  # re-exported for the script
from builders.common.speech.dialled import say_dialled_numbers
from builders.common.speech.lexicon import Lexicon, capitalise

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((1_000_000_000, "billion"), (1_000_000, "million"), (1_000, "thousand"))
_ORDINAL_WORDS = {
    "one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
    "nine": "ninth", "twelve": "twelfth",
}
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)


def number_words(n: int) -> str:
    """A whole number in British words: 125 → 'one hundred and twenty-five'."""
    if n < 0:
        return "minus " + number_words(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} hundred" + (f" and {number_words(rest)}" if rest else "")
    for scale, name in _SCALES:
        if n >= scale:
            high, rest = divmod(n, scale)
            words = f"{number_words(high)} {name}"
            if rest:
                words += (" and " if rest < 100 else " ") + number_words(rest)
            return words
    raise AssertionError("unreachable")


def ordinal_words(n: int) -> str:
    """An ordinal in words: 1 → 'first', 31 → 'thirty-first', 100 → 'one hundredth'."""
    words = number_words(n)
    cut = max(words.rfind(" "), words.rfind("-")) + 1
    head, last = words[:cut], words[cut:]
    if last in _ORDINAL_WORDS:
        last = _ORDINAL_WORDS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + last


def year_words(year: int) -> str:
    """A year as people say it: 1999 → 'nineteen ninety-nine', 2005 → 'two thousand and five', 2026 → 'twenty twenty-six'."""
    if 2000 <= year < 2010:
        return number_words(year)
    if 1100 <= year < 10000:
        high, low = divmod(year, 100)
        if low == 0:
            return f"{number_words(high)} hundred"
        return f"{number_words(high)} {'oh ' + _ONES[low] if low < 10 else number_words(low)}"
    return number_words(year)


def spoken_date(value: date) -> str:
    """A date as a date: 2026-05-31 → 'the thirty-first of May twenty twenty-six'."""
    return f"the {ordinal_words(value.day)} of {MONTHS[value.month - 1]} {year_words(value.year)}"


def site_name(address: str, lexicon: Lexicon | None = None) -> str:
    """A web address shortened to its site, as said aloud: 'https://www.rethink.org/advice' → 'rethink dot org'.

    UKAAF MS01: addresses of web pages are shortened.  A site label without
    vowels ('nhs', 'bbc') and 'uk' are spelt out letter by letter.  A lexicon
    entry for the site ('mentalhealth-uk.org: mental health U K dot org') wins.
    """
    text = address.strip()
    host = urlsplit(text if "//" in text else "//" + text).hostname or text
    host = host.removeprefix("www.")
    if lexicon is not None:
        spoken = lexicon.spoken_address(host)
        if spoken is not None:
            return spoken
    return " dot ".join(_spell_label(label) for label in host.split(".") if label)


def _spell_label(label: str) -> str:
    if label == "uk" or (len(label) <= 4 and not re.search(r"[aeiouy]", label)):
        return " ".join(label.upper())
    return label


def email_words(address: str) -> str:
    """An email address as said aloud: 'jo@samaritans.org' → 'jo at samaritans dot org'."""
    user, _, host = address.partition("@")
    user_words = " dot ".join(user.split("."))
    return f"{user_words} at {site_name(host)}"


def _money(match: re.Match[str]) -> str:
    pounds = int(match.group(1).replace(",", ""))
    pence = int(match.group(2)) if match.group(2) else 0
    words = f"{number_words(pounds)} {'pound' if pounds == 1 else 'pounds'}"
    if pence:
        words += f" and {number_words(pence)} {'penny' if pence == 1 else 'pence'}"
    return words


def _plain_number(match: re.Match[str]) -> str:
    text = match.group(0)
    whole, _, fraction = text.replace(",", "").partition(".")
    words = number_words(int(whole))
    if fraction:
        words += " point " + " ".join(_ONES[int(d)] for d in fraction)
    return words


def _time_of_day(match: re.Match[str]) -> str:
    hour = int(match.group(1))
    minutes = match.group(2)
    words = number_words(hour)
    if minutes and int(minutes):
        words += " " + ("oh " + _ONES[int(minutes)] if int(minutes) < 10 else number_words(int(minutes)))
    return f"{words} {'a.m.' if match.group(3).lower() == 'am' else 'p.m.'}"


_MONTH = "|".join(MONTHS)
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:org|com|net|uk|gov|info|co)\b(?:/[^\s<>()]*)?", re.I)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_LONG_DATE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? ({_MONTH}),? (\d{{4}})\b")
_MONTH_YEAR = re.compile(rf"\b({_MONTH}) (\d{{4}})\b")
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?) (\d[A-Z]{2})\b")
"""A UK postcode, read character by character: 'FK8 2SA' → 'F K eight, two S A'."""
_PO_BOX = re.compile(r"\b(?:PO|P\.O\.) Box (\d+)\b")
_TIME = re.compile(r"\b(\d{1,2})(?:[.:](\d{2}))? ?([ap]m)\b", re.I)
_DECADE = re.compile(r"\b(1[1-9]|20)(\d)0s\b")
_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")
_MONEY = re.compile(r"£(\d[\d,]*)(?:\.(\d\d))?")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?) ?%")
_RANGE = re.compile(r"\b(\d[\d,]*)(?:-|–|—)(\d[\d,]*)\b")
_YEAR = re.compile(r"(?<![\d,.£])\b(1[89]\d\d|20\d\d)\b(?![\d,.]\d)")
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|(?<![\w.])\d+(?:\.\d+)?(?![\w])")


def _date_words(day: int, month: int, year: int) -> str:
    try:
        return spoken_date(date(year, month, day))
    except ValueError:
        return f"{number_words(day)} {number_words(month)} {year_words(year)}"


def _decade(match: re.Match[str]) -> str:
    century, decade = int(match.group(1)), int(match.group(2))
    if century == 20 and decade == 0:
        return "two thousands"
    words = year_words(century * 100 + decade * 10)
    return words[:-1] + "ies" if words.endswith("y") else words + "s"


def speak(text: str, lexicon: Lexicon, marked: bool = False) -> str:
    """Written text → what the narrator says (every rule of this module, in a safe order).

    Order matters: addresses and dates first (they contain digits and dots),
    then phone numbers (digit groups), then the remaining numbers, then the
    lexicon, then symbols.  ``marked``: the lexicon's pronunciations are left
    as marks (the transcript shows the written word, the voice says the spoken).
    """
    text = _EMAIL.sub(lambda m: email_words(m.group(0)), text)
    text = _URL.sub(lambda m: _url_words(m.group(0), lexicon), text)
    text = _ISO_DATE.sub(lambda m: _date_words(int(m.group(3)), int(m.group(2)), int(m.group(1))), text)
    text = _SLASH_DATE.sub(lambda m: _date_words(int(m.group(1)), int(m.group(2)), int(m.group(3))), text)
    text = _LONG_DATE.sub(
        lambda m: _date_words(int(m.group(1)), MONTHS.index(m.group(2)) + 1, int(m.group(3))), text
    )
    text = _MONTH_YEAR.sub(lambda m: f"{m.group(1)} {year_words(int(m.group(2)))}", text)
    text = lexicon.apply(text, marked)  # before numbers, so entries like "24/7" are seen whole
    text = say_dialled_numbers(text)  # the one rule for phone and text numbers (dialled.py)
    text = _POSTCODE.sub(lambda m: f"{_spell(m.group(1))}, {_spell(m.group(2))}", text)
    text = _PO_BOX.sub(lambda m: f"P O Box {phone_words(m.group(1))}", text)
    text = _TIME.sub(_time_of_day, text)
    text = _MONEY.sub(_money, text)
    text = _PERCENT.sub(lambda m: f"{_number_text(m.group(1))} per cent", text)
    text = _DECADE.sub(_decade, text)
    text = _ORDINAL.sub(lambda m: ordinal_words(int(m.group(1))), text)
    text = _RANGE.sub(lambda m: f"{_number_text(m.group(1))} to {_number_text(m.group(2))}", text)
    text = _YEAR.sub(lambda m: year_words(int(m.group(1))), text)
    text = _NUMBER.sub(_plain_number, text)
    return tidy(text)


def _spell(code: str) -> str:
    return " ".join(_ONES[int(ch)] if ch.isdigit() else ch for ch in code)


def _number_text(text: str) -> str:
    match = _NUMBER.fullmatch(text)
    return _plain_number(match) if match else text


def _url_words(address: str, lexicon: Lexicon) -> str:
    trailing = ""
    while address and address[-1] in ".,;:!?'\"":
        trailing = address[-1] + trailing
        address = address[:-1]
    return site_name(address, lexicon) + trailing


_SYMBOLS = (
    (re.compile(r"\s*[–—]\s*"), ", "),
    (re.compile(r"(?<=\w)/(?=\w)"), " or "),
    (re.compile(r"©\s*"), "copyright "),
    (re.compile(r"[*_#`]+"), ""),
    (re.compile(r"\s+([.,;:!?])"), r"\1"),
    (re.compile(r",\s*,"), ","),
    (re.compile(r"(?<!\.)\.\.(?!\.)"), "."),
    (re.compile(r"[ \t]+"), " "),
)


def tidy(text: str) -> str:
    """Symbols a voice would read aloud or stumble on, made into words or pauses; spaces tidied."""
    for pattern, replacement in _SYMBOLS:
        text = pattern.sub(replacement, text)
    return text.strip()


_ENDS_CLAUSE = re.compile("[.!?:;,][\"'\u201d\u2019)\\]\ue002]*$")
"""Text ending in punctuation, perhaps inside a closing quote or bracket (`yet."` needs no second full stop)."""
_TRAILING_JOINER = re.compile(r"\b(?:or|and|but|then|to)$", re.I)


def sentence(text: str) -> str:
    """A paragraph as said: a capital first, a full stop last so the voice falls (not after a trailing 'or')."""
    text = text.strip()
    if not text:
        return text
    text = capitalise(text)
    if not _ENDS_CLAUSE.search(text) and not _TRAILING_JOINER.search(text):
        text += "."
    return text
