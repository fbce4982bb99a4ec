"""Reference lists from structured data through a real CSL style (citeproc-py)."""

from __future__ import annotations

import pytest

from builders.common.citations import UnknownStyleError, format_references
from builders.parse import Project


def test_entries_are_numbered_by_first_citation(complete_project: Project) -> None:
    entries = format_references(complete_project.factsheets[0])
    assert [(e.number, e.key) for e in entries] == [(1, "nhs-anxiety"), (2, "nice-cg113"), (3, "worry-booklet")]


def test_bmj_style_formats_the_entry_without_its_number(complete_project: Project) -> None:
    nice = format_references(complete_project.factsheets[0])[1]
    assert nice.text.startswith("National Institute for Health and Care Excellence. Generalised anxiety disorder")
    assert "London: National Institute for Health and Care Excellence, 2011" in nice.text


def test_every_reference_with_an_address_shows_and_links_it(sample_project: Project) -> None:
    for factsheet in sample_project.factsheets:
        for entry in format_references(factsheet):
            reference = entry.reference
            if reference.url or reference.doi:
                assert entry.url and f'href="{entry.url}"' in entry.html, entry.key
                assert (reference.url and reference.url in entry.text) or (reference.doi and reference.doi in entry.text), entry.key


def test_another_csl_style_can_be_chosen(complete_project: Project) -> None:
    apa = format_references(complete_project.factsheets[0], "apa")[1]
    assert "(2011)" in apa.text


def test_an_unknown_style_is_a_clear_error(complete_project: Project) -> None:
    with pytest.raises(UnknownStyleError, match="'no-such-style' is not installed"):
        format_references(complete_project.factsheets[0], "no-such-style")
