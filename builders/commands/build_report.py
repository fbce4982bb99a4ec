"""What ``factsheet build`` shows: live progress on a terminal, then a short summary."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import click

from builders.pipeline import BuildSummary, Reporter


@contextlib.contextmanager
def progress_reporter(enabled: bool) -> Iterator[Reporter | None]:
    """A rich progress display (what is building, done, failed) when ``enabled``; else nothing."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  transient=True) as progress:
        task = progress.add_task("building", total=None)
        started: list[str] = []
        running: set[str] = set()

        def report(event: str, label: str) -> None:
            if event == "start":
                started.append(label)
                running.add(label)
                progress.update(task, total=len(started))
            else:
                running.discard(label)
                progress.advance(task)
                if event == "failed":
                    progress.console.print(f"[red]failed[/red] {label}")
            now = ", ".join(sorted(running)[:3]) + (" …" if len(running) > 3 else "")
            progress.update(task, description=f"building {now}" if now else "building")

        yield report


def print_summary(summary: BuildSummary, not_built: int) -> None:
    """The files written, the jobs that failed, and one line of totals."""
    for path in summary.built:
        click.echo(f"built {path}")
    for label in summary.failed:
        click.echo(f"failed {label}", err=True)
    if summary.interrupted:
        click.echo("interrupted: the outputs of unfinished jobs are as they were before this build", err=True)
    click.echo(
        f"{len(summary.jobs_run)} job(s) built ({len(summary.built)} file(s)), {summary.up_to_date} up to date, "
        f"{len(summary.failed)} failed, {not_built} factsheet(s) not built because of errors, "
        f"in {summary.seconds:.1f} s"
    )


def print_dry_run(summary: BuildSummary) -> None:
    """Each job that would be rebuilt, with its reasons; then the totals."""
    todo = [job for job in summary.planned if job.reasons]
    for job in todo:
        click.echo(f"would build {job.label}: {'; '.join(job.reasons)}")
    click.echo(f"{len(todo)} job(s) would be built, {summary.up_to_date} up to date")
