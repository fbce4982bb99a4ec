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

from mutagen.id3 import APIC, CHAP, COMM, CTOC, ID3, TALB, TCON, TCOP, TIT2, TLAN, TPE1, TPOS, TRCK, TYER, CTOCFlags
from mutagen.id3._tags import save_frame

NO_OFFSET = 0xFFFFFFFF
"""ID3 CHAP: byte offsets unused (times are authoritative)."""


@dataclass(frozen=True)
class ChapterMark:
    """One chapter's name and its start and end, in seconds from the start of the file."""

    title: str
    start: float
    end: float
    group: str = ""
    """The section the chapter belongs to in the nested table of contents ("" for a top-level chapter)."""


@dataclass(frozen=True)
class Tags:
    """What the MP3 says about itself."""

    title: str
    artist: str
    album: str
    copyright: str
    year: int
    language: str = "eng"
    genre: str = "Speech"
    description: str = ""
    track: tuple[int, int] = (1, 1)
    """(number, total) of this recording in its album."""
    disc: tuple[int, int] = (1, 1)
    cover_png: bytes = b""


class _OrderedID3(ID3):
    """ID3 tags written in the order they were added.

    mutagen sorts frames by size and hash, which puts CHAP frames out of time
    order; ffmpeg (an MP3 → M4B conversion) and some players read chapters in
    file order, so the order is ours: text frames, tables of contents, then
    chapters in time order, the picture last.
    """

    def __init__(self) -> None:
        super().__init__()
        self.order: list[object] = []

    def add_in_order(self, frame: object) -> None:
        """Add a frame; it is written after those added before it."""
        self.add(frame)
        self.order.append(frame)

    def _write(self, config: object) -> bytes:  # mutagen's hook for the frame data
        return b"".join(save_frame(frame, config=config) for frame in self.order)


def write_id3(path: Path, tags: Tags, marks: tuple[ChapterMark, ...]) -> None:
    """Write ID3v2.3 tags: title, artist, album, track, genre, description, cover, and nested chapters.

    One CHAP frame per chapter, in time order; a top-level, ordered CTOC lists
    the top-level chapters and, for each section, a CTOC of its own that lists
    the section's chapters (a section with its questions).
    """
    id3 = _OrderedID3()
    for frame in (
        TIT2(encoding=3, text=[tags.title]), TPE1(encoding=3, text=[tags.artist]),
        TALB(encoding=3, text=[tags.album]), TRCK(encoding=3, text=[f"{tags.track[0]}/{tags.track[1]}"]),
        TPOS(encoding=3, text=[f"{tags.disc[0]}/{tags.disc[1]}"]), TCON(encoding=3, text=[tags.genre]),
        TYER(encoding=3, text=[str(tags.year)]), TCOP(encoding=3, text=[tags.copyright]),
        TLAN(encoding=3, text=[tags.language]),
    ):
        id3.add_in_order(frame)
    if tags.description:
        id3.add_in_order(COMM(encoding=3, lang=tags.language, desc="", text=[tags.description]))
    ids = [f"chp{number}" for number in range(1, len(marks) + 1)]
    top: list[str] = []
    groups: dict[str, list[str]] = {}
    for element_id, mark in zip(ids, marks, strict=True):
        if not mark.group:
            top.append(element_id)
            continue
        if mark.group not in groups:
            groups[mark.group] = []
            top.append(f"toc{len(groups)}")
        groups[mark.group].append(element_id)
    id3.add_in_order(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=top,
                          sub_frames=[TIT2(encoding=3, text=["Chapters"])]))
    for number, (group, children) in enumerate(groups.items(), 1):
        id3.add_in_order(CTOC(element_id=f"toc{number}", flags=CTOCFlags.ORDERED, child_element_ids=children,
                              sub_frames=[TIT2(encoding=3, text=[group])]))
    for element_id, mark in zip(ids, marks, strict=True):
        id3.add_in_order(CHAP(element_id=element_id, start_time=milliseconds(mark.start),
                              end_time=milliseconds(mark.end), start_offset=NO_OFFSET, end_offset=NO_OFFSET,
                              sub_frames=[TIT2(encoding=3, text=[mark.title])]))
    if tags.cover_png:
        id3.add_in_order(APIC(encoding=3, mime="image/png", type=3, desc="Cover", data=tags.cover_png))
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
