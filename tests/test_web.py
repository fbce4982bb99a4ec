"""The web page of each factsheet and the catalog: read as HTML, then opened in headless Chromium.

The samples and the every-feature fixture are built once per run with the
formats whose files the downloads panel lists (audio is slow, so one test
adds a short MP3 made with ffmpeg and rebuilds the page).  The browser tests
drive Debian's ``/usr/bin/chromium`` with ``playwright-core`` and run
axe-core at WCAG 2.2 AA; they fail (never skip) when the browser or the npm
packages are missing.  Screenshots go to ``$FACTSHEET_SCREENSHOTS`` (default:
a temporary folder printed in the test output) for a person to look at.
"""

from __future__ import annotations

import functools
import http.server
import io
import json
import os
import re
import shutil
import subprocess
import threading
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import lxml.html
import pikepdf
import pytest

from builders.formats.file_kinds import vtt_chapters
from builders.formats.web import clock, downloads, human_size, offered_files
from builders.model import Factsheet
from conftest import COMPLETE_SOURCE, ROOT, SAMPLE_IDS, SAMPLES_SOURCE, build_into, load_clean

BUILT_FORMATS = ("text", "pdf", "large-print", "docx", "easy-read", "easy-read-docx", "web")
CHROMIUM = Path("/usr/bin/chromium")
CHECK_PAGE = ROOT / "tests" / "browser" / "check_page.mjs"
SEEK_CHAPTER = ROOT / "tests" / "browser" / "seek_chapter.mjs"
WIDTHS = (320, 1280)


# --------------------------------------------------------------------------
# Fixtures: build once, parse what was built
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def samples_out(built: Callable[[Path, tuple[str, ...]], Path]) -> Path:
    """The two samples built with the page and the formats it lists."""
    return built(SAMPLES_SOURCE, BUILT_FORMATS)


@pytest.fixture(scope="module")
def complete_out(built: Callable[[Path, tuple[str, ...]], Path]) -> Path:
    """The every-feature fixture built with the page and the formats it lists."""
    return built(COMPLETE_SOURCE, BUILT_FORMATS)


def _cases() -> list[tuple[Path, str]]:
    return [(SAMPLES_SOURCE, i) for i in SAMPLE_IDS] + [(COMPLETE_SOURCE, "complete-example")]


@pytest.fixture(params=_cases(), ids=lambda case: case[1])
def case(request: pytest.FixtureRequest, built: Callable[[Path, tuple[str, ...]], Path]
         ) -> tuple[Factsheet, Path, lxml.html.HtmlElement, str]:
    """(the model, the factsheet's output folder, its parsed page, the page's raw HTML)."""
    source, factsheet_id = request.param
    out = built(source, BUILT_FORMATS)
    factsheet = next(f for f in load_clean(source).factsheets if f.id == factsheet_id)
    raw = (out / factsheet_id / "index.html").read_text(encoding="utf-8")
    return factsheet, out / factsheet_id, lxml.html.document_fromstring(raw), raw


Case = tuple[Factsheet, Path, lxml.html.HtmlElement, str]


# --------------------------------------------------------------------------
# The factsheet page, as HTML
# --------------------------------------------------------------------------


def test_the_page_has_language_title_and_a_skip_link_to_main(case: Case) -> None:
    factsheet, _, page, _ = case
    assert page.get("lang") == factsheet.metadata.language
    assert page.findtext(".//title").startswith(factsheet.metadata.title)
    first_link = page.body.xpath(".//a")[0]
    assert first_link.get("href") == "#main-content" and "skip" in first_link.text_content().lower()
    assert page.xpath("//main/@id") == ["main-content"]


def test_the_page_has_each_landmark_once_at_the_top_level(case: Case) -> None:
    _, _, page, _ = case
    top = [child.tag for child in page.body]
    for landmark in ("header", "main", "footer"):
        assert top.count(landmark) == 1, top
    assert page.xpath("//header//nav") and page.xpath("//main//nav[@class='contents']")


def test_one_h1_and_headings_never_skip_a_level(case: Case) -> None:
    factsheet, _, page, _ = case
    levels = [int(h.tag[1]) for h in page.xpath("//h1|//h2|//h3|//h4|//h5|//h6")]
    assert levels[0] == 1 and levels.count(1) == 1
    jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    assert not jumps, jumps
    assert page.xpath("string(//h1)") == factsheet.metadata.title


def test_the_urgent_help_box_comes_before_the_body(case: Case) -> None:
    factsheet, _, page, _ = case
    order = [e.get("id") for e in page.xpath("//h2[@id]")]
    assert order.index("urgent-help") < order.index(factsheet.sections[0].id)
    assert order[0] == "urgent-help"
    box = page.xpath("//aside[@class='urgent-help']")[0]
    for contact in factsheet.urgent_help.contacts:
        assert contact.name in box.text_content()


def test_every_key_point_and_section_heading_is_on_the_page(case: Case) -> None:
    factsheet, _, page, _ = case
    points = [" ".join(li.text_content().split()) for li in page.xpath("//section[@class='key-points']//li")]
    assert len(points) == len(factsheet.key_points)
    for point, li in zip(factsheet.key_points, points):
        assert point.text.split()[0] in li
    for section in factsheet.all_sections():
        heading = page.get_element_by_id(section.id)
        assert heading.tag == f"h{section.level + 1}"
        assert " ".join(heading.text_content().split()).startswith(section.title_text.split()[0])


def test_the_contents_list_links_to_every_top_level_section(case: Case) -> None:
    factsheet, _, page, _ = case
    targets = page.xpath("//nav[@class='contents']//a/@href")
    assert [f"#{s.id}" for s in factsheet.sections] == targets[:len(factsheet.sections)]


def test_every_link_inside_the_page_has_a_target(case: Case) -> None:
    _, _, page, _ = case
    ids = set(page.xpath("//@id"))
    missing = [h for h in page.xpath("//a/@href") if h.startswith("#") and h[1:] not in ids]
    assert not missing


def test_phone_numbers_are_tel_links_and_texts_sms_links(case: Case) -> None:
    factsheet, _, page, _ = case
    hrefs = set(page.xpath("//a/@href"))
    for contact in (*factsheet.urgent_help.contacts, *factsheet.contacts):
        for phone in contact.phones:
            assert phone.tel_uri in hrefs
        for text in contact.texts:
            assert text.sms_uri in hrefs
    assert any(h.startswith("tel:") for h in hrefs)


def test_citations_link_to_their_reference_and_each_reference_links_back(case: Case) -> None:
    factsheet, _, page, _ = case
    numbers = factsheet.citation_numbers()
    citations = page.xpath("//a[@class='citation']")
    assert {int(a.text) for a in citations} == set(numbers.values())
    for link in citations:
        assert link.get("href") == f"#ref-{link.text}"
        entry = page.get_element_by_id(f"ref-{link.text}")
        assert f"#{link.get('id')}" in entry.xpath(".//span[@class='back-links']/a/@href")
    entries = page.xpath("//section[@class='references']/ol/li")
    assert [e.get("id") for e in entries] == [f"ref-{n}" for n in range(1, len(numbers) + 1)]


def test_further_reading_and_useful_contacts_are_listed(case: Case) -> None:
    factsheet, _, page, _ = case
    for item in factsheet.further_reading:
        assert item.title in page.xpath("string(//section[@class='further-reading'])")
    for contact in factsheet.contacts:
        assert contact.name in page.xpath("string(//section[@class='useful-contacts'])")


def test_version_dates_and_how_to_ask_for_other_formats_are_shown(case: Case) -> None:
    factsheet, _, page, _ = case
    footer = " ".join(page.xpath("string(//footer)").split())
    meta = factsheet.metadata
    assert f"Version {meta.version}" in footer
    assert f"{meta.last_updated.day} {meta.last_updated:%B %Y}" in footer
    assert f"{meta.next_review.day} {meta.next_review:%B %Y}" in footer
    settings = load_clean(factsheet.folder.parent).settings
    assert " ".join(settings.organisation.other_formats.split()) in footer


ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "a", "header", "nav", "main", "footer", "aside", "section",
    "div", "span", "p", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em",
    "br", "img", "figure", "time", "audio", "i", "b", "figcaption", "blockquote", "table", "caption", "thead",
    "tbody", "tr", "th", "td",
}
"""Every element the templates, the shared fragments and citeproc's entries write; nothing else may appear."""


def test_no_raw_html_from_the_source_reaches_the_page(case: Case) -> None:
    _, _, page, raw = case
    tags = {e.tag for e in page.iter() if isinstance(e.tag, str)}
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
    assert not [a for e in page.iter() if isinstance(e.tag, str) for a in e.attrib if a.startswith("on")]
    assert "<script" not in raw


def test_ampersands_from_the_source_are_escaped(samples_out: Path) -> None:
    raw = (samples_out / "self-harm" / "index.html").read_text(encoding="utf-8")
    assert "(A&amp;E)" in raw and "(A&E)" not in raw


def test_pictures_are_copied_beside_the_page(complete_out: Path) -> None:
    page = lxml.html.parse(str(complete_out / "complete-example" / "index.html")).getroot()
    sources = page.xpath("//img/@src")
    assert sources
    for src in sources:
        assert (complete_out / "complete-example" / src).is_file()


# --------------------------------------------------------------------------
# The downloads panel
# --------------------------------------------------------------------------


def test_the_panel_lists_exactly_the_format_files_that_exist(case: Case) -> None:
    factsheet, folder, page, _ = case
    listed = page.xpath("//section[@class='downloads']//ul[@class='download-list']//a/@href")
    known = {file.name for file in offered_files(factsheet)}
    present = [p.name for p in folder.iterdir() if p.name in known]
    assert sorted(listed) == sorted(present)
    assert {f"{factsheet.id}.pdf", f"{factsheet.id}.docx", f"{factsheet.id}.txt"} <= set(listed)


def test_the_panel_gives_type_size_and_page_count(case: Case) -> None:
    factsheet, folder, page, _ = case
    for item in page.xpath("//ul[@class='download-list']/li"):
        name = item.xpath("a/@href")[0]
        details = item.xpath("string(span[@class='file-details'])")
        assert human_size((folder / name).stat().st_size) in details
        if name.endswith(".pdf"):
            with pikepdf.open(folder / name) as pdf:
                assert f"{len(pdf.pages)} page" in details and "PDF" in details
        if name.endswith(".docx"):
            assert "Word" in details


def test_an_audio_file_gets_a_player_with_its_length_and_chapters(tmp_path: Path) -> None:
    if shutil.which("ffmpeg") is None:
        pytest.fail("ffmpeg is missing: run 'make' (it installs the system packages)")
    out = tmp_path / "output"
    folder = out / "complete-example"
    folder.mkdir(parents=True)
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "sine=d=75",
                    "-c:a", "libmp3lame", str(folder / "complete-example.mp3")], check=True)
    (folder / "complete-example-chapters.vtt").write_text(
        "WEBVTT\n\n1\n00:00:00.000 --> 00:01:05.500\nIntroduction\n\n2\n00:01:05.500 --> 00:01:15.000\n"
        "What is self-harm?\n", encoding="utf-8")
    build_into(COMPLETE_SOURCE, out, ("web",))
    page = lxml.html.parse(str(folder / "index.html")).getroot()
    assert page.xpath("//audio/@src") == ["complete-example.mp3"]
    details = page.xpath("string(//ul[@class='download-list']/li[a/@href='complete-example.mp3'])")
    assert "MP3 audio" in details and "1:15 long" in details
    chapters = page.xpath("//ol[@class='chapters']/li")
    assert [c.xpath("string(a)") for c in chapters] == ["Introduction", "What is self-harm?"]
    assert chapters[1].xpath("a/@href") == ["complete-example.mp3#t=65.5"]
    assert "1:05" in chapters[1].text_content()
    assert "complete-example-chapters.vtt" in page.xpath("//ul[@class='download-list']//a/@href")


def test_vtt_chapters_keep_hours_and_titles(tmp_path: Path) -> None:
    vtt = tmp_path / "x.vtt"
    vtt.write_text("WEBVTT\n\n01:02:03.250 --> 01:05:00.000\nLast part\n", encoding="utf-8")
    (chapter,) = vtt_chapters(vtt)
    assert chapter.title == "Last part" and chapter.start == pytest.approx(3723.25)
    assert clock(chapter.start) == "1:02:03"


# --------------------------------------------------------------------------
# The catalog
# --------------------------------------------------------------------------


def test_the_catalog_lists_every_factsheet_with_its_page_and_formats(samples_out: Path, sample_project) -> None:
    page = lxml.html.parse(str(samples_out / "index.html")).getroot()
    entries = page.xpath("//ul[@id='catalog']/li")
    assert len(entries) == len(SAMPLE_IDS)
    for factsheet in sample_project.factsheets:
        meta = factsheet.metadata
        (entry,) = [e for e in entries if e.xpath("string(h3)") == meta.title]
        text = " ".join(entry.text_content().split())
        assert f"Version {meta.version}" in text and f"{meta.last_updated:%B %Y}" in text
        assert " ".join(entry.xpath("string(p)").split())[:40] in " ".join(
            factsheet.metadata.introduction[0].text.split())  # type: ignore[union-attr]
        links = entry.xpath(".//a/@href")
        assert links[0] == f"{factsheet.id}/index.html"
        formats = [link.split("/", 1)[1] for link in links[1:]]
        assert formats == [d.name for d in downloads(factsheet, samples_out / factsheet.id)]
        for link in links:
            assert (samples_out / link).is_file()


def test_the_catalog_says_how_to_ask_for_another_format(samples_out: Path, sample_project) -> None:
    page = lxml.html.parse(str(samples_out / "index.html")).getroot()
    text = " ".join(page.xpath("string(//main)").split())
    assert " ".join(sample_project.settings.organisation.other_formats.split()) in text


def test_the_search_box_is_hidden_until_its_script_runs(samples_out: Path) -> None:
    page = lxml.html.parse(str(samples_out / "index.html")).getroot()
    (box,) = page.xpath("//*[@id='search-box']")
    assert box.get("hidden") is not None
    assert page.xpath("//label[@for='search']") and page.xpath("//input[@id='search']")


def test_a_one_factsheet_rebuild_keeps_every_factsheet_in_the_catalog(tmp_path: Path) -> None:
    out = build_into(SAMPLES_SOURCE, tmp_path, ("web",))
    build_into(SAMPLES_SOURCE, out, ("web",), ids=("self-harm",))
    page = lxml.html.parse(str(out / "index.html")).getroot()
    assert len(page.xpath("//ul[@id='catalog']/li")) == len(SAMPLE_IDS)


# --------------------------------------------------------------------------
# In the browser
# --------------------------------------------------------------------------


def _require_browser() -> None:
    """Fail, never skip, when the browser test tools are missing: CI must run these tests."""
    missing = [str(p) for p in (CHROMIUM, ROOT / "node_modules" / "playwright-core",
                                ROOT / "node_modules" / "axe-core") if not p.exists()]
    if shutil.which("node") is None:
        missing.append("node")
    if missing:
        pytest.fail(f"browser tests need {', '.join(missing)}: run 'make' (apt chromium, npm ci)")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


class _Server(http.server.ThreadingHTTPServer):
    """Ignores a browser dropping a connection early (it stops fetching a file it does not need)."""

    def handle_error(self, request: object, client_address: object) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def server(samples_out: Path) -> Iterator[str]:
    """The samples' output folder served on the loopback address only."""
    handler = functools.partial(_QuietHandler, directory=str(samples_out))
    httpd = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the screenshots go, for a person to look at."""
    chosen = os.environ.get("FACTSHEET_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    print(f"screenshots in {folder}")
    return folder


_reports: dict[tuple[str, int, bool], dict] = {}


def browse(server: str, screenshots: Path, page: str, width: int, javascript: bool = True) -> dict:
    """Open a page in headless Chromium at a width; the script's JSON report (cached per run)."""
    key = (page, width, javascript)
    if key not in _reports:
        _require_browser()
        name = (page.replace("/index.html", "") or "catalog").replace("index.html", "catalog")
        shot = screenshots / f"{name}-{width}{'' if javascript else '-no-js'}.png"
        args = ["node", str(CHECK_PAGE), server + page, str(width), str(shot)]
        result = subprocess.run(args + ([] if javascript else ["--no-js"]), capture_output=True, text=True,
                                cwd=ROOT, timeout=300)
        assert result.returncode == 0, result.stderr
        _reports[key] = json.loads(result.stdout)
        assert shot.stat().st_size > 0
    return _reports[key]


PAGES = ("index.html", *(f"{i}/index.html" for i in SAMPLE_IDS))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES)
def test_axe_finds_no_wcag_22_aa_violations(server: str, screenshots: Path, page: str, width: int) -> None:
    report = browse(server, screenshots, page, width)
    assert report["status"] == 200
    assert report["axe"]["passes"] > 10  # axe really ran
    assert report["axe"]["violations"] == [], json.dumps(report["axe"]["violations"], indent=1)


@pytest.mark.parametrize("page", PAGES)
def test_the_page_reflows_at_320_px_without_horizontal_scrolling(server: str, screenshots: Path, page: str) -> None:
    report = browse(server, screenshots, page, 320)
    assert report["innerWidth"] == 320
    assert report["scrollWidth"] <= report["innerWidth"], report["wide"]
    assert not report["wide"]


@pytest.mark.parametrize("page", PAGES)
def test_a_crisis_phone_number_is_in_the_first_screen_of_a_phone(server: str, screenshots: Path, page: str) -> None:
    """At 320 x 640 the first tel: link (the urgent help, or the catalog's signpost) needs no scrolling."""
    report = browse(server, screenshots, page, 320)
    first = report["firstTel"]
    assert first is not None, "no tel: link on the page"
    assert first["bottom"] <= 640, first


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES)
def test_no_text_is_smaller_than_16_px(server: str, screenshots: Path, page: str, width: int) -> None:
    report = browse(server, screenshots, page, width)
    assert not report["smallText"]


@pytest.mark.parametrize("page", PAGES)
def test_every_download_and_page_link_resolves_to_a_built_file(
        server: str, screenshots: Path, samples_out: Path, page: str) -> None:
    report = browse(server, screenshots, page, 1280)
    local = [link for link in report["links"] if link["resolved"].startswith(server)]
    files = {link["resolved"].split("#")[0] for link in local}
    assert any(f.endswith(".pdf") for f in files)
    for address in files:
        with urllib.request.urlopen(address) as response:  # the loopback test server only
            assert response.status == 200
        path = urllib.parse.urlparse(address).path.lstrip("/")
        assert (samples_out / path).is_file() or (samples_out / path / "index.html").is_file()
    ids = set(report["ids"])
    for link in local:
        fragment = urllib.parse.urlparse(link["resolved"]).fragment
        if fragment and link["resolved"].split("#")[0] == server + page:
            assert fragment in ids, link


def test_the_catalog_search_filters_the_list(server: str, screenshots: Path) -> None:
    report = browse(server, screenshots, "index.html", 1280)
    assert report["searchVisible"] is True
    assert report["afterSearch"] == {"shown": 1, "total": 2, "status": "Showing 1 of 2 factsheets"}


def test_without_javascript_the_catalog_is_a_plain_list(server: str, screenshots: Path) -> None:
    report = browse(server, screenshots, "index.html", 320, javascript=False)
    assert report["searchVisible"] is False
    assert sum(1 for link in report["links"] if link["href"].endswith("/index.html")) == len(SAMPLE_IDS)


# --------------------------------------------------------------------------
# factsheet serve
# --------------------------------------------------------------------------


def test_changed_paths_name_the_factsheets_to_rebuild(tmp_path: Path) -> None:
    from builders.commands.serve import changed_ids

    source = tmp_path / "source"
    assert changed_ids(source, [str(source / "self-harm" / "body.md"), str(source / "b" / "x.yaml")]) == (
        "b", "self-harm")
    assert changed_ids(source, [str(source / "publisher.yaml")]) is None
    assert changed_ids(source, [str(tmp_path / "elsewhere.md")]) == ()


def test_serve_prints_its_address_serves_the_catalog_and_rebuilds_a_changed_factsheet(tmp_path: Path) -> None:
    import select
    import sys
    import time

    source = tmp_path / "source"
    shutil.copytree(SAMPLES_SOURCE, source)
    out = tmp_path / "output"
    process = subprocess.Popen(
        [sys.executable, "-m", "builders.cli", "--source", str(source), "serve", "--port", "0", "--format", "web",
         "--out", str(out)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    lines: list[str] = []

    def read_until(pattern: str, limit: float = 120) -> re.Match[str]:
        """Read the command's output until a line matches (the limit only stops a hung command)."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            ready, _, _ = select.select([process.stdout], [], [], 1)
            if ready:
                line = process.stdout.readline()
                lines.append(line)
                match = re.search(pattern, line)
                if match:
                    return match
        pytest.fail(f"serve never printed {pattern!r}; it printed:\n{''.join(lines)}")

    try:
        address = read_until(r"at (http://127\.0\.0\.1:\d+/)").group(1)
        read_until(r"rebuilt every factsheet")
        read_until(r"watching the source for changes")
        with urllib.request.urlopen(address + "index.html") as response:  # loopback only
            assert "Self-harm and addiction" in response.read().decode("utf-8")
        yaml_file = source / "self-harm" / "factsheet.yaml"
        yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace(
            "title: Self-harm\n", "title: Self-harm, a changed title\n", 1), encoding="utf-8")
        read_until(r"rebuilt self-harm:")
        with urllib.request.urlopen(address + "self-harm/index.html") as response:
            assert "<h1>Self-harm, a changed title</h1>" in response.read().decode("utf-8")
        with urllib.request.urlopen(address + "index.html") as response:
            catalog = response.read().decode("utf-8")
        assert "Self-harm, a changed title" in catalog and "Self-harm and addiction" in catalog
    finally:
        process.terminate()
        process.wait(timeout=30)


# --------------------------------------------------------------------------
# The on-page player: chapters seek it, the page stays
# --------------------------------------------------------------------------


class _RangeHandler(_QuietHandler):
    """Answers byte-range requests, as web servers do: a browser seeks in a recording with them."""

    def end_headers(self) -> None:
        self.send_header("Accept-Ranges", "bytes")
        super().end_headers()

    def send_head(self):  # type: ignore[no-untyped-def]
        wanted = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        path = Path(self.translate_path(self.path))
        if not wanted or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        start, end = int(wanted.group(1)), min(int(wanted.group(2) or size - 1), size - 1)
        with path.open("rb") as file:
            file.seek(start)
            data = file.read(end - start + 1)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


@pytest.fixture(scope="module")
def audio_site(built: Callable[[Path, tuple[str, ...]], Path]) -> Iterator[tuple[Path, str]]:
    """The fixture factsheet's recording and page, served on the loopback address."""
    out = built(COMPLETE_SOURCE, ("audio", "web"))
    handler = functools.partial(_RangeHandler, directory=str(out))
    httpd = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield out, f"http://127.0.0.1:{httpd.server_address[1]}/complete-example/index.html"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_the_player_shows_its_length_and_carries_its_chapters_as_a_track(audio_site: tuple[Path, str]) -> None:
    out, _ = audio_site
    page = lxml.html.parse(str(out / "complete-example" / "index.html")).getroot()
    (audio,) = page.xpath("//audio")
    (track,) = audio.xpath("track")
    assert track.get("kind") == "chapters" and track.get("src") == "complete-example-chapters.vtt"
    assert (out / "complete-example" / track.get("src")).read_text(encoding="utf-8").startswith("WEBVTT")
    heading = page.xpath(f"//*[@id='{audio.get('aria-labelledby')}']")[0].text_content()
    assert re.search(r"\(\d+:\d\d long\)", heading), heading
    for link in page.xpath("//ol[@class='chapters']//a"):  # without script, a link still opens the file there
        assert link.get("href") == f"complete-example.mp3#t={link.get('data-start')}"
        assert link.get("data-player") == audio.get("id")


def test_a_chapter_link_plays_the_page_player_from_that_chapter(audio_site: tuple[Path, str]) -> None:
    _require_browser()
    _, url = audio_site
    done = subprocess.run(["node", str(SEEK_CHAPTER), url, "4"], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    after = report["after"]
    assert after["url"] == url and after["headings"] == 1, "the page was replaced"
    assert report["target"] > 60
    assert abs(after["currentTime"] - report["target"]) < 1.5, report
    assert after["focused"], "focus stays on the page's player"
    assert after["cues"] == "chapters"
