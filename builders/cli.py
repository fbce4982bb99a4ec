"""The ``factsheet`` command: check, build and manage a charity's factsheets.

Every sub-command reads the same source folder (``--source``, default
``source``).  Problems in a source are printed as ``path:line:col: error:
message`` with a hint; the exit status is 1 when anything is wrong.
"""

from __future__ import annotations

import os
import shlex
import sys
from datetime import date
from pathlib import Path

import click

from builders.common.dates import long_date
from builders.diagnostics import Diagnostics, Severity, SourceError, printable
from builders.model import Factsheet, id_problem
from builders.parse import Project, factsheet_folders
from builders.read_check import read_and_check
from builders.settings import Settings
from builders.shards import Shard, parse_shard

# Commands import the build machinery (builders.pipeline, builders.formats) where they use it,
# so that 'factsheet check' starts quickly.


def _echo(message: str = "", err: bool = False) -> None:
    """Print a line with any control characters from the source made visible (never run by the terminal)."""
    click.echo(printable(message), err=err)


def _report(diagnostics: Diagnostics) -> None:
    """Print every diagnostic to standard error, then a one-line count."""
    for diagnostic in diagnostics:
        _echo(diagnostic.format(), err=True)
    errors, warnings = diagnostics.count(Severity.ERROR), diagnostics.count(Severity.WARNING)
    if errors or warnings:
        _echo(f"{errors} error(s), {warnings} warning(s)", err=True)


def _report_errors(diagnostics: Diagnostics) -> None:
    """Print only the errors (for commands whose job is not checking, such as list and status)."""
    for diagnostic in diagnostics:
        if diagnostic.severity is Severity.ERROR:
            _echo(diagnostic.format(), err=True)


def _load_one(source_dir: Path, factsheet_id: str) -> Factsheet:
    """Read and check one factsheet, or report why it cannot be read and exit 1."""
    project, diagnostics = read_and_check(source_dir, (factsheet_id,))
    factsheet = project.get(factsheet_id)
    if factsheet is None:
        _report(diagnostics)
        _echo(f"error: no factsheet '{factsheet_id}' in {source_dir}", err=True)
        sys.exit(1)
    return factsheet


def _today(value: str | None) -> date:
    return date.fromisoformat(value) if value else date.today()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--source", "source_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("source"),
    show_default=True, help="Folder holding one sub-folder per factsheet, and publisher.yaml.",
)
@click.version_option(package_name="factsheet-publisher", prog_name="factsheet")
@click.pass_context
def main(ctx: click.Context, source_dir: Path) -> None:
    """Write each factsheet once; build the PDF, large print, easy read, Word, audio and web copies.

    \b
    Typical use:
      factsheet check               find problems in every factsheet
      factsheet build               build every format of every factsheet into output/
      factsheet build self-harm --format pdf,docx
      factsheet list                versions and review dates
    """
    ctx.obj = source_dir


@main.command()
@click.argument("ids", nargs=-1)
@click.option("--strict", is_flag=True, help="Treat warnings as errors (use before publishing).")
@click.pass_obj
def check(source_dir: Path, ids: tuple[str, ...], strict: bool) -> None:
    """Check factsheets (all, or the IDS given) and report every problem at once.

    Exits 1 if there is any error, or any warning with --strict.
    """
    project, diagnostics = read_and_check(source_dir, ids)
    _report(diagnostics)
    if not project.factsheets and not len(diagnostics):
        _echo(f"no factsheets found in {source_dir}", err=True)
        sys.exit(1)
    if diagnostics.has_errors(strict):
        sys.exit(1)
    _echo(f"checked {len(project.factsheets)} factsheet(s): no problems")


def _shard_option(ctx: click.Context, param: click.Parameter, value: str | None) -> Shard | None:
    if value is None:
        return None
    try:
        return parse_shard(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _parse_formats(value: str | None) -> tuple[str, ...]:
    from builders.formats import format_names

    if not value:
        return format_names()
    chosen = tuple(name.strip() for name in value.split(",") if name.strip())
    unknown = [name for name in chosen if name not in format_names()]
    if unknown:
        raise click.BadParameter(
            f"unknown format {', '.join(unknown)}; choose from {', '.join(format_names())}", param_hint="--format"
        )
    return chosen


@main.command()
@click.argument("ids", nargs=-1)
@click.option("--format", "formats", metavar="NAME,...", help="Formats to build (default: all; see 'factsheet formats').")
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("output"), show_default=True,
    help="Where to write: one folder per factsheet.",
)
@click.option("--strict", is_flag=True, help="Refuse to build a factsheet that has warnings.")
@click.option("--debug", is_flag=True, help="Print the traceback when a builder fails (for bug reports).")
@click.option("--force", is_flag=True, help="Rebuild everything, even outputs that are up to date.")
@click.option("--dry-run", is_flag=True, help="Only list what would be rebuilt, and why.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Build N jobs at once (default: the number of cores).")
@click.option("--no-wait", is_flag=True, help="If another build is writing to OUT, stop instead of waiting.")
@click.option("--shard", metavar="K/N", callback=_shard_option,
              help="Build only shard K of N: a stable share of the factsheets, for N machines "
                   "(then 'factsheet catalog'; see docs/scaling.md).")
@click.pass_obj
def build(
    source_dir: Path, ids: tuple[str, ...], formats: str | None, out_dir: Path, strict: bool, debug: bool,
    force: bool, dry_run: bool, jobs: int | None, no_wait: bool, shard: Shard | None,
) -> None:
    """Check, then build factsheets (all, or the IDS given) into OUT/ID/.

    Only outputs whose sources, templates, settings or builder changed are rebuilt.
    A factsheet with errors is not built, and its previous outputs are left as they were.
    """
    from builders.commands.build_report import print_dry_run, print_summary, progress_reporter
    from builders.locking import OutputProblem
    from builders.pipeline import BuildSummary, build_formats, failing_ids, fresh_factsheets

    chosen = _parse_formats(formats)
    if shard is not None:
        ids = tuple(i for i in ids or tuple(f.name for f in factsheet_folders(source_dir)) if shard.holds(i))
        if not ids:
            _echo(f"no factsheets in shard {shard}: nothing to build")
            return
    fresh = set() if force or dry_run else fresh_factsheets(source_dir, out_dir, chosen, ids)
    wanted = ids or tuple(folder.name for folder in factsheet_folders(source_dir))
    stale = tuple(i for i in wanted if i not in fresh)
    if stale or not fresh:
        project, diagnostics = read_and_check(source_dir, stale if fresh or ids else ())
    else:  # everything is up to date: nothing needs to be read
        project, diagnostics = Project(source_dir, Settings(), ()), Diagnostics()
    skip = failing_ids(project, diagnostics, strict)
    try:
        if fresh and not project.factsheets:  # all up to date: nothing to lock, plan or import
            summary = BuildSummary()
        else:
            with progress_reporter(enabled=not dry_run and sys.stderr.isatty()) as report:
                summary = build_formats(
                    project, chosen, out_dir, diagnostics, skip, debug, force=force, dry_run=dry_run,
                    jobs=jobs or os.cpu_count() or 1, wait_for_lock=not no_wait, report=report,
                    assemble=shard is None,
                )
    except OutputProblem as exc:
        _echo(f"error: {exc}", err=True)
        sys.exit(1)
    _report(diagnostics)
    summary.up_to_date += sum(1 for i in fresh for name in chosen)
    if dry_run:
        print_dry_run(summary)
    else:
        print_summary(summary, len(skip))
    if summary.interrupted:
        sys.exit(130)
    if skip or summary.failed or diagnostics.has_errors(strict) or (ids and not project.factsheets and not fresh):
        sys.exit(1)


@main.command()
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("output"), show_default=True,
    help="The folder every shard's factsheets were built into.",
)
@click.pass_obj
def catalog(source_dir: Path, out_dir: Path) -> None:
    """Write what spans every factsheet (the catalog page) from the files already built in OUT.

    After 'factsheet build --shard K/N' on N machines, put their OUT folders
    together and run this once.  It reads publisher.yaml and the built files
    only, never the factsheets' sources, so it is quick.
    """
    from builders.formats import assembling_formats, get_builder
    from builders.locking import OutputProblem, output_lock
    from builders.parse.publisher import load_settings

    diagnostics = Diagnostics()
    settings = load_settings(source_dir, diagnostics)
    if diagnostics.has_errors():
        _report(diagnostics)
        sys.exit(1)
    if not out_dir.is_dir():
        _echo(f"error: {out_dir} is not a folder: build the factsheets into it first", err=True)
        sys.exit(1)
    try:
        with output_lock(out_dir, wait=True):
            for name in assembling_formats():
                get_builder(name).finish((), out_dir, settings)
    except OutputProblem as exc:
        _echo(f"error: {exc}", err=True)
        sys.exit(1)
    _echo(f"assembled {', '.join(assembling_formats())} from the factsheets built in {out_dir}")


@main.command(name="list")
@click.option("--today", metavar="YYYY-MM-DD", help="Pretend today is this date (for planning reviews).")
@click.pass_obj
def list_(source_dir: Path, today: str | None) -> None:
    """List every factsheet with its version, last update and next review."""
    project, diagnostics = read_and_check(source_dir)
    now = _today(today)
    rows = [("ID", "TITLE", "VERSION", "LAST UPDATED", "NEXT REVIEW", "STATUS")]
    for f in project.factsheets:
        meta = f.metadata
        status = "OVERDUE" if meta.next_review < now else "ok"
        rows.append((f.id, meta.title, meta.version, long_date(meta.last_updated), long_date(meta.next_review), status))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        _echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    if diagnostics.has_errors():
        _report_errors(diagnostics)
        _echo("some factsheets have errors: run 'factsheet check'", err=True)
        sys.exit(1)


def _command(name: str, factsheet_id: str, source_dir: Path) -> str:
    """The command line staff type next, with ``--source`` when they gave a folder other than the default."""
    source = "" if source_dir == Path("source") else f"--source {shlex.quote(str(source_dir))} "
    return f"factsheet {source}{name} {factsheet_id}"


@main.command()
@click.argument("factsheet_id")
@click.option("--title", default="", help="The factsheet's title (default: made from the id).")
@click.pass_obj
def new(source_dir: Path, factsheet_id: str, title: str) -> None:
    """Create source/FACTSHEET_ID/ with a valid skeleton to fill in."""
    from builders.parse.publisher import load_settings
    from builders.commands.skeleton import write_skeleton

    if problem := id_problem(factsheet_id):
        raise click.BadParameter(f"the id {problem}", param_hint="ID")
    folder = source_dir / factsheet_id
    if folder.exists():
        _echo(f"error: {folder} already exists; choose another id", err=True)
        sys.exit(1)
    diagnostics = Diagnostics()
    settings = load_settings(source_dir, diagnostics)
    if diagnostics.has_errors():
        _report(diagnostics)
        sys.exit(1)
    written = write_skeleton(
        folder, factsheet_id, title or factsheet_id.replace("-", " ").capitalize(), date.today(), settings.organisation
    )
    for path in written:
        _echo(f"created {path}")
    _echo(f"next: edit the files, then run '{_command('check', factsheet_id, source_dir)}'")


@main.command()
def formats() -> None:
    """List the output formats this publisher can build."""
    from builders.formats import format_names, get_builder

    for name in format_names():
        _echo(f"{name:<16} {get_builder(name).description}")


@main.command()
@click.option("--today", metavar="YYYY-MM-DD", help="Pretend today is this date (for planning reviews).")
@click.option("--overdue", "fail_overdue", is_flag=True, help="Exit 1 when any review is overdue (for a scheduled job).")
@click.pass_obj
def status(source_dir: Path, today: str | None, fail_overdue: bool) -> None:
    """List every factsheet's version, last update, next review and days left, overdue ones first."""
    from builders.commands.status import format_table, review_statuses

    project, diagnostics = read_and_check(source_dir)
    rows = review_statuses(project.factsheets, _today(today))
    for line in format_table(rows):
        _echo(line)
    overdue = [r.id for r in rows if r.overdue]
    if overdue:
        _echo(f"{len(overdue)} factsheet(s) overdue for review: {', '.join(overdue)}", err=True)
    if diagnostics.has_errors():
        _report_errors(diagnostics)
        _echo("some factsheets have errors: run 'factsheet check'", err=True)
    if (fail_overdue and overdue) or diagnostics.has_errors():
        sys.exit(1)


@main.command()
@click.argument("factsheet_id")
@click.option("--part", "kind", flag_value="part", help="A part review: raises the minor version (6.1 → 6.2).")
@click.option("--full", "kind", flag_value="full", help="A full review: raises the major version (6.1 → 7.0).")
@click.option("--note", required=True, help="What changed, for the change log.")
@click.option("--today", metavar="YYYY-MM-DD", help="Date the review as this day instead of today.")
@click.pass_obj
def bump(source_dir: Path, factsheet_id: str, kind: str | None, note: str, today: str | None) -> None:
    """Record a review: new version, new dates, and a change-log line in source/ID/factsheet.yaml."""
    from builders.commands.bump import BumpError, bump as do_bump
    from builders.model import ReviewKind

    if kind is None:
        raise click.UsageError("say which review this was: --part or --full")
    try:
        done = do_bump(source_dir, factsheet_id, ReviewKind(kind), note, _today(today))
    except BumpError as exc:
        _echo(f"error: {exc}", err=True)
        sys.exit(1)
    _echo(
        f"{done.path}: version {done.old_version} → {done.new_version}, last updated "
        f"{long_date(done.last_updated)}, next review {long_date(done.next_review)}"
    )


@main.command()
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1 (0: any free port).")
@click.option("--format", "formats", metavar="NAME,...", help="Formats to rebuild (default: all).")
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("output"), show_default=True,
    help="The folder to build into and serve.",
)
@click.pass_obj
def serve(source_dir: Path, port: int, formats: str | None, out_dir: Path) -> None:
    """Preview the web pages on this computer, rebuilding a factsheet when its source changes."""
    from builders.commands.serve import ServeError, serve as run

    try:
        run(source_dir, out_dir, port, _parse_formats(formats), _echo)
    except ServeError as exc:
        _echo(f"error: {exc}", err=True)
        sys.exit(1)


@main.command()
@click.argument("factsheet_id")
@click.option("--top", type=click.IntRange(min=0), default=5, show_default=True,
              help="How many of the longest sentences to list.")
@click.pass_obj
def readability(source_dir: Path, factsheet_id: str, top: int) -> None:
    """Readability of FACTSHEET_ID: sentence lengths, Flesch scores, longest sentences (full and easy read)."""
    from builders.commands.readability import format_report, readability as measure

    factsheet = _load_one(source_dir, factsheet_id)
    _echo(format_report(factsheet, measure(factsheet), top))


@main.command(name="draft-easy-read")
@click.argument("factsheet_id")
@click.option("--force", is_flag=True, help="Replace an existing easy-read.yaml.")
@click.pass_obj
def draft_easy_read(source_dir: Path, factsheet_id: str, force: bool) -> None:
    """Write a first draft of FACTSHEET_ID's easy-read.yaml from its key points and headings.

    The draft is marked 'draft: true': 'factsheet check --strict' fails until a
    person has read it through, corrected it and removed that line.
    """
    from builders.commands.draft_easy_read import write_draft

    factsheet = _load_one(source_dir, factsheet_id)
    target = factsheet.folder / "easy-read.yaml"
    if target.exists() and not force:
        _echo(f"error: {target} already exists; use --force to replace it", err=True)
        sys.exit(1)
    write_draft(factsheet, target)
    _echo(f"wrote {target}")
    _echo("next: read it through, correct it, remove 'draft: true', then run "
          f"'{_command('check', factsheet_id, source_dir)}'")


@main.command()
@click.argument("factsheet_id", required=False)
@click.option("--format", "format_name", metavar="NAME",
              help="The format of the copy (see 'factsheet formats'); default: the preset's usual format.")
@click.option("--preset", "preset_name", metavar="NAME", help="Settings from published guidance (see --list-presets).")
@click.option("--set", "set_values", multiple=True, metavar="KEY=VALUE",
              help="One setting of the format, after the preset's (repeat it): font_size=24, colours=black-on-cream.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="A folder of the copy's own (never the published output folder).")
@click.option("--list-presets", is_flag=True, help="List the presets, their formats, settings and sources, then stop.")
@click.option("--today", metavar="YYYY-MM-DD", help="Date the copy and the log line as this day instead of today.")
@click.option("--log", "log_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The requests log (default: requests/log.csv).")
@click.pass_obj
def request(source_dir: Path, factsheet_id: str | None, format_name: str | None, preset_name: str | None,
            set_values: tuple[str, ...], out_dir: Path | None, list_presets: bool, today: str | None,
            log_path: Path | None) -> None:
    """Build a personal copy of FACTSHEET_ID in one format, with a reader's own settings, into DIR.

    \b
    For example:
      factsheet request self-harm --preset large-print-28 --out copies/ref-1234
      factsheet request self-harm --format pdf --preset dyslexia --set font_size=16 --out copies/ref-1235
      factsheet request self-harm --format braille --set grade=1 --out copies/ref-1236

    The copy says it was made on request, with the factsheet's version and
    date.  A setting under the format's floor (large print under 16 pt) is
    refused.  One line (date, factsheet, version, format, preset, settings;
    nothing about the reader) is added to requests/log.csv.
    """
    from builders.commands import request as requests_

    if list_presets:
        for line in requests_.format_presets():
            _echo(line)
        return
    if not factsheet_id or out_dir is None:
        raise click.UsageError("give the factsheet's id and --out DIR (or --list-presets)")
    if format_name is None and preset_name is None:
        raise click.UsageError("say which format with --format NAME (or give a --preset)")
    project, checked = read_and_check(source_dir, (factsheet_id,))
    factsheet = project.get(factsheet_id)
    if factsheet is None or checked.has_errors():
        _report(checked)
        _echo(f"error: {factsheet_id} cannot be built from {source_dir}: nothing was made", err=True)
        sys.exit(1)
    when = _today(today)
    diagnostics = Diagnostics()
    try:
        format_name = format_name or requests_.usual_format(preset_name or "")
        requests_.check_format(format_name, factsheet)
        requests_.check_out_dir(out_dir, Path("output"))
        preset = requests_.preset_for(preset_name, format_name) if preset_name else None
        overrides = requests_.parse_settings(set_values)
        copy = requests_.build_copy(factsheet, format_name, preset, overrides, project.settings, out_dir, when,
                                    diagnostics)
    except requests_.RequestError as exc:
        _echo(f"error: {exc}" + (f"\n    hint: {exc.hint}" if exc.hint else ""), err=True)
        sys.exit(1)
    except SourceError as exc:
        _echo(requests_.refusal_message(exc), err=True)
        _echo("nothing was built", err=True)
        sys.exit(1)
    _report(diagnostics)
    requests_.log_request(log_path or requests_.REQUESTS_LOG, factsheet, format_name, copy, when)
    _echo(f"made {format_name} copy of {factsheet.id} (version {factsheet.metadata.version}) on request:")
    for path in copy.files:
        _echo(f"  {path}")
    chosen = " ".join(f"{key}={value}" for key, value in copy.settings) or "the publisher's own"
    _echo(f"preset: {copy.preset or 'none'}; settings: {chosen}")
    _echo(f"recorded in {log_path or requests_.REQUESTS_LOG}")


@main.command()
@click.option("--summary", is_flag=True, help="Count requests by month and format (the default).")
@click.option("--log", "log_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The requests log (default: requests/log.csv).")
def requests(summary: bool, log_path: Path | None) -> None:
    """Count the personal copies made on request, by month and format (Accessible Information Standard reporting)."""
    from builders.commands.request import REQUESTS_LOG, format_summary, summarise

    for line in format_summary(summarise(log_path or REQUESTS_LOG)):
        _echo(line)


@main.command()
@click.argument("ids", nargs=-1)
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("output"), show_default=True,
    help="The folder the factsheets were built into.",
)
@click.pass_obj
def verify(source_dir: Path, ids: tuple[str, ...], out_dir: Path) -> None:
    """Read every built output back and check each says what the source says (headings, key points,
    urgent-help numbers, version, dates).  Exits 1 on any finding."""
    from builders.commands.verify import verify_factsheet

    project, diagnostics = read_and_check(source_dir, ids)
    if diagnostics.has_errors():
        _report(diagnostics)
    checked = 0
    findings = []
    for factsheet in project.factsheets:
        outputs, found = verify_factsheet(factsheet, out_dir / factsheet.id)
        checked += len(outputs)
        findings.extend(found)
    for finding in findings:
        _echo(finding.format(), err=True)
    _echo(f"verified {checked} output(s) of {len(project.factsheets)} factsheet(s): {len(findings)} finding(s)")
    if findings or diagnostics.has_errors() or not project.factsheets:
        sys.exit(1)


if __name__ == "__main__":
    main()
