"""Benchmark: build a generated catalog of 50 factsheets (variants of the two samples).

    .venv/bin/python bench/bench_catalog.py [--count 50] [--formats a,b] [--no-per-format] [--jobs 1,2]
        [--project DIR]

Prints the time per factsheet for each format (built one format at a time,
-j 1), the full build with -j 1 and -j 2 (wall and CPU time), a no-op
rebuild, a rebuild after editing one paragraph of one factsheet (and whether
only that factsheet's jobs ran), and peak memory.  Every build is the real ``factsheet build`` command in a subprocess.
The formats are every format the registry has (``factsheet formats``), audio
included, unless ``--formats`` names some.  ``--project DIR`` times another
copy of the project (an older commit unpacked into DIR) with the same Python
and the same generated catalog.
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
PROJECT = ROOT
"""The copy of the project whose ``factsheet`` command is timed (``--project``)."""
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
    """Run ``factsheet build``; the wall time and the last line it printed (CPU time in :data:`LAST_CPU`,
    everything it printed in :data:`LAST_STDOUT`)."""
    global LAST_CPU, LAST_STDOUT
    cpu = _cpu()
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "builders.cli", "--source", str(source), "build", "--out", str(out),
                             *args], cwd=PROJECT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    LAST_CPU = _cpu() - cpu
    LAST_STDOUT = result.stdout
    if result.returncode != 0:
        sys.exit(f"build failed: {' '.join(args)}\n{result.stderr[-3000:]}")
    return seconds, result.stdout.strip().splitlines()[-1]


LAST_CPU = 0.0
LAST_STDOUT = ""


def main() -> None:
    """Run every measurement and print a Markdown report."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=COUNT, help="factsheets in the generated catalog")
    parser.add_argument("--formats", default=",".join(FORMATS), help="formats to build (default: all)")
    parser.add_argument("--no-per-format", action="store_true", help="skip the one-format-at-a-time builds")
    parser.add_argument("--jobs", default="1,2", help="the -j values of the full builds (the last one is also used "
                                                       "for the no-op and the edit)")
    parser.add_argument("--project", type=Path, default=ROOT, help="the copy of the project to time")
    args = parser.parse_args()
    global PROJECT
    PROJECT = args.project.resolve()
    parallel = [int(j) for j in args.jobs.split(",") if j]
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
        out = base / "out"
        for jobs in parallel:
            shutil.rmtree(out, ignore_errors=True)
            seconds, line = build(source, out, "--format", formats, "-j", str(jobs))
            print(f"- full build, -j {jobs}: {seconds:.1f} s wall, {LAST_CPU:.1f} s CPU ({line})", flush=True)
        last = str(parallel[-1])
        noop, line_noop = build(source, out, "--format", formats, "-j", last)
        print(f"- no-op rebuild, -j {last}: {noop:.2f} s wall, {LAST_CPU:.2f} s CPU, command included ({line_noop})",
              flush=True)
        body = source / ids[0] / "body.md"
        text = body.read_text(encoding="utf-8")
        body.write_text(text.replace("\n\n", "\n\nAn edited paragraph for the benchmark.\n\n", 1), encoding="utf-8")
        edit, line_edit = build(source, out, "--format", formats, "-j", last)
        rebuilt = sorted(set(re.findall(r"^built .*?/([^/]+)/[^/]+$", LAST_STDOUT, flags=re.MULTILINE)) - {out.name})
        print(f"- rebuild after editing one paragraph of {ids[0]}, -j {last}: {edit:.1f} s wall, {LAST_CPU:.1f} s CPU "
              f"({line_edit}); factsheets whose files were rebuilt: {', '.join(rebuilt) or 'none'}"
              f"{' (only the edited one)' if rebuilt == [ids[0]] else ''}")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"- peak memory of the largest build process: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
