"""Braille (BRF, UEB grade 2): read back with liblouis's own ``lou_translate``, page by page.

Every check reads the built file as a braille reader's software would: the
BRF split at form feeds into pages and at CR LF into lines, and cells turned
back into print by ``lou_translate --backward`` (a tool that is not our code).
"""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from builders.common.citations import format_references
from builders.model import Factsheet, Figure, ListBlock, Paragraph, plain_text
from conftest import COMPLETE_SOURCE, SAMPLES_SOURCE, load_clean, run_cli

pytestmark = pytest.mark.skipif(shutil.which("lou_translate") is None, reason="liblouis-bin is not installed")

G2, G1 = "en-ueb-g2.ctb", "en-ueb-g1.ctb"
CELLS, LINES = 40, 25
NUMBER = re.compile(r"#[A-J]+")
CONTENTS_ENTRY = re.compile(r'^(?P<text>.*?) "{2,} (?P<number>#[A-J]+)$')


LOWER_CASE_CELLS = str.maketrans("@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^", "`abcdefghijklmnopqrstuvwxyz{|}~")
"""BRF cells as the UEB tables read them back: the same cells in the lower-case half of Braille ASCII."""
UPPER_CASE_CELLS = str.maketrans("`abcdefghijklmnopqrstuvwxyz{|}~", "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^")


def lou(table: str, text: str, backward: bool = False) -> str:
    """``lou_translate`` on each line of ``text``."""
    args = ["lou_translate", "--backward" if backward else "--forward", table]
    result = subprocess.run(args, input=text.translate(LOWER_CASE_CELLS) if backward else text,
                            capture_output=True, text=True, check=True)
    return result.stdout if backward else result.stdout.translate(UPPER_CASE_CELLS)


def page_value(cells: str) -> int:
    """A UEB number (``#AB``) as an integer (12)."""
    return int("".join(str("JABCDEFGHI".index(c)) for c in cells[1:]))


def read_pages(path: Path) -> list[list[str]]:
    """The BRF's pages as lists of lines (form feed between pages, CR LF after each line)."""
    data = path.read_bytes()
    assert data.isascii()
    pages = data.decode("ascii").split("\f")
    for page in pages:
        assert page.endswith("\r\n") and "\n" not in page.replace("\r\n", "")
    return [page.removesuffix("\r\n").split("\r\n") for page in pages]


def text_of(lines: list[str]) -> str:
    """Lines as running braille: a line ending in a hyphen runs on into the next."""
    out = ""
    for line in lines:
        line = line.strip()
        out += line if out.endswith("-") or not out else " " + line
    return out


def body_lines(page: list[str]) -> list[str]:
    """A page's lines without its page number."""
    return [NUMBER.sub("", page[0]).rstrip() if page[0].rstrip().endswith(tuple("ABCDEFGHIJ")) else page[0],
            *page[1:]]


def tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


@pytest.fixture(scope="module")
def samples(built: Callable[[Path, tuple[str, ...]], Path]) -> Path:
    return built(SAMPLES_SOURCE, ("braille", "easy-read-braille"))


BRF_FILES = [f"{i}/{i}{variant}.brf" for i in ("self-harm", "self-harm-and-addiction") for variant in ("", "-easy-read")]


@pytest.fixture(scope="module")
def self_harm(samples: Path) -> list[list[str]]:
    return read_pages(samples / "self-harm" / "self-harm.brf")


@pytest.fixture(scope="module")
def sheet() -> Factsheet:
    return next(f for f in load_clean(SAMPLES_SOURCE).factsheets if f.id == "self-harm")


def source_words(factsheet: Factsheet) -> Iterator[str]:
    """The print the body pages stand for, from the model: introduction to references."""
    yield plain_text(factsheet.metadata.introduction)
    yield factsheet.metadata.audience
    for point in factsheet.key_points:
        yield point.text
    for section in factsheet.all_sections():
        yield section.title_text
        yield from _block_words(section.blocks)
    for contact in factsheet.contacts:
        yield " ".join(x or "" for x in (contact.name, contact.offers, contact.hours, contact.email, contact.website,
                                          contact.address))
    for ref in format_references(factsheet):
        yield ref.text


def _block_words(blocks: tuple[object, ...]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield plain_text(block.inlines)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from _block_words(item.blocks)
        elif isinstance(block, Figure) and not block.image.decorative:
            yield block.image.alt


def body_start(pages: list[list[str]]) -> int:
    """The index of the first page after the contents."""
    return next(i for i, page in enumerate(pages) if i > 2 and not any(CONTENTS_ENTRY.match(l) for l in page))


# ---------------------------------------------------------------------------


def test_both_samples_build_a_brf(samples: Path) -> None:
    for factsheet_id in ("self-harm", "self-harm-and-addiction"):
        assert len(read_pages(samples / factsheet_id / f"{factsheet_id}.brf")) > 5


def test_back_translation_gives_back_98_percent_of_the_source_words(self_harm: list[list[str]], sheet: Factsheet) -> None:
    body = [text_of(body_lines(page)) for page in self_harm[body_start(self_harm):]]
    back = tokens(lou(G2, "\n".join(body) + "\n", backward=True))
    source = tokens(" ".join(source_words(sheet)))
    matcher = difflib.SequenceMatcher(None, source, back, autojunk=False)
    found = sum(block.size for block in matcher.get_matching_blocks())
    differences = [(" ".join(source[a:b]), " ".join(back[c:d])) for op, a, b, c, d in matcher.get_opcodes()
                   if op in ("replace", "delete")]
    assert found / len(source) >= 0.98, differences


@pytest.mark.parametrize("name", BRF_FILES)
def test_no_line_over_40_cells_and_no_page_over_25_lines(samples: Path, name: str) -> None:
    for page in read_pages(samples / name):
        assert len(page) <= LINES
        assert all(len(line) <= CELLS and set(line) <= set(map(chr, range(0x20, 0x60))) for line in page)


@pytest.mark.parametrize("name", BRF_FILES)
def test_page_numbers_are_sequential_at_the_top_right(samples: Path, name: str) -> None:
    for expected, page in enumerate(read_pages(samples / name), 1):
        first = page[0]
        number = first.split()[-1]
        assert len(first) == CELLS and NUMBER.fullmatch(number) and page_value(number) == expected
        assert first.strip() == number or first[: -len(number)].endswith("   "), first


def heading_page(pages: list[list[str]], cells: str, skip: set[int]) -> int | None:
    """The number of the first page where ``cells`` stand alone as one or more whole lines."""
    for index, page in enumerate(pages):
        if index in skip:
            continue
        lines = body_lines(page)
        for start in range(len(lines)):
            for end in range(start + 1, min(start + 4, len(lines)) + 1):
                if text_of(lines[start:end]) == cells and (start == 0 or not lines[start - 1].strip()):
                    return index + 1
    return None


def test_headings_stand_on_their_own_lines(self_harm: list[list[str]], sheet: Factsheet) -> None:
    for section in sheet.all_sections():
        cells = lou(G2, section.title_text + "\n").strip()
        assert heading_page(self_harm, cells, set()) is not None, section.title_text


def test_contents_page_numbers_point_at_the_headings(self_harm: list[list[str]]) -> None:
    contents_pages = {i for i, page in enumerate(self_harm) if any(CONTENTS_ENTRY.match(l) for l in page)}
    entries: list[tuple[str, int]] = []
    pending: list[str] = []
    for index in sorted(contents_pages):
        for line in body_lines(self_harm[index]):
            match = CONTENTS_ENTRY.match(line)
            if match:
                entries.append((text_of([*pending, match["text"]]), page_value(match["number"])))
                pending = []
            elif line.strip() and not line.startswith(" " * 10):
                pending.append(line)
    assert len(entries) > 20
    for text, number in entries:
        assert heading_page(self_harm, text, contents_pages) == number, lou(G2, text + "\n", backward=True)


def test_title_page_names_the_factsheet_and_the_braille_code(self_harm: list[list[str]]) -> None:
    title = lou(G2, "\n".join(line.strip() for line in body_lines(self_harm[0])) + "\n", backward=True)
    for words in ("Self-harm", "Example Mental Health Charity", "Version 1.0", "20 November 2026", "Grade 2 UEB",
                  f"{len(self_harm)} braille pages"):
        assert words in title


def test_every_urgent_number_is_on_the_page_after_the_title_page_uncontracted(
    self_harm: list[list[str]], sheet: Factsheet
) -> None:
    page = text_of(body_lines(self_harm[1]))
    back = lou(G2, page + "\n", backward=True)
    assert "Need help now?" in back
    for contact in sheet.urgent_help.contacts:
        for number in (*contact.phones, *contact.texts):
            assert lou(G1, number.number + "\n").strip() in page, number.number
            assert number.number in back


def test_easy_read_braille_is_uncontracted_and_gives_back_every_sentence(samples: Path, sheet: Factsheet) -> None:
    pages = read_pages(samples / "self-harm" / "self-harm-easy-read.brf")
    assert sheet.easy_read is not None
    back = tokens(lou(G1, "\n".join(text_of(body_lines(p)) for p in pages[body_start(pages):]) + "\n", backward=True))
    # The author's additions to the help page are read with it, before the body (common/urgent.py).
    source = tokens(" ".join(item.plain for page in sheet.easy_read.pages if "urgent-help" not in page.covers
                             for item in page.items))
    matcher = difflib.SequenceMatcher(None, source, back, autojunk=False)
    assert sum(block.size for block in matcher.get_matching_blocks()) / len(source) >= 0.98
    title = lou(G1, "\n".join(line.strip() for line in body_lines(pages[0])) + "\n", backward=True)
    assert "Easy read" in title and "Grade 1 UEB (uncontracted)" in title
    help_page = text_of(body_lines(pages[1]))
    for contact in sheet.urgent_help.contacts:
        for number in (*contact.phones, *contact.texts):
            assert lou(G1, number.number + "\n").strip() in help_page, number.number


def test_addresses_are_written_uncontracted(samples: Path) -> None:
    text = samples.joinpath("self-harm", "self-harm.brf").read_text(encoding="ascii").replace("\r\n", " ")
    for address in ("jo@samaritans.org", "https://www.samaritans.org"):
        assert lou(G1, address + "\n").strip() in text
        assert lou(G2, address + "\n").strip() not in text  # grade 2 would contract "ar" in "samaritans"


def test_citations_are_plain_reference_numbers(self_harm: list[list[str]]) -> None:
    back = lou(G2, "\n".join(text_of(body_lines(p)) for p in self_harm) + "\n", backward=True)
    assert "emotional pain [1]." in back
    assert "How to ask" not in back and "You can ask for this factsheet in easy read" in back


def test_a_narrower_page_is_a_setting(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(COMPLETE_SOURCE, source)
    settings = source / "publisher.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "formats: {}", "formats:\n  braille:\n    cells_per_line: 32\n    lines_per_page: 20\n    grade: 1\n"),
        encoding="utf-8")
    result = run_cli("--source", str(source), "build", "--format", "braille", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    pages = read_pages(tmp_path / "out" / "complete-example" / "complete-example.brf")
    assert all(len(page) <= 20 and all(len(line) <= 32 for line in page) for page in pages)
    assert "UNCONTRACTED" in " ".join(pages[0]).replace(",", "")


def test_an_impossible_page_size_is_a_located_error(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(COMPLETE_SOURCE, source)
    settings = source / "publisher.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "formats: {}", "formats:\n  braille:\n    cells_per_line: 80\n"), encoding="utf-8")
    result = run_cli("--source", str(source), "build", "--format", "braille", "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "publisher.yaml:" in result.stderr and "'cells_per_line' for the braille format must be from 24 to 42" \
        in result.stderr


def test_a_character_braille_cannot_show_is_a_located_error_before_any_build(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(COMPLETE_SOURCE, source)
    body = source / "complete-example" / "body.md"
    body.write_text(body.read_text(encoding="utf-8").replace("a racing heart", "a racing heart \u2665"),
                    encoding="utf-8")
    result = run_cli("--source", str(source), "build", "--format", "text", "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"body\.md:\d+:\d+: error: braille cannot show the character '\u2665' \(U\+2665 BLACK HEART "
                     r"SUIT\)", result.stderr), result.stderr
    assert not (tmp_path / "out" / "complete-example").exists()


def test_verify_reads_the_braille_back_and_finds_a_damaged_number(samples: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    shutil.copytree(samples, out)
    assert run_cli("--source", str(SAMPLES_SOURCE), "verify", "--out", str(out)).returncode == 0
    path = out / "self-harm" / "self-harm.brf"
    samaritans = lou(G2, "116 123\n").strip()  # #AAF"ABC: UEB keeps the space as a numeric space
    path.write_bytes(path.read_bytes().replace(samaritans.encode("ascii"), b"#AAF\"JJJ"))
    result = run_cli("--source", str(SAMPLES_SOURCE), "verify", "--out", str(out))
    assert result.returncode == 1
    assert f"{path}: missing urgent-help number '116 123'" in result.stderr.splitlines()


def test_tables_quotes_and_callouts_are_laid_out_for_touch(built: Callable[[Path, tuple[str, ...]], Path]) -> None:
    pages = read_pages(built(COMPLETE_SOURCE, ("braille",)) / "complete-example" / "complete-example.brf")
    lines = [line for page in pages for line in body_lines(page)]
    back = lou(G2, "\n".join(line.strip() for line in lines) + "\n", backward=True)
    running = " ".join(back.split())
    assert "Table: Talking therapies for worry" in running
    assert "CBT \u2014 What it is: Talking about how thoughts affect feelings; How long: About 12 to 15 sessions." \
        in running  # each row read across: its name, then each column's heading and value
    assert "\u2014 Sam, who took part in our survey" in running
    boxes = [i for i, line in enumerate(lines) if set(line.strip()) == {"7"}]
    assert len(boxes) == 6 and all(len(lines[i]) in (CELLS, CELLS - 5) for i in boxes)  # dots 2356 box lines
    labels = [lou(G2, lines[i + 1] + "\n", backward=True).strip() for i in boxes[::2]]
    assert labels == ["Top tip", "Remember", "Important"]
