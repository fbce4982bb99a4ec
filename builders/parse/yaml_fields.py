"""Reading YAML with the line and column of every value, and typed field access.

PyYAML's composer keeps a ``start_mark`` on each node; we read the node tree
(never plain Python objects) so that every message can point at the exact
value that is wrong.  The tree is composed by libyaml (PyYAML's C extension,
thirty times quicker) when the text is ordinary enough that the two are known
to agree, and by PyYAML's own Python code otherwise (see :func:`compose`).
YAML's own type guessing is bypassed: a value is read as
the type the schema expects, so ``version: 6.1`` is the text "6.1" and
``2023-02-30`` is reported as an impossible date instead of crashing.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import yaml
from yaml.composer import ComposerError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from builders.diagnostics import Diagnostics
from builders.model import Doi, EmailAddress, Location, WebAddress
from builders.parse.addresses import read_address, read_doi, read_email
from builders.parse.files import read_source_text

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTHS = (
    "January February March April May June July August September October November December"
).split()


class _NoAliasLoader(yaml.SafeLoader):
    """A safe loader that refuses anchors and aliases (they make values appear twice, or loop)."""

    def compose_node(self, parent: Node | None, index: object) -> Node:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise ComposerError(None, None, "aliases (*name) are not allowed in factsheet sources", event.start_mark)
        return super().compose_node(parent, index)  # type: ignore[no-any-return]


_LIBYAML = getattr(yaml, "CSafeLoader", None)
"""libyaml's composer; ``None`` when PyYAML was installed without its C extension."""
_NOT_ORDINARY = re.compile(
    r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufff0-\U0010ffff]"
    r"|(?:^|[\s\[\]{},])!|[|>][-+0-9]*#"
)
"""Where libyaml and PyYAML are known to differ: tabs, control, byte-order-mark, line-separator and
astral characters (positions or refusals differ), tags (``!``), and comments glued to a block scalar's header."""
_FLOW_PLAIN_SPECIAL = re.compile(r"[?:#,\[\]{}]|^[-?:]")
"""A plain scalar inside ``[...]`` with one of these was read differently by the two (PyYAML refuses ``[a?b]``)."""


def compose(text: str) -> Node | None:
    """The node tree of YAML text, exactly as PyYAML's Python composer (with aliases refused) gives it.

    libyaml composes ordinary text about thirty times faster, so it is tried
    first; its tree is used only when the text has none of the constructs on
    which the two are known to differ, it is a mapping, it has no alias, and
    no flow collection (``[...]``) holds a non-empty mapping or an unquoted value with
    ``?:#,[]{}`` in it.  Everything else, including every error, goes through
    PyYAML's Python composer, so every message and position stays the same.
    Raises what :func:`yaml.compose` raises.
    """
    if _LIBYAML is not None and text.endswith("\n") and not _NOT_ORDINARY.search(text):
        try:
            root = yaml.compose(text, Loader=_LIBYAML)
        except yaml.YAMLError:
            root = None
        if isinstance(root, MappingNode) and _agrees_with_pyyaml(root):
            return root
    return yaml.compose(text, Loader=_NoAliasLoader)  # type: ignore[no-any-return]


def _agrees_with_pyyaml(root: Node) -> bool:
    """False for a tree with an alias (a node met twice) or a flow collection PyYAML reads differently."""
    seen: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, in_flow = stack.pop()
        if id(node) in seen:
            return False
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            if in_flow and not node.style and _FLOW_PLAIN_SPECIAL.search(node.value):
                return False
        elif isinstance(node, MappingNode):
            if (in_flow or node.flow_style) and node.value:  # '{}' is fine; '[a: b]' is read differently
                return False
            stack.extend((item, False) for pair in node.value for item in pair)
        elif isinstance(node, SequenceNode):
            stack.extend((child, in_flow or bool(node.flow_style)) for child in node.value)
    return True


class YamlFile:
    """One YAML source file: its node tree and the diagnostics it reports into."""

    def __init__(self, path: Path, root: Node | None, diagnostics: Diagnostics) -> None:
        self.path = path
        self.root = root
        self.diagnostics = diagnostics

    @classmethod
    def load(cls, path: Path, diagnostics: Diagnostics) -> YamlFile | None:
        """Read and compose a YAML file, or report why it cannot be read and return ``None``."""
        text = read_source_text(path, diagnostics)
        if text is None:
            return None
        return cls.from_text(path, text, diagnostics)

    @classmethod
    def from_text(cls, path: Path, text: str, diagnostics: Diagnostics) -> YamlFile | None:
        """Compose YAML text; syntax errors become located diagnostics."""
        try:
            root = compose(text)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            problem = exc.problem or exc.context or "not valid YAML"
            diagnostics.error(
                Location(str(path), line, column),
                f"YAML syntax error: {problem}",
                "check the indentation and quoting here; text containing ': ' or starting with a symbol needs quotes",
            )
            return None
        except yaml.YAMLError as exc:
            diagnostics.error(Location(str(path), 1, 1), f"YAML syntax error: {exc}", "save the file as plain YAML text")
            return None
        except RecursionError:
            diagnostics.error(Location(str(path), 1, 1), "YAML is nested too deeply", "a factsheet needs only a few levels")
            return None
        if root is None:
            diagnostics.error(Location(str(path), 1, 1), "file is empty", "see docs/source-format.md for what it holds")
            return None
        return cls(path, root, diagnostics)

    def loc(self, node: Node | None) -> Location:
        """The 1-based location of a node (the file's start when there is none)."""
        if node is None:
            return Location(str(self.path), 1, 1)
        return Location(str(self.path), node.start_mark.line + 1, node.start_mark.column + 1)

    def mapping(self, node: Node | None, what: str, known: Iterable[str]) -> Fields:
        """The node as a mapping of named fields (reporting if it is not one)."""
        return Fields(self, node, what, tuple(known))


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping of fields"
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, ScalarNode) and node.tag.endswith(":null"):
        return "empty"
    return f"the text {node.value!r}" if isinstance(node, ScalarNode) else "something else"


def is_null(node: Node | None) -> bool:
    """True for an absent value or YAML's ``null`` / ``~`` / nothing after the colon."""
    return node is None or (isinstance(node, ScalarNode) and node.tag.endswith(":null"))


class Fields:
    """A YAML mapping read field by field, with located messages for anything wrong."""

    def __init__(self, source: YamlFile, node: Node | None, what: str, known: tuple[str, ...]) -> None:
        self.source = source
        self.node = node
        self.what = what
        self.entries: dict[str, tuple[Node, Node]] = {}
        self.ok = isinstance(node, MappingNode)
        if node is None:
            return
        if not isinstance(node, MappingNode):
            source.diagnostics.error(
                source.loc(node), f"{what} must be a mapping of fields (name: value), not {_kind(node)}",
                "write one 'name: value' per line",
            )
            return
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                source.diagnostics.error(source.loc(key_node), f"a field name in {what} must be plain text")
                continue
            key = key_node.value
            if key in self.entries:
                first = source.loc(self.entries[key][0])
                source.diagnostics.error(
                    source.loc(key_node), f"field '{key}' appears twice in {what} (first at line {first.line})",
                    "keep one of them",
                )
                continue
            self.entries[key] = (key_node, value_node)
            if known and key not in known:
                close = difflib.get_close_matches(key, known, n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"fields of {what}: {', '.join(known)}"
                source.diagnostics.error(source.loc(key_node), f"unknown field '{key}' in {what}", hint)

    @property
    def loc(self) -> Location:
        """Where the mapping starts."""
        return self.source.loc(self.node)

    def value(self, key: str) -> Node | None:
        """The value node of a field, or ``None`` when absent or empty."""
        entry = self.entries.get(key)
        return None if entry is None or is_null(entry[1]) else entry[1]

    def has(self, key: str) -> bool:
        """True when the field is present and not empty."""
        return self.value(key) is not None

    def loc_of(self, key: str) -> Location:
        """Where a field's value is (or the mapping, when the field is missing)."""
        entry = self.entries.get(key)
        return self.source.loc(entry[1]) if entry else self.loc

    def _missing(self, key: str, required: bool, example: str) -> None:
        if not required or not self.ok:
            return
        if key in self.entries:
            self.source.diagnostics.error(
                self.source.loc(self.entries[key][0]), f"field '{key}' in {self.what} is empty",
                f"give it a value, for example: {key}: {example}",
            )
        else:
            self.source.diagnostics.error(
                self.loc, f"missing required field '{key}' in {self.what}", f"add a line like: {key}: {example}",
            )

    def _scalar(self, key: str, node: Node, expected: str) -> str | None:
        if isinstance(node, ScalarNode):
            return str(node.value)
        self.source.diagnostics.error(
            self.source.loc(node), f"field '{key}' must be {expected}, not {_kind(node)}",
            f"write it on one line: {key}: ...",
        )
        return None

    def text(self, key: str, required: bool = True, example: str = "...") -> str:
        """A text field; missing or mistyped fields are reported and read as ''."""
        node = self.value(key)
        if node is None:
            self._missing(key, required, example)
            return ""
        value = self._scalar(key, node, "text")
        return value.strip() if value is not None else ""

    def address(self, key: str, what: str = "") -> WebAddress | None:
        """An optional address field, checked by the one URL rule (``None`` when absent or refused)."""
        raw = self.text(key, required=False)
        return read_address(raw, self.loc_of(key), self.source.diagnostics, what or f"'{key}'") if raw else None

    def email(self, key: str) -> EmailAddress | None:
        """An optional email address field (``None`` when absent or refused)."""
        raw = self.text(key, required=False)
        return read_email(raw, self.loc_of(key), self.source.diagnostics) if raw else None

    def doi(self, key: str) -> Doi | None:
        """An optional DOI field (``None`` when absent or refused)."""
        raw = self.text(key, required=False)
        return read_doi(raw, self.loc_of(key), self.source.diagnostics) if raw else None

    def date(self, key: str, required: bool = True) -> date | None:
        """A date written YYYY-MM-DD; impossible dates are reported with the reason."""
        node = self.value(key)
        if node is None:
            self._missing(key, required, "2024-07-31")
            return None
        raw = self._scalar(key, node, "a date")
        return None if raw is None else parse_date(raw, self.source.loc(node), key, self.source.diagnostics)

    def integer(self, key: str, required: bool = True, minimum: int = 0) -> int | None:
        """A whole number of at least ``minimum``."""
        node = self.value(key)
        if node is None:
            self._missing(key, required, "12")
            return None
        raw = self._scalar(key, node, "a whole number")
        if raw is None:
            return None
        if not re.fullmatch(r"\d+", raw.strip()) or int(raw) < minimum:
            self.source.diagnostics.error(
                self.source.loc(node), f"field '{key}' must be a whole number of at least {minimum}, not {raw!r}"
            )
            return None
        return int(raw)

    def boolean(self, key: str, default: bool = False) -> bool:
        """A yes/no field (YAML ``true``/``false``)."""
        node = self.value(key)
        if node is None:
            return default
        raw = (self._scalar(key, node, "true or false") or "").lower()
        if raw in ("true", "yes"):
            return True
        if raw in ("false", "no"):
            return False
        self.source.diagnostics.error(self.source.loc(node), f"field '{key}' must be true or false, not {raw!r}")
        return default

    def choice(self, key: str, options: tuple[str, ...], required: bool = True) -> str:
        """One of a fixed set of words."""
        value = self.text(key, required=required, example=options[0])
        if value and value not in options:
            close = difflib.get_close_matches(value, options, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(options)}"
            self.source.diagnostics.error(
                self.loc_of(key), f"field '{key}' must be one of {', '.join(options)}, not {value!r}", hint
            )
            return ""
        return value

    def items(self, key: str, required: bool = False, example: str = "- ...") -> list[Node]:
        """The nodes of a list field (a single value counts as a list of one)."""
        node = self.value(key)
        if node is None:
            self._missing(key, required, f"\n  {example}")
            return []
        if isinstance(node, SequenceNode):
            return list(node.value)
        if isinstance(node, MappingNode):
            self.source.diagnostics.error(
                self.source.loc(node), f"field '{key}' must be a list, not {_kind(node)}",
                "start each item with '- ' on its own line",
            )
            return []
        return [node]

    def text_list(self, key: str, required: bool = False) -> list[tuple[str, Location]]:
        """A list of text values with their locations."""
        values: list[tuple[str, Location]] = []
        for item in self.items(key, required=required):
            if isinstance(item, ScalarNode) and not is_null(item):
                values.append((str(item.value).strip(), self.source.loc(item)))
            else:
                self.source.diagnostics.error(
                    self.source.loc(item), f"each item of '{key}' must be text, not {_kind(item)}"
                )
        return values

    def fields(self, key: str, what: str, known: Iterable[str], required: bool = False) -> Fields:
        """A nested mapping field."""
        node = self.value(key)
        if node is None:
            self._missing(key, required, "\n  name: value")
        return Fields(self.source, node, what, tuple(known))


def parse_date(raw: str, loc: Location, key: str, diagnostics: Diagnostics) -> date | None:
    """Read ``YYYY-MM-DD``; say why a date is impossible (30 February, month 13)."""
    match = _DATE.fullmatch(raw.strip())
    if not match:
        diagnostics.error(loc, f"field '{key}' must be a date written YYYY-MM-DD, not {raw!r}", "for example 2024-07-31")
        return None
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        diagnostics.error(loc, f"{raw} is not a real date: there is no month {month}", "months run from 01 to 12")
        return None
    try:
        return date(year, month, day)
    except ValueError:
        following = date(year + (month == 12), month % 12 + 1, 1)
        days = (following - date(year, month, 1)).days
        diagnostics.error(
            loc, f"{raw} is not a real date: {_MONTHS[month - 1]} {year} has {days} days",
            "check the day of the month",
        )
        return None
