"""The easy-read PDF, measured: type sizes, pictures beside their words, alt text, tags, page limits."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from builders.common.easy_read import easy_read_document
from builders.diagnostics import Severity
from builders.pipeline import build_formats, failing_ids, read_and_check
from conftest import COMPLETE_SOURCE, SAMPLE_IDS, SAMPLES_SOURCE, load_clean

FORMAT = ("easy-read",)


@dataclass
class Row:
    """A picture and its words as laid out: the picture's box and page, the words' boxes and pages."""

    alt: str
    page: int
    box: tuple[float, float, float, float]
    """x0, top, x1, bottom in pdfplumber's coordinates (top of the page is 0)."""
    words: list[tuple[int, dict]]
    """(page index, pdfplumber char) for every glyph of the row's words."""


def _mcids(element: pikepdf.Object, page: int | None, pages: dict, out: list[tuple[int, int]]) -> None:
    if "/Pg" in element:
        page = pages[element.Pg.objgen]
    kids = element.get("/K")
    for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
        if isinstance(kid, int) or (isinstance(kid, pikepdf.Object) and kid._type_code == pikepdf.ObjectType.integer):
            out.append((page, int(kid)))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.MCR:
            out.append((pages[kid.Pg.objgen] if "/Pg" in kid else page, int(kid.MCID)))
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            _mcids(kid, page, pages, out)


def _elements(element: pikepdf.Object) -> Iterator[pikepdf.Dictionary]:
    kids = element.get("/K")
    for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)


def figures(path: Path) -> list[pikepdf.Dictionary]:
    with pikepdf.open(path) as pdf:
        return [dict(alt=str(e.get("/Alt", "")), has_alt="/Alt" in e)  # type: ignore[misc]
                for e in _elements(pdf.Root.StructTreeRoot) if e.get("/S") == pikepdf.Name.Figure]


def _to_user_space(page: pikepdf.Page, x: float, y: float) -> tuple[float, float]:
    """A point of WeasyPrint's /BBox (written in the page's CSS-pixel space) in PDF points.

    WeasyPrint 70 writes a Figure's /BBox before the page's own transform (the
    leading ``cm`` operators: flip, then 0.75 pt per CSS pixel); apply them.
    """
    a, b, c, d, e, f = 1.0, 0.0, 0.0, 1.0, 0.0, 0.0
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name == "q":
            continue
        if name != "cm":
            break
        a2, b2, c2, d2, e2, f2 = (float(v) for v in operands)
        # new CTM = M × CTM
        a, b, c, d, e, f = (a2 * a + b2 * c, a2 * b + b2 * d, c2 * a + d2 * c, c2 * b + d2 * d,
                            e2 * a + f2 * c + e, e2 * b + f2 * d + f)
    return a * x + c * y + e, b * x + d * y + f


def rows(path: Path) -> list[Row]:
    """Every row: a structure element holding a Figure and then a paragraph (the template's order)."""
    found: list[Row] = []
    with pikepdf.open(path) as pdf, pdfplumber.open(path) as plumber:
        pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        heights = [float(p.height) for p in plumber.pages]
        chars = {(i, c["mcid"]): [] for i, p in enumerate(plumber.pages) for c in p.chars if c.get("mcid") is not None}
        for i, p in enumerate(plumber.pages):
            for c in p.chars:
                if c.get("mcid") is not None:
                    chars[(i, c["mcid"])].append(c)
        for element in _elements(pdf.Root.StructTreeRoot):
            direct = [k for k in element.K if isinstance(k, pikepdf.Dictionary)] \
                if isinstance(element.get("/K"), pikepdf.Array) else []
            inner = [[k for k in d.K if isinstance(k, pikepdf.Dictionary)] if isinstance(d.get("/K"), pikepdf.Array)
                     else [] for d in direct]
            if len(direct) != 2 or [len(i) for i in inner] != [1, 1]:
                continue
            figure, words = inner[0][0], inner[1][0]
            if figure.get("/S") != pikepdf.Name.Figure or words.get("/S") != pikepdf.Name.P:
                continue
            page = pages[figure.Pg.objgen] if "/Pg" in figure else pages[element.Pg.objgen]
            corners = [_to_user_space(pdf.pages[page], x, y) for x, y in
                       (tuple(float(v) for v in figure.A.BBox[:2]), tuple(float(v) for v in figure.A.BBox[2:]))]
            (x0, y0), (x1, y1) = corners
            top, bottom = heights[page] - max(y0, y1), heights[page] - min(y0, y1)
            marks: list[tuple[int, int]] = []
            _mcids(words, None, pages, marks)
            glyphs = [(p, c) for p, m in marks for c in chars.get((p, m), [])]
            found.append(Row(str(figure.get("/Alt", "")), page, (min(x0, x1), top, max(x0, x1), bottom), glyphs))
    return found


def sources() -> list[tuple[Path, str]]:
    return [(COMPLETE_SOURCE, "complete-example"), *((SAMPLES_SOURCE, i) for i in SAMPLE_IDS)]


@pytest.fixture(scope="module", params=sources(), ids=lambda s: s[1])
def easy_pdf(request: pytest.FixtureRequest, built) -> tuple[Path, str, Path]:  # type: ignore[no-untyped-def]
    source, factsheet_id = request.param
    out = built(source, FORMAT)
    return out / factsheet_id / f"{factsheet_id}-easy-read.pdf", factsheet_id, source


def test_every_glyph_is_at_least_the_body_size(easy_pdf) -> None:  # type: ignore[no-untyped-def]
    path, _, _ = easy_pdf
    with pdfplumber.open(path) as pdf:
        sizes = [round(c["size"], 2) for page in pdf.pages for c in page.chars]
        fonts = {c["fontname"] for page in pdf.pages for c in page.chars}
    assert sizes and min(sizes) >= 16.0, f"smallest glyph {min(sizes)} pt"
    assert all("Liberation" in f and "Sans" in f for f in fonts), fonts
    assert not [f for f in fonts if re.search("Italic|Oblique", f)], fonts  # DH 2010: no italics


def test_each_picture_is_left_of_its_words_on_the_same_page(easy_pdf) -> None:  # type: ignore[no-untyped-def]
    path, factsheet_id, source = easy_pdf
    project = load_clean(source)
    factsheet = next(f for f in project.factsheets if f.id == factsheet_id)
    document = easy_read_document(factsheet, project.settings.organisation)
    expected = [r.alt for r in (*document.help_rows, *(r for p in document.pages for r in p.rows),
                                *document.closing.rows)]
    laid_out = rows(path)
    assert [r.alt for r in laid_out] == expected
    for row in laid_out:
        assert row.words, f"row '{row.alt}' has no words"
        assert {p for p, _ in row.words} == {row.page}, f"row '{row.alt}' is split across pages"
        x0, top, x1, bottom = row.box
        assert x1 - x0 >= 2.5 / 2.54 * 72 - 0.5, f"picture '{row.alt}' is {x1 - x0:.1f} pt wide"
        assert min(c["x0"] for _, c in row.words) > x1, f"words of '{row.alt}' are not right of the picture"
        centre = [(c["top"] + c["bottom"]) / 2 for _, c in row.words]
        assert min(centre) < bottom and max(centre) > top, f"words of '{row.alt}' are not beside the picture"


def test_every_picture_has_alt_text(easy_pdf) -> None:  # type: ignore[no-untyped-def]
    path, _, _ = easy_pdf
    found = figures(path)
    assert found and all(f["has_alt"] and f["alt"].strip() for f in found), found
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "en-GB"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle
        assert str(pdf.docinfo.Title).endswith("– Easy read")
        assert "pdfuaid:part" in str(pdf.Root.Metadata.read_bytes())


def test_no_line_breaks_too_early(easy_pdf) -> None:  # type: ignore[no-untyped-def]
    """Regression: WeasyPrint 70 broke 'Sometimes / the law says ... the **Mental Health Act**' after one word."""
    path, _, _ = easy_pdf
    for row in rows(path):
        lines: dict[float, list[dict]] = {}
        for _, c in row.words:
            lines.setdefault(round(c["top"]), []).append(c)
        ordered = [sorted(cs, key=lambda c: c["x0"]) for _, cs in sorted(lines.items())]
        right = max(c["x1"] for cs in ordered for c in cs)
        for line, following in zip(ordered, ordered[1:]):
            text = "".join(c["text"] for c in following)
            first_word = text.split(" ")[0]
            width = sum(c["width"] for c in following[: len(first_word)])
            space = line[-1]["size"] * 0.28
            assert line[-1]["x1"] + space + width > right - 1, \
                f"'{''.join(c['text'] for c in line)}' broke before '{first_word}' with room to spare"


def test_hard_words_are_bold_wherever_they_appear(built) -> None:  # type: ignore[no-untyped-def]
    out = built(SAMPLES_SOURCE, FORMAT)
    project = load_clean(SAMPLES_SOURCE)
    for factsheet in project.factsheets:
        assert factsheet.easy_read is not None
        path = out / factsheet.id / f"{factsheet.id}-easy-read.pdf"
        with pdfplumber.open(path) as pdf:
            words = [w for page in pdf.pages for w in page.extract_words(extra_attrs=["fontname"])]
        texts = [re.sub(r"[^\w'’&]", "", w["text"]).lower() for w in words]
        for hard in factsheet.easy_read.hard_words:
            tokens = [re.sub(r"[^\w'’&]", "", t).lower() for t in hard.word.split()]
            hits = [i for i in range(len(texts)) if texts[i : i + len(tokens)] == tokens]
            assert hits, f"{hard.word} not found"
            for i in hits:
                assert all("Bold" in w["fontname"] for w in words[i : i + len(tokens)]), \
                    f"'{hard.word}' is not bold on every use in {factsheet.id}"


def _project_with(tmp_path: Path, publisher_formats: str = "", rows_: int = 0) -> Path:
    root = tmp_path / "source"
    shutil.copytree(COMPLETE_SOURCE, root)
    if publisher_formats:
        text = (root / "publisher.yaml").read_text(encoding="utf-8").replace("formats: {}", publisher_formats)
        (root / "publisher.yaml").write_text(text, encoding="utf-8")
    if rows_:
        easy = root / "complete-example" / "easy-read.yaml"
        extra = "".join(
            f"  - heading: Part {n}\n    covers: []\n    items:\n" +
            "".join("      - picture: speech balloon\n        alt: A speech bubble\n"
                    "        text: Talking to someone can help you feel better.\n" for _ in range(5))
            for n in range(rows_ // 5)
        )
        easy.write_text(easy.read_text(encoding="utf-8").replace("hard_words:", extra + "hard_words:"),
                        encoding="utf-8")
    return root


def _build(root: Path, out: Path):  # type: ignore[no-untyped-def]
    project, diagnostics = read_and_check(root)
    summary = build_formats(project, FORMAT, out, diagnostics, failing_ids(project, diagnostics, False))
    return summary, [d for d in diagnostics if "pages" in d.message]


def test_settings_set_the_size_and_put_pictures_on_the_right(tmp_path: Path) -> None:
    root = _project_with(tmp_path, "formats:\n  easy-read:\n    font_size: 18\n    picture_side: right\n")
    summary, _ = _build(root, tmp_path / "out")
    path = tmp_path / "out" / "complete-example" / "complete-example-easy-read.pdf"
    assert not summary.failed and path.exists()
    with pdfplumber.open(path) as pdf:
        assert round(min(c["size"] for page in pdf.pages for c in page.chars), 2) >= 18.0
    for row in rows(path):
        assert max(c["x1"] for _, c in row.words) < row.box[0], f"words of '{row.alt}' are not left of the picture"


def test_a_too_small_setting_is_a_located_error(tmp_path: Path) -> None:
    root = _project_with(tmp_path, "formats:\n  easy-read:\n    font_size: 12\n")
    project, diagnostics = read_and_check(root)
    summary = build_formats(project, FORMAT, tmp_path / "out", diagnostics, set())
    assert summary.failed == ["complete-example (easy-read)"]
    messages = [f"{Path(d.loc.path).name}:{d.loc.line}: {d.message}" for d in diagnostics]
    assert "publisher.yaml:11: easy read needs text of at least 14 pt, not 12" in messages, messages


def test_page_limits(tmp_path: Path) -> None:
    """DH 2010: over 20 pages is a warning; gov.uk: over 24 is an error and nothing is written."""
    summary, found = _build(_project_with(tmp_path / "a", rows_=120), tmp_path / "a" / "out")
    with pdfplumber.open(tmp_path / "a" / "out" / "complete-example" / "complete-example-easy-read.pdf") as pdf:
        pages = len(pdf.pages)
    assert 20 < pages <= 24, f"calibrate the test: {pages} pages"
    assert [(d.severity, Path(d.loc.path).name, d.loc.line, d.message) for d in found] == [
        (Severity.WARNING, "easy-read.yaml", 2, f"easy read: the PDF has {pages} pages (more than 20)")]
    summary, found = _build(_project_with(tmp_path / "b", rows_=150), tmp_path / "b" / "out")
    assert summary.failed == ["complete-example (easy-read)"]
    assert len(found) == 1 and found[0].severity is Severity.ERROR
    assert re.fullmatch(r"easy read: the PDF has (2[5-9]|3\d) pages \(more than 24\)", found[0].message)
    assert not (tmp_path / "b" / "out" / "complete-example" / "complete-example-easy-read.pdf").exists()


def test_same_source_same_bytes(tmp_path: Path) -> None:
    first, _ = _build(COMPLETE_SOURCE, tmp_path / "one")
    second, _ = _build(COMPLETE_SOURCE, tmp_path / "two")
    name = Path("complete-example") / "complete-example-easy-read.pdf"
    assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_passes_the_pdfua_validator(easy_pdf) -> None:  # type: ignore[no-untyped-def]
    from test_pdf import pdfua_errors

    path, _, _ = easy_pdf
    assert pdfua_errors(path) == []
