"""Pictures named in a factsheet: resolved, opened and decoded once, when the source is read.

A picture must be a file inside the factsheet's folder, of a type every format
can show (PNG, JPEG, GIF, WebP, SVG) whose content matches its name, no larger
than :data:`MAX_PIXELS`, and decodable to the last byte.  An SVG must hold
nothing active: no script, event handler, foreign HTML, animation that could
change a link, reference to another file or address, DTD or entity.  What
passes becomes a :class:`~builders.model.Picture` holding the checked bytes,
an SVG re-written from its parsed tree, and a raster copy for Word; what
fails is a located error and never reaches the model.
"""

from __future__ import annotations

import io
import re
import struct
import warnings
from pathlib import Path
from urllib.parse import unquote, urlsplit

from builders.diagnostics import Diagnostics
from builders.model import Location, Picture
from builders.parse.files import MAX_PICTURE_BYTES, UnsafeFile, read_regular_file

PICTURE_TYPES = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".gif": "gif", ".webp": "webp", ".svg": "svg"}
"""File name endings → the picture type their content must be."""
MAX_PIXELS = 40_000_000
"""40 megapixels: more than any printed factsheet needs, far less than a 'decompression bomb'."""
MAX_SIDE = 12_000
_SVG_FORBIDDEN = frozenset({
    "script", "foreignobject", "iframe", "embed", "object", "audio", "video", "canvas", "handler", "listener",
    "set", "animate", "animatemotion", "animatetransform", "animatecolor", "discard",
})
_CSS_URL = re.compile(r"url\s*\(\s*['\"]?\s*(?!#)|@import|expression\s*\(|javascript:", re.IGNORECASE)
_RASTER_FORMATS = {"PNG": "png", "JPEG": "jpeg", "GIF": "gif", "WEBP": "webp"}


class PictureError(Exception):
    """Why a picture is refused, with a hint."""

    def __init__(self, reason: str, hint: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint = hint


def read_picture(src: str, folder: Path, loc: Location, diagnostics: Diagnostics) -> Picture | None:
    """The checked picture ``src`` names inside ``folder``, or ``None`` after a located error."""
    try:
        return _read(src, folder)
    except PictureError as refusal:
        diagnostics.error(loc, f"picture {src!r} {refusal.reason}", refusal.hint)
        return None


def _read(src: str, folder: Path) -> Picture:
    parts = urlsplit(src)
    path = Path(unquote(parts.path))
    if parts.scheme or parts.netloc or path.is_absolute() or ".." in path.parts or not src:
        raise PictureError("is outside the factsheet folder",
                           "copy the picture into the factsheet's images/ folder and name it images/NAME")
    kind = PICTURE_TYPES.get(path.suffix.lower())
    if kind is None:
        raise PictureError("is not a picture file", f"use one of: {', '.join(PICTURE_TYPES)}")
    if not (folder / path).exists() and not (folder / path).is_symlink():
        raise PictureError("does not exist", f"put it at {folder / path}")
    try:
        data = read_regular_file(folder / path, folder, MAX_PICTURE_BYTES)
    except UnsafeFile as refusal:
        raise PictureError(refusal.reason, refusal.hint) from None
    if kind == "svg":
        return _svg(src, data)
    return _raster(src, kind, data)


def _raster(src: str, kind: str, data: bytes) -> Picture:
    from PIL import Image, ImageFile, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            picture = Image.open(io.BytesIO(data))
            found = _RASTER_FORMATS.get(picture.format or "")
            if found is None:
                raise PictureError(f"is a {picture.format} file, not a PNG, JPEG, GIF or WebP picture",
                                   "save it as PNG or JPEG")
            if found != kind:
                raise PictureError(f"holds a {found.upper()} picture but its name says {kind.upper()}",
                                   f"rename it to end in .{'jpg' if found == 'jpeg' else found}")
            width, height = picture.size
            _check_size(width, height)
            truncated_ok = ImageFile.LOAD_TRUNCATED_IMAGES  # WeasyPrint turns this on for the whole process
            ImageFile.LOAD_TRUNCATED_IMAGES = False
            try:
                picture.load()
            finally:
                ImageFile.LOAD_TRUNCATED_IMAGES = truncated_ok
    except PictureError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PictureError(f"claims far more pixels than the limit of {MAX_PIXELS:,} (a 'decompression bomb')",
                           "scale it down: 2,000 pixels across is plenty for print and screen") from None
    except UnidentifiedImageError:
        raise PictureError("cannot be read as a picture: its content is not PNG, JPEG, GIF or WebP",
                           "open it in an image editor and save it again as PNG or JPEG") from None
    except (OSError, ValueError, SyntaxError, EOFError, IndexError, TypeError, struct.error) as exc:
        raise PictureError(f"is damaged and cannot be decoded ({_first_line(exc)})",
                           "open it in an image editor and save it again as PNG or JPEG") from None
    raster = data
    if kind == "webp":
        out = io.BytesIO()
        picture.save(out, format="PNG")
        raster = out.getvalue()
    return Picture(src, kind, width, height, data, raster)


def _check_size(width: int, height: int) -> None:
    if width < 1 or height < 1:
        raise PictureError("has no pixels", "save it again from an image editor")
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise PictureError(
            f"is {width:,} × {height:,} pixels, over the limit of {MAX_SIDE:,} a side and {MAX_PIXELS:,} in all",
            "scale it down: 2,000 pixels across is plenty for print and screen",
        )


def _svg(src: str, data: bytes) -> Picture:
    from lxml import etree

    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise PictureError("declares a DOCTYPE or entities, which can read other files",
                           "export the SVG again as plain SVG, without a DOCTYPE")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise PictureError(f"is not a valid SVG file ({_first_line(exc)})", "export it again as plain SVG") from None
    if not isinstance(root.tag, str) or etree.QName(root).localname != "svg":
        raise PictureError("is not an SVG picture (its first element is not <svg>)", "export it again as plain SVG")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if name.lower() in _SVG_FORBIDDEN:
            raise PictureError(f"holds a <{name}> element (line {element.sourceline}), which can run or change things",
                               "remove it: a factsheet picture must be a still picture")
        if name.lower() == "style" and _CSS_URL.search(element.text or ""):
            raise PictureError(f"has a stylesheet that loads another file (line {element.sourceline})",
                               "remove the url(...) or @import from its <style>")
        for attribute, value in element.attrib.items():
            local = etree.QName(attribute).localname.lower()
            if local.startswith("on"):
                raise PictureError(f"has an event handler '{local}' (line {element.sourceline})",
                                   "remove it: a factsheet picture must be a still picture")
            if local in ("href", "src") and not value.strip().startswith("#"):
                raise PictureError(f"refers to {value[:60]!r} (line {element.sourceline}), outside the picture",
                                   "embed everything in the SVG itself; only #id references are allowed")
            if _CSS_URL.search(value) and local not in ("d", "points"):
                raise PictureError(f"has an attribute '{local}' that loads another file (line {element.sourceline})",
                                   "only url(#id) references are allowed")
    clean = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    width, height = _svg_size(root)
    _check_size(width, height)
    try:
        import cairosvg

        raster = cairosvg.svg2png(bytestring=clean, output_width=min(1200, max(1, width * 2)), unsafe=False)
    except Exception as exc:  # cairosvg raises many kinds; any of them means the picture cannot be drawn
        raise PictureError(f"cannot be drawn ({type(exc).__name__}: {_first_line(exc)})",
                           "export it again as plain SVG, or save it as PNG") from None
    return Picture(src, "svg", width, height, clean, raster)


def _svg_size(root: object) -> tuple[int, int]:
    """The SVG's size in CSS pixels, from width/height or its viewBox."""
    number = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(px)?\s*$")
    width, height = root.get("width", ""), root.get("height", "")  # type: ignore[attr-defined]
    w, h = number.match(width or ""), number.match(height or "")
    if w and h:
        return max(1, round(float(w.group(1)))), max(1, round(float(h.group(1))))
    box = (root.get("viewBox") or "").replace(",", " ").split()  # type: ignore[attr-defined]
    try:
        return max(1, round(float(box[2]))), max(1, round(float(box[3])))
    except (IndexError, ValueError):
        return 300, 150  # the size a browser gives an SVG that states none


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:120]
