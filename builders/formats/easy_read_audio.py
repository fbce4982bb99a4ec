"""Audio narration of the easy-read version: ``ID-easy-read.mp3``, its chapters and its transcript.

The easy-read layer's own words, page by page, then the hard words, spoken
more slowly than the full factsheet (people with learning disabilities ask
for slower speech; Mencap, "Am I making myself clear?").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builders.common.speech.lexicon import LEXICON_FILE, lexicon_for
from builders.common.speech.publish import RecordingFiles, VoiceOptions, publish
from builders.common.speech.script import easy_read_script
from builders.formats.base import BuildContext, Builder
from builders.formats.file_kinds import AUDIOBOOK, CHAPTER_LIST, MP3, TRANSCRIPT
from builders.model import Factsheet
from builders.output_files import Layer, OutputFile, Role
from builders.common.presets import AUDIO_SLOW
from builders.settings import Settings, read_options, setting

VARIANT = "easy-read"


@dataclass(frozen=True)
class EasyReadAudioOptions(VoiceOptions):
    """Options of the easy-read audio format (``formats: easy-read-audio:`` in publisher.yaml)."""

    rate: int = setting(125, minimum=90, maximum=220,
                        why="90 to 220 words a minute (espeak-ng speaks no slower than 80)")
    """Pace in words a minute while speaking: slower than the full factsheet's 155 (120 to 130)."""
    chapter_gap: float = 2.0
    """Seconds of silence between pages."""
    opening_rate: int = 155
    """The opening sentence and the urgent numbers at the full factsheet's pace, so that every urgent
    number is heard within 15 seconds (issue 12); the help page that follows says each number again slowly."""


class EasyReadAudioBuilder(Builder):
    """Writes the narrated easy-read version, its chapters and its transcript."""

    name = "easy-read-audio"
    description = "Easy-read audio, spoken slowly (ID-easy-read.mp3, .m4b, -chapters.vtt, -transcript.txt)"

    def applies_to(self, factsheet: Factsheet) -> bool:
        """Only a factsheet with an easy-read layer."""
        return factsheet.easy_read is not None

    presets = (AUDIO_SLOW.adapted(rate="105"),)

    def output_files(self, factsheet: Factsheet) -> tuple[OutputFile, ...]:
        """``ID-easy-read.mp3``, then its chapter list and its transcript."""
        mp3 = MP3.file_name(factsheet.id, VARIANT)
        return (
            OutputFile(mp3, MP3, "Easy read audio", Role.MAIN, Layer.EASY_READ),
            OutputFile(AUDIOBOOK.file_name(factsheet.id, VARIANT), AUDIOBOOK, "Easy read audiobook",
                       Role.ALTERNATIVE, Layer.EASY_READ),
            OutputFile(TRANSCRIPT.file_name(factsheet.id, f"{VARIANT}-transcript"), TRANSCRIPT,
                       "Easy read audio transcript", Role.COMPANION, Layer.EASY_READ, companion_of=mp3),
            OutputFile(CHAPTER_LIST.file_name(factsheet.id, f"{VARIANT}-chapters"), CHAPTER_LIST,
                       "Easy read audio chapter list", Role.COMPANION, None, companion_of=mp3),
        )

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
        script = easy_read_script(factsheet, factsheet.easy_read, context.settings.closing_organisation,
                                  lexicon_for(factsheet))
        loc = raw.locations.get("voice", raw.loc)
        mp3, audiobook, transcript, chapters = self.outputs(factsheet)
        files = RecordingFiles(audio=mp3, chapters=chapters, transcript=transcript, audiobook=audiobook)
        publish(factsheet, script, options, context, files, loc, f"easy-read audio: {factsheet.id}", easy_read=True)
