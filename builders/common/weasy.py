"""HTML → tagged PDF/UA-1 with WeasyPrint, safely and reproducibly.

Every PDF builder (referenced PDF, large print, easy read) renders through
:func:`render_pdf`, which adds what WeasyPrint leaves to its caller:

* **Safety.**  WeasyPrint reads any file and fetches any address a page names
  (its documentation's "Security" section).  :class:`FolderFetcher` serves only
  regular files below the allowed folders and refuses everything else — other
  ``file:`` paths, ``/dev/*``, symbolic links leading out, ``data:`` and every
  network address — and the refusal becomes a located :class:`SourceError`.
* **Checks WeasyPrint does not make.**  It marks a page PDF/UA even when the
  page has no ``lang``, no ``<title>`` or an image without alt text, so
  :func:`check_accessible_html` refuses such a page first (PDF/UA-1, ISO 14289-1;
  Matterhorn Protocol checkpoints 11 and 13).
* **Artifacts.**  WeasyPrint 70 tags the text of page margin boxes (running
  footers, page numbers) as orphan spans outside the structure tree, and gives
  an image with ``alt=""`` a ``/Figure`` with no alternate text.  PDF/UA-1
  (Matterhorn 18-001, 13-004) wants both to be artifacts: :func:`mark_artifacts`
  rewrites them so.
* **Structure.**  WeasyPrint tags each page on its own and drops the space at
  line ends; :func:`~builders.common.pdf_tags.repair_structure` mends the tree
  (whole sections, lists, paragraphs and links; contents as ``TOC``; link
  descriptions; word separators).
* **Reproducibility.**  Creation and modification dates come from the caller
  (the factsheet's last update) and the PDF/UA variant writes no random file
  identifier, so the same source gives byte-identical PDFs.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

from builders.common.weasyprint_loader import load_weasyprint

load_weasyprint()  # before WeasyPrint's names below: opens its libraries without a score of subprocesses

import pydyf  # noqa: E402
from weasyprint import HTML  # noqa: E402
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse, iri_to_uri, path2url  # noqa: E402

from builders.common.pdf_tags import BoxMap, recording_boxes, repair_structure  # noqa: E402
from builders.diagnostics import SourceError  # noqa: E402
from builders.model import Location  # noqa: E402

MAX_FILE_BYTES = 50 * 1024 * 1024
"""The largest picture or stylesheet served (a guard against a huge or endless file)."""

_DEVICES = Path("/dev")


class RefusedAddress(FatalURLFetchingError):
    """WeasyPrint asked for an address outside the allowed folders.

    It derives from WeasyPrint's ``FatalURLFetchingError`` so that rendering
    stops at once instead of logging a warning and carrying on without it.
    """

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class FolderFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves regular files below ``allowed_dirs`` and nothing else."""

    def __init__(self, allowed_dirs: Iterable[Path]) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=True)
        self.allowed_dirs = tuple(Path(d).resolve() for d in allowed_dirs)
        self.refused: list[RefusedAddress] = []
        self.served: list[Path] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        """Serve ``url`` if it names an allowed file; otherwise raise :class:`RefusedAddress`."""
        try:
            path = self.allowed_path(url)
        except RefusedAddress as refusal:
            self.refused.append(refusal)
            raise
        data = path.read_bytes()
        if len(data) > MAX_FILE_BYTES:
            self._refuse(url, f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        self.served.append(path)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path2url(str(path)), body=data, headers={"Content-Type": content_type})

    def allowed_path(self, url: str) -> Path:
        """The real file an address names, if it may be served (raises :class:`RefusedAddress` if not)."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme != "file":
            what = "a network address" if scheme in ("http", "https", "ftp", "ftps", "ws", "wss") or parts.netloc \
                else f"a '{scheme or 'relative'}' address"
            self._refuse(url, f"{what} is not allowed: only files in the factsheet's own folder can be used")
        if parts.netloc not in ("", "localhost"):
            self._refuse(url, "a file on another computer is not allowed")
        # resolve() follows symbolic links, so a link inside the folder pointing out is refused too.
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if path == _DEVICES or path.is_relative_to(_DEVICES):
            self._refuse(url, "a device file is not allowed")
        if not any(path.is_relative_to(folder) for folder in self.allowed_dirs):
            self._refuse(url, "the file is outside the factsheet's folder")
        if not path.is_file():
            self._refuse(url, "there is no such file (or it is not a regular file)")
        return path

    def _refuse(self, url: str, reason: str) -> None:
        raise RefusedAddress(url, reason)


# --------------------------------------------------------------------------
# What WeasyPrint does not check
# --------------------------------------------------------------------------


class _PageFacts(HTMLParser):
    """Collects the few facts :func:`check_accessible_html` needs from a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.title_parts: list[str] | None = None
        self.in_title = False
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.lang = (attributes.get("lang") or "").strip()
        elif tag == "title":
            self.in_title = True
            self.title_parts = self.title_parts or []
        elif tag == "img":
            self.images.append(attributes)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title and self.title_parts is not None:
            self.title_parts.append(data)


def check_accessible_html(html: str, fallback_loc: Location, locations: Mapping[str, Location] | None = None) -> None:
    """Refuse a page that WeasyPrint would mark PDF/UA although it cannot be (PDF/UA-1, Matterhorn 11, 13).

    A page needs a language on ``<html>`` and a non-empty ``<title>``; every
    ``<img>`` needs ``alt`` text, or ``alt=""`` with ``role="presentation"`` to
    say it is decorative.
    """
    facts = _PageFacts()
    facts.feed(html)
    facts.close()
    if not facts.lang:
        raise SourceError(fallback_loc, "the page has no language (<html lang>)",
                          "set the factsheet's language, for example 'language: en-GB'")
    if not "".join(facts.title_parts or ()).strip():
        raise SourceError(fallback_loc, "the page has no <title>", "give the factsheet a title")
    for image in facts.images:
        src = image.get("src") or ""
        loc = (locations or {}).get(src, fallback_loc)
        alt = image.get("alt")
        if alt is None:
            raise SourceError(loc, f"image {src!r} has no alt text",
                              "describe it, or mark it {.decorative} if it carries no meaning")
        if not alt.strip() and image.get("role") != "presentation":
            raise SourceError(loc, f"image {src!r} has empty alt text but is not marked decorative",
                              "describe it, or mark it {.decorative} if it carries no meaning")


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RenderResult:
    """What a render produced: the page count and the files WeasyPrint was given."""

    pages: int
    files: tuple[Path, ...]


def render_pdf(
    html: str,
    *,
    base_url: Path,
    allowed_dirs: Iterable[Path],
    target: Path,
    fallback_loc: Location,
    locations: Mapping[str, Location] | None = None,
    timestamp: date | None = None,
    stylesheets: Iterable[Path] = (),
) -> RenderResult:
    """Render finished HTML to a tagged PDF/UA-1 file at ``target``.

    ``base_url`` is the folder relative addresses are read from (the
    factsheet's folder); ``allowed_dirs`` are the only folders files may come
    from.  ``locations`` maps each address as written in the HTML to where the
    source named it, so that a refused address is reported at that place
    (``fallback_loc`` otherwise).  ``timestamp`` becomes the creation and
    modification date, for byte-identical rebuilds.  Raises
    :class:`SourceError` for a refused address or an inaccessible page.
    """
    check_accessible_html(html, fallback_loc, locations)
    fetcher = FolderFetcher(allowed_dirs)
    base = path2url(str(Path(base_url).resolve())) if Path(base_url).is_dir() else path2url(str(base_url))
    where = _locations_by_url(base, locations or {})
    try:
        document = HTML(string=html, base_url=base, url_fetcher=fetcher).render(
            stylesheets=[str(s) for s in stylesheets] or None, pdf_variant="pdf/ua-1",
        )
        if fetcher.refused:  # a refusal WeasyPrint caught somewhere must still fail the build
            raise fetcher.refused[0]
        if timestamp is not None:
            stamp = f"{timestamp.isoformat()}T00:00:00Z"
            document.metadata.created = stamp
            document.metadata.modified = stamp
        with recording_boxes() as box_of:
            data = document.write_pdf(pdf_variant="pdf/ua-1", finisher=lambda doc, pdf: finish(doc, pdf, box_of))
    except RefusedAddress as refusal:
        written, loc = where.get(_normalise(refusal.url), (refusal.url, fallback_loc))
        raise SourceError(
            loc, f"refused to read {written!r}: {refusal.reason}",
            "put pictures in the factsheet's images/ folder and name them images/NAME",
        ) from None
    Path(target).write_bytes(data)
    return RenderResult(pages=len(document.pages), files=tuple(dict.fromkeys(fetcher.served)))


def _normalise(url: str) -> str:
    return iri_to_uri(url.split("#")[0])


def _locations_by_url(base: str, locations: Mapping[str, Location]) -> dict[str, tuple[str, Location]]:
    """Each address as WeasyPrint will ask for it (absolute, normalised) → as written, and where."""
    return {_normalise(urljoin(base, address)): (address, loc) for address, loc in locations.items()}


# --------------------------------------------------------------------------
# Artifacts (rewritten in WeasyPrint's own PDF objects, before it writes them)
# --------------------------------------------------------------------------


def finish(document: object, pdf: pydyf.PDF, box_of: BoxMap) -> None:
    """WeasyPrint's finisher: artifacts first, then the structure-tree repairs of :mod:`builders.common.pdf_tags`."""
    mark_artifacts(document, pdf)
    repair_structure(document, pdf, box_of)


def mark_artifacts(document: object, pdf: pydyf.PDF) -> None:
    """Turn marked content outside the structure tree (margin boxes) and alt-less figures into artifacts.

    A WeasyPrint ``finisher``: it edits the PDF objects before they are
    written, so it costs no second parse of the file.  PDF/UA-1 7.1 and
    Matterhorn 01-001: content is either tagged (reached from the structure
    tree) or an artifact; running footers and page numbers are pagination
    artifacts (Matterhorn 18-001); a decorative image is an artifact, not a
    ``/Figure`` without ``/Alt`` (Matterhorn 13-004).
    """
    objects = pdf.objects

    def deref(value: object) -> object:
        return objects[int(value.split()[0])] if isinstance(value, bytes) and value.endswith(b" R") else value

    root_ref = pdf.catalog.get("StructTreeRoot")
    if root_ref is None:
        return
    root = deref(root_ref)
    tagged: dict[bytes, set[int]] = {}

    def visit(element: pydyf.Dictionary, page: bytes | None, table_part: str = "") -> None:
        page = element.get("Pg", page)
        role = element.get("S")
        if role in ("/THead", "/TBody", "/TFoot"):
            table_part = role
        elif role == "/TH" and isinstance(element.get("A"), pydyf.Dictionary):
            # WeasyPrint links cells to headers by /Headers; PDF/UA checkers also want each TH's /Scope:
            # a header-row cell heads its column, a body-row header (<th scope="row">) its row.
            element["A"]["Scope"] = "/Column" if table_part == "/THead" else "/Row"
        kids = element.get("K")
        if not isinstance(kids, list):
            return
        keep = []
        for kid in kids:
            if isinstance(kid, int):
                if page is not None:
                    tagged.setdefault(page, set()).add(kid)
                keep.append(kid)
                continue
            child = deref(kid)
            if isinstance(child, pydyf.Dictionary) and child.get("Type") != "/OBJR":
                if child.get("S") == "/Figure" and "Alt" not in child:
                    continue  # WeasyPrint's rendering of alt="": detached, its content becomes an artifact
                visit(child, page, table_part)
            keep.append(kid)
        kids[:] = keep

    visit(root, None)
    parent_tree = deref(root.get("ParentTree"))
    nums = parent_tree.get("Nums", []) if isinstance(parent_tree, pydyf.Dictionary) else []
    entries_by_page = {nums[i]: deref(nums[i + 1]) for i in range(0, len(nums) - 1, 2)}
    for index, page_ref in enumerate(pdf.page_references):
        stream = deref(deref(page_ref).get("Contents"))
        if not isinstance(stream, pydyf.Stream):
            continue
        items, kept = stream.stream, tagged.get(page_ref, set())
        entries = entries_by_page.get(index)
        for position in range(1, len(items) - 1):
            properties = items[position]
            if not (isinstance(properties, pydyf.Dictionary) and "MCID" in properties and items[position + 1] == b"BDC"):
                continue
            mcid = properties["MCID"]
            if mcid in kept:
                continue
            figure = items[position - 1] == "/Figure"
            items[position - 1] = "/Artifact"
            items[position] = pydyf.Dictionary({} if figure else {"Type": "/Pagination"})
            if isinstance(entries, list) and mcid < len(entries):
                entries[mcid] = b"null"
