"""Run every ``bench/bench_*.py`` in turn (``make bench``); stop at the first that fails."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def main() -> int:
    """Each benchmark in name order, its report on standard output."""
    for script in sorted(BENCH.glob("bench_*.py")):
        print(f"\n## {script.name}\n", flush=True)
        status = subprocess.run([sys.executable, str(script)], cwd=BENCH.parent).returncode
        if status:
            print(f"{script.name} failed with status {status}", file=sys.stderr)
            return status
    return 0


if __name__ == "__main__":
    sys.exit(main())
