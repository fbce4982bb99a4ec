"""How long the Word copy takes to build, beside Pandoc writing a .docx from the same Markdown body (issue 5).

    .venv/bin/python bench/bench_docx.py [--repeat 5] [--source source]

A benchmark, not a test: it prints a table and asserts nothing.  For each
factsheet it reports the median of several runs of

- ours, in process: the model → .docx bytes → file (what a build does per factsheet);
- ours, whole command: ``factsheet build ID --format docx`` as staff run it
  (Python start-up, reading and checking the source, then building);
- Pandoc: ``pandoc body.md -o x.docx`` (its process start-up included).

Pandoc sees only ``body.md``; ours also writes the urgent help, key points,
contacts, formatted references and footer, so ours does more work.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from builders.build_context import BuildContext  # noqa: E402
from builders.formats.docx import WordBuilder  # noqa: E402
from builders.pipeline import read_and_check  # noqa: E402


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    """The median wall time of ``repeat`` runs, after one warm-up run."""
    action()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print one row per factsheet: our times and Pandoc's."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (median reported)")
    parser.add_argument("--source", type=Path, default=ROOT / "source", help="the source folder")
    args = parser.parse_args()
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        sys.exit("pandoc is not installed (Debian package 'pandoc')")
    version = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    project, _ = read_and_check(args.source)
    builder = WordBuilder()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for factsheet in project.factsheets:
            context = BuildContext(out / "ours" / factsheet.id, project.settings)
            ours = median_seconds(lambda: builder.build(factsheet, context), args.repeat)
            runs = iter(range(args.repeat + 1))

            def whole_command() -> None:
                """A fresh output folder each run, so the command never finds the .docx up to date."""
                command = [sys.executable, "-m", "builders.cli", "--source", str(args.source), "build",
                           factsheet.id, "--format", "docx", "--out", str(out / f"cli-{next(runs)}")]
                subprocess.run(command, cwd=ROOT, capture_output=True, check=True)

            whole = median_seconds(whole_command, args.repeat)
            body = factsheet.folder / "body.md"
            target = out / f"{factsheet.id}-pandoc.docx"
            theirs = median_seconds(
                lambda: subprocess.run([pandoc, str(body), "-o", str(target)], capture_output=True, check=True),
                args.repeat,
            )
            size = (context.path(builder.outputs(factsheet)[0])).stat().st_size
            rows.append((factsheet.id, ours, whole, theirs, size, target.stat().st_size))
    print(f"Median of {args.repeat} runs; {version}\n")
    header = ("factsheet", "ours in-process", "ours whole command", "pandoc body.md", "ours ÷ pandoc", "sizes (KB)")
    print(" | ".join(header))
    print(" | ".join("-" * len(h) for h in header))
    for name, ours, whole, theirs, size, their_size in rows:
        print(f"{name} | {ours * 1000:.0f} ms | {whole * 1000:.0f} ms | {theirs * 1000:.0f} ms | "
              f"{ours / theirs:.2f} | {size / 1024:.0f} / {their_size / 1024:.0f}")


if __name__ == "__main__":
    main()
