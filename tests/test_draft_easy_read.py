"""``factsheet draft-easy-read``: a starting easy-read layer that parses, uses real pictures, and stays a draft."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from builders.common.openmoji import find_picture
from builders.common.words import words
from builders.commands.draft_easy_read import split_sentence
from builders.pipeline import read_and_check
from conftest import COMPLETE_SOURCE, SAMPLES_SOURCE, run_cli


def _copy(tmp_path: Path, source: Path) -> Path:
    root = tmp_path / "source"
    shutil.copytree(source, root)
    return root


def test_draft_is_written_parses_and_fails_strict_until_reviewed(tmp_path: Path) -> None:
    root = _copy(tmp_path, SAMPLES_SOURCE)
    target = root / "self-harm" / "easy-read.yaml"
    target.unlink()
    result = run_cli("--source", str(root), "draft-easy-read", "self-harm")
    assert result.returncode == 0, result.stderr
    assert f"wrote {target}" in result.stdout
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["draft"] is True
    project, diagnostics = read_and_check(root, ("self-harm",))
    factsheet = project.factsheets[0]
    easy = factsheet.easy_read
    assert easy is not None and easy.draft
    # Every top-level section has a page that covers it; the key points come first.
    assert [p.heading for p in easy.pages][0] == "The main points"
    assert {c for p in easy.pages for c in p.covers} == {s.id for s in factsheet.sections}
    items = [item for page in easy.pages for item in page.items]
    assert len(items) >= len(factsheet.key_points)
    assert all(find_picture(item.picture) is not None and item.alt for item in items)
    # Nothing the parser rejects, no unknown pictures: only the rules a person must now work through.
    messages = [d.message for d in diagnostics]
    assert not [m for m in messages if "unknown picture" in m or "missing required" in m or "field" in m], messages
    strict = run_cli("--source", str(root), "check", "--strict", "self-harm")
    assert strict.returncode == 1
    assert "easy-read.yaml:4:1: warning: the easy-read version is a draft and has not been reviewed" in strict.stderr
    # Once a person removes the mark, that message goes.
    target.write_text(target.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    after = run_cli("--source", str(root), "check", "--strict", "self-harm")
    assert "is a draft" not in after.stderr


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    root = _copy(tmp_path, COMPLETE_SOURCE)
    target = root / "complete-example" / "easy-read.yaml"
    before = target.read_bytes()
    refused = run_cli("--source", str(root), "draft-easy-read", "complete-example")
    assert refused.returncode == 1
    assert "already exists; use --force to replace it" in refused.stderr
    assert target.read_bytes() == before
    forced = run_cli("--source", str(root), "draft-easy-read", "complete-example", "--force")
    assert forced.returncode == 0, forced.stderr
    assert target.read_bytes() != before
    assert "draft: true" in target.read_text(encoding="utf-8")


def test_unknown_factsheet(tmp_path: Path) -> None:
    result = run_cli("--source", str(_copy(tmp_path, COMPLETE_SOURCE)), "draft-easy-read", "no-such-sheet")
    assert result.returncode == 1 and "no factsheet 'no-such-sheet'" in result.stderr


def test_long_sentences_are_split_at_clause_breaks() -> None:
    parts = split_sentence("Your doctor can help you with this: they can refer you to a mental health team "
                           "for an assessment and talking therapy.")
    assert parts == ["Your doctor can help you with this.",
                     "They can refer you to a mental health team for an assessment and talking therapy."]
    assert all(len(words(p)) <= 15 for p in parts)
    assert split_sentence("A short one.") == ["A short one."]
