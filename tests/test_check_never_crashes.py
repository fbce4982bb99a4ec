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


# -- the YAML files as data: any value in any field ---------------------------------------------

import yaml  # noqa: E402

from builders.model import Link, WebAddress, address_problem, iter_inlines  # noqa: E402


YAML_FILES = ("factsheet.yaml", "references.yaml", "easy-read.yaml", "pronunciation.yaml", "../publisher.yaml")
hostile_scalars = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["javascript:alert(1)", "data:text/html,x", "https://x.org/\"><script>", "mailto:a@b.co",
                     "tel:999", "sms:85258?body=X", "../../etc/passwd", "<script>alert(1)</script>", "\x1b[2J",
                     "[x](javascript:alert(1))", "**" * 50, "@", "10.1/\"x", "", "~", "- a", "{a: b}"]),
    st.integers(), st.booleans(), st.none(), st.floats(allow_nan=True),
)
yaml_values = st.recursive(hostile_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)), max_leaves=12)


def _leaves(data: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    if isinstance(data, dict):
        return [path] + [p for k, v in data.items() for p in _leaves(v, (*path, k))]
    if isinstance(data, list):
        return [path] + [p for i, v in enumerate(data) for p in _leaves(v, (*path, i))]
    return [path]


def _replaced(data: object, path: tuple[object, ...], value: object) -> object:
    if not path:
        return value
    head, *rest = path
    copy = dict(data) if isinstance(data, dict) else list(data)  # type: ignore[call-overload]
    copy[head] = _replaced(copy[head], tuple(rest), value)  # type: ignore[index]
    return copy


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(YAML_FILES), pick=st.integers(min_value=0), value=yaml_values)
def test_any_value_in_any_yaml_field_is_checked_not_crashed_on(tmp_path: Path, name: str, pick: int,
                                                               value: object) -> None:
    """Replace one field (or list item, or the whole file) of a YAML source by any YAML value:
    the check answers with messages, and whatever it accepts holds only addresses the URL rule allows."""
    original = yaml.safe_load((SHEET / name).read_text(encoding="utf-8"))
    paths = _leaves(original)
    data = _replaced(original, paths[pick % len(paths)], value)
    source = _variant(tmp_path, name, yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))
    project, diagnostics = read_and_check(source)
    for factsheet in project.factsheets:
        easy = factsheet.easy_read
        rows = [node for page in (easy.pages if easy else ()) for item in page.items for node in iter_inlines(item.text)]
        for node in (*factsheet.inlines(), *rows):
            if isinstance(node, Link):
                assert isinstance(node.url, WebAddress) and not address_problem(node.url)
        for contact in (*factsheet.contacts, *factsheet.urgent_help.contacts):
            assert contact.website is None or not address_problem(contact.website)
        for reference in factsheet.references:
            assert reference.url is None or not address_problem(reference.url)
            assert reference.doi is None or not address_problem(reference.doi.url)
        for item in factsheet.further_reading:
            assert item.url is None or not address_problem(item.url)
    website = project.settings.organisation.website
    assert website is None or not address_problem(website)
    assert diagnostics.has_errors() or project.factsheets
