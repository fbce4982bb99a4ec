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
voice and pace setting.  Two engine processes speak side by side, and a part
is encoded while the next is spoken.
"""

from __future__ import annotations

import subprocess
import tempfile
import wave
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from builders.common.speech.encode import (
    ENCODER_DELAY,
    SegmentJob,
    find_ffmpeg,
    level_filters,
    mp3_samples,
    mp3_settings,
)
from builders.common.speech.engine import SAMPLE_RATE, SpeechEngine, open_engine
from builders.common.speech.levels import Level, db, gain_db
from builders.common.speech.pace import engine_rate
from builders.common.speech.recording import MAX_LIMITING_DB, RMS_ABOVE_LUFS, VoiceSettings, limiter_ceiling
from builders.model import Location

PARAGRAPH_PAUSE = 0.35
"""Seconds of silence added between paragraphs (espeak-ng ends each sentence with its own short pause)."""
SENTENCE_GAP = 0.1
"""Seconds of silence added after every sentence, outside its clip: espeak-ng ends some sentences with no
pause of its own (an abbreviation such as 'N H S.'), and a clip must never end in the middle of a sound."""
LANES = 2
"""Engine processes speaking side by side, each followed by its own encoder."""
LAME_QUALITY = 7
"""LAME's algorithm quality (0 best and slowest, 9 fastest; ffmpeg's default is 3).  Measured on 458 s of the
narration at 48 kbit/s: 7 encodes in half the time of 3 (0.61 s against 1.27 s of CPU) and decodes no
further from the voice's own samples (signal-to-error 24.0 dB against 20.8 dB)."""
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

    Two engine processes speak the parts side by side, one the even parts and
    one the odd, each in order: pyttsx3 waits about 10 ms after every
    sentence, so one process alone leaves the processor idle, and a fixed
    share keeps the samples the same on every build (espeak-ng's output
    depends on what the same process said before).  Each part is written as
    one WAV file as it is spoken and encoded while the next is spoken.  The
    engine setting is the one expected to deliver ``settings.rate`` words a minute.
    """
    ffmpeg = find_ffmpeg(loc)
    target = settings.loudness + RMS_ABOVE_LUFS + db(max(0.05, min(settings.volume, 1.0)))
    limit_db = limiter_ceiling(settings.true_peak)
    results: dict[int, TimedPart] = {}
    with tempfile.TemporaryDirectory(prefix="factsheet-timed-", dir=work_dir) as folder:
        work = Path(folder)

        def lane(numbers: list[int]) -> None:
            engine = open_engine(settings.engine, settings.voice, engine_rate(settings.rate), loc)
            running: tuple[int, SegmentJob, tuple[TimedSentence, ...]] | None = None
            try:
                for number in numbers:
                    level = Level()
                    wav = work / f"part-{number:03d}.wav"
                    times = _speak_part(engine, parts[number], wav, work / f"sentence-{numbers[0]}.wav", level)
                    gain = gain_db(level, target, limit_db + MAX_LIMITING_DB)
                    if running:
                        results[running[0]] = _collect(running[1], running[2])
                    running = (number, _start_encoder(ffmpeg, wav, gain, limit_db, settings.bitrate,
                                                      work / f"part-{number:03d}.mp3", loc), times)
                engine.close()
                if running:
                    results[running[0]] = _collect(running[1], running[2])
                    running = None
            finally:
                engine.close()
                if running:  # a failure: stop the encoder still running
                    running[1].process.kill()
                    running[1].process.wait()

        shares = [list(range(first, len(parts), LANES)) for first in range(min(LANES, len(parts)))]
        with ThreadPoolExecutor(max_workers=LANES) as pool:
            for done in [pool.submit(lane, share) for share in shares]:
                done.result()
    return tuple(results[number] for number in range(len(parts)))


def _collect(job: SegmentJob, times: tuple[TimedSentence, ...]) -> TimedPart:
    """Wait for a part's encoder; the part's MP3, its sentences' times and its length."""
    path = job.wait()
    samples, rate = mp3_samples(path)
    return TimedPart(path.read_bytes(), times, samples / rate)


def _speak_part(engine: SpeechEngine, part: Sequence[Sentence], target: Path, scratch: Path,
                level: Level) -> tuple[TimedSentence, ...]:
    """Speak one part's sentences into one WAV file (lead-in, gaps, paragraph pauses); their times in the MP3."""
    times: list[TimedSentence] = []
    lead, gap, pause = (round(seconds * SAMPLE_RATE) for seconds in (LEAD_IN, SENTENCE_GAP, PARAGRAPH_PAUSE))
    with wave.open(str(target), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(bytes(2 * lead))
        position = lead
        for index, item in enumerate(part):
            if item.starts_paragraph and index:
                out.writeframes(bytes(2 * pause))
                position += pause
            samples = engine.speak_to_wav(item.spoken, scratch)
            with wave.open(str(scratch), "rb") as handle:
                pcm = handle.readframes(samples)
            level.add(pcm)
            out.writeframes(pcm + bytes(2 * gap))
            times.append(TimedSentence(item.key, item.spoken, (position + ENCODER_DELAY) / SAMPLE_RATE,
                                       (position + samples + ENCODER_DELAY) / SAMPLE_RATE))
            position += samples + gap
    return tuple(times)




def _start_encoder(ffmpeg: str, wav: Path, gain: float, ceiling_db: float, bitrate_kbps: int, output: Path,
                   loc: Location) -> SegmentJob:
    """Start encoding one part's WAV: its gain, the limiter and the MP3 settings of the chaptered MP3."""
    command = [ffmpeg, "-nostdin", "-v", "error", "-y", "-i", str(wav),
               "-af", level_filters([(0.0, 10 ** (gain / 20))], ceiling_db), *mp3_settings(bitrate_kbps, SAMPLE_RATE),
               "-compression_level", str(LAME_QUALITY), str(output)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return SegmentJob(process, output, loc)
