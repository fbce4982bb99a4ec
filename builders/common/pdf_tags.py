"""Repairs to WeasyPrint 70's structure tree, so a screen reader meets whole sentences, items and sections.

WeasyPrint tags each page on its own (``weasyprint/pdf/tags.py``): every box
piece on a page becomes a structure element, so one ``<main>`` becomes one
``Part`` per page, a paragraph cut by a page break two ``P``, a link wrapped
over two lines two ``Link`` elements with two annotations.  It drops the
space at a soft line break, so text read from the tags runs words together
("over" + "time" → "overtime"); it maps ``dt``/``dd`` to unrelated list items,
the contents' ``leader()`` dots to real text inside three nested links, and
describes every link by its raw target (``ref-3``, ``tel:116123``).

:func:`repair_structure` fixes all of that in WeasyPrint's own PDF objects,
before they are written (a ``finisher``, like :func:`~builders.common.weasy.mark_artifacts`).
It needs to know which box each structure element came from, which
WeasyPrint does not keep; :func:`recording_boxes` records it while the tree is
built.  The repairs:

* **Pieces of one element are merged**: consecutive siblings made from the same
  HTML element (a ``Part``, ``Sect``, ``L``, ``LI``, ``P``, box or link split by a
  page or line break) become one element; marked content moved to an element
  of another page becomes a marked-content reference (``/MCR``).
* **Anonymous boxes are unwrapped**: a block inside a heading (easy read's
  "Easy read" line) gave an ``H1`` inside the ``H1``.
* **Tables over several pages**: the header rows repeated on each page become
  pagination artifacts, so the table has one ``THead`` and one ``TBody``.
* **Word separators**: a real space glyph is added at the end of every line's
  last text in its own marked content (ISO 32000-1 14.8.2.5), invisible on the page.
* **Contents**: a list in ``<nav>`` becomes ``TOC``/``TOCI``, each entry one
  ``Reference > Link`` with one annotation (the title and the page number);
  the ``leader()`` dots become layout artifacts.
* **Label/value lists**: each ``<dt>`` and its ``<dd>`` become one ``LI`` holding
  ``Lbl`` (the term or label) and ``LBody`` (the meaning or value), as
  PDF/UA lists ask (ISO 32000-1 14.8.4.3.3).
* **Link descriptions**: each annotation's ``/Contents`` says what the link is
  and where it goes (:func:`link_description`).
* The parent tree is rebuilt to match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from threading import Lock
from typing import Any
from urllib.parse import unquote, urlsplit

import pydyf
from weasyprint.formatting_structure import boxes
from weasyprint.pdf import tags as weasy_tags

_RECORDING = Lock()

BoxMap = dict[int, Any]
"""Structure element object number → the WeasyPrint box it was made from."""


@contextmanager
def recording_boxes() -> Iterator[BoxMap]:
    """Record, while WeasyPrint builds its structure tree, which box each structure element came from.

    WeasyPrint's ``_build_box_tree`` calls itself through its module's global
    name, so wrapping that name sees every element it yields (WeasyPrint is
    pinned to 70.0 in pyproject.toml; a test fails if the tree is not recorded).
    """
    record: BoxMap = {}
    original = weasy_tags._build_box_tree

    def traced(box: Any, *args: Any) -> Iterator[pydyf.Dictionary]:
        for element in original(box, *args):
            # The first (innermost) call to yield an element made it; html, body and page boxes pass theirs up.
            record.setdefault(element.number, box._box if isinstance(box, weasy_tags.AbsolutePlaceholder) else box)
            yield element

    with _RECORDING:
        weasy_tags._build_box_tree = traced
        try:
            yield record
        finally:
            weasy_tags._build_box_tree = original


# --------------------------------------------------------------------------
# The tree
# --------------------------------------------------------------------------


class _Tree:
    """WeasyPrint's PDF objects, with the helpers every repair uses."""

    def __init__(self, document: Any, pdf: pydyf.PDF, box_of: BoxMap) -> None:
        self.document = document
        self.pdf = pdf
        self.box_of = box_of
        self.page_refs: list[bytes] = list(pdf.page_references)
        self.page_number = {ref: n for n, ref in enumerate(self.page_refs)}
        self.annotations_removed: set[int] = set()
        self.artifacts: dict[int, dict[int, str]] = {}
        """Page → MCID → the artifact type it becomes (``/Layout``, ``/Pagination``)."""
        page_box = document.pages[0]._page_box if document.pages else None
        html = page_box.children[0].element if page_box is not None and page_box.children else None
        self.parent_of: dict[int, Any] = {}
        self.by_id: dict[str, Any] = {}
        for parent in (html.iter() if html is not None else ()):
            if parent.get("id"):
                self.by_id.setdefault(parent.get("id"), parent)
            for child in parent:
                self.parent_of[id(child)] = parent

    def ancestors(self, element: Any) -> Iterator[Any]:
        """The HTML element's ancestors, nearest first."""
        parent = self.parent_of.get(id(element))
        while parent is not None:
            yield parent
            parent = self.parent_of.get(id(parent))

    def get(self, value: Any) -> Any:
        if isinstance(value, bytes) and value.endswith(b" R"):
            return self.pdf.objects[int(value.split()[0])]
        return value

    @staticmethod
    def is_element(value: Any) -> bool:
        return isinstance(value, pydyf.Dictionary) and value.get("Type") == "/StructElem"

    def kids(self, element: pydyf.Dictionary) -> list[Any]:
        kids = element.get("K")
        return kids if isinstance(kids, list) else []

    def element_kids(self, element: pydyf.Dictionary) -> list[pydyf.Dictionary]:
        return [kid for kid in map(self.get, self.kids(element)) if self.is_element(kid)]

    def box(self, element: pydyf.Dictionary) -> Any:
        return self.box_of.get(element.number)

    def source(self, element: pydyf.Dictionary) -> tuple[int, str, str] | None:
        """What makes two elements pieces of one: the same HTML element, pseudo-element and role."""
        box = self.box(element)
        if box is None or box.element is None or box.is_leader:
            return None  # a leader() box shares its pseudo-element's name but is not a piece of it
        return id(box.element), str(box.element_tag), str(element["S"])

    def move_kids(self, source: pydyf.Dictionary, target: pydyf.Dictionary, at: int | None = None) -> None:
        """Move every kid of ``source`` into ``target`` (at the end, or at index ``at``)."""
        moved = []
        for kid in self.kids(source):
            if isinstance(kid, int):
                if source.get("Pg") != target.get("Pg"):
                    mcr = pydyf.Dictionary({"Type": "/MCR", "Pg": source["Pg"], "MCID": kid})
                    self.pdf.add_object(mcr)
                    kid = mcr.reference
            else:
                child = self.get(kid)
                if self.is_element(child):
                    child["P"] = target.reference
            moved.append(kid)
        kids = target.setdefault("K", pydyf.Array())
        if at is None:
            kids.extend(moved)
        else:
            kids[at:at] = moved
        source["K"] = pydyf.Array()

    def new_element(self, role: str, parent: pydyf.Dictionary, page: bytes | None) -> pydyf.Dictionary:
        element = pydyf.Dictionary({"Type": "/StructElem", "S": f"/{role}", "K": pydyf.Array(),
                                    "P": parent.reference})
        if page is not None:
            element["Pg"] = page
        self.pdf.add_object(element)
        return element

    def walk(self, element: pydyf.Dictionary) -> Iterator[pydyf.Dictionary]:
        yield element
        for kid in self.element_kids(element):
            yield from self.walk(kid)

    def marked(self, element: pydyf.Dictionary) -> Iterator[tuple[int, int]]:
        """(page, MCID) of every piece of marked content below ``element``."""
        page = self.page_number.get(element.get("Pg"))
        for kid in self.kids(element):
            if isinstance(kid, int):
                if page is not None:
                    yield page, kid
                continue
            child = self.get(kid)
            if isinstance(child, pydyf.Dictionary) and child.get("Type") == "/MCR":
                yield self.page_number[child["Pg"]], child["MCID"]
            elif self.is_element(child):
                yield from self.marked(child)

    def objrs(self, element: pydyf.Dictionary) -> list[pydyf.Dictionary]:
        return [kid for kid in map(self.get, self.kids(element))
                if isinstance(kid, pydyf.Dictionary) and kid.get("Type") == "/OBJR"]


# --------------------------------------------------------------------------
# The repairs
# --------------------------------------------------------------------------


def repair_structure(document: Any, pdf: pydyf.PDF, box_of: BoxMap) -> None:
    """Repair WeasyPrint's structure tree in place (see the module's docstring); ``box_of`` from :func:`recording_boxes`."""
    root_ref = pdf.catalog.get("StructTreeRoot")
    if root_ref is None or not box_of:
        return
    tree = _Tree(document, pdf, box_of)
    root = tree.get(root_ref)
    document_element = tree.get(root["K"][0])
    text_boxes = _text_boxes(tree, document_element)
    _merge_pieces(tree, document_element)
    _unwrap_anonymous(tree, document_element)
    for element in list(tree.walk(document_element)):
        box = tree.box(element)
        if box is None or box.element is None:
            continue
        tag = box.element_tag
        if tag in ("ol", "ul") and element["S"] == "/L" and any(a.tag == "nav" for a in tree.ancestors(box.element)):
            _contents(tree, element, text_boxes)
        elif tag == "dl" and element["S"] == "/L":
            _label_value_list(tree, element)
    _describe_links(tree, document_element)
    _add_word_separators(tree, text_boxes)
    _rebuild_parent_tree(tree, root, document_element)
    _apply_artifacts(tree)


def _text_boxes(tree: _Tree, top: pydyf.Dictionary) -> dict[tuple[int, int], Any]:
    """(page, MCID) → the text box drawn in it, pairing each element's text kids with its box's text boxes."""
    found: dict[tuple[int, int], Any] = {}
    for element in tree.walk(top):
        box = tree.box(element)
        if box is None or not isinstance(box, boxes.ParentBox):
            continue
        texts = [child for line in box.children
                 for child in (line.children if isinstance(line, boxes.LineBox) else [line])
                 if isinstance(child, boxes.TextBox)]
        if not texts:
            continue
        page = tree.page_number.get(element.get("Pg"))
        marks: list[int] = []
        for kid in tree.kids(element):
            if isinstance(kid, int):
                marks.append(kid)
                continue
            child = tree.get(kid)
            if tree.is_element(child) and child.number not in tree.box_of:
                inner = tree.kids(child)
                if len(inner) == 1 and isinstance(inner[0], int):
                    marks.append(inner[0])
        if page is None or len(marks) != len(texts):
            continue
        for mcid, text_box in zip(marks, texts):
            found[(page, mcid)] = text_box
    return found


def _merge_pieces(tree: _Tree, element: pydyf.Dictionary) -> None:
    """Merge consecutive kids made from the same HTML element (one element cut by page or line breaks)."""
    if element["S"] == "/Table":
        _table_headers_once(tree, element)
    kids = tree.kids(element)
    index = 0
    while index < len(kids) - 1:
        first, second = tree.get(kids[index]), tree.get(kids[index + 1])
        if tree.is_element(first) and tree.is_element(second):
            key = tree.source(first)
            if key is not None and key == tree.source(second):
                tree.move_kids(second, first)
                del kids[index + 1]
                continue
        index += 1
    for kid in tree.element_kids(element):
        _merge_pieces(tree, kid)


def _table_headers_once(tree: _Tree, table: pydyf.Dictionary) -> None:
    """A table over several pages: the header (and footer) rows WeasyPrint repeats on each page become artifacts.

    PDF/UA-1 (Matterhorn 18-001) wants repeated page furniture as pagination
    artifacts; a screen reader then meets the header row once.  Data cells of
    later pages name the repeated header cells in ``/Headers``; they are
    pointed at the kept ones.
    """
    groups: dict[str, list[pydyf.Dictionary]] = {}
    for kid in tree.element_kids(table):
        if kid["S"] in ("/THead", "/TFoot"):
            groups.setdefault(str(kid["S"]), []).append(kid)
    renamed: dict[str, Any] = {}
    removed: list[pydyf.Dictionary] = []
    for role, pieces in groups.items():
        if len(pieces) < 2:
            continue
        kept = pieces[0] if role == "/THead" else pieces[-1]
        kept_ids = [_plain(cell["ID"]) for cell in tree.walk(kept) if "ID" in cell]
        for piece in pieces:
            if piece is kept:
                continue
            ids = [cell for cell in tree.walk(piece) if "ID" in cell]
            renamed.update({_plain(cell["ID"]): kept_id for cell, kept_id in zip(ids, kept_ids)})
            for page, mcid in tree.marked(piece):
                tree.artifacts.setdefault(page, {})[mcid] = "/Pagination"
            removed.append(piece)
    if not removed:
        return
    gone = {piece.reference for piece in removed}
    table["K"] = pydyf.Array([kid for kid in tree.kids(table) if kid not in gone])
    for cell in tree.walk(table):
        attributes = cell.get("A")
        headers = attributes.get("Headers") if isinstance(attributes, dict) else None
        if headers:
            attributes["Headers"] = pydyf.Array(
                pydyf.String(renamed.get(_plain(h), _plain(h))) for h in headers)


def _plain(value: Any) -> str:
    """The text of a pydyf string (its ``str()`` is not)."""
    return value.string if isinstance(value, pydyf.String) else str(value)


def _unwrap_anonymous(tree: _Tree, element: pydyf.Dictionary) -> None:
    """Replace a kid with its own kids when it is an anonymous box of the same element and role (H1 in H1)."""
    key = tree.source(element)
    kids = tree.kids(element)
    index = 0
    while index < len(kids):
        kid = tree.get(kids[index])
        if key is not None and tree.is_element(kid) and tree.source(kid) == key:
            moved = len(tree.kids(kid))
            del kids[index]
            tree.move_kids(kid, element, at=index)
            index += moved
            continue
        index += 1
    for kid in tree.element_kids(element):
        _unwrap_anonymous(tree, kid)


def _contents(tree: _Tree, toc: pydyf.Dictionary, text_boxes: dict[tuple[int, int], Any]) -> None:
    """A list of links in ``<nav>`` as ``TOC`` > ``TOCI`` > ``Reference`` > one ``Link``; leader dots as artifacts."""
    toc["S"] = "/TOC"
    for item in tree.element_kids(toc):
        if item["S"] != "/LI":
            continue
        item["S"] = "/TOCI"
        links = [e for e in tree.walk(item) if e["S"] == "/Link"]
        if not links:
            continue
        link = links[0]
        kept_objr = (tree.objrs(link) or [None])[0]
        content: list[Any] = []
        for piece in links:
            box = tree.box(piece)
            for kid in tree.kids(piece):
                value = tree.get(kid)
                if isinstance(value, pydyf.Dictionary) and value.get("Type") == "/OBJR":
                    if value is not kept_objr:
                        _drop_annotation(tree, value, kept_objr)
                    continue
                if tree.is_element(value) and value["S"] == "/Link":
                    continue  # a nested link piece: walked on its own
                if isinstance(kid, int) and box is not None and box.is_leader:
                    tree.artifacts.setdefault(tree.page_number[piece["Pg"]], {})[kid] = "/Layout"
                    continue
                if isinstance(kid, int) and piece.get("Pg") != link.get("Pg"):
                    mcr = pydyf.Dictionary({"Type": "/MCR", "Pg": piece["Pg"], "MCID": kid})
                    tree.pdf.add_object(mcr)
                    kid = mcr.reference
                content.append(kid)
        reference = tree.new_element("Reference", item, item.get("Pg"))
        link["K"] = pydyf.Array(content + ([kept_objr.reference] if kept_objr is not None else []))
        link["P"] = reference.reference
        reference["K"] = pydyf.Array([link.reference])
        item["K"] = pydyf.Array([reference.reference])


def _drop_annotation(tree: _Tree, objr: pydyf.Dictionary, kept: pydyf.Dictionary | None) -> None:
    """Remove a second annotation of one link from its page, widening the kept one to cover it."""
    annotation = tree.get(objr["Obj"])
    page = tree.get(objr["Pg"])
    annots = page.get("Annots", [])
    if annotation.reference in annots:
        annots.remove(annotation.reference)
    tree.annotations_removed.add(annotation.number)
    if kept is not None and objr["Pg"] == kept["Pg"]:
        keep = tree.get(kept["Obj"])
        a, b = keep["Rect"], annotation["Rect"]
        keep["Rect"] = pydyf.Array([min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])])


def _label_value_list(tree: _Tree, dl: pydyf.Dictionary) -> None:
    """``<dl>``: each term with its descriptions as ``LI`` > ``Lbl`` + ``LBody`` (grouping ``<div>``s dropped)."""
    pieces: list[tuple[str, pydyf.Dictionary, pydyf.Dictionary]] = []  # (dt|dd, item, body)

    def collect(element: pydyf.Dictionary) -> None:
        for kid in tree.element_kids(element):
            box = tree.box(kid)
            tag = box.element_tag if box is not None else None
            if kid["S"] == "/LI" and tag in ("dt", "dd"):
                bodies = [b for b in tree.element_kids(kid) if b["S"] == "/LBody"]
                if bodies:
                    pieces.append((tag, kid, bodies[0]))
            else:
                collect(kid)

    collect(dl)
    items: list[pydyf.Dictionary] = []
    current: pydyf.Dictionary | None = None
    body: pydyf.Dictionary | None = None
    for tag, item, piece in pieces:
        if tag == "dt" or current is None:
            current, body = item, None
            item["P"] = dl.reference
            if tag == "dt":
                piece["S"] = "/Lbl"
                item["K"] = pydyf.Array([piece.reference])
            else:
                body = piece
            items.append(current)
        elif body is None:
            body = piece
            piece["P"] = current.reference
            current["K"].append(piece.reference)
        else:
            tree.move_kids(piece, body)
    if items:
        dl["K"] = pydyf.Array([item.reference for item in items])


# --------------------------------------------------------------------------
# Link descriptions
# --------------------------------------------------------------------------


def _describe_links(tree: _Tree, top: pydyf.Dictionary) -> None:
    for element in tree.walk(top):
        if element["S"] != "/Link":
            continue
        box = tree.box(element)
        anchor = getattr(box, "element", None)
        if anchor is not None and anchor.tag != "a":
            anchor = next((a for a in tree.ancestors(anchor) if a.tag == "a"), None)
        if anchor is None:
            continue
        description = link_description(anchor, tree.ancestors(anchor), tree.by_id)
        for objr in tree.objrs(element):
            tree.get(objr["Obj"])["Contents"] = pydyf.String(description)


def _text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def link_description(anchor: Any, ancestors: Iterable[Any], by_id: Mapping[str, Any]) -> str:
    """What a link is and where it goes, in words, for its annotation's ``/Contents`` (PDF/UA-1 7.18.5).

    "Reference 3: Victor, Glenn & Klonsky, 2012...", "Section: Getting an
    advocate", "Call Samaritans on 116 123", "Mind – web page at mind.org.uk".
    An ``aria-label`` on the link wins.
    """
    label = (anchor.get("aria-label") or "").strip()
    if label:
        return label
    text = _text(anchor)
    href = anchor.get("href") or ""
    parts = urlsplit(href)
    scheme = parts.scheme.lower()
    if href.startswith("#") or (not scheme and parts.fragment):
        target = by_id.get(unquote(parts.fragment))
        target_text = _text(target) if target is not None else text
        number = re.fullmatch(r"ref-(\d+)", parts.fragment)
        if number:
            return f"Reference {number.group(1)}: {_shorten(target_text)}"
        cited = re.fullmatch(r"cite-(\d+)", parts.fragment)
        if cited:
            return f"Back to where reference {cited.group(1)} is first cited"
        if target is not None and re.fullmatch(r"h[1-6]", str(target.tag)):
            return f"Section: {_shorten(target_text)}"
        return f"Go to: {_shorten(target_text)}"
    who = _contact_name(ancestors)
    number = unquote(parts.path)
    if scheme == "tel":
        return f"Call {who} on {text}" if who else f"Call {text}"
    if scheme == "sms":
        return f"Text {who} on {number}" if who else f"Send a text message to {number}"
    if scheme == "mailto":
        return f"Email {who} at {number}" if who else f"Send an email to {number}"
    host = parts.netloc.removeprefix("www.")
    address = href.split("://", 1)[-1].rstrip("/")
    if not text or text.rstrip("/") in (href.rstrip("/"), address):
        what = f"{who} web page" if who else "Web page"
        return f"{what}: {address}"
    return f"{_shorten(text)} – web page at {host}"


def _contact_name(ancestors: Iterable[Any]) -> str:
    for ancestor in ancestors:
        if "contact" in (ancestor.get("class") or "").split():
            heading = next((e for e in ancestor.iter() if re.fullmatch(r"h[1-6]", str(e.tag))), None)
            return _text(heading) if heading is not None else ""
    return ""


def _shorten(text: str, limit: int = 90) -> str:
    text = re.sub(r"^\d+\.\s*", "", text.replace("Back to text", "").strip())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


# --------------------------------------------------------------------------
# Word separators and artifacts (content streams)
# --------------------------------------------------------------------------

_HYPHENATED = re.compile(r"\w[-\u2010]$")
_FONT = re.compile(rb"^/(\S+) (\S+) Tf$")


def _add_word_separators(tree: _Tree, text_boxes: dict[tuple[int, int], Any]) -> None:
    """Add a space glyph after the last text of every line that does not end with one."""
    where = {id(box): mark for mark, box in text_boxes.items()}
    wanted: dict[int, set[int]] = {}
    seen_lines: set[int] = set()
    for box in tree.box_of.values():
        for line in getattr(box, "children", ()):
            if not isinstance(line, boxes.LineBox) or id(line) in seen_lines:
                continue
            seen_lines.add(id(line))
            last = _last_text(line)
            if last is None or not last.text or last.text[-1].isspace() or last.text.endswith("\u200b"):
                continue
            if _HYPHENATED.search(last.text):
                continue  # "self-" + "harm" is one word: the hyphen stays, no space is added
            mark = where.get(id(last))
            if mark is not None and mark[1] not in tree.artifacts.get(mark[0], {}):
                wanted.setdefault(mark[0], set()).add(mark[1])
    # A text box of spaces alone (between two links, say) is tagged but WeasyPrint draws no glyph for it.
    blank: dict[int, dict[int, Any]] = {}
    for (page, mcid), box in text_boxes.items():
        if box.text and not box.text.strip():
            blank.setdefault(page, {})[mcid] = box
    fonts = {font.hash: font for font in tree.document.fonts.values()}
    spaces = {name: _space_glyph(font) for name, font in fonts.items()}
    for page in set(wanted) | set(blank):
        _insert_spaces(tree, page, wanted.get(page, set()), blank.get(page, {}), spaces)


def _last_text(box: Any) -> Any:
    if isinstance(box, boxes.TextBox):
        return box if box.text else None  # a space collapsed away at the line end draws nothing
    for child in reversed(getattr(box, "children", ())):
        found = _last_text(child)
        if found is not None:
            return found
    return None


def _space_glyph(font: Any) -> int | None:
    if font.bitmap:
        return None
    return next((glyph for glyph, text in font.to_unicode.items() if text == " "), None)


def _insert_spaces(tree: _Tree, page: int, line_ends: set[int], blank: dict[int, Any],
                   spaces: dict[str, int | None]) -> None:
    """Draw a space after the last glyph of each line-end MCID, and in each blank MCID at its box's place."""
    stream = tree.get(tree.get(tree.page_refs[page])["Contents"])
    items = stream.stream
    font_name, size = None, None
    inserts: list[tuple[int, bytes]] = []
    inside: int | None = None
    last_tj: int | None = None
    begin_text: int | None = None
    for position, item in enumerate(items):
        if isinstance(item, bytes):
            match = _FONT.match(item)
            if match:
                font_name, size = match.group(1).decode(), match.group(2).decode()
            elif item.endswith(b"] TJ"):
                last_tj = position
            elif item == b"BT":
                begin_text = position
            elif item == b"EMC" and inside is not None:
                if font_name is not None and last_tj is not None and inside in line_ends:
                    inserts.append((last_tj + 1, _space_operators(font_name, size, spaces)))
                elif font_name is not None and last_tj is None and begin_text is not None and inside in blank:
                    box = blank[inside]
                    place = f"1 0 0 -1 {box.position_x:f} {box.position_y + box.baseline:f} Tm /{font_name} {size} Tf "
                    operators = _space_operators(font_name, size, spaces)
                    if operators:
                        inserts.append((begin_text + 1, place.encode() + operators))
                inside = None
        elif isinstance(item, pydyf.Dictionary) and (item.get("MCID") in line_ends or item.get("MCID") in blank) \
                and position + 1 < len(items) and items[position + 1] == b"BDC":
            inside, last_tj, begin_text = item["MCID"], None, None
    for position, operators in reversed(inserts):
        if operators:
            items.insert(position, operators)


def _space_operators(font_name: str, size: str | None, spaces: dict[str, int | None]) -> bytes:
    glyph = spaces.get(font_name)
    if glyph is not None:
        return f"[<{glyph:04x}>] TJ".encode()
    other = next((name for name, g in spaces.items() if g is not None), None)
    if other is None:
        return b""
    return f"/{other} {size} Tf [<{spaces[other]:04x}>] TJ /{font_name} {size} Tf".encode()


def _apply_artifacts(tree: _Tree) -> None:
    """Rewrite each MCID listed in ``tree.artifacts`` as artifact content of its type."""
    for page, mcids in tree.artifacts.items():
        stream = tree.get(tree.get(tree.page_refs[page])["Contents"])
        items = stream.stream
        for position in range(1, len(items) - 1):
            item = items[position]
            if isinstance(item, pydyf.Dictionary) and item.get("MCID") in mcids and items[position + 1] == b"BDC":
                kind = mcids[item["MCID"]]
                items[position - 1] = "/Artifact"
                items[position] = pydyf.Dictionary({"Type": kind})


# --------------------------------------------------------------------------
# Parent tree
# --------------------------------------------------------------------------


def _rebuild_parent_tree(tree: _Tree, root: pydyf.Dictionary, top: pydyf.Dictionary) -> None:
    """Map every MCID and annotation to the element that now holds it (ISO 32000-1 14.7.4.4)."""
    parent_tree = tree.get(root["ParentTree"])
    nums = parent_tree.get("Nums", [])
    pages: dict[int, list[Any]] = {}
    annotation_keys: dict[int, int] = {}
    for i in range(0, len(nums) - 1, 2):
        key, value = nums[i], tree.get(nums[i + 1])
        if key < len(tree.page_refs) and isinstance(value, list):
            pages[key] = [b"null"] * len(value)
    owners: dict[int, bytes] = {}
    for element in tree.walk(top):
        page = tree.page_number.get(element.get("Pg"))
        for kid in tree.kids(element):
            if isinstance(kid, int):
                if page is not None:
                    _set(pages, page, kid, element.reference)
                continue
            value = tree.get(kid)
            if not isinstance(value, pydyf.Dictionary):
                continue
            if value.get("Type") == "/MCR":
                _set(pages, tree.page_number[value["Pg"]], value["MCID"], element.reference)
            elif value.get("Type") == "/OBJR":
                annotation = tree.get(value["Obj"])
                if "StructParent" in annotation:
                    owners[annotation["StructParent"]] = element.reference
                    annotation_keys[annotation["StructParent"]] = annotation.number
    for page, mcids in tree.artifacts.items():
        for mcid in mcids:
            if page in pages and mcid < len(pages[page]):
                pages[page][mcid] = b"null"
    rebuilt = pydyf.Array()
    for page in sorted(pages):
        rebuilt.extend([page, pydyf.Array(pages[page])])
    for key in sorted(owners):
        rebuilt.extend([key, owners[key]])
    parent_tree["Nums"] = rebuilt


def _set(pages: dict[int, list[Any]], page: int, mcid: int, reference: bytes) -> None:
    entries = pages.setdefault(page, [])
    if mcid >= len(entries):
        entries.extend([b"null"] * (mcid + 1 - len(entries)))
    entries[mcid] = reference
