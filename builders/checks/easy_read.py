"""The easy-read rules: short sentences, full words, hard words explained, a picture on every row.

Sources (see ``shared/guides/formats.md``): UK Department of Health, "Basic
guidelines for people who commission Easy Read information" (2009, revised
2010, gateway ref 15123) — "DH 2010" below; gov.uk "Accessible communication
formats"; People First Ltd Easy Read standards (2012); Mencap "Am I making
myself clear?" (2000).  The page-count rules (over 20 or 24 pages) can only be
seen when building, so the easy-read PDF builder enforces them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from builders.common.openmoji import OpenMojiMissing, catalogue
from builders.common.words import located_sentences, sentence_spans, syllables, words
from builders.diagnostics import Diagnostics
from builders.model import (
    EasyRead,
    EasyReadItem,
    Emphasis,
    Factsheet,
    HardWord,
    Inline,
    Link,
    Location,
    CrossReference,
    Strong,
    Text,
)

SENTENCE_ERROR = 15
"""gov.uk and DH 2010: sentences of 15 words or fewer."""
SENTENCE_WARNING = 12
"""gov.uk asks for 10 to 15 words: past 12, look for a place to split."""
LONG_WORD_SYLLABLES = 4
"""Words this long are hard for many readers: explain them (DH 2010, Mencap)."""

_ACRONYM = re.compile(r"(?<![\w&])([A-Z][A-Z0-9&]*[A-Z0-9])(s?)(?![\w&])")
_LATIN = re.compile(r"(?<!\w)(e\.g\.|i\.e\.|etc\.?|approx\.|Dr\.?|vs\.?|N\.?B\.)(?!\w)")
_NOT_ACRONYMS = frozenset({"OK"})
_SMALL_WORDS = frozenset({"and", "of", "for", "the", "to", "in", "on", "&"})
_BE = r"(?:am|is|are|was|were|be|been|being|get|gets|got|getting)"
_PASSIVE = re.compile(rf"\b{_BE}\s+(?:\w+ly\s+|not\s+|never\s+)?(\w+(?:ed|en))\b", re.IGNORECASE)
_IRREGULAR_PASSIVE = re.compile(
    rf"\b{_BE}\s+(?:\w+ly\s+|not\s+|never\s+)?(told|made|given|taken|seen|sent|kept|held|paid|found|"
    r"brought|bought|caught|done|known|shown|left|put|set|said|sold|taught|thought|built|meant)\b",
    re.IGNORECASE,
)
_ADJECTIVES = frozenset({
    "worried", "scared", "tired", "bored", "interested", "excited", "married", "frightened", "ashamed",
    "embarrassed", "stressed", "confused", "upset", "annoyed", "pleased", "relieved", "surprised",
    "shocked", "disappointed", "overwhelmed", "isolated", "depressed", "qualified", "allowed", "supposed",
    "used", "needed", "trained", "open", "often", "even", "ten", "seven", "eleven", "children", "kitten",
    "garden", "chicken", "listen", "happen", "broken", "hidden", "women", "men", "when", "then", "seen",
})
"""Words after 'is'/'are' that end like a participle but describe a feeling or state (not passive)."""
_DEFINES = re.compile(
    r"^(this|that|these|those|they|it)\s+(means?|is\s+(a|an|the|when|where|how|what|someone|somewhere)|"
    r"are\s+(people|the|a)|looks?\s+at|says|lets|helps?|gives|checks)\b",
    re.IGNORECASE,
)
"""A sentence that explains the word before it: 'This means...', 'It says what to do...'."""
_NAMES_IT = re.compile(r"\b(is|are)\s+(called\s+)?(a|an|the)\s*$|\b(call|calls|called)\s+(this|it|that)\s+(a|an|the)?\s*$|"
                       r"\bis\s+called\s*$", re.IGNORECASE)
"""Words before a hard word that name what was just explained: 'We call this an assessment'."""
_STOP = frozenset(
    "a an the and or but of to in on at for with by from about you your yours they them their it its this that "
    "these those is are was were be been can could will would should may might must do does did not no yes "
    "who what when where how why which if so than then there here as up out all some any very more most "
    "we us our he she his her i me my have has had get gets got".split()
)


@dataclass(frozen=True, slots=True)
class _Piece:
    """A run of easy-read words with where it was written and what it is ('item', 'heading')."""

    text: str
    loc: Location
    what: str
    item_index: int | None = None


def _text_nodes(inlines: tuple[Inline, ...]) -> Iterator[Text]:
    for node in inlines:
        if isinstance(node, Text):
            yield node
        elif isinstance(node, (Strong, Emphasis, Link, CrossReference)):
            yield from _text_nodes(node.children)


def _item_sentences(item: EasyReadItem) -> Iterator[tuple[str, Location]]:
    """Each sentence of a row with the location of the text it starts in."""
    return located_sentences(item.text, item.loc)


def _word_pattern(word: str) -> re.Pattern[str]:
    """A hard word as written, or with a plural or possessive ending, as a whole word."""
    return re.compile(rf"(?<![\w-]){re.escape(word)}(?:s|es|'s|’s)?(?![\w-])", re.IGNORECASE)


def _all_items(easy: EasyRead) -> list[EasyReadItem]:
    return [item for page in easy.pages for item in page.items]


def _pieces(easy: EasyRead) -> Iterator[_Piece]:
    """Every easy-read sentence a reader sees: title, audience, headings, rows, hard-word meanings."""
    yield _Piece(easy.title, easy.loc, "the title")
    if easy.audience:
        yield _Piece(easy.audience, easy.loc, "who it is for")
    index = 0
    for page in easy.pages:
        yield _Piece(page.heading, page.loc, "a heading")
        for item in page.items:
            for sentence, loc in _item_sentences(item):
                yield _Piece(sentence, loc, "a sentence", index)
            index += 1
    for hard in easy.hard_words:
        for _, sentence in sentence_spans(hard.meaning):
            yield _Piece(sentence, hard.loc, f"the meaning of '{hard.word}'")


def check_sentence_length(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """A sentence over 15 words is an error, over 12 a warning (gov.uk: 10 to 15 words; DH 2010)."""
    easy = factsheet.easy_read
    if easy is None:
        return
    for piece in _pieces(easy):
        if piece.what == "a heading":
            continue
        count = len(words(piece.text))
        hint = "split it into two sentences, one idea each (gov.uk: 10 to 15 words)"
        if count > SENTENCE_ERROR:
            diagnostics.error(piece.loc, f"easy read: sentence of {count} words (more than {SENTENCE_ERROR}): "
                              f"'{_short(piece.text)}'", hint)
        elif count > SENTENCE_WARNING:
            diagnostics.warning(piece.loc, f"easy read: sentence of {count} words (more than {SENTENCE_WARNING}): "
                                f"'{_short(piece.text)}'", hint)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _spelled_out(abbreviation: str, text: str) -> bool:
    """True when the words of ``text`` include the abbreviation's full form ('National Health Service')."""
    letters = [ch.lower() for ch in abbreviation if ch.isalpha()]
    initials = [w[0].lower() for w in re.findall(r"[A-Za-z][\w’'-]*", text) if w.lower() not in _SMALL_WORDS]
    n = len(letters)
    return any(initials[i : i + n] == letters for i in range(len(initials) - n + 1)) if n else True


def check_abbreviations(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """An abbreviation or acronym must be spelled out in the same row, or be a hard word (DH 2010: full words)."""
    easy = factsheet.easy_read
    if easy is None:
        return
    keywords = {t.keyword for c in (*factsheet.contacts, *factsheet.urgent_help.contacts) for t in c.texts if t.keyword}
    hard = {h.word.lower() for h in easy.hard_words}
    items = _all_items(easy)
    for piece in _pieces(easy):
        context = items[piece.item_index].plain if piece.item_index is not None else piece.text
        found = [m.group(1) for m in _ACRONYM.finditer(piece.text)] + [m.group(1) for m in _LATIN.finditer(piece.text)]
        for abbreviation in found:
            if abbreviation in keywords or abbreviation in _NOT_ACRONYMS or abbreviation.lower() in hard:
                continue
            if _ACRONYM.fullmatch(abbreviation) and _spelled_out(abbreviation, context.replace(abbreviation, " ")):
                continue
            diagnostics.error(
                piece.loc, f"easy read: '{abbreviation}' in {piece.what} is an abbreviation",
                "write the full words (a doctor, not a GP), spell it out in the same row, or add it to "
                "hard_words with what it means; if it is not an abbreviation, do not write words in "
                "capitals (use **bold**)",
            )


def _hard_patterns(easy: EasyRead) -> list[tuple[HardWord, re.Pattern[str]]]:
    return [(h, _word_pattern(h.word)) for h in easy.hard_words if h.word]


def check_long_words(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """A word of four or more syllables not in the hard-words list: warning (DH 2010, Mencap: easy words)."""
    easy = factsheet.easy_read
    if easy is None:
        return
    patterns = _hard_patterns(easy)
    names = {w.lower() for c in (*factsheet.contacts, *factsheet.urgent_help.contacts) for w in words(c.name)}
    for piece in _pieces(easy):
        if piece.what.startswith("the meaning"):
            continue
        covered = [m.span() for _, p in patterns for m in p.finditer(piece.text)]
        reported: set[str] = set()
        for position, match in enumerate(re.finditer(r"[A-Za-z][A-Za-z’'-]*", piece.text)):
            word = match.group(0).strip("’'-")
            if word.lower() in names or word.lower() in reported:
                continue
            if position > 0 and word[:1].isupper():  # a name (Samaritans), not a word to explain
                continue
            if any(start <= match.start() < end for start, end in covered):
                continue
            if syllables(word) >= LONG_WORD_SYLLABLES:
                reported.add(word.lower())
                diagnostics.warning(
                    piece.loc, f"easy read: '{word}' is a long word ({syllables(word)} syllables) "
                    "and is not in hard_words",
                    "use a shorter word, or add it to hard_words and explain it in the same row or the next",
                )


def _stem(word: str) -> str:
    word = word.lower().strip("’'")
    for ending in ("ings", "ing", "ies", "es", "s", "ed"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def _content(text: str, leave_out: str = "") -> set[str]:
    skip = {_stem(w) for w in words(leave_out)}
    return {_stem(w) for w in words(text) if w.lower() not in _STOP and _stem(w) not in skip}


def _explains(text: str, hard: HardWord, pattern: re.Pattern[str], same_row: bool) -> bool:
    """True when a row explains the hard word (DH 2010: explain it in the next sentence).

    A heuristic: a defining sentence ('X is...', 'X can help you...', 'This
    means...', 'It says...'), a naming one ('We call this an X'), or a row
    that says at least two of the things the hard-words list says it means.
    """
    for _, sentence in sentence_spans(text):
        match = pattern.search(sentence)
        if match:
            if re.match(r"\s*(is|are|means?|can\s+help|helps?)\b", sentence[match.end():], re.IGNORECASE):
                return True
            if _NAMES_IT.search(sentence[: match.start()]):
                return True
        if _DEFINES.match(sentence) and (same_row or not match):
            return True
    meaning = _content(hard.meaning, hard.word)
    said = _content(pattern.sub(" ", text), hard.word)
    return len(meaning & said) >= 2


def check_hard_words(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """A hard word is explained where it is first used: in the same row or the next (DH 2010)."""
    easy = factsheet.easy_read
    if easy is None:
        return
    items = _all_items(easy)
    for hard, pattern in _hard_patterns(easy):
        first = next(((i, m) for i, item in enumerate(items) if (m := pattern.search(item.plain))), None)
        if first is None:
            diagnostics.warning(hard.loc, f"easy read: hard word '{hard.word}' is not used in any row",
                                "remove it from hard_words, or check its spelling")
            continue
        index, _ = first
        if _explains(items[index].plain, hard, pattern, same_row=True):
            continue
        if index + 1 < len(items) and _explains(items[index + 1].plain, hard, pattern, same_row=False):
            continue
        diagnostics.error(
            _first_loc(items[index]), f"easy read: hard word '{hard.word}' is not explained in this row or the next",
            f"add a sentence such as '{hard.word[:1].upper() + hard.word[1:]} means …' or 'This means …' "
            "right after it (DH 2010: explain a hard word in the next sentence)",
        )


def _first_loc(item: EasyReadItem) -> Location:
    return next((node.loc for node in _text_nodes(item.text)), item.loc)


def check_pictures(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """Every row has an OpenMoji picture with alt text (DH 2010: words and a picture side by side)."""
    easy = factsheet.easy_read
    if easy is None:
        return
    try:
        pictures = catalogue()
    except OpenMojiMissing as missing:
        diagnostics.error(easy.loc, "easy read: the OpenMoji pictures are not installed", str(missing))
        return
    # The parser already reports a missing 'picture:' or 'alt:' line at the row; say it once.
    reported = {(d.loc, field) for d in diagnostics for field in ("picture", "alt") if f"'{field}'" in d.message}
    for item in _all_items(easy):
        if not item.picture:
            if (item.loc, "picture") not in reported:
                diagnostics.error(item.loc, "easy read: this row has no picture",
                                  "add 'picture:' with an OpenMoji name, such as 'telephone receiver'")
        elif pictures.find(item.picture) is None:
            close = pictures.suggest(item.picture)
            hint = ("closest OpenMoji names: " + ", ".join(f"'{c}'" for c in close)) if close \
                else "use a name from node_modules/openmoji/data/openmoji.csv (annotation, tag or code)"
            diagnostics.error(item.loc, f"easy read: unknown picture '{item.picture}'", hint)
        if item.picture and not item.alt and (item.loc, "alt") not in reported:
            diagnostics.error(item.loc, "easy read: the picture has no alt text",
                              "add 'alt:' saying what the picture shows, such as 'A telephone'")


def check_passive_voice(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """Passive voice ('you will be given') is a warning: easy read uses active voice (gov.uk, DH 2010)."""
    easy = factsheet.easy_read
    if easy is None:
        return
    for piece in _pieces(easy):
        for match in (*_PASSIVE.finditer(piece.text), *_IRREGULAR_PASSIVE.finditer(piece.text)):
            if match.group(1).lower() in _ADJECTIVES:
                continue
            diagnostics.warning(
                piece.loc, f"easy read: '{match.group(0)}' may be passive voice",
                "say who does it: 'the doctor gives you', not 'you are given'",
            )
            break


def check_coverage(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """Each top-level section has an easy-read page or a left_out note (People First: keep all the information)."""
    easy = factsheet.easy_read
    if easy is None:
        return
    covered = {section_id for page in easy.pages for section_id in page.covers}
    left_out = {item.section for item in easy.left_out}
    for section in factsheet.sections:
        ids = {s.id for s in section.walk()}
        if ids & covered or section.id in left_out:
            continue
        diagnostics.warning(
            easy.loc,
            f"easy read: section '{section.id}' ({section.title_text}, line {section.loc.line} of "
            f"{section.loc.path.rsplit('/', 1)[-1]}) has no easy-read page",
            f"add it to a page's covers, or add '- section: {section.id}' with a reason under left_out",
        )


EASY_READ_CHECKS = (
    check_sentence_length,
    check_abbreviations,
    check_long_words,
    check_hard_words,
    check_pictures,
    check_passive_voice,
    check_coverage,
)


def check_easy_read(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """Every easy-read rule, in one entry for :data:`builders.checks.CHECKS`."""
    for check in EASY_READ_CHECKS:
        check(factsheet, diagnostics)
