"""Script → MP3, chapter by chapter: speak, measure, encode in the background, join, mark chapters.

The order of work: every chapter after the opening is spoken to WAV files
and measured; then the opening is spoken with the recording's measured
length in it (UKAAF MS01: say how long it lasts) — spoken again if the
rounded length it states turns out different; then ffmpeg encodes, each
chapter brought to the same level (UKAAF MS01: consistent volume), the work
split across the processor's cores.  Work files live in a temporary folder;
only the finished MP3 reaches the path the caller gives.
"""

from __future__ import annotations

import os
import tempfile
import wave
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from builders.common.speech.chapters import ChapterMark
from builders.common.speech.encode import ENCODER_DELAY, find_ffmpeg, join_segments, mp3_samples, start_segment
from builders.common.speech.engine import SAMPLE_RATE, SpeechEngine, chunks, open_engine
from builders.common.speech.levels import Level, db, gain_db
from builders.common.speech.script import Script, duration_words
from builders.model import Location

TARGET_RMS_DB = -21.0
"""Speech level at volume 1.0 (gated RMS, dB of full scale): espeak-ng speaks at about −20 dB with
peaks at full scale, so −21 dB leaves every chapter at the same level below the ceiling."""
CEILING_DB = -1.0
"""No sample above −1 dB of full scale before encoding, so MP3 overshoot cannot clip."""


@dataclass(frozen=True)
class VoiceSettings:
    """How the recording is spoken and encoded (a builder's options)."""

    engine: str
    voice: str
    rate: int
    volume: float
    bitrate: int
    chapter_gap: float


@dataclass
class ChapterAudio:
    """One chapter as spoken: its chunk files, level and length before encoding."""

    wavs: list[Path] = field(default_factory=list)
    samples: int = 0
    level: Level = field(default_factory=Level)
    gain: float = 0.0


@dataclass(frozen=True)
class Recording:
    """What was recorded: the script as spoken (length filled in), chapter marks, levels."""

    script: Script
    marks: tuple[ChapterMark, ...]
    duration: float
    levels: tuple[tuple[float, float, float], ...]
    """Per chapter: (peak dBFS, gated RMS dBFS, gain dB) before encoding."""


@contextmanager
def _progress(label: str, total: int) -> Iterator[Progress]:
    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True, disable=not console.is_terminal) as progress:
        progress.add_task(label, total=total)
        yield progress


def record(script: Script, settings: VoiceSettings, output: Path, loc: Location, label: str) -> Recording:
    """Speak the script into ``output`` (an MP3 without tags) and return its chapter marks."""
    ffmpeg = find_ffmpeg(loc)
    with tempfile.TemporaryDirectory(prefix="factsheet-audio-") as work_dir:
        work = Path(work_dir)
        engine = open_engine(settings.engine, settings.voice, settings.rate, loc)
        try:
            return _record(script, settings, output, loc, label, engine, ffmpeg, work)
        finally:
            engine.close()


SEGMENT_MIN_SECONDS = 120.0
"""A recording shorter than this is encoded as one segment (starting a second ffmpeg costs more)."""


def _record(script: Script, settings: VoiceSettings, output: Path, loc: Location, label: str,
            engine: SpeechEngine, ffmpeg: str, work: Path) -> Recording:
    count = len(script.chapters)
    gap_samples = round(settings.chapter_gap * SAMPLE_RATE)
    target = TARGET_RMS_DB + _volume_db(settings.volume)
    audio: dict[int, ChapterAudio] = {}

    def speak(index: int, paragraphs: tuple[str, ...], attempt: int = 0) -> ChapterAudio:
        chapter = ChapterAudio()
        for number, text in enumerate(chunks(paragraphs)):
            wav = work / f"c{index:04d}-{attempt}-{number:04d}.wav"
            chapter.samples += engine.speak_to_wav(text, wav)
            with wave.open(str(wav), "rb") as handle:
                while block := handle.readframes(1 << 19):
                    chapter.level.add(block)
            chapter.wavs.append(wav)
        chapter.gain = gain_db(chapter.level, target, CEILING_DB)
        return chapter

    with _progress(label, count + 1) as progress:
        task = progress.task_ids[0]
        for index in range(1, count):
            audio[index] = speak(index, script.chapters[index].paragraphs)
            progress.advance(task)
        # UKAAF MS01: the opening says how long the recording lasts.  Speak it with an estimate,
        # measure, and speak it again if the rounded length it states was wrong.
        rest = sum(a.samples for a in audio.values()) + gap_samples * (count - 1)
        seconds = (rest / SAMPLE_RATE) * (1 + 1 / max(count, 1))
        spoken = script
        for attempt in range(3):
            spoken = script.with_duration(seconds)
            audio[0] = speak(0, spoken.chapters[0].paragraphs, attempt)
            measured = (rest + audio[0].samples) / SAMPLE_RATE
            if duration_words(measured) == duration_words(seconds):
                break
            seconds = measured
        progress.advance(task)
        gap = work / "gap.wav"
        with wave.open(str(gap), "wb") as handle:
            handle.setnchannels(1)
            handle.setsampwidth(2)
            handle.setframerate(SAMPLE_RATE)
            handle.writeframes(bytes(2 * gap_samples))
        groups = _groups([audio[i].samples + gap_samples for i in range(count)],
                         parts=max(1, min(2, os.cpu_count() or 1)))
        jobs = []
        for number, group in enumerate(groups):
            wavs: list[Path] = []
            switches: list[tuple[float, float]] = []
            position = 0
            for index in group:
                # The gain changes half-way through the pause before a chapter: never within speech.
                switch = 0.0 if not switches else (position - gap_samples / 2) / SAMPLE_RATE
                switches.append((switch, 10 ** (audio[index].gain / 20)))
                wavs.extend(audio[index].wavs)
                position += audio[index].samples
                if index < count - 1:
                    wavs.append(gap)
                    position += gap_samples
            jobs.append(start_segment(ffmpeg, wavs, switches, settings.bitrate, SAMPLE_RATE,
                                      work / f"s{number}.mp3", loc))
        segments = [job.wait() for job in jobs]
        progress.advance(task)

    marks: list[ChapterMark] = []
    offset = 0
    for group, segment in zip(groups, segments, strict=True):
        samples, rate = mp3_samples(segment)
        position = offset + ENCODER_DELAY
        for index in group:
            start = position
            position += audio[index].samples + (gap_samples if index < count - 1 else 0)
            marks.append(ChapterMark(script.chapters[index].title, start / rate, position / rate))
        offset += samples
    # A chapter ends where the next begins; the last ends with the file.
    marks = [m if i + 1 == len(marks) else ChapterMark(m.title, m.start, marks[i + 1].start)
             for i, m in enumerate(marks)]
    marks[-1] = ChapterMark(marks[-1].title, marks[-1].start, offset / SAMPLE_RATE)
    marks[0] = ChapterMark(marks[0].title, 0.0, marks[0].end)
    join_segments(segments, output)
    levels = tuple((audio[i].level.peak_db, audio[i].level.rms_db, audio[i].gain) for i in range(count))
    return Recording(spoken, tuple(marks), offset / SAMPLE_RATE, levels)


def _groups(lengths: list[int], parts: int) -> list[list[int]]:
    """Chapters cut into at most ``parts`` runs of about equal length (one run for a short recording)."""
    total = sum(lengths)
    if total < SEGMENT_MIN_SECONDS * SAMPLE_RATE or parts == 1 or len(lengths) < 2:
        return [list(range(len(lengths)))]
    groups: list[list[int]] = [[]]
    done = 0
    for index, length in enumerate(lengths):
        if groups[-1] and done >= total * len(groups) / parts and len(groups) < parts:
            groups.append([])
        groups[-1].append(index)
        done += length
    return groups


def _volume_db(volume: float) -> float:
    return db(max(0.05, min(volume, 1.0)))
