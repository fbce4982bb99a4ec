"""Benchmark (not a test): the least CPU time the catalog's narration can cost, with the tools alone.

    .venv/bin/python bench/bench_catalog_floor.py [--count 50] [--cores 2] [--runs 3]

The catalog benchmark (``bench_catalog.py``) builds ``--count`` factsheets,
half copies of each sample, in every format.  Four of those formats are
narrated: the audio and easy-read audio (MP3), and the two EPUBs (media
overlays).  This script measures how many minutes of speech that is, from our
own build of the two samples (``ffprobe`` on every MP3, and on every audio
file inside each EPUB), and the floor cost of one minute of speech: the
``espeak-ng`` command speaking our transcript's words to a WAV file, then
``ffmpeg`` applying the same level chain and MP3 settings as our build
(``audio_floor.py``, the floor both audio benchmarks time).

The floor, for the whole catalog, is minutes × CPU seconds a minute, and
divided by the cores the least wall time even a perfect scheduler could reach
with these two tools doing nothing but the narration.  If that is over the
catalog target (4 minutes at ``-j 2``), no build of this catalog that keeps
its narration can meet the target on this machine.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from audio_floor import floor_commands, spoken_text  # noqa: E402  (the floor both audio benchmarks time)

SAMPLES = ("self-harm", "self-harm-and-addiction")
NARRATED = ("audio", "easy-read-audio", "epub", "easy-read-epub")
TARGET_SECONDS = 240.0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def duration(path: Path) -> float:
    """Seconds of audio in one file, as ffprobe reads it."""
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
                         capture_output=True, text=True, check=True).stdout
    return float(out.strip())


def epub_audio_seconds(epub: Path, work: Path) -> float:
    """Seconds of audio in every audio file the EPUB holds."""
    total = 0.0
    with zipfile.ZipFile(epub) as book:
        for name in book.namelist():
            if name.endswith((".mp3", ".m4a", ".mp4")):
                target = work / "epub-audio" / name.replace("/", "_")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(book.read(name))
                total += duration(target)
    return total


def narrated_minutes(out: Path, factsheet_id: str, work: Path) -> dict[str, float]:
    """Minutes of speech in each narrated format of one built factsheet."""
    folder = out / factsheet_id
    return {
        "audio": duration(folder / f"{factsheet_id}.mp3") / 60,
        "easy-read-audio": duration(folder / f"{factsheet_id}-easy-read.mp3") / 60,
        "epub": epub_audio_seconds(folder / f"{factsheet_id}.epub", work / "full") / 60,
        "easy-read-epub": epub_audio_seconds(folder / f"{factsheet_id}-easy-read.epub", work / "easy") / 60,
    }


def floor_per_minute(transcript: Path, work: Path, runs: int) -> tuple[float, float]:
    """(CPU seconds per minute of speech, minutes spoken) for espeak-ng + ffmpeg at the build's settings."""
    from builders.formats.audio import AudioOptions

    script = work / "script.txt"
    script.write_text(spoken_text(transcript), encoding="utf-8")
    commands = floor_commands(script, work, AudioOptions())
    costs = []
    for _ in range(runs):
        before = _children_cpu()
        for command in commands:
            subprocess.run(command, check=True)
        costs.append(_children_cpu() - before)
    minutes = duration(work / "floor.mp3") / 60
    return statistics.median(costs) / minutes, minutes


def main() -> int:
    """Build the samples' narrated formats, measure the floor, print the catalog's least narration cost."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=50, help="factsheets in the catalog (half of each sample)")
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3, help="floor runs; the median is used")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        out = work / "out"
        subprocess.run([sys.executable, "-m", "builders.cli", "build", *SAMPLES, "--format", ",".join(NARRATED),
                        "--out", str(out)], cwd=ROOT, check=True, capture_output=True)
        minutes = {sample: narrated_minutes(out, sample, work / sample) for sample in SAMPLES}
        per_minute, spoken = floor_per_minute(out / "self-harm" / "self-harm-transcript.txt", work, args.runs)
    copies = args.count / len(SAMPLES)
    print(f"floor: espeak-ng + ffmpeg at the build's settings, {per_minute:.3f} s of CPU per minute of speech "
          f"(median of {args.runs}, {spoken:.1f} minutes spoken)")
    print(f"{'minutes of speech':24}" + "".join(f"{name:>17}" for name in NARRATED) + f"{'total':>10}")
    for sample, by_format in minutes.items():
        print(f"{sample:24}" + "".join(f"{by_format[name]:17.1f}" for name in NARRATED)
              + f"{sum(by_format.values()):10.1f}")
    for label, names in (("every narrated format", NARRATED), ("MP3 formats only", NARRATED[:2])):
        total = copies * sum(by_format[name] for by_format in minutes.values() for name in names)
        cpu = total * per_minute
        print(f"catalog of {args.count}, {label}: {total:,.0f} minutes of speech; floor {cpu:,.0f} s of CPU, "
              f"at least {cpu / args.cores:,.0f} s on {args.cores} cores (target for everything: "
              f"{TARGET_SECONDS:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
