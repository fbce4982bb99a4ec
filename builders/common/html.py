"""The factsheet model as HTML fragments, for every builder that renders HTML (PDF, large print, web).

Each function returns :class:`markupsafe.Markup`: every word from the source
is escaped here and no raw HTML from the source ever passes through, so
templates can insert the fragments as they are.  The fragments carry meaning,
not looks: headings, lists, links, figures with alt text (WCAG 1.1.1) or
``alt=""`` and ``role="presentation"`` when decorative, citations as numbered
links to ``#ref-N``, phone numbers as ``tel:`` links.  Stylesheets decide how
they look, so large print can turn emphasis into bold (UKAAF MS03) without a
different walk.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from builders.common.urgent import UrgentLine
from builders.model import (
    Block,
    Callout,
    Citation,
    Contact,
    CrossReference,
    Emphasis,
    Factsheet,
    Figure,
    FurtherReading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Location,
    Paragraph,
    Quote,
    Section,
    Strong,
    Table,
    Text,
    plain_text,
)
from builders.common.tables import table_fits
from builders.common.words import credit_separator

HEADING_OFFSET = 1
"""Section level 1 is ``<h2>``: the factsheet's title is the page's only ``<h1>``."""


@dataclass(frozen=True, slots=True)
class HtmlOptions:
    """How fragments are written; the defaults suit a single page holding the whole factsheet."""

    citation_href: str = "#ref-{number}"
    """Where a citation number links to (``{number}`` is replaced)."""
    heading_offset: int = HEADING_OFFSET
    """Added to a section's level to give its heading element."""
    line_characters: int | None = None
    """How many average characters a line holds; a table needing more is linearised (large print).
    ``None``: tables are always tables (a web page scrolls a wide one sideways)."""
    tagged_pdf: bool = False
    """Write the forms WeasyPrint tags best: a call-out as ``<div>`` (Div) rather than ``<aside>`` (untagged),
    a quote's attribution inside its ``<blockquote>`` (BlockQuote) rather than in a ``<figure>``."""


DEFAULT = HtmlOptions()


def reference_anchor(number: int) -> str:
    """The id of reference entry ``number`` in the reference list (``ref-3``)."""
    return f"ref-{number}"


def inlines(nodes: tuple[Inline, ...], numbers: dict[str, int], options: HtmlOptions = DEFAULT) -> Markup:
    """Inline content (words, bold, italics, links, citations, pictures) as escaped HTML."""
    return Markup("").join(_inline(node, numbers, options) for node in nodes)


def _inline(node: Inline, numbers: dict[str, int], options: HtmlOptions) -> Markup:
    if isinstance(node, Text):
        return escape(node.text)
    if isinstance(node, Strong):
        return Markup("<strong>%s</strong>") % inlines(node.children, numbers, options)
    if isinstance(node, Emphasis):
        return Markup("<em>%s</em>") % inlines(node.children, numbers, options)
    if isinstance(node, Link):
        return Markup('<a href="%s">%s</a>') % (node.url, inlines(node.children, numbers, options))
    if isinstance(node, CrossReference):
        return Markup('<a class="cross-reference" href="#%s">%s</a>') % (
            node.target, inlines(node.children, numbers, options))
    if isinstance(node, Citation):
        return citation(node, numbers, options)
    if isinstance(node, LineBreak):
        return Markup("<br>")
    if isinstance(node, Image):
        return image(node)
    raise TypeError(f"{node.loc}: no HTML for {type(node).__name__}")  # never drop a node silently


def citation(node: Citation, numbers: dict[str, int], options: HtmlOptions = DEFAULT) -> Markup:
    """``[1, 3]``: each number a link to its entry in the reference list."""
    cited = [numbers[key] for key in node.keys if key in numbers]
    if not cited:
        return Markup("")
    links = Markup(", ").join(
        Markup('<a class="citation" href="%s">%s</a>') % (options.citation_href.format(number=n), n)
        for n in cited
    )
    return Markup('<span class="citations">[%s]</span>') % links


def image(node: Image) -> Markup:
    """A picture with its alt text, or marked decorative so screen readers skip it (WCAG 1.1.1)."""
    if node.decorative:
        return Markup('<img src="%s" alt="" role="presentation">') % node.src
    return Markup('<img src="%s" alt="%s">') % (node.src, node.alt)


def block(node: Block, numbers: dict[str, int], options: HtmlOptions = DEFAULT) -> Markup:
    """A paragraph, list (nested lists inside their item) or figure."""
    if isinstance(node, Paragraph):
        return Markup("<p>%s</p>") % inlines(node.inlines, numbers, options)
    if isinstance(node, ListBlock):
        tag = "ol" if node.ordered else "ul"
        items = Markup("").join(
            Markup("<li>%s</li>") % _list_item(item.blocks, numbers, options) for item in node.items
        )
        return Markup(f"<{tag}>%s</{tag}>") % items
    if isinstance(node, Figure):
        css = "figure decorative" if node.image.decorative else "figure"
        return Markup('<figure class="%s">%s%s</figure>') % (css, image(node.image), _figcaption(node, numbers, options))
    if isinstance(node, Table):
        if options.line_characters is not None and not table_fits(node, options.line_characters):
            return linear_table(node, numbers, options)
        return table(node, numbers, options)
    if isinstance(node, Quote):
        return quote(node, numbers, options)
    if isinstance(node, Callout):
        return callout(node, numbers, options)
    raise TypeError(f"{node.loc}: no HTML for {type(node).__name__}")


def _figcaption(node: Figure, numbers: dict[str, int], options: HtmlOptions) -> Markup:
    """A picture's caption and credit, when it has them."""
    if not node.caption and not node.credit:
        return Markup("")
    caption = inlines(node.caption, numbers, options)
    credit = Markup("")
    if node.credit:  # a full stop before the credit makes a pause, for the ear as well as the eye
        separator = credit_separator(plain_text(node.caption)).rstrip()
        credit = Markup('%s <span class="credit">%s</span>') % (separator, node.credit)
    return Markup("<figcaption>%s%s</figcaption>") % (caption, credit)


def table(node: Table, numbers: dict[str, int], options: HtmlOptions = DEFAULT) -> Markup:
    """A real table: caption, a header row of ``<th scope="col">``, each row's first cell ``<th scope="row">``
    when the table has row headers (WCAG 1.3.1; WeasyPrint tags them TH with their scope)."""
    head = Markup("").join(
        Markup('<th scope="col">%s</th>') % inlines(cell.inlines, numbers, options) for cell in node.header
    )
    rows = []
    for row in node.rows:
        cells = []
        for position, cell in enumerate(row):
            words = inlines(cell.inlines, numbers, options)
            if position == 0 and node.row_headers:
                cells.append(Markup('<th scope="row">%s</th>') % words)
            else:
                cells.append(Markup("<td>%s</td>") % words)
        rows.append(Markup("<tr>%s</tr>") % Markup("").join(cells))
    table_html = Markup('<table><caption>%s</caption><thead><tr>%s</tr></thead><tbody>%s</tbody></table>') % (
        inlines(node.caption, numbers, options), head, Markup("").join(rows))
    if options.tagged_pdf:
        return table_html  # no wrapper: a Div split over two pages would become two Divs in the tags
    # On a web page the wrapper scrolls a wide table sideways on a phone; as a labelled region with tabindex
    # a keyboard user can scroll it too (WCAG 2.1.1; axe's scrollable-region-focusable).
    return Markup('<div class="table" role="region" tabindex="0" aria-label="%s">%s</div>') % (
        node.caption_text, table_html)


def linear_table(node: Table, numbers: dict[str, int], options: HtmlOptions = DEFAULT) -> Markup:
    """A table too wide for the line, written row by row (UKAAF: never shrink the text to fit).

    The caption, then a bulleted list of the rows: each row's name (its row header, or 'Row N')
    and the list of its cells as 'column heading: value'.
    """
    caption = Markup('<p class="table-caption"><strong>Table: %s</strong></p>') % inlines(node.caption, numbers, options)
    rows = []
    for number, row in enumerate(node.rows, 1):
        cells = list(zip(node.header, row))
        if node.row_headers and cells:
            name = inlines(cells[0][1].inlines, numbers, options)
            cells = cells[1:]
        else:
            name = escape(f"Row {number}")
        items = Markup("").join(
            Markup("<li><strong>%s:</strong> %s</li>") % (
                inlines(head.inlines, numbers, options), inlines(cell.inlines, numbers, options))
            for head, cell in cells
        )
        rows.append(Markup('<li class="table-row"><strong>%s</strong><ul>%s</ul></li>') % (name, items))
    return Markup('%s<ul class="table-rows">%s</ul>') % (caption, Markup("").join(rows))


def quote(node: Quote, numbers: dict[str, int], options: HtmlOptions = DEFAULT) -> Markup:
    """Someone's own words and who they are: ``<figure>``, ``<blockquote>``, ``<figcaption>`` (HTML's pattern),
    or for a tagged PDF the attribution as the quote's last paragraph, so BlockQuote holds both."""
    words = Markup("").join(Markup("<p>%s</p>") % inlines(p.inlines, numbers, options) for p in node.paragraphs)
    who = inlines(node.attribution, numbers, options)
    if options.tagged_pdf:
        return Markup('<blockquote class="quote">%s<p class="attribution">\u2014 %s</p></blockquote>') % (words, who)
    return Markup('<figure class="quote"><blockquote>%s</blockquote><figcaption class="attribution">\u2014 %s'
                  '</figcaption></figure>') % (words, who)


def callout(node: Callout, numbers: dict[str, int], options: HtmlOptions = DEFAULT) -> Markup:
    """A boxed call-out whose label ('Top tip') is its first words, so it is read as well as seen."""
    tag = "div" if options.tagged_pdf else "aside"
    body = Markup("").join(block(b, numbers, options) for b in node.blocks)
    label = node.kind.label
    return Markup(f'<{tag} class="callout callout-%s" aria-label="%s"><p class="callout-label"><strong>%s</strong>'
                  f'</p>%s</{tag}>') % (node.kind.value, label, label, body)


def _list_item(blocks: tuple[Block, ...], numbers: dict[str, int], options: HtmlOptions) -> Markup:
    """A list item's first paragraph without ``<p>`` (a tighter list, and simpler tags), then the rest."""
    parts: list[Markup] = []
    for position, inner in enumerate(blocks):
        if position == 0 and isinstance(inner, Paragraph):
            parts.append(inlines(inner.inlines, numbers, options))
        else:
            parts.append(block(inner, numbers, options))
    return Markup("").join(parts)


def section(node: Section, numbers: dict[str, int], options: HtmlOptions = DEFAULT) -> Markup:
    """A section: its heading (with the section's id, the target of cross references), content, subsections."""
    level = min(node.level + options.heading_offset, 6)
    body = Markup("").join(block(b, numbers, options) for b in node.blocks)
    subs = Markup("").join(section(s, numbers, options) for s in node.subsections)
    return Markup('<section class="level-%s"><h%s id="%s">%s</h%s>%s%s</section>') % (
        node.level, level, node.id, inlines(node.title, numbers, options), level, body, subs)


def contact(node: Contact, heading_level: int = 3) -> Markup:
    """One organisation's details, kept in one block; phone numbers as ``tel:``, texts as ``sms:`` links."""
    rows: list[Markup] = []
    for phone in node.phones:
        note = Markup(" (%s)") % phone.note if phone.note else Markup("")
        rows.append(Markup('<dt>Phone</dt><dd><a href="%s">%s</a>%s</dd>') % (phone.tel_uri, phone.number, note))
    for sms in node.texts:
        words = Markup("%s to %s") % (sms.keyword, sms.number) if sms.keyword else escape(sms.number)
        note = Markup(" (%s)") % sms.note if sms.note else Markup("")
        rows.append(Markup('<dt>Text</dt><dd><a href="%s">%s</a>%s</dd>') % (sms.sms_uri, words, note))
    if node.hours:
        rows.append(Markup("<dt>Opening hours</dt><dd>%s</dd>") % node.hours)
    if node.email:
        rows.append(Markup('<dt>Email</dt><dd><a href="%s">%s</a></dd>') % (node.email.mailto, node.email))
    if node.website:
        rows.append(Markup('<dt>Website</dt><dd><a href="%s">%s</a></dd>') % (node.website, _short_url(node.website)))
    if node.address:
        rows.append(Markup("<dt>Address</dt><dd>%s</dd>") % node.address)
    offers = Markup("<p>%s</p>") % node.offers if node.offers else Markup("")
    details = Markup("<dl>%s</dl>") % Markup("").join(rows) if rows else Markup("")
    return Markup('<div class="contact"><h%s>%s</h%s>%s%s</div>') % (
        heading_level, node.name, heading_level, offers, details)


def further_reading(item: FurtherReading) -> Markup:
    """One suggestion: title (linked when online), author, publisher and a note."""
    title = Markup('<a href="%s">%s</a>') % (item.url, item.title) if item.url else escape(item.title)
    who = ", ".join(x for x in (item.author, item.publisher) if x)
    parts = [Markup('<span class="title">%s</span>') % title]
    if who:
        parts.append(Markup(", %s") % who)
    note = Markup('<br><span class="note">%s</span>') % item.note if item.note else Markup("")
    return Markup("<li>%s%s</li>") % (Markup("").join(parts), note)


def _short_url(url: str) -> str:
    """A web address as people say it: no scheme, no trailing slash."""
    for prefix in ("https://", "http://"):
        url = url.removeprefix(prefix)
    return url.rstrip("/")


def image_locations(factsheet: Factsheet) -> dict[str, Location]:
    """Every picture address the factsheet's HTML names → where the source named it.

    Renderers use it to report a refused address at its place in the source.
    """
    found: dict[str, Location] = {}
    for node in factsheet.inlines():
        if isinstance(node, Image):
            found.setdefault(node.src, node.loc)
    return found


def urgent_panel(lines: tuple[UrgentLine, ...]) -> Markup:
    """The compact urgent-help list: per number, the name, the number as dialled (a link) and one short note.

    A list (``<ul>``), so screen readers and the PDF's structure tree announce
    how many contacts there are; the heading and intro are the caller's.
    """
    items: list[Markup] = []
    for line in lines:
        shown = Markup("%s to %s") % (line.keyword, line.number) if line.action == "text" and line.keyword else \
            escape(line.number)
        note = Markup(' <span class="urgent-note">%s.</span>') % line.note if line.note else Markup("")
        items.append(Markup('<li><strong class="urgent-name">%s</strong>: %s <a class="urgent-number" href="%s">'
                            '%s</a>.%s</li>') % (line.name, line.action, line.uri, shown, note))
    return Markup('<ul class="urgent-lines">%s</ul>') % Markup("").join(items)
