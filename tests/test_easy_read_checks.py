"""Each easy-read rule: a source that breaks it gets the exact located message; one that keeps it gets none.

Each case writes a small ``easy-read.yaml`` beside the every-feature fixture
factsheet and runs the real checks on it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builders.pipeline import read_and_check
from conftest import COMPLETE_SOURCE

HEADER = """\
title: Coping with worry
audience: For adults who worry a lot.
pages:
  - heading: What is worry?
    covers: {covers}
    items:
"""
"""Rows start on line 7; row N (from 0) has its picture on line 7 + 3N and its text on line 9 + 3N."""


def row_line(n: int) -> int:
    return 7 + 3 * n


def text_line(n: int) -> int:
    return 9 + 3 * n


def easy_read(rows: list[tuple[str, str, str]], hard_words: str = "", left_out: str = "",
              covers: str = "[about-worry, treatment]") -> str:
    text = HEADER.format(covers=covers)
    for picture, alt, words in rows:
        text += f"      - picture: {picture}\n        alt: {alt}\n        text: {words}\n"
    if hard_words:
        text += "hard_words:\n" + hard_words
    if left_out:
        text += "left_out:\n" + left_out
    return text


def messages(tmp_path: Path, source: str) -> list[str]:
    """'easy-read.yaml:LINE:COL: severity: message' for every diagnostic about easy-read.yaml."""
    root = tmp_path / "source"
    shutil.copytree(COMPLETE_SOURCE, root)
    (root / "complete-example" / "easy-read.yaml").write_text(source, encoding="utf-8")
    _, diagnostics = read_and_check(root)
    return [
        f"{Path(d.loc.path).name}:{d.loc.line}:{d.loc.column}: {d.severity.value}: {d.message}"
        for d in diagnostics
    ]


PHONE = ("telephone receiver", "A telephone")
FACE = ("anxious face with sweat", "A worried face")

CASES = [
    pytest.param(
        [(*PHONE, "You can talk to your doctor about your worry and they will listen to you and help.")], "", "",
        f"easy-read.yaml:{text_line(0)}:15: error: easy read: sentence of 17 words (more than 15): "
        "'You can talk to your doctor about your worry and they will…'",
        [(*PHONE, "You can talk to your doctor. They will listen to you and help.")], "", "",
        id="sentence over 15 words",
    ),
    pytest.param(
        [(*PHONE, "It is fine."), (*FACE, "You can talk to your doctor about your worry when you feel bad.")], "", "",
        f"easy-read.yaml:{text_line(1)}:15: warning: easy read: sentence of 13 words (more than 12): "
        "'You can talk to your doctor about your worry when you feel…'",
        [(*PHONE, "It is fine."), (*FACE, "Talk to your doctor about your worry. Do it when you feel bad.")], "", "",
        id="sentence over 12 words",
    ),
    pytest.param(
        [(*PHONE, "Talk to your GP about it.")], "", "",
        f"easy-read.yaml:{text_line(0)}:15: error: easy read: 'GP' in a sentence is an abbreviation",
        [(*PHONE, "Talk to your General Practitioner (GP) about it.")], "", "",
        id="abbreviation spelled out",
    ),
    pytest.param(
        [(*PHONE, "Go to A&E if you are badly hurt.")], "", "",
        f"easy-read.yaml:{text_line(0)}:15: error: easy read: 'A&E' in a sentence is an abbreviation",
        [(*PHONE, "Go to **A&E** if you are badly hurt. This is the part of a hospital for urgent help.")],
        "  - word: A&E\n    meaning: The part of a hospital for urgent help.\n", "",
        id="abbreviation as a hard word",
    ),
    pytest.param(
        [(*PHONE, "Ask about help, e.g. a group.")], "", "",
        f"easy-read.yaml:{text_line(0)}:15: error: easy read: 'e.g.' in a sentence is an abbreviation",
        [(*PHONE, "Ask about help, like a group.")], "", "",
        id="Latin abbreviation",
    ),
    pytest.param(
        [(*PHONE, "Your medication can help.")], "", "",
        f"easy-read.yaml:{text_line(0)}:15: warning: easy read: 'medication' is a long word (4 syllables) "
        "and is not in hard_words",
        [(*PHONE, "Your **medication** can help. Medication means the pills you take.")],
        "  - word: medication\n    meaning: The pills you take.\n", "",
        id="long word",
    ),
    pytest.param(
        [(*PHONE, "You can see a **counsellor**."), (*FACE, "Your doctor can help you.")],
        "  - word: counsellor\n    meaning: A person who listens to your worries.\n", "",
        f"easy-read.yaml:{text_line(0)}:15: error: easy read: hard word 'counsellor' is not explained "
        "in this row or the next",
        [(*PHONE, "You can see a **counsellor**."), (*FACE, "A counsellor is a person who listens.")],
        "  - word: counsellor\n    meaning: A person who listens to your worries.\n", "",
        id="hard word explained in the next row",
    ),
    pytest.param(
        [(*PHONE, "The team asks about your life. You get a **plan**."), (*FACE, "It is free.")],
        "  - word: plan\n    meaning: A list of what the team will do to help you.\n", "",
        f"easy-read.yaml:{text_line(0)}:15: error: easy read: hard word 'plan' is not explained "
        "in this row or the next",
        [(*PHONE, "The team asks about your life. We call this an **assessment**.")],
        "  - word: assessment\n    meaning: Questions about your life.\n", "",
        id="hard word named after its explanation",
    ),
    pytest.param(
        [("telephone receiver", '""', "Call us.")], "", "",
        f"easy-read.yaml:{row_line(0)}:9: error: easy read: the picture has no alt text",
        [(*PHONE, "Call us.")], "", "",
        id="picture without alt text",
    ),
    pytest.param(
        [('""', "A telephone", "Call us.")], "", "",
        f"easy-read.yaml:{row_line(0)}:9: error: easy read: this row has no picture",
        [(*PHONE, "Call us.")], "", "",
        id="row without a picture",
    ),
    pytest.param(
        [("telefone", "A telephone", "Call us.")], "", "",
        f"easy-read.yaml:{row_line(0)}:9: error: easy read: unknown picture 'telefone'",
        [("1F4DE", "A telephone", "Call us.")], "", "",
        id="unknown picture",
    ),
    pytest.param(
        [(*PHONE, "You will be given some pills.")], "", "",
        f"easy-read.yaml:{text_line(0)}:15: warning: easy read: 'be given' may be passive voice",
        [(*PHONE, "Your doctor gives you some pills.")], "", "",
        id="passive voice",
    ),
]


@pytest.mark.parametrize(("rows", "hard", "left", "expected", "good_rows", "good_hard", "good_left"), CASES)
def test_rule(tmp_path: Path, rows, hard, left, expected, good_rows, good_hard, good_left) -> None:  # type: ignore[no-untyped-def]
    bad = messages(tmp_path / "bad", easy_read(rows, hard, left))
    assert expected in bad, "\n".join(bad)
    good = messages(tmp_path / "good", easy_read(good_rows, good_hard, good_left))
    rule = expected.split(": ", 2)[2].split("'")[0]
    assert not [m for m in good if rule in m], "\n".join(good)


def test_unknown_picture_suggests_the_closest_names(tmp_path: Path) -> None:
    root = tmp_path / "source"
    shutil.copytree(COMPLETE_SOURCE, root)
    (root / "complete-example" / "easy-read.yaml").write_text(
        easy_read([("helth worker", "A doctor", "Your doctor can help.")]), encoding="utf-8")
    _, diagnostics = read_and_check(root)
    found = [d for d in diagnostics if "unknown picture" in d.message]
    assert len(found) == 1
    assert found[0].hint == "closest OpenMoji names: 'health worker', 'man health worker', 'woman health worker'"


def test_section_without_a_page_or_note(tmp_path: Path) -> None:
    rows = [(*PHONE, "Call us.")]
    expected = ("easy-read.yaml:1:1: warning: easy read: section 'treatment' (Treatment, line 30 of body.md) "
                "has no easy-read page")
    assert expected in messages(tmp_path / "bad", easy_read(rows, covers="[about-worry]"))
    noted = easy_read(rows, covers="[about-worry]", left_out="  - section: treatment\n    reason: Too detailed.\n")
    assert not [m for m in messages(tmp_path / "good", noted) if "has no easy-read page" in m]
    # A page that covers a sub-question stands for its top-level section.
    assert not [m for m in messages(tmp_path / "sub", easy_read(rows, covers="[about-worry, what-help-can-i-get]"))
                if "has no easy-read page" in m]


def test_text_keyword_in_capitals_is_not_an_abbreviation(tmp_path: Path) -> None:
    """SHOUT is the word to text to Shout (a contact's text keyword), not an acronym."""
    found = messages(tmp_path, easy_read([("mobile phone", "A phone", "Text SHOUT to 85258.")]))
    assert not [m for m in found if "abbreviation" in m]
    found = messages(tmp_path / "caps", easy_read([("mobile phone", "A phone", "Do NOT wait.")]))
    assert f"easy-read.yaml:{text_line(0)}:15: error: easy read: 'NOT' in a sentence is an abbreviation" in found


def test_the_fixture_and_the_samples_keep_every_rule() -> None:
    """The shipped easy-read layers pass with --strict (every warning counts)."""
    from conftest import SAMPLES_SOURCE

    for source in (COMPLETE_SOURCE, SAMPLES_SOURCE):
        _, diagnostics = read_and_check(source)
        easy = [d.format() for d in diagnostics if "easy" in Path(d.loc.path).name or "easy read" in d.message]
        assert not easy, "\n".join(easy)


def test_a_page_that_covers_nothing_and_gives_an_urgent_number_is_a_second_help_page(tmp_path: Path) -> None:
    source = easy_read([PHONE + ("You can call **Samaritans** on 116 123, day or night.",)], covers="[]")
    assert (
        "easy-read.yaml:4:5: error: page 'What is worry?' is a second help page: every easy-read copy already "
        "starts with a help page made from urgent_help"
    ) in messages(tmp_path, source)


def test_rows_added_to_the_help_page_may_not_repeat_an_urgent_number(tmp_path: Path) -> None:
    source = easy_read([
        ("busts in silhouette", "Two people", "You can also talk to someone you trust."),
        PHONE + ("Text the word SHOUT to 85258.",),
    ], covers="[urgent-help]")
    found = [m for m in messages(tmp_path, source) if "urgent" in m]
    assert found == [
        f"easy-read.yaml:{row_line(1)}:9: error: this row repeats the urgent-help number 85258, which the "
        "generated help page already gives",
    ]
