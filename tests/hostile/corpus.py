"""The hostile corpus: sources and output folders an attacker or a careless editor could make.

Each :class:`Case` starts from a copy of the every-feature fixture
(``tests/fixtures/complete/source``) and of an output folder already built
from it, changes one thing, and says what ``factsheet build`` must print:
the file and the words of the located message.  ``tests/test_hostile.py``
runs every case and also checks that nothing already built changed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SHEET = "complete-example"


@dataclass(frozen=True)
class Case:
    """One hostile change and what the publisher must answer."""

    name: str
    category: str
    change: Callable[[Path, Path], None]
    """Applied to (source folder, output folder)."""
    file: str
    """The file the message must name, relative to the source folder ('' when the message names none)."""
    message: str
    """Words the message must contain."""
    args: tuple[str, ...] = ()
    """The command (default: build the fixture as text and web page)."""
    exit_status: int = 1
    in_subprocess: bool = False
    """Run as a real process with a time limit (for changes that once hung or exhausted memory)."""
    outputs_unchanged: bool = True
    fault: Callable[[object], None] | None = None
    """Given pytest's ``monkeypatch``: a failure of the computer or of a builder to simulate in-process."""


CASES: list[Case] = []


def case(name: str, category: str, file: str, message: str, **kwargs: object) -> Callable[[Callable[[Path, Path], None]], Callable[[Path, Path], None]]:
    """Register the decorated change as a case."""

    def register(change: Callable[[Path, Path], None]) -> Callable[[Path, Path], None]:
        CASES.append(Case(name, category, change, file, message, **kwargs))  # type: ignore[arg-type]
        return change

    return register


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) by ``new`` in a text file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def simple(name: str, category: str, file: str, old: str, new: str, message: str, **kwargs: object) -> None:
    """A case that replaces one piece of text in one source file."""

    def change(source: Path, output: Path) -> None:
        edit(source / file, old, new)

    CASES.append(Case(name, category, change, file, message, **kwargs))  # type: ignore[arg-type]


FACTSHEET = f"{SHEET}/factsheet.yaml"
BODY = f"{SHEET}/body.md"
REFERENCES = f"{SHEET}/references.yaml"
EASY_READ = f"{SHEET}/easy-read.yaml"
PUBLISHER = "publisher.yaml"
NHS_LINK = "[NHS website](https://www.nhs.uk/mental-health/)"

# --------------------------------------------------------------------------
# Addresses: one URL rule everywhere
# --------------------------------------------------------------------------

for scheme_case, address in (
    ("javascript", "javascript:alert(document.cookie)"),
    ("javascript-upper-case", "JaVaScRiPt:alert(1)"),
    ("data", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
    ("vbscript", "vbscript:msgbox(1)"),
    ("file", "file:///etc/passwd"),
    ("ftp", "ftp://example.org/file"),
):
    simple(f"body-link-{scheme_case}", "address", BODY, NHS_LINK, f"[NHS website]({address})",
           "which is not allowed (only https:, http:, mailto:, tel:, sms:)")
simple("body-link-no-scheme", "address", BODY, NHS_LINK, "[NHS website](nhs.html)", "has no scheme")
simple("body-link-protocol-relative", "address", BODY, NHS_LINK, "[NHS website](//evil.example/x)", "has no scheme")
simple("body-link-user-before-host", "address", BODY, NHS_LINK, "[NHS website](https://www.nhs.uk@evil.example/)",
       "hides where the link goes")
simple("body-link-no-host", "address", BODY, NHS_LINK, "[NHS website](https:///mental-health)",
       "has no web site name")
simple("body-autolink-javascript", "address", BODY, NHS_LINK, "<javascript:alert(1)>", "'javascript:', which is not allowed")
simple("body-link-tel-letters", "address", BODY, NHS_LINK, "[call us](tel:call-me-now)", "is not a phone number")
simple("body-link-sms-extra", "address", BODY, NHS_LINK, "[text us](sms:85258?body=HI&to=999)", "is not a number to text")
simple("introduction-link-javascript", "address", FACTSHEET, "get **support** [@nhs-anxiety].",
       "get **support** [@nhs-anxiety] [here](javascript:alert(1)).", "'javascript:', which is not allowed")
simple("key-point-link-data", "address", FACTSHEET, "see [treatment](#treatment).",
       "see [treatment](data:text/html,hi).", "'data:', which is not allowed")
simple("contact-website-javascript", "address", FACTSHEET, "website: https://www.samaritans.org",
       "website: javascript:alert(1)", "contact website 'javascript:alert(1)' uses 'javascript:'")
simple("contact-website-data", "address", FACTSHEET, "website: https://giveusashout.org",
       "website: 'data:text/html,<script>alert(1)</script>'", "contact website 'data:text/html")
simple("contact-website-quote", "address", FACTSHEET, "website: https://giveusashout.org",
       "website: 'https://giveusashout.org/\"onmouseover=\"alert(1)'", "contains '\"'")
simple("contact-email-javascript", "address", FACTSHEET, "email: jo@samaritans.org",
       "email: javascript:alert(1)//@x.org", "email address 'javascript:alert(1)//@x.org' is not an email address")
simple("contact-email-quote", "address", FACTSHEET, "email: jo@samaritans.org",
       "email: 'jo\"@samaritans.org'", "which no email address has")
simple("urgent-contact-in-place-website", "address", FACTSHEET, "      phone: \"999\"",
       "      phone: \"999\"\n      website: javascript:alert(1)", "contact website 'javascript:alert(1)'")
simple("further-reading-url-javascript", "address", FACTSHEET, "    publisher: Example Press",
       "    publisher: Example Press\n    url: javascript:alert(1)", "further-reading address 'javascript:alert(1)'")
simple("reference-url-javascript", "address", REFERENCES, "URL: https://www.nice.org.uk/guidance/cg113",
       "URL: javascript:alert(1)", "reference URL 'javascript:alert(1)'")
simple("reference-url-quote", "address", REFERENCES, "URL: https://www.nice.org.uk/guidance/cg113",
       "URL: 'https://www.nice.org.uk/\"><script>alert(1)</script>'", "contains '\"'")
simple("reference-doi-breakout", "address", REFERENCES, "    accessed: 2026-05-31\n  - id: nhs-anxiety",
       "    accessed: 2026-05-31\n    DOI: '10.1136/x\"><script>alert(1)</script>'\n  - id: nhs-anxiety",
       "DOI '10.1136/x\"><script>alert(1)</script>' contains '\"'")
simple("reference-doi-as-address", "address", REFERENCES, "    accessed: 2026-05-31\n  - id: nhs-anxiety",
       "    accessed: 2026-05-31\n    DOI: javascript:alert(1)\n  - id: nhs-anxiety", "is not a DOI")
simple("publisher-website-javascript", "address", PUBLISHER, "website: https://www.example.org",
       "website: javascript:alert(1)", "organisation website 'javascript:alert(1)'")
simple("easy-read-link-javascript", "address", EASY_READ, "text: Your doctor can help you.",
       "text: Your doctor can [help you](javascript:alert(1)).", "'javascript:', which is not allowed")

# --------------------------------------------------------------------------
# Ids: lower-case words joined by hyphens, at most 64 characters, on every command
# --------------------------------------------------------------------------


def _second_sheet(name: str) -> Callable[[Path, Path], None]:
    """A copy of the fixture factsheet in a folder called ``name``."""

    def change(source: Path, output: Path) -> None:
        import shutil

        shutil.copytree(source / SHEET, source / name)

    return change


for id_case, folder in (
    ("id-javascript", "javascript:alert(1)"),
    ("id-index-html", "index.html"),
    ("id-manifest", ".manifest.json"),
    ("id-too-long", "a" * 65),
    ("id-upper-case", "Self-Harm"),
    ("id-space", "self harm"),
    ("id-double-hyphen", "self--harm"),
    ("id-non-ascii", "selbstverletzung-ä"),
):
    CASES.append(Case(id_case, "id", _second_sheet(folder), f"{folder}/factsheet.yaml",
                      f"factsheet folder name {folder!r}"))
for command in (("check",), ("list",), ("status",), ("verify",)):
    CASES.append(Case(f"id-checked-by-{command[0]}", "id", _second_sheet("Bad_Id"), "Bad_Id/factsheet.yaml",
                      "factsheet folder name 'Bad_Id'", args=command))
CASES.append(Case("id-on-command-line", "id", lambda s, o: None, "", "'../etc' is not a factsheet id",
                  args=("build", "../etc")))

# --------------------------------------------------------------------------
# Files: regular files inside the factsheet folder, read with a bounded read
# --------------------------------------------------------------------------


def _replace_with_link(name: str, target: str | Callable[[Path], Path]) -> Callable[[Path, Path], None]:
    def change(source: Path, output: Path) -> None:
        path = source / SHEET / name
        where = target(source) if callable(target) else target
        path.unlink()
        path.symlink_to(where)

    return change


def _outside_copy(name: str) -> Callable[[Path], Path]:
    def target(source: Path) -> Path:
        outside = source.parent / f"outside-{name}"
        outside.write_bytes((source / SHEET / name).read_bytes())
        return outside

    return target


CASES.append(Case("body-link-outside-folder", "file", _replace_with_link("body.md", _outside_copy("body.md")),
                  BODY, "body.md is a link to", in_subprocess=True))
CASES.append(Case("body-link-dev-zero", "file", _replace_with_link("body.md", "/dev/zero"), BODY,
                  "body.md is a link to /dev/zero", in_subprocess=True))
CASES.append(Case("references-link-etc-passwd", "file", _replace_with_link("references.yaml", "/etc/passwd"),
                  REFERENCES, "references.yaml is a link to /etc/passwd"))
CASES.append(Case("easy-read-link-dev-urandom", "file", _replace_with_link("easy-read.yaml", "/dev/urandom"),
                  EASY_READ, "easy-read.yaml is a link to /dev/urandom", in_subprocess=True))


def _fifo(name: str) -> Callable[[Path, Path], None]:
    def change(source: Path, output: Path) -> None:
        path = source / SHEET / name
        path.unlink()
        os.mkfifo(path)

    return change


CASES.append(Case("body-named-pipe", "file", _fifo("body.md"), BODY, "body.md is a named pipe", in_subprocess=True))
CASES.append(Case("factsheet-named-pipe", "file", _fifo("factsheet.yaml"), FACTSHEET,
                  "factsheet.yaml is a named pipe", in_subprocess=True))


@case("body-is-a-folder", "file", BODY, "body.md is a folder")
def _body_folder(source: Path, output: Path) -> None:
    (source / SHEET / "body.md").unlink()
    (source / SHEET / "body.md").mkdir()


@case("publisher-link-outside", "file", PUBLISHER, "publisher.yaml is a link to")
def _publisher_link(source: Path, output: Path) -> None:
    outside = source.parent / "elsewhere.yaml"
    outside.write_bytes((source / PUBLISHER).read_bytes())
    (source / PUBLISHER).unlink()
    (source / PUBLISHER).symlink_to(outside)


@case("body-too-large", "file", BODY, "over the 1,048,576-byte limit")
def _body_large(source: Path, output: Path) -> None:
    (source / BODY).write_text("# About\n\n" + "Words. " * 200_000, encoding="utf-8")


@case("body-binary", "file", BODY, "not valid UTF-8")
def _body_binary(source: Path, output: Path) -> None:
    (source / BODY).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")


@case("body-empty", "file", BODY, "body.md is empty")
def _body_empty(source: Path, output: Path) -> None:
    (source / BODY).write_text("", encoding="utf-8")


@case("body-only-spaces", "file", BODY, "body.md is empty")
def _body_spaces(source: Path, output: Path) -> None:
    (source / BODY).write_text("\n   \n\t\n", encoding="utf-8")


CASES.append(Case("source-folder-missing", "file", lambda s, o: None, "", "does not exist",
                  args=("--source", "no-such-folder", "build")))


@case("source-folder-empty", "file", "", "no factsheets in")
def _source_empty(source: Path, output: Path) -> None:
    import shutil

    shutil.rmtree(source / SHEET)


# --------------------------------------------------------------------------
# Text: control characters and nesting
# --------------------------------------------------------------------------

for control_case, file, old, new in (
    ("escape-in-title", FACTSHEET, "title: Coping with worry", "title: Coping with \x1b[2J\x1b]0;pwned\x07worry"),
    ("escape-in-yaml-key", FACTSHEET, "audience:", "audi\x1b[31mence:"),
    ("bell-in-body", BODY, "Worry is thinking", "Worry\x07 is thinking"),
    ("vertical-tab-in-body", BODY, "Worry is thinking", "Worry\x0b is thinking"),
    ("form-feed-in-references", REFERENCES, "title: Generalised anxiety disorder in adults",
     "title: Generalised\x0c anxiety disorder in adults"),
    ("delete-in-easy-read", EASY_READ, "Your doctor can help you.", "Your doctor\x7f can help you."),
    ("c1-control-in-contact", FACTSHEET, "name: Samaritans", "name: Samaritans\x85"),
    ("lone-carriage-return", BODY, "Worry is thinking", "Worry\ris thinking"),
    ("escape-in-publisher", PUBLISHER, "name: Example Mental Health Charity", "name: Example\x1b[8m Charity"),
):
    simple(control_case, "text", file, old, new, "control character U+00")

simple("emphasis-nested-400-deep", "text", BODY, "It can be *useful*", "It can be " + "**a " * 400 + "x" + " a**" * 400,
       "formatting nested 400 deep")
simple("italics-nested-600-deep", "text", BODY, "It can be *useful*", "It can be " + "*a _b " * 300 + "x" + " b_ a*" * 300,
       "formatting nested 600 deep")
simple("key-point-nested-deep", "text", FACTSHEET, "- Worry is a normal reaction to stress.",
       "- '" + "**a " * 50 + "x" + " a**" * 50 + "'", "formatting nested 50 deep")
simple("yaml-nested-deep", "text", FACTSHEET, "keywords: [worry, anxiety, coping]",
       "keywords: " + "[" * 2000 + "]" * 2000, "nested too deeply")

# --------------------------------------------------------------------------
# Pictures: opened and decoded when the source is read
# --------------------------------------------------------------------------

PICTURE = f"{SHEET}/images/bench.png"
PICTURE_LINE = "![A person sitting on a bench, thinking](images/bench.png"
"""The start of the fixture's first picture (its caption and credit follow)."""


def _picture_bytes(name: str, data: bytes | Callable[[Path], bytes]) -> Callable[[Path, Path], None]:
    """Put ``data`` in images/NAME and show it in the body in place of the bench."""

    def change(source: Path, output: Path) -> None:
        folder = source / SHEET / "images"
        (folder / name).write_bytes(data(folder) if callable(data) else data)
        edit(source / BODY, PICTURE_LINE, f"![A person sitting on a bench, thinking](images/{name}")

    return change


def _huge_png(folder: Path) -> bytes:
    """The bench picture with its header claiming 30000 × 30000 pixels (a decompression bomb's first step)."""
    import struct
    import zlib

    data = bytearray((folder / "bench.png").read_bytes())
    header = struct.pack(">II", 30000, 30000) + bytes(data[24:29])
    data[16:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + bytes(header)) & 0xFFFFFFFF)
    return bytes(data)


def _truncated(folder: Path) -> bytes:
    data = (folder / "bench.png").read_bytes()
    return data[: len(data) // 2]


def _jpeg(folder: Path) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(out, format="JPEG")
    return out.getvalue()


SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="40">'
for svg_case, body, message in (
    ("svg-script", "<script>alert(1)</script>", "holds a <script> element"),
    ("svg-onload", '<rect width="10" height="10" onload="alert(1)"/>', "has an event handler 'onload'"),
    ("svg-external-image", '<image href="file:///etc/passwd" width="10" height="10"/>', "refers to 'file:///etc/passwd'"),
    ("svg-javascript-link", '<a xlink:href="javascript:alert(1)"><rect width="9" height="9"/></a>',
     "refers to 'javascript:alert(1)'"),
    ("svg-foreign-object", "<foreignObject><iframe xmlns='http://www.w3.org/1999/xhtml' src='https://evil.example'/>"
     "</foreignObject>", "holds a <foreignObject> element"),
    ("svg-set-href", '<a><set attributeName="href" to="javascript:alert(1)"/><rect width="9" height="9"/></a>',
     "holds a <set> element"),
    ("svg-style-import", "<style>@import url(https://evil.example/x.css);</style>", "has a stylesheet that loads another file"),
    ("svg-style-attribute-url", '<rect width="9" height="9" style="fill: url(https://evil.example/p.svg)"/>',
     "loads another file"),
):
    CASES.append(Case(svg_case, "picture", _picture_bytes("drawing.svg", (SVG_OPEN + body + "</svg>").encode()),
                      BODY, message))
CASES.append(Case("svg-entity", "picture", _picture_bytes(
    "drawing.svg", b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>'), BODY, "declares a DOCTYPE or entities"))
CASES.append(Case("svg-billion-laughs", "picture", _picture_bytes(
    "drawing.svg", b'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>'), BODY, "declares a DOCTYPE or entities"))
CASES.append(Case("svg-not-xml", "picture", _picture_bytes("drawing.svg", b"<svg <<< not xml"), BODY,
                  "is not a valid SVG file"))
CASES.append(Case("svg-html-inside", "picture", _picture_bytes(
    "drawing.svg", b"<html><body><script>alert(1)</script></body></html>"), BODY, "is not an SVG picture"))
CASES.append(Case("png-is-text", "picture", _picture_bytes("fake.png", b"this is not a picture at all\n"), BODY,
                  "cannot be read as a picture"))
CASES.append(Case("png-empty", "picture", _picture_bytes("empty.png", b""), BODY, "cannot be read as a picture"))
CASES.append(Case("png-truncated", "picture", _picture_bytes("half.png", _truncated), BODY, "is damaged"))
CASES.append(Case("png-decompression-bomb", "picture", _picture_bytes("huge.png", _huge_png), BODY,
                  "claims far more pixels than the limit"))
CASES.append(Case("jpeg-named-png", "picture", _picture_bytes("photo.png", _jpeg), BODY,
                  "holds a JPEG picture but its name says PNG"))
simple("picture-unknown-type", "picture", BODY, "(images/bench.png \"", "(images/bench.bmp \"", "is not a picture file")
simple("picture-parent-folder", "picture", BODY, "(images/bench.png \"", "(../../publisher.yaml.png \"",
       "is outside the factsheet folder")
simple("picture-absolute", "picture", BODY, "(images/bench.png \"", "(/etc/passwd.png \"", "is outside the factsheet folder")
simple("picture-web-address", "picture", BODY, "(images/bench.png \"", "(https://evil.example/x.png \"",
       "is outside the factsheet folder")
simple("picture-data-address", "picture", BODY, "(images/bench.png \"", "(data:image/png;base64,iVBORw0KGgo= \"",
       "is outside the factsheet folder")
simple("picture-missing", "picture", BODY, "(images/bench.png \"", "(images/gone.png \"", "does not exist")


@case("picture-link-outside", "picture", BODY, "is a link to")
def _picture_link(source: Path, output: Path) -> None:
    outside = source.parent / "secret.png"
    outside.write_bytes((source / PICTURE).read_bytes())
    (source / SHEET / "images" / "secret.png").symlink_to(outside)
    edit(source / BODY, PICTURE_LINE, "![A person sitting on a bench, thinking](images/secret.png")


@case("picture-named-pipe", "picture", BODY, "is a named pipe", in_subprocess=True)
def _picture_fifo(source: Path, output: Path) -> None:
    os.mkfifo(source / SHEET / "images" / "pipe.png")
    edit(source / BODY, PICTURE_LINE, "![A person sitting on a bench, thinking](images/pipe.png")

# --------------------------------------------------------------------------
# Settings: checked once, at check time, located in publisher.yaml
# --------------------------------------------------------------------------


def _formats(text: str) -> Callable[[Path, Path], None]:
    def change(source: Path, output: Path) -> None:
        edit(source / PUBLISHER, "formats: {}", "formats:\n" + text)

    return change


for settings_case, text, message in (
    ("style-unknown-web", "  web:\n    citation_style: no-such-style\n",
     "citation style 'no-such-style' for the web format is not installed"),
    ("style-unknown-docx", "  docx:\n    citation_style: no-such-style\n",
     "citation style 'no-such-style' for the docx format is not installed"),
    ("style-unknown-pdf", "  pdf:\n    citation_style: ../../etc/passwd\n",
     "citation style '../../etc/passwd' for the pdf format is not installed"),
    ("format-unknown", "  pfd:\n    citation_style: bmj\n", "unknown format 'pfd' under formats"),
    ("option-unknown", "  web:\n    colour: red\n", "unknown setting 'colour' for the web format"),
    ("option-wrong-type", "  large-print:\n    font_size: big\n", "must be float"),
    ("large-print-too-small", "  large-print:\n    font_size: 9\n", "under 16 pt"),
    ("word-template-missing", "  docx:\n    template: nowhere.docx\n", "nowhere.docx' does not exist"),
    ("word-template-outside", "  docx:\n    template: /etc/hostname\n", "is not a file inside"),
    ("word-template-not-docx", "  docx:\n    template: publisher.yaml\n", "is not a Word .docx file"),
    ("easy-read-docx-side", "  easy-read-docx:\n    picture_side: middle\n", "picture_side must be 'left' or 'right'"),
):
    CASES.append(Case(settings_case, "settings", _formats(text), PUBLISHER, message))
CASES.append(Case("style-unknown-reported-by-check", "settings",
                  _formats("  web:\n    citation_style: no-such-style\n"), PUBLISHER,
                  "citation style 'no-such-style' for the web format", args=("check",)))

# --------------------------------------------------------------------------
# The output folder and the build: all or nothing per factsheet, plain words for the computer's failures
# --------------------------------------------------------------------------


@case("lock-is-a-folder", "output", "", ".lock is not a file")
def _lock_folder(source: Path, output: Path) -> None:
    (output / ".lock").unlink(missing_ok=True)
    (output / ".lock").mkdir()
    edit(source / BODY, "It can be *useful*", "It can be *handy*")


@case("lock-is-a-link", "output", "", ".lock is not a file")
def _lock_link(source: Path, output: Path) -> None:
    (output / ".lock").unlink(missing_ok=True)
    (output / ".lock").symlink_to("/etc/passwd")
    edit(source / BODY, "It can be *useful*", "It can be *handy*")


CASES.append(Case("output-is-a-file", "output", lambda s, o: (s.parent / "afile").write_text("x"), "",
                  "Directory 'afile' is a file", args=("build", "--format", "text", "--out", "afile"), exit_status=2))


def _manifest(content: str | bytes | None) -> Callable[[Path, Path], None]:
    def change(source: Path, output: Path) -> None:
        path = output / ".manifest.json"
        path.unlink()
        if content is None:
            path.mkdir()
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        edit(source / BODY, "It can be *useful*", "It can be *very useful*")  # something to build

    return change


for manifest_case, content in (
    ("manifest-a-list", "[1, 2, 3]"),
    ("manifest-garbage", b"\x00\xff{{{"),
    ("manifest-records-of-wrong-shape", '{"format": 1, "jobs": {"complete-example/text": {"files": [1], '
                                        '"settings": 2, "builder": 3, "outputs": "x"}, "a": 5}}'),
    ("manifest-deeply-nested", "[" * 100_000 + "]" * 100_000),
    ("manifest-is-a-folder", None),
):
    CASES.append(Case(manifest_case, "output", _manifest(content), "", "2 job(s) built", exit_status=0,
                      outputs_unchanged=False))


def _other_entry(text: str, folder: str = "other-sheet") -> Callable[[Path, Path], None]:
    def change(source: Path, output: Path) -> None:
        other = output / folder
        other.mkdir()
        (other / "index.html").write_text("<p>old page</p>", encoding="utf-8")
        (other / "catalog-entry.json").write_text(text, encoding="utf-8")
        edit(source / BODY, "It can be *useful*", "It can be *very useful*")

    return change


for entry_case, text in (
    ("catalog-entry-garbled", "{not json"),
    ("catalog-entry-wrong-shape", '["id", "title"]'),
    ("catalog-entry-wrong-types", '{"id": "other-sheet", "title": 5, "introduction": [], "version": {}, '
                                  '"last_updated": "2026-13-45", "keywords": "x"}'),
    ("catalog-entry-javascript-id", '{"id": "javascript:alert(1)", "title": "T", "introduction": "I", '
                                    '"version": "1", "last_updated": "2026-01-01", "keywords": []}'),
):
    CASES.append(Case(entry_case, "output", _other_entry(text), "", "2 job(s) built", exit_status=0,
                      outputs_unchanged=False))


def _failing_write(number: int, words: str) -> Callable[[object], None]:
    """Every file write fails as the computer would: disk full, read-only, permission denied."""

    def fault(monkeypatch: object) -> None:
        import errno as errors

        def refuse(self: Path, data: bytes) -> int:
            raise OSError(getattr(errors, number_names[number]), words, str(self))

        monkeypatch.setattr(Path, "write_bytes", refuse)  # type: ignore[attr-defined]

    return fault


number_names = {1: "ENOSPC", 2: "EROFS", 3: "EACCES", 4: "EDQUOT"}
for fault_case, number, words, message in (
    ("disk-full", 1, "No space left on device", "the disk is full"),
    ("disk-read-only", 2, "Read-only file system", "the disk is read-only"),
    ("permission-denied", 3, "Permission denied", "permission denied"),
    ("quota-exceeded", 4, "Disk quota exceeded", "the disk quota is used up"),
):
    CASES.append(Case(fault_case, "output", lambda s, o: edit(s / BODY, "It can be *useful*", "It can be *handy*"),
                      f"output/{SHEET}", f"cannot write the text copy of '{SHEET}': {message}",
                      fault=_failing_write(number, words)))


def _builder_bug(monkeypatch: object) -> None:
    from builders.formats.text import PlainTextBuilder

    def broken(self: object, factsheet: object, context: object) -> None:
        raise ValueError("a slip in the text builder")

    monkeypatch.setattr(PlainTextBuilder, "build", broken)  # type: ignore[attr-defined]


CASES.append(Case("builder-bug-replaces-nothing", "output",
                  lambda s, o: edit(s / BODY, "It can be *useful*", "It can be *handy*"), "builders/pipeline.py",
                  "the text builder failed on 'complete-example': ValueError: a slip in the text builder",
                  fault=_builder_bug))

simple("text-keyword-breakout", "address", FACTSHEET, "keyword: SHOUT", "keyword: 'SHOUT&body=x\"><script>'",
       "text keyword 'SHOUT&body=x\"><script>' is not one word")
CASES.append(Case("bump-note-with-escapes", "text", lambda s, o: None, "", "the --note must be one line",
                  args=("bump", SHEET, "--part", "--note", "New hours\x1b]0;pwned\x07")))
