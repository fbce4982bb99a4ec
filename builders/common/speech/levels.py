"""How loud a stretch of speech is: its sample peak and its gated RMS, measured without holding a chapter in memory.

Consistent volume (UKAAF MS01: consistent volume, no background noise) needs
each chapter's level; no clipping needs its peak.  Both are measured chunk by
chunk as the engine writes them and added up per chapter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

FULL_SCALE = 32768.0
BLOCK = 441
"""20 ms blocks at 22,050 Hz: the unit of the loudness gate."""
DECIMATE = 8
"""Every 8th sample of a block is enough to estimate its energy (speech has little above 1.4 kHz of power)."""
PAUSE_BLOCKS = 8
"""Eight quiet blocks in a row (0.16 s) are a pause, not a stop consonant (sentence ends are 0.3 to 0.6 s)."""
GATE_DB = -45.0
"""Blocks quieter than this are pauses and do not count towards the level (as EBU R128 gates silence)."""
_GATE_ENERGY = (FULL_SCALE * 10 ** (GATE_DB / 20)) ** 2
_SAMPLE = np.dtype("<i2")
"""16-bit little-endian, as WAV files hold it, whatever the machine's byte order."""


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
        """Measure one chunk of 16-bit little-endian mono samples (a trailing part block is not counted).

        The work is done on whole arrays (numpy): a 50-minute narration is
        some 150,000 blocks, too many for a loop in Python.
        """
        samples = np.frombuffer(pcm, dtype=_SAMPLE, count=len(pcm) // 2)
        if not samples.size:
            return
        self.peak = max(self.peak, int(samples.max()), -int(samples.min()))
        count = samples.size // BLOCK
        every = samples[: count * BLOCK].reshape(count, BLOCK)[:, ::DECIMATE].astype(np.int64)
        energies = np.square(every).sum(axis=1) / every.shape[1]
        active = np.flatnonzero(energies > _GATE_ENERGY)
        self.blocks += count
        if not active.size:
            self.quiet_run += count
            return
        self.energy += float(energies[active].sum())
        self.active_blocks += int(active.size)
        # The quiet runs that end at a block of speech: the run carried over from the chunk before
        # (it ends at the first), then the gaps between one block of speech and the next.
        runs = np.diff(active, prepend=-1 - self.quiet_run) - 1
        self.pause_blocks += int(runs[runs >= PAUSE_BLOCKS].sum())
        self.quiet_run = count - 1 - int(active[-1])

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


def gain_db(level: Level, target_rms_db: float, ceiling_db: float) -> float:
    """The gain that brings speech to the target level without any sample passing the ceiling."""
    if level.active_blocks == 0:
        return 0.0
    return min(target_rms_db - level.rms_db, ceiling_db - level.peak_db)
