"""Benchmark (not a test): the audio build against the floor of the two tools alone.

For each sample factsheet it times, in a fresh child process, our whole
audio build (speech script → pyttsx3/espeak-ng → levels → ffmpeg → chapter
marks → three files), and the floor: the ``espeak-ng`` command speaking the
same script (taken from the transcript our build wrote) to one WAV at the
engine rate our pace calibration starts from, then ``ffmpeg`` encoding that
WAV with the same level chain (gain and limiter) and MP3 settings, LAME quality
included (``audio_floor.py``, shared with ``bench_side_by_side.py``).  Issue 6 asks for
ours ≤ 1.3 × the floor and peak memory under 250 MB.

Both wall-clock time and CPU time (user + system, the process and its
children) are reported: on a shared machine the wall clock is inflated by
other work, the CPU time much less.  Each figure is the best of RUNS runs.
Peak memory is the largest resident set of any one process of the build
(ours: the Python build, the speech worker, each ffmpeg).

Run: ``.venv/bin/python bench/bench_audio.py [RUNS]``
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audio_floor import floor_commands, spoken_text  # noqa: E402
from builders.common.speech.publish import VoiceOptions  # noqa: E402

TARGET = 1.3
MEMORY_LIMIT_MB = 250
SAMPLES = ("self-harm", "self-harm-and-addiction")


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def child_build(factsheet_id: str, out: str) -> None:
    """In a child process: build one factsheet's audio and print time, CPU and memory as JSON."""
    from builders.formats.audio import AudioBuilder
    from builders.build_context import BuildContext
    from builders.diagnostics import Diagnostics
    from builders.parse import load_project

    project = load_project(ROOT / "source", Diagnostics(), (factsheet_id,))
    factsheet = project.factsheets[0]
    context = BuildContext(Path(out) / factsheet_id, project.settings, Diagnostics())
    self_before = resource.getrusage(resource.RUSAGE_SELF)
    children_before = _cpu_children()
    start = time.perf_counter()
    AudioBuilder().build(factsheet, context)
    seconds = time.perf_counter() - start
    self_after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (self_after.ru_utime - self_before.ru_utime + self_after.ru_stime - self_before.ru_stime
           + _cpu_children() - children_before)
    print(json.dumps({
        "seconds": seconds, "cpu": cpu,
        "self_mb": self_after.ru_maxrss / 1024,
        "children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }))


def ours(factsheet_id: str, out: Path) -> dict[str, float]:
    """Our audio build of one factsheet, in a fresh process (as the command line would run it)."""
    done = subprocess.run([sys.executable, __file__, "--child", factsheet_id, str(out)], capture_output=True,
                          text=True, check=True, cwd=ROOT)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def floor(text_file: Path, work: Path, options: VoiceOptions) -> dict[str, float]:
    """espeak-ng speaking the whole script to WAV, then ffmpeg levelling and encoding it (``audio_floor.py``)."""
    cpu_before = _cpu_children()
    start = time.perf_counter()
    for command in floor_commands(text_file, work, options):
        subprocess.run(command, check=True)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "cpu": _cpu_children() - cpu_before,
            "children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def audio_seconds(mp3: Path) -> float:
    """The recording's length, as ffprobe reads it."""
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                          str(mp3)], capture_output=True, text=True, check=True).stdout
    return float(out.strip())


def main(runs: int) -> int:
    """Benchmark each sample and print a table; exit 1 if a target is missed."""
    from builders.formats.audio import AudioOptions

    options = AudioOptions()
    ok = True
    print(f"audio build vs espeak-ng + ffmpeg floor (best of {runs}; target ratio <= {TARGET}, "
          f"memory < {MEMORY_LIMIT_MB} MB)")
    print(f"{'sample':26} {'audio':>7} {'ours s':>7} {'floor s':>7} {'ratio':>6} {'ours cpu':>8} "
          f"{'floor cpu':>9} {'cpu ratio':>9} {'peak MB':>8}")
    for factsheet_id in SAMPLES:
        if not (ROOT / "source" / factsheet_id).exists():
            print(f"{factsheet_id:26} (not in source/ yet)")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            our_runs = [ours(factsheet_id, work / "out") for _ in range(runs)]
            folder = work / "out" / factsheet_id
            text_file = work / "script.txt"
            text_file.write_text(spoken_text(folder / f"{factsheet_id}-transcript.txt"), encoding="utf-8")
            floor_runs = [floor(text_file, work, options) for _ in range(runs)]
            length = audio_seconds(folder / f"{factsheet_id}.mp3")
        best = min(r["seconds"] for r in our_runs)
        best_cpu = min(r["cpu"] for r in our_runs)
        floor_best = min(r["seconds"] for r in floor_runs)
        floor_cpu = min(r["cpu"] for r in floor_runs)
        peak = max(max(r["self_mb"], r["children_mb"]) for r in our_runs)
        ratio, cpu_ratio = best / floor_best, best_cpu / floor_cpu
        ok = ok and ratio <= TARGET and peak < MEMORY_LIMIT_MB
        print(f"{factsheet_id:26} {length / 60:6.1f}m {best:7.2f} {floor_best:7.2f} {ratio:6.2f} {best_cpu:8.2f} "
              f"{floor_cpu:9.2f} {cpu_ratio:9.2f} {peak:8.0f}")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_build(sys.argv[2], sys.argv[3])
        sys.exit(0)
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 2))
