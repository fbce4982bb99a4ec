"""Incremental builds: only what changed rebuilds, the same bytes whatever the order, and ``--dry-run``.

Each test builds a private copy of a source into a temporary ``output/`` and
reads the manifest's verdicts and the files themselves.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from builders.build_context import BuildContext
from builders.diagnostics import Severity
from builders.formats import format_names, register
from builders.formats.base import Builder
from builders.formats.file_kinds import PLAIN_TEXT
from builders.manifest import MANIFEST_NAME
from builders.model import Factsheet
from builders.output_files import OutputFile, Role
from builders.pipeline import BuildSummary, build_formats, failing_ids, read_and_check
from builders.settings import Settings
from conftest import COMPLETE_SOURCE, SAMPLE_IDS, SAMPLES_SOURCE, run_cli

TEMPLATE = "test-template.txt"


class TemplateBuilder(Builder):
    """A test-only format whose output depends on a template file beside the factsheets."""

    name = "test-template"
    description = "test only: the factsheet title inside a template"

    def output_files(self, factsheet: Factsheet) -> tuple[OutputFile, ...]:
        return (OutputFile(f"{factsheet.id}.tmpl.txt", PLAIN_TEXT, "Test output", Role.SUPPORTING, None),)

    def inputs(self, factsheet: Factsheet, settings: Settings) -> tuple[Path, ...]:
        return (factsheet.folder.parent / TEMPLATE,)

    def build(self, factsheet: Factsheet, context: BuildContext) -> None:
        template = (factsheet.folder.parent / TEMPLATE).read_text(encoding="utf-8")
        context.write_text(self.outputs(factsheet)[0], template.replace("{title}", factsheet.metadata.title))


class CrashingBuilder(Builder):
    """A test-only format that crashes on a factsheet whose folder holds a file named CRASH."""

    name = "test-crash"
    description = "test only: crashes on request"

    def output_files(self, factsheet: Factsheet) -> tuple[OutputFile, ...]:
        return (OutputFile(f"{factsheet.id}.crash.txt", PLAIN_TEXT, "Test output", Role.SUPPORTING, None),)

    def build(self, factsheet: Factsheet, context: BuildContext) -> None:
        if (factsheet.folder / "CRASH").exists():
            raise RuntimeError("asked to crash")
        context.write_text(self.outputs(factsheet)[0], f"{factsheet.metadata.title} {factsheet.metadata.version}\n")


for _builder in (TemplateBuilder, CrashingBuilder):
    if _builder.name not in format_names():
        register(_builder.name, f"{__name__}:{_builder.__name__}")


@pytest.fixture()
def source(tmp_path: Path) -> Path:
    """A private copy of the two samples, with the test template beside them."""
    target = tmp_path / "source"
    shutil.copytree(SAMPLES_SOURCE, target)
    (target / TEMPLATE).write_text("Title: {title}\n", encoding="utf-8")
    return target


def build(source: Path, out: Path, formats: tuple[str, ...], **options: object) -> BuildSummary:
    """Build in-process; fail the test on a source error (a crashing builder is reported, not raised)."""
    project, diagnostics = read_and_check(source)
    skip = failing_ids(project, diagnostics, strict=False)
    assert not skip, [d.format() for d in diagnostics if d.severity is Severity.ERROR]
    return build_formats(project, formats, out, diagnostics, skip, **options)  # type: ignore[arg-type]


def stamps(out: Path) -> dict[str, int]:
    """Every output file's modification time in nanoseconds, by relative path."""
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()
            and not p.name.startswith(".")}


def test_nothing_changed_nothing_rebuilds(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    first = build(source, out, ("text", "test-template"))
    assert first.jobs_run == sorted(f"{i}/{f}" for i in SAMPLE_IDS for f in ("text", "test-template"))
    before = stamps(out)
    again = build(source, out, ("text", "test-template"))
    assert again.jobs_run == [] and again.built == [] and again.up_to_date == 4
    assert stamps(out) == before
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert sorted(manifest["jobs"]) == first.jobs_run


def test_editing_one_factsheet_rebuilds_only_its_outputs(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    build(source, out, ("text", "test-template"))
    other = (out / "self-harm-and-addiction" / "self-harm-and-addiction.txt").read_bytes()
    body = source / "self-harm" / "body.md"
    body.write_text(body.read_text(encoding="utf-8") + "\nA new paragraph about zebra crossings.\n", encoding="utf-8")
    summary = build(source, out, ("text", "test-template"))
    assert summary.jobs_run == ["self-harm/test-template", "self-harm/text"]
    assert "zebra crossings" in (out / "self-harm" / "self-harm.txt").read_text(encoding="utf-8")
    assert (out / "self-harm-and-addiction" / "self-harm-and-addiction.txt").read_bytes() == other


def test_editing_a_template_rebuilds_every_output_that_uses_it(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    build(source, out, ("text", "test-template"))
    (source / TEMPLATE).write_text("Factsheet: {title}\n", encoding="utf-8")
    summary = build(source, out, ("text", "test-template"))
    assert summary.jobs_run == sorted(f"{i}/test-template" for i in SAMPLE_IDS)
    assert (out / "self-harm" / "self-harm.tmpl.txt").read_text(encoding="utf-8") == "Factsheet: Self-harm\n"


def test_a_changed_setting_rebuilds_and_a_missing_output_is_rebuilt(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    build(source, out, ("text",))
    settings = source / "publisher.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "name: Example Mental Health Charity", "name: Another Charity"), encoding="utf-8")
    assert build(source, out, ("text",)).jobs_run == sorted(f"{i}/text" for i in SAMPLE_IDS)
    (out / "self-harm" / "self-harm.txt").unlink()
    assert build(source, out, ("text",)).jobs_run == ["self-harm/text"]
    assert (out / "self-harm" / "self-harm.txt").is_file()


def test_force_rebuilds_everything(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    build(source, out, ("text",))
    assert build(source, out, ("text",), force=True).jobs_run == sorted(f"{i}/text" for i in SAMPLE_IDS)


def test_dry_run_says_what_and_why_and_writes_nothing(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    build(source, out, ("text", "test-template"))
    (source / TEMPLATE).write_text("Changed: {title}\n", encoding="utf-8")
    body = source / "self-harm" / "body.md"
    body.write_text(body.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    plan = build(source, out, ("text", "test-template"), dry_run=True)
    reasons = {job.key: job.reasons for job in plan.planned}
    assert reasons == {
        "self-harm/text": (f"changed: {body}",),
        "self-harm/test-template": (f"changed: {body}", f"changed: {source / TEMPLATE}"),
        "self-harm-and-addiction/text": (),
        "self-harm-and-addiction/test-template": (f"changed: {source / TEMPLATE}",),
    }
    assert plan.jobs_run == [] and plan.built == []
    result = run_cli("--source", str(source), "build", "--out", str(out), "--format", "text", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"would build self-harm (text): changed: {body}",
                                          "1 job(s) would be built, 1 up to date"]
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_crashing_job_keeps_its_factsheets_old_outputs_and_the_others_finish(source: Path, tmp_path: Path) -> None:
    """All or nothing per factsheet (issue 11): a failed job replaces none of its factsheet's outputs."""
    out = tmp_path / "output"
    build(source, out, ("test-crash", "text"))
    old = (out / "self-harm" / "self-harm.crash.txt").read_bytes()
    old_text = (out / "self-harm" / "self-harm.txt").read_bytes()
    for factsheet_id in SAMPLE_IDS:
        yaml = source / factsheet_id / "factsheet.yaml"
        yaml.write_text(yaml.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "1.1"'), encoding="utf-8")
    (source / "self-harm" / "CRASH").write_text("", encoding="utf-8")
    summary = build(source, out, ("test-crash", "text"), jobs=2)
    assert summary.failed == ["self-harm (test-crash)"]
    assert (out / "self-harm" / "self-harm.crash.txt").read_bytes() == old
    assert (out / "self-harm-and-addiction" / "self-harm-and-addiction.crash.txt").read_text(encoding="utf-8") \
        .endswith("1.1\n")
    assert "self-harm/text" not in summary.jobs_run and "self-harm-and-addiction/text" in summary.jobs_run
    assert (out / "self-harm" / "self-harm.txt").read_bytes() == old_text  # built, but not put in place
    assert not [p for p in (out / "self-harm").iterdir() if p.name.endswith(".part")]
    assert not (out / ".staging").exists()
    (source / "self-harm" / "CRASH").unlink()
    assert build(source, out, ("test-crash", "text")).jobs_run == ["self-harm/test-crash", "self-harm/text"]


def test_parallel_and_serial_builds_write_the_same_bytes(source: Path, tmp_path: Path) -> None:
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    shutil.copytree(COMPLETE_SOURCE / "complete-example", source / "complete-example")
    formats = ("text", "pdf", "docx", "web")
    build(source, serial, formats, jobs=1)
    result = run_cli("--source", str(source), "build", "--out", str(parallel), "--format", ",".join(formats), "-j", "2")
    assert result.returncode == 0, result.stderr
    assert "12 job(s) built" in result.stdout
    files = sorted(p.relative_to(serial) for p in serial.rglob("*") if p.is_file() and not p.name.startswith("."))
    assert files == sorted(p.relative_to(parallel) for p in parallel.rglob("*")
                           if p.is_file() and not p.name.startswith("."))
    assert any(str(f).endswith(".pdf") for f in files) and any(str(f).endswith(".docx") for f in files)
    different = [str(f) for f in files if (serial / f).read_bytes() != (parallel / f).read_bytes()]
    assert different == []


REPRODUCIBLE = ("text", "pdf", "large-print", "docx", "easy-read", "web")


def test_building_twice_gives_identical_bytes(tmp_path: Path) -> None:
    """Issue 7: the same source gives byte-identical PDF and Word files (and every other format here)."""
    one, two = tmp_path / "one", tmp_path / "two"
    build(COMPLETE_SOURCE, one, REPRODUCIBLE)
    build(COMPLETE_SOURCE, two, REPRODUCIBLE, force=True)
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file() and not p.name.startswith("."))
    assert {f.suffix for f in files} >= {".txt", ".pdf", ".docx", ".html"}
    assert [str(f) for f in files if (one / f).read_bytes() != (two / f).read_bytes()] == []


def test_builder_code_is_part_of_the_record(tmp_path: Path) -> None:
    from builders.manifest import builder_version

    assert builder_version("text") != builder_version("pdf")
    assert builder_version("pdf") == builder_version("pdf")


def test_the_web_page_rebuilds_only_when_another_format_does(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    build(source, out, ("text", "web"))
    assert build(source, out, ("text", "web")).jobs_run == []
    body = source / "self-harm" / "body.md"
    body.write_text(body.read_text(encoding="utf-8") + "\nAnother paragraph.\n", encoding="utf-8")
    assert build(source, out, ("text", "web")).jobs_run == ["self-harm/text", "self-harm/web"]
    assert build(source, out, ("text", "web")).jobs_run == []


def test_unchanged_factsheets_are_not_even_read(source: Path, tmp_path: Path) -> None:
    """The no-op path: a factsheet whose recorded inputs all hash the same is skipped before parsing."""
    from builders.pipeline import fresh_factsheets

    out = tmp_path / "output"
    build(source, out, ("text", "docx"))
    assert fresh_factsheets(source, out, ("text", "docx")) == set(SAMPLE_IDS)
    assert fresh_factsheets(source, out, ("text", "pdf")) == set()  # pdf was never built
    body = source / "self-harm" / "body.md"
    body.write_text(body.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert fresh_factsheets(source, out, ("text", "docx")) == {"self-harm-and-addiction"}


def test_a_new_source_file_makes_a_factsheet_stale(source: Path, tmp_path: Path) -> None:
    from builders.pipeline import fresh_factsheets

    out = tmp_path / "output"
    build(source, out, ("text",))
    (source / "self-harm-and-addiction" / "pronunciation.yaml").write_text(
        "pronunciations:\n  NSSI: N S S I\n", encoding="utf-8"
    )
    assert fresh_factsheets(source, out, ("text",)) == {"self-harm"}


def test_a_no_op_build_through_the_command_reads_nothing_and_says_up_to_date(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    import builders.cli

    out = tmp_path / "output"
    args = ["--source", str(source), "build", "--format", "text", "--out", str(out), "-j", "1"]
    assert CliRunner().invoke(builders.cli.main, args).exit_code == 0

    def must_not_read(*_args: object) -> None:
        raise AssertionError("an up-to-date build read the sources")

    monkeypatch.setattr(builders.cli, "read_and_check", must_not_read)
    again = CliRunner().invoke(builders.cli.main, args)
    assert again.exit_code == 0, again.output
    assert "0 job(s) built" in again.output and "2 up to date" in again.output


def test_a_parallel_build_puts_each_factsheet_in_place_as_soon_as_its_files_are_made(
        source: Path, tmp_path: Path) -> None:
    """A long catalog build shows (and, if stopped, keeps) each finished factsheet, not all of them at the end."""
    shutil.copytree(COMPLETE_SOURCE / "complete-example", source / "complete-example")
    out = tmp_path / "output"
    seen_when_the_last_began: list[bool] = []

    def report(event: str, label: str) -> None:
        if event == "start" and label.startswith("self-harm-and-addiction ") and not seen_when_the_last_began:
            first = out / "complete-example"
            seen_when_the_last_began.append((first / "complete-example.txt").is_file()
                                            and (first / "index.html").is_file())

    summary = build(source, out, ("text", "web"), jobs=2, report=report)
    assert summary.failed == [] and len(summary.jobs_run) == 6
    assert seen_when_the_last_began == [True]
