"""The level measurement each chapter's gain comes from: peak, gated RMS and speaking time, chunk by chunk.

Fixtures are made here: tones of a known amplitude between stretches of
digital silence, as espeak-ng's speech sits between its pauses.  What the
recording measures end to end (ffmpeg ebur128) is in test_audio.py.
"""

from __future__ import annotations

import array
import math
import sys

import pytest

from builders.common.speech.levels import BLOCK, Level

RATE = 22050


def tone(seconds: float, amplitude: float, hz: float = 440.0) -> array.array[int]:
    """A sine of ``amplitude`` (a fraction of full scale), as 16-bit samples."""
    count = round(seconds * RATE)
    return array.array("h", (round(amplitude * 32767 * math.sin(2 * math.pi * hz * n / RATE)) for n in range(count)))


def silence(seconds: float) -> array.array[int]:
    """Digital silence, as espeak-ng's pauses are."""
    return array.array("h", bytes(2 * round(seconds * RATE)))


def pcm(*parts: array.array[int]) -> bytes:
    """16-bit little-endian PCM, as a WAV file holds it."""
    samples = array.array("h")
    for part in parts:
        samples.extend(part)
    if sys.byteorder == "big":
        samples.byteswap()
    return samples.tobytes()


def measured(data: bytes, chunk_blocks: int | None = None) -> Level:
    level = Level()
    step = len(data) if chunk_blocks is None else chunk_blocks * BLOCK * 2
    for start in range(0, len(data), step):
        level.add(data[start:start + step])
    return level


SPEECH = pcm(silence(0.5), tone(1.0, 0.5), silence(0.1), tone(1.0, 0.5), silence(0.6), tone(0.5, 0.25),
             silence(1.0))


def test_the_peak_is_the_largest_sample() -> None:
    samples = tone(0.5, 0.7)
    level = measured(pcm(silence(0.2), samples))
    assert level.peak == max(abs(s) for s in samples)
    assert level.peak_db == pytest.approx(20 * math.log10(0.7), abs=0.01)


def test_the_rms_counts_speech_only_not_the_pauses() -> None:
    loud_only = measured(pcm(tone(2.0, 0.5)))
    assert loud_only.rms_db == pytest.approx(20 * math.log10(0.5 / math.sqrt(2)), abs=0.1)
    with_pauses = measured(pcm(silence(3.0), tone(2.0, 0.5), silence(3.0)))
    assert with_pauses.rms_db == pytest.approx(loud_only.rms_db, abs=0.05)


def test_a_gap_shorter_than_eight_blocks_is_speech_a_longer_one_is_pause() -> None:
    level = measured(SPEECH)
    # 0.1 s between the first two tones is a stop consonant's length: it counts as speaking time.
    assert level.speaking_seconds == pytest.approx(1.0 + 0.1 + 1.0 + 0.5, abs=2 * BLOCK / RATE)


@pytest.mark.parametrize("chunk_blocks", [1, 7, 8, 9, 50])
def test_measuring_in_chunks_gives_the_same_figures_as_all_at_once(chunk_blocks: int) -> None:
    whole, chunked = measured(SPEECH), measured(SPEECH, chunk_blocks)
    assert (chunked.peak, chunked.blocks, chunked.active_blocks, chunked.speaking_seconds) == \
        (whole.peak, whole.blocks, whole.active_blocks, whole.speaking_seconds)
    assert chunked.rms_db == pytest.approx(whole.rms_db, abs=1e-9)


def test_silence_measures_as_silence() -> None:
    level = measured(pcm(silence(2.0)))
    assert (level.peak, level.active_blocks, level.speaking_seconds) == (0, 0, 0.0)
    assert level.rms_db == -math.inf
