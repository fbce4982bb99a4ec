"""factsheet.yaml, references.yaml and easy-read.yaml → the model (the every-feature fixture)."""

from __future__ import annotations

from datetime import date

from builders.model import Citation, Location, PartialDate, PersonName, ReviewKind, Strong
from builders.parse import Project


def test_metadata_is_read_with_types(complete_project: Project) -> None:
    meta = complete_project.factsheets[0].metadata
    assert (meta.id, meta.title, meta.language, meta.version) == ("complete-example", "Coping with worry", "en-GB", "2.1")
    assert (meta.last_updated, meta.next_review, meta.review) == (date(2026, 5, 31), date(2028, 5, 31), ReviewKind.PART)
    assert meta.organisation == "Example Mental Health Charity"  # from publisher.yaml
    assert meta.keywords == ("worry", "anxiety", "coping")


def test_metadata_fields_know_their_lines(complete_project: Project) -> None:
    meta = complete_project.factsheets[0].metadata
    assert meta.where("next_review").line == 14 and meta.where("next_review").column == 14


def test_introduction_is_inline_markdown(complete_project: Project) -> None:
    intro = complete_project.factsheets[0].metadata.introduction
    assert any(isinstance(n, Strong) for n in intro)
    assert [n.keys for n in intro if isinstance(n, Citation)] == [("nhs-anxiety",)]


def test_urgent_help_mixes_contact_ids_and_contacts_written_in_place(complete_project: Project) -> None:
    urgent = complete_project.factsheets[0].urgent_help
    assert [c.name for c in urgent.contacts] == ["Samaritans", "Shout", "Emergency services"]
    assert [p.tel_uri for c in urgent.contacts for p in c.phones] == ["tel:116123", "tel:999"]


def test_text_numbers_keep_their_keyword(complete_project: Project) -> None:
    shout = complete_project.factsheets[0].contacts[1]
    assert (shout.texts[0].number, shout.texts[0].keyword, shout.texts[0].sms_uri) == ("85258", "SHOUT", "sms:85258?body=SHOUT")


def test_full_uk_numbers_get_international_tel_links() -> None:
    from builders.model import PhoneNumber

    assert PhoneNumber("0800 689 5652", "", Location("x")).tel_uri == "tel:+448006895652"


def test_references_are_data_in_csl_vocabulary(complete_project: Project) -> None:
    nice = complete_project.factsheets[0].reference("nice-cg113")
    assert nice is not None
    assert nice.authors == (PersonName(literal="National Institute for Health and Care Excellence"),)
    assert nice.issued == PartialDate(2011, 1, 26) and nice.accessed == date(2026, 5, 31)
    csl = nice.to_csl()
    assert csl["URL"] == "https://www.nice.org.uk/guidance/cg113" and csl["issued"] == {"date-parts": [[2011, 1, 26]]}


def test_citations_are_numbered_by_first_appearance(complete_project: Project) -> None:
    factsheet = complete_project.factsheets[0]
    assert factsheet.citation_numbers() == {"nhs-anxiety": 1, "nice-cg113": 2, "worry-booklet": 3}


def test_easy_read_layer_is_read(complete_project: Project) -> None:
    easy = complete_project.factsheets[0].easy_read
    assert easy is not None and not easy.draft
    assert [p.heading for p in easy.pages] == ["More help", "What is worry?", "Getting help"]
    assert easy.pages[1].covers == ("about-worry",)
    assert easy.hard_words[0].word == "therapist"


def test_every_source_file_is_listed_for_rebuilds(complete_project: Project) -> None:
    names = sorted(p.name for p in complete_project.factsheets[0].files)
    assert names == ["bench.png", "body.md", "easy-read.yaml", "factsheet.yaml", "pronunciation.yaml", "references.yaml"]


def test_the_model_is_immutable(complete_project: Project) -> None:
    import dataclasses

    import pytest

    with pytest.raises(dataclasses.FrozenInstanceError):
        complete_project.factsheets[0].metadata.title = "Changed"  # type: ignore[misc]
