"""Chapter marks: ID3 CHAP/CTOC frames in the MP3 and a WebVTT chapters file beside it.

UKAAF MS01 (Audio): a recording is navigable, so a listener can jump by
heading.  ID3v2 chapters (CHAP frames listed by one ordered, top-level CTOC)
are what podcast players and DAISY-aware players read; WebVTT chapters serve
HTML ``<track kind="chapters">``.  Both are written from the same timings.
"""

from __future__ import annotations

import math

from dataclasses import dataclass
from pathlib import Path

from mutagen.id3 import CHAP, CTOC, ID3, TALB, TCOP, TIT2, TLAN, TPE1, TYER, CTOCFlags

NO_OFFSET = 0xFFFFFFFF
"""ID3 CHAP: byte offsets unused (times are authoritative)."""


@dataclass(frozen=True)
class ChapterMark:
    """One chapter's name and its start and end, in seconds from the start of the file."""

    title: str
    start: float
    end: float


@dataclass(frozen=True)
class Tags:
    """What the MP3 says about itself."""

    title: str
    artist: str
    album: str
    copyright: str
    year: int
    language: str = "eng"


def write_id3(path: Path, tags: Tags, marks: tuple[ChapterMark, ...]) -> None:
    """Write ID3v2.3 tags with one CHAP frame per chapter and a CTOC listing them in order."""
    id3 = ID3()
    id3.add(TIT2(encoding=3, text=[tags.title]))
    id3.add(TPE1(encoding=3, text=[tags.artist]))
    id3.add(TALB(encoding=3, text=[tags.album]))
    id3.add(TCOP(encoding=3, text=[tags.copyright]))
    id3.add(TYER(encoding=3, text=[str(tags.year)]))
    id3.add(TLAN(encoding=3, text=[tags.language]))
    ids = [f"chp{number}" for number in range(1, len(marks) + 1)]
    id3.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids,
                 sub_frames=[TIT2(encoding=3, text=["Chapters"])]))
    for element_id, mark in zip(ids, marks, strict=True):
        id3.add(CHAP(element_id=element_id, start_time=milliseconds(mark.start), end_time=milliseconds(mark.end),
                     start_offset=NO_OFFSET, end_offset=NO_OFFSET,
                     sub_frames=[TIT2(encoding=3, text=[mark.title])]))
    id3.save(path, v2_version=3, padding=lambda info: 0)


def milliseconds(seconds: float) -> int:
    """A chapter time in whole milliseconds, rounded down: a chapter mark never falls after its first sound
    (rounded to the nearest, it could land up to half a millisecond into the speech)."""
    return math.floor(seconds * 1000)


def vtt_time(seconds: float) -> str:
    """A WebVTT timestamp: hh:mm:ss.ttt."""
    millis = milliseconds(seconds)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def render_vtt(marks: tuple[ChapterMark, ...]) -> str:
    """The chapters as a WebVTT file: one numbered cue per chapter, named after it."""
    cues = ["WEBVTT", ""]
    for number, mark in enumerate(marks, 1):
        cues += [f"chapter-{number}", f"{vtt_time(mark.start)} --> {vtt_time(mark.end)}", mark.title, ""]
    return "\n".join(cues)
