"""OpenMoji's catalogue, cached: the same pictures and names as reading its CSV, made again when damaged."""

from __future__ import annotations

from pathlib import Path

from builders.common import openmoji
from builders.common.openmoji import OPENMOJI_DIR, read_catalogue


def test_the_cached_catalogue_is_the_csv_catalogue(tmp_path: Path) -> None:
    cached, path = openmoji._load_or_make(OPENMOJI_DIR, [tmp_path])
    assert path is not None and path.parent == tmp_path
    again, _ = openmoji._load_or_make(OPENMOJI_DIR, [tmp_path])
    fresh = read_catalogue(OPENMOJI_DIR / "data" / "openmoji.csv")
    for loaded in (cached, again):
        assert loaded.rows == fresh.rows
        assert (loaded.by_annotation, loaded.by_tag, loaded.by_code) == (fresh.by_annotation, fresh.by_tag,
                                                                        fresh.by_code)
    assert again.find("telephone receiver") == fresh.find("U+1F4DE") == fresh.find("📞")
    assert again.pictures == fresh.pictures


def test_a_damaged_cached_catalogue_is_made_again(tmp_path: Path) -> None:
    _, path = openmoji._load_or_make(OPENMOJI_DIR, [tmp_path])
    assert path is not None
    path.write_bytes(b"\x00damaged")
    loaded, again = openmoji._load_or_make(OPENMOJI_DIR, [tmp_path])
    assert again == path and loaded.find("telephone receiver") is not None
    assert openmoji._decode(path.read_bytes()) is not None
