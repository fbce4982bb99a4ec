"""The one URL rule applied where addresses are read: raw text → :class:`WebAddress`, or a located error.

Every address a factsheet can hold (a link in any Markdown text, a contact's
website and email, a further-reading or reference URL, a DOI, the
organisation's website) is turned into its checked type here, once.  What
fails the rule never enters the model, so no builder needs to look again.
"""

from __future__ import annotations

from builders.diagnostics import Diagnostics
from builders.model import Doi, EmailAddress, Location, WebAddress, address_problem, doi_problem, email_problem

ADDRESS_HINT = "use https://…, mailto:…, tel:… or sms:… (and #id for a section of this factsheet)"


def read_address(raw: str, loc: Location, diagnostics: Diagnostics, what: str = "link address") -> WebAddress | None:
    """``raw`` as a :class:`WebAddress`, or ``None`` after reporting why it is refused."""
    try:
        return WebAddress(raw)
    except ValueError:
        diagnostics.error(loc, f"{what} {_shown(raw)} {address_problem(raw)}", ADDRESS_HINT)
        return None


def read_email(raw: str, loc: Location, diagnostics: Diagnostics) -> EmailAddress | None:
    """``raw`` as an :class:`EmailAddress`, or ``None`` after reporting why it is refused."""
    try:
        return EmailAddress(raw)
    except ValueError:
        diagnostics.error(loc, f"email address {_shown(raw)} {email_problem(raw)}",
                          "write the address alone, like jo@samaritans.org")
        return None


def read_doi(raw: str, loc: Location, diagnostics: Diagnostics) -> Doi | None:
    """``raw`` as a :class:`Doi`, or ``None`` after reporting why it is refused."""
    try:
        return Doi(raw)
    except ValueError:
        diagnostics.error(loc, f"DOI {_shown(raw)} {doi_problem(raw)}", "write the DOI alone, like 10.1136/bmj.n71")
        return None


def _shown(raw: str, limit: int = 80) -> str:
    """The value quoted for a message, shortened when long."""
    text = raw if len(raw) <= limit else raw[: limit - 1] + "…"
    return repr(text)
