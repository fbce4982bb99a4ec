"""The steps every command shares: read the source, check it, build the chosen formats.

source → parser → model → checks → builders.  The command line calls these
functions; tests can call them too.

Building is incremental and parallel: each (factsheet, format) pair is a job;
a job runs only when the manifest (``builders.manifest``) says something it
depends on changed; jobs run in worker processes; a builder that reads the
other formats' files (the web page) runs after that factsheet's other jobs.
One failing or interrupted job never stops the others, and its previous good
output stays in place.
"""

from __future__ import annotations

import errno
import os
import shutil
import sys
import time
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from builders.build_context import BuildContext
from builders.diagnostics import Diagnostic, Diagnostics, Severity, SourceError
from builders.formats import get_builder
from builders.manifest import (
    FileHashes,
    JobRecord,
    Manifest,
    builder_version,
    job_key,
    job_record,
    reasons_to_build,
    settings_hash,
)
from builders.model import Factsheet, Location
from builders.parse import Project, load_project, valid_folders
from builders.parse.factsheet import source_files
from builders.parse.publisher import load_settings
from builders.read_check import check_settings, read_and_check  # noqa: F401  (part of this module's interface)
from builders.settings import Settings


def fresh_factsheets(source_dir: Path, out_root: Path, formats: tuple[str, ...], ids: tuple[str, ...] = ()) -> set[str]:
    """Factsheets whose every job in ``formats`` is recorded and unchanged, so they need not even be read.

    A no-op rebuild of a large catalog is then a matter of hashing files: the
    recorded inputs, the folder's current source files (a new easy-read.yaml or
    picture counts), the builder's code and its settings.  Anything else (a
    format that does not apply, a missing output) sends the factsheet down the
    normal path, which reads, checks and plans it.
    """
    manifest = Manifest.load(out_root)
    if not manifest.records:
        return set()
    diagnostics = Diagnostics()
    settings = load_settings(source_dir, diagnostics)
    check_settings(settings, diagnostics)  # a bad setting is reported even when nothing needs building
    if len(diagnostics):
        return set()
    hashes = FileHashes()
    expected = {name: (builder_version(name), settings_hash(name, settings)) for name in formats}
    fresh: set[str] = set()
    for folder in valid_folders(source_dir):
        if ids and folder.name not in ids:
            continue
        sources = {str(p) for p in source_files(folder)}
        if all(_unchanged(manifest.records.get(job_key(folder.name, name)), expected[name], folder, sources,
                          out_root, hashes) for name in formats):
            fresh.add(folder.name)
    return fresh


def _unchanged(record: JobRecord | None, expected: tuple[str, str], folder: Path, sources: set[str],
               out_root: Path, hashes: FileHashes) -> bool:
    if record is None or (record.builder, record.settings) != expected:
        return False
    recorded_sources = {p for p in record.files if Path(p).parent == folder or folder in Path(p).parents}
    return (
        recorded_sources == sources
        and all(hashes(Path(p)) == digest for p, digest in record.files.items())
        and all((out_root / folder.name / name).is_file() for name in record.outputs)
    )


def failing_ids(project: Project, diagnostics: Diagnostics, strict: bool) -> set[str]:
    """Factsheets with an error (or, when strict, any warning) in one of their files.

    An error in ``publisher.yaml`` counts for every factsheet: each output is built with its settings.
    """
    bad: set[str] = set()
    settings_file = Path(os.path.abspath(project.settings.path)) if project.settings.path else None
    for diagnostic in diagnostics:
        if diagnostic.severity is Severity.ERROR or strict:
            if settings_file is not None and Path(os.path.abspath(diagnostic.loc.path)) == settings_file:
                return {factsheet.id for factsheet in project.factsheets}
            where = Path(os.path.abspath(diagnostic.loc.path))  # the file as named: a link may lead anywhere
            for factsheet in project.factsheets:
                if where.is_relative_to(os.path.abspath(factsheet.folder)):
                    bad.add(factsheet.id)
    return bad


@dataclass(frozen=True)
class Job:
    """One factsheet in one format, with why it must run (empty: up to date)."""

    factsheet: Factsheet
    format: str
    after_others: bool
    record: JobRecord
    reasons: tuple[str, ...]

    @property
    def key(self) -> str:
        """``ID/FORMAT``, as in the manifest and in messages."""
        return job_key(self.factsheet.id, self.format)

    @property
    def label(self) -> str:
        """``ID (FORMAT)`` for people."""
        return f"{self.factsheet.id} ({self.format})"


@dataclass
class BuildSummary:
    """What a build did: files written, jobs up to date, jobs failed, time taken."""

    built: list[Path] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    up_to_date: int = 0
    jobs_run: list[str] = field(default_factory=list)
    """Each job that ran and succeeded, as ``ID/FORMAT``, sorted."""
    planned: list[Job] = field(default_factory=list)
    """Every job considered, with its reasons (for ``--dry-run``)."""
    interrupted: bool = False


def plan_jobs(
    project: Project, formats: tuple[str, ...], out_root: Path, skip: set[str], manifest: Manifest, force: bool,
) -> list[Job]:
    """Every applicable job, in a fixed order, each with its reasons to run."""
    hashes = FileHashes()
    builders = {name: get_builder(name) for name in formats}
    jobs: list[Job] = []
    for factsheet in project.factsheets:
        if factsheet.id in skip:
            continue
        out_dir = out_root / factsheet.id
        mine: dict[str, Job] = {}
        for name in sorted(formats, key=lambda n: (builders[n].needs_other_outputs, formats.index(n))):
            builder = builders[name]
            if not builder.applies_to(factsheet):
                continue
            extra: dict[str, str] = {}
            if builder.needs_other_outputs:
                extra = _other_formats(factsheet.id, mine, manifest)
                extra.pop(job_key(factsheet.id, name), None)  # never its own previous record
            record = job_record(factsheet, builder, project.settings, hashes, extra)
            old = manifest.records.get(job_key(factsheet.id, name))
            reasons = ["--force"] if force else reasons_to_build(old, record, out_dir)
            if builder.needs_other_outputs and any(j.reasons for j in mine.values()) and not reasons:
                reasons = ["other formats of this factsheet are being rebuilt"]
            job = Job(factsheet, name, builder.needs_other_outputs, record, tuple(reasons))
            mine[name] = job
            jobs.append(job)
    return jobs


def _other_formats(factsheet_id: str, mine: dict[str, Job], manifest: Manifest) -> dict[str, str]:
    """The records the factsheet's other formats will have after this build (this run's, else the manifest's)."""
    prefix = f"{factsheet_id}/"
    extra = {k: r.digest() for k, r in manifest.records.items() if k.startswith(prefix)}
    extra.update({job.key: job.record.digest() for job in mine.values()})
    return dict(sorted(extra.items()))


STAGING_NAME = ".staging"
"""``OUT/.staging/ID/`` holds a factsheet's new files until all its jobs have succeeded."""
ENVIRONMENT_ERRORS = {
    errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up", errno.EROFS: "the disk is read-only",
    errno.EACCES: "permission denied", errno.EPERM: "permission denied", errno.EIO: "the disk reported an error",
    errno.EMFILE: "too many open files", errno.ENOMEM: "the computer ran out of memory",
}
"""Failures of the computer, not of the source or the publisher: said plainly, never called a bug."""


@dataclass(frozen=True)
class JobResult:
    """What a worker sends back: the files written, or why the job failed."""

    outputs: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...]
    error: str = ""
    """'' on success, ``source`` or ``environment`` (already a diagnostic), else the bug's one-line summary."""
    traceback: str = ""
    where: Location | None = None
    """For a bug: the line of the publisher's code that raised."""


def environment_problem(exc: BaseException) -> str:
    """What an OSError says about the computer (disk full, read-only, permission), or '' for anything else."""
    if isinstance(exc, MemoryError):
        return ENVIRONMENT_ERRORS[errno.ENOMEM]
    if isinstance(exc, OSError) and exc.errno in ENVIRONMENT_ERRORS:
        return ENVIRONMENT_ERRORS[exc.errno]
    return ""


def _raising_line(exc: BaseException) -> Location | None:
    """The innermost line of the publisher's own code in the exception's traceback."""
    package = Path(__file__).resolve().parent
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if path.is_relative_to(package):
            found = Location(str(path), frame.lineno or 1, 1)
    return found


def run_job(format_name: str, factsheet: Factsheet, out_dir: Path, settings: Settings,
            staging: Path | None = None) -> JobResult:
    """Build one job into ``staging``; runs in a worker process, so the builder is made afresh here."""
    builder = get_builder(format_name)
    diagnostics = Diagnostics()
    context = BuildContext(out_dir, settings, diagnostics, staging)
    try:
        builder.build(factsheet, context)
    except SourceError as exc:
        return JobResult((), (*diagnostics, exc.diagnostic), error="source")
    except (OSError, MemoryError) as exc:
        if problem := environment_problem(exc):
            where = Location(str(out_dir))
            message = f"cannot write the {format_name} copy of '{factsheet.id}': {problem}"
            hint = ("free some space or fix the output folder's permissions, then build again; "
                    "nothing already built was replaced")
            return JobResult((), (*diagnostics, Diagnostic(Severity.ERROR, where, message, hint)), error="environment")
        return JobResult((), tuple(diagnostics), error=f"{type(exc).__name__}: {exc}",
                         traceback=traceback.format_exc(), where=_raising_line(exc))
    except Exception as exc:  # a bug in a builder: say so plainly, keep building the rest
        return JobResult((), tuple(diagnostics), error=f"{type(exc).__name__}: {exc}",
                         traceback=traceback.format_exc(), where=_raising_line(exc))
    return JobResult(tuple(builder.outputs(factsheet)), tuple(diagnostics))


Reporter = Callable[[str, str], None]
"""``report(event, label)``: told when a job starts (``start``), ends (``done``) or fails (``failed``)."""


def build_formats(
    project: Project, formats: tuple[str, ...], out_root: Path, diagnostics: Diagnostics, skip: set[str],
    debug: bool = False, *, force: bool = False, dry_run: bool = False, jobs: int = 1, wait_for_lock: bool = True,
    report: Reporter | None = None, assemble: bool = True,
) -> BuildSummary:
    """Build every outdated (factsheet, format) job, ``jobs`` at a time; one failing factsheet never stops the others.

    Then, with ``assemble``, each builder's :meth:`~Builder.finish` writes what spans every factsheet (the
    catalog); a shard of a bigger build leaves that to ``factsheet catalog`` (:mod:`builders.shards`).

    All or nothing per factsheet: each job writes into ``OUT/.staging/ID``; only
    when every job of that factsheet has succeeded are its new files moved into
    ``OUT/ID`` and its manifest records updated.  If any job fails, none of that
    factsheet's outputs (nor its catalog entry) is replaced.
    With ``dry_run`` nothing is written: the summary's ``planned`` jobs say what would run and why.
    """
    summary = BuildSummary()
    start = time.perf_counter()
    if dry_run:
        summary.planned = plan_jobs(project, formats, out_root, skip, Manifest.load(out_root), force)
        summary.up_to_date = sum(1 for job in summary.planned if not job.reasons)
        summary.seconds = time.perf_counter() - start
        return summary
    from builders.locking import output_lock  # only a real build locks (a check or a dry run never does)

    with output_lock(out_root, wait=wait_for_lock):
        _remove_leftovers(out_root, project)
        manifest = Manifest.load(out_root)
        planned = plan_jobs(project, formats, out_root, skip, manifest, force)
        summary.planned = planned
        todo = [job for job in planned if job.reasons]
        summary.up_to_date = len(planned) - len(todo)
        try:
            _run_all(todo, project, out_root, diagnostics, summary, manifest, max(1, jobs), debug, report)
        finally:
            shutil.rmtree(out_root / STAGING_NAME, ignore_errors=True)
        ran = {job.format for job in todo if job.key in summary.jobs_run}
        ready = tuple(f for f in project.factsheets if f.id not in skip)
        for name in formats:
            if name in ran and assemble:  # outputs spanning all factsheets change only when one of theirs did
                get_builder(name).finish(ready, out_root, project.settings)
    summary.jobs_run.sort()
    summary.seconds = time.perf_counter() - start
    return summary


def _commit(jobs: list[Job], out_root: Path, manifest: Manifest, summary: BuildSummary,
            outputs: dict[str, tuple[str, ...]]) -> None:
    """Move a factsheet's staged files into place together, then record them in the manifest.

    The manifest first forgets the jobs, so a build killed half-way through the
    moves rebuilds them next time instead of trusting a mixture.
    """
    for job in jobs:
        manifest.records.pop(job.key, None)
    manifest.save()
    factsheet_id = jobs[0].factsheet.id
    staging, target = out_root / STAGING_NAME / factsheet_id, out_root / factsheet_id
    for job in jobs:
        for name in outputs[job.key]:
            source = staging / name
            if source.is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target / name)
                summary.built.append(target / name)
    for job in jobs:
        manifest.records[job.key] = job.record
        summary.jobs_run.append(job.key)
    manifest.save()


def _run_all(
    todo: list[Job], project: Project, out_root: Path, diagnostics: Diagnostics, summary: BuildSummary,
    manifest: Manifest, workers: int, debug: bool, report: Reporter | None,
) -> None:
    """Run the jobs, the web-page kind only once its factsheet's other jobs have succeeded; commit per factsheet."""
    first = [job for job in todo if not job.after_others]
    waiting = [job for job in todo if job.after_others]
    pending_by_sheet: dict[str, int] = {}
    for job in first:
        pending_by_sheet[job.factsheet.id] = pending_by_sheet.get(job.factsheet.id, 0) + 1
    jobs_by_sheet: dict[str, list[Job]] = {}
    for job in todo:
        jobs_by_sheet.setdefault(job.factsheet.id, []).append(job)
    left_by_sheet = {sheet: len(jobs) for sheet, jobs in jobs_by_sheet.items()}
    outputs: dict[str, tuple[str, ...]] = {}
    failed_sheets: dict[str, str] = {}

    def staging(job: Job) -> Path:
        return out_root / STAGING_NAME / job.factsheet.id

    def settle(sheet: str, count: int) -> None:
        """``count`` more jobs of ``sheet`` are over; when all are, commit or discard its files."""
        left_by_sheet[sheet] -= count
        if left_by_sheet[sheet]:
            return
        if sheet in failed_sheets:
            shutil.rmtree(out_root / STAGING_NAME / sheet, ignore_errors=True)
            return
        try:
            _commit(jobs_by_sheet[sheet], out_root, manifest, summary, outputs)
        except OSError as exc:
            problem = environment_problem(exc) or (exc.strerror or str(exc))
            diagnostics.error(Location(str(out_root / sheet)), f"cannot put the new files of '{sheet}' in place: {problem}",
                              "fix the output folder, then build again; the manifest makes the next build redo them")
            summary.failed.append(f"{sheet} (moving files into place)")

    def finished(job: Job, result: JobResult | None, crash: str = "") -> None:
        if result is not None:
            diagnostics.extend(result.diagnostics)
        if result is None or result.error:
            summary.failed.append(job.label)
            failed_sheets.setdefault(job.factsheet.id, job.format)
            if result is not None and result.error not in ("source", "environment"):
                if debug and result.traceback:
                    print(result.traceback, file=sys.stderr)
                _bug(diagnostics, job, result.error, result.where)
            elif result is None:
                _bug(diagnostics, job, crash, None)
            if report:
                report("failed", job.label)
        else:
            outputs[job.key] = result.outputs
            if report:
                report("done", job.label)
        settle(job.factsheet.id, 1)

    def release(job: Job) -> list[Job]:
        """The factsheet's page jobs, once its other jobs are over (none when one of them failed)."""
        if job.after_others:
            return []
        sheet = job.factsheet.id
        pending_by_sheet[sheet] -= 1
        if pending_by_sheet[sheet]:
            return []
        late = [w for w in waiting if w.factsheet.id == sheet]
        if sheet in failed_sheets and late:
            for skipped in late:
                summary.failed.append(f"{skipped.label} (not built: its {failed_sheets[sheet]} copy failed)")
            settle(sheet, len(late))
            return []
        return late

    ready_late = [w for w in waiting if w.factsheet.id not in pending_by_sheet]
    if workers == 1 or len(todo) == 1:  # one job: a worker process would only add its start-up
        queue = first + ready_late
        while queue:
            job = queue.pop(0)
            if report:
                report("start", job.label)
            try:
                result = run_job(job.format, job.factsheet, out_root / job.factsheet.id, project.settings,
                                 staging(job))
            except KeyboardInterrupt:
                summary.interrupted = True
                summary.failed.extend(j.label + " (interrupted)" for j in [job, *queue])
                return
            finished(job, result)
            queue.extend(release(job))
        return

    import concurrent.futures as futures  # imported here: checking and one-job builds never need them
    import multiprocessing

    context = multiprocessing.get_context("fork")  # workers inherit the format registry as it is now
    with futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        running: dict[futures.Future[JobResult], Job] = {}

        def submit(job: Job) -> None:
            if report:
                report("start", job.label)
            future = pool.submit(run_job, job.format, job.factsheet, out_root / job.factsheet.id, project.settings,
                                 staging(job))
            running[future] = job

        # Only as many jobs as workers are handed to the pool; the rest wait here, so that a factsheet's
        # web page, released when its other jobs are over, goes ahead of every job still waiting: each
        # factsheet's files are put in place as soon as they are all made, not when the whole build ends
        # (a long catalog build that is stopped keeps every factsheet it finished).
        queue = deque(first + ready_late)

        def top_up() -> None:
            while queue and len(running) < workers:
                submit(queue.popleft())

        top_up()
        try:
            while running:
                done, _ = futures.wait(running, return_when=futures.FIRST_COMPLETED)
                for future in sorted(done, key=lambda f: running[f].key):
                    job = running.pop(future)
                    try:
                        result: JobResult | None = future.result()
                        crash = ""
                    except Exception as exc:  # the worker itself died (killed, out of memory)
                        result, crash = None, f"the worker process stopped: {type(exc).__name__}: {exc}"
                    finished(job, result, crash)
                    queue.extendleft(reversed(release(job)))
                top_up()
        except KeyboardInterrupt:
            summary.interrupted = True
            summary.failed.extend(sorted(j.label + " (interrupted)" for j in [*running.values(), *queue]))
            pool.shutdown(wait=True, cancel_futures=True)


def _remove_leftovers(out_root: Path, project: Project) -> None:
    """Delete what a killed build left behind: staged files and temporary ones (finished outputs were never touched)."""
    shutil.rmtree(out_root / STAGING_NAME, ignore_errors=True)
    for factsheet in project.factsheets:
        for leftover in (out_root / factsheet.id).glob(".*.part"):
            leftover.unlink(missing_ok=True)


def _bug(diagnostics: Diagnostics, job: Job, error: str, where: Location | None) -> None:
    diagnostics.error(
        where or Location(str(Path(__file__))),
        f"the {job.format} builder failed on '{job.factsheet.id}': {error}",
        "this is a bug in the publisher, not in your source (nothing already built was replaced): "
        "run with --debug and report it",
    )
