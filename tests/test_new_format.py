"""A new format is one module and one ``register(...)`` line: nothing else learns its name.

``tests/fixtures/formats/postcard.py`` is a throw-away format with a kind of
file no other format writes.  Registered at test time (one line), it appears
in the web page's downloads panel, in the catalog and in ``factsheet verify``,
because all three read the builders' declarations from the registry.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest

import builders.formats
from builders.commands.verify import verify_factsheet
from builders.formats import format_names, register
from conftest import COMPLETE_SOURCE, ROOT, build_into, load_clean

ID = "complete-example"
CARD = f"{ID}-postcard.card"


@pytest.fixture()
def postcard_registered(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The registry as shipped, plus the postcard; the shipped registry comes back after the test."""
    monkeypatch.setattr(builders.formats, "_REGISTRY", dict(builders.formats._REGISTRY))
    monkeypatch.syspath_prepend(str(ROOT / "tests" / "fixtures" / "formats"))
    register("postcard", "postcard:PostcardBuilder")
    yield


@pytest.fixture()
def output(postcard_registered: None, tmp_path: Path) -> Path:
    """The complete fixture built as a postcard, a plain-text copy and a web page."""
    return build_into(COMPLETE_SOURCE, tmp_path / "output", ("text", "postcard", "web"))


def test_the_registered_format_can_be_chosen(postcard_registered: None) -> None:
    assert format_names()[-1] == "postcard"


def test_the_web_page_offers_the_new_file_with_its_label_and_type(output: Path) -> None:
    page = lxml.html.parse(str(output / ID / "index.html")).getroot()
    items = page.xpath("//ul[@class='download-list']/li")
    assert [item.xpath("string(a/@href)") for item in items] == [f"{ID}.txt", CARD]  # registry order
    card = items[1]
    assert card.xpath("string(a)") == "Postcard"
    assert card.xpath("string(span[@class='file-details'])").startswith("(Postcard text, ")


def test_the_catalog_lists_the_new_file(output: Path) -> None:
    catalog = lxml.html.parse(str(output / "index.html")).getroot()
    links = catalog.xpath("//ul[@id='catalog']/li//a/@href")
    assert f"{ID}/{CARD}" in links


def test_verify_reads_the_new_file_with_its_own_reader(output: Path) -> None:
    factsheet = load_clean(COMPLETE_SOURCE).factsheets[0]
    checked, findings = verify_factsheet(factsheet, output / ID)
    assert output / ID / CARD in checked and findings == []


def test_verify_holds_the_new_file_to_its_layer(output: Path) -> None:
    factsheet = load_clean(COMPLETE_SOURCE).factsheets[0]
    card = output / ID / CARD
    card.write_text(card.read_text(encoding="utf-8").replace("Version 2.1", "Version 2.0"), encoding="utf-8")
    _, findings = verify_factsheet(factsheet, output / ID)
    assert [f.format() for f in findings] == [f"{card}: missing version '2.1'"]


def test_without_the_register_line_nothing_knows_the_format() -> None:
    assert "postcard" not in format_names()
