"""The audio floor both audio benchmarks time: espeak-ng and ffmpeg alone, at the settings of our build.

A charity without this project would speak the text with ``espeak-ng`` and
encode it with ``ffmpeg``.  To compare like with like, the floor does what
the build does to the sound, less the measuring: the engine setting our pace
calibration starts from for the format's words a minute (``engine_rate``,
not espeak-ng's nominal ``-s`` rate, which speaks about 20 % faster and so
makes less audio), the same level chain before the encoder (one gain, then
the limiter at the build's ceiling) and the same MP3 settings (bit rate,
LAME quality).  It speaks the words of our own transcript.

Used by ``bench_audio.py`` and ``bench_side_by_side.py``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from builders.common.speech.encode import level_filters, mp3_settings  # noqa: E402
from builders.common.speech.engine import SAMPLE_RATE  # noqa: E402
from builders.common.speech.pace import engine_rate  # noqa: E402
from builders.common.speech.publish import VoiceOptions  # noqa: E402
from builders.common.speech.recording import limiter_ceiling  # noqa: E402

FLOOR_GAIN = 1.4
"""One fixed gain (+2.9 dB) for the whole recording: the cost of applying a gain, without measuring it."""


def spoken_text(transcript: Path) -> str:
    """What the recording says, from the transcript our build wrote: its paragraphs, without headers."""
    text = transcript.read_text(encoding="utf-8")
    body = text.split("A blank line is a pause.\n", 1)[1]
    body = re.sub(r"^== Chapter .* ==$", "", body, flags=re.M)
    return re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"


def floor_commands(script: Path, work: Path, options: VoiceOptions) -> list[list[str]]:
    """espeak-ng speaking ``script`` to a WAV file, then ffmpeg levelling and encoding it as our build does."""
    wav, mp3 = work / "floor.wav", work / "floor.mp3"
    return [
        ["espeak-ng", "-v", options.voice, "-s", str(engine_rate(options.rate)), "-w", str(wav), "-f", str(script)],
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(wav),
         "-af", level_filters([(0.0, FLOOR_GAIN)], limiter_ceiling(options.true_peak)),
         *mp3_settings(options.bitrate, SAMPLE_RATE), str(mp3)],
    ]
