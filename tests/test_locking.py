"""Nothing lost: a killed or interrupted build leaves the previous outputs intact, and one build at a time.

These tests run real builds in subprocesses and stop them mid-job, or hold
the output folder's lock while another build starts.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from builders.build_context import BuildContext
from builders.formats.base import Builder
from builders.formats.file_kinds import PLAIN_TEXT
from builders.locking import output_lock
from builders.manifest import MANIFEST_NAME
from builders.model import Factsheet
from builders.output_files import OutputFile, Role
from conftest import COMPLETE_SOURCE, ROOT, run_cli

TESTS = Path(__file__).resolve().parent
ID = "complete-example"


class SlowBuilder(Builder):
    """A test-only format: writes ``old`` normally; with SLOW_BUILD set, writes half a file and then hangs."""

    name = "test-slow"
    description = "test only: hangs mid-write on request"

    def output_files(self, factsheet: Factsheet) -> tuple[OutputFile, ...]:
        return (OutputFile(f"{factsheet.id}.slow.txt", PLAIN_TEXT, "Test output", Role.SUPPORTING, None),)

    def build(self, factsheet: Factsheet, context: BuildContext) -> None:
        signal_file = os.environ.get("SLOW_BUILD")
        with context.writing(self.outputs(factsheet)[0]) as tmp:
            if not signal_file:
                tmp.write_text("old, complete output\n", encoding="utf-8")
                return
            tmp.write_text("new but half writ", encoding="utf-8")
            Path(signal_file).write_text("started", encoding="utf-8")
            time.sleep(600)


SCRIPT = f"""
import sys
sys.path.insert(0, {str(TESTS)!r})
from builders.formats import register
register("test-slow", "test_locking:SlowBuilder")
from builders.cli import main
main(sys.argv[1:])
"""


def start_build(source: Path, out: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """``factsheet build`` (with the test-only slow format registered) in a subprocess."""
    return subprocess.Popen(
        [sys.executable, "-c", SCRIPT, "--source", str(source), "build", "--out", str(out), *args],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})},
        start_new_session=True,  # its own process group, as a terminal's Ctrl-C or a kill of the job reaches
    )


def wait_for(path: Path, process: subprocess.Popen[str]) -> None:
    """Wait until the build has written ``path`` (it is then mid-job), or fail if it ended first."""
    while not path.exists():
        if process.poll() is not None:
            pytest.fail(f"the build ended before starting the slow job:\n{process.communicate()}")
        time.sleep(0.05)


@pytest.fixture()
def source(tmp_path: Path) -> Path:
    """A private copy of the complete fixture."""
    shutil.copytree(COMPLETE_SOURCE, tmp_path / "source")
    return tmp_path / "source"


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGINT])
def test_a_build_stopped_mid_job_leaves_the_old_output_intact(source: Path, tmp_path: Path, stop: int) -> None:
    out, started = tmp_path / "output", tmp_path / "started"
    first = start_build(source, out, "--format", "test-slow,text", "-j", "1")
    assert first.wait(timeout=300) == 0, first.communicate()
    target = out / ID / f"{ID}.slow.txt"
    assert target.read_text(encoding="utf-8") == "old, complete output\n"

    build = start_build(source, out, "--format", "test-slow", "--force", "-j", "2", env={"SLOW_BUILD": str(started)})
    wait_for(started, build)
    os.killpg(build.pid, stop)  # the whole build: the command and its worker processes
    _, stderr = build.communicate(timeout=300)

    assert target.read_text(encoding="utf-8") == "old, complete output\n"
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))  # whole, never half-written
    # The new file was only staged: the old output and its record still agree, so both stay.
    assert f"{ID}/test-slow" in manifest["jobs"] and f"{ID}/text" in manifest["jobs"]
    assert not (out / ".staging" / ID / f"{ID}.slow.txt").is_file() or stop == signal.SIGKILL
    if stop == signal.SIGINT:
        assert build.returncode == 130
        assert f"failed {ID} (test-slow) (interrupted)" in stderr
        assert not list((out / ID).glob(".*.part"))
    else:
        assert build.returncode == -signal.SIGKILL

    again = start_build(source, out, "--format", "test-slow,text", "-j", "1")
    stdout, stderr = again.communicate(timeout=300)
    assert again.returncode == 0, stderr
    assert "0 job(s) built" in stdout and "2 up to date" in stdout
    assert target.read_text(encoding="utf-8") == "old, complete output\n"
    assert not list((out / ID).glob(".*.part"))


def test_a_second_build_refuses_with_no_wait_while_one_holds_the_lock(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    with output_lock(out):
        result = run_cli("--source", str(source), "build", "--out", str(out), "--format", "text", "--no-wait")
    assert result.returncode == 1
    assert f"another build (process {os.getpid()}) is writing to {out}" in result.stderr
    assert not (out / ID).exists()


def test_a_second_build_waits_for_the_first_then_builds(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    with output_lock(out):
        second = start_build(source, out, "--format", "text")
        assert second.stderr is not None
        line = second.stderr.readline()
        assert "waiting for it to finish" in line
        assert second.poll() is None and not (out / ID).exists()
    stdout, stderr = second.communicate(timeout=300)
    assert second.returncode == 0, stderr
    assert (out / ID / f"{ID}.txt").is_file()
    assert "1 job(s) built" in stdout
