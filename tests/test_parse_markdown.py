"""The body parser: Markdown snippets and the model they must produce (fixtures/parser/body.txt).

Each case in the data file is a title, the Markdown between '.' lines, then
the expected dump of the model (see model_dump.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from builders.diagnostics import Diagnostics
from builders.model import Location, Strong, Text
from builders.parse.markdown import parse_body, parse_inline, slugify
from model_dump import dump_sections

FIXTURES = Path(__file__).parent / "fixtures" / "parser" / "body.txt"


def read_cases(path: Path) -> list[tuple[str, str, str]]:
    """(title, markdown, expected dump) for each case in a fixture file."""
    cases = []
    lines = path.read_text(encoding="utf-8").split("\n")
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title = lines[i]
        assert lines[i + 1] == ".", f"case {title!r}: expected '.' after the title"
        j = lines.index(".", i + 2)
        k = lines.index(".", j + 1)
        cases.append((title, "\n".join(lines[i + 2 : j]) + "\n", "\n".join(lines[j + 1 : k])))
        i = k + 1
    return cases


CASES = read_cases(FIXTURES)


@pytest.mark.parametrize(("title", "markdown", "expected"), CASES, ids=[c[0] for c in CASES])
def test_body_parses_to_expected_model(title: str, markdown: str, expected: str) -> None:
    sections = parse_body(FIXTURES.parent / "body.md", markdown, Diagnostics())  # pictures: fixtures/parser/images/
    assert "\n".join(dump_sections(sections)) == expected


def test_every_node_knows_its_file() -> None:
    sections = parse_body(Path("source/x/body.md"), "# A\n\nText [@k].\n", Diagnostics())
    paragraph = sections[0].blocks[0]
    assert sections[0].loc == Location("source/x/body.md", 1, 1)
    assert {node.loc.path for node in paragraph.inlines} == {"source/x/body.md"}  # type: ignore[union-attr]


def test_raw_html_is_reported_where_it_stands() -> None:
    diagnostics = Diagnostics()
    parse_body(Path("body.md"), "# A\n\nSome <span>words</span>.\n", diagnostics)
    assert [d.format().splitlines()[0] for d in diagnostics] == [
        "body.md:3:6: error: raw HTML '<span>' is not allowed",
        "body.md:3:17: error: raw HTML '</span>' is not allowed",
    ]


def test_inline_text_from_yaml_is_markdown() -> None:
    nodes = parse_inline("Call **116 123** now.", Location("f.yaml", 7, 5), Diagnostics())
    assert isinstance(nodes[1], Strong) and nodes[1].children == (Text("116 123", Location("f.yaml", 7, 5)),)


@pytest.mark.parametrize(
    ("heading", "slug"),
    [("What is self-harm?", "what-is-self-harm"), ("GP, referral & care", "gp-referral-care"), ("???", "section")],
)
def test_section_ids_are_made_from_heading_words(heading: str, slug: str) -> None:
    assert slugify(heading) == slug
