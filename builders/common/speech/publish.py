"""A recording's three outputs, written together: the MP3 with chapter marks, the WebVTT chapters, the transcript.

Each file goes through the build context's atomic writer, and the MP3 is
only put in place once it is complete and tagged: a failed engine leaves
nothing half-made in ``output/``.
"""

from __future__ import annotations

from dataclasses import dataclass

from builders.common.speech.chapters import Tags, render_vtt, write_id3
from builders.common.speech.recording import Recording, VoiceSettings, record
from builders.common.speech.script import Script, render_transcript
from builders.build_context import BuildContext
from builders.model import Factsheet, Location


@dataclass(frozen=True)
class VoiceOptions:
    """Options shared by the spoken formats (``formats: audio:`` in publisher.yaml)."""

    engine: str = "pyttsx3"
    """Speech engine: pyttsx3 (espeak-ng through Python, the default) or espeak-ng (the command)."""
    voice: str = "gmw/en"
    """espeak-ng voice: gmw/en is British English (espeak-ng --voices=en lists others)."""
    rate: int = 160
    """Speaking rate in words per minute."""
    volume: float = 1.0
    """Loudness from 0.05 to 1.0; every chapter is brought to the same level."""
    bitrate: int = 48
    """MP3 bit rate in kbit/s (mono speech: 32 to 64 is plenty)."""
    chapter_gap: float = 1.5
    """Seconds of silence between chapters."""

    def voice_settings(self) -> VoiceSettings:
        """The settings the recorder needs."""
        return VoiceSettings(self.engine, self.voice, self.rate, self.volume, self.bitrate, self.chapter_gap)


@dataclass(frozen=True)
class RecordingFiles:
    """The names of a recording's three files, as the spoken builder declares them."""

    audio: str
    chapters: str
    transcript: str


def publish(factsheet: Factsheet, script: Script, options: VoiceOptions, context: BuildContext,
            files: RecordingFiles, loc: Location, label: str, easy_read: bool = False) -> Recording:
    """Record the script and write the MP3, its chapters file and its transcript."""
    mp3, vtt, transcript = files.audio, files.chapters, files.transcript
    meta = factsheet.metadata
    settings = options.voice_settings()
    with context.writing(mp3) as tmp:
        recording = record(script, settings, tmp, loc, label)
        tags = Tags(
            title=f"{script.title} (easy read)" if easy_read else script.title,
            artist=context.settings.organisation.name or meta.organisation,
            album="Audio factsheets",
            copyright=meta.copyright,
            year=meta.last_updated.year,
        )
        write_id3(tmp, tags, recording.marks)
        context.write_text(vtt, render_vtt(recording.marks))
        starts = tuple(mark.start for mark in recording.marks)
        context.write_text(transcript, render_transcript(recording.script, starts, recording.duration,
                                                         settings.voice, settings.rate))
    return recording
