"""A structural PDF/UA checker, read with tools that are not ours (pikepdf, pdfplumber, pdftotext, pdfua).

``pdfua`` 0.1.3 checks 16 of the 106 machine-checkable PDF/UA-1 rules, so the
tests also walk every page's content and the whole structure tree, the way a
screen reader meets them, and report what a reader would stumble on (issue
14; Matterhorn Protocol checkpoints named per finding):

==========================  ==================================================================
finding                     what it means
==========================  ==================================================================
``untagged``                content neither tagged nor an artifact (Matterhorn 01-005)
``orphan-mcid``             marked content no structure element points to (01-006)
``artifact-in-tag``         an artifact nested inside tagged content, or the reverse (01-004)
``split``                   one element cut in two by a page break: same role, adjacent pages,
                            the second not starting with its own heading, bullet or label
``table-repeat``            a ``Table`` with more than one ``THead``, ``TBody`` or ``TFoot``: the header
                            rows repeated on each page read again, the body cut (18-001)
``list-child``              an ``L`` holding something other than ``LI``/``L``/``Caption`` (09-004)
``li-without-lbody``        an ``LI`` with no ``LBody`` (09-005)
``toc-child``               a ``TOC`` holding something other than ``TOCI``/``TOC``/``Caption``
``toc-entry-links``         a ``TOCI`` with more (or fewer) than one link
``toc-missing``             a list of links within the document (a contents list) tagged ``L``, not ``TOC``
``heading-nested``          a heading inside a heading (14-003 spirit: headings are leaves)
``heading-empty``           a heading with no text (what pdfua's UA-14-001 would check)
``heading-skip``            the first heading is not ``H1``, or a level is skipped (14-002/003)
``figure-alt``              a ``Figure`` without ``Alt`` or ``ActualText`` (13-004)
``link-parent``             a link annotation whose structure parent is not a ``Link`` (28-011)
``link-contents``           a link annotation whose ``/Contents`` is missing, an id or a raw
                            address (28-010: it must describe the link's purpose)
``link-split``              one link target split into several ``Link`` elements in one block
``link-empty``              a ``Link`` element with an annotation and no text
``word-joined``             words run together at a line end: a word of the tag text that
                            pdftotext does not see (ISO 32000-1 14.8.2.5)
``pdfua``                   an error from ``pdfua``, or a rule it skipped or crashed on that the
                            caller did not name with a reason
==========================  ==================================================================
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
import pikepdf
from pdfua import validate

FINDINGS = (
    "untagged", "orphan-mcid", "artifact-in-tag", "split", "table-repeat", "list-child", "li-without-lbody", "toc-child",
    "toc-entry-links", "toc-missing", "heading-nested", "heading-empty", "heading-skip", "figure-alt", "link-parent", "link-contents",
    "link-split", "link-empty", "word-joined", "pdfua",
)
"""Every kind of finding, in the order reports list them."""

INLINE_ROLES = frozenset({
    "Span", "Link", "Em", "Strong", "Quote", "Note", "Reference", "Code", "NonStruct", "Annot", "Ruby",
    "Warichu", "BibEntry",
})
"""Roles whose text runs on with their neighbours' (no break before or after them)."""

HEADING = re.compile(r"H([1-6])")
RAW_ADDRESS = re.compile(r"^(?:(?:https?|tel|sms|mailto|ftp|file|data|javascript):|#|www\.)", re.IGNORECASE)
LIST_LABEL = re.compile(r"\s*(?:[•◦▪‣–-]|\d+[.)])")
"""A list item's bullet or number at the start of its text."""
TERMINAL = (".", "!", "?", ":", "…", '"', "”", ")", "]")


@dataclass(frozen=True)
class Annotation:
    """A link annotation: where it leads and how it is described."""

    target: str
    """A URI, or '#name' for a destination inside the document."""
    contents: str


def _annotation(annot: pikepdf.Object) -> Annotation:
    if "/A" in annot and "/URI" in annot.A:
        target = str(annot.A.URI)
    elif "/Dest" in annot:
        dest = annot.Dest
        target = "#" + (str(dest) if not isinstance(dest, pikepdf.Array) else f"page-{dest[0].objgen[0]}")
    else:
        target = "?"
    return Annotation(target, str(annot.get("/Contents", "")))


@dataclass
class Element:
    """One structure element, as a screen reader walks it."""

    role: str
    page: int | None
    """The 0-based page of its first content (or its /Pg)."""
    kids: list[Element | tuple[int, int] | Annotation] = field(default_factory=list)
    """Child elements, marked content as (page, mcid), and link annotations (their dictionaries)."""
    alt: str | None = None
    actual_text: str | None = None
    parent: Element | None = None

    def elements(self) -> list[Element]:
        """The child elements only."""
        return [kid for kid in self.kids if isinstance(kid, Element)]

    def walk(self) -> Iterator[Element]:
        """This element and every descendant, in reading order."""
        yield self
        for kid in self.elements():
            yield from kid.walk()

    def marked(self) -> Iterator[tuple[int, int]]:
        """Every (page, mcid) below this element, in reading order."""
        for kid in self.kids:
            if isinstance(kid, Element):
                yield from kid.marked()
            elif isinstance(kid, tuple):
                yield kid

    def annotations(self) -> list[Annotation]:
        """Annotations directly in this element."""
        return [kid for kid in self.kids if isinstance(kid, Annotation)]

    def pages(self) -> set[int]:
        """Every page this element's content is on."""
        return {page for page, _ in self.marked()}


@dataclass
class Finding:
    """One problem: its kind, and where and what, in words."""

    kind: str
    where: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.where}"


@dataclass
class TaggedPdf:
    """A PDF read once: its structure tree, the text of each marked-content sequence, and its content facts."""

    path: Path
    root: Element
    texts: dict[tuple[int, int], str]
    untagged: list[str]
    nesting: list[str]
    page_mcids: dict[int, set[int]]
    link_annotations: list[tuple[int, Annotation, str | None]]
    """(page, annotation, role of its structure parent) for every link annotation."""
    page_count: int

    def text(self, element: Element) -> str:
        """An element's text as a screen reader would speak it (``ActualText`` wins; blocks separated)."""
        parts: list[str] = []
        _speak(element, self.texts, parts)
        return re.sub(r"[ \t]*\n[\s]*", "\n", "".join(parts)).strip()


def _speak(element: Element, texts: Mapping[tuple[int, int], str], parts: list[str]) -> None:
    block = element.role not in INLINE_ROLES
    if block:
        parts.append("\n")
    if element.actual_text is not None:
        parts.append(element.actual_text)
    elif element.role == "Figure" and element.alt is not None:
        parts.append(f"[{element.alt}]")
    else:
        for kid in element.kids:
            if isinstance(kid, Element):
                _speak(kid, texts, parts)
            elif isinstance(kid, tuple):
                parts.append(texts.get(kid, ""))
    if block:
        parts.append("\n")


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------


def read(path: Path) -> TaggedPdf:
    """Read a PDF's structure tree (pikepdf) and the text of its marked content (pdfplumber)."""
    texts: dict[tuple[int, int], str] = {}
    untagged: list[str] = []
    with pdfplumber.open(path) as doc:
        for number, page in enumerate(doc.pages):
            for char in page.chars:
                mcid = char.get("mcid")
                if mcid is not None:
                    texts[(number, mcid)] = texts.get((number, mcid), "") + char["text"]
                elif char.get("tag") != "Artifact":
                    untagged.append(f"page {number + 1}: {char['text']!r} is neither tagged nor an artifact")
    with pikepdf.open(path) as pdf:
        page_index = {page.objgen: n for n, page in enumerate(pdf.pages)}
        nesting, page_mcids = _content_facts(pdf)
        role_map = {str(k)[1:]: str(v)[1:] for k, v in pdf.Root.StructTreeRoot.get("/RoleMap", {}).items()}
        root = _element(pdf.Root.StructTreeRoot, None, None, page_index, role_map)
        parents = _parent_roles(pdf)
        links = []
        for number, page in enumerate(pdf.pages):
            for annot in page.get("/Annots", []):
                if annot.get("/Subtype") == "/Link":
                    parent = parents.get(int(annot.StructParent)) if "/StructParent" in annot else None
                    links.append((number, _annotation(annot), parent))
        return TaggedPdf(path, root, texts, untagged, nesting, page_mcids, links, len(pdf.pages))


def _element(obj: pikepdf.Object, parent: Element | None, page: int | None, page_index: dict,
             role_map: Mapping[str, str]) -> Element:
    if "/Pg" in obj:
        page = page_index.get(obj.Pg.objgen, page)
    role = str(obj.get("/S", "/StructTreeRoot"))[1:]
    for _ in range(5):  # a custom role ("Standard") read as the standard role it is mapped to ("P")
        role = role_map.get(role, role)
    element = Element(role, page, parent=parent)
    if "/Alt" in obj:
        element.alt = str(obj.Alt)
    if "/ActualText" in obj:
        element.actual_text = str(obj.ActualText)
    kids = obj.get("/K")
    for kid in list(kids) if isinstance(kids, pikepdf.Array) else ([] if kids is None else [kids]):
        if isinstance(kid, int):
            if page is not None:
                element.kids.append((page, int(kid)))
        elif isinstance(kid, pikepdf.Dictionary):
            kind = kid.get("/Type")
            if kind == "/OBJR":
                element.kids.append(_annotation(kid.Obj))
            elif kind == "/MCR":
                kid_page = page_index.get(kid.Pg.objgen, page) if "/Pg" in kid else page
                element.kids.append((kid_page, int(kid.MCID)))
            else:
                element.kids.append(_element(kid, element, page, page_index, role_map))
    return element


def _parent_roles(pdf: pikepdf.Pdf) -> dict[int, str]:
    """StructParent number → the role of the structure element it maps to (for annotations)."""
    found: dict[int, str] = {}

    def walk(node: pikepdf.Object) -> None:
        if "/Nums" in node:
            nums = node.Nums
            for i in range(0, len(nums) - 1, 2):
                value = nums[i + 1]
                if isinstance(value, pikepdf.Dictionary):
                    found[int(nums[i])] = str(value.get("/S", ""))[1:]
        for kid in node.get("/Kids", []):
            walk(kid)

    walk(pdf.Root.StructTreeRoot.ParentTree)
    return found


def _content_facts(pdf: pikepdf.Pdf) -> tuple[list[str], dict[int, set[int]]]:
    """Artifacts nested in tagged content (and the reverse), and every MCID each page's content uses."""
    nesting: list[str] = []
    page_mcids: dict[int, set[int]] = {}
    for number, page in enumerate(pdf.pages):
        stack: list[str] = []
        mcids = page_mcids.setdefault(number, set())
        for operands, operator in pikepdf.parse_content_stream(page, "BDC BMC EMC"):
            op = str(operator)
            if op == "EMC":
                if stack:
                    stack.pop()
                continue
            tag = str(operands[0])
            properties = operands[1] if op == "BDC" and len(operands) > 1 else None
            tagged = isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties
            kind = "artifact" if tag == "/Artifact" else "tagged" if tagged else "other"
            if tagged:
                mcids.add(int(properties.MCID))
            outer = next((k for k in reversed(stack) if k != "other"), None)
            if outer and kind != "other" and outer != kind:
                nesting.append(f"page {number + 1}: {kind} content inside {outer} content")
            stack.append(kind)
    return nesting, page_mcids


# --------------------------------------------------------------------------
# Checking
# --------------------------------------------------------------------------


def check(path: Path, pdfua_skips: Mapping[str, str] | None = None) -> list[Finding]:
    """Every finding for the PDF at ``path``; ``pdfua_skips`` names pdfua rules allowed to skip, with a reason."""
    doc = read(path)
    findings: list[Finding] = []
    findings += [Finding("untagged", text) for text in doc.untagged]
    findings += [Finding("artifact-in-tag", text) for text in doc.nesting]
    reached = set(doc.root.marked())
    for page, mcids in doc.page_mcids.items():
        for mcid in sorted(mcids):
            if (page, mcid) not in reached:
                findings.append(Finding("orphan-mcid", f"page {page + 1}: MCID {mcid}"))
    findings += _tree_findings(doc)
    findings += _link_findings(doc)
    findings += _word_findings(doc)
    findings += _pdfua_findings(path, pdfua_skips or {})
    return findings


def counts(findings: list[Finding]) -> dict[str, int]:
    """How many findings of each kind (every kind listed, zeros included)."""
    found = Counter(f.kind for f in findings)
    return {kind: found.get(kind, 0) for kind in FINDINGS}


def _describe(doc: TaggedPdf, element: Element) -> str:
    text = " ".join(doc.text(element).split())
    page = min(element.pages(), default=element.page)
    where = f"page {page + 1}" if page is not None else "no page"
    return f"{element.role} on {where} {text[:60]!r}"


def _starts_on_its_own(doc: TaggedPdf, element: Element) -> bool:
    """Whether an element begins with its own heading, bullet, label or picture (so it is not a continuation)."""
    if LIST_LABEL.match(doc.text(element)):
        return True  # a bullet or number written into the text (LibreOffice does), not a Lbl element
    first = next(iter(element.elements()), None)
    while first is not None and element.role == "Div" and first.role == "Div":
        first = next(iter(first.elements()), None)
    if first is not None and first.role == "Figure":
        return True
    return first is not None and (HEADING.fullmatch(first.role) is not None or first.role in ("Lbl", "Caption"))


def _is_split(doc: TaggedPdf, first: Element, second: Element) -> bool:
    if first.role != second.role or first.role in INLINE_ROLES - {"NonStruct"}:
        return False
    first_pages, second_pages = first.pages(), second.pages()
    if not first_pages or not second_pages or min(second_pages) != max(first_pages) + 1:
        return False
    if first.role in ("P", "LBody") or HEADING.fullmatch(first.role):
        return not doc.text(first).rstrip().endswith(TERMINAL) and not LIST_LABEL.match(doc.text(second))
    if first.role in ("Figure", "TR", "TOCI", "BibEntry"):
        return False
    return not _starts_on_its_own(doc, second)


def _tree_findings(doc: TaggedPdf) -> list[Finding]:
    findings: list[Finding] = []
    levels: list[int] = []
    for element in doc.root.walk():
        kids = element.elements()
        for first, second in zip(kids, kids[1:]):
            if _is_split(doc, first, second):
                findings.append(Finding("split", f"{_describe(doc, first)} continues as {_describe(doc, second)}"))
        roles = [kid.role for kid in kids]
        if element.role == "Table":
            for part in ("THead", "TBody", "TFoot"):
                if roles.count(part) > 1:
                    findings.append(Finding("table-repeat", f"{roles.count(part)} {part} in {_describe(doc, element)}"))
        if element.role == "L":
            for role in roles:
                if role not in ("LI", "L", "Caption"):
                    findings.append(Finding("list-child", f"{role} in {_describe(doc, element)}"))
        if element.role == "TOC":
            for role in roles:
                if role not in ("TOCI", "TOC", "Caption"):
                    findings.append(Finding("toc-child", f"{role} in {_describe(doc, element)}"))
        if element.role == "TOCI":
            links = [e for e in element.walk() if e.role == "Link"]
            annots = [a for e in links for a in e.annotations()]
            if len(links) != 1 or len(annots) != 1:
                findings.append(Finding("toc-entry-links",
                                        f"{len(links)} links, {len(annots)} annotations in {_describe(doc, element)}"))
        if element.role == "L" and len(kids) > 1 and all(_only_internal_links(item) for item in kids):
            findings.append(Finding("toc-missing", _describe(doc, element)))
        if element.role == "LI" and "LBody" not in roles:
            findings.append(Finding("li-without-lbody", _describe(doc, element)))
        heading = HEADING.fullmatch(element.role)
        if heading:
            level = int(heading.group(1))
            if not doc.text(element).strip():
                findings.append(Finding("heading-empty", _describe(doc, element)))
            if any(HEADING.fullmatch(e.role) for e in list(element.walk())[1:]):
                findings.append(Finding("heading-nested", _describe(doc, element)))
            previous = levels[-1] if levels else 0
            if level > previous + 1:
                findings.append(Finding("heading-skip", f"H{level} after H{previous}: {_describe(doc, element)}"))
            levels.append(level)
        if element.role == "Figure" and not (element.alt or element.actual_text):
            findings.append(Finding("figure-alt", _describe(doc, element)))
    return findings


def _only_internal_links(item: Element) -> bool:
    """Whether a list item's content is all inside links to places in the document (a contents entry)."""
    links = [e for e in item.walk() if e.role == "Link"]
    if not links or not all(a.target.startswith("#") for link in links for a in link.annotations()):
        return False
    inside = {mark for link in links for mark in link.marked()}
    return set(item.marked()) <= inside


def _link_findings(doc: TaggedPdf) -> list[Finding]:
    findings: list[Finding] = []
    for page, annot, parent in doc.link_annotations:
        target = annot.target
        if parent != "Link":
            findings.append(Finding("link-parent", f"page {page + 1}: link to {target} has parent {parent}"))
        contents = annot.contents.strip()
        if not contents or contents == target or RAW_ADDRESS.match(contents) or " " not in contents:
            findings.append(Finding("link-contents", f"page {page + 1}: link to {target} described as {contents!r}"))
    for element in doc.root.walk():
        if element.role == "Link" and element.annotations() and not doc.text(element).strip():
            findings.append(Finding("link-empty", f"page {(element.page or 0) + 1}: link to "
                                                  f"{_target(element.annotations()[0])} has no text"))
        if element.role not in INLINE_ROLES:
            links = [e for e in _inline_descendants(element) if e.role == "Link" and e.annotations()]
            for first, second in zip(links, links[1:]):
                if _target(first.annotations()[0]) == _target(second.annotations()[0]) \
                        and _adjacent(element, first, second):
                    findings.append(Finding("link-split", f"link to {_target(first.annotations()[0])} "
                                                          f"is two elements in {_describe(doc, element)}"))
    return findings


def _inline_descendants(element: Element) -> Iterator[Element]:
    for kid in element.elements():
        if kid.role in INLINE_ROLES:
            yield kid
            yield from _inline_descendants(kid)


def _adjacent(parent: Element, first: Element, second: Element) -> bool:
    """Whether nothing but whitespace lies between two inline elements of one block."""
    order = list(parent.marked())
    first_marks, second_marks = list(first.marked()), list(second.marked())
    if not first_marks or not second_marks:
        return True
    return order.index(second_marks[0]) == order.index(first_marks[-1]) + 1


def _target(annot: Annotation) -> str:
    return annot.target


def _poppler_words(path: Path) -> dict[int, Counter[str]]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                         text=True).stdout
    # A leader's dots are artifacts, but poppler prints them on against the title ("Scars........").
    return {number: Counter(_words(re.sub(r"\.{3,}", " ", page))) for number, page in enumerate(out.split("\f"))}


def _words(text: str) -> list[str]:
    """Words, with the hyphens inside compounds taken out.

    Poppler removes the hyphen of a compound wrapped after it ("long-" +
    "standing" → "longstanding"), and keeps it elsewhere, so both sides drop it.
    """
    return re.sub(r"(\w)[-\u2010]\s*(?=\w)", r"\1", text).split()


def _word_findings(doc: TaggedPdf) -> list[Finding]:
    """Words a screen reader would hear that poppler, reading the page as printed, does not see."""
    poppler = _poppler_words(doc.path)
    spoken: dict[int, Counter[str]] = {}
    for block in _blocks(doc.root):
        marks = list(_own_marks(block))
        if not marks:
            continue
        text = "".join(doc.texts.get(mark, "") for mark in marks)
        page = marks[0][0]
        spoken.setdefault(page, Counter()).update(_words(text))
    findings = []
    for page, words in sorted(spoken.items()):
        unseen = words - poppler.get(page, Counter()) - poppler.get(page + 1, Counter())
        for word in sorted(unseen.elements()):
            findings.append(Finding("word-joined", f"page {page + 1}: {word!r}"))
    return findings


def _blocks(element: Element) -> Iterator[Element]:
    if element.role not in INLINE_ROLES:
        yield element
    for kid in element.elements():
        yield from _blocks(kid)


def _own_marks(block: Element) -> Iterator[tuple[int, int]]:
    """The marked content of a block and its inline descendants (not of nested blocks)."""
    for kid in block.kids:
        if isinstance(kid, tuple):
            yield kid
        elif isinstance(kid, Element) and kid.role in INLINE_ROLES:
            yield from _own_marks(kid)


def _pdfua_findings(path: Path, skips: Mapping[str, str]) -> list[Finding]:
    findings = []
    report = validate(str(path))
    for outcome in report.outcomes:
        if outcome.skipped_reason and outcome.rule_id not in skips:
            findings.append(Finding("pdfua", f"{outcome.rule_id} could not run: {outcome.skipped_reason}"))
        for finding in outcome.findings:
            if finding.severity.name == "ERROR":
                findings.append(Finding("pdfua", f"{outcome.rule_id}: {finding.message}"))
    return findings


# --------------------------------------------------------------------------
# What a screen reader reads
# --------------------------------------------------------------------------


def reading_dump(path: Path, page: int) -> str:
    """The structure tree of the elements with content on ``page`` (1-based), in order, with the text of each.

    One line per element: its depth as indentation, its role, and — for an
    element whose children are inline — the text a screen reader speaks.
    """
    doc = read(path)
    lines: list[str] = []

    def walk(element: Element, depth: int) -> None:
        if page - 1 not in element.pages() and element.role != "StructTreeRoot":
            return
        text = ""
        if element.role not in INLINE_ROLES and not any(k.role not in INLINE_ROLES for k in element.elements()):
            text = " ".join(doc.text(element).split())
        elif element.role == "Figure":
            text = f"[{element.alt}]"
        lines.append(f"{'  ' * depth}{element.role}{': ' + text if text else ''}")
        if not text:
            for kid in element.elements():
                walk(kid, depth + 1)

    walk(doc.root, -1)
    return "\n".join(lines[1:])
