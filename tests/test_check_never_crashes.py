"""Property: whatever bytes a source holds, ``factsheet check`` answers with messages, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders.diagnostics import Diagnostics
from builders.parse import load_project
from builders.pipeline import read_and_check
from conftest import COMPLETE_SOURCE, run_cli

SHEET = COMPLETE_SOURCE / "complete-example"
FILES = ("factsheet.yaml", "body.md", "references.yaml", "easy-read.yaml", "pronunciation.yaml")


def _variant(tmp: Path, name: str, data: bytes) -> Path:
    source = tmp / "source"
    if source.exists():
        shutil.rmtree(source)
    shutil.copytree(COMPLETE_SOURCE, source)
    (source / "complete-example" / name).write_bytes(data)
    return source


yaml_like = st.text(alphabet=st.sampled_from(list("abc:- \n\t[]{}'\"#&*!|>@%`,?0129é")), max_size=300)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(FILES), data=st.one_of(st.binary(max_size=400), yaml_like.map(str.encode)))
def test_random_sources_give_messages_not_crashes(tmp_path: Path, name: str, data: bytes) -> None:
    source = _variant(tmp_path, name, data)
    project, diagnostics = read_and_check(source)  # in-process: any exception fails the test
    assert diagnostics.has_errors() or project.factsheets


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(FILES), cut=st.floats(min_value=0.0, max_value=1.0))
def test_truncated_sources_give_messages_not_crashes(tmp_path: Path, name: str, cut: float) -> None:
    original = (SHEET / name).read_bytes()
    source = _variant(tmp_path, name, original[: int(len(original) * cut)])
    diagnostics = Diagnostics()
    load_project(source, diagnostics)
    project, diagnostics = read_and_check(source)
    assert diagnostics.has_errors() or project.factsheets


def test_the_command_exits_0_or_1_on_garbage(tmp_path: Path) -> None:
    source = _variant(tmp_path, "factsheet.yaml", b"\x00\xff: [\n{")
    result = run_cli("--source", str(source), "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "factsheet.yaml:1:2: error: file is not valid UTF-8 (byte 0xff)" in result.stderr
