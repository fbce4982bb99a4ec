"""A personal copy on request: one format of one factsheet, built with a reader's own settings.

NHS England's Accessible Information Standard (DAPB1605) asks services to
*meet* each person's information needs: 24 pt on cream paper, slower audio,
uncontracted braille.  ``factsheet request ID --format NAME --preset PRESET
--set KEY=VALUE --out DIR`` builds that copy into a folder of its own.

- The settings are the format's own options (the ones ``publisher.yaml``
  sets under ``formats:``), overridden by the preset, then by each ``--set``;
  they pass the same gate (:func:`builders.settings.read_options` through the
  builder's ``check_settings``), so a bad key, a bad value or a value under
  the format's floor is refused with a message before anything is built.
- The copy says it was made on request, with the factsheet's version and
  date (:attr:`builders.settings.Settings.request_note`).
- It is never written into the published ``output/`` folder and never
  touches its manifest: it is built straight into ``--out``.
- Each request appends one line to ``requests/log.csv`` (date, factsheet,
  version, format, preset, settings; nothing about the person), which
  ``factsheet requests --summary`` counts by format and month: the figures an
  information team reports against the Standard.
"""

from __future__ import annotations

import csv
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from builders.build_context import BuildContext
from builders.common.dates import long_date
from builders.common.presets import Preset
from builders.diagnostics import Diagnostics, SourceError
from builders.formats import format_names, get_builder
from builders.model import Factsheet, Location
from builders.settings import FormatOptions, Settings

REQUESTS_LOG = Path("requests") / "log.csv"
"""Where requests are recorded, relative to the working folder (beside ``source/`` and ``output/``)."""
LOG_FIELDS = ("date", "factsheet", "version", "format", "preset", "settings")
"""The only fields a request records: nothing that names or finds the person who asked."""


class RequestError(Exception):
    """A request that cannot be met as asked (unknown preset, a folder that is not the request's own)."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Setting:
    """One ``--set KEY=VALUE`` as typed."""

    key: str
    value: str
    typed: str
    """The argument as staff typed it, to point at in a message."""


@dataclass(frozen=True)
class BuiltCopy:
    """What a request built: its files and the settings that differ from the published copy."""

    files: tuple[Path, ...]
    settings: tuple[tuple[str, str], ...]
    preset: str


def parse_settings(arguments: Iterable[str]) -> tuple[Setting, ...]:
    """``KEY=VALUE`` arguments as settings; a malformed one is a :class:`RequestError`."""
    found = []
    for argument in arguments:
        key, equals, value = argument.partition("=")
        if not equals or not key.strip() or not value.strip():
            raise RequestError(f"--set {argument!r} is not KEY=VALUE", "for example --set font_size=24")
        found.append(Setting(key.strip(), value.strip(), argument))
    return tuple(found)


def requestable_formats() -> tuple[str, ...]:
    """The formats a personal copy can be made in: every one that builds from the factsheet alone (not the web page)."""
    return tuple(name for name in format_names() if not get_builder(name).needs_other_outputs)


def presets_and_formats() -> dict[str, tuple[Preset, tuple[str, ...]]]:
    """Every preset any format offers, with the formats that offer it (its usual format first), by name."""
    found: dict[str, tuple[Preset, list[str]]] = {}
    for name in requestable_formats():
        for preset in get_builder(name).presets:
            found.setdefault(preset.name, (preset, []))[1].append(name)
    return {key: (preset, tuple(formats)) for key, (preset, formats) in found.items()}


def preset_for(preset_name: str, format_name: str) -> Preset:
    """The preset as the format adapts it; a :class:`RequestError` naming the choices when it has none such.

    Only the chosen format's builder is imported on the way to a good request
    (the others load their libraries: speech, Word), so a copy starts quickly.
    """
    for preset in get_builder(format_name).presets:
        if preset.name == preset_name:
            return preset
    offered = presets_and_formats()
    if preset_name not in offered:
        raise RequestError(f"no preset '{preset_name}'", f"presets: {', '.join(offered)} (factsheet request --list-presets)")
    formats = offered[preset_name][1]
    raise RequestError(f"the preset '{preset_name}' is not made for the {format_name} format",
                       f"use it with --format {' or --format '.join(formats)}")


def check_format(format_name: str, factsheet: Factsheet) -> None:
    """Refuse a format that does not exist, cannot be made on request, or does not apply to the factsheet."""
    if format_name not in format_names() or get_builder(format_name).needs_other_outputs:
        raise RequestError(f"no format '{format_name}' can be made on request",
                           f"formats: {', '.join(requestable_formats())}")
    if not get_builder(format_name).applies_to(factsheet):
        raise RequestError(f"the {format_name} format cannot be made for {factsheet.id}",
                           "it needs a part this factsheet does not have (an easy-read layer)")


def request_note(factsheet: Factsheet, today: date) -> str:
    """The sentence every personal copy ends with: made on request, from which version of which date."""
    meta = factsheet.metadata
    return (f"This copy was made on request on {long_date(today)}, from version {meta.version} "
            f"of this factsheet (last updated {long_date(meta.last_updated)}).")


def personal_settings(settings: Settings, format_name: str, preset: Preset | None,
                      overrides: tuple[Setting, ...], note: str) -> Settings:
    """The publisher's settings with the format's options overridden by the preset, then by ``--set``.

    Each value remembers where it came from (``publisher.yaml``, the preset,
    the ``--set`` argument), so a refused value is reported where it was written.
    """
    raw = settings.options(format_name)
    values, locations = dict(raw.values), dict(raw.locations)
    for key, value in (preset.settings.items() if preset else ()):
        values[key], locations[key] = value, Location(f"--preset {preset.name} ({key}={value})", 0, 0)
    for item in overrides:
        values[item.key], locations[item.key] = item.value, Location(f"--set {item.typed}", 0, 0)
    formats = {**settings.formats, format_name: FormatOptions(values, locations, raw.loc)}
    return replace(settings, formats=formats, request_note=note)


def chosen_settings(preset: Preset | None, overrides: tuple[Setting, ...]) -> tuple[tuple[str, str], ...]:
    """The settings the request asked for (preset, then ``--set``), for the printout and the log."""
    chosen = dict(preset.settings) if preset else {}
    chosen.update((item.key, item.value) for item in overrides)
    return tuple(chosen.items())


def check_out_dir(out_dir: Path, published_output: Path) -> None:
    """The copy goes into a folder of its own: never the published output folder nor anything inside it."""
    target = out_dir.resolve()
    published = published_output.resolve()
    if target == published or target.is_relative_to(published):
        raise RequestError(f"{out_dir} is inside the published output folder {published_output}",
                           "give a folder of the request's own, for example --out requests/copies/2026-05-01-1")
    if (target / ".manifest.json").exists():
        raise RequestError(f"{out_dir} holds a build's manifest: it is a published output folder",
                           "give a folder of the request's own")


def build_copy(factsheet: Factsheet, format_name: str, preset: Preset | None, overrides: tuple[Setting, ...],
               settings: Settings, out_dir: Path, today: date, diagnostics: Diagnostics) -> BuiltCopy:
    """Check the personal settings through the format's own gate, then build the copy into ``out_dir``.

    Raises :class:`SourceError` for a refused setting (nothing is written) and
    for a problem only building finds (the urgent-help panel no longer fits page 1).
    """
    personal = personal_settings(settings, format_name, preset, overrides, request_note(factsheet, today))
    builder = get_builder(format_name)
    builder.check_settings(personal)
    out_dir.mkdir(parents=True, exist_ok=True)
    builder.build(factsheet, BuildContext(out_dir=out_dir, settings=personal, diagnostics=diagnostics))
    files = tuple(out_dir / name for name in builder.outputs(factsheet) if (out_dir / name).is_file())
    return BuiltCopy(files, chosen_settings(preset, overrides), preset.name if preset else "")


def log_request(log: Path, factsheet: Factsheet, format_name: str, copy: BuiltCopy, today: date) -> None:
    """Append one line to the requests log (made with its header when new): no personal data, ever."""
    log.parent.mkdir(parents=True, exist_ok=True)
    new = not log.exists() or log.stat().st_size == 0
    with log.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        if new:
            writer.writerow(LOG_FIELDS)
        writer.writerow((today.isoformat(), factsheet.id, factsheet.metadata.version, format_name, copy.preset,
                         " ".join(f"{key}={value}" for key, value in copy.settings)))
        handle.flush()
        os.fsync(handle.fileno())


@dataclass(frozen=True)
class Summary:
    """Requests counted by month and format."""

    by_month_and_format: Counter[tuple[str, str]]
    total: int


def summarise(log: Path) -> Summary:
    """Count the log's lines by month (YYYY-MM) and format; a missing log counts nothing."""
    counts: Counter[tuple[str, str]] = Counter()
    if log.exists():
        with log.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                counts[(row.get("date", "")[:7], row.get("format", ""))] += 1
    return Summary(counts, sum(counts.values()))


def format_summary(summary: Summary) -> list[str]:
    """The summary as a table: one line per month and format, a total per month and overall."""
    if not summary.total:
        return ["no requests recorded yet"]
    rows = [("MONTH", "FORMAT", "REQUESTS")]
    for month in sorted({m for m, _ in summary.by_month_and_format}):
        in_month = {f: n for (m, f), n in summary.by_month_and_format.items() if m == month}
        rows.extend((month, name, str(count)) for name, count in sorted(in_month.items()))
        rows.append((month, "all formats", str(sum(in_month.values()))))
    by_format = Counter[str]()
    for (_m, name), count in summary.by_month_and_format.items():
        by_format[name] += count
    rows.extend(("all months", name, str(count)) for name, count in sorted(by_format.items()))
    rows.append(("all months", "all formats", str(summary.total)))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return [f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:>{widths[2]}}" for row in rows]


def format_presets() -> list[str]:
    """Every preset: its name, the formats it is made for, its settings and the guidance it follows."""
    lines = []
    for name, (preset, formats) in presets_and_formats().items():
        lines.append(f"{name}: {preset.description}")
        lines.append(f"    formats:  {', '.join(formats)} (usual: {formats[0]})")
        lines.append(f"    settings: {preset.settings_text()}")
        for format_name in formats[1:]:
            adapted = preset_for(name, format_name)
            if adapted.settings != preset.settings:
                lines.append(f"    {format_name}: {adapted.settings_text()}")
        lines.append(f"    source:   {preset.source}")
    return lines


def usual_format(preset_name: str) -> str:
    """The first format, in registry order, that offers the preset: ``--format`` may be left out with ``--preset``."""
    for name in format_names():
        builder = get_builder(name)
        if not builder.needs_other_outputs and any(p.name == preset_name for p in builder.presets):
            return name
    raise RequestError(f"no preset '{preset_name}'",
                       f"presets: {', '.join(presets_and_formats())} (factsheet request --list-presets)")


def refusal_message(error: SourceError) -> str:
    """The located message for a refused setting, pointing at ``--set``/``--preset`` or at publisher.yaml."""
    diagnostic = error.diagnostic
    if diagnostic.loc.line == 0:
        text = f"{diagnostic.loc.path}: error: {diagnostic.message}"
        return text + (f"\n    hint: {diagnostic.hint}" if diagnostic.hint else "")
    return diagnostic.format()
