"""Readers of built files that look for anything active: scripts, event handlers, frames, and links
whose scheme is not one of https, http, mailto, tel and sms.  They use lxml, zipfile and pikepdf,
not the publisher's own code."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import lxml.html
import pikepdf
from lxml import etree

ALLOWED = ("https", "http", "mailto", "tel", "sms")
ACTIVE_ELEMENTS = ("script", "iframe", "frame", "object", "embed", "applet", "base", "form", "meta[@http-equiv]")


def _scheme_problem(address: str) -> str:
    match = re.match(r"\s*([A-Za-z][A-Za-z0-9+.-]*):", address)
    if match is None:
        return ""  # a relative address: a file beside the page, or #id
    return "" if match.group(1).lower() in ALLOWED else f"scheme {match.group(1)!r} in {address!r}"


TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def trusted_scripts() -> set[str]:
    """The scripts our own templates hold word for word (the catalog's search box), and nothing else."""
    found = set()
    for template in TEMPLATES.rglob("*.j2"):
        for body in re.findall(r"<script>(.*?)</script>", template.read_text(encoding="utf-8"), re.DOTALL):
            assert "{{" not in body and "{%" not in body, f"{template}: a script must not be filled from data"
            found.add(body.strip())
    return found


def html_problems(path: Path) -> list[str]:
    """Active content in an HTML file (a script is allowed only if it is one of our templates' own)."""
    tree = lxml.html.fromstring(path.read_bytes())
    trusted = trusted_scripts()
    problems = [f"<{element.tag}>" for name in ACTIVE_ELEMENTS for element in tree.xpath(f"//{name}")
                if not (element.tag == "script" and not element.attrib and (element.text or "").strip() in trusted)]
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                problems.append(f"event handler {name} on <{element.tag}>")
            if name.lower() in ("href", "src", "action", "formaction", "xlink:href", "data", "poster"):
                if problem := _scheme_problem(value):
                    problems.append(f"{problem} on <{element.tag}>")
    return problems


def svg_problems(path: Path) -> list[str]:
    """Active content in an SVG file."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(path.read_bytes(), parser)
    problems = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).localname.lower() in ("script", "foreignobject", "iframe", "set", "animate"):
            problems.append(f"<{etree.QName(element).localname}>")
        for name, value in element.attrib.items():
            local = etree.QName(name).localname.lower()
            if local.startswith("on"):
                problems.append(f"event handler {local}")
            if local == "href" and not value.startswith("#"):
                problems.append(f"external reference {value!r}")
    return problems


def docx_problems(path: Path) -> list[str]:
    """Relationships to disallowed addresses, and field codes that run something, in a Word file."""
    problems = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            if name.endswith(".rels"):
                for rel in etree.fromstring(data).iter("{*}Relationship"):
                    if rel.get("TargetMode") == "External" and (problem := _scheme_problem(rel.get("Target", ""))):
                        problems.append(f"{name}: {problem}")
            if name.endswith(".xml"):
                if b"<script" in data.lower():
                    problems.append(f"{name}: a <script> element")
                for code in re.findall(rb"HYPERLINK\s+&quot;([^&]*)&quot;|HYPERLINK\s+\"([^\"]*)\"", data):
                    target = (code[0] or code[1]).decode("utf-8", "replace")
                    if problem := _scheme_problem(target):
                        problems.append(f"{name}: field {problem}")
            if name.endswith((".bin", ".vba")) or "vbaProject" in name:
                problems.append(f"{name}: macros")
    return problems


def pdf_problems(path: Path) -> list[str]:
    """Link annotations to disallowed addresses, JavaScript and launch actions in a PDF."""
    problems = []
    with pikepdf.open(path) as pdf:
        names = pdf.Root.get("/Names")
        if names is not None and "/JavaScript" in names:
            problems.append("document JavaScript")
        if "/OpenAction" in pdf.Root:
            problems.append("an open action")
        for number, page in enumerate(pdf.pages, start=1):
            for annot in page.get("/Annots", []):
                action = annot.get("/A")
                if action is None:
                    continue
                kind = str(action.get("/S", ""))
                if kind in ("/JavaScript", "/Launch", "/ImportData", "/SubmitForm"):
                    problems.append(f"page {number}: {kind} action")
                if kind == "/URI" and (problem := _scheme_problem(str(action.get("/URI", "")))):
                    problems.append(f"page {number}: {problem}")
    return problems


def output_problems(folder: Path) -> list[str]:
    """Every active thing in every HTML, SVG, Word and PDF file below ``folder``."""
    readers = {".html": html_problems, ".svg": svg_problems, ".docx": docx_problems, ".pdf": pdf_problems}
    found = []
    for path in sorted(folder.rglob("*")):
        reader = readers.get(path.suffix.lower())
        if reader is not None and path.is_file():
            found.extend(f"{path.relative_to(folder)}: {problem}" for problem in reader(path))
    return found
