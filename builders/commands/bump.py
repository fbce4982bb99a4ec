"""``factsheet bump``: record a review in the factsheet's own source file.

Raises the version (minor for a part review, major for a full one), sets the
update and next-review dates, and appends the note to the change log.  The
file is edited round-trip with ruamel.yaml so comments and layout survive,
written atomically, then read back and checked; on any problem the original
text is put back.
"""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from builders.diagnostics import Severity
from builders.parse.files import control_character
from builders.model import ReviewKind
from builders.parse.factsheet import FACTSHEET_FILE
from builders.common.dates import add_months
from builders.commands.status import review_period


class BumpError(Exception):
    """A bump that could not be made; the source is left as it was."""


def next_version(version: str, kind: ReviewKind) -> str:
    """'6.1' → '6.2' after a part review, '7.0' after a full one."""
    major_text, _, minor_text = version.partition(".")
    try:
        major, minor = int(major_text), int(minor_text or 0)
    except ValueError:
        raise BumpError(f"version {version!r} is not MAJOR.MINOR, like '6.1'; fix it by hand first") from None
    return f"{major + 1}.0" if kind is ReviewKind.FULL else f"{major}.{minor + 1}"


@dataclass(frozen=True)
class Bumped:
    """What a bump changed."""

    path: Path
    old_version: str
    new_version: str
    last_updated: date
    next_review: date


def _yaml() -> YAML:
    yaml = YAML()  # round-trip: keeps comments, key order, quoting and block scalars
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.ignore_aliases = lambda *args: True  # the same date twice must not become an alias
    return yaml


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def bump(source_dir: Path, factsheet_id: str, kind: ReviewKind, note: str, today: date) -> Bumped:
    """Record a review of ``factsheet_id`` dated ``today`` in its ``factsheet.yaml``."""
    from builders.pipeline import read_and_check

    if not note.strip():
        raise BumpError("say what changed with --note \"...\"; it goes into the change log")
    if control_character(note) is not None or "\n" in note.strip():
        raise BumpError("the --note must be one line of plain text (no control characters)")
    project, diagnostics = read_and_check(source_dir, (factsheet_id,))
    factsheet = project.get(factsheet_id)
    errors = [d.format() for d in diagnostics if d.severity is Severity.ERROR]
    if factsheet is None or errors:
        raise BumpError("\n".join(errors) or f"no factsheet '{factsheet_id}' in {source_dir}")
    path = factsheet.folder / FACTSHEET_FILE
    original = path.read_text(encoding="utf-8")
    yaml = _yaml()
    data = yaml.load(original)
    new_version = next_version(factsheet.metadata.version, kind)
    next_review = add_months(today, review_period(factsheet, project.settings))
    data["version"] = DoubleQuotedScalarString(new_version)
    data["last_updated"] = today
    data["review"] = kind.value
    data["next_review"] = next_review
    entry = CommentedMap([("version", DoubleQuotedScalarString(new_version)), ("date", today), ("note", note.strip())])
    log = data.get("change_log")
    if log is None:
        data["change_log"] = CommentedSeq([entry])
    else:
        log.append(entry)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    _write_atomic(path, buffer.getvalue())
    _, after = read_and_check(source_dir, (factsheet_id,))
    problems = [d.format() for d in after if d.severity is Severity.ERROR]
    if problems:
        _write_atomic(path, original)
        raise BumpError("the bumped file did not check, so it was put back:\n" + "\n".join(problems))
    return Bumped(path, factsheet.metadata.version, new_version, today, next_review)
