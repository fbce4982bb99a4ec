"""check warns about words the narration may say wrongly; the lexicon can also say how a web address is read."""

from __future__ import annotations

import shutil
from pathlib import Path

from builders.common.speech.lexicon import Lexicon
from builders.common.speech.normalise import site_name, speak
from conftest import COMPLETE_SOURCE, run_cli


def make_source(tmp_path: Path, sentence: str) -> Path:
    shutil.copytree(COMPLETE_SOURCE, tmp_path / "source")
    body = tmp_path / "source" / "complete-example" / "body.md"
    text = body.read_text(encoding="utf-8")
    body.write_text(text.replace("It can be *useful*", sentence + " It can be *useful*"), encoding="utf-8")
    return tmp_path


def test_an_abbreviation_the_lexicon_lacks_is_a_located_warning_with_its_fix(tmp_path: Path) -> None:
    result = run_cli("check", cwd=make_source(tmp_path, "Ask about EIP and an ECG test, or the app stem4."))
    assert result.returncode == 0
    lines = [line for line in result.stderr.splitlines() if "narration may say" in line]
    assert [line.split(": warning: ")[1] for line in lines] == [
        f"the narration may say '{word}' wrongly: the pronunciation lexicon does not cover it"
        for word in ("EIP", "ECG", "stem4")
    ]
    assert lines[0].startswith("source/complete-example/body.md:6:11:")
    assert "complete-example/pronunciation.yaml" in result.stderr and "'EIP: E I P'" in result.stderr
    assert run_cli("check", "--strict", cwd=tmp_path).returncode == 1


def test_words_in_the_lexicon_and_addresses_are_not_reported(tmp_path: Path) -> None:
    # GP and NHS are in the project lexicon, SHOUT in the fixture's pronunciation.yaml; addresses have their own rule.
    result = run_cli("check", "--strict", cwd=make_source(tmp_path, "Ask your GP, the NHS or SHOUT (www.NHS-UK.org)."))
    assert result.returncode == 0, result.stderr


def test_a_lexicon_entry_fixes_how_a_web_address_is_said() -> None:
    lexicon = Lexicon((("mentalhealth-uk.org", "mental health U K dot org"),))
    assert site_name("https://www.mentalhealth-uk.org/help/") == "mentalhealth-uk dot org"  # espeak: '-yook'
    assert site_name("https://www.mentalhealth-uk.org/help/", lexicon) == "mental health U K dot org"
    assert speak("Visit www.mentalhealth-uk.org today.", lexicon) == "Visit mental health U K dot org today."


def test_a_character_no_pdf_font_can_draw_is_a_located_error_naming_it(tmp_path: Path) -> None:
    result = run_cli("check", cwd=make_source(tmp_path, "Be kind to yourself \U0001F49A every day."))
    assert result.returncode == 1
    assert ("source/complete-example/body.md:6:21: error: '\U0001F49A' (U+1F49A, green heart) cannot be printed: "
            "no font in the PDFs has it") in result.stderr
