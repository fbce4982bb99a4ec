"""Measure built recordings as a listener's tools would (not a test): level, edges, pace, chapters.

For each MP3 given (or every ``*.mp3`` under a folder) it prints one row:
integrated loudness and true peak (ffmpeg ``ebur128``), silence at the head
and the tail (ffmpeg ``silencedetect``), words a minute while speaking (the
transcript's words over the time that is not pause), the number of chapters
and the shortest one (ffprobe).  Nothing here imports the builders: the
figures are what ffmpeg and ffprobe report.

Run: ``.venv/bin/python bench/measure_audio.py output/``
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PAUSE_DB = -45
"""Quieter than this is pause (espeak-ng's pauses are digital silence; its quietest speech is about −40 dB)."""
PAUSE_SECONDS = 0.15
"""A silence at least this long is a pause, not a stop consonant; sentence ends are about 0.3 to 0.6 s."""
EDGE_DB = -50
"""Silence threshold for the head and the tail of the file."""


@dataclass(frozen=True)
class Measurement:
    """What one recording measures."""

    name: str
    lufs: float
    true_peak: float
    head: float
    tail: float
    wpm: float
    chapters: int
    shortest: float
    shortest_title: str


def _silences(path: Path, noise_db: int, seconds: float) -> tuple[list[tuple[float, float]], float, str]:
    """(silences as (start, end), duration, ebur128 summary) from one ffmpeg pass."""
    done = subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-i", str(path), "-af",
         f"silencedetect=noise={noise_db}dB:d={seconds},ebur128=peak=true:framelog=verbose", "-f", "null", "-"],
        capture_output=True, text=True, check=True,
    )
    log = done.stderr
    starts = [float(v) for v in re.findall(r"silence_start: (-?[\d.]+)", log)]
    ends = [float(v) for v in re.findall(r"silence_end: ([\d.]+)", log)]
    duration = float(json.loads(subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "json", str(path)],
        capture_output=True, text=True, check=True).stdout)["format"]["duration"])
    ends += [duration] * (len(starts) - len(ends))
    return [(max(0.0, a), b) for a, b in zip(starts, ends)], duration, log


def loudness(log: str) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP) from ebur128's summary."""
    summary = log[log.rfind("Summary:"):]
    lufs = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))  # type: ignore[union-attr]
    peak = float(re.search(r"Peak:\s+(-?[\d.inf]+) dBFS", summary).group(1))  # type: ignore[union-attr]
    return lufs, peak


def transcript_words(path: Path) -> int:
    """Words the narrator says, from the transcript (header and chapter lines left out)."""
    text = path.read_text(encoding="utf-8")
    body = text.split("\n\n", 1)[1] if "\n\n" in text else text
    return sum(len(line.split()) for line in body.splitlines() if line and not line.startswith("== "))


def chapters(path: Path) -> list[tuple[str, float, float]]:
    """(title, start, end) of each chapter, as ffprobe reads them."""
    data = json.loads(subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(path)],
                                     capture_output=True, text=True, check=True).stdout)
    return [(c.get("tags", {}).get("title", ""), float(c["start_time"]), float(c["end_time"]))
            for c in data["chapters"]]


def measure(mp3: Path) -> Measurement:
    """Every figure for one recording (its transcript beside it: ``X.mp3`` → ``X-transcript.txt``)."""
    edges, duration, log = _silences(mp3, EDGE_DB, 0.01)
    lufs, peak = loudness(log)
    head = next((b for a, b in edges if a <= 0.001), 0.0)
    tail = next((duration - a for a, b in reversed(edges) if b >= duration - 0.05), 0.0)
    pauses, _, _ = _silences(mp3, PAUSE_DB, PAUSE_SECONDS)
    speaking = duration - sum(b - a for a, b in pauses)
    words = transcript_words(mp3.with_name(mp3.stem + "-transcript.txt"))
    marks = chapters(mp3)
    title, shortest = min(((t, b - a) for t, a, b in marks), key=lambda item: item[1], default=("", 0.0))
    return Measurement(mp3.name, lufs, peak, head, tail, words / speaking * 60, len(marks), shortest, title)


def main(argv: list[str]) -> int:
    """Print a Markdown table of every recording named (files, or folders searched for MP3s)."""
    files: list[Path] = []
    for arg in argv or ["output"]:
        path = Path(arg)
        files.extend(sorted(path.rglob("*.mp3")) if path.is_dir() else [path])
    print("| file | LUFS | true peak dBTP | head s | tail s | wpm speaking | chapters | shortest chapter |")
    print("|---|---|---|---|---|---|---|---|")
    for mp3 in files:
        m = measure(mp3)
        print(f"| {m.name} | {m.lufs:.1f} | {m.true_peak:.1f} | {m.head:.2f} | {m.tail:.2f} | {m.wpm:.0f} | "
              f"{m.chapters} | {m.shortest:.1f} s ({m.shortest_title}) |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
