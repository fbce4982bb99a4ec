"""Easy-read pictures drawn once and kept: the kept PNG is exactly cairosvg's drawing, and a changed picture is drawn afresh."""

from __future__ import annotations

from pathlib import Path

import cairosvg

from builders.common.openmoji import OPENMOJI_DIR
from builders.common.picture_raster import square_png

TELEPHONE = OPENMOJI_DIR / "color" / "svg" / "1F4DE.svg"


def test_a_kept_drawing_is_cairosvgs_drawing(tmp_path: Path) -> None:
    first = square_png(TELEPHONE, 300, [tmp_path])
    kept = list(tmp_path.glob("picture-*-300px-*.png"))
    assert len(kept) == 1 and kept[0].read_bytes() == first
    assert first == cairosvg.svg2png(url=str(TELEPHONE), output_width=300, output_height=300)
    assert square_png(TELEPHONE, 300, [tmp_path]) == first


def test_a_kept_drawing_is_used_instead_of_drawing_again(tmp_path: Path) -> None:
    square_png(TELEPHONE, 300, [tmp_path])
    kept = next(tmp_path.glob("picture-*.png"))
    marked = kept.read_bytes() + b"kept"  # still a PNG by its signature: proof the kept file was read
    kept.write_bytes(marked)
    assert square_png(TELEPHONE, 300, [tmp_path]) == marked


def test_a_damaged_drawing_is_drawn_again(tmp_path: Path) -> None:
    first = square_png(TELEPHONE, 300, [tmp_path])
    next(tmp_path.glob("picture-*.png")).write_bytes(b"\x00damaged")
    assert square_png(TELEPHONE, 300, [tmp_path]) == first


def test_an_edited_picture_or_another_size_is_drawn_afresh(tmp_path: Path) -> None:
    edited = tmp_path / "edited.svg"
    edited.write_bytes(TELEPHONE.read_bytes().replace(b"<svg ", b"<svg data-edited=\"1\" ", 1))
    square_png(TELEPHONE, 300, [tmp_path / "cache"])
    square_png(edited, 300, [tmp_path / "cache"])
    square_png(TELEPHONE, 120, [tmp_path / "cache"])
    assert len(list((tmp_path / "cache").glob("picture-*.png"))) == 3
