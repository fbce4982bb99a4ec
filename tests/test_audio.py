"""End to end: build the audio, then open it and measure it (UKAAF MS01: navigable, consistent volume).

The MP3 is decoded with ffmpeg and measured sample by sample; chapter marks
are read back with mutagen; failures are made real (an unknown voice, a
missing encoder or engine on PATH), never mocked.
"""

from __future__ import annotations

import array
import math
import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from mutagen.id3 import ID3

from builders.common.speech.lexicon import display_text, lexicon_for
from builders.common.speech.script import Script, duration_words, easy_read_script, factsheet_script
from builders.common.urgent_check import spoken_as_quantity, spoken_late
from builders.formats.audio import AudioOptions
from builders.formats.easy_read_audio import EasyReadAudioOptions
from builders.parse import Project
from conftest import COMPLETE_SOURCE, ROOT, SAMPLE_IDS, SAMPLES_SOURCE, load_clean

FORMATS = ("audio", "easy-read-audio")
RATE = 22050

# Targets a listener's tools measure (formats.md, "Audio production"): EBU R128 loudness for mono speech
# on phones, ACX's edges, RNIB's pace.  Tolerances: ±0.5 LU (podcast platforms allow ±1).
LOUDNESS, LOUDNESS_TOLERANCE, TRUE_PEAK = -19.0, 0.5, -2.0
HEAD, TAIL = (0.5, 1.0), (1.0, 2.0)
PACE = {"full": (150, 160), "easy-read": (120, 130)}
PAUSE_DB, PAUSE_SECONDS = -45, 0.15
"""A pause: at least 0.15 s below −45 dBFS (stop consonants are shorter; espeak-ng's pauses are silence)."""


@dataclass(frozen=True)
class Built:
    mp3: Path
    vtt: Path
    transcript: Path
    script: Script
    kind: str
    gap: float


def _builds(out: Path, project: Project, factsheet_id: str, easy: bool) -> Built:
    factsheet = next(f for f in project.factsheets if f.id == factsheet_id)
    org = project.settings.organisation
    if easy:
        assert factsheet.easy_read is not None
        script = easy_read_script(factsheet, factsheet.easy_read, org, lexicon_for(factsheet))
        stem, options = f"{factsheet_id}-easy-read", EasyReadAudioOptions()
    else:
        script = factsheet_script(factsheet, org, lexicon_for(factsheet))
        stem, options = factsheet_id, AudioOptions()
    folder = out / factsheet_id
    return Built(folder / f"{stem}.mp3", folder / f"{stem}-chapters.vtt", folder / f"{stem}-transcript.txt",
                 script, "easy-read" if easy else "full", options.chapter_gap)


@pytest.fixture(scope="module")
def complete(built: Callable[[Path, tuple[str, ...]], Path], complete_project: Project) -> Built:
    return _builds(built(COMPLETE_SOURCE, FORMATS), complete_project, "complete-example", easy=False)


@pytest.fixture(scope="module")
def complete_easy(built: Callable[[Path, tuple[str, ...]], Path], complete_project: Project) -> Built:
    return _builds(built(COMPLETE_SOURCE, FORMATS), complete_project, "complete-example", easy=True)


@pytest.fixture(scope="module", params=["full", "easy-read"])
def recording(request: pytest.FixtureRequest, complete: Built, complete_easy: Built) -> Built:
    return complete if request.param == "full" else complete_easy


# --------------------------------------------------------------------------
# Measuring helpers (independent of the code under test)
# --------------------------------------------------------------------------


def probe(path: Path) -> dict[str, str]:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "a:0",
         "-show_entries", "stream=codec_name,channels,sample_rate,bit_rate:format=duration",
         "-of", "default=noprint_wrappers=1", str(path)], capture_output=True, text=True, check=True,
    ).stdout
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


def decode(path: Path) -> array.array[int]:
    done = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-map", "0:a", "-f", "s16le", "-ac", "1",
                           "-ar", str(RATE), "-"], capture_output=True, check=True)
    assert done.stderr == b"", done.stderr.decode()
    samples = array.array("h")
    samples.frombytes(done.stdout)
    if sys.byteorder == "big":
        samples.byteswap()
    return samples


def dbfs(value: float) -> float:
    return 20 * math.log10(value / 32768) if value > 0 else -math.inf


def peak_and_speech_rms(samples: array.array[int]) -> tuple[float, float]:
    """Sample peak and RMS of the 20 ms blocks louder than −45 dBFS (speech, not pauses), in dBFS."""
    peak = max((abs(s) for s in samples), default=0)
    block, energies = 441, []
    for start in range(0, len(samples) - block + 1, block):
        part = samples[start:start + block]
        energies.append(sum(s * s for s in part) / block)
    gate = (32768 * 10 ** (-45 / 20)) ** 2
    loud = [e for e in energies if e > gate]
    return dbfs(peak), dbfs(math.sqrt(sum(loud) / len(loud))) if loud else -math.inf


def id3_chapters(path: Path) -> list[tuple[str, float, float]]:
    tags = ID3(path)
    toc = [t for t in tags.getall("CTOC") if t.flags & 2]
    assert len(toc) == 1 and toc[0].flags & 3 == 3, "one top-level, ordered table of contents"
    chaps = {c.element_id: c for c in tags.getall("CHAP")}
    tocs = {c.element_id: c for c in tags.getall("CTOC")}
    top = next(t for t in tocs.values() if t.flags & 2)
    listed = [child for element in top.child_element_ids
              for child in (tocs[element].child_element_ids if element in tocs else [element])]
    assert listed == sorted(chaps, key=lambda k: chaps[k].start_time)
    return [(str(chaps[k].sub_frames["TIT2"]), chaps[k].start_time / 1000, chaps[k].end_time / 1000)
            for k in listed]


def id3_groups(path: Path) -> dict[str, list[str]]:
    """The nested table of contents: each non-top-level CTOC's title and the titles of its chapters."""
    tags = ID3(path)
    titles = {c.element_id: str(c.sub_frames["TIT2"]) for c in tags.getall("CHAP")}
    top = next(t for t in tags.getall("CTOC") if t.flags & 2)
    groups = {}
    for toc in tags.getall("CTOC"):
        if toc is not top:
            assert toc.element_id in top.child_element_ids
            groups[str(toc.sub_frames["TIT2"])] = [titles[i] for i in toc.child_element_ids]
    return groups


def ffprobe_chapters(path: Path) -> list[tuple[str, float, float]]:
    """Chapters as ffprobe (ffmpeg) reads them, in the order it finds them."""
    import json

    data = json.loads(subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(path)],
                                     capture_output=True, text=True, check=True).stdout)
    return [(c["tags"]["title"], round(float(c["start_time"]), 3), round(float(c["end_time"]), 3))
            for c in data["chapters"]]


def _ffmpeg_log(path: Path, filters: str) -> str:
    return subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-i", str(path), "-map", "0:a", "-af", filters,
                           "-f", "null", "-"], capture_output=True, text=True, check=True).stderr


def loudness(path: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP), from ffmpeg's EBU R128 meter."""
    summary = _ffmpeg_log(path, "ebur128=peak=true:framelog=verbose").rsplit("Summary:", 1)[1]
    lufs = re.search(r"I:\s+(-?[\d.]+) LUFS", summary)
    peak = re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    assert lufs and peak, summary
    return float(lufs.group(1)), float(peak.group(1))


def silences(path: Path, noise_db: int, seconds: float) -> list[tuple[float, float]]:
    """(start, end) of each silence ffmpeg's silencedetect finds; one running to the end ends there."""
    log = _ffmpeg_log(path, f"silencedetect=noise={noise_db}dB:d={seconds}")
    starts = [max(0.0, float(v)) for v in re.findall(r"silence_start: (-?[\d.]+)", log)]
    ends = [float(v) for v in re.findall(r"silence_end: ([\d.]+)", log)]
    duration = float(probe(path)["duration"])
    return list(zip(starts, ends + [duration] * (len(starts) - len(ends))))


def edges(path: Path) -> tuple[float, float]:
    """Seconds of silence (below −50 dBFS) before the first sound and after the last."""
    duration = float(probe(path)["duration"])
    found = silences(path, -50, 0.01)
    head = next((end for start, end in found if start <= 0.001), 0.0)
    tail = next((duration - start for start, end in reversed(found) if end >= duration - 0.05), 0.0)
    return head, tail


def spoken_words(transcript: Path) -> int:
    """Words the transcript says are spoken: everything after its header, chapter lines left out."""
    body = transcript.read_text(encoding="utf-8").split("\n\n", 1)[1]
    return sum(len(line.split()) for line in body.splitlines() if not line.startswith("== "))


def words_a_minute_while_speaking(mp3: Path, transcript: Path) -> float:
    """The transcript's words over the recording's length less its pauses."""
    duration = float(probe(mp3)["duration"])
    pauses = sum(end - start for start, end in silences(mp3, PAUSE_DB, PAUSE_SECONDS))
    return spoken_words(transcript) / (duration - pauses) * 60


def vtt_cues(path: Path) -> list[tuple[str, float, float]]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("WEBVTT\n")

    def seconds(stamp: str) -> float:
        h, m, s = stamp.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    cues = re.findall(r"^(\d\d:\d\d:\d\d\.\d\d\d) --> (\d\d:\d\d:\d\d\.\d\d\d)\n(.+)$", text, re.M)
    return [(title, seconds(a), seconds(b)) for a, b, title in cues]


# --------------------------------------------------------------------------
# The complete fixture: full and easy-read recordings
# --------------------------------------------------------------------------


def test_the_mp3_decodes_as_mono_speech(recording: Built) -> None:
    info = probe(recording.mp3)
    assert info["codec_name"] == "mp3" and info["channels"] == "1" and info["sample_rate"] == str(RATE)
    assert 32000 <= int(info["bit_rate"]) <= 64000
    samples = decode(recording.mp3)
    assert abs(len(samples) / RATE - float(info["duration"])) < 0.1


def test_loudness_and_true_peak_meet_the_speech_norm(recording: Built) -> None:
    lufs, peak = loudness(recording.mp3)
    assert abs(lufs - LOUDNESS) <= LOUDNESS_TOLERANCE, f"{lufs} LUFS integrated"
    assert peak <= TRUE_PEAK, f"true peak {peak} dBTP"


def test_there_is_silence_at_the_head_and_the_tail(recording: Built) -> None:
    head, tail = edges(recording.mp3)
    assert HEAD[0] <= head <= HEAD[1], f"{head:.2f} s before the first sound"
    assert TAIL[0] <= tail <= TAIL[1], f"{tail:.2f} s after the last sound"


def test_the_pace_while_speaking_is_the_target_and_the_transcript_says_it(recording: Built) -> None:
    measured = words_a_minute_while_speaking(recording.mp3, recording.transcript)
    low, high = PACE[recording.kind]
    assert low <= measured <= high, f"{measured:.1f} words a minute while speaking"
    stated = re.search(r"(\d+) words a minute while speaking", recording.transcript.read_text(encoding="utf-8"))
    assert stated is not None and abs(int(stated.group(1)) - measured) <= 3


def test_each_question_is_a_chapter_grouped_under_its_section(complete: Built, complete_project: Project) -> None:
    factsheet = complete_project.factsheets[0]
    titles = [title for title, _, _ in id3_chapters(complete.mp3)]
    assert titles == [c.title for c in complete.script.chapters]
    assert titles[:4] == ["Opening and urgent numbers", "Need help now?", "Introduction", "Key points"]
    groups = id3_groups(complete.mp3)
    for section in factsheet.sections:
        questions = [q.title_text for q in section.subsections]
        if questions:
            assert groups[section.title_text][-len(questions):] == questions
        else:
            assert section.title_text in titles


def test_no_chapter_is_only_a_heading(recording: Built) -> None:
    for chapter in recording.script.chapters:
        said = [display_text(p).rstrip(".?") for p in chapter.paragraphs]
        assert said != [chapter.title.rstrip(".?")], f"{chapter.title}: only its heading"
    shortest = min(end - start for _, start, end in id3_chapters(recording.mp3))
    assert shortest >= 5, f"a chapter of {shortest:.1f} s"


def test_chapter_frames_are_written_in_time_order(recording: Built) -> None:
    """ffmpeg reads CHAP frames in file order: its chapters must be the tag's, in time order."""
    in_file_order = ffprobe_chapters(recording.mp3)
    assert in_file_order == sorted(in_file_order, key=lambda c: c[1])
    assert [c[0] for c in in_file_order] == [c[0] for c in id3_chapters(recording.mp3)]


def test_the_audiobook_copy_has_the_same_chapters(recording: Built) -> None:
    audiobook = recording.mp3.with_suffix(".m4b")
    info = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=format_name:stream=codec_name",
                           "-of", "default=noprint_wrappers=1", str(audiobook)],
                          capture_output=True, text=True, check=True).stdout
    assert "mp4" in info and "codec_name=mp3" in info
    assert ffprobe_chapters(audiobook) == ffprobe_chapters(recording.mp3)
    assert abs(float(probe(audiobook)["duration"]) - float(probe(recording.mp3)["duration"])) < 0.1


def test_the_tags_give_genre_description_album_track_and_cover(recording: Built,
                                                               complete_project: Project) -> None:
    factsheet = complete_project.factsheets[0]
    tags = ID3(recording.mp3)
    assert str(tags["TCON"]) == "Speech"
    assert str(tags["TALB"]) == factsheet.metadata.title
    assert str(tags["TRCK"]) == "1/1"
    assert str(tags["TPOS"]) == ("2/2" if recording.kind == "easy-read" else "1/2")
    description = str(tags.getall("COMM")[0])
    assert complete_project.settings.organisation.name in description
    cover = tags.getall("APIC")[0]
    assert cover.type == 3 and cover.mime == "image/png"
    size = subprocess.run(["ffprobe", "-v", "error", "-f", "png_pipe", "-show_entries", "stream=width,height",
                           "-of", "csv=p=0", "-"], input=cover.data, capture_output=True, check=True).stdout
    assert size.decode().strip() == "1000,1000"


def test_easy_read_chapters_are_its_pages(complete_easy: Built, complete_project: Project) -> None:
    easy = complete_project.factsheets[0].easy_read
    assert easy is not None
    titles = [t for t, _, _ in id3_chapters(complete_easy.mp3)]
    own_pages = [p.heading for p in easy.pages if "urgent-help" not in p.covers]
    assert titles == ["Opening and urgent numbers", "Need help now?", *own_pages, "Hard words", "The end"]


def test_chapter_times_increase_and_lie_within_the_file(recording: Built) -> None:
    duration = float(probe(recording.mp3)["duration"])
    chapters = id3_chapters(recording.mp3)
    starts = [start for _, start, _ in chapters]
    assert starts[0] == 0 and all(a < b for a, b in zip(starts, starts[1:]))
    for (_, start, end), following in zip(chapters, [*starts[1:], None]):
        assert start < end <= duration + 0.001
        if following is not None:
            assert end == following
    assert abs(chapters[-1][2] - duration) < 0.05


def test_the_vtt_agrees_with_the_chapter_frames(recording: Built) -> None:
    frames = id3_chapters(recording.mp3)
    cues = vtt_cues(recording.vtt)
    assert [c[0] for c in cues] == [f[0] for f in frames]
    for (_, cue_start, cue_end), (_, start, end) in zip(cues, frames):
        assert abs(cue_start - start) <= 0.001 and abs(cue_end - end) <= 0.001


def test_each_chapter_starts_after_a_pause_and_with_speech(recording: Built) -> None:
    samples = decode(recording.mp3)
    for title, start, _ in id3_chapters(recording.mp3)[1:]:
        at = round(start * RATE)
        # The pause ends a little before the mark: a chapter whose first sound is voiced at once
        # ("Need help now?") starts speaking right at its mark, within the MP3 decoder's delay of it.
        before = samples[at - round(0.4 * RATE):at - round(0.1 * RATE)]
        after = samples[at:at + round(1.5 * RATE)]
        assert peak_and_speech_rms(before)[0] < -40, f"{title}: speech in the pause before it"
        assert peak_and_speech_rms(after)[1] > -30, f"{title}: no speech at its start"


def test_no_chapter_is_silent_or_clipped_and_levels_agree(recording: Built) -> None:
    samples = decode(recording.mp3)
    levels = []
    for title, start, end in id3_chapters(recording.mp3):
        part = samples[round(start * RATE):round(end * RATE)]
        peak, rms = peak_and_speech_rms(part)
        assert peak <= -0.5, f"{title}: peak {peak:.2f} dBFS is at the point of clipping"
        assert part.count(32767) + part.count(-32768) == 0
        assert rms > -30, f"{title}: speech at {rms:.1f} dBFS is too quiet"
        levels.append(rms)
    # Measured: within 0.3 dB on the fixture and both samples (raw espeak-ng varies by about 4 dB
    # between a heading-only chapter and a long one before the per-chapter gain).
    assert max(levels) - min(levels) <= 1.5, f"chapter levels differ by {max(levels) - min(levels):.1f} dB"


def test_the_transcript_is_the_script_with_the_measured_length(recording: Built) -> None:
    text = recording.transcript.read_text(encoding="utf-8")
    duration = float(probe(recording.mp3)["duration"])
    assert f"This recording lasts {duration_words(duration)}." in text
    for chapter in recording.script.chapters[1:]:
        for paragraph in chapter.paragraphs:
            assert f"\n{display_text(paragraph)}\n" in text
    assert "http" not in text and "[1]" not in text and "committed suicide" not in text


def _paragraphs(transcript: Path) -> list[str]:
    body = transcript.read_text(encoding="utf-8").split("\n\n", 1)[1]
    return [p for p in body.split("\n\n") if p.strip() and not p.startswith("== ")]


def test_the_transcript_is_written_for_a_reader(recording: Built) -> None:
    """Capitals, no doubled punctuation, and the lexicon's respellings never shown (the voice's own business)."""
    for paragraph in _paragraphs(recording.transcript):
        assert paragraph[0].isupper() or paragraph[0].isdigit() or paragraph[0] == '"', paragraph
        assert not re.search(r'[.!?]["\u201d)]?\.|,,|\.\.(?!\.)', paragraph), paragraph
        assert not re.search(r"\bG Peas\b|\bnice says\b|\bpals\b|\bcams\b", paragraph), paragraph


def test_every_cross_reference_names_a_real_chapter(complete: Built) -> None:
    text = complete.transcript.read_text(encoding="utf-8")
    named = re.findall(r'the (chapter|section) "([^"]+)"', text)
    chapters = {t for t, _, _ in id3_chapters(complete.mp3)}
    sections = set(id3_groups(complete.mp3))
    for kind, title in named:
        assert title in (chapters if kind == "chapter" else sections | chapters), f"no {kind} '{title}'"


def test_the_chapters_in_the_transcript_start_where_the_marks_do(recording: Built) -> None:
    text = recording.transcript.read_text(encoding="utf-8")
    heads = re.findall(r"^== Chapter (\d+), at (\d+):(\d\d): (.+) ==$", text, re.M)
    frames = id3_chapters(recording.mp3)
    assert [h[3] for h in heads] == [f[0] for f in frames]
    assert [int(m) * 60 + int(s) for _, m, s, _ in heads] == [int(f[1]) for f in frames]


def test_the_tags_name_the_factsheet(complete: Built, complete_project: Project) -> None:
    tags = ID3(complete.mp3)
    assert str(tags["TIT2"]) == complete_project.factsheets[0].metadata.title
    assert str(tags["TPE1"]) == complete_project.settings.organisation.name


# --------------------------------------------------------------------------
# Failures: real ones, and nothing half-made left behind
# --------------------------------------------------------------------------


def _project_copy(tmp_path: Path, audio_settings: str) -> Path:
    source = tmp_path / "source"
    shutil.copytree(COMPLETE_SOURCE, source)
    publisher = source / "publisher.yaml"
    text = publisher.read_text(encoding="utf-8").replace("formats: {}", f"formats:\n  audio:\n{audio_settings}")
    publisher.write_text(text, encoding="utf-8")
    return source


def _build(source: Path, out: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builders.cli", "--source", str(source), "build", "--out", str(out),
         "--format", "audio"], cwd=ROOT, capture_output=True, text=True, timeout=600, env=env,
    )


def _left_behind(out: Path) -> list[str]:
    folder = out / "complete-example"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_an_unknown_voice_fails_clearly_and_leaves_nothing(tmp_path: Path) -> None:
    source = _project_copy(tmp_path, "    voice: xx-no-such-voice\n")
    out = tmp_path / "out"
    done = _build(source, out)
    assert done.returncode == 1
    assert "voice 'xx-no-such-voice' is not installed" in done.stdout + done.stderr
    assert "publisher.yaml" in done.stdout + done.stderr
    assert [n for n in _left_behind(out) if not n.startswith(".manifest")] == []


def test_a_missing_encoder_says_what_to_install_and_keeps_the_old_file(tmp_path: Path) -> None:
    source = _project_copy(tmp_path, "    rate: 170\n")
    out = tmp_path / "out"
    old = out / "complete-example" / "complete-example.mp3"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"previous good recording")
    env = dict(os.environ, PATH=str(tmp_path / "empty-bin"))
    done = _build(source, out, env)
    assert done.returncode == 1
    assert "ffmpeg is not installed" in done.stdout + done.stderr
    assert "apt-get install ffmpeg" in done.stdout + done.stderr
    assert old.read_bytes() == b"previous good recording"
    assert not [n for n in _left_behind(out) if n.endswith((".part", ".vtt", ".txt"))]


def test_a_missing_espeak_command_says_what_to_install(tmp_path: Path) -> None:
    source = _project_copy(tmp_path, "    engine: espeak-ng\n")
    bin_dir = tmp_path / "bin-with-ffmpeg-only"
    bin_dir.mkdir()
    (bin_dir / "ffmpeg").symlink_to(shutil.which("ffmpeg") or "/usr/bin/ffmpeg")
    out = tmp_path / "out"
    done = _build(source, out, dict(os.environ, PATH=str(bin_dir)))
    assert done.returncode == 1
    assert "'espeak-ng' is not installed" in done.stdout + done.stderr
    assert [n for n in _left_behind(out) if not n.startswith(".manifest")] == []


def test_the_same_source_builds_identical_files(tmp_path: Path) -> None:
    """Reproducible: espeak-ng is deterministic in a fresh process, and the MP3 and tags carry no timestamps.

    A chunk espeak-ng cancels and speaks again would move every later chunk (test_speech_engine.py).
    """
    first, second = tmp_path / "one", tmp_path / "two"
    for out in (first, second):
        assert _build(COMPLETE_SOURCE, out).returncode == 0
    names = ["complete-example.mp3", "complete-example.m4b", "complete-example-chapters.vtt",
             "complete-example-transcript.txt"]
    for name in names:
        # Digests, not bytes: pytest's diff of two MP3s takes minutes.
        one, two = ((folder / "complete-example" / name).read_bytes() for folder in (first, second))
        assert hashlib.sha256(one).hexdigest() == hashlib.sha256(two).hexdigest(), name


# --------------------------------------------------------------------------
# The two samples
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def samples(built: Callable[[Path, tuple[str, ...]], Path]) -> tuple[Path, Project]:
    project = load_clean(SAMPLES_SOURCE)
    return built(SAMPLES_SOURCE, FORMATS), project


@pytest.mark.parametrize("factsheet_id", SAMPLE_IDS)
def test_each_sample_builds_with_a_chapter_per_section(samples: tuple[Path, Project], factsheet_id: str) -> None:
    out, project = samples
    result = _builds(out, project, factsheet_id, easy=False)
    chapters = id3_chapters(result.mp3)
    factsheet = next(f for f in project.factsheets if f.id == factsheet_id)
    titles = [t for t, _, _ in chapters]
    groups = id3_groups(result.mp3)
    for section in factsheet.sections:
        assert section.title_text in titles or section.title_text in groups
        assert all(q.title_text in titles for q in section.subsections)
    assert titles == [c.title for c in result.script.chapters]
    shortest = min(end - start for _, start, end in chapters)
    assert shortest >= 5, f"a chapter of {shortest:.1f} s"
    assert ffprobe_chapters(result.mp3.with_suffix(".m4b")) == ffprobe_chapters(result.mp3)
    cues = vtt_cues(result.vtt)
    assert [c[0] for c in cues] == titles
    assert all(abs(c[1] - f[1]) <= 0.001 and abs(c[2] - f[2]) <= 0.001 for c, f in zip(cues, chapters))
    duration = float(probe(result.mp3)["duration"])
    transcript = result.transcript.read_text(encoding="utf-8")
    assert f"This recording lasts {duration_words(duration)}." in transcript
    # Issue 12: every urgent number heard as dialled by 15 s; no source number said as a quantity.
    assert spoken_late(factsheet, transcript) == ()
    assert spoken_as_quantity(factsheet, transcript) == ()


def test_every_urgent_number_is_said_as_dialled_within_15_seconds(recording: Built,
                                                                  complete_project: Project) -> None:
    """The urgent-help chapter starts the recording, and each number in it is heard by 15 s (issue 12),
    in the easy-read recording too (it says its opening at the full pace, the help page slowly)."""
    factsheet = complete_project.factsheets[0]
    transcript = recording.transcript.read_text(encoding="utf-8")
    assert spoken_late(factsheet, transcript) == ()
    assert spoken_as_quantity(factsheet, transcript) == ()
    title, start, _ = id3_chapters(recording.mp3)[0]
    assert title == "Opening and urgent numbers" and start == 0.0


SENTENCE_PAUSE = 0.45
"""A pause this long ends a sentence (espeak-ng: about 0.5 to 0.6 s; after a comma 0.2 to 0.3 s)."""


def last_number_heard_at(mp3: Path, numbers_sentence: str, number_words: str) -> float:
    """When the last urgent number starts, measured on the decoded audio.

    ffmpeg silencedetect finds the opening's sentences (pauses of 0.45 s or more) and the clauses
    of the second, the urgent numbers (pauses at its commas); the number starts within its clause
    in proportion to the words before it.
    """
    found = [(a, b) for a, b in silences(mp3, PAUSE_DB, PAUSE_SECONDS) if b < 30]
    head = found[0][1]
    ends = [a for a, b in found[1:] if b - a >= SENTENCE_PAUSE]
    sentence_start = next(b for a, b in found[1:] if b - a >= SENTENCE_PAUSE)
    sentence_end = ends[1]
    clause_start = max([b for a, b in found if sentence_start <= a < sentence_end], default=sentence_start)
    clause = re.split(r"[,;:] ", numbers_sentence)[-1].split()
    before = clause.index(number_words.split()[0])
    assert head < sentence_start < clause_start < sentence_end
    return clause_start + (sentence_end - clause_start) * before / len(clause)


@pytest.mark.parametrize("easy", [False, True], ids=["full", "easy-read"])
@pytest.mark.parametrize("factsheet_id", SAMPLE_IDS)
def test_each_sample_says_its_last_urgent_number_within_14_seconds(samples: tuple[Path, Project],
                                                                    factsheet_id: str, easy: bool) -> None:
    """Issue 12: every urgent number within 15 s; measured on the audio, with a second to spare."""
    out, project = samples
    result = _builds(out, project, factsheet_id, easy=easy)
    opening = display_text(result.script.chapters[0].paragraphs[0])
    numbers_sentence = re.split(r"(?<=[.?!]) ", opening)[1]
    assert numbers_sentence.startswith("Call nine nine nine") and numbers_sentence.endswith(
        "or text SHOUT to eight five two five eight.")
    assert last_number_heard_at(result.mp3, numbers_sentence, "eight five two five eight") <= 14.0


@pytest.mark.parametrize("easy", [False, True], ids=["full", "easy-read"])
@pytest.mark.parametrize("factsheet_id", SAMPLE_IDS)
def test_each_sample_meets_the_level_edge_and_pace_targets(samples: tuple[Path, Project], factsheet_id: str,
                                                          easy: bool) -> None:
    out, project = samples
    result = _builds(out, project, factsheet_id, easy=easy)
    lufs, peak = loudness(result.mp3)
    head, tail = edges(result.mp3)
    pace = words_a_minute_while_speaking(result.mp3, result.transcript)
    figures = f"{lufs} LUFS, {peak} dBTP, head {head:.2f} s, tail {tail:.2f} s, {pace:.1f} words a minute"
    assert abs(lufs - LOUDNESS) <= LOUDNESS_TOLERANCE and peak <= TRUE_PEAK, figures
    assert HEAD[0] <= head <= HEAD[1] and TAIL[0] <= tail <= TAIL[1], figures
    low, high = PACE[result.kind]
    assert low <= pace <= high, figures
