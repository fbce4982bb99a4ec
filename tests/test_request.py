"""Personal copies on request (``factsheet request``): each preset built and measured as a reader would.

The copies are read with tools that are not our code: pdfplumber (glyph
sizes, page size, background and text colours, line spacing), python-docx
(styles, page colour), ffprobe and ffmpeg's silencedetect (how fast the voice
speaks), liblouis's ``lou_translate`` (braille grade).  Every request runs the
real command in a throw-away working folder, so its ``requests/log.csv`` and
the published ``output/`` it must never touch are the test's own.
"""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import docx
import pdfplumber
import pytest

from builders.common.presets import ALL_PRESETS
from conftest import COMPLETE_SOURCE, SAMPLE_IDS, SAMPLES_SOURCE, run_cli
from test_easy_read_pdf import rows as easy_read_rows

TODAY = "2026-05-04"
NOTE = "This copy was made on request on 4 May 2026, from version"
Request = Callable[..., tuple[subprocess.CompletedProcess[str], Path]]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working folder of the module's own: requests/log.csv is written here."""
    return tmp_path_factory.mktemp("office")


@pytest.fixture(scope="module")
def request_copy(workdir: Path) -> Request:
    """``request_copy(id, *args, source=...)`` → (the finished command, its --out folder), each made once."""
    made: dict[tuple[str, ...], tuple[subprocess.CompletedProcess[str], Path]] = {}

    def make(factsheet_id: str, *args: str, source: Path = SAMPLES_SOURCE) -> tuple[subprocess.CompletedProcess[str], Path]:
        key = (str(source), factsheet_id, *args)
        if key not in made:
            out = workdir / "copies" / f"copy-{len(made)}"
            result = run_cli("--source", str(source), "request", factsheet_id, *args, "--out", str(out),
                             "--today", TODAY, cwd=workdir)
            made[key] = (result, out)
        return made[key]

    return make


def only_file(out: Path, suffix: str) -> Path:
    (found,) = [p for p in out.iterdir() if p.name.endswith(suffix) and ("-transcript" in suffix or "-transcript"
                                                                         not in p.name)]
    return found


def pdf_text(path: Path) -> str:
    return " ".join(subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


def glyph_sizes(path: Path) -> set[float]:
    with pdfplumber.open(path) as pdf:
        return {round(char["size"], 2) for page in pdf.pages for char in page.chars}


def relative_luminance(rgb: tuple[float, ...]) -> float:
    """WCAG 2 relative luminance of a colour given as 0..1 channels (pdfplumber's colours)."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rgb(colour: object) -> tuple[float, ...]:
    """pdfplumber's colour as RGB (a grey is one number)."""
    values = tuple(colour) if isinstance(colour, (tuple, list)) else (colour,)
    return values * 3 if len(values) == 1 else values


# --------------------------------------------------------------------------
# Every preset, both samples
# --------------------------------------------------------------------------

PRINTED = [p.name for p in ALL_PRESETS if p.name != "audio-slow"]
"""Audio is measured on the small fixture below: the samples take minutes to speak."""


@pytest.mark.parametrize("factsheet_id", SAMPLE_IDS)
@pytest.mark.parametrize("preset", PRINTED)
def test_every_preset_builds_for_both_samples_and_says_it_was_made_on_request(
        request_copy: Request, preset: str, factsheet_id: str) -> None:
    result, out = request_copy(factsheet_id, "--preset", preset)
    assert result.returncode == 0, result.stderr
    assert f"preset: {preset}" in result.stdout
    files = sorted(out.iterdir())
    assert files and all(str(f) in result.stdout for f in files)
    main = files[0]
    if main.suffix == ".pdf":
        text = pdf_text(main)
    elif main.suffix == ".docx":
        text = " ".join(p.text for p in docx.Document(str(main)).paragraphs)
    else:  # braille: read back by liblouis
        text = " ".join(lou_back("en-ueb-g1.ctb", main).split())
    assert NOTE.lower().replace(",", "") in text.lower().replace(",", ""), text[-600:]


# --------------------------------------------------------------------------
# What each preset promises, measured
# --------------------------------------------------------------------------


def test_clear_print_has_no_glyph_under_14_pt(request_copy: Request) -> None:
    """RNIB Clear Print: 14 pt; the running header and footer grow with the body."""
    result, out = request_copy("self-harm", "--preset", "clear-print")
    assert min(glyph_sizes(only_file(out, ".pdf"))) >= 14.0


@pytest.mark.parametrize(("preset", "size", "paper"), [("large-print-24", 24.0, (595, 842)),
                                                        ("large-print-28", 28.0, (842, 1191))])
def test_large_print_presets_have_no_glyph_under_their_size(request_copy: Request, preset: str, size: float,
                                                             paper: tuple[int, int]) -> None:
    result, out = request_copy("self-harm", "--preset", preset)
    path = only_file(out, ".pdf")
    assert min(glyph_sizes(path)) >= size
    with pdfplumber.open(path) as pdf:
        assert (round(pdf.pages[0].width), round(pdf.pages[0].height)) == paper
        first = pdf.pages[0].extract_text()
    for number in ("999", "116 123", "85258"):  # the urgent numbers stay on page 1 however large the type
        assert number in first


def test_dyslexia_copy_is_sans_serif_on_cream_with_one_and_a_half_line_spacing_and_no_italics(
        request_copy: Request) -> None:
    result, out = request_copy("self-harm", "--preset", "dyslexia")
    path = only_file(out, ".pdf")
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        backgrounds = [r for r in page.rects if r["width"] >= page.width - 1 and r["height"] >= page.height - 1]
        assert backgrounds, "no full-page background"
        background = rgb(backgrounds[0]["non_stroking_color"])
        r, g, b = background
        assert r > 0.95 and g > 0.9 and 0.8 < b < 0.93, f"not cream: {background}"
        fonts = {c["fontname"] for p in pdf.pages for c in p.chars}
        assert not [f for f in fonts if "Italic" in f or "Oblique" in f], fonts
        assert all("Sans" in f for f in fonts), fonts
        text_colours = {rgb(c["non_stroking_color"]) for p in pdf.pages[:3] for c in p.chars}
        assert min(contrast(colour, background) for colour in text_colours) >= 7.0
        body = [c for c in page.chars if round(c["size"], 1) == 14.0]
        tops = sorted({round(c["top"], 1) for c in body})
        gaps = [round(b - a, 1) for a, b in zip(tops, tops[1:]) if b - a < 14 * 2]
        spacing = max(set(gaps), key=gaps.count) / 14.0
        assert 1.45 <= spacing <= 1.55, gaps
    assert min(glyph_sizes(path)) >= 14.0


def test_easy_read_large_has_larger_words_and_pictures(request_copy: Request) -> None:
    """People First: 18 pt or more (the preset: 20); pictures 4.5 cm (128 pt) a side."""
    result, out = request_copy("self-harm", "--preset", "easy-read-large")
    path = only_file(out, ".pdf")
    assert min(glyph_sizes(path)) >= 20.0
    sides = {round(row.box[2] - row.box[0]) for row in easy_read_rows(path)}  # each Figure's box, in points
    assert sides == {128}, sides


def test_a_word_copy_takes_the_readers_look(request_copy: Request) -> None:
    result, out = request_copy("self-harm", "--format", "docx", "--preset", "dyslexia")
    assert result.returncode == 0, result.stderr
    document = docx.Document(str(only_file(out, ".docx")))
    normal = document.styles["Normal"]
    assert normal.font.size.pt == 14.0 and normal.paragraph_format.line_spacing == 1.5
    assert normal.font.name == "Liberation Sans"
    background = document.element.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}background")
    assert background is not None and background.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}color") == "FDF6E3"
    italic_runs = [r.text for p in document.paragraphs for r in p.runs if r.italic]
    assert not italic_runs


# --------------------------------------------------------------------------
# Audio: how fast the voice speaks, measured from the MP3
# --------------------------------------------------------------------------


def spoken_words(transcript: Path) -> int:
    """Words the recording says: the transcript's body, without its header and chapter lines."""
    lines = transcript.read_text(encoding="utf-8").splitlines()
    body = [line for line in lines[3:] if not line.startswith("== Chapter")]
    return len(" ".join(body).split())


def speaking_minutes(mp3: Path) -> tuple[float, float]:
    """(whole length, length less pauses of 0.25 s or more) in minutes, from ffprobe and silencedetect."""
    duration = float(subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                                     str(mp3)], capture_output=True, text=True, check=True).stdout)
    log = subprocess.run(["ffmpeg", "-hide_banner", "-nostats", "-i", str(mp3), "-af",
                          "silencedetect=noise=-45dB:d=0.25", "-f", "null", "-"],
                         capture_output=True, text=True, check=True).stderr
    silence = sum(float(s) for s in re.findall(r"silence_duration: ([\d.]+)", log))
    return duration / 60, (duration - silence) / 60


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_audio_slow_is_spoken_at_about_120_words_a_minute(request_copy: Request, complete_project) -> None:
    slow, slow_out = request_copy("complete-example", "--preset", "audio-slow", source=COMPLETE_SOURCE)
    usual, usual_out = request_copy("complete-example", "--format", "audio", source=COMPLETE_SOURCE)
    assert slow.returncode == 0 and usual.returncode == 0, slow.stderr + usual.stderr
    rates = {}
    for name, out in (("slow", slow_out), ("usual", usual_out)):
        words = spoken_words(only_file(out, "-transcript.txt"))
        whole, speaking = speaking_minutes(only_file(out, ".mp3"))
        rates[name] = (words / whole, words / speaking)
    assert 105 <= rates["slow"][1] <= 135, rates  # while speaking: the preset's 120, within espeak-ng's accuracy
    assert rates["slow"][0] < 0.85 * rates["usual"][0], rates  # delivered, pauses and all: clearly slower
    transcript = only_file(slow_out, "-transcript.txt").read_text(encoding="utf-8")
    assert "This copy was made on request on the fourth of May" in transcript  # said in the closing


# --------------------------------------------------------------------------
# Braille grade, read back by liblouis
# --------------------------------------------------------------------------


def lou_back(table: str, brf: Path) -> str:
    """The BRF read back into print by liblouis's ``lou_translate`` (cells in the lower-case half)."""
    cells = brf.read_text(encoding="ascii").replace("\f", "\n").replace("\r", "")
    lower = cells.translate(str.maketrans("@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^", "`abcdefghijklmnopqrstuvwxyz{|}~"))
    return subprocess.run(["lou_translate", "--backward", table], input=lower, capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.skipif(shutil.which("lou_translate") is None, reason="liblouis-bin is not installed")
def test_uncontracted_braille_is_grade_1(request_copy: Request) -> None:
    grade1, out1 = request_copy("self-harm", "--format", "braille", "--set", "grade=1")
    grade2, out2 = request_copy("self-harm", "--format", "braille")
    assert grade1.returncode == 0 and grade2.returncode == 0
    brf1, brf2 = only_file(out1, ".brf"), only_file(out2, ".brf")
    # Grade 1 has no contractions: the grade-1 table reads it back word for word, the grade-2 one does not.
    words = ("Samaritans", "because", "people", "with", "should")
    back1 = lou_back("en-ueb-g1.ctb", brf1)
    assert all(word in back1 for word in words)
    misread = lou_back("en-ueb-g1.ctb", brf2)
    assert not all(word in misread for word in ("because", "people", "should"))
    assert brf1.stat().st_size > brf2.stat().st_size * 1.1  # contractions make grade 2 shorter


# --------------------------------------------------------------------------
# Refusals: nothing built, nothing logged
# --------------------------------------------------------------------------


def log_lines(workdir: Path) -> list[dict[str, str]]:
    log = workdir / "requests" / "log.csv"
    if not log.exists():
        return []
    with log.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(("args", "message", "hint"), [
    (("--format", "large-print", "--set", "font_size=14"),
     "--set font_size=14: error: large print font_size 14 pt is under 16 pt", "UKAAF MS03"),
    (("--format", "pdf", "--set", "font_size=10"),
     "--set font_size=10: error: setting 'font_size' for the pdf format is 10, under its floor of 12", "clear print"),
    (("--format", "audio", "--set", "rate=60"),
     "--set rate=60: error: setting 'rate' for the audio format is 60, under its floor of 90", "words a minute"),
    (("--format", "large-print", "--set", "colour=black-on-cream"),
     "error: unknown setting 'colour' for the large-print format", "did you mean 'colours'?"),
    (("--format", "pdf", "--set", "colours=pink-on-red"),
     "error: setting 'colours' for the pdf format cannot be 'pink-on-red'", "choose one of: default, black-on-white"),
    (("--format", "pdf", "--set", "paper=A5"), "cannot be 'A5'", "choose one of: A4, A3"),
    (("--format", "pdf", "--set", "font_family=comic-sans"), "cannot be 'comic-sans'", "liberation-sans, dejavu-sans"),
    (("--format", "pdf", "--set", "font_size=big"), "must be float, not 'big'", "a number from 12 to 48"),
    (("--format", "pdf", "--set", "font_size"), "error: --set 'font_size' is not KEY=VALUE", "--set font_size=24"),
    (("--format", "pdf", "--preset", "audio-slow"), "the preset 'audio-slow' is not made for the pdf format",
     "--format audio"),
    (("--preset", "giant"), "error: no preset 'giant'", "presets: clear-print"),
    (("--format", "web"), "error: no format 'web' can be made on request", "formats: pdf, large-print"),
    (("--format", "text", "--set", "font_size=20"), "error: unknown setting 'font_size' for the text format",
     "options of text: none"),
])
def test_a_refused_request_says_why_and_builds_and_logs_nothing(
        tmp_path: Path, args: tuple[str, ...], message: str, hint: str) -> None:
    out = tmp_path / "copy"
    result = run_cli("--source", str(SAMPLES_SOURCE), "request", "self-harm", *args, "--out", str(out), cwd=tmp_path)
    assert result.returncode == 1
    assert message in result.stderr and hint in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())
    assert log_lines(tmp_path) == []


def test_an_unknown_setting_lists_the_valid_ones(tmp_path: Path) -> None:
    result = run_cli("--source", str(SAMPLES_SOURCE), "request", "self-harm", "--format", "large-print",
                     "--set", "shade=blue", "--out", str(tmp_path / "copy"), cwd=tmp_path)
    assert result.returncode == 1
    for option in ("font_size", "font_family", "line_spacing", "letter_spacing", "word_spacing", "colours",
                   "margins", "paper", "italics"):
        assert option in result.stderr


# --------------------------------------------------------------------------
# The record, and what a request never touches
# --------------------------------------------------------------------------


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_log_holds_one_line_per_request_and_nothing_personal(tmp_path: Path) -> None:
    for args in (("--preset", "large-print-24"), ("--format", "docx", "--set", "font_size=16"),
                 ("--format", "braille", "--set", "grade=1")):
        result = run_cli("--source", str(SAMPLES_SOURCE), "request", "self-harm-and-addiction", *args,
                         "--today", TODAY, "--out", str(tmp_path / f"copy-{len(args)}-{args[-1]}"), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    with (tmp_path / "requests" / "log.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    assert header == ["date", "factsheet", "version", "format", "preset", "settings"]
    assert rows == [
        [TODAY, "self-harm-and-addiction", "1.0", "large-print", "large-print-24", "font_size=24"],
        [TODAY, "self-harm-and-addiction", "1.0", "docx", "", "font_size=16"],
        [TODAY, "self-harm-and-addiction", "1.0", "braille", "", "grade=1"],
    ]
    summary = run_cli("requests", "--summary", cwd=tmp_path)
    assert summary.returncode == 0
    lines = [line.split() for line in summary.stdout.splitlines()]
    assert ["2026-05", "large-print", "1"] in lines and ["2026-05", "all", "formats", "3"] in lines
    assert ["all", "months", "all", "formats", "3"] in lines


def test_a_request_never_touches_the_published_output_or_its_manifest(tmp_path: Path) -> None:
    published = tmp_path / "output"
    built = run_cli("--source", str(COMPLETE_SOURCE), "build", "--format", "pdf,large-print", "--out", str(published),
                    cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert (published / ".manifest.json").is_file()
    before = tree_digest(published)
    result = run_cli("--source", str(COMPLETE_SOURCE), "request", "complete-example", "--preset", "large-print-24",
                     "--out", str(tmp_path / "copy"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert tree_digest(published) == before
    assert (tmp_path / "requests" / "log.csv").is_file() and (tmp_path / "copy").is_dir()
    inside = run_cli("--source", str(COMPLETE_SOURCE), "request", "complete-example", "--preset", "large-print-24",
                     "--out", str(published / "complete-example"), cwd=tmp_path)
    assert inside.returncode == 1 and "inside the published output folder" in inside.stderr
    assert tree_digest(published) == before


# --------------------------------------------------------------------------
# Presets, and where readers learn they can ask
# --------------------------------------------------------------------------


def test_list_presets_shows_every_preset_with_its_formats_settings_and_source() -> None:
    result = run_cli("request", "--list-presets")
    assert result.returncode == 0
    for preset in ALL_PRESETS:
        assert f"{preset.name}: {preset.description}" in result.stdout
        assert preset.source and preset.source in result.stdout


def test_every_colour_pair_has_at_least_7_to_1_contrast() -> None:
    from builders.common.look import COLOUR_PAIRS

    def channels(colour: str) -> tuple[float, ...]:
        return tuple(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))

    for name, pair in COLOUR_PAIRS.items():
        assert contrast(channels(pair.text), channels(pair.background)) >= 7.0, name


def test_the_page_and_catalog_offer_another_format_with_the_contacts(tmp_path: Path, sample_project) -> None:
    result = run_cli("--source", str(SAMPLES_SOURCE), "build", "self-harm", "--format", "web",
                     "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    contacts = " ".join(sample_project.settings.organisation.other_formats.split())
    for page in (tmp_path / "out" / "self-harm" / "index.html", tmp_path / "out" / "index.html"):
        html = " ".join(page.read_text(encoding="utf-8").split())
        assert "Ask for another format" in html and contacts in html
        for preset in ALL_PRESETS:
            assert f"<li>{preset.description}</li>" in html
