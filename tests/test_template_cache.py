"""Page templates are compiled once and kept in the cache folder; an edited template is compiled afresh."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader

from builders.common import local_cache
from builders.formats.base import TEMPLATES_DIR


@pytest.fixture
def cache_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setattr(local_cache, "cache_folders", lambda: [tmp_path / "cache"])
    local_cache.template_cache.cache_clear()
    yield tmp_path / "cache" / "templates"
    local_cache.template_cache.cache_clear()


def _environment(folder: Path) -> Environment:
    return Environment(loader=FileSystemLoader(str(folder)), autoescape=True,
                       bytecode_cache=local_cache.template_cache())


def _never_compile(*args: object, **kwargs: object) -> None:
    pytest.fail("the template was compiled again")


def test_the_second_process_reads_the_compiled_template(cache_in: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _environment(TEMPLATES_DIR).get_template("pdf/factsheet.html.j2")
    assert len(list(cache_in.iterdir())) == 1
    again = _environment(TEMPLATES_DIR)
    monkeypatch.setattr(again, "compile", _never_compile)
    assert again.get_template("pdf/factsheet.html.j2").render is not None
    assert first.filename == again.get_template("pdf/factsheet.html.j2").filename


def test_an_edited_template_is_compiled_afresh(cache_in: Path, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.j2").write_text("Hello {{ name }}", encoding="utf-8")
    assert _environment(folder).get_template("page.j2").render(name="Sam") == "Hello Sam"
    (folder / "page.j2").write_text("Goodbye {{ name }}", encoding="utf-8")
    assert _environment(folder).get_template("page.j2").render(name="Sam") == "Goodbye Sam"


def test_without_a_writable_folder_there_is_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where a folder should be")
    monkeypatch.setattr(local_cache, "cache_folders", lambda: [blocked / "cache"])
    local_cache.template_cache.cache_clear()
    try:
        assert local_cache.template_cache() is None
    finally:
        local_cache.template_cache.cache_clear()


def test_a_cache_that_cannot_be_written_never_fails_a_build(cache_in: Path) -> None:
    environment = _environment(TEMPLATES_DIR)
    shutil.rmtree(cache_in)  # gone after the cache was chosen: writing fails quietly
    assert environment.get_template("pdf/factsheet.html.j2") is not None
