"""The hostile corpus: sources and output folders an attacker or a careless editor could make.

Each :class:`Case` starts from a copy of the every-feature fixture
(``tests/fixtures/complete/source``) and of an output folder already built
from it, changes one thing, and says what ``factsheet build`` must print:
the file and the words of the located message.  ``tests/test_hostile.py``
runs every case and also checks that nothing already built changed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SHEET = "complete-example"


@dataclass(frozen=True)
class Case:
    """One hostile change and what the publisher must answer."""

    name: str
    category: str
    change: Callable[[Path, Path], None]
    """Applied to (source folder, output folder)."""
    file: str
    """The file the message must name, relative to the source folder ('' when the message names none)."""
    message: str
    """Words the message must contain."""
    args: tuple[str, ...] = ()
    """The command (default: build the fixture as text and web page)."""
    exit_status: int = 1
    in_subprocess: bool = False
    """Run as a real process with a time limit (for changes that once hung or exhausted memory)."""
    outputs_unchanged: bool = True


CASES: list[Case] = []


def case(name: str, category: str, file: str, message: str, **kwargs: object) -> Callable[[Callable[[Path, Path], None]], Callable[[Path, Path], None]]:
    """Register the decorated change as a case."""

    def register(change: Callable[[Path, Path], None]) -> Callable[[Path, Path], None]:
        CASES.append(Case(name, category, change, file, message, **kwargs))  # type: ignore[arg-type]
        return change

    return register


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) by ``new`` in a text file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def simple(name: str, category: str, file: str, old: str, new: str, message: str, **kwargs: object) -> None:
    """A case that replaces one piece of text in one source file."""

    def change(source: Path, output: Path) -> None:
        edit(source / file, old, new)

    CASES.append(Case(name, category, change, file, message, **kwargs))  # type: ignore[arg-type]


FACTSHEET = f"{SHEET}/factsheet.yaml"
BODY = f"{SHEET}/body.md"
REFERENCES = f"{SHEET}/references.yaml"
EASY_READ = f"{SHEET}/easy-read.yaml"
PUBLISHER = "publisher.yaml"
NHS_LINK = "[NHS website](https://www.nhs.uk/mental-health/)"

# --------------------------------------------------------------------------
# Addresses: one URL rule everywhere
# --------------------------------------------------------------------------

for scheme_case, address in (
    ("javascript", "javascript:alert(document.cookie)"),
    ("javascript-upper-case", "JaVaScRiPt:alert(1)"),
    ("data", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
    ("vbscript", "vbscript:msgbox(1)"),
    ("file", "file:///etc/passwd"),
    ("ftp", "ftp://example.org/file"),
):
    simple(f"body-link-{scheme_case}", "address", BODY, NHS_LINK, f"[NHS website]({address})",
           "which is not allowed (only https:, http:, mailto:, tel:, sms:)")
simple("body-link-no-scheme", "address", BODY, NHS_LINK, "[NHS website](nhs.html)", "has no scheme")
simple("body-link-protocol-relative", "address", BODY, NHS_LINK, "[NHS website](//evil.example/x)", "has no scheme")
simple("body-link-user-before-host", "address", BODY, NHS_LINK, "[NHS website](https://www.nhs.uk@evil.example/)",
       "hides where the link goes")
simple("body-link-no-host", "address", BODY, NHS_LINK, "[NHS website](https:///mental-health)",
       "has no web site name")
simple("body-autolink-javascript", "address", BODY, NHS_LINK, "<javascript:alert(1)>", "'javascript:', which is not allowed")
simple("body-link-tel-letters", "address", BODY, NHS_LINK, "[call us](tel:call-me-now)", "is not a phone number")
simple("body-link-sms-extra", "address", BODY, NHS_LINK, "[text us](sms:85258?body=HI&to=999)", "is not a number to text")
simple("introduction-link-javascript", "address", FACTSHEET, "get **support** [@nhs-anxiety].",
       "get **support** [@nhs-anxiety] [here](javascript:alert(1)).", "'javascript:', which is not allowed")
simple("key-point-link-data", "address", FACTSHEET, "see [treatment](#treatment).",
       "see [treatment](data:text/html,hi).", "'data:', which is not allowed")
simple("contact-website-javascript", "address", FACTSHEET, "website: https://www.samaritans.org",
       "website: javascript:alert(1)", "contact website 'javascript:alert(1)' uses 'javascript:'")
simple("contact-website-data", "address", FACTSHEET, "website: https://giveusashout.org",
       "website: 'data:text/html,<script>alert(1)</script>'", "contact website 'data:text/html")
simple("contact-website-quote", "address", FACTSHEET, "website: https://giveusashout.org",
       "website: 'https://giveusashout.org/\"onmouseover=\"alert(1)'", "contains '\"'")
simple("contact-email-javascript", "address", FACTSHEET, "email: jo@samaritans.org",
       "email: javascript:alert(1)//@x.org", "email address 'javascript:alert(1)//@x.org' is not an email address")
simple("contact-email-quote", "address", FACTSHEET, "email: jo@samaritans.org",
       "email: 'jo\"@samaritans.org'", "which no email address has")
simple("urgent-contact-in-place-website", "address", FACTSHEET, "      phone: \"999\"",
       "      phone: \"999\"\n      website: javascript:alert(1)", "contact website 'javascript:alert(1)'")
simple("further-reading-url-javascript", "address", FACTSHEET, "    publisher: Example Press",
       "    publisher: Example Press\n    url: javascript:alert(1)", "further-reading address 'javascript:alert(1)'")
simple("reference-url-javascript", "address", REFERENCES, "URL: https://www.nice.org.uk/guidance/cg113",
       "URL: javascript:alert(1)", "reference URL 'javascript:alert(1)'")
simple("reference-url-quote", "address", REFERENCES, "URL: https://www.nice.org.uk/guidance/cg113",
       "URL: 'https://www.nice.org.uk/\"><script>alert(1)</script>'", "contains '\"'")
simple("reference-doi-breakout", "address", REFERENCES, "    accessed: 2026-05-31\n  - id: nhs-anxiety",
       "    accessed: 2026-05-31\n    DOI: '10.1136/x\"><script>alert(1)</script>'\n  - id: nhs-anxiety",
       "DOI '10.1136/x\"><script>alert(1)</script>' contains '\"'")
simple("reference-doi-as-address", "address", REFERENCES, "    accessed: 2026-05-31\n  - id: nhs-anxiety",
       "    accessed: 2026-05-31\n    DOI: javascript:alert(1)\n  - id: nhs-anxiety", "is not a DOI")
simple("publisher-website-javascript", "address", PUBLISHER, "website: https://www.example.org",
       "website: javascript:alert(1)", "organisation website 'javascript:alert(1)'")
simple("easy-read-link-javascript", "address", EASY_READ, "text: Your doctor can help you.",
       "text: Your doctor can [help you](javascript:alert(1)).", "'javascript:', which is not allowed")
