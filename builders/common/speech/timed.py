"""Sentences spoken one by one, each with where it starts and ends in the recording: narration a reader can follow.

A recording that highlights the sentence being read (EPUB media overlays,
a karaoke-style transcript) needs each sentence's start and end.  espeak-ng
reports no times while writing a file, so each sentence is spoken on its
own and its samples counted: the times are exact by construction, with no
alignment to guess.  Speaking sentence by sentence costs about a third more
engine time than speaking whole chunks (measured on the self-harm sample's
first six chapters: 0.43 s against 0.33 s), which is small beside encoding;
recordings that need no times keep speaking by chunks (:mod:`.recording`).

Each part (one per content document) becomes one MP3: its sentences in
order, a pause between paragraphs, brought to the recording's level and
limited as the chaptered MP3 is (:mod:`.encode`), with the same engine,
voice and pace setting.  Parts are encoded two at a time.
"""

from __future__ import annotations

import tempfile
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from builders.common.speech.encode import ENCODER_DELAY, find_ffmpeg, mp3_samples, start_segment
from builders.common.speech.engine import SAMPLE_RATE, open_engine
from builders.common.speech.levels import Level, db, gain_db
from builders.common.speech.pace import engine_rate
from builders.common.speech.recording import MAX_LIMITING_DB, RMS_ABOVE_LUFS, VoiceSettings, limiter_ceiling
from builders.model import Location

PARAGRAPH_PAUSE = 0.35
"""Seconds of silence added between paragraphs (espeak-ng ends each sentence with its own short pause)."""
SENTENCE_GAP = 0.1
"""Seconds of silence added after every sentence, outside its clip: espeak-ng ends some sentences with no
pause of its own (an abbreviation such as 'N H S.'), and a clip must never end in the middle of a sound."""
ENCODERS = 2
"""Parts encoded at the same time (each ffmpeg process uses one core)."""
LEAD_IN = 0.25
"""Seconds of silence before a part's first sentence (players clip the first syllable without it)."""


@dataclass(frozen=True)
class Sentence:
    """One sentence to speak: a key the caller knows it by (an element id) and the words the voice says."""

    key: str
    spoken: str
    starts_paragraph: bool = False
    """A pause goes before it (not before a part's first sentence)."""


@dataclass(frozen=True)
class TimedSentence:
    """Where one sentence is in its part's MP3, in seconds, as a decoder plays it."""

    key: str
    spoken: str
    start: float
    end: float


@dataclass(frozen=True)
class TimedPart:
    """One part's MP3 and its sentences' times."""

    mp3: bytes
    sentences: tuple[TimedSentence, ...]
    duration: float
    """The MP3's length in seconds (every frame counted)."""


def record_sentences(parts: Sequence[Sequence[Sentence]], settings: VoiceSettings, loc: Location,
                     work_dir: Path | None = None) -> tuple[TimedPart, ...]:
    """Speak every part sentence by sentence and encode each part as an MP3 with each sentence's times.

    One engine process speaks every part in order (so the same parts always
    give the same samples); the engine setting is the one expected to deliver
    ``settings.rate`` words a minute.
    """
    ffmpeg = find_ffmpeg(loc)
    with tempfile.TemporaryDirectory(prefix="factsheet-timed-", dir=work_dir) as folder:
        work = Path(folder)
        engine = open_engine(settings.engine, settings.voice, engine_rate(settings.rate), loc)
        spoken: list[list[tuple[Sentence, Path, int]]] = []
        levels: list[Level] = []
        try:
            for number, part in enumerate(parts):
                said = []
                level = Level()
                for index, item in enumerate(part):
                    wav = work / f"p{number:03d}-{index:04d}.wav"
                    samples = engine.speak_to_wav(item.spoken, wav)
                    with wave.open(str(wav), "rb") as handle:
                        level.add(handle.readframes(samples))
                    said.append((item, wav, samples))
                spoken.append(said)
                levels.append(level)
        finally:
            engine.close()
        target = settings.loudness + RMS_ABOVE_LUFS + db(max(0.05, min(settings.volume, 1.0)))
        limit_db = limiter_ceiling(settings.true_peak)
        pause_samples, lead_samples = round(PARAGRAPH_PAUSE * SAMPLE_RATE), round(LEAD_IN * SAMPLE_RATE)
        gap_samples = round(SENTENCE_GAP * SAMPLE_RATE)
        pause = silence_wav(work / "pause.wav", pause_samples)
        gap = silence_wav(work / "gap.wav", gap_samples)
        lead = silence_wav(work / "lead.wav", lead_samples)
        results: list[TimedPart] = []
        for first in range(0, len(spoken), ENCODERS):
            jobs = []
            for number in range(first, min(first + ENCODERS, len(spoken))):
                wavs, times, position = [lead], [], lead_samples
                for index, (item, wav, samples) in enumerate(spoken[number]):
                    if item.starts_paragraph and index:
                        wavs.append(pause)
                        position += pause_samples
                    wavs += [wav, gap]
                    times.append(TimedSentence(item.key, item.spoken, (position + ENCODER_DELAY) / SAMPLE_RATE,
                                               (position + samples + ENCODER_DELAY) / SAMPLE_RATE))
                    position += samples + gap_samples
                gain = gain_db(levels[number], target, limit_db + MAX_LIMITING_DB)
                output = work / f"part-{number:03d}.mp3"
                jobs.append((start_segment(ffmpeg, wavs, [(0.0, 10 ** (gain / 20))], limit_db, settings.bitrate,
                                           SAMPLE_RATE, output, loc), times))
            for job, times in jobs:
                path = job.wait()
                samples, rate = mp3_samples(path)
                results.append(TimedPart(path.read_bytes(), tuple(times), samples / rate))
        return tuple(results)


def silence_wav(path: Path, samples: int) -> Path:
    """A WAV file of ``samples`` of digital silence, in the engine's format."""
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(SAMPLE_RATE)
        handle.writeframes(bytes(2 * samples))
    return path
