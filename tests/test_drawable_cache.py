"""The characters the PDF fonts can draw: read from the fonts once, then from a small cached list."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from builders.common import fonts

pytestmark = pytest.mark.skipif(not all(p.is_file() for p in fonts.REGULAR_FONTS), reason="fonts not installed")


def _best_cmaps() -> frozenset[int]:
    """What fontTools says the regular faces map, read directly."""
    points: set[int] = set()
    for path in fonts.REGULAR_FONTS:
        with TTFont(str(path)) as font:
            points.update(font.getBestCmap())
    return frozenset(points)


def test_the_cached_list_holds_exactly_the_fonts_characters(tmp_path: Path) -> None:
    made, path = fonts._load_or_make([tmp_path])
    assert path is not None and path.parent == tmp_path
    assert made == _best_cmaps()
    assert fonts.drawable() == made


def test_the_second_use_reads_only_the_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, made = fonts._load_or_make([tmp_path])
    monkeypatch.setattr(fonts, "read_points", lambda paths: pytest.fail("read the fonts again"))
    again, path = fonts._load_or_make([tmp_path])
    assert path == made and again == first


def test_ranges_round_trip_with_single_characters_and_gaps() -> None:
    points = {0x20, 0x21, 0x22, 0x41, 0x1F600, 0x1F601}
    data = fonts.encode_points(points)
    assert data.decode().splitlines()[1:] == ["20-22", "41-41", "1f600-1f601"]
    assert fonts.decode_points(data) == frozenset(points)


def test_a_damaged_list_is_made_again(tmp_path: Path) -> None:
    _, made = fonts._load_or_make([tmp_path])
    assert made is not None
    whole = made.read_bytes()
    for damaged in (whole[:40] + b"zz", whole[:whole.index(b"\n", 40) + 1]):  # bad digits; cut at a line end
        made.write_bytes(damaged)
        points, path = fonts._load_or_make([tmp_path])
        assert path == made and points == _best_cmaps()
