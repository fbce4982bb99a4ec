"""The urgent help, as every format presents it first: one line per number, and easy read's help page.

One definition of "the urgent help" (``urgent_help`` in factsheet.yaml) and
one way to show it first: a compact list of every urgent contact's numbers,
each with the contact's name, the number as dialled and one short note (the
number's own note, else what the contact offers).  The full details stay in
Useful contacts.  PDF and large print print these lines as a panel on page 1,
the web page as its first-screen crisis line, the audio reads them in its first
seconds, and ``factsheet verify`` looks for their numbers there.

Easy read has one help page, generated from ``urgent_help`` in easy-read words
(a short sentence or two and a picture per number).  One rule for an author's
own help page: a page with ``covers: [urgent-help]`` is merged into the
generated page (its rows follow the generated ones); ``checks/easy_read_help``
refuses any other page that repeats an urgent number.
"""

from __future__ import annotations

from dataclasses import dataclass

from builders.model import EasyRead, EasyReadItem, EasyReadPage, Factsheet, Location, Strong, Text

HELP_PAGE_COVERS = "urgent-help"
"""The ``covers`` value that marks an author's easy-read page as additions to the help page."""

EMERGENCY_NUMBERS = frozenset({"999", "112"})
EMERGENCY_PICTURE = "ambulance"
PHONE_PICTURE = "telephone receiver"
TEXT_PICTURE = "mobile phone"


@dataclass(frozen=True, slots=True)
class UrgentLine:
    """One urgent number as shown first: who, how ('call' or 'text'), the number, a short note."""

    name: str
    action: str
    number: str
    """As written in the source, which is as dialled (``116 123``)."""
    keyword: str
    """For a text number, the word to send (``SHOUT``); else empty."""
    note: str
    uri: str
    """``tel:`` or ``sms:`` link."""
    loc: Location
    """Where the number is written."""
    note_loc: Location
    """Where the short note is written (to say which text to shorten)."""

    @property
    def digits(self) -> str:
        """The number's digits only."""
        return "".join(ch for ch in self.number if ch.isdigit())

    @property
    def how(self) -> str:
        """'call 116 123' or 'text SHOUT to 85258'."""
        if self.action == "text":
            return f"text {self.keyword} to {self.number}" if self.keyword else f"text {self.number}"
        return f"call {self.number}"


def urgent_lines(factsheet: Factsheet) -> tuple[UrgentLine, ...]:
    """Every urgent-help number, in the order the author lists the contacts."""
    lines: list[UrgentLine] = []
    for contact in factsheet.urgent_help.contacts:
        for phone in contact.phones:
            note, note_loc = (phone.note, phone.loc) if phone.note else (contact.offers, contact.loc)
            lines.append(UrgentLine(contact.name, "call", phone.number, "", _short(note), phone.tel_uri,
                                    phone.loc, note_loc))
        for text in contact.texts:
            note, note_loc = (text.note, text.loc) if text.note else (contact.offers, contact.loc)
            lines.append(UrgentLine(contact.name, "text", text.number, text.keyword, _short(note), text.sms_uri,
                                    text.loc, note_loc))
    return tuple(lines)


def _short(note: str) -> str:
    note = " ".join(note.split()).rstrip(".")
    return note[:1].upper() + note[1:] if note else ""


def line_text(line: UrgentLine) -> str:
    """How a panel line reads in print: 'Samaritans: call 116 123. Free from landlines and mobiles.'"""
    how = f"{line.action} {line.keyword} to {line.number}" if line.action == "text" and line.keyword else \
        f"{line.action} {line.number}"
    return f"{line.name}: {how}." + (f" {line.note}." if line.note else "")


def urgent_numbers(factsheet: Factsheet) -> tuple[str, ...]:
    """The urgent-help numbers as written (as dialled), without repeats."""
    return tuple(dict.fromkeys(line.number for line in urgent_lines(factsheet)))


# --------------------------------------------------------------------------
# Easy read's help page
# --------------------------------------------------------------------------


def is_help_page(page: EasyReadPage) -> bool:
    """An author's page of additions to the help page (``covers: [urgent-help]``)."""
    return HELP_PAGE_COVERS in page.covers


def easy_help_items(factsheet: Factsheet) -> tuple[EasyReadItem, ...]:
    """Each urgent number as an easy-read row: a picture and one or two short sentences in easy words.

    The words are fixed patterns filled with the contact's name and number
    (the full factsheet's notes are not easy read); "It is free." and "You can
    get in touch day or night." are added when the contact's details say so.
    """
    items: list[EasyReadItem] = []
    for contact in factsheet.urgent_help.contacts:
        details = " ".join((contact.offers, contact.hours, *(p.note for p in contact.phones),
                            *(t.note for t in contact.texts))).lower()
        extra = (" It is free." if "free" in details else "") + (
            " You can get in touch day or night." if "24 hours" in details or "day or night" in details else "")
        for line in (line for line in urgent_lines(factsheet) if line.name == contact.name):
            loc = line.loc
            name = Strong((Text(line.name, loc),), loc)
            if line.action == "text":
                send = f"the word {line.keyword} " if line.keyword else ""
                text = (Text(f"Text {send}to {line.number}. This is ", loc), name, Text(f".{extra}", loc))
                items.append(EasyReadItem(TEXT_PICTURE, "A mobile phone", text, loc))
            elif line.digits in EMERGENCY_NUMBERS:
                text = (Text("Are you badly hurt or in danger? Call ", loc), Strong((Text(line.number, loc),), loc),
                        Text(" now.", loc))
                items.append(EasyReadItem(EMERGENCY_PICTURE, "An ambulance", text, loc))
            else:
                text = (Text("Call ", loc), name, Text(f" on {line.number}.{extra}", loc))
                items.append(EasyReadItem(PHONE_PICTURE, "A telephone", text, loc))
    return tuple(items)


def easy_help_page(factsheet: Factsheet, easy: EasyRead) -> EasyReadPage:
    """The one easy-read help page: rows generated from ``urgent_help``, then the author's additions."""
    urgent = factsheet.urgent_help
    additions = tuple(item for page in easy.pages if is_help_page(page) for item in page.items)
    return EasyReadPage(urgent.heading, (HELP_PAGE_COVERS,), (*easy_help_items(factsheet), *additions), urgent.loc)


def easy_pages(factsheet: Factsheet, easy: EasyRead) -> tuple[EasyReadPage, ...]:
    """Every easy-read page in reading order: the help page first, then the author's other pages."""
    return (easy_help_page(factsheet, easy), *(page for page in easy.pages if not is_help_page(page)))
