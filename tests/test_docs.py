"""The documentation shows the real, tested example: it cannot drift from what the parser accepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import COMPLETE_SOURCE, ROOT

DOC = (ROOT / "docs" / "source-format.md").read_text(encoding="utf-8")
EXAMPLE = COMPLETE_SOURCE / "complete-example"


@pytest.mark.parametrize("path", sorted(p for p in EXAMPLE.iterdir() if p.is_file()) + [COMPLETE_SOURCE / "publisher.yaml"],
                         ids=lambda p: p.name)
def test_source_format_doc_quotes_the_tested_example(path: Path) -> None:
    assert path.read_text(encoding="utf-8") in DOC


def test_readme_opens_with_the_two_set_up_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    assert [line for line in first_block.splitlines()[1:] if line.strip()] == ["make", "make test"]
