"""Presets for personal copies: the settings published guidance asks for, under one name each.

A member of staff meeting a reader's need (Accessible Information Standard,
DAPB1605: identify, record, flag, share, meet, review) types
``factsheet request ID --preset dyslexia`` instead of remembering sizes and
colours.  Each preset cites its source.  A preset names no format: each
format lists the presets it can build in ``Builder.presets`` (adapting a
value where its own floor differs, as large print does for ``dyslexia``),
and the settings go through the format's own options, checked like any
setting in ``publisher.yaml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Preset:
    """A named set of settings for a personal copy, with the guidance it follows."""

    name: str
    description: str
    """What the reader gets, in words for staff and for the web page's "Ask for another format" list."""
    source: str
    """The published guidance the values come from."""
    settings: Mapping[str, str] = field(default_factory=dict)
    """Option name → value, as they would be written in ``publisher.yaml`` or ``--set``."""

    def adapted(self, **changes: str) -> Preset:
        """The same preset with some values changed for one format (large print's dyslexia copy is 18 pt)."""
        return replace(self, settings={**self.settings, **changes})

    def settings_text(self) -> str:
        """``key=value`` pairs, as staff would type them after ``--set``."""
        return " ".join(f"{key}={value}" for key, value in self.settings.items())


CLEAR_PRINT = Preset(
    "clear-print", "Clear print: 14 point text",
    "RNIB Clear Print guidelines: at least 12 pt, 14 pt recommended; UKAAF MS03 (2012) clear print",
    {"font_size": "14", "line_spacing": "1.5"},
)
LARGE_PRINT_24 = Preset(
    "large-print-24", "Large print: 24 point text",
    "UKAAF MS03 (2012): large print is 16 pt or more, at the size the individual reader needs",
    {"font_size": "24"},
)
LARGE_PRINT_28 = Preset(
    "large-print-28", "Very large print: 28 point text on A3 paper",
    "UKAAF MS03 (2012): large print is 16 pt or more, at the size the individual reader needs; "
    "A3 paper (our choice) keeps about 50 characters a line at 28 pt, where A4 keeps about 34 "
    "(RNIB Clear Print: 60 to 70 is best)",
    {"font_size": "28", "paper": "A3"},
)
DYSLEXIA = Preset(
    "dyslexia", "Dyslexia friendly: sans serif, wider spacing, dark text on cream paper, no italics",
    "British Dyslexia Association, Dyslexia Style Guide (2018, 2023): sans serif such as Arial, 12-14 pt or larger, "
    "line spacing 1.5, larger letter and word spacing, cream or pastel background, no italics or underlining",
    {"font_size": "14", "font_family": "liberation-sans", "line_spacing": "1.5", "letter_spacing": "0.05",
     "word_spacing": "0.15", "colours": "black-on-cream", "italics": "no"},
)
EASY_READ_LARGE = Preset(
    "easy-read-large", "Easy read with larger words and pictures",
    "People First easy read standards (2012): 18 pt or more; DH easy read guidelines (2010): pictures as large as "
    "possible, on the left",
    {"font_size": "20", "picture_size": "4.5"},
)
AUDIO_SLOW = Preset(
    "audio-slow", "Audio read more slowly",
    "RNIB talking books run at about 150-160 words a minute of delivered speech; Mencap (Am I making myself "
    "clear?, 2000) asks for slower speech for people with learning disabilities: 120 words a minute",
    {"rate": "120"},
)
UNCONTRACTED_BRAILLE = Preset(
    "uncontracted-braille", "Braille without contractions (grade 1)",
    "UKAAF and RNIB: Unified English Braille, contracted (grade 2) for most adults, uncontracted (grade 1) on request",
    {"grade": "1"},
)

ALL_PRESETS = (CLEAR_PRINT, LARGE_PRINT_24, LARGE_PRINT_28, DYSLEXIA, EASY_READ_LARGE, AUDIO_SLOW, UNCONTRACTED_BRAILLE)
"""Every preset, in the order the web page's "Ask for another format" list shows them (each is offered by a format)."""
