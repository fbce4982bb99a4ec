"""Audio narration of the full factsheet: ``ID.mp3`` with chapter marks, ``ID-chapters.vtt``, ``ID-transcript.txt``.

People who cannot read print ask for audio (Accessible Information Standard).
UKAAF MS01 (Audio) sets the rules: an opening that says what the recording is
and how long it lasts, text written for the ear, consistent volume, chapters
to jump by heading.  Spoken offline by espeak-ng (through pyttsx3).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builders.common.speech.lexicon import LEXICON_FILE, lexicon_for
from builders.common.speech.publish import RecordingFiles, VoiceOptions, publish
from builders.common.speech.script import factsheet_script
from builders.formats.base import BuildContext, Builder
from builders.formats.file_kinds import AUDIOBOOK, CHAPTER_LIST, MP3, TRANSCRIPT
from builders.model import Factsheet
from builders.output_files import Layer, OutputFile, Role
from builders.common.presets import AUDIO_SLOW
from builders.settings import Settings, read_options, setting


@dataclass(frozen=True)
class AudioOptions(VoiceOptions):
    """Options of the audio format (``formats: audio:`` in publisher.yaml)."""

    rate: int = setting(155, minimum=90, maximum=220,
                        why="90 to 220 words a minute (espeak-ng speaks no slower than 80)")
    """Pace in words a minute while speaking (RNIB talking books run at about 150 to 160)."""


class AudioBuilder(Builder):
    """Writes the narrated factsheet, its chapters and its transcript."""

    name = "audio"
    description = "Audio narration with chapters (ID.mp3, ID.m4b, ID-chapters.vtt, ID-transcript.txt)"

    presets = (AUDIO_SLOW,)

    def output_files(self, factsheet: Factsheet) -> tuple[OutputFile, ...]:
        """``ID.mp3``, then its chapter list and its transcript."""
        mp3 = MP3.file_name(factsheet.id)
        return (
            OutputFile(mp3, MP3, "Audio", Role.MAIN, Layer.FULL),
            OutputFile(AUDIOBOOK.file_name(factsheet.id), AUDIOBOOK, "Audiobook", Role.ALTERNATIVE, Layer.FULL),
            OutputFile(TRANSCRIPT.file_name(factsheet.id, "transcript"), TRANSCRIPT, "Audio transcript",
                       Role.COMPANION, Layer.FULL, companion_of=mp3),
            OutputFile(CHAPTER_LIST.file_name(factsheet.id, "chapters"), CHAPTER_LIST, "Audio chapter list",
                       Role.COMPANION, None, companion_of=mp3),
        )

    def inputs(self, factsheet: Factsheet, settings: Settings) -> tuple[Path, ...]:
        """The project's pronunciation lexicon (the factsheet's own is among its source files)."""
        return (LEXICON_FILE,)

    def check_settings(self, settings: Settings) -> None:
        """Option names and types (voice, rate)."""
        read_options(AudioOptions, settings.options(self.name), self.name)

    def build(self, factsheet: Factsheet, context: BuildContext) -> None:
        """Write the script, speak it chapter by chapter, and write the three files."""
        raw = context.settings.options(self.name)
        options = read_options(AudioOptions, raw, self.name)
        script = factsheet_script(factsheet, context.settings.closing_organisation, lexicon_for(factsheet))
        loc = raw.locations.get("voice", raw.loc)
        mp3, audiobook, transcript, chapters = self.outputs(factsheet)
        files = RecordingFiles(audio=mp3, chapters=chapters, transcript=transcript, audiobook=audiobook)
        publish(factsheet, script, options, context, files, loc, f"audio: {factsheet.id}")
