"""Benchmark: the narrated EPUB against building the MP3 and the web page separately.

    .venv/bin/python bench/bench_epub.py [--repeat 1]

The EPUB holds the web page's text and a narration of it, so a charity that
wants both would otherwise build the audio and the web page.  Each is built
alone with the real ``factsheet build`` command (``-j 1``, into a fresh
folder) for the two samples; the report gives wall and CPU time, and the
EPUB's cost against the sum of the other two (the target: less), the
easy-read EPUB's own cost, and the load average (CPU time is the figure to
trust on a shared machine).  The catalog benchmark (``bench_catalog.py``)
times the EPUB formats per factsheet with every other format, from the
registry.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "source"
COMPARED = ("audio", "web", "epub")
"""The EPUB, and the two formats it would otherwise take."""
ALSO = ("easy-read-epub",)
"""Timed too, for the catalog's figures (the easy-read EPUB against the easy-read audio is not compared)."""


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(name: str, out: Path) -> tuple[float, float]:
    """Build one format of both samples into ``out``: (wall seconds, CPU seconds of every child process)."""
    cpu = _cpu()
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "builders.cli", "--source", str(SAMPLES), "build", "--out", str(out),
                           "--format", name, "-j", "1", "--force"], cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"build of {name} failed:\n{done.stderr[-3000:]}")
    return wall, _cpu() - cpu


def main() -> None:
    """Time each format (best of ``--repeat``) and print a Markdown report."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=1, help="builds of each format; the fastest counts")
    args = parser.parse_args()
    times: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-epub-") as folder:
        for name in (*COMPARED, *ALSO):
            runs = [build(name, Path(folder) / f"{name}-{n}") for n in range(args.repeat)]
            times[name] = min(runs)  # the fastest run by wall time, and its CPU time
    print("# The narrated EPUB against the MP3 and the web page (both samples, -j 1)\n")
    print("| format | wall (s) | CPU (s) |\n|---|---|---|")
    for name in COMPARED:
        print(f"| {name} | {times[name][0]:.1f} | {times[name][1]:.1f} |")
    separate = tuple(sum(times[n][i] for n in ("audio", "web")) for i in (0, 1))
    print(f"| audio + web | {separate[0]:.1f} | {separate[1]:.1f} |")
    verdict = "less" if times["epub"][0] < separate[0] and times["epub"][1] < separate[1] else "NOT less"
    print(f"\nThe EPUB costs {times['epub'][0] / separate[0]:.0%} of the wall time and "
          f"{times['epub'][1] / separate[1]:.0%} of the CPU time of the MP3 and the web page built separately: "
          f"{verdict}.")
    for name in ALSO:
        print(f"\n{name}: {times[name][0]:.1f} s wall, {times[name][1]:.1f} s CPU.")
    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"\nLoad average at the end (1, 5, 15 min): {load}.")


if __name__ == "__main__":
    main()
