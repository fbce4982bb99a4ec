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
voice and pace setting.  Two engine processes speak side by side; behind
each, one ffmpeg process encodes a batch of parts (every part its own
encoder, so the bytes are those of a process per part) while the next are
spoken.
"""

from __future__ import annotations

import subprocess
import tempfile
import wave
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from builders.common.speech.encode import (
    ENCODER_DELAY,
    ENCODER_HINT,
    find_ffmpeg,
    level_filters,
    mp3_samples,
    mp3_settings,
)
from builders.common.speech.engine import SAMPLE_RATE, SpeechEngine, open_engine
from builders.common.speech.levels import Level, db, gain_db
from builders.common.speech.pace import engine_rate
from builders.common.speech.recording import MAX_LIMITING_DB, RMS_ABOVE_LUFS, VoiceSettings, limiter_ceiling
from builders.diagnostics import SourceError
from builders.model import Location

PARAGRAPH_PAUSE = 0.35
"""Seconds of silence added between paragraphs (espeak-ng ends each sentence with its own short pause)."""
SENTENCE_GAP = 0.1
"""Seconds of silence added after every sentence, outside its clip: espeak-ng ends some sentences with no
pause of its own (an abbreviation such as 'N H S.'), and a clip must never end in the middle of a sound."""
LANES = 2
"""Engine processes speaking side by side, each followed by its own encoder."""
BATCHES_PER_LANE = 2
"""A lane's parts go to about this many ffmpeg processes (see :class:`_Batch`).  Measured on the self-harm easy
read, alternating runs under load 7: 3.13 s of processor time with one batch a lane, 3.34 s with three, 3.51 s
with a batch whenever the encoder is free (about one a part); two keeps encoding beside speaking on an idle
machine."""
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
    one WAV file as it is spoken; the parts are encoded in batches while the
    next are spoken (:class:`_Batch`).  The engine setting is the one
    expected to deliver ``settings.rate`` words a minute.
    """
    ffmpeg = find_ffmpeg(loc)
    target = settings.loudness + RMS_ABOVE_LUFS + db(max(0.05, min(settings.volume, 1.0)))
    limit_db = limiter_ceiling(settings.true_peak)
    results: dict[int, TimedPart] = {}
    with tempfile.TemporaryDirectory(prefix="factsheet-timed-", dir=work_dir) as folder:
        work = Path(folder)

        def lane(numbers: list[int]) -> None:
            engine = open_engine(settings.engine, settings.voice, engine_rate(settings.rate), loc)
            smallest = max(1, -(-len(numbers) // BATCHES_PER_LANE))
            batches: list[_Batch] = []
            waiting: list[_SpokenPart] = []
            try:
                for number in numbers:
                    level = Level()
                    wav = work / f"part-{number:03d}.wav"
                    samples, times = _speak_part(engine, parts[number], wav, work / f"sentence-{numbers[0]}.wav",
                                                 level)
                    waiting.append(_SpokenPart(number, wav, samples, gain_db(level, target, limit_db + MAX_LIMITING_DB),
                                               times))
                    if len(waiting) >= smallest and not any(batch.running() for batch in batches):
                        batches.append(_Batch.start(ffmpeg, waiting, limit_db, settings.bitrate, loc))
                        waiting = []
                engine.close()
                if waiting:
                    batches.append(_Batch.start(ffmpeg, waiting, limit_db, settings.bitrate, loc))
                while batches:
                    results.update(batches[0].collect())
                    batches.pop(0)
            finally:
                engine.close()
                for batch in batches:  # a failure: stop the encoders still running
                    batch.stop()

        shares = [list(range(first, len(parts), LANES)) for first in range(min(LANES, len(parts)))]
        with ThreadPoolExecutor(max_workers=LANES) as pool:
            for done in [pool.submit(lane, share) for share in shares]:
                done.result()
    return tuple(results[number] for number in range(len(parts)))


@dataclass(frozen=True)
class _SpokenPart:
    """A part spoken into its WAV file, waiting to be encoded: its gain (dB) and its sentences' times."""

    number: int
    wav: Path
    samples: int
    gain: float
    sentences: tuple[TimedSentence, ...]


@dataclass(frozen=True)
class _Batch:
    """Parts being encoded by one ffmpeg process, each into its own MP3.

    Each part has its own filter chain and encoder inside the process, so its
    MP3 is byte for byte the one a process of its own writes (compared on
    all four sample EPUBs); one process for several parts saves ffmpeg's
    start-up, 50 to 70 ms of processor time each (measured: a lane of the
    self-harm easy read, 8 parts, 1.74 s in a process each, 1.15 s in one).
    A lane starts a batch when its previous one has finished and at least
    ``1 / BATCHES_PER_LANE`` of its parts are waiting, and its last batch
    when it has spoken everything.
    """

    process: subprocess.Popen[bytes]
    parts: tuple[_SpokenPart, ...]
    loc: Location

    @classmethod
    def start(cls, ffmpeg: str, parts: Sequence[_SpokenPart], ceiling_db: float, bitrate_kbps: int,
              loc: Location) -> _Batch:
        """Start encoding these parts: each its gain, the limiter and the MP3 settings of the chaptered MP3.

        ffmpeg reads the parts' WAV files one after another as one stream (the
        concat demuxer) and cuts it where each part ends (``asegment``, at
        exact sample counts), so its encoders work one after another.
        """
        listing = parts[0].wav.with_suffix(".list")
        listing.write_text("".join(f"file '{_quoted(part.wav)}'\n" for part in parts), encoding="utf-8")
        ends = list(accumulate(part.samples for part in parts))
        names = "".join(f"[part{index}]" for index in range(len(parts)))
        cut = f"[0:a]asegment=samples={'|'.join(map(str, ends[:-1]))}{names}" if len(parts) > 1 else "[0:a]anull[part0]"
        chains = [f"[part{index}]asetpts=PTS-STARTPTS,"
                  f"{level_filters([(0.0, 10 ** (part.gain / 20))], ceiling_db)}[out{index}]"
                  for index, part in enumerate(parts)]
        outputs = [argument for index, part in enumerate(parts)
                   for argument in ("-map", f"[out{index}]", *mp3_settings(bitrate_kbps, SAMPLE_RATE),
                                    str(part.wav.with_suffix(".mp3")))]
        command = [ffmpeg, "-nostdin", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", str(listing),
                   "-filter_complex", ";".join([cut, *chains]), *outputs]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        return cls(process, tuple(parts), loc)

    def running(self) -> bool:
        """Whether ffmpeg is still encoding."""
        return self.process.poll() is None

    def collect(self) -> dict[int, TimedPart]:
        """Wait for ffmpeg; each part's MP3, its sentences' times and its length (a located error if it failed)."""
        _, stderr = self.process.communicate()
        done: dict[int, TimedPart] = {}
        for part in self.parts:
            mp3 = part.wav.with_suffix(".mp3")
            if self.process.returncode != 0 or not mp3.exists() or mp3.stat().st_size == 0:
                detail = stderr.decode("utf-8", "replace").strip().splitlines()
                raise SourceError(self.loc, f"ffmpeg could not encode the MP3: {detail[-1] if detail else 'no output'}",
                                  ENCODER_HINT)
            samples, rate = mp3_samples(mp3)
            done[part.number] = TimedPart(mp3.read_bytes(), part.sentences, samples / rate)
            part.wav.unlink()
        return done

    def stop(self) -> None:
        """End the encoder (after a failure elsewhere)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


def _speak_part(engine: SpeechEngine, part: Sequence[Sentence], target: Path, scratch: Path,
                level: Level) -> tuple[int, tuple[TimedSentence, ...]]:
    """Speak one part's sentences into one WAV file (lead-in, gaps, paragraph pauses): its samples, and the
    sentences' times in the MP3."""
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
    return position, tuple(times)


def _quoted(path: Path) -> str:
    """A path for an ffmpeg concat listing, between single quotes (a quote inside written as '\\'')."""
    return str(path.resolve()).replace("'", "'\\''")
