"""``easy-read.yaml``: the easy-read version, pages of pictures beside short sentences."""

from __future__ import annotations

from builders.model import EasyRead, EasyReadItem, EasyReadPage, HardWord, LeftOut
from builders.parse.markdown import parse_inline
from builders.parse.yaml_fields import YamlFile

EASY_READ_FIELDS = ("title", "audience", "draft", "pages", "hard_words", "left_out")


def read_easy_read(source: YamlFile, default_title: str) -> EasyRead:
    """The easy-read layer; its rules (sentence length, hard words...) are checked elsewhere."""
    root = source.mapping(source.root, "easy-read.yaml", EASY_READ_FIELDS)
    pages: list[EasyReadPage] = []
    for page_node in root.items("pages", required=True, example="- heading: What is self-harm?"):
        page = source.mapping(page_node, "an easy-read page", ("heading", "covers", "items"))
        items: list[EasyReadItem] = []
        for item_node in page.items("items", required=True, example="- picture: telephone receiver"):
            item = source.mapping(item_node, "an easy-read item", ("picture", "alt", "text"))
            text = item.text("text", example="You can call Samaritans for free.")
            if any(line.lstrip().startswith("|") for line in text.splitlines()):
                source.diagnostics.error(
                    item.loc_of("text"), "easy read has no tables: this text is written as a table",
                    "write one short sentence for each row, each as its own item with its own picture",
                )
                text = ""
            items.append(
                EasyReadItem(
                    picture=item.text("picture", example="telephone receiver"),
                    alt=item.text("alt", example="A telephone"),
                    text=parse_inline(text, item.loc_of("text"), source.diagnostics) if text else (),
                    loc=item.loc,
                )
            )
        pages.append(
            EasyReadPage(
                heading=page.text("heading", example="What is self-harm?"),
                covers=tuple(value for value, _ in page.text_list("covers")),
                items=tuple(items),
                loc=page.loc,
            )
        )
    hard_words = []
    for node in root.items("hard_words"):
        entry = source.mapping(node, "a hard word", ("word", "meaning"))
        hard_words.append(HardWord(entry.text("word"), entry.text("meaning"), entry.loc))
    left_out = []
    for node in root.items("left_out"):
        entry = source.mapping(node, "a left-out section", ("section", "reason"))
        left_out.append(LeftOut(entry.text("section"), entry.text("reason"), entry.loc))
    return EasyRead(
        title=root.text("title", required=False) or default_title,
        audience=root.text("audience", required=False),
        pages=tuple(pages),
        hard_words=tuple(hard_words),
        left_out=tuple(left_out),
        draft=root.boolean("draft"),
        loc=root.loc,
    )
