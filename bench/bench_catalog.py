"""Benchmark: build a generated catalog of 50 factsheets (variants of the two samples).

    .venv/bin/python bench/bench_catalog.py [--count 50] [--formats a,b] [--no-per-format]

Prints the time per factsheet for each format (built one format at a time,
-j 1), the full build with -j 1 and -j 2 (wall and CPU time), a no-op
rebuild, a rebuild after editing one paragraph of one factsheet, and peak
memory.  Every build is the real ``factsheet build`` command in a subprocess.
The formats are every format the registry has (``factsheet formats``), audio
included, unless ``--formats`` names some.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "source"
COUNT = 50
sys.path.insert(0, str(ROOT))
from builders.formats import format_names  # noqa: E402

FORMATS = format_names()


def make_catalog(target: Path, count: int = COUNT) -> list[str]:
    """Write ``count`` factsheets into ``target``, alternating the samples, each with its own id and title."""
    target.mkdir(parents=True)
    shutil.copyfile(SAMPLES / "publisher.yaml", target / "publisher.yaml")
    samples = sorted(p.parent for p in SAMPLES.glob("*/factsheet.yaml"))
    ids = []
    for n in range(1, count + 1):
        sample = samples[n % len(samples)]
        new_id = f"{sample.name}-{n:02d}"
        shutil.copytree(sample, target / new_id)
        yaml = target / new_id / "factsheet.yaml"
        text = yaml.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^id: .*$", f"id: {new_id}", text, count=1)
        text = re.sub(r"(?m)^title: (.*)$", rf"title: \1 ({n})", text, count=1)
        yaml.write_text(text, encoding="utf-8")
        ids.append(new_id)
    return ids


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(source: Path, out: Path, *args: str) -> tuple[float, str]:
    """Run ``factsheet build``; the wall time and the last line it printed (CPU time in :data:`LAST_CPU`)."""
    global LAST_CPU
    cpu = _cpu()
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "builders.cli", "--source", str(source), "build", "--out", str(out),
                             *args], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    LAST_CPU = _cpu() - cpu
    if result.returncode != 0:
        sys.exit(f"build failed: {' '.join(args)}\n{result.stderr[-3000:]}")
    return seconds, result.stdout.strip().splitlines()[-1]


LAST_CPU = 0.0


def main() -> None:
    """Run every measurement and print a Markdown report."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=COUNT, help="factsheets in the generated catalog")
    parser.add_argument("--formats", default=",".join(FORMATS), help="formats to build (default: all)")
    parser.add_argument("--no-per-format", action="store_true", help="skip the one-format-at-a-time builds")
    args = parser.parse_args()
    chosen = tuple(f for f in args.formats.split(",") if f)
    count = args.count
    with tempfile.TemporaryDirectory(prefix="bench-catalog-") as tmp:
        source, base = Path(tmp) / "source", Path(tmp)
        ids = make_catalog(source, count)
        print(f"# Catalog benchmark: {count} factsheets, formats {', '.join(chosen)}; {os.cpu_count()} cores; "
              f"load average {os.getloadavg()[0]:.1f}\n")
        if not args.no_per_format:
            print("| format | time per factsheet (s), -j 1 |\n|---|---|")
            for name in chosen:
                seconds, _ = build(source, base / "per-format", "--format", name, "-j", "1")
                print(f"| {name} | {seconds / count:.3f} |", flush=True)
            print()
        formats = ",".join(chosen)
        one, line_one = build(source, base / "j1", "--format", formats, "-j", "1")
        print(f"- full build, -j 1: {one:.1f} s wall, {LAST_CPU:.1f} s CPU ({line_one})", flush=True)
        two, line_two = build(source, base / "j2", "--format", formats, "-j", "2")
        print(f"- full build, -j 2: {two:.1f} s wall, {LAST_CPU:.1f} s CPU ({line_two})", flush=True)
        noop, line_noop = build(source, base / "j2", "--format", formats, "-j", "2")
        print(f"- no-op rebuild: {noop:.2f} s wall, command included ({line_noop})", flush=True)
        body = source / ids[0] / "body.md"
        text = body.read_text(encoding="utf-8")
        body.write_text(text.replace("\n\n", "\n\nAn edited paragraph for the benchmark.\n\n", 1), encoding="utf-8")
        edit, line_edit = build(source, base / "j2", "--format", formats, "-j", "2")
        print(f"- rebuild after editing one paragraph of {ids[0]}: {edit:.1f} s ({line_edit})")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"- peak memory of the largest build process: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
