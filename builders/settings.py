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
from dataclasses import dataclass, field
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

    def options(self, builder: str) -> FormatOptions:
        """The raw options written for one builder (empty when none were)."""
        where = Location(str(self.path or SETTINGS_FILE))
        return self.formats.get(builder, FormatOptions({}, {}, where))


T = TypeVar("T")


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
            hint = f"did you mean '{close[0]}'?" if close else f"options of {builder}: {', '.join(known) or 'none'}"
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
                loc, f"setting '{name}' for the {builder} format must be {kind.__name__}, not {text!r}"
            ) from None
    return cls(**values)
