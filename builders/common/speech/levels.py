"""How loud a stretch of speech is: its sample peak and its gated RMS, measured without holding a chapter in memory.

Consistent volume (UKAAF MS01: consistent volume, no background noise) needs
each chapter's level; no clipping needs its peak.  Both are measured chunk by
chunk as the engine writes them and added up per chapter.
"""

from __future__ import annotations

import array
import math
import operator
import sys
from dataclasses import dataclass

FULL_SCALE = 32768.0
BLOCK = 441
"""20 ms blocks at 22,050 Hz: the unit of the loudness gate."""
DECIMATE = 8
"""Every 8th sample of a block is enough to estimate its energy (speech has little above 1.4 kHz of power)."""
PAUSE_BLOCKS = 8
"""Eight quiet blocks in a row (0.16 s) are a pause, not a stop consonant (sentence ends are 0.3 to 0.6 s)."""
GATE_DB = -45.0
"""Blocks quieter than this are pauses and do not count towards the level (as EBU R128 gates silence)."""


def db(ratio: float) -> float:
    """A ratio of full scale in decibels (−inf for silence)."""
    return 20 * math.log10(ratio) if ratio > 0 else -math.inf


@dataclass
class Level:
    """A running measurement: add chunks of 16-bit PCM, read the peak and the gated RMS."""

    peak: int = 0
    energy: float = 0.0
    active_blocks: int = 0
    blocks: int = 0
    pause_blocks: int = 0
    """Blocks in pauses of PAUSE_BLOCKS or more quiet blocks in a row (not speech, for the pace)."""
    quiet_run: int = 0

    def add(self, pcm: bytes) -> None:
        """Measure one chunk of 16-bit little-endian mono samples."""
        samples = array.array("h")
        samples.frombytes(pcm[: len(pcm) // 2 * 2])
        if sys.byteorder == "big":
            samples.byteswap()
        if not samples:
            return
        self.peak = max(self.peak, peak_bound(samples.tobytes() if sys.byteorder == "big" else pcm))
        gate = (FULL_SCALE * 10 ** (GATE_DB / 20)) ** 2
        for start in range(0, len(samples) - BLOCK + 1, BLOCK):
            block = samples[start:start + BLOCK:DECIMATE]
            energy = sum(map(operator.mul, block, block)) / len(block)
            self.blocks += 1
            if energy > gate:
                self.energy += energy
                self.active_blocks += 1
                self._end_quiet_run()
            else:
                self.quiet_run += 1

    def _end_quiet_run(self) -> None:
        if self.quiet_run >= PAUSE_BLOCKS:
            self.pause_blocks += self.quiet_run
        self.quiet_run = 0

    @property
    def speaking_seconds(self) -> float:
        """Time that is not pause: all blocks less those in pauses of 0.16 s or more (a run at the end counts)."""
        pauses = self.pause_blocks + (self.quiet_run if self.quiet_run >= PAUSE_BLOCKS else 0)
        return (self.blocks - pauses) * BLOCK / 22050

    @property
    def peak_db(self) -> float:
        """The highest sample, in dB of full scale."""
        return db(self.peak / FULL_SCALE)

    @property
    def rms_db(self) -> float:
        """The RMS of the blocks that hold speech, in dB of full scale."""
        if not self.active_blocks:
            return -math.inf
        return db(math.sqrt(self.energy / self.active_blocks) / FULL_SCALE)


def peak_bound(pcm: bytes) -> int:
    """The largest sample magnitude, to within 1/128 of full scale, found from the high bytes alone.

    Looking for each possible high byte with ``in`` (a C memchr) is some fifty
    times faster than ``max()`` over the samples in Python, and an upper bound
    is what a no-clipping ceiling needs.
    """
    high = pcm[1::2]
    top = next((v for v in range(127, -1, -1) if bytes((v,)) in high), 0)
    bottom = next((u for u in range(128, 256) if bytes((u,)) in high), 256)
    return max((top + 1) * 256 - 1, (256 - bottom) * 256)


def gain_db(level: Level, target_rms_db: float, ceiling_db: float) -> float:
    """The gain that brings speech to the target level without any sample passing the ceiling."""
    if level.active_blocks == 0:
        return 0.0
    return min(target_rms_db - level.rms_db, ceiling_db - level.peak_db)
