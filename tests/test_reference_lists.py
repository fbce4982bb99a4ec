"""Reference lists read cleanly: one test per slip, on each CSL type we support, and undated sources.

Each reference is formatted by citeproc-py in the default style (BMJ) and the
entry's plain text compared with what a reader should see.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from builders.common.citations import format_references
from builders.model import PartialDate, PersonName, Reference, WebAddress
from conftest import COMPLETE_SOURCE, load_clean, run_cli

PEOPLE = (PersonName("Hawton", "K"), PersonName("Saunders", "K"), PersonName("O'Connor", "R"))


def reference(type_: str, **fields: object) -> Reference:
    base = load_clean(COMPLETE_SOURCE).factsheets[0].references[0]
    values: dict[str, object] = dict(
        key="r", type=type_, authors=PEOPLE, title="Self-harm and suicide in adolescents", container_title="",
        publisher="", publisher_place="", issued=PartialDate(2012), url=None, accessed=None, volume="", issue="",
        pages="", doi=None,
    )
    values.update(fields)
    return replace(base, **values)  # type: ignore[arg-type]


def entry(ref: Reference, style: str = "bmj") -> str:
    """The formatted entry's text, through the same path every format uses (``format_references``)."""
    factsheet = load_clean(COMPLETE_SOURCE).factsheets[0]
    cited = replace(ref, key="nhs-anxiety")  # the fixture's first citation
    (formatted, *_) = format_references(replace(factsheet, references=(cited,)), style)
    return formatted.text


CASES = [
    ("article-journal: a title ending '?' keeps its own mark, the issue is kept",
     reference("article-journal", title="Does self-harm matter?", container_title="Lancet", volume="379",
               issue="9834", pages="2373-2382"),
     "Hawton K, Saunders K, O'Connor R. Does self-harm matter? Lancet. 2012;379(9834):2373–82."),
    ("article-journal: more than three authors end in a single 'et al.'",
     reference("article-journal", authors=PEOPLE + (PersonName("Smith", "J"),), container_title="BMJ",
               volume="5", issue="3", pages="286-295", issued=PartialDate(2013)),
     "Hawton K, Saunders K, O'Connor R, et al. Self-harm and suicide in adolescents. BMJ. 2013;5(3):286–95."),
    ("book: a comma between publisher and year",
     reference("book", authors=(PersonName("Smith", "J"),), publisher="Oxford University Press",
               publisher_place="Oxford"),
     "Smith J. Self-harm and suicide in adolescents. Oxford: Oxford University Press, 2012."),
    ("chapter: a comma between publisher and year",
     reference("chapter", container_title="Handbook of self-harm", publisher="Wiley", publisher_place="Chichester",
               pages="10-20"),
     "Hawton K, Saunders K, O'Connor R. Self-harm and suicide in adolescents. Handbook of self-harm. "
     "Chichester: Wiley, 2012:10–20."),
    ("report: place, publisher and year",
     reference("report", authors=(PersonName(literal="NICE"),), title="Self-harm: assessment (NG225)!",
               publisher="National Institute for Health and Care Excellence", publisher_place="London"),
     "NICE. Self-harm: assessment (NG225)! London: National Institute for Health and Care Excellence, 2012."),
    ("pamphlet: keeps its publisher and place",
     reference("pamphlet", authors=(PersonName(literal="Mind"),), title="Understanding self-harm", publisher="Mind",
               publisher_place="London"),
     "Mind. Understanding self-harm. London: Mind, 2012."),
    ("document: keeps its publisher and place",
     reference("document", authors=(PersonName(literal="Samaritans"),), title="Media guidelines",
               publisher="Samaritans", publisher_place="Ewell"),
     "Samaritans. Media guidelines. Ewell: Samaritans, 2012."),
    ("webpage: dated, with the date accessed",
     reference("webpage", authors=(PersonName(literal="NHS"),), title="Self-harm", container_title="NHS website",
               url=WebAddress("https://www.nhs.uk/x"), accessed=date(2026, 5, 1)),
     "NHS. Self-harm. NHS website. 2012. https://www.nhs.uk/x (accessed 1 May 2026)"),
    ("webpage: undated, 'n.d.' and the date accessed",
     reference("webpage", authors=(PersonName(literal="NHS"),), title="Self-harm", container_title="NHS website",
               url=WebAddress("https://www.nhs.uk/x"), accessed=date(2026, 5, 1), issued=None),
     "NHS. Self-harm. NHS website. n.d. https://www.nhs.uk/x (accessed 1 May 2026)"),
    ("pamphlet: undated",
     reference("pamphlet", authors=(PersonName(literal="Mind"),), title="Understanding self-harm", publisher="Mind",
               publisher_place="London", issued=None),
     "Mind. Understanding self-harm. London: Mind, n.d."),
    ("legislation",
     reference("legislation", authors=(), title="Mental Health Act 1983", issued=PartialDate(1983)),
     "Mental Health Act 1983. 1983."),
]


@pytest.mark.parametrize(("what", "ref", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_csl_type_reads_cleanly(what: str, ref: Reference, expected: str) -> None:
    assert entry(ref) == expected


def test_a_style_that_knows_undated_sources_prints_its_own_nd() -> None:
    ref = reference("webpage", authors=(PersonName(literal="NHS"),), title="Self-harm", container_title="NHS website",
                    url=WebAddress("https://www.nhs.uk/x"), accessed=date(2026, 5, 1), issued=None)
    text = entry(ref, "apa")
    assert "(n.d.)" in text and "n.d., n.d." not in text


def write_reference(tmp_path: Path, issued_line: str, accessed: bool = True) -> Path:
    import shutil

    shutil.copytree(COMPLETE_SOURCE, tmp_path / "source")
    path = tmp_path / "source" / "complete-example" / "references.yaml"
    text = path.read_text(encoding="utf-8").replace("    issued: 2025\n", issued_line)
    if not accessed:
        text = text.replace("    accessed: 2026-05-31\n", "", 2)
    path.write_text(text, encoding="utf-8")
    return tmp_path


def test_no_date_is_written_explicitly_and_printed_nd(tmp_path: Path) -> None:
    source = write_reference(tmp_path, "    issued: no date\n")
    assert run_cli("check", "--strict", cwd=source).returncode == 0
    project = load_clean(source / "source")
    (nhs,) = [r for r in format_references(project.factsheets[0]) if r.key == "nhs-anxiety"]
    assert "NHS website. n.d. https://www.nhs.uk/" in nhs.text and "(accessed 31 May 2026)" in nhs.text


def test_a_missing_date_is_not_read_as_no_date_and_the_hint_never_invites_a_guess(tmp_path: Path) -> None:
    result = run_cli("check", cwd=write_reference(tmp_path, ""))
    assert result.returncode == 1
    assert "missing required field 'issued'" in result.stderr
    assert "write 'no date' if it gives none, never a guess" in result.stderr


def test_an_undated_online_source_needs_its_date_accessed(tmp_path: Path) -> None:
    result = run_cli("check", cwd=write_reference(tmp_path, "    issued: no date\n", accessed=False))
    assert result.returncode == 1
    assert "error: an undated online source needs the date you read it" in result.stderr
