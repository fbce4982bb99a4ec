"""The publisher's settings, as read from ``source/publisher.yaml`` (see ``builders.parse.publisher``).

One file for the organisation (name, how to ask for other formats, the review
period) and for each builder's options under ``formats:``, keyed by the
builder's name.  Builders read their own options with :func:`read_options`,
which checks names and types against a dataclass of defaults, so a typo in a
setting is a located error, not a silently ignored line.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from builders.diagnostics import SourceError
from builders.model import Location, WebAddress

SETTINGS_FILE = "publisher.yaml"


@dataclass(frozen=True)
class Organisation:
    """The charity that publishes the factsheets."""

    name: str = "Example Mental Health Charity"
    """Printed as author and in every footer."""
    website: WebAddress | None = None
    """The charity's web address, shown where the full factsheet can be found."""
    other_formats: str = "Ask us for this information in another format."
    """One sentence on how to ask for another format; every copy prints it."""
    review_period_months: int = 36
    """How long after an update the next review falls due (a factsheet may override it)."""


@dataclass(frozen=True)
class FormatOptions:
    """One builder's raw options, with where each was written."""

    values: Mapping[str, str]
    locations: Mapping[str, Location]
    loc: Location


@dataclass(frozen=True)
class Settings:
    """Everything in ``publisher.yaml``; defaults when there is no such file."""

    organisation: Organisation = field(default_factory=Organisation)
    formats: Mapping[str, FormatOptions] = field(default_factory=dict)
    path: Path | None = None
    request_note: str = ""
    """On a personal copy made on request (``factsheet request``): one sentence saying so, with the
    factsheet's version and date, so a later update can be sent again; empty for the published copies."""

    @property
    def closing_organisation(self) -> Organisation:
        """The organisation as a copy's closing words name it: how to ask for other formats, then the request note.

        Formats print this where a copy ends (the last page, the audio's
        closing) and :attr:`organisation` in running footers, so a personal
        copy says once that it was made on request.
        """
        if not self.request_note:
            return self.organisation
        return replace(self.organisation, other_formats=f"{self.organisation.other_formats} {self.request_note}".strip())

    def options(self, builder: str) -> FormatOptions:
        """The raw options written for one builder (empty when none were)."""
        where = Location(str(self.path or SETTINGS_FILE))
        return self.formats.get(builder, FormatOptions({}, {}, where))


T = TypeVar("T")


def setting(default: Any, *, minimum: float | None = None, maximum: float | None = None,
            choices: tuple[str, ...] = (), why: str = "") -> Any:
    """An option field with its limits, which :func:`read_options` enforces.

    ``minimum`` is the format's floor (large print is never under 16 pt),
    ``choices`` the only values allowed (named colour pairs, paper sizes);
    ``why`` names the guidance behind the limit, and is the hint people see.
    """
    return field(default=default, metadata={"minimum": minimum, "maximum": maximum, "choices": choices, "why": why})


def _check_limits(name: str, value: Any, spec: dataclasses.Field[Any], loc: Location, builder: str) -> None:
    """Raise a located error for a value outside the field's declared limits (see :func:`setting`)."""
    meta = spec.metadata
    why = meta.get("why", "")
    choices = meta.get("choices") or ()
    if choices and value not in choices:
        raise SourceError(loc, f"setting '{name}' for the {builder} format cannot be {value!r}",
                          f"choose one of: {', '.join(choices)}" + (f" ({why})" if why else ""))
    minimum, maximum = meta.get("minimum"), meta.get("maximum")
    if minimum is not None and value < minimum:
        raise SourceError(loc, f"setting '{name}' for the {builder} format is {value:g}, under its floor of {minimum:g}",
                          why or f"use {minimum:g} or more")
    if maximum is not None and value > maximum:
        raise SourceError(loc, f"setting '{name}' for the {builder} format is {value:g}, over its limit of {maximum:g}",
                          why or f"use {maximum:g} or less")


def option_names(cls: type) -> tuple[str, ...]:
    """The options a format's options class accepts, in declaration order (for messages and ``--list-presets``)."""
    return tuple(f.name for f in dataclasses.fields(cls))


def read_options(cls: type[T], raw: FormatOptions, builder: str) -> T:
    """A builder's typed options: defaults from ``cls``, values from ``publisher.yaml``.

    Raises :class:`SourceError` (a located message) for an unknown option or a
    value of the wrong type.
    """
    known = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for name, text in raw.values.items():
        loc = raw.locations.get(name, raw.loc)
        spec = known.get(name)
        if spec is None:
            close = difflib.get_close_matches(name, known, n=1)
            valid = f"options of {builder}: {', '.join(known) or 'none'}"
            hint = f"did you mean '{close[0]}'? ({valid})" if close else valid
            raise SourceError(loc, f"unknown setting '{name}' for the {builder} format", hint)
        kind = type(spec.default) if spec.default is not dataclasses.MISSING else str
        try:
            if kind is bool:
                if text.lower() not in ("true", "false", "yes", "no"):
                    raise ValueError(text)
                values[name] = text.lower() in ("true", "yes")
            else:
                values[name] = kind(text)
        except ValueError:
            raise SourceError(
                loc, f"setting '{name}' for the {builder} format must be {kind.__name__}, not {text!r}",
                _kind_hint(kind, spec),
            ) from None
        _check_limits(name, values[name], spec, loc, builder)
    return cls(**values)


def _kind_hint(kind: type, spec: dataclasses.Field[Any]) -> str:
    """What a value of the field looks like, for the message about a value of the wrong type."""
    if kind is bool:
        return "write yes or no"
    low, high = spec.metadata.get("minimum"), spec.metadata.get("maximum")
    if kind in (int, float) and low is not None and high is not None:
        return f"a number from {low:g} to {high:g}"
    return "a whole number" if kind is int else "a number" if kind is float else ""
