"""Markdown prose (the body, and inline text inside YAML) → model nodes, via markdown-it-py.

The body is CommonMark plus two small extensions:

* citations ``[@key]`` or ``[@key1; @key2]`` (Pandoc's syntax);
* ``{#id}`` at the end of a heading to give it a fixed id, and ``{.decorative}``
  after an image that carries no information.

Raw HTML is recognised only so that it can be reported and dropped: it never
reaches any output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.rules_inline import StateInline
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.attrs import attrs_plugin

from builders.diagnostics import Diagnostics
from builders.parse.addresses import read_address
from builders.parse.pictures import read_picture
from builders.model import (
    Block,
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
    Section,
    Strong,
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


def make_parser() -> MarkdownIt:
    """The one Markdown dialect of factsheet sources."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.use(attrs_plugin, after=("image",))
    # markdown-it silently leaves links to file:, data: and javascript: addresses as plain text.
    # Read them as links so that the checks report them, at their place, instead of hiding them.
    md.validateLink = lambda url: True
    md.inline.ruler.before("link", "citation", _citation_rule)
    return md


_MD = make_parser()


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
            return Text(node.content, self.loc_in(block, node.content[:40]) if block is not None else loc)
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
            picture = read_picture(src, Path(self.path).parent, image_loc, self.diagnostics)
            # A refused picture never reaches the model (the error stops the build).
            return Image(picture, alt, "decorative" in classes, image_loc) if picture is not None else ()
        if kind == "html_inline":
            self.diagnostics.error(
                self.loc_in(block, node.content), f"raw HTML {node.content.strip()!r} is not allowed",
                "write it in Markdown (**bold**, [text](address)); HTML is never passed to any output",
            )
            return None
        self.diagnostics.error(loc, f"unsupported inline element '{kind}'", "use plain Markdown text")
        return None

    # -- blocks ----------------------------------------------------------

    def block(self, node: SyntaxTreeNode, depth: int = 0) -> Block | None:
        kind = node.type
        loc = self.loc_in(node)
        if kind == "paragraph":
            inline = node.children[0]
            inlines = self.inlines(inline, node)
            only = [i for i in inlines if not (isinstance(i, Text) and not i.text.strip())]
            if len(only) == 1 and isinstance(only[0], Image):
                return Figure(only[0], loc)
            return Paragraph(inlines, loc)
        if kind in ("bullet_list", "ordered_list"):
            if depth >= 2:
                self.diagnostics.error(
                    loc, "lists may nest only two deep", "move the third level into the item's own sentence"
                )
                return None
            items = []
            for item in node.children:
                blocks = tuple(b for b in (self.block(c, depth + 1) for c in item.children) if b is not None)
                items.append(ListItem(blocks, self.loc_in(item)))
            return ListBlock(tuple(items), kind == "ordered_list", loc)
        if kind == "html_block":
            self.diagnostics.error(
                loc, "raw HTML block is not allowed",
                "write it in Markdown; HTML is never passed to any output",
            )
            return None
        names = {
            "blockquote": "a block quote (>)", "fence": "a code block", "code_block": "an indented code block",
            "hr": "a horizontal rule (---)", "table": "a table",
        }
        what = names.get(kind, f"'{kind}'")
        self.diagnostics.error(
            loc, f"{what} is not part of the factsheet format",
            "use paragraphs, bullet lists and headings; an indented line is read as code, so remove the indent",
        )
        return None

    # -- the body --------------------------------------------------------

    def sections(self, root: SyntaxTreeNode) -> tuple[Section, ...]:
        top: list[_SectionDraft] = []
        stack: list[_SectionDraft] = []
        used_ids: set[str] = set()
        for node in root.children:
            if node.type == "heading":
                level = int(node.tag[1])
                loc = self.loc_in(node)
                if level > MAX_HEADING_LEVEL:
                    self.diagnostics.error(
                        loc, f"heading level {level} is deeper than a factsheet allows ({MAX_HEADING_LEVEL})",
                        "use # for a section, ## for a question and ### below that",
                    )
                draft = self._heading(node, level, loc, used_ids)
                while stack and stack[-1].level >= level:
                    stack.pop()
                (stack[-1].subsections if stack else top).append(draft)
                stack.append(draft)
                continue
            block = self.block(node)
            if block is None:
                continue
            if not stack:
                self.diagnostics.error(
                    self.loc_in(node), "text before the first heading belongs to no section",
                    "start the body with a '# Section' heading; the introduction goes in factsheet.yaml",
                )
                continue
            stack[-1].blocks.append(block)
        return tuple(s.freeze() for s in top)

    def _heading(self, node: SyntaxTreeNode, level: int, loc: Location, used_ids: set[str]) -> _SectionDraft:
        inline = node.children[0]
        title = list(self.inlines(inline, node))
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
