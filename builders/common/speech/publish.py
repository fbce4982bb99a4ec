"""A recording's three outputs, written together: the MP3 with chapter marks, the WebVTT chapters, the transcript.

Each file goes through the build context's atomic writer, and the MP3 is
only put in place once it is complete and tagged: a failed engine leaves
nothing half-made in ``output/``.
"""

from __future__ import annotations

from dataclasses import dataclass

from builders.common.speech.chapters import Tags, milliseconds, render_vtt, write_id3
from builders.common.speech.cover import cover_png
from builders.common.speech.encode import write_m4b
from builders.common.speech.recording import Recording, VoiceSettings, record
from builders.common.speech.script import Script, render_transcript
from builders.build_context import BuildContext
from builders.model import Factsheet, Location, plain_text


@dataclass(frozen=True)
class VoiceOptions:
    """Options shared by the spoken formats (``formats: audio:`` in publisher.yaml)."""

    engine: str = "pyttsx3"
    """Speech engine: pyttsx3 (espeak-ng through Python, the default) or espeak-ng (the command)."""
    voice: str = "gmw/en"
    """espeak-ng voice: gmw/en is British English (espeak-ng --voices=en lists others)."""
    rate: int = 155
    """Pace in words a minute while speaking, as a listener hears it (pauses left out); the engine setting
    is calibrated against the measured pace (RNIB talking books: about 150 to 160)."""
    volume: float = 1.0
    """Loudness from 0.05 to 1.0; every chapter is brought to the same level."""
    bitrate: int = 48
    """MP3 bit rate in kbit/s (mono speech: 32 to 64 is plenty)."""
    chapter_gap: float = 1.5
    """Seconds of silence between chapters."""
    loudness: float = -19.0
    """Integrated loudness in LUFS (EBU R128): −19 is the norm for mono speech on phones (AES TD1008)."""
    true_peak: float = -2.0
    """The highest true peak in dBTP; a limiter keeps every peak under it."""
    head_silence: float = 0.7
    """Seconds of silence before the first word (0.5 to 1 s: players clip the first syllable without it)."""
    album: str = ""
    """The album in the MP3's tags: empty for the factsheet's own title, or a series name ("Audio factsheets")."""
    tail_silence: float = 1.0
    """Seconds of silence added after the last word; with espeak-ng's own closing pause, 1.3 to 2 s (ACX: 1 to 5)."""
    opening_rate: int = 0
    """Pace of the opening sentence and the urgent numbers, in words a minute while speaking; 0 for the
    recording's own pace."""

    def voice_settings(self) -> VoiceSettings:
        """The settings the recorder needs."""
        return VoiceSettings(self.engine, self.voice, self.rate, self.volume, self.bitrate, self.chapter_gap,
                             self.loudness, self.true_peak, self.head_silence, self.tail_silence,
                             self.opening_rate or self.rate)


@dataclass(frozen=True)
class RecordingFiles:
    """The names of a recording's files, as the spoken builder declares them."""

    audio: str
    chapters: str
    transcript: str
    audiobook: str = ""
    """The ``.m4b`` audiobook copy (the MP3's audio and chapters in an MP4 file); "" for none."""


def publish(factsheet: Factsheet, script: Script, options: VoiceOptions, context: BuildContext,
            files: RecordingFiles, loc: Location, label: str, easy_read: bool = False) -> Recording:
    """Record the script and write the MP3 (tagged, with cover and chapters), the chapters, the transcript, the M4B."""
    mp3, vtt, transcript = files.audio, files.chapters, files.transcript
    meta = factsheet.metadata
    settings = options.voice_settings()
    organisation = context.settings.organisation.name or meta.organisation
    title = f"{script.title} (easy read)" if easy_read else script.title
    with context.writing(mp3) as tmp:
        recording = record(script, settings, tmp, loc, label)
        kind = "Easy read audio factsheet" if easy_read else "Audio factsheet"
        tags = Tags(
            title=title,
            artist=organisation,
            album=options.album or meta.title,
            copyright=meta.copyright,
            year=meta.last_updated.year,
            description=f"{kind} from {organisation}. {plain_text(meta.introduction)}".strip(),
            track=factsheet.catalog_number,
            disc=(2 if easy_read else 1, 2 if factsheet.easy_read is not None else 1),
            cover_png=cover_png(title, organisation, kind),
        )
        write_id3(tmp, tags, recording.marks)
        if files.audiobook:
            with context.writing(files.audiobook) as m4b:
                write_m4b(tmp, m4b, loc)
        context.write_text(vtt, render_vtt(recording.marks))
        starts = tuple(milliseconds(mark.start) / 1000 for mark in recording.marks)  # as the CHAP frames say
        context.write_text(transcript, render_transcript(recording.script, starts, recording.duration,
                                                         settings.voice, recording.words_a_minute, easy_read))
    return recording
