"""What each output was built from: content hashes kept in ``OUT/.manifest.json``.

An output is up to date when every file it depends on (the factsheet's own
files and the builder's inputs: templates, stylesheets, lexicon, pictures), the
builder's settings and the builder's own code hash as they did when it was
last built, and its files are all there.  Hashes, not modification times, so a
fresh checkout or a touched file does not rebuild anything.  The manifest is
written to a temporary file and renamed, so it is never half-written.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builders.formats import builder_module_file
from builders.formats.base import Builder
from builders.model import Factsheet
from builders.settings import Settings

MANIFEST_NAME = ".manifest.json"
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
FORMAT_VERSION = 1
"""Bumped when the manifest's own layout changes; an older manifest is then ignored (all rebuild)."""


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class FileHashes:
    """Content hashes of files, each file read once per build."""

    def __init__(self) -> None:
        self._cache: dict[Path, str] = {}

    def __call__(self, path: Path) -> str:
        """The file's SHA-256, or ``missing`` when it cannot be read."""
        if path not in self._cache:
            try:
                self._cache[path] = _sha(path.read_bytes())
            except OSError:
                self._cache[path] = "missing"
        return self._cache[path]


_PACKAGE = Path(__file__).resolve().parent
_SHARED_CODE = ("model.py", "settings.py", "diagnostics.py", "build_context.py", "output_files.py", "formats/base.py",
                "formats/file_kinds.py", "common")
"""Code every builder may use: a change here can change any output."""


@functools.lru_cache(maxsize=1)
def _shared_code_hash() -> str:
    digest = hashlib.sha256()
    for entry in _SHARED_CODE:
        path = _PACKAGE / entry
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file() and file.suffix in (".py", ".yaml"):
                digest.update(str(file.relative_to(_PACKAGE)).encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


@functools.lru_cache(maxsize=None)
def builder_version(name: str) -> str:
    """A hash of the format's builder module and the shared code it builds with.

    Found without importing the builder, so deciding that nothing needs
    rebuilding stays quick; a new release of the publisher rebuilds what it changed.
    """
    return _sha(builder_module_file(name).read_bytes() + b"\0" + _shared_code_hash().encode())


def settings_hash(builder_name: str, settings: Settings) -> str:
    """A hash of what in ``publisher.yaml`` a builder sees: its options and the organisation."""
    options = dict(sorted(settings.options(builder_name).values.items()))
    blob = json.dumps({"options": options, "organisation": dataclasses.asdict(settings.organisation)},
                      sort_keys=True, default=str)
    return _sha(blob.encode())


@dataclass(frozen=True)
class JobRecord:
    """What one (factsheet, format) job was built from."""

    files: dict[str, str]
    """Each input file's path and content hash."""
    settings: str
    builder: str
    outputs: tuple[str, ...]
    extra: dict[str, str] = field(default_factory=dict)
    """Anything else the output depends on (for a web page: the other formats' records)."""

    def digest(self) -> str:
        """One hash for the whole record."""
        return _sha(json.dumps(self.to_json(), sort_keys=True).encode())

    def to_json(self) -> dict[str, Any]:
        """The record as JSON-ready data."""
        return {"files": self.files, "settings": self.settings, "builder": self.builder,
                "outputs": list(self.outputs), "extra": self.extra}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> JobRecord:
        """The record read back from the manifest."""
        files, outputs, extra = data["files"], data["outputs"], data.get("extra", {})
        if not (isinstance(files, dict) and isinstance(outputs, list) and isinstance(extra, dict)
                and all(isinstance(x, str) for x in (*files, *files.values(), *outputs, *extra, *extra.values()))):
            raise TypeError("a manifest record of the wrong shape")
        return cls(dict(files), str(data["settings"]), str(data["builder"]), tuple(outputs), dict(extra))


def job_record(factsheet: Factsheet, builder: Builder, settings: Settings, hashes: FileHashes,
               extra: dict[str, str] | None = None) -> JobRecord:
    """What the job would be built from now."""
    paths = sorted({*factsheet.files, *builder.inputs(factsheet, settings)}, key=str)
    return JobRecord({str(p): hashes(p) for p in paths}, settings_hash(builder.name, settings),
                     builder_version(builder.name), tuple(builder.outputs(factsheet)), dict(extra or {}))


def job_key(factsheet_id: str, format_name: str) -> str:
    """The manifest's key for a job: ``ID/FORMAT``."""
    return f"{factsheet_id}/{format_name}"


def reasons_to_build(old: JobRecord | None, new: JobRecord, out_dir: Path) -> list[str]:
    """Why the job must run (empty when it is up to date), in words for ``--dry-run``."""
    if old is None:
        return ["never built"]
    reasons = [f"output missing: {name}" for name in new.outputs if not (out_dir / name).is_file()]
    for path, digest in new.files.items():
        if old.files.get(path) != digest:
            reasons.append(f"new input: {path}" if path not in old.files else f"changed: {path}")
    reasons.extend(f"no longer an input: {path}" for path in old.files if path not in new.files)
    if old.settings != new.settings:
        reasons.append("settings changed (publisher.yaml)")
    if old.builder != new.builder:
        reasons.append("builder changed")
    if old.outputs != new.outputs:
        reasons.append("outputs changed")
    if old.extra != new.extra:
        reasons.append("other formats of this factsheet changed")
    return reasons


class Manifest:
    """The job records of one output folder."""

    def __init__(self, path: Path, records: dict[str, JobRecord]) -> None:
        self.path = path
        self.records = records

    @classmethod
    def load(cls, out_root: Path) -> Manifest:
        """The manifest in ``out_root``, or an empty one (everything rebuilds) if absent or unreadable."""
        path = out_root / MANIFEST_NAME
        try:
            if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_MANIFEST_BYTES:
                return cls(path, {})
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION or not isinstance(data.get("jobs"), dict):
                return cls(path, {})
            records = {}
            for key, value in data["jobs"].items():
                record = JobRecord.from_json(value) if isinstance(value, dict) else None
                if record is not None and isinstance(key, str):
                    records[key] = record
            return cls(path, records)
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return cls(path, {})  # any damage: forget it and rebuild, the outputs are checked against fresh records

    def save(self) -> None:
        """Write the manifest atomically: a temporary file in the same folder, then a rename."""
        if self.path.is_dir() and not self.path.is_symlink():
            shutil.rmtree(self.path)  # a folder where the manifest belongs (OUT is ours to manage)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"format": FORMAT_VERSION, "jobs": {k: self.records[k].to_json() for k in sorted(self.records)}}
        fd, tmp = tempfile.mkstemp(prefix=f"{MANIFEST_NAME}.", suffix=".part", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=1, sort_keys=True)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, self.path)
        finally:
            Path(tmp).unlink(missing_ok=True)
