"""``factsheet new``: a valid skeleton factsheet for staff to fill in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import jinja2

from builders.formats.base import TEMPLATES_DIR

SKELETON_DIR = TEMPLATES_DIR / "new-factsheet"


def write_skeleton(folder: Path, factsheet_id: str, title: str, today: date, organisation: str = "") -> list[Path]:
    """Write factsheet.yaml, body.md and references.yaml; the result passes ``factsheet check``."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(SKELETON_DIR), undefined=jinja2.StrictUndefined, keep_trailing_newline=True
    )
    next_review = today.replace(year=today.year + 2) if not (today.month == 2 and today.day == 29) else date(today.year + 2, 3, 1)
    values = {
        "id": factsheet_id, "title": title, "today": today, "next_review": next_review,
        "organisation": organisation or "Example Mental Health Charity",
    }
    folder.mkdir(parents=True)
    written = []
    for template_name in sorted(env.list_templates(extensions=["j2"])):
        target = folder / template_name.removesuffix(".j2")
        target.write_text(env.get_template(template_name).render(values), encoding="utf-8")
        written.append(target)
    return written
