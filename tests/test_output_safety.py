"""Words that look like markup are printed as words: no output ever holds a script, an event handler,
a frame or a link whose scheme is not https, http, mailto, tel or sms (issue 11).

The source below is valid: every hostile string is ordinary text in a field
where text belongs, so it is built, and each reader (lxml, zipfile, pikepdf)
must find it shown as text and nothing active anywhere."""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import pytest

from conftest import COMPLETE_SOURCE, build_into
from hostile.corpus import edit
from output_safety import output_problems

HOSTILE_TEXTS = {
    "reference title": ("title: Generalised anxiety disorder in adults",
                        "title: '<script>alert(\"title\")</script> anxiety'"),
    "reference author": ("      - literal: NHS", "      - literal: '<img src=x onerror=alert(1)>'"),
    "reference container": ("container-title: NHS website", "container-title: '<iframe src=javascript:alert(1)></iframe>'"),
    "reference publisher": ("publisher: National Institute for Health and Care Excellence",
                            "publisher: '\"><svg onload=alert(1)>'"),
    "reference place": ("publisher-place: London", "publisher-place: '<a href=\"javascript:alert(1)\">London</a>'"),
    "reference URL with ampersand": ("URL: https://www.nice.org.uk/guidance/cg113",
                                     "URL: https://www.nice.org.uk/guidance/cg113?a=1&b=2"),
}
FACTSHEET_TEXTS = {
    "title": ("title: Coping with worry", "title: 'Coping with <script>worry</script>'"),
    "contact name": ("name: Samaritans", "name: '<b onmouseover=alert(1)>Samaritans</b>'"),
    "contact hours": ("hours: 24 hours a day, every day", "hours: '<iframe src=x></iframe>'"),
    "further reading title": ("title: Overcoming Worry", "title: '<a href=javascript:alert(1)>Overcoming</a>'"),
    "keyword": ("keywords: [worry, anxiety, coping]", "keywords: [worry, '\"><script>alert(1)</script>']"),
}


@pytest.fixture(scope="module")
def hostile_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The every-feature fixture with markup-like words in every text field, built as web, PDF and Word."""
    root = tmp_path_factory.mktemp("safety")
    source = root / "source"
    shutil.copytree(COMPLETE_SOURCE, source)
    sheet = source / "complete-example"
    for old, new in HOSTILE_TEXTS.values():
        edit(sheet / "references.yaml", old, new)
    for old, new in FACTSHEET_TEXTS.values():
        edit(sheet / "factsheet.yaml", old, new)
    edit(sheet / "body.md", "Worry is thinking again", "Worry (&lt;script&gt;alert(1)&lt;/script&gt;) is thinking again")
    (sheet / "images" / "drawing.svg").write_text(
        '<?xml version="1.0"?><!-- made by hand --><svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
        '<title>A box</title><?editor keep?><rect width="40" height="20" fill="url(#g)"/></svg>', encoding="utf-8")
    edit(sheet / "body.md", "![](images/bench.png){.decorative}", "![A box](images/drawing.svg)")
    return build_into(source, root / "output", ("web", "pdf", "docx", "easy-read-docx"))


def test_no_output_holds_anything_active(hostile_output: Path) -> None:
    assert output_problems(hostile_output) == []


def test_markup_like_words_are_shown_as_words(hostile_output: Path) -> None:
    page = lxml.html.fromstring((hostile_output / "complete-example" / "index.html").read_bytes())
    text = page.text_content()
    for words in ('<script>alert("title")</script>', "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>',
                  "<iframe src=javascript:alert(1)></iframe>", "<b onmouseover=alert(1)>Samaritans</b>",
                  "<script>alert(1)</script>"):
        assert words in text, words


def test_reference_address_is_one_real_link(hostile_output: Path) -> None:
    page = lxml.html.fromstring((hostile_output / "complete-example" / "index.html").read_bytes())
    references = page.xpath("//section[@class='references']")[0]
    hrefs = [a.get("href") for a in references.iter("a") if not a.get("href", "").startswith("#")]
    assert "https://www.nice.org.uk/guidance/cg113?a=1&b=2" in hrefs
    assert all(href.startswith("https://") for href in hrefs), hrefs


def test_the_readers_find_what_they_look_for(tmp_path: Path) -> None:
    """The safety readers are real: each finds a planted problem."""
    bad = tmp_path / "bad.html"
    bad.write_text('<p onclick="x()"><a href="javascript:alert(1)">a</a><script>1</script><iframe></iframe></p>')
    assert len(output_problems(tmp_path)) == 4


def test_the_web_page_gets_the_checked_copy_of_an_svg(hostile_output: Path) -> None:
    copy = (hostile_output / "complete-example" / "images" / "drawing.svg").read_text(encoding="utf-8")
    assert "<rect" in copy and "made by hand" not in copy and "<?editor" not in copy
