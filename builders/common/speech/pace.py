"""Speaking pace: the rate a listener hears (words a minute while speaking) and the engine setting that gives it.

RNIB talking books run at about 150 to 160 words a minute of delivered
speech, easy read slower.  espeak-ng's ``-s`` setting is not that figure: its
pauses are left out and its delivered rate runs about 20 % above the setting
(measured: setting 160 gives 190 words a minute while speaking).  So a
recording starts from the measured table below and corrects itself against
what it actually measures while speaking (``corrected_rate``).
"""

from __future__ import annotations

from dataclasses import dataclass

DELIVERED: tuple[tuple[int, float], ...] = (
    (80, 104.0), (95, 116.9), (100, 122.6), (110, 134.4), (120, 146.2), (130, 158.6),
    (140, 170.5), (150, 178.6), (160, 189.8), (175, 206.5), (200, 229.5),
)
"""espeak-ng 1.51 voice gmw/en: engine setting → words a minute while speaking, measured on 2,100 words of
the self-harm sample's prose (pauses of 0.15 s or more below −45 dBFS left out, as ``bench/measure_audio.py``
measures a recording)."""

TOLERANCE = 0.02
"""A measured pace within 2 % of the target is kept; further off, the chapters so far are spoken again."""
CALIBRATION_WORDS = 250
"""Words spoken before the pace is first measured."""


def engine_rate(words_a_minute: float) -> int:
    """The engine setting expected to deliver ``words_a_minute`` while speaking (the table, interpolated)."""
    points = DELIVERED
    if words_a_minute <= points[0][1]:
        low, high = points[0], points[1]
    elif words_a_minute >= points[-1][1]:
        low, high = points[-2], points[-1]
    else:
        low, high = next((a, b) for a, b in zip(points, points[1:]) if a[1] <= words_a_minute <= b[1])
    slope = (high[0] - low[0]) / (high[1] - low[1])
    return _clamp(low[0] + (words_a_minute - low[1]) * slope)


def _clamp(setting: float) -> int:
    return max(40, min(450, round(setting)))


@dataclass
class PaceMeter:
    """The pace of the chapters spoken so far, and the engine setting that should give the target.

    Delivered pace is close to proportional to the setting for a given text
    (the table above), but the factor varies from chapter to chapter by ±10 %
    (lists of numbers run fast, short sentences slow).  The meter estimates it
    from everything spoken so far, each chapter weighted by its speaking
    time, so the whole recording converges on the target.
    """

    target: float
    previous: PaceMeter | None = None
    """A meter of an earlier take, whose estimate of the factor is kept until this one has words."""
    words: int = 0
    speaking_seconds: float = 0.0
    setting_minutes: float = 0.0
    """Σ (speaking minutes × engine setting): what the words would be if the factor were 1."""

    def add(self, words: int, speaking_seconds: float, setting: int) -> None:
        """One more chapter, spoken at ``setting``."""
        self.words += words
        self.speaking_seconds += speaking_seconds
        self.setting_minutes += speaking_seconds / 60 * setting

    @property
    def measured(self) -> float:
        """Words a minute while speaking, so far."""
        return words_a_minute(self.words, self.speaking_seconds)

    def on_target(self) -> bool:
        """Whether the pace so far is within the tolerance of the target."""
        return abs(self.measured / self.target - 1) <= TOLERANCE

    def next_setting(self) -> int:
        """The engine setting expected to deliver the target pace, from the factor measured so far."""
        meter = self if self.setting_minutes or self.previous is None else self.previous
        if not meter.setting_minutes:
            return engine_rate(self.target)
        return _clamp(self.target / (meter.words / meter.setting_minutes))


def words_a_minute(words: int, speaking_seconds: float) -> float:
    """Pace while speaking: words over the time that is not pause."""
    return words / speaking_seconds * 60 if speaking_seconds > 0 else 0.0
