"""Benchmark (not a test): whole commands, ours beside the tool a charity would otherwise use.

    .venv/bin/python bench/bench_side_by_side.py [--runs 7] [--factsheet self-harm]
        [--only check,docx,pdf,audio] [--before DIR]

Every figure is a whole process, start to finish, as a member of staff runs
it: Python start-up, reading and checking the source, building, writing.

- check: ``factsheet check ID`` (target: under 0.2 s);
- docx:  ``factsheet build ID --format docx --force`` beside
  ``pandoc --citeproc --bibliography references.yaml body.md -o x.docx``;
- pdf:   ``factsheet build ID --format pdf --force`` beside the same Pandoc
  command writing a PDF through WeasyPrint as PDF/UA-1
  (``--pdf-engine=weasyprint --pdf-engine-opt=--pdf-variant=pdf/ua-1``);
- audio: ``factsheet build ID --format audio --force`` beside ``espeak-ng``
  speaking the same words (from our transcript) to a WAV file at the engine
  setting our build starts from, and ``ffmpeg`` encoding it with the same level
  chain (gain, limiter) and MP3 settings, LAME quality included: the floor of
  ``bench_audio.py`` (``audio_floor.py``) (target: CPU within 1.3 times).

Pandoc sees only ``body.md``; ours also writes the urgent help, key points,
contacts, formatted references and footer, so ours does more work.

The contenders take turns in each round (the order rotating from round to
round), so a burst of load elsewhere slows them alike; the table gives the
median wall time and the median CPU time (user + system, children included)
of ``--runs`` rounds.  ``--before DIR`` adds a column for another copy of the
project (an older commit unpacked into DIR), run with DIR's own ``.venv`` if it
has one (so a change of interpreter is measured too), else with this Python.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
TASKS = ("check", "docx", "pdf", "audio")


@dataclass
class Contender:
    """One command to time, and its timings so far."""

    label: str
    commands: list[list[str]]
    """Run one after the other (espeak-ng, then ffmpeg) as one measurement."""
    cwd: Path
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)

    def run(self, env: dict[str, str]) -> None:
        """Run the commands once; record wall and CPU time; stop the benchmark if one fails."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        for command in self.commands:
            result = subprocess.run(command, cwd=self.cwd, env=env, capture_output=True, text=True)
            if result.returncode not in (0,):
                sys.exit(f"{self.label}: {' '.join(command)} failed ({result.returncode}):\n{result.stderr[-2000:]}")
        self.walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)

    @property
    def wall(self) -> float:
        """Median wall time, seconds."""
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        """Median CPU time, seconds."""
        return statistics.median(self.cpus)


def python_of(root: Path) -> str:
    """The Python of the copy of the project in ``root``: its own environment's (as its ``make`` made it), else ours."""
    own = root / ".venv" / "bin" / "python"
    return str(own) if own.exists() else sys.executable


def ours(root: Path, source: Path, out: Path, *args: str) -> list[str]:
    """The ``factsheet`` command of the copy of the project in ``root``, run by that copy's own Python."""
    return [python_of(root), "-m", "builders.cli", "--source", str(source), *args] + (
        ["--out", str(out), "--force"] if args[0] == "build" else [])


def pandoc(folder: Path, target: Path, *extra: str) -> list[str]:
    """Pandoc turning the factsheet's body and references into ``target``."""
    return ["pandoc", "--citeproc", "--bibliography", str(folder / "references.yaml"), str(folder / "body.md"),
            "-o", str(target), *extra]


def audio_floor(factsheet_id: str, work: Path) -> list[list[str]]:
    """espeak-ng and ffmpeg alone, speaking the words of our transcript at our settings (``audio_floor.py``)."""
    sys.path.insert(0, str(BENCH))
    sys.path.insert(0, str(ROOT))
    from audio_floor import floor_commands, spoken_text  # the same floor bench_audio.py times

    from builders.formats.audio import AudioOptions

    built = work / "transcript-source"
    subprocess.run([sys.executable, "-m", "builders.cli", "build", factsheet_id, "--format", "audio",
                    "--out", str(built)], cwd=ROOT, check=True, capture_output=True)
    script = work / "script.txt"
    script.write_text(spoken_text(built / factsheet_id / f"{factsheet_id}-transcript.txt"), encoding="utf-8")
    return floor_commands(script, work, AudioOptions())


def contenders(task: str, factsheet_id: str, before: Path | None, work: Path) -> list[Contender]:
    """Ours (and ours before, if asked), then the other tool, for one task."""
    copies = [("ours", ROOT)] + ([("ours before", before)] if before else [])
    folder = ROOT / "source" / factsheet_id
    if task == "check":
        return [Contender(label, [ours(root, root / "source", work, "check", factsheet_id)], root)
                for label, root in copies]
    mine = [Contender(label, [ours(root, root / "source", work / f"{task}-{n}", "build", factsheet_id,
                                   "--format", task)], root) for n, (label, root) in enumerate(copies)]
    if task == "docx":
        other = Contender("pandoc", [pandoc(folder, work / "pandoc.docx")], work)
    elif task == "pdf":
        other = Contender("pandoc + weasyprint", [pandoc(folder, work / "pandoc.pdf", "--pdf-engine=weasyprint",
                                                         "--pdf-engine-opt=--pdf-variant=pdf/ua-1")], work)
    else:
        other = Contender("espeak-ng + ffmpeg", audio_floor(factsheet_id, work), work)
    return [*mine, other]


def main() -> None:
    """Time every task and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="rounds; medians are reported")
    parser.add_argument("--factsheet", default="self-harm")
    parser.add_argument("--only", default=",".join(TASKS), help="tasks, from: " + ", ".join(TASKS))
    parser.add_argument("--before", type=Path, help="another copy of the project to time beside this one")
    args = parser.parse_args()
    for tool in ("pandoc", "espeak-ng", "ffmpeg"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not installed (see the Makefile's DEBIAN_PACKAGES)")
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    tasks = [t.strip() for t in args.only.split(",") if t.strip()]
    load = os.getloadavg()[0]
    print(f"Median of {args.runs} interleaved rounds; {os.cpu_count()} cores; load average at start {load:.1f}\n")
    header = "| task | ours | " + ("ours before | " if args.before else "") + "other tool | ours ÷ other |"
    print(header + "\n|" + "---|" * (header.count("|") - 1))
    with tempfile.TemporaryDirectory(prefix="bench-side-") as tmp:
        for task in tasks:
            work = Path(tmp) / task
            work.mkdir()
            group = contenders(task, args.factsheet, args.before, work)
            for contender in group:  # warm up: caches, fonts, the syllable index
                contender.run(env)
                contender.walls.clear()
                contender.cpus.clear()
            for round_number in range(args.runs):
                shift = round_number % len(group)
                for contender in group[shift:] + group[:shift]:
                    contender.run(env)
            mine = group[0]
            cells = [f"{c.wall:.2f} s wall, {c.cpu:.2f} s CPU" for c in group if c.label.startswith("ours")]
            if task == "check":
                print(f"| check {args.factsheet} | " + " | ".join(cells) + " | (none) | |", flush=True)
                continue
            other = group[-1]
            print(f"| {task} | " + " | ".join(cells) + f" | {other.label}: {other.wall:.2f} s wall, "
                  f"{other.cpu:.2f} s CPU | {mine.wall / other.wall:.2f} wall, {mine.cpu / other.cpu:.2f} CPU |",
                  flush=True)
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
