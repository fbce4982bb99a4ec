"""No Markdown reaches a builder unhandled: every token type the parser can produce is converted or refused.

markdown-it-py (with the plugins we use) turns the body into tokens; a token
type the converter does not know would once have been dropped or printed as
raw punctuation.  These tests parse a sample of every *active* parsing rule,
so a plugin or rule switched on later, without a sample here and a decision in
``TOKEN_TYPES``, fails this file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.dollarmath import dollarmath_plugin

from builders.diagnostics import Diagnostics
from builders.parse.markdown import CONVERTED, REFUSED, TOKEN_TYPES, _Converter, make_parser, parse_body

RULE_SAMPLES: dict[str, str] = {
    # core
    "normalize": "Text.\r\n", "block": "Text.", "inline": "Text.", "text_join": "Text.",
    "attr": "{.tip}\nText.",  # block attributes (core step) and inline picture attributes
    "footnote_tail": "Text[^1].\n\n[^1]: Note.",
    # block
    "table": "Table: T\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    "code": "    indented", "fence": "```\ncode\n```", "blockquote": "> Words.\n>\n> \u2014 Sam",
    "hr": "---", "list": "- item\n\n1. item", "reference": "[a]: https://example.org\n\n[a]",
    "html_block": "<div>x</div>\n\n<!-- comment -->", "heading": "## Heading", "lheading": "Heading\n===",
    "paragraph": "Text.", "container_callout": "::: top-tip\nWords.\n:::\n\n::: tip\nWords.\n:::",
    "footnote_def": "Text[^1].\n\n[^1]: Note.", "deflist": "Term\n: Meaning",
    # inline
    "text": "Text.", "newline": "a  \nb\nc", "escape": "\\*a\\*", "backticks": "`code`",
    "strikethrough": "~~gone~~", "emphasis": "*a* **b**", "citation": "[@key]",
    "link": "[words](https://example.org) [x](#id)", "image": "![alt](images/a.png \"Caption\"){credit=\"Me\"}",
    "autolink": "<https://example.org>", "html_inline": "<span>a</span> <!-- c -->", "entity": "&amp;",
    "footnote_inline": "Text^[note].", "footnote_ref": "Text[^1].\n\n[^1]: Note.", "sub": "H~2~O",
    "sup": "2^10^",
    # inline2 (post-processing of inline rules above)
    "balance_pairs": "*a*", "fragments_join": "*a*",
}


def active_rules() -> list[str]:
    rules = make_parser().get_active_rules()
    return sorted({name for chain in rules.values() for name in chain})


def node_types(node: SyntaxTreeNode) -> set[str]:
    found = {node.type}
    for child in node.children:
        found |= node_types(child)
    return found


@pytest.mark.parametrize("rule", active_rules())
def test_every_active_parsing_rule_has_a_sample(rule: str) -> None:
    assert rule in RULE_SAMPLES, (
        f"the parser now runs rule {rule!r}: add a sample here and decide, in TOKEN_TYPES, how each token "
        "type it produces is converted or refused"
    )


@pytest.mark.parametrize("rule", sorted(RULE_SAMPLES))
def test_every_token_type_of_each_rule_is_converted_or_refused(rule: str) -> None:
    tree = SyntaxTreeNode(make_parser().parse("# A\n\n" + RULE_SAMPLES[rule] + "\n"))
    unknown = node_types(tree) - set(TOKEN_TYPES) - {"root"}
    assert not unknown, f"rule {rule!r} produces token types the converter does not know: {sorted(unknown)}"


def test_token_table_says_converted_or_refused() -> None:
    assert set(TOKEN_TYPES.values()) == {CONVERTED, REFUSED}


@pytest.mark.parametrize("rule", sorted(RULE_SAMPLES))
def test_no_sample_crashes_the_converter(rule: str) -> None:
    diagnostics = Diagnostics()
    parse_body(Path("body.md"), "# A\n\n" + RULE_SAMPLES[rule] + "\n", diagnostics)
    assert all(d.loc.line >= 1 for d in diagnostics)


def test_a_token_type_added_by_a_new_plugin_is_a_located_error_not_a_silent_drop() -> None:
    parser = make_parser().use(dollarmath_plugin)  # '$x$' would become math_inline tokens
    text = "# A\n\nThe cost is $x$ a week.\n"
    diagnostics = Diagnostics()
    _Converter(Path("body.md"), text, diagnostics).sections(SyntaxTreeNode(parser.parse(text)))
    assert [d.format().splitlines()[0] for d in diagnostics] == [
        "body.md:3:1: error: Markdown element 'math_inline' is not part of the factsheet format"
    ]


REFUSED_SAMPLES = [
    ("a pipe table without a caption", "| a | b |\n|---|---|\n| 1 | 2 |",
     "3:1: error: a table needs a caption saying what it shows", "Table: what the table shows"),
    ("a table row without its |---| line", "| a | b |",
     "3:1: error: this line looks like a table row, but it is not read as a table", "|---|---|"),
    ("an unknown ::: fence", "::: tip\nWords.\n:::",
     "3:1: error: '::: tip' is not a kind of call-out", "'::: top-tip', '::: remember', '::: important'"),
    ("a {.tip} line", "{.tip}\nWords.",
     "3:1: error: attribute line {.tip} is not part of the factsheet format", "'::: top-tip'"),
    ("a {.tip} in words", "Words {.tip}",
     "3:7: error: attribute {.tip} is not part of the factsheet format", "'::: top-tip'"),
    ("a footnote mark", "Words[^1].\n\n[^1]: A note.",
     "3:6: error: footnotes ([^1]) are not part of the factsheet format", "[@key]"),
    ("strikethrough", "Some ~~old~~ words.",
     "3:6: error: struck-through text (~~...~~) is not part of the factsheet format", "<!-- words -->"),
    ("subscript", "H~2~O", "3:2: error: subscript (~2~) is not part of the factsheet format", "plain words"),
    ("superscript", "2^10^", "3:2: error: superscript (^10^) is not part of the factsheet format", "plain words"),
    ("a definition list", "Term\n: Meaning",
     "3:1: error: a definition list (a line starting ': ') is not part of the factsheet format", "**Term**"),
    ("a block quote without attribution", "> Words.",
     "3:1: error: a quote needs a last line saying who said it", "'> \u2014 Sam"),
    ("a horizontal rule", "Words.\n\n***",
     "5:1: error: a horizontal rule (---, *** or ___) is not part of the factsheet format", "headings"),
    ("a fenced code block", "```\ncode\n```",
     "3:1: error: a fenced code block (```) is not part of the factsheet format", "'::: important'"),
    ("an indented line", "Words.\n\n    indented",
     "5:1: error: an indented line is read as a code block, which is not part of the factsheet format",
     "remove the spaces"),
    ("raw HTML", "<div>x</div>", "3:1: error: raw HTML block is not allowed", "<!-- like this -->"),
]


@pytest.mark.parametrize(("what", "markdown", "message", "hint"), REFUSED_SAMPLES, ids=[s[0] for s in REFUSED_SAMPLES])
def test_markdown_outside_the_format_is_a_located_error_naming_the_alternative(
        what: str, markdown: str, message: str, hint: str) -> None:
    diagnostics = Diagnostics()
    parse_body(Path("body.md"), "# A\n\n" + markdown + "\n", diagnostics)
    formatted = [d.format() for d in diagnostics]
    assert formatted, f"{what} passed silently"
    first_line, hint_line = formatted[0].splitlines()[:2]
    assert first_line == f"body.md:{message}"
    assert hint in hint_line


def test_each_mistake_gets_its_own_hint_not_the_indented_code_one() -> None:
    diagnostics = Diagnostics()
    parse_body(Path("body.md"), "# A\n\n> Words.\n\n---\n\n```\nx\n```\n", diagnostics)
    assert not any("indent" in d.format() for d in diagnostics)


def test_a_level_four_heading_is_one_error() -> None:
    diagnostics = Diagnostics()
    sections = parse_body(Path("body.md"), "# A\n\n## B\n\n#### C\n\nWords.\n", diagnostics)
    assert [d.format().splitlines()[0] for d in diagnostics] == [
        "body.md:5:1: error: heading level 4 is deeper than a factsheet allows (3)"]
    assert sections[0].subsections[0].subsections[0].level == 3


def test_editor_comments_are_dropped_where_they_stand() -> None:
    diagnostics = Diagnostics()
    sections = parse_body(Path("body.md"), "# A\n\n<!-- a note\nfor editors -->\n\nSome <!-- aside --> words.\n",
                          diagnostics)
    assert not list(diagnostics)
    paragraph = sections[0].blocks[0]
    assert len(sections[0].blocks) == 1
    assert "".join(getattr(n, "text", "") for n in paragraph.inlines) == "Some  words."  # type: ignore[union-attr]
