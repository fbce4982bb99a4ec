"""Words the narration may say wrongly: capitalised abbreviations and letter-digit tokens the lexicon lacks.

espeak-ng guesses at an abbreviation it does not know ('EIP' as one word,
'ECG' as 'eck-g'), and the listener cannot see what was meant.  The project
lexicon (builders/common/speech/lexicon.yaml) and the factsheet's own
pronunciation.yaml say how such words are spoken; ``factsheet check`` warns
about each one neither covers, at its first use, so staff can add it.
"""

from __future__ import annotations

import re

from builders.checks.texts import iter_texts
from builders.common.speech.lexicon import lexicon_for
from builders.diagnostics import Diagnostics, SourceError
from builders.model import Factsheet, Location

UNUSUAL_TOKEN = re.compile(
    r"(?<![\w@./:&-])("
    r"[A-Za-z&]*[A-Z][A-Z][A-Za-z&]*s?"  # two capitals together: NHS, GPs, A&E, SHOUT, NSSI
    r"|[A-Za-z]+\d+[A-Za-z\d]*"  # letters then digits: stem4, B12
    r")(?![\w@&]|\.\w|-\w)"
)
"""A word the speech engine may not know how to say (web and email addresses are read by their own rule)."""


def check_pronunciations(factsheet: Factsheet, diagnostics: Diagnostics) -> None:
    """A warning at the first use of each abbreviation or unusual token the pronunciation lexicon lacks."""
    try:
        lexicon = lexicon_for(factsheet)
    except SourceError:
        return  # an unreadable lexicon is the audio builder's error, reported there
    seen: set[str] = set()
    for text, loc in iter_texts(factsheet):
        for match in UNUSUAL_TOKEN.finditer(text or ""):
            word = match.group(1)
            if word in seen or lexicon.covers(word) or (word.endswith("s") and lexicon.covers(word[:-1])):
                continue
            seen.add(word)
            before = text[: match.start()]
            on_one_line = loc.path.endswith(".md") and "\n" not in before  # a body text node: point at the word
            where = Location(loc.path, loc.line, loc.column + len(before)) if on_one_line else loc
            diagnostics.warning(
                where, f"the narration may say '{word}' wrongly: the pronunciation lexicon does not cover it",
                f"add it to {factsheet.folder.name}/pronunciation.yaml under 'pronunciations:', written as it "
                f"should be said, such as '{word}: {' '.join(word.upper()) if word.isupper() else word}'",
            )
