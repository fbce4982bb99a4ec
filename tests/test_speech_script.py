"""The speech script: written text in, what the narrator says out (UKAAF MS01: written for the ear).

Each test is one rule, with its input → expected fixtures beside it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from builders.common.speech.engine import MAX_CHUNK_CHARS, chunks
from builders.common.speech.lexicon import (
    LEXICON_FILE,
    Lexicon,
    display_text,
    lexicon_for,
    read_lexicon_file,
    voice_text,
)
from builders.common.speech.normalise import speak, spoken_date
from builders.common.speech.script import (
    Script,
    chapter_names,
    duration_words,
    easy_read_script,
    factsheet_script,
    urgent_numbers_sentence,
)
from builders.common.urgent import UrgentLine
from builders.model import Location
from builders.parse import Project

LEXICON = Lexicon(*read_lexicon_file(LEXICON_FILE))


def said(text: str) -> str:
    return speak(text, LEXICON)


@pytest.mark.parametrize(("written", "spoken"), [
    ("About 1 in 5 people.", "About one in five people."),
    ("It takes 12 weeks.", "It takes twelve weeks."),
    ("1,200 adults", "one thousand two hundred adults"),
    ("2.5 times", "two point five times"),
    ("aged 16-25", "aged sixteen to twenty-five"),
    ("25% of people", "twenty-five per cent of people"),
    ("It costs £5.50.", "It costs five pounds and fifty pence."),
    ("the 3rd time", "the third time"),
    ("125 people", "one hundred and twenty-five people"),
    ("in the 1990s", "in the nineteen nineties"),
    ("Up to 100 people", "Up to one hundred people"),
])
def test_numbers_are_read_as_words(written: str, spoken: str) -> None:
    assert said(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), [
    ("Call Samaritans on 116 123.", "Call Samaritans on one one six, one two three."),
    ("Call 0300 123 3393.", "Call oh three oh oh, one two three, three three nine three."),
    ("Call 0800 068 41 41.", "Call oh eight oh oh, oh six eight, four one, four one."),
    ("Text SHOUT to 85258.", "Text SHOUT to eight five two five eight."),
    ("Call 999 now.", "Call nine nine nine now."),
    ("Ring 111.", "Ring one one one."),
    ("Call NHS 111 for advice.", "Call N H S one one one for advice."),
    ("+44 (0)20 7946 0000", "plus four four, two oh, seven nine four six, oh oh oh oh"),
])
def test_phone_numbers_are_read_in_digit_groups(written: str, spoken: str) -> None:
    assert said(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), [
    # whatever punctuation follows, a dialled number is read in its digit groups
    ("For urgent help that is not an emergency, call NHS 111.",
     "For urgent help that is not an emergency, call N H S one one one."),
    ("To talk to someone, call Samaritans free on 116 123, day or night.",
     "To talk to someone, call Samaritans free on one one six, one two three, day or night."),
    ("Or text SHOUT to 85258.", "Or text SHOUT to eight five two five eight."),
    ("If someone is in danger, call the emergency services (999).",
     "If someone is in danger, call the emergency services (nine nine nine)."),
    ("Ring 0800 689 5652; it is free.", "Ring oh eight oh oh, six eight nine, five six five two; it is free."),
    ("Samaritans (116 123) and Shout (85258) are open all night.",
     "Samaritans (one one six, one two three) and Shout (eight five two five eight) are open all night."),
    ("Call the police on 101.", "Call the police on one oh one."),
    ("Call NHS 119 for a vaccine.", "Call N H S one one nine for a vaccine."),
])
def test_a_dialled_number_is_read_in_digit_groups_whatever_follows_it(written: str, spoken: str) -> None:
    assert said(written) == spoken


@pytest.mark.parametrize("written", ["Call NHS 119 for a vaccine.", "Ring your GP on 101 today."])
def test_a_name_the_lexicon_marks_still_lets_the_number_after_it_be_dialled(written: str) -> None:
    spoken = speak(written, Lexicon((("NHS", "N H S"), ("GP", "G P"))), marked=True)
    assert voice_text(spoken) in ("Call N H S one one nine for a vaccine.", "Ring your G P on one oh one today.")
    assert display_text(spoken) in ("Call NHS one one nine for a vaccine.", "Ring your GP on one oh one today.")


@pytest.mark.parametrize(("written", "spoken"), [
    ("Read 101 Distractions from Depression.", "Read one hundred and one Distractions from Depression."),
    ("The guideline was updated in 2022, after a review.",
     "The guideline was updated in twenty twenty-two, after a review."),
    ("They did not phone in 2022.", "They did not phone in twenty twenty-two."),
    ("About 85,258 people.", "About eighty-five thousand two hundred and fifty-eight people."),
    ("It costs £111.", "It costs one hundred and eleven pounds."),
])
def test_a_number_that_is_not_dialled_is_read_as_a_number(written: str, spoken: str) -> None:
    assert said(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), [
    ("See https://www.rethink.org/advice/living-with-mental-illness/.", "See rethink dot org."),
    ("Go to www.mind.org.uk", "Go to mind dot org dot U K"),
    ("Visit https://www.nhs.uk/mental-health/ today", "Visit N H S dot U K today"),
    ("giveusashout.org", "giveusashout dot org"),
    ("Email jo@samaritans.org.", "Email jo at samaritans dot org."),
    ("PO Box 9090, Stirling, FK8 2SA", "P O Box nine oh nine oh, Stirling, F K eight, two S A"),
])
def test_web_email_and_postal_addresses_are_shortened_for_the_ear(written: str, spoken: str) -> None:
    assert said(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), [
    ("Updated 31 May 2026.", "Updated the thirty-first of May twenty twenty-six."),
    ("Due 2028-05-31.", "Due the thirty-first of May twenty twenty-eight."),
    ("On 05/01/2025 we met.", "On the fifth of January twenty twenty-five we met."),
    ("Since March 2005.", "Since March two thousand and five."),
    ("In 2023 100 people came.", "In twenty twenty-three one hundred people came."),
    ("Open 9am to 5.30pm.", "Open nine a.m. to five thirty p.m."),
])
def test_dates_and_times_are_read_as_dates_and_times(written: str, spoken: str) -> None:
    assert said(written) == spoken


def test_spoken_date_uses_the_british_order() -> None:
    assert spoken_date(date(2026, 5, 1)) == "the first of May twenty twenty-six"


@pytest.mark.parametrize(("written", "spoken"), [
    ("Your GP can help.", "Your G P can help."),
    ("Ask the NHS about CBT or DBT.", "Ask the N H S about C B T or D B T."),
    ("Go to A&E.", "Go to A-and-E."),
    ("Try something, e.g. a walk.", "Try something, for example a walk."),
    ("Some therapies, e.g. CBT, help.", "Some therapies, for example, C B T, help."),
    ("One thing, i.e. this.", "One thing, that is this."),
    ("Pens, paper, etc.", "Pens, paper, and so on."),
    ("Contact PALS or NICE.", "Contact pals or nice."),
    ("Help 24/7.", "Help twenty-four seven."),
    ("Benign nice words stay.", "Benign nice words stay."),
])
def test_abbreviations_come_from_the_lexicon(written: str, spoken: str) -> None:
    assert said(written) == spoken


def test_a_factsheet_adds_to_and_overrides_the_lexicon(complete_project: Project) -> None:
    factsheet = complete_project.factsheets[0]
    lexicon = lexicon_for(factsheet)
    assert speak("Text SHOUT to 85258.", lexicon) == "Text Shout to eight five two five eight."
    assert speak("Your GP.", lexicon) == "Your G P."  # the project's entries are still there


def test_the_lexicon_matches_whole_words_only() -> None:
    assert said("GPS and NHSX stay; GPs change.") == "GPS and NHSX stay; G Peas change."


@pytest.fixture(scope="module")
def script(complete_project: Project) -> Script:
    factsheet = complete_project.factsheets[0]
    return factsheet_script(factsheet, complete_project.settings.organisation, lexicon_for(factsheet))


def _all_text(script: Script) -> str:
    return "\n".join(p for c in script.chapters for p in c.paragraphs)


def test_citation_markers_are_not_read(script: Script) -> None:
    text = _all_text(script)
    assert "[" not in text and "@" not in text
    what_is = next(c for c in script.chapters if c.title == "What is worry?")
    assert any(p.startswith("Worry is thinking again and again about things that might go wrong. It")
               for p in what_is.paragraphs)


def test_the_reference_list_is_not_read_but_the_closing_says_where_it_is(script: Script,
                                                                          complete_project: Project) -> None:
    text = _all_text(script)
    for reference in complete_project.factsheets[0].references:
        assert reference.title not in text
    closing = script.chapters[-1]
    assert any("does not read out the list of references" in p and "example dot org" in p
               for p in closing.paragraphs)


def _line(name: str, action: str, number: str, keyword: str = "") -> UrgentLine:
    here = Location("urgent.yaml", 1, 1)
    return UrgentLine(name, action, number, keyword, "", f"tel:{number}", here, here)


@pytest.mark.parametrize(("lines", "said"), [
    ((_line("Emergency", "call", "999"),), "Call nine nine nine."),
    ((_line("Samaritans", "call", "116 123"), _line("Emergency", "call", "999")),
     "Call nine nine nine, or Samaritans on one one six, one two three."),
    ((_line("Emergency", "call", "999"), _line("Samaritans", "call", "116 123"),
      _line("Shout", "text", "85258", "SHOUT")),
     "Call nine nine nine, Samaritans on one one six, one two three, or text SHOUT to eight five two five eight."),
])
def test_the_urgent_numbers_are_one_list_with_or_only_before_the_last(lines: tuple[UrgentLine, ...],
                                                                       said: str) -> None:
    """Every word before the last number delays it; "A, B, or C" is the shortest clear list."""
    assert urgent_numbers_sentence(lines, Lexicon(())) == said


def test_the_opening_gives_title_and_publisher_then_every_urgent_number_then_the_length(
        script: Script) -> None:
    opening = script.with_duration(190).chapters[0]
    assert opening.title == "Opening and urgent numbers"
    assert tuple(voice_text(p) for p in opening.paragraphs) == (  # one paragraph: no pause before the numbers
        "Coping with worry, from Example Mental Health Charity. "
        "Call nine nine nine, Samaritans on one one six, one two three, "
        "or text Shout to eight five two five eight. This recording lasts about three minutes.",
    )
    assert "text SHOUT to eight five two five eight." in display_text(opening.paragraphs[0])  # as written
    assert script.chapters[1].paragraphs == ("Need help now?", "If you are in danger or badly hurt, call nine nine nine now.")


def test_the_introduction_and_numbered_list_of_sections_come_after_the_urgent_help(script: Script) -> None:
    introduction = script.chapters[2]
    text = " ".join(introduction.paragraphs)
    order = ["This is an audio factsheet. Version two point one", "the thirty-first of May twenty twenty-six",
             "This factsheet explains",
             "This recording has two sections. One: About worry. Two: Treatment."]
    positions = [text.index(part) for part in order]
    assert introduction.title == "Introduction" and positions == sorted(positions)


def test_each_question_is_a_chapter_that_announces_its_heading(script: Script,
                                                                complete_project: Project) -> None:
    chapters = {c.title: c for c in script.chapters}
    for section in complete_project.factsheets[0].sections:
        first = section.subsections[0].title_text if section.subsections else section.title_text
        assert chapters[first].paragraphs[0].rstrip(".") == section.title_text.rstrip(".")
        for question in section.subsections:
            assert chapters[question.title_text].group == section.title_text
            assert question.title_text.rstrip(".") in [p.rstrip(".") for p in chapters[question.title_text].paragraphs]


def test_a_cross_reference_after_see_names_the_chapter_by_its_heading(complete_project: Project) -> None:
    factsheet = complete_project.factsheets[0]
    names = chapter_names(factsheet)
    question = factsheet.sections[0].subsections[0]
    assert names[question.id] == f'the chapter "{question.title_text}"'
    assert names[factsheet.sections[0].id] == f'the section "{factsheet.sections[0].title_text}"'


def test_a_cross_reference_to_useful_contacts_names_its_chapter(sample_project: Project) -> None:
    factsheet = next(f for f in sample_project.factsheets if f.id == "self-harm")
    names = chapter_names(factsheet)
    assert names["useful-contacts"] == 'the chapter "Useful contacts"'
    script = factsheet_script(factsheet, sample_project.settings.organisation, lexicon_for(factsheet))
    said = " ".join(display_text(p) for c in script.chapters for p in c.paragraphs)
    assert '(see the chapter "Useful contacts")' in said and "see useful contacts" not in said


def test_lists_are_read_item_by_item(script: Script) -> None:
    chapter = next(c for c in script.chapters if c.title == "How can worry affect me?")
    assert [display_text(p) for p in chapter.paragraphs[1:5]] == [
        "You might notice:", "A racing heart,", "Trouble sleeping, or",
        "Feeling on edge, such as: snapping at people, or finding it hard to relax.",
    ]  # a list inside an item is read within it, so where it ends is clear
    ordered = next(c for c in script.chapters if c.title == "What help can I get?")
    spoken = [voice_text(p) for p in ordered.paragraphs]
    assert "One: Talk to your G P." in spoken and "Two: Ask about talking therapies." in spoken
    assert "One: Talk to your GP." in [display_text(p) for p in ordered.paragraphs]


def test_links_are_read_as_their_words(script: Script) -> None:
    chapter = next(c for c in script.chapters if c.title == "What help can I get?")
    assert any("You can read more on the N H S website." in voice_text(p) for p in chapter.paragraphs)


def test_no_digits_reach_the_voice(script: Script) -> None:
    assert not any(ch.isdigit() for ch in _all_text(script.with_duration(200)))


@pytest.mark.parametrize(("seconds", "words"), [
    (40, "less than a minute"), (89, "about one minute"), (91, "about two minutes"),
    (3900, "about one hour and five minutes"), (7200, "about two hours"),
])
def test_the_length_is_said_in_rounded_minutes(seconds: float, words: str) -> None:
    assert duration_words(seconds) == words


def test_easy_read_script_has_a_chapter_per_page_then_hard_words(complete_project: Project) -> None:
    factsheet = complete_project.factsheets[0]
    assert factsheet.easy_read is not None
    script = easy_read_script(factsheet, factsheet.easy_read, complete_project.settings.organisation,
                              lexicon_for(factsheet))
    titles = [c.title for c in script.chapters]
    own_pages = [p.heading for p in factsheet.easy_read.pages if p.covers != ("urgent-help",)]
    assert titles == ["Opening and urgent numbers", "Need help now?", *own_pages, "Hard words", "The end"]
    assert script.chapters[0].paragraphs[1:] == ("This is the easy read version. For adults who worry a lot.",)
    assert voice_text(script.chapters[0].paragraphs[0]).endswith(
        "Call nine nine nine, Samaritans on one one six, one two three, or text Shout to eight five two five eight. "
        "This recording lasts \u2063duration\u2063.")
    help_page = tuple(voice_text(p) for p in script.chapters[1].paragraphs)
    assert help_page == (
        "Need help now?",
        "Call Samaritans on one one six, one two three. It is free. You can get in touch day or night.",
        "Text the word Shout to eight five two five eight. This is Shout. It is free. "
        "You can get in touch day or night.",
        "Are you badly hurt or in danger? Call nine nine nine now.",
        "You can also talk to someone you trust.",  # the author's row, merged after the generated ones
    )


def test_chunks_stay_far_below_the_pyttsx3_crash_size() -> None:
    long_paragraph = "This is a sentence of several words. " * 800  # about 30,000 characters
    pieces = list(chunks(("Heading.", long_paragraph, "Last.")))
    assert all(len(p) <= MAX_CHUNK_CHARS for p in pieces)
    assert " ".join(" ".join(p.split()) for p in pieces).split() == ["Heading.", *long_paragraph.split(), "Last."]


def test_the_lexicon_file_is_valid_data() -> None:
    entries, expansions = read_lexicon_file(Path(LEXICON_FILE))
    assert dict(entries)["A&E"] == "A-and-E" and dict(entries)["GP"] == "G P"
    assert "e.g." in expansions and "GP" not in expansions
