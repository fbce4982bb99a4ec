"""Splitting a build across machines: shard K of N builds a stable share of the factsheets.

``factsheet build --shard K/N`` builds every job of the factsheets in shard K;
N such builds (N parallel CI jobs) together build every job once, and
``factsheet catalog`` then writes what spans all factsheets (the catalog) from
their outputs.  A factsheet belongs to a shard by a hash of its id, so the
split is the same on every machine and stays the same when other factsheets
are added or removed: each shard's cached output stays valid.

A factsheet's jobs stay together in one shard because its web page lists (and
measures) the files of its other formats.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

_SHARD = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` (1-based) of ``count``."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def holds(self, factsheet_id: str) -> bool:
        """Whether the factsheet's jobs are built by this shard (exactly one shard holds each factsheet)."""
        digest = hashlib.sha256(factsheet_id.encode("utf-8")).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index - 1


def parse_shard(text: str) -> Shard:
    """``K/N`` with 1 ≤ K ≤ N, as a :class:`Shard`; raises ``ValueError`` with a message people can act on."""
    match = _SHARD.fullmatch(text)
    if not match:
        raise ValueError(f"{text!r} is not K/N (for example 2/4: the second of four shards)")
    index, count = int(match.group(1)), int(match.group(2))
    if count < 1 or not 1 <= index <= count:
        raise ValueError(f"shard {index}/{count}: K must be between 1 and N (for example 1/{max(count, 1)})")
    return Shard(index, count)
