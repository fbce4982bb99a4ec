"""``factsheet new``: a valid skeleton factsheet for staff to fill in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import jinja2

from builders.common.dates import add_months
from builders.build_context import TEMPLATES_DIR
from builders.settings import Organisation

SKELETON_DIR = TEMPLATES_DIR / "new-factsheet"


def write_skeleton(folder: Path, factsheet_id: str, title: str, today: date, organisation: Organisation) -> list[Path]:
    """Write factsheet.yaml, body.md and references.yaml for ``organisation``; the result passes ``factsheet check``."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(SKELETON_DIR), undefined=jinja2.StrictUndefined, keep_trailing_newline=True
    )
    values = {
        "id": factsheet_id, "title": title, "today": today,
        "next_review": add_months(today, organisation.review_period_months), "organisation": organisation.name,
    }
    folder.mkdir(parents=True)
    written = []
    for template_name in sorted(env.list_templates(extensions=["j2"])):
        target = folder / template_name.removesuffix(".j2")
        target.write_text(env.get_template(template_name).render(values), encoding="utf-8")
        written.append(target)
    return written
