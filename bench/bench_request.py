"""Benchmark (not a test): a personal large-print PDF on request, as staff wait for it.

Times the whole ``factsheet request ID --preset large-print-24 --out DIR``
command from the shell (Python start-up, reading and checking the source,
the settings gate, WeasyPrint, the page-1 check, the log line) for each
sample factsheet and each large-print preset.  Issue 19's target: under 5 s
on this machine.  Each figure is the best and the median of several runs, in
a throw-away working folder (its own ``requests/log.csv``).

Run: ``.venv/bin/python bench/bench_request.py [RUNS]``
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 5.0
"""Issue 19: a personal large-print PDF in under 5 seconds."""
SAMPLES = ("self-harm", "self-harm-and-addiction")
PRESETS = ("large-print-24", "large-print-28")


def time_request(factsheet_id: str, preset: str, workdir: Path, run: int) -> float:
    """Wall-clock seconds of one ``factsheet request`` command; raises if it fails."""
    command = [sys.executable, "-m", "builders.cli", "--source", str(ROOT / "source"), "request", factsheet_id,
               "--preset", preset, "--out", str(workdir / f"{factsheet_id}-{preset}-{run}")]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=workdir, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode:
        raise RuntimeError(result.stderr)
    return elapsed


def main(runs: int = 3) -> int:
    """One row per sample and preset; exit 1 when the median is over the target."""
    print(f"| factsheet | preset | best (s) | median (s) | target < {TARGET_SECONDS:g} s |")
    print("|---|---|---|---|---|")
    over = False
    with tempfile.TemporaryDirectory() as tmp:
        for factsheet_id in SAMPLES:
            for preset in PRESETS:
                times = [time_request(factsheet_id, preset, Path(tmp), run) for run in range(runs)]
                median = statistics.median(times)
                over |= median >= TARGET_SECONDS
                print(f"| {factsheet_id} | {preset} | {min(times):.2f} | {median:.2f} | "
                      f"{'met' if median < TARGET_SECONDS else 'NOT MET'} |", flush=True)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 3))
