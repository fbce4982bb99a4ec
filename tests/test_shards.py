"""``factsheet build --shard K/N`` and ``factsheet catalog``: N shards together are one full build, byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builders.shards import Shard, parse_shard
from conftest import COMPLETE_SOURCE, SAMPLE_IDS, SAMPLES_SOURCE, run_cli

FORMATS = "text,docx,pdf,braille,web"
"""A quick mix: the web page reads the other formats' files, and the catalog spans every factsheet."""


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """The two samples and the every-feature factsheet: two shards of two hold at least one each."""
    folder = tmp_path / "source"
    shutil.copytree(SAMPLES_SOURCE, folder)
    shutil.copytree(COMPLETE_SOURCE / "complete-example", folder / "complete-example")
    return folder


def _files(root: Path) -> dict[str, bytes]:
    """Every published file under ``root`` (the build's own dot-files, such as its manifest, left out)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)}


def test_union_of_the_shards_is_the_full_build_byte_for_byte(source: Path, tmp_path: Path) -> None:
    full, union = tmp_path / "full", tmp_path / "union"
    result = run_cli("--source", str(source), "build", "--format", FORMATS, "--out", str(full))
    assert result.returncode == 0, result.stderr
    shard_files = []
    for k in (1, 2):
        out = tmp_path / f"shard-{k}"
        result = run_cli("--source", str(source), "build", "--shard", f"{k}/2", "--format", FORMATS, "--out", str(out))
        assert result.returncode == 0, result.stderr
        assert not (out / "index.html").exists()  # the catalog is assembled once, from every shard
        shard_files.append(_files(out))
        shutil.copytree(out, union, dirs_exist_ok=True)
    assert all(shard_files) and not set(shard_files[0]) & set(shard_files[1])  # each built its own share
    result = run_cli("--source", str(source), "catalog", "--out", str(union))
    assert result.returncode == 0, result.stderr
    assert (union / "index.html").is_file()
    assert _files(union) == _files(full)


def test_every_factsheet_is_in_exactly_one_shard() -> None:
    ids = [f"factsheet-{n}" for n in range(200)] + list(SAMPLE_IDS)
    for count in (1, 2, 3, 7):
        shards = [Shard(k, count) for k in range(1, count + 1)]
        assert all(sum(shard.holds(i) for shard in shards) == 1 for i in ids)
        sizes = [sum(shard.holds(i) for i in ids) for shard in shards]
        assert min(sizes) > len(ids) / count / 2  # a fair share each


def test_a_factsheet_stays_in_its_shard() -> None:
    """The split is a hash of the id: the same on every machine, in every release, whatever else is added."""
    assert [k for k in (1, 2, 3, 4) if Shard(k, 4).holds("self-harm")] == [4]
    assert [k for k in (1, 2, 3, 4) if Shard(k, 4).holds("self-harm-and-addiction")] == [1]


@pytest.mark.parametrize(("text", "shard"), [("1/4", Shard(1, 4)), (" 4 / 4 ", Shard(4, 4)), ("1/1", Shard(1, 1))])
def test_shard_option_reads_k_of_n(text: str, shard: Shard) -> None:
    assert parse_shard(text) == shard


@pytest.mark.parametrize("text", ["0/4", "5/4", "1/0", "2", "a/b", "-1/2"])
def test_a_wrong_shard_is_refused_with_a_hint(text: str, source: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        parse_shard(text)
    result = run_cli("--source", str(source), "build", "--shard", text, "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and "--shard" in result.stderr and "Traceback" not in result.stderr


def test_a_shard_with_no_factsheets_builds_nothing_and_succeeds(source: Path, tmp_path: Path) -> None:
    empty = next(k for k in range(1, 9) if not any(Shard(k, 8).holds(p.name) for p in source.iterdir() if p.is_dir()))
    out = tmp_path / "out"
    result = run_cli("--source", str(source), "build", "--shard", f"{empty}/8", "--format", "text", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "no factsheets in shard" in result.stdout
    assert not _files(out) if out.exists() else True


def test_every_builder_with_a_finish_step_is_run_by_factsheet_catalog() -> None:
    """A builder that writes something spanning every factsheet is registered with ``assembles=True``."""
    from builders.formats import assembling_formats, format_names, get_builder
    from builders.formats.base import Builder

    finishing = {name for name in format_names() if type(get_builder(name)).finish is not Builder.finish}
    assert finishing == set(assembling_formats())
