"""Markdown prose (the body, and inline text inside YAML) → model nodes, via markdown-it-py.

The body is CommonMark plus a few extensions (docs/source-format.md):

* citations ``[@key]`` or ``[@key1; @key2]`` (Pandoc's syntax);
* ``{#id}`` at the end of a heading to give it a fixed id, and ``{.decorative}``
  or ``{credit="..."}`` after an image; a picture's title is its caption;
* tables (GitHub pipe tables) after a ``Table: caption`` line;
* quotes (``>``) ending with a ``— who said it`` line;
* call-outs ``::: top-tip`` / ``::: remember`` / ``::: important`` ... ``:::``;
* editor comments ``<!-- ... -->``, dropped here so they reach no output.

Markdown that is not part of the format is still *recognised* (pipe tables
without a caption, footnotes, strikethrough, sub- and superscript, definition
lists, attributes, other ``:::`` fences, raw HTML) so that it can be reported
at its place with a hint naming what to write instead, instead of being
published as stray punctuation.  :data:`TOKEN_TYPES` lists every token type
the parser configuration can produce and what happens to it; a token type
missing from it is a located error, never silently dropped or passed on.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.rules_inline import StateInline
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.subscript import sub_plugin
from mdit_py_plugins.superscript import superscript_plugin

from builders.diagnostics import Diagnostics
from builders.parse.addresses import read_address
from builders.parse.pictures import read_picture
from builders.model import (
    Block,
    Callout,
    CalloutKind,
    Citation,
    CrossReference,
    Emphasis,
    Figure,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Location,
    Paragraph,
    Quote,
    Section,
    Strong,
    Table,
    TableCell,
    Text,
    plain_text,
)

MAX_HEADING_LEVEL = 3
"""Sections, questions and one level below: the deepest heading a factsheet may use."""

_KEY = r"[A-Za-z0-9_](?:[\w:.#$%&+?<>~/-]*[A-Za-z0-9_])?"
_CITATION = re.compile(rf"\[\s*@({_KEY})((?:\s*;\s*@{_KEY})*)\s*\]")
_HEADING_ID = re.compile(r"\s*\{#([A-Za-z][\w-]*)\}\s*$")


def _citation_rule(state: StateInline, silent: bool) -> bool:
    """Inline rule: ``[@key; @other]`` becomes one ``citation`` token."""
    if state.src[state.pos] != "[":
        return False
    match = _CITATION.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"keys": re.findall(rf"@({_KEY})", match.group(0)), "offset": state.pos}
        token.content = match.group(0)
    state.pos = match.end()
    return True


CALLOUT_CONTAINER = "callout"
"""Every ``:::`` fence is read as this one container; its word names the call-out kind (or is refused)."""


def make_parser() -> MarkdownIt:
    """The one Markdown dialect of factsheet sources.

    Tables, strikethrough, footnotes, sub- and superscript, definition lists
    and block attributes are switched on so that they are recognised and
    reported, not printed as raw ``|``, ``~`` and ``^`` characters.
    """
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(attrs_plugin, after=("image",))
    md.use(attrs_block_plugin)
    md.use(container_plugin, name=CALLOUT_CONTAINER, validate=lambda params, *args: True)
    md.use(footnote_plugin, always_match_refs=True, move_to_end=False)
    md.use(deflist_plugin)
    md.use(sub_plugin)
    md.use(superscript_plugin)
    # markdown-it silently leaves links to file:, data: and javascript: addresses as plain text.
    # Read them as links so that the checks report them, at their place, instead of hiding them.
    md.validateLink = lambda url: True
    md.inline.ruler.before("link", "citation", _citation_rule)
    return md


_MD = make_parser()

CONVERTED = "converted"
REFUSED = "refused"

TOKEN_TYPES: dict[str, str] = {
    # blocks that become model nodes
    "heading": CONVERTED, "paragraph": CONVERTED, "inline": CONVERTED, "bullet_list": CONVERTED,
    "ordered_list": CONVERTED, "list_item": CONVERTED, "blockquote": CONVERTED, "table": CONVERTED,
    "thead": CONVERTED, "tbody": CONVERTED, "tr": CONVERTED, "th": CONVERTED, "td": CONVERTED,
    f"container_{CALLOUT_CONTAINER}": CONVERTED,
    "html_block": CONVERTED,  # an editor comment is dropped; any other HTML is refused
    # inline content that becomes model nodes
    "text": CONVERTED, "softbreak": CONVERTED, "hardbreak": CONVERTED, "code_inline": CONVERTED,
    "strong": CONVERTED, "em": CONVERTED, "link": CONVERTED, "image": CONVERTED, "citation": CONVERTED,
    "html_inline": CONVERTED,  # an editor comment is dropped; any other HTML is refused
    # recognised only to be refused, with a hint naming what to write instead
    "fence": REFUSED, "code_block": REFUSED, "hr": REFUSED, "s": REFUSED, "sub": REFUSED, "sup": REFUSED,
    "footnote_ref": REFUSED, "footnote_reference": REFUSED, "footnote_block": REFUSED, "footnote": REFUSED,
    "footnote_anchor": REFUSED, "dl": REFUSED, "dt": REFUSED, "dd": REFUSED,
}
"""Every token type the parser can produce (after markdown-it's tree is built) and its fate.

A test parses a sample of every active parsing rule and checks each token
type appears here; the converter refuses any type that is not listed.
"""

_DASHES = ("—", "–", "―", "--")
"""How a quote's last line can start: em dash, en dash, horizontal bar, or two hyphens."""
_TABLE_CAPTION = re.compile(r"^Table:\s*")
_ROW_HEADERS = re.compile(r"\s*\{\.row-headers\}\s*$")
_ATTRIBUTES_IN_TEXT = re.compile(r"\{\s*[.#][A-Za-z][^{}]*\}|\{\s*[A-Za-z][\w-]*=[^{}]*\}")
_EDITOR_COMMENT = re.compile(r"^\s*<!--.*?-->\s*$", re.DOTALL)
CALLOUT_KINDS = ", ".join(f"'::: {kind.value}'" for kind in CalloutKind)
ALLOWED_IMAGE_ATTRIBUTES = ("class", "credit")


def slugify(text: str) -> str:
    """A section id made from its heading: 'What is self-harm?' → 'what-is-self-harm'."""
    slug = re.sub(r"[^\w\s-]", "", text.lower()).strip()
    return re.sub(r"[\s_-]+", "-", slug) or "section"


@dataclass
class _SectionDraft:
    id: str
    level: int
    title: tuple[Inline, ...]
    loc: Location
    blocks: list[Block] = field(default_factory=list)
    subsections: list[_SectionDraft] = field(default_factory=list)

    def freeze(self) -> Section:
        return Section(
            self.id, self.level, self.title, tuple(self.blocks), tuple(s.freeze() for s in self.subsections), self.loc
        )


class _Converter:
    """Walks markdown-it's syntax tree for one text and builds model nodes."""

    def __init__(self, path: Path, text: str, diagnostics: Diagnostics, line_offset: int = 0, column_offset: int = 0):
        self.path = str(path)
        self.lines = text.splitlines()
        self.diagnostics = diagnostics
        self.line_offset = line_offset
        self.column_offset = column_offset
        self.reading = ""
        """'heading' or 'caption' while reading one, where a trailing {#id} or {.row-headers} is allowed."""

    def loc_in(self, node: SyntaxTreeNode | None, needle: str = "") -> Location:
        """Location of a block (its first line), or of ``needle`` inside the block's lines."""
        first, last = (node.map if node is not None and node.map else (0, len(self.lines)))
        if needle:
            for index in range(first, max(last, first + 1)):
                if index < len(self.lines) and needle in self.lines[index]:
                    column = self.lines[index].index(needle) + 1
                    return self._loc(index, column)
        return self._loc(first, 1)

    def _loc(self, index: int, column: int) -> Location:
        extra = self.column_offset if index == 0 else 0
        return Location(self.path, index + 1 + self.line_offset, column + extra)

    def _address_loc(self, block: SyntaxTreeNode | None, address: str, fallback: Location) -> Location:
        """Where a link's or picture's address starts: the part staff most often need to fix."""
        if not address:
            return fallback
        found = self.loc_in(block, f"]({address}")
        return Location(found.path, found.line, found.column + 2) if found != self.loc_in(block) else found

    # -- inline ----------------------------------------------------------

    def inlines(self, inline: SyntaxTreeNode, block: SyntaxTreeNode | None) -> tuple[Inline, ...]:
        """Model inlines for the children of an ``inline`` node."""
        result: list[Inline] = []
        for child in inline.children:
            node = self.inline(child, block)
            if isinstance(node, tuple):
                result.extend(node)
            elif node is not None:
                result.append(node)
        return tuple(result)

    def inline(self, node: SyntaxTreeNode, block: SyntaxTreeNode | None) -> Inline | tuple[Inline, ...] | None:
        kind = node.type
        loc = self.loc_in(block)
        if kind == "text":
            text_loc = self.loc_in(block, node.content[:40]) if block is not None else loc
            self._refuse_attributes_in_text(node.content, block, text_loc)
            return Text(node.content, text_loc)
        if kind == "softbreak":
            return Text(" ", loc)
        if kind == "hardbreak":
            return LineBreak(loc)
        if kind == "code_inline":
            return Text(node.content, loc)
        if kind == "strong":
            return Strong(self.inlines(node, block), loc)
        if kind == "em":
            return Emphasis(self.inlines(node, block), loc)
        if kind == "citation":
            token = node.token
            assert token is not None
            return Citation(tuple(token.meta["keys"]), self.loc_in(block, token.content))
        if kind == "link":
            href = str(node.attrs.get("href", ""))
            children = self.inlines(node, block)
            link_loc = self._address_loc(block, href, loc)
            if href.startswith("#"):
                return CrossReference(href[1:], children, link_loc)
            address = read_address(href, link_loc, self.diagnostics)
            # A refused address never reaches the model: its words stay, the link goes (the error stops the build).
            return Link(address, children, link_loc) if address is not None else children
        if kind == "image":
            src = str(node.attrs.get("src", ""))
            alt = "".join(c.content for c in node.children if c.type in ("text", "code_inline")).strip()
            classes = str(node.attrs.get("class", "")).split()
            image_loc = self._address_loc(block, src, loc)
            self._refuse_image_attributes(node, classes, image_loc)
            picture = read_picture(src, Path(self.path).parent, image_loc, self.diagnostics)
            # A refused picture never reaches the model (the error stops the build).
            return Image(picture, alt, "decorative" in classes, image_loc) if picture is not None else None
        if kind == "html_inline":
            if _EDITOR_COMMENT.match(node.content):
                return None  # an editor comment: never published
            self.diagnostics.error(
                self.loc_in(block, node.content), f"raw HTML {node.content.strip()!r} is not allowed",
                "write it in Markdown (**bold**, [text](address)); HTML is never passed to any output; "
                "a note for editors is written <!-- like this -->",
            )
            return None
        if kind == "s":
            self.diagnostics.error(
                self.loc_in(block, "~~"), "struck-through text (~~...~~) is not part of the factsheet format",
                "delete the words, or keep them for editors as a comment: <!-- words -->",
            )
            return None
        if kind in ("sub", "sup"):
            mark = "~" if kind == "sub" else "^"
            words = "".join(c.content for c in node.children)
            what = "subscript" if kind == "sub" else "superscript"
            self.diagnostics.error(
                self.loc_in(block, f"{mark}{words}{mark}"),
                f"{what} ({mark}{words}{mark}) is not part of the factsheet format",
                "write it on the line in plain words (H2O, 'two to the power of ten'); "
                "not every format can show raised or lowered text",
            )
            return None
        if kind == "footnote_ref":
            self.diagnostics.error(
                self.loc_in(block, f"[^{node.meta['label']}]" if "label" in node.meta else "^["),
                "footnotes ([^1]) are not part of the factsheet format",
                "cite a source with [@key] (the key from references.yaml), or put the words in the sentence",
            )
            return None
        self._unknown(kind, loc)
        return None

    def _unknown(self, kind: str, loc: Location) -> None:
        """A token type the format does not know: refused at its place, never passed on."""
        self.diagnostics.error(
            loc, f"Markdown element '{kind}' is not part of the factsheet format",
            "use headings, paragraphs, lists, tables, quotes and call-outs as docs/source-format.md shows",
        )

    def _refuse_attributes_in_text(self, text: str, block: SyntaxTreeNode | None, loc: Location) -> None:
        """``{.tip}`` or ``{key=value}`` left in words: attributes only follow a heading's id or a picture."""
        for match in _ATTRIBUTES_IN_TEXT.finditer(text):
            if self.reading == "caption" and _ROW_HEADERS.match(match.group(0)) and not text[match.end():].strip():
                continue  # a table caption's {.row-headers}
            if self.reading == "heading" and _HEADING_ID.match(match.group(0)) and not text[match.end():].strip():
                continue  # a heading's {#id}
            found = self.loc_in(block, match.group(0)) if block is not None else loc
            self.diagnostics.error(
                found, f"attribute {match.group(0)} is not part of the factsheet format",
                f"for a boxed call-out write {CALLOUT_KINDS} on the line before and ':::' after; "
                "a heading takes only {#id} at its end, a picture {.decorative} or {credit=\"...\"}",
            )

    def _refuse_image_attributes(self, node: SyntaxTreeNode, classes: list[str], loc: Location) -> None:
        unknown = [k for k in node.attrs if k not in ("src", "alt", "title", *ALLOWED_IMAGE_ATTRIBUTES)]
        unknown += [f".{c}" for c in classes if c != "decorative"]
        if unknown:
            self.diagnostics.error(
                loc, f"picture attribute {', '.join(unknown)} is not part of the factsheet format",
                "a picture takes {.decorative} or {credit=\"Photo: who took it\"}; its caption is its title: "
                "![what it shows](images/x.png \"caption\")",
            )

    # -- blocks ----------------------------------------------------------

    def blocks(self, nodes: list[SyntaxTreeNode], depth: int = 0, inside: str = "") -> list[Block]:
        """Model blocks for a run of sibling nodes; ``inside`` names the container ('' for a section)."""
        result: list[Block] = []
        caption: tuple[tuple[Inline, ...], bool, SyntaxTreeNode] | None = None
        for node in nodes:
            if node.type == "paragraph" and self._is_caption(node):
                if caption is not None:
                    self._caption_without_table(caption[2])
                caption = self._caption(node)
                continue
            if node.type == "table":
                table = self.table(node, caption, inside)
                caption = None
                if table is not None:
                    result.append(table)
                continue
            if caption is not None:
                self._caption_without_table(caption[2])
                caption = None
            block = self.block(node, depth, inside)
            if block is not None:
                result.append(block)
        if caption is not None:
            self._caption_without_table(caption[2])
        return result

    def _is_caption(self, node: SyntaxTreeNode) -> bool:
        inline = node.children[0]
        first = inline.children[0] if inline.children else None
        return first is not None and first.type == "text" and bool(_TABLE_CAPTION.match(first.content))

    def _caption(self, node: SyntaxTreeNode) -> tuple[tuple[Inline, ...], bool, SyntaxTreeNode]:
        """A 'Table: ...' paragraph: the caption's inlines and whether it asks for row headers."""
        self.reading = "caption"
        inlines = list(self.inlines(node.children[0], node))
        self.reading = ""
        first = inlines[0]
        assert isinstance(first, Text)
        inlines[0] = Text(_TABLE_CAPTION.sub("", first.text), first.loc)
        row_headers = False
        if inlines and isinstance(inlines[-1], Text) and _ROW_HEADERS.search(inlines[-1].text):
            last = inlines[-1]
            inlines[-1] = Text(_ROW_HEADERS.sub("", last.text), last.loc)
            row_headers = True
        return tuple(i for i in inlines if not (isinstance(i, Text) and not i.text)), row_headers, node

    def _caption_without_table(self, node: SyntaxTreeNode) -> None:
        self.diagnostics.error(
            self.loc_in(node), "a 'Table:' caption line is not followed by a table",
            "put the table (a header row, a |---| line, then one line per row) straight after the caption",
        )

    def table(self, node: SyntaxTreeNode, caption: tuple[tuple[Inline, ...], bool, SyntaxTreeNode] | None,
              inside: str) -> Table | None:
        """A pipe table with its caption; refused inside a list, quote or call-out, or without a caption."""
        loc = self.loc_in(node)
        if inside:
            self.diagnostics.error(
                loc, f"a table cannot stand inside {inside}",
                "put the table on its own, after a 'Table: caption' line, between paragraphs of the section",
            )
            return None
        rows: list[tuple[TableCell, ...]] = []
        for part in node.children:
            for row in part.children:
                cells = tuple(
                    TableCell(self.inlines(cell.children[0], row) if cell.children else (), self.loc_in(row))
                    for cell in row.children
                )
                rows.append(cells)
        if caption is None:
            self.diagnostics.error(
                loc, "a table needs a caption saying what it shows",
                "write a line 'Table: what the table shows' straight before the table "
                "(add {.row-headers} at its end when the first column names each row)",
            )
            return None
        header, body = rows[0], tuple(rows[1:])
        caption_inlines, row_headers, _ = caption
        for position, cell in enumerate(header):
            if not cell.text and not (row_headers and position == 0):
                self.diagnostics.error(
                    cell.loc, f"column {position + 1} of the table has no heading",
                    "write a heading in every cell of the first row: screen readers read it before each cell",
                )
        if not body:
            self.diagnostics.error(loc, "the table has a header row but no rows",
                                   "add one line per row under the |---| line, or write the words as a list")
        return Table(caption_inlines, header, body, row_headers, self.loc_in(caption[2]))

    def block(self, node: SyntaxTreeNode, depth: int = 0, inside: str = "") -> Block | None:
        kind = node.type
        loc = self.loc_in(node)
        self._refuse_block_attributes(node, loc)
        if kind == "paragraph":
            inline = node.children[0]
            inlines = self.inlines(inline, node)
            only = [i for i in inlines if not (isinstance(i, Text) and not i.text.strip())]
            first, last = node.map or (0, 0)
            for index in range(first, last):
                if index < len(self.lines) and self.lines[index].lstrip().startswith("|"):
                    self.diagnostics.error(
                        self._loc(index, self.lines[index].index("|") + 1),
                        "this line looks like a table row, but it is not read as a table",
                        "a table is a 'Table: caption' line, a header row, a |---|---| line, then its rows",
                    )
                    break
            if len(only) == 1 and isinstance(only[0], Image):
                image_node = next(c for c in inline.children if c.type == "image")
                return self.figure(only[0], image_node, loc)
            return Paragraph(inlines, loc)
        if kind in ("bullet_list", "ordered_list"):
            if depth >= 2:
                self.diagnostics.error(
                    loc, "lists may nest only two deep", "move the third level into the item's own sentence"
                )
                return None
            items = []
            for item in node.children:
                blocks = tuple(self.blocks(item.children, depth + 1, inside or "a list"))
                items.append(ListItem(blocks, self.loc_in(item)))
            return ListBlock(tuple(items), kind == "ordered_list", loc)
        if kind == "blockquote":
            return self.quote(node, loc, inside)
        if kind == f"container_{CALLOUT_CONTAINER}":
            return self.callout(node, loc, inside)
        if kind == "html_block":
            if _EDITOR_COMMENT.match(node.content):
                return None  # an editor comment: never published
            self.diagnostics.error(
                loc, "raw HTML block is not allowed",
                "write it in Markdown; HTML is never passed to any output; "
                "a note for editors is written <!-- like this -->",
            )
            return None
        refused = {
            "fence": ("a fenced code block (```) is not part of the factsheet format",
                      f"write the words as a paragraph; for a boxed note use {CALLOUT_KINDS} ... ':::'"),
            "code_block": ("an indented line is read as a code block, which is not part of the factsheet format",
                           "remove the spaces at the start of the line (indent only the lines of a list item)"),
            "hr": ("a horizontal rule (---, *** or ___) is not part of the factsheet format",
                   "leave it out: headings (# and ##) already divide the factsheet"),
            "footnote_reference": ("a footnote ([^1]: ...) is not part of the factsheet format",
                                   "cite a source with [@key] from references.yaml, or put the words in the text"),
            "dl": ("a definition list (a line starting ': ') is not part of the factsheet format",
                   "write the term in bold and its meaning after it: '**Term**: what it means', or use a list"),
        }
        if kind in refused:
            message, hint = refused[kind]
            self.diagnostics.error(loc, message, hint)
            return None
        self._unknown(kind, loc)
        return None

    def _refuse_block_attributes(self, node: SyntaxTreeNode, loc: Location) -> None:
        """A ``{.tip}`` line before a block (markdown-it's block attributes): not part of the format."""
        if node.type in ("paragraph", "bullet_list", "ordered_list", "blockquote", "table", "fence", "heading") \
                and node.attrs:
            shown = " ".join(f".{v}" if k == "class" else f"#{v}" if k == "id" else f"{k}={v}"
                             for k, v in node.attrs.items())
            self.diagnostics.error(
                Location(loc.path, max(loc.line - 1, 1), 1), f"attribute line {{{shown}}} is not part of the factsheet format",
                f"for a boxed call-out write {CALLOUT_KINDS} on the line before the words and ':::' after them",
            )

    def figure(self, image: Image, node: SyntaxTreeNode, loc: Location) -> Figure:
        """A picture on its own line; its title is its caption and ``{credit="..."}`` its credit."""
        title = str(node.attrs.get("title", "")).strip()
        credit = str(node.attrs.get("credit", "")).strip()
        caption = (Text(title, image.loc),) if title else ()
        return Figure(image, loc, caption, credit)

    def quote(self, node: SyntaxTreeNode, loc: Location, inside: str) -> Quote | None:
        """``> words`` ending with a ``— who said it`` line: a quote with its attribution."""
        if inside:
            self.diagnostics.error(loc, f"a quote cannot stand inside {inside}",
                                   "put the quote on its own lines (starting '> ') between paragraphs")
            return None
        paragraphs: list[Paragraph] = []
        for child in node.children:
            block = self.block(child, 0, "a quote") if child.type != "paragraph" else self.block(child)
            if isinstance(block, Paragraph):
                paragraphs.append(block)
            elif block is not None:
                self.diagnostics.error(block.loc, "a quote holds only paragraphs",
                                       "write the quoted words as paragraphs, each line starting '> '")
        attribution: tuple[Inline, ...] = ()
        if paragraphs:
            attribution, rest = _split_attribution(paragraphs[-1])
            if rest is None:
                paragraphs.pop()
            else:
                paragraphs[-1] = rest
        if not attribution:
            self.diagnostics.error(
                loc, "a quote needs a last line saying who said it",
                "end the quote with a line such as '> — Sam, who has used the service' "
                "(a quote is for someone's own words; for a note use a call-out such as '::: remember')",
            )
            return None
        if not paragraphs:
            self.diagnostics.error(loc, "the quote has an attribution but no words",
                                   "write the quoted words on '> ' lines before the '— name' line")
            return None
        return Quote(tuple(paragraphs), attribution, loc)

    def callout(self, node: SyntaxTreeNode, loc: Location, inside: str) -> Callout | None:
        """``::: top-tip`` ... ``:::``: a boxed call-out of a named kind holding paragraphs and lists."""
        word = (node.info or "").strip().split(" ")[0] if node.info else ""
        kinds = {kind.value: kind for kind in CalloutKind}
        if word not in kinds:
            close = difflib.get_close_matches(word, list(kinds), n=1)
            suggestion = f"did you mean '::: {close[0]}'? " if close else ""
            self.diagnostics.error(
                loc, f"'::: {word}' is not a kind of call-out" if word else "a ':::' block needs a call-out kind",
                f"{suggestion}the kinds are {CALLOUT_KINDS}; end the box with ':::'",
            )
            return None
        if inside:
            self.diagnostics.error(loc, f"a call-out cannot stand inside {inside}",
                                   "put the call-out on its own, between paragraphs of the section")
            return None
        blocks = self.blocks(list(node.children), 0, "a call-out")
        if not blocks:
            self.diagnostics.error(loc, f"the '{kinds[word].label}' call-out is empty",
                                   "write its words between '::: {word}' and ':::'")
            return None
        return Callout(kinds[word], tuple(blocks), loc)

    # -- the body --------------------------------------------------------

    def sections(self, root: SyntaxTreeNode) -> tuple[Section, ...]:
        top: list[_SectionDraft] = []
        stack: list[_SectionDraft] = []
        used_ids: set[str] = set()
        pending: list[SyntaxTreeNode] = []

        def flush() -> None:
            blocks = self.blocks(pending)
            if blocks and not stack:
                self.diagnostics.error(
                    blocks[0].loc, "text before the first heading belongs to no section",
                    "start the body with a '# Section' heading; the introduction goes in factsheet.yaml",
                )
            elif blocks:
                stack[-1].blocks.extend(blocks)
            pending.clear()

        for node in root.children:
            if node.type == "heading":
                flush()
                self._refuse_block_attributes(node, self.loc_in(node))
                level = int(node.tag[1])
                loc = self.loc_in(node)
                if level > MAX_HEADING_LEVEL:
                    self.diagnostics.error(
                        loc, f"heading level {level} is deeper than a factsheet allows ({MAX_HEADING_LEVEL})",
                        "use # for a section, ## for a question and ### below that",
                    )
                    # One mistake, one message: read it as one level below its parent, so the level-jump
                    # check does not report it again.
                    level = min(level, stack[-1].level + 1) if stack else 1
                draft = self._heading(node, level, loc, used_ids)
                while stack and stack[-1].level >= level:
                    stack.pop()
                (stack[-1].subsections if stack else top).append(draft)
                stack.append(draft)
                continue
            pending.append(node)
        flush()
        return tuple(s.freeze() for s in top)

    def _heading(self, node: SyntaxTreeNode, level: int, loc: Location, used_ids: set[str]) -> _SectionDraft:
        inline = node.children[0]
        self.reading = "heading"
        title = list(self.inlines(inline, node))
        self.reading = ""
        explicit = None
        if title and isinstance(title[-1], Text):
            match = _HEADING_ID.search(title[-1].text)
            if match:
                explicit = match.group(1)
                rest = title[-1].text[: match.start()]
                title[-1] = Text(rest, title[-1].loc)
        title_tuple = tuple(title)
        if explicit:
            section_id = explicit
        else:
            base = slugify(plain_text(title_tuple))
            section_id, n = base, 1
            while section_id in used_ids:
                n += 1
                section_id = f"{base}-{n}"
        used_ids.add(section_id)
        return _SectionDraft(section_id, level, title_tuple, loc)


def _split_attribution(paragraph: Paragraph) -> tuple[tuple[Inline, ...], Paragraph | None]:
    """A quote's last paragraph → (attribution without its dash, what is left of the paragraph or None)."""
    inlines = list(paragraph.inlines)
    # the attribution starts at the paragraph's start or after its last line break
    starts = [0] + [i + 1 for i, node in enumerate(inlines)
                    if isinstance(node, LineBreak) or (isinstance(node, Text) and node.text == " ")]
    for start in reversed(starts):
        first = inlines[start] if start < len(inlines) else None
        if isinstance(first, Text) and first.text.lstrip().startswith(_DASHES):
            dash = next(d for d in _DASHES if first.text.lstrip().startswith(d))
            words = first.text.lstrip()[len(dash):].lstrip()
            attribution = tuple(([Text(words, first.loc)] if words else []) + inlines[start + 1:])
            before = inlines[:max(start - 1, 0)] if start else []
            rest = Paragraph(tuple(before), paragraph.loc) if before else None
            return attribution, rest
    return (), paragraph


MAX_INLINE_NESTING = 8
"""Bold inside italics inside a link is three deep; past eight is a slip (or an attack on the parser)."""


def _flatten_deep_inlines(tokens: list[Token], where: Callable[[int], Location], diagnostics: Diagnostics) -> None:
    """Report inline formatting nested past :data:`MAX_INLINE_NESTING` and keep only its words.

    Hundreds of nested ``**`` would otherwise exhaust Python's recursion when
    the tree is walked; the error stops the build, so the words kept are only
    there for the other messages.
    """
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        depth = deepest = 0
        for child in token.children:
            depth += child.nesting
            deepest = max(deepest, depth)
        if deepest > MAX_INLINE_NESTING:
            line = token.map[0] if token.map else 0
            diagnostics.error(
                where(line), f"formatting nested {deepest} deep (bold, italics and links inside each other)",
                f"use at most {MAX_INLINE_NESTING} levels; usually one is enough",
            )
            words = "".join(child.content for child in token.children if child.type == "text")
            token.children = [Token("text", "", 0, content=words)]


def parse_body(path: Path, text: str, diagnostics: Diagnostics) -> tuple[Section, ...]:
    """The body file's sections, questions and sub-questions."""
    tokens = _MD.parse(text)
    _flatten_deep_inlines(tokens, lambda line: Location(str(path), line + 1, 1), diagnostics)
    tree = SyntaxTreeNode(tokens)
    return _Converter(path, text, diagnostics).sections(tree)


def parse_inline(text: str, loc: Location, diagnostics: Diagnostics) -> tuple[Inline, ...]:
    """One line or paragraph of inline Markdown written inside a YAML value."""
    tokens = _MD.parseInline(text.strip())
    _flatten_deep_inlines(tokens, lambda line: loc, diagnostics)
    tree = SyntaxTreeNode(tokens)
    converter = _Converter(Path(loc.path), text, diagnostics, loc.line - 1, loc.column - 1)
    inline = tree.children[0] if tree.children else None
    if inline is None:
        return ()
    return converter.inlines(inline, None)
