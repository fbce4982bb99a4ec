"""Contacts and the urgent-help block, read from ``factsheet.yaml``."""

from __future__ import annotations

import re

from yaml.nodes import MappingNode, Node, ScalarNode

from builders.model import Contact, Location, PhoneNumber, TextNumber, UrgentHelp
from builders.parse.yaml_fields import Fields, YamlFile, is_null

_KEYWORD = re.compile(r"[A-Za-z0-9]{1,20}")
"""A keyword to text (SHOUT): one word, because it is written into the ``sms:`` link."""
CONTACT_FIELDS = ("id", "name", "offers", "phone", "text", "email", "website", "hours", "address")


def _phones(source: YamlFile, fields: Fields) -> tuple[PhoneNumber, ...]:
    """``phone: 116 123`` or a list of numbers or ``{number, note}`` mappings."""
    phones: list[PhoneNumber] = []
    for node in fields.items("phone"):
        if isinstance(node, ScalarNode) and not is_null(node):
            phones.append(PhoneNumber(str(node.value).strip(), "", source.loc(node)))
        else:
            entry = source.mapping(node, "a phone number", ("number", "note"))
            phones.append(PhoneNumber(entry.text("number", example="116 123"), entry.text("note", False), entry.loc))
    return tuple(phones)


def _texts(source: YamlFile, fields: Fields) -> tuple[TextNumber, ...]:
    """``text: 85258`` or ``{number: 85258, keyword: SHOUT, note: ...}``, or a list of them."""
    node = fields.value("text")
    nodes = [node] if isinstance(node, MappingNode) else fields.items("text")
    texts: list[TextNumber] = []
    for item in nodes:
        if isinstance(item, ScalarNode) and not is_null(item):
            texts.append(TextNumber(str(item.value).strip(), "", "", source.loc(item)))
        else:
            entry = source.mapping(item, "a text number", ("number", "keyword", "note"))
            keyword = entry.text("keyword", False)
            if keyword and not _KEYWORD.fullmatch(keyword):
                source.diagnostics.error(
                    entry.loc_of("keyword"), f"text keyword {keyword!r} is not one word of letters and digits",
                    "write the word people text, like SHOUT; it becomes part of the sms: link",
                )
                keyword = ""
            texts.append(
                TextNumber(entry.text("number", example="85258"), keyword, entry.text("note", False), entry.loc)
            )
    return tuple(texts)


def read_contact(source: YamlFile, node: Node, need_id: bool = True) -> Contact:
    """One organisation with what it offers and every way to reach it."""
    fields = source.mapping(node, "a contact", CONTACT_FIELDS)
    return Contact(
        id=fields.text("id", required=need_id, example="samaritans"),
        name=fields.text("name", example="Samaritans"),
        offers=fields.text("offers", example="A listening service for anyone in distress."),
        phones=_phones(source, fields),
        texts=_texts(source, fields),
        email=fields.email("email"),
        website=fields.address("website", "contact website"),
        hours=fields.text("hours", False),
        address=fields.text("address", False),
        loc=fields.loc,
    )


def read_urgent_help(source: YamlFile, fields: Fields, contacts: tuple[Contact, ...]) -> UrgentHelp:
    """The crisis block: contact ids from ``contacts`` or contacts written in place."""
    block = fields.fields("urgent_help", "urgent_help", ("heading", "intro", "contacts"), required=True)
    chosen: list[Contact] = []
    by_id = {c.id: c for c in contacts if c.id}
    for node in block.items("contacts", required=block.ok, example="- samaritans"):
        if isinstance(node, ScalarNode) and not is_null(node):
            contact = by_id.get(str(node.value).strip())
            if contact is None:
                source.diagnostics.error(
                    source.loc(node), f"urgent_help names contact '{node.value}', which is not in contacts",
                    f"use one of: {', '.join(by_id) or '(no contacts yet)'}, or write the contact here in full",
                )
                continue
            chosen.append(contact)
        else:
            chosen.append(read_contact(source, node, need_id=False))
    return UrgentHelp(
        heading=block.text("heading", required=False) or "Get help now",
        intro=block.text("intro", required=False),
        contacts=tuple(chosen),
        loc=block.loc if block.node is not None else Location(str(source.path)),
    )
