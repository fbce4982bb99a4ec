"""Tables, quotes, call-outs, picture captions, editor comments and links to the closing parts, in every format.

The every-feature fixture (tests/fixtures/complete) uses each structure; each
test opens one built file with a tool that is not ours (pikepdf for the PDF
structure tree, the .docx's XML, the HTML, the transcript, the text) and
checks the structure is really there, not flattened into paragraphs.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from lxml import etree, html

from conftest import COMPLETE_SOURCE

FORMATS = ("pdf", "large-print", "docx", "web", "text", "audio")
ID = "complete-example"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def out(built: Callable[[Path, tuple[str, ...]], Path]) -> Path:
    """The every-feature fixture, built to every format that shows the body."""
    return built(COMPLETE_SOURCE, FORMATS) / ID


def structure(path: Path) -> list[tuple[int, str, pikepdf.Dictionary]]:
    """The PDF's structure tree as (depth, role, element), in reading order."""
    found: list[tuple[int, str, pikepdf.Dictionary]] = []

    def walk(node: pikepdf.Dictionary, depth: int) -> None:
        role = node.get("/S")
        if role is not None:
            found.append((depth, str(role)[1:], node))
        kids = node.get("/K")
        children = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
        for kid in children:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/MCR":
                walk(kid, depth + 1)

    with pikepdf.open(path) as pdf:
        walk(pdf.Root.StructTreeRoot, 0)
        return [(d, r, e) for d, r, e in found]


def roles_below(tree: list[tuple[int, str, pikepdf.Dictionary]], index: int) -> list[str]:
    """The roles of every element under the one at ``index``."""
    depth = tree[index][0]
    roles = []
    for d, role, _ in tree[index + 1:]:
        if d <= depth:
            break
        roles.append(role)
    return roles


# -- PDF and large print: the structure tree -----------------------------------------------


@pytest.mark.parametrize("name", [f"{ID}.pdf", f"{ID}-large-print.pdf"])
def test_a_table_is_a_tagged_table_with_caption_and_scoped_headers(out: Path, name: str) -> None:
    with pikepdf.open(out / name) as pdf:
        tables = []

        def walk(node: pikepdf.Dictionary) -> None:
            if node.get("/S") == "/Table":
                tables.append(node)
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
                if isinstance(kid, pikepdf.Dictionary):
                    walk(kid)

        walk(pdf.Root.StructTreeRoot)
        assert tables, "no /Table in the structure tree"
        table = tables[0]
        kids = [k for k in table.K if isinstance(k, pikepdf.Dictionary)]
        assert [str(k.S) for k in kids] == ["/Caption", "/THead", "/TBody"]
        header_row = kids[1].K[0] if isinstance(kids[1].K, pikepdf.Array) else kids[1].K
        scopes = [str(cell.A.Scope) for cell in header_row.K if isinstance(cell, pikepdf.Dictionary)]
        assert scopes == ["/Column", "/Column", "/Column"]
        body_rows = [r for r in kids[2].K if isinstance(r, pikepdf.Dictionary)]
        assert len(body_rows) == 2
        first_cells = [c for c in body_rows[0].K if isinstance(c, pikepdf.Dictionary)]
        assert [str(c.S) for c in first_cells] == ["/TH", "/TD", "/TD"]
        assert str(first_cells[0].A.Scope) == "/Row"


def test_a_table_too_wide_for_large_print_is_written_row_by_row(out: Path) -> None:
    # 'Where to start' has four columns: they need more characters than an 18 pt line holds.
    with pikepdf.open(out / f"{ID}-large-print.pdf") as pdf:
        count = 0

        def walk(node: pikepdf.Dictionary) -> None:
            nonlocal count
            count += node.get("/S") == "/Table"
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
                if isinstance(kid, pikepdf.Dictionary):
                    walk(kid)

        walk(pdf.Root.StructTreeRoot)
    assert count == 1  # the standard PDF has two
    text = " ".join(pdf_text(out / f"{ID}-large-print.pdf").split())
    assert "Table: Where to start • Row 1 Step: Ask for an appointment Who: Your GP surgery" in text


def pdf_text(path: Path) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("name", [f"{ID}.pdf", f"{ID}-large-print.pdf"])
def test_a_quote_is_a_blockquote_holding_its_words_and_attribution(out: Path, name: str) -> None:
    tree = structure(out / name)
    index = next(i for i, (_, role, _) in enumerate(tree) if role == "BlockQuote")
    depth = tree[index][0]
    children = []
    for d, role, _ in tree[index + 1:]:
        if d <= depth:
            break
        if d == depth + 1:
            children.append(role)
    assert children == ["P", "P"]  # the words, then who said them
    text = " ".join(pdf_text(out / name).split())
    assert "Writing them down helped me sleep. — Sam, who took part in our survey" in text


@pytest.mark.parametrize("name", [f"{ID}.pdf", f"{ID}-large-print.pdf"])
def test_a_callout_is_a_div_whose_first_paragraph_is_its_label(out: Path, name: str) -> None:
    text = " ".join(pdf_text(out / name).split())
    assert "Top tip Write your worries down" in text
    assert "Remember • Worry is common" in text or "Remember Worry is common" in text
    tree = structure(out / name)
    divs = [i for i, (_, role, _) in enumerate(tree) if role == "Div" and roles_below(tree, i)[:1] == ["P"]]
    assert len(divs) >= 3


@pytest.mark.parametrize("name", [f"{ID}.pdf", f"{ID}-large-print.pdf"])
def test_a_picture_caption_and_credit_are_printed_under_it(out: Path, name: str) -> None:
    text = " ".join(pdf_text(out / name).split())
    assert "Taking a moment to think. Picture: Example Mental Health Charity" in text
    roles = [role for _, role, _ in structure(out / name)]
    assert "Caption" in roles[roles.index("Figure"):]


# -- Word ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def word_body(out: Path) -> etree._Element:
    with zipfile.ZipFile(out / f"{ID}.docx") as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def paragraph_text(paragraph: etree._Element) -> str:
    return "".join(paragraph.itertext())


def test_word_table_has_a_caption_and_a_header_row_repeated_on_each_page(word_body: etree._Element) -> None:
    table = word_body.find(f".//{W}tbl")
    assert table is not None
    assert table.find(f"{W}tblPr/{W}tblCaption").get(f"{W}val") == "Talking therapies for worry"
    look = table.find(f"{W}tblPr/{W}tblLook")
    assert look.get(f"{W}firstRow") == "1" and look.get(f"{W}firstColumn") == "1"
    rows = table.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert [paragraph_text(c) for c in rows[0].findall(f"{W}tc")] == ["Therapy", "What it is", "How long"]
    assert [paragraph_text(c) for c in rows[1].findall(f"{W}tc")][0] == "CBT"
    caption = table.getprevious()
    assert caption.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Caption"
    assert paragraph_text(caption) == "Talking therapies for worry"


def styled(body: etree._Element, style: str) -> list[str]:
    return [paragraph_text(p) for p in body.iter(f"{W}p")
            if (s := p.find(f"{W}pPr/{W}pStyle")) is not None and s.get(f"{W}val") == style]


def test_word_quote_and_attribution_have_their_styles(word_body: etree._Element) -> None:
    assert styled(word_body, "Quote") == [
        "I used to lie awake going over the same thoughts. Writing them down helped me sleep."]
    assert styled(word_body, "QuoteAttribution") == ["\u2014 Sam, who took part in our survey"]


def test_word_callouts_are_boxed_paragraphs_led_by_their_label(word_body: etree._Element) -> None:
    assert styled(word_body, "CalloutLabel") == ["Top tip", "Remember", "Important"]
    assert "Write your worries down and set aside a time of day to look at them [3]." in styled(word_body, "Callout")


def test_word_picture_caption_and_links_to_closing_parts(word_body: etree._Element) -> None:
    assert "Taking a moment to think. Picture: Example Mental Health Charity" in styled(word_body, "Caption")
    anchors = {link.get(f"{W}anchor") for link in word_body.iter(f"{W}hyperlink")}
    bookmarks = {b.get(f"{W}name") for b in word_body.iter(f"{W}bookmarkStart")}
    for part in ("sec_useful_contacts", "sec_further_reading", "sec_references"):
        assert part in anchors and part in bookmarks


# -- Web page --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page(out: Path) -> html.HtmlElement:
    return html.fromstring((out / "index.html").read_text(encoding="utf-8"))


def with_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def test_web_table_has_caption_and_scoped_headers(page: html.HtmlElement) -> None:
    table = page.xpath("//table")[0]
    assert table.xpath("caption")[0].text_content() == "Talking therapies for worry"
    assert [th.get("scope") for th in table.xpath("thead//th")] == ["col", "col", "col"]
    assert [th.get("scope") for th in table.xpath("tbody//th")] == ["row", "row"]
    assert [td.text_content() for td in table.xpath("tbody/tr[1]/td")] == [
        "Talking about how thoughts affect feelings", "About 12 to 15 sessions"]


def test_web_quote_is_a_figure_with_blockquote_and_figcaption(page: html.HtmlElement) -> None:
    figure = page.xpath(f"//figure[{with_class('quote')}]")[0]
    assert figure.xpath("blockquote/p")[0].text_content().startswith("I used to lie awake")
    assert figure.xpath("figcaption")[0].text_content() == "\u2014 Sam, who took part in our survey"


def test_web_callouts_are_labelled_asides(page: html.HtmlElement) -> None:
    asides = page.xpath(f"//aside[{with_class('callout')}]")
    assert [a.get("aria-label") for a in asides] == ["Top tip", "Remember", "Important"]
    assert [a.xpath("p[1]")[0].text_content() for a in asides] == ["Top tip", "Remember", "Important"]


def test_web_picture_caption_and_links_to_closing_parts(page: html.HtmlElement) -> None:
    caption = page.xpath(f"//figure[{with_class('figure')}]/figcaption")[0]
    assert caption.text_content() == "Taking a moment to think. Picture: Example Mental Health Charity"
    for part in ("useful-contacts", "further-reading", "references"):
        assert page.xpath(f"//h2[@id='{part}']")
        assert page.xpath(f"//main//a[@href='#{part}']")


# -- Plain text and the audio transcript ----------------------------------------------------


def test_text_writes_tables_row_by_row_and_labels_quotes_and_callouts(out: Path) -> None:
    text = (out / f"{ID}.txt").read_text(encoding="utf-8")
    assert ("Table: Talking therapies for worry\n\nCBT\n  What it is: Talking about how thoughts affect feelings\n"
            "  How long: About 12 to 15 sessions\n") in text
    assert "\u201cI used to lie awake" in text and "helped me sleep.\u201d\n  \u2014 Sam, who took part" in text
    assert "| TOP TIP\n| Write your worries down" in text
    assert "Caption: Taking a moment to think. Picture: Example Mental Health Charity" in " ".join(text.split())


def test_transcript_reads_tables_row_by_row_and_announces_quotes_and_callouts(out: Path) -> None:
    lines = (out / f"{ID}-transcript.txt").read_text(encoding="utf-8").splitlines()
    assert "Table: Talking therapies for worry. Two rows and three columns." in lines
    assert ("Row one: CBT. What it is: Talking about how thoughts affect feelings. "  # the transcript writes CBT; the voice says C B T
            "How long: About twelve to fifteen sessions.") in lines
    assert ("Quote from Sam, who took part in our survey: I used to lie awake going over the same thoughts. "
            "Writing them down helped me sleep. End of quote.") in lines
    assert "Top tip: Write your worries down and set aside a time of day to look at them." in lines  # no [3]
    assert ("Picture: A person sitting on a bench, thinking. Caption: Taking a moment to think. "
            "Picture: Example Mental Health Charity.") in lines
    assert any(line.startswith("Important: If you feel you cannot keep yourself safe") for line in lines)


# -- Editor comments reach no output ----------------------------------------------------------


def test_editor_comments_reach_no_output(out: Path) -> None:
    assert "Editors: check this" in (COMPLETE_SOURCE / ID / "body.md").read_text(encoding="utf-8")
    texts = {
        "pdf": pdf_text(out / f"{ID}.pdf"),
        "large print": pdf_text(out / f"{ID}-large-print.pdf"),
        "web": (out / "index.html").read_text(encoding="utf-8"),
        "text": (out / f"{ID}.txt").read_text(encoding="utf-8"),
        "transcript": (out / f"{ID}-transcript.txt").read_text(encoding="utf-8"),
    }
    with zipfile.ZipFile(out / f"{ID}.docx") as archive:
        texts["docx"] = archive.read("word/document.xml").decode("utf-8")
    for name, text in texts.items():
        assert "Editors" not in text and "NICE update" not in text, name
        assert not re.search(r"<!--", text.replace("<!--[if", "")), name
