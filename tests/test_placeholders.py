"""Placeholder sentences the tool writes can be built while staff work, but never published (check --strict)."""

from __future__ import annotations

from pathlib import Path

from builders.placeholders import DRAFT_MEANING, PLACEHOLDERS, SKELETON_PLACEHOLDERS
from builders.commands.skeleton import SKELETON_DIR
from conftest import COMPLETE_SOURCE, run_cli


def test_every_skeleton_placeholder_is_in_the_skeleton_templates() -> None:
    templates = "".join(p.read_text(encoding="utf-8") for p in SKELETON_DIR.glob("*.j2"))
    for placeholder in SKELETON_PLACEHOLDERS:
        assert placeholder in templates


def test_strict_check_refuses_each_skeleton_placeholder_at_its_place(tmp_path: Path) -> None:
    assert run_cli("new", "low-mood", cwd=tmp_path).returncode == 0
    assert run_cli("check", "low-mood", cwd=tmp_path).returncode == 0  # it builds while staff write
    strict = run_cli("check", "--strict", "low-mood", cwd=tmp_path)
    assert strict.returncode == 1
    lines = [line for line in strict.stderr.splitlines() if line.startswith("source/")]
    assert "source/low-mood/body.md:5:1: warning: placeholder text 'Write the answer here.' is still here" in lines
    for placeholder in SKELETON_PLACEHOLDERS:
        assert any(f"'{placeholder}' is still here" in line for line in lines), placeholder


def test_strict_check_refuses_the_easy_read_drafts_meaning_placeholder(tmp_path: Path) -> None:
    import shutil

    source = tmp_path / "source"
    shutil.copytree(COMPLETE_SOURCE, source)
    easy = source / "complete-example" / "easy-read.yaml"
    text = easy.read_text(encoding="utf-8")
    easy.write_text(text.replace("meaning: A person who helps you talk about your feelings.",
                                 f"meaning: {DRAFT_MEANING}"), encoding="utf-8")
    strict = run_cli("check", "--strict", cwd=tmp_path)
    assert strict.returncode == 1
    assert f"warning: placeholder text '{DRAFT_MEANING}' is still here" in strict.stderr
    assert DRAFT_MEANING in PLACEHOLDERS
