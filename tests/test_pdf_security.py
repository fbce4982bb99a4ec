"""WeasyPrint reads local files and fetches addresses (its documentation's Security section).

The PDF builders give it a fetcher that serves only the factsheet's own folder
and ``templates/``.  These tests try to make it read something else, three
ways: through the command line (where the source checks also object), through
the builder with a model the checks never saw, and through the renderer
directly.  Each must fail with a located message and embed nothing.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pikepdf
import pytest

from builders.common.weasy import FolderFetcher, RefusedAddress, render_pdf
from builders.diagnostics import SourceError
from builders.build_context import BuildContext
from builders.formats.pdf import LargePrintBuilder, PdfBuilder
from builders.model import Factsheet, Figure, Location
from conftest import COMPLETE_SOURCE, load_clean, run_cli

BAD_ADDRESSES = [
    "../../etc/passwd",
    "/etc/passwd",
    "file:///etc/passwd",
    "http://example.com/x.png",
    "https://example.com/x.png",
    "/dev/zero",
]
PICTURE_LINE = "![A person sitting on a bench, thinking](images/bench.png"
"""How the fixture's first picture's line starts (its caption and credit follow)."""


# --------------------------------------------------------------------------
# The command line: a bad address fails the build and keeps the good PDF
# --------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the every-feature source, with a good PDF already built from it."""
    source = tmp_path / "source"
    shutil.copytree(COMPLETE_SOURCE, source)
    result = run_cli("--source", str(source), "build", "--out", str(tmp_path / "out"), "--format", "pdf")
    assert result.returncode == 0, result.stdout + result.stderr
    return source


CLI_ADDRESSES = list(BAD_ADDRESSES)


@pytest.mark.parametrize("address", CLI_ADDRESSES)
def test_build_with_a_picture_outside_the_folder_fails_and_keeps_the_old_pdf(project: Path, address: str) -> None:
    body = project / "complete-example" / "body.md"
    line = next(n for n, text in enumerate(body.read_text().splitlines(), 1) if text.startswith(PICTURE_LINE))
    body.write_text(body.read_text().replace("](images/bench.png", f"]({address}", 1))
    good = project.parent / "out" / "complete-example" / "complete-example.pdf"
    before, stamp = good.read_bytes(), good.stat().st_mtime_ns

    result = run_cli("--source", str(project), "build", "--out", str(project.parent / "out"), "--format", "pdf")

    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert f"body.md:{line}:" in output and address in output and "error:" in output
    assert "Traceback" not in output
    assert good.read_bytes() == before and good.stat().st_mtime_ns == stamp
    assert not list(good.parent.glob("*.part"))


# --------------------------------------------------------------------------
# The builder: it refuses on its own, whatever the checks did
# --------------------------------------------------------------------------


def _with_picture(factsheet: Factsheet, address: str) -> Factsheet:
    """The fixture factsheet with its first described picture pointing at ``address`` (checks bypassed)."""
    about = factsheet.sections[0]
    what = about.subsections[0]
    blocks = tuple(
        dataclasses.replace(b, image=dataclasses.replace(
            b.image, picture=dataclasses.replace(b.image.picture, src=address))) if isinstance(b, Figure) else b
        for b in what.blocks
    )
    what = dataclasses.replace(what, blocks=blocks)
    about = dataclasses.replace(about, subsections=(what, *about.subsections[1:]))
    return dataclasses.replace(factsheet, sections=(about, *factsheet.sections[1:]))


@pytest.mark.parametrize("builder", [PdfBuilder(), LargePrintBuilder()], ids=["pdf", "large-print"])
@pytest.mark.parametrize("address", BAD_ADDRESSES)
def test_builder_refuses_a_bad_address_at_the_picture_that_names_it(
    builder: PdfBuilder, address: str, tmp_path: Path,
) -> None:
    project = load_clean(COMPLETE_SOURCE)
    factsheet = _with_picture(project.factsheets[0], address)
    picture = next(b for b in factsheet.sections[0].subsections[0].blocks if isinstance(b, Figure))
    context = BuildContext(tmp_path, project.settings)

    with pytest.raises(SourceError) as error:
        builder.build(factsheet, context)

    diagnostic = error.value.diagnostic
    assert diagnostic.loc == picture.image.loc and diagnostic.loc.path.endswith("body.md")
    assert address in diagnostic.message and "refused" in diagnostic.message
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------
# The renderer and its fetcher, directly
# --------------------------------------------------------------------------

WHERE = Location("body.md", 12, 3)


def _page(body: str) -> str:
    return f'<html lang="en-GB"><head><title>T</title></head><body><h1>Test</h1>{body}</body></html>'


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A factsheet folder with one picture in it."""
    (tmp_path / "sheet" / "images").mkdir(parents=True)
    shutil.copy(COMPLETE_SOURCE / "complete-example" / "images" / "bench.png", tmp_path / "sheet" / "images")
    return tmp_path / "sheet"


def _render(folder: Path, html: str, locations: dict[str, Location] | None = None) -> Path:
    target = folder.parent / "out.pdf"
    render_pdf(html, base_url=folder, allowed_dirs=[folder], target=target, fallback_loc=Location("page"),
               locations=locations or {})
    return target


def _images(path: Path) -> int:
    with pikepdf.open(path) as pdf:
        return sum(len(page.get_images()) for page in pdf.pages)


def test_renderer_embeds_a_picture_from_the_factsheet_folder(folder: Path) -> None:
    out = _render(folder, _page('<img src="images/bench.png" alt="A bench">'))
    assert _images(out) == 1


@pytest.mark.parametrize("address", [*BAD_ADDRESSES, "ftp://example.com/x.png", "data:image/png;base64,AAAA",
                                     "file://otherhost/etc/passwd", "images/../../../etc/passwd"])
def test_renderer_refuses_a_picture_address_and_locates_it(folder: Path, address: str) -> None:
    with pytest.raises(SourceError) as error:
        _render(folder, _page(f'<img src="{address}" alt="x">'), {address: WHERE})
    assert error.value.diagnostic.loc == WHERE
    assert address in error.value.diagnostic.message
    assert not (folder.parent / "out.pdf").exists()


@pytest.mark.parametrize(
    "html",
    [
        '<link rel="stylesheet" href="file:///etc/passwd">',
        '<style>@import url("/etc/passwd");</style>',
        '<div style="background: url(/etc/passwd)">x</div>',
        '<a rel="attachment" href="/etc/passwd">attached</a>',
        '<object data="/etc/passwd" type="image/svg+xml"></object>',
    ],
    ids=["stylesheet", "css-import", "css-background", "attachment", "object"],
)
def test_renderer_refuses_every_kind_of_reference_to_an_outside_file(folder: Path, html: str) -> None:
    with pytest.raises(SourceError) as error:
        _render(folder, _page(html))
    assert "/etc/passwd" in error.value.diagnostic.message
    assert error.value.diagnostic.loc == Location("page")


def test_fetcher_refuses_a_symbolic_link_leading_out_of_the_folder(folder: Path) -> None:
    (folder / "images" / "sneaky.png").symlink_to("/etc/passwd")
    fetcher = FolderFetcher([folder])
    with pytest.raises(RefusedAddress, match="outside the factsheet's folder"):
        fetcher.fetch((folder / "images" / "sneaky.png").as_uri())


def test_fetcher_refuses_a_folder_and_a_missing_file(folder: Path) -> None:
    fetcher = FolderFetcher([folder])
    with pytest.raises(RefusedAddress, match="no such file"):
        fetcher.fetch((folder / "images").as_uri())
    with pytest.raises(RefusedAddress, match="no such file"):
        fetcher.fetch((folder / "images" / "missing.png").as_uri())


def test_fetcher_refuses_a_named_pipe_without_blocking(folder: Path) -> None:
    os.mkfifo(folder / "images" / "pipe.png")
    with pytest.raises(RefusedAddress, match="not a regular file"):
        FolderFetcher([folder]).fetch((folder / "images" / "pipe.png").as_uri())


def test_fetcher_serves_only_what_is_inside_an_allowed_folder(folder: Path) -> None:
    fetcher = FolderFetcher([folder])
    response = fetcher.fetch((folder / "images" / "bench.png").as_uri())
    assert response.read().startswith(b"\x89PNG")
    assert fetcher.served == [(folder / "images" / "bench.png").resolve()]

