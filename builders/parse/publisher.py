"""Reading ``source/publisher.yaml`` into :class:`~builders.settings.Settings`."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from yaml.nodes import MappingNode, ScalarNode

from builders.diagnostics import Diagnostics
from builders.model import Location
from builders.parse.yaml_fields import YamlFile
from builders.settings import SETTINGS_FILE, FormatOptions, Organisation, Settings


def load_settings(source_dir: Path, diagnostics: Diagnostics) -> Settings:
    """Read ``publisher.yaml`` from the source folder, reporting anything wrong in it."""
    path = source_dir / SETTINGS_FILE
    if not path.exists():
        return Settings()
    source = YamlFile.load(path, diagnostics)
    if source is None:
        return Settings(path=path)
    root = source.mapping(source.root, SETTINGS_FILE, ("organisation", "formats"))
    org = root.fields(
        "organisation", "organisation", [f.name for f in dataclasses.fields(Organisation)], required=True
    )
    organisation = Organisation(
        name=org.text("name", example="Example Mental Health Charity"),
        website=org.address("website", "organisation website"),
        other_formats=org.text("other_formats", required=False) or Organisation.other_formats,
        review_period_months=org.integer("review_period_months", required=False, minimum=1) or 36,
    )
    formats: dict[str, FormatOptions] = {}
    formats_node = root.value("formats")
    if formats_node is not None:
        all_formats = source.mapping(formats_node, "formats", ())
        for name, (_key, value) in all_formats.entries.items():
            options = source.mapping(value, f"formats.{name}", ())
            values: dict[str, str] = {}
            locations: dict[str, Location] = {}
            for option, (_k, v) in options.entries.items():
                if isinstance(v, ScalarNode):
                    values[option] = str(v.value)
                    locations[option] = source.loc(v)
                else:
                    diagnostics.error(source.loc(v), f"setting formats.{name}.{option} must be a single value")
            formats[name] = FormatOptions(values, locations, source.loc(value))
    if formats_node is not None and not isinstance(formats_node, MappingNode):
        diagnostics.error(source.loc(formats_node), "formats must map builder names to their options")
    return Settings(organisation, formats, path)
