"""Composing YAML with libyaml where it is safe: the same tree, positions and errors as PyYAML's Python code."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from builders.parse import yaml_fields
from builders.parse.yaml_fields import _NoAliasLoader, compose
from conftest import ROOT

SOURCES = sorted(p for folder in ("source", "tests/fixtures") for p in (ROOT / folder).rglob("*.yaml"))


def _tree(node: Node | None) -> list[tuple[object, ...]]:
    """Every node in order: kind, tag, value, line, column (what the parser reads and reports)."""
    out: list[tuple[object, ...]] = []

    def walk(n: Node) -> None:
        out.append((type(n).__name__, n.tag, n.value if isinstance(n, ScalarNode) else None,
                    n.start_mark.line, n.start_mark.column))
        if isinstance(n, MappingNode):
            for key, value in n.value:
                walk(key)
                walk(value)
        elif isinstance(n, SequenceNode):
            for child in n.value:
                walk(child)

    if node is not None:
        walk(node)
    return out


def _outcome(compose_text: object, text: str) -> object:
    try:
        return _tree(compose_text(text))  # type: ignore[operator]
    except yaml.YAMLError as error:
        return f"error: {error}"


def _pyyaml(text: str) -> Node | None:
    return yaml.compose(text, Loader=_NoAliasLoader)  # type: ignore[no-any-return]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_source_file_composes_as_pyyaml_does(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    assert _outcome(compose, text) == _outcome(_pyyaml, text)


def test_the_samples_take_the_libyaml_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_fields, "_NoAliasLoader", None)  # the Python composer would now fail
    for path in (ROOT / "source").rglob("*.yaml"):
        assert compose(path.read_text(encoding="utf-8")) is not None


@pytest.mark.parametrize("text", [
    "a: 1\nb: &x [1]\nc: *x\n",              # an alias: refused with PyYAML's located message
    "a: 1\ncovers: [s?elf-harm]\n",          # PyYAML refuses '?' in a flow value; libyaml does not
    "a: 1\nlist: [a: b]\n",                  # a mapping inside [...]
    "a:\n\tb: 1\n",                          # a tab
    "a: 1\nb: ! x\n",                        # a tag
    "a: x\u2028b\n",                         # a Unicode line separator
    "a: 😀 x\nb: 1\n",                       # an astral character (columns counted differently)
    "a: 1\nb:",                              # no final newline (an empty value's position differs)
    "a: >-#\n  x\n",                         # a comment glued to a block scalar's header
    "---\n",                                 # not a mapping
], ids=["alias", "question-in-flow", "flow-mapping", "tab", "tag", "line-separator", "astral", "no-newline",
        "glued-comment", "not-a-mapping"])
def test_where_the_two_differ_pyyaml_decides(text: str) -> None:
    assert _outcome(compose, text) == _outcome(_pyyaml, text)


def _mutations(count: int, seed: int) -> list[str]:
    """Source files with a few characters inserted or deleted, the kinds of slip that change how YAML reads."""
    pieces = list(":-[]{}#&*!|>'\"\n \t%@`,?\\\x00\x07\u0085\u2028\ufeff😀é\r") + [
        "  ", "\n  ", "- ", ": ", "? ", "---", "\n- ", "&a ", "*a", "! ", "[", "]", "{", "}", ", "]
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in SOURCES]
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        chars = list(rng.choice(texts))
        for _ in range(rng.randint(1, 6)):
            position = rng.randrange(len(chars) + 1)
            if rng.random() < 0.5:
                chars.insert(position, rng.choice(pieces))
            else:
                del chars[position:position + rng.randint(1, 5)]
        out.append("".join(chars))
    return out


def test_damaged_sources_compose_or_fail_exactly_as_pyyaml_does() -> None:
    """Hundreds of slips in real sources: whichever path is taken, the tree or the error is PyYAML's."""
    differ = [text for text in _mutations(400, seed=20) if _outcome(compose, text) != _outcome(_pyyaml, text)]
    assert not differ, differ[:3]
