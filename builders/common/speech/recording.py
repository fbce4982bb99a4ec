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
from dataclasses import dataclass, field, replace
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from builders.common.speech.chapters import ChapterMark
from builders.common.speech.encode import ENCODER_DELAY, find_ffmpeg, join_segments, mp3_samples, start_segment
from builders.common.speech.engine import SAMPLE_RATE, SpeechEngine, chunks, open_engine
from builders.common.speech.lexicon import voice_text
from builders.common.speech.levels import Level, db, gain_db
from builders.common.speech.pace import CALIBRATION_WORDS, PaceMeter, engine_rate, words_a_minute
from builders.common.speech.script import Script, duration_words
from builders.model import Location

RMS_ABOVE_LUFS = 1.1
"""Our per-chapter level (gated RMS) less the EBU R128 integrated loudness it gives once limited:
measured with ffmpeg ebur128 on both samples, full and easy read, at 125 to 155 words a minute
(without the limiter, at the old faster pace, the difference was 0.9 dB)."""
CHAPTER_LEAD = 0.3
"""Seconds of the pause before a chapter's first word that belong to the chapter."""
MAX_PACE_CORRECTIONS = 2
"""At most two corrections of the engine setting (one is usually enough: the table starts close)."""
MAX_LIMITING_DB = 12.0
"""A chapter is never raised so far that the limiter would take more than this off its loudest peak."""


@dataclass(frozen=True)
class VoiceSettings:
    """How the recording is spoken and encoded (a builder's options)."""

    engine: str
    voice: str
    rate: int
    volume: float
    bitrate: int
    chapter_gap: float
    loudness: float = -19.0
    """Integrated loudness in LUFS (EBU R128): −19 for mono speech heard on phones (AES TD1008)."""
    true_peak: float = -2.0
    """Highest true peak in dBTP: the limiter's ceiling sits a margin below it (MP3 encoding overshoots)."""
    head: float = 0.7
    """Seconds of silence before the first word (players and Bluetooth links clip the first syllable)."""
    tail: float = 1.0
    """Seconds of silence after the last word (ACX asks 1 to 5 s of room tone at the end)."""
    opening_rate: int = 0
    """Words a minute while speaking for the first paragraph (the title and the urgent numbers); 0 for ``rate``."""


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
    words_a_minute: float
    """The pace as measured while speaking (words over the time that is not pause)."""
    engine_rate: int
    """The engine setting that delivered it."""


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
        engine = open_engine(settings.engine, settings.voice, engine_rate(settings.rate), loc)
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
    head_samples, tail_samples = round(settings.head * SAMPLE_RATE), round(settings.tail * SAMPLE_RATE)
    target = settings.loudness + RMS_ABOVE_LUFS + _volume_db(settings.volume)
    limit_db = limiter_ceiling(settings.true_peak)
    audio: dict[int, ChapterAudio] = {}

    def speak(index: int, paragraphs: tuple[str, ...], attempt: int = 0, first_setting: int = 0) -> ChapterAudio:
        """One chapter's chunks; ``first_setting``: the engine setting for its first paragraph (0: the same)."""
        chapter = ChapterAudio()
        setting = engine.rate
        runs = [(paragraphs[:1], first_setting), (paragraphs[1:], setting)] if first_setting else [(paragraphs, setting)]
        number = 0
        for part, rate in runs:
            engine.set_rate(rate)
            for text in chunks(tuple(voice_text(p) for p in part)):
                wav = work / f"c{index:04d}-{attempt}-{number:04d}.wav"
                number += 1
                chapter.samples += engine.speak_to_wav(text, wav)
                with wave.open(str(wav), "rb") as handle:
                    while block := handle.readframes(1 << 19):
                        chapter.level.add(block)
                chapter.wavs.append(wav)
        engine.set_rate(setting)
        chapter.gain = gain_db(chapter.level, target, limit_db + MAX_LIMITING_DB)
        return chapter

    with _progress(label, count + 1) as progress:
        task = progress.task_ids[0]
        # The pace a listener hears: measured once enough words are spoken; if it misses the target,
        # the engine setting is corrected and the chapters so far are spoken again.  After that each
        # chapter is spoken at the setting that the chapters so far say gives the target pace.
        pace = PaceMeter(settings.rate)
        calibrated, attempt, index = count <= 1, 0, 1
        while index < count:
            audio[index] = speak(index, script.chapters[index].paragraphs, attempt)
            progress.advance(task)
            pace.add(script.chapters[index].words(), audio[index].level.speaking_seconds, engine.rate)
            if calibrated:
                engine.set_rate(pace.next_setting())
            elif pace.words >= CALIBRATION_WORDS or index == count - 1:
                if pace.on_target() or attempt == MAX_PACE_CORRECTIONS:
                    calibrated = True
                else:
                    engine.set_rate(pace.next_setting())
                    pace = PaceMeter(settings.rate, pace)
                    attempt, index = attempt + 1, 0
            index += 1
        first_take = attempt + 1
        # UKAAF MS01: the opening says how long the recording lasts.  Speak it with an estimate,
        # measure, and speak it again if the rounded length it states was wrong.
        rest = sum(a.samples for a in audio.values()) + gap_samples * (count - 1) + head_samples + tail_samples
        seconds = (rest / SAMPLE_RATE) * (1 + 1 / max(count, 1))
        spoken = script
        # The opening's first paragraph (title and urgent numbers) may have a pace of its own (easy read
        # says it at the full factsheet's pace): the engine setting the measured table gives for it.
        opening = engine_rate(settings.opening_rate) \
            if settings.opening_rate and settings.opening_rate != settings.rate else 0
        for attempt in range(3):
            spoken = script.with_duration(seconds)
            audio[0] = speak(0, spoken.chapters[0].paragraphs, first_take + attempt, opening)
            measured = (rest + audio[0].samples) / SAMPLE_RATE
            if duration_words(measured) == duration_words(seconds):
                break
            seconds = measured
        progress.advance(task)
        gap, head, tail = (_silence(work / name, samples) for name, samples in
                           (("gap.wav", gap_samples), ("head.wav", head_samples), ("tail.wav", tail_samples)))
        lengths = [audio[i].samples + gap_samples for i in range(count)]
        lengths[0] += head_samples
        lengths[-1] += tail_samples - gap_samples
        groups = _groups(lengths, parts=max(1, min(2, os.cpu_count() or 1)))
        jobs = []
        for number, group in enumerate(groups):
            wavs: list[Path] = []
            switches: list[tuple[float, float]] = []
            position = 0
            for index in group:
                if index == 0:
                    wavs.append(head)
                    position += head_samples
                # The gain changes half-way through the pause before a chapter: never within speech.
                switch = 0.0 if not switches else (position - gap_samples / 2) / SAMPLE_RATE
                switches.append((switch, 10 ** (audio[index].gain / 20)))
                wavs.extend(audio[index].wavs)
                position += audio[index].samples
                wavs.append(gap if index < count - 1 else tail)
                position += gap_samples if index < count - 1 else tail_samples
            jobs.append(start_segment(ffmpeg, wavs, switches, limit_db, settings.bitrate, SAMPLE_RATE,
                                      work / f"s{number}.mp3", loc))
        segments = [job.wait() for job in jobs]
        progress.advance(task)

    marks: list[ChapterMark] = []
    offset = 0
    for group, segment in zip(groups, segments, strict=True):
        samples, rate = mp3_samples(segment)
        position = offset + ENCODER_DELAY
        for index in group:
            # A chapter starts a moment before its first word, inside the pause: a player that
            # jumps to it does not clip the first syllable.
            start = position - min(round(CHAPTER_LEAD * rate), gap_samples // 2) if index else position
            position += audio[index].samples + (gap_samples if index < count - 1 else tail_samples)
            if index == 0:
                position += head_samples
            chapter = script.chapters[index]
            marks.append(ChapterMark(chapter.title, start / rate, position / rate, chapter.group))
        offset += samples
    # A chapter ends where the next begins; the last ends with the file.
    marks = [m if i + 1 == len(marks) else replace(m, end=marks[i + 1].start) for i, m in enumerate(marks)]
    marks[-1] = replace(marks[-1], end=offset / SAMPLE_RATE)
    marks[0] = replace(marks[0], start=0.0)
    join_segments(segments, output)
    levels = tuple((audio[i].level.peak_db, audio[i].level.rms_db, audio[i].gain) for i in range(count))
    pace = words_a_minute(spoken.words(), sum(audio[i].level.speaking_seconds for i in range(count)))
    return Recording(spoken, tuple(marks), offset / SAMPLE_RATE, levels, pace, engine.rate)


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


def limiter_ceiling(true_peak: float) -> float:
    """The limiter's sample-peak ceiling (dBFS) that keeps the encoded MP3's true peak at or below ``true_peak``."""
    return true_peak - TRUE_PEAK_MARGIN


TRUE_PEAK_MARGIN = 1.0
"""dB between the limiter's ceiling and the true-peak limit: inter-sample peaks and MP3 encoding add
up to about 0.6 dB on espeak-ng's speech (measured with ffmpeg ebur128 peak=true)."""


def _silence(path: Path, samples: int) -> Path:
    """A WAV file of ``samples`` of digital silence (the pauses between and around chapters)."""
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(SAMPLE_RATE)
        handle.writeframes(bytes(2 * samples))
    return path


def _volume_db(volume: float) -> float:
    return db(max(0.05, min(volume, 1.0)))
