"""Audio narration of the easy-read version: ``ID-easy-read.mp3``, its chapters and its transcript.

The easy-read layer's own words, page by page, then the hard words, spoken
more slowly than the full factsheet (people with learning disabilities ask
for slower speech; Mencap, "Am I making myself clear?").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builders.common.speech.lexicon import LEXICON_FILE, lexicon_for
from builders.common.speech.publish import VoiceOptions, output_names, publish
from builders.common.speech.script import easy_read_script
from builders.formats.base import BuildContext, Builder
from builders.model import Factsheet
from builders.settings import Settings, read_options

VARIANT = "easy-read"


@dataclass(frozen=True)
class EasyReadAudioOptions(VoiceOptions):
    """Options of the easy-read audio format (``formats: easy-read-audio:`` in publisher.yaml)."""

    rate: int = 130
    """Speaking rate in words per minute: slower than the full factsheet's 160."""
    chapter_gap: float = 2.0
    """Seconds of silence between pages."""


class EasyReadAudioBuilder(Builder):
    """Writes the narrated easy-read version, its chapters and its transcript."""

    name = "easy-read-audio"
    description = "Easy-read audio, spoken slowly (ID-easy-read.mp3, -chapters.vtt, -transcript.txt)"

    def applies_to(self, factsheet: Factsheet) -> bool:
        """Only a factsheet with an easy-read layer."""
        return factsheet.easy_read is not None

    def outputs(self, factsheet: Factsheet) -> tuple[str, ...]:
        return output_names(factsheet.id, VARIANT)

    def inputs(self, factsheet: Factsheet, settings: Settings) -> tuple[Path, ...]:
        """The project's pronunciation lexicon."""
        return (LEXICON_FILE,)

    def check_settings(self, settings: Settings) -> None:
        """Option names and types (voice, rate)."""
        read_options(EasyReadAudioOptions, settings.options(self.name), self.name)

    def build(self, factsheet: Factsheet, context: BuildContext) -> None:
        """Write the easy-read script, speak it page by page, and write the three files."""
        assert factsheet.easy_read is not None
        raw = context.settings.options(self.name)
        options = read_options(EasyReadAudioOptions, raw, self.name)
        script = easy_read_script(factsheet, factsheet.easy_read, context.settings.organisation,
                                  lexicon_for(factsheet))
        loc = raw.locations.get("voice", raw.loc)
        publish(factsheet, script, options, context, VARIANT, loc, f"easy-read audio: {factsheet.id}")
