"""A readable text dump of model nodes, so parser fixtures can state the expected tree plainly."""

from __future__ import annotations

from builders.model import (
    Citation, CrossReference, Emphasis, Figure, Image, Inline, LineBreak, Link, ListBlock, Paragraph, Section,
    Strong, Text,
)


def dump_inline(node: Inline, indent: str) -> list[str]:
    if isinstance(node, Text):
        return [f"{indent}text {node.text!r}"]
    if isinstance(node, Citation):
        return [f"{indent}citation {' '.join(node.keys)} @{node.loc.line}:{node.loc.column}"]
    if isinstance(node, LineBreak):
        return [f"{indent}break"]
    if isinstance(node, Image):
        flag = " decorative" if node.decorative else ""
        return [f"{indent}image {node.src} alt={node.alt!r}{flag} @{node.loc.line}:{node.loc.column}"]
    head = {Strong: "strong", Emphasis: "emphasis"}.get(type(node))
    if isinstance(node, Link):
        head = f"link {node.url} @{node.loc.line}:{node.loc.column}"
    if isinstance(node, CrossReference):
        head = f"crossref #{node.target}"
    lines = [f"{indent}{head}"]
    for child in node.children:  # type: ignore[union-attr]
        lines.extend(dump_inline(child, indent + "  "))
    return lines


def dump_block(block: object, indent: str) -> list[str]:
    if isinstance(block, Paragraph):
        lines = [f"{indent}paragraph @{block.loc.line}"]
        for node in block.inlines:
            lines.extend(dump_inline(node, indent + "  "))
        return lines
    if isinstance(block, Figure):
        return [f"{indent}figure @{block.loc.line}", *dump_inline(block.image, indent + "  ")]
    assert isinstance(block, ListBlock)
    lines = [f"{indent}list {'ordered' if block.ordered else 'bullet'} @{block.loc.line}"]
    for item in block.items:
        lines.append(f"{indent}  item @{item.loc.line}")
        for inner in item.blocks:
            lines.extend(dump_block(inner, indent + "    "))
    return lines


def dump_sections(sections: tuple[Section, ...], indent: str = "") -> list[str]:
    """One line per node, children indented by two spaces."""
    lines: list[str] = []
    for section in sections:
        lines.append(f"{indent}section {section.id} level={section.level} @{section.loc.line} {section.title_text!r}")
        for block in section.blocks:
            lines.extend(dump_block(block, indent + "  "))
        lines.extend(dump_sections(section.subsections, indent + "  "))
    return lines
