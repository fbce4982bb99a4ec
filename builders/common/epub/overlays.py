"""Media overlays: every sentence of a content document marked, spoken, and paired with its clip (SMIL).

Reading apps (Thorium, Apple Books, Voice Dream) play an EPUB's media
overlays and highlight each sentence as it is read.  Here:

1. :func:`mark_sentences` wraps each sentence of a content document in
   ``<span id="s12">`` (and gives each picture with alt text an id): a
   sentence never crosses a block (paragraph, list item, heading, table
   cell), and text that is not spoken (citation numbers, the references'
   back links) stays outside every sentence;
2. each sentence's spoken form is the written one put through the speech
   normaliser and lexicon the MP3 uses (phone numbers in groups,
   abbreviations said in full), while the page keeps the written form;
3. :func:`smil` pairs each sentence with its clip of the part's MP3, times
   from :mod:`builders.common.speech.timed` (every sentence spoken on its own
   and measured).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from lxml import etree

from builders.common.epub.package import ContentDocument, Resource
from builders.common.epub.xhtml import XHTML_NS, quoteattr
from builders.common.speech.lexicon import Lexicon
from builders.common.speech.normalise import sentence, speak
from builders.common.speech.recording import VoiceSettings
from builders.common.speech.timed import Sentence, TimedPart, record_sentences
from builders.model import Location

BLOCKS = frozenset({
    "body", "section", "aside", "nav", "header", "footer", "div", "p", "ul", "ol", "li", "dl", "dt", "dd",
    "figure", "figcaption", "blockquote", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    "h1", "h2", "h3", "h4", "h5", "h6",
})
"""Elements a sentence never crosses: each holds its own sentences."""
NOT_SPOKEN = frozenset({"citations", "back-links"})
"""Classes of inline elements left out of every sentence: the MP3 does not read them (UKAAF MS01: citation
numbers are not read; the back links are the references' way back to the text)."""
SENTENCE_CLASS = "sentence"
_END = re.compile(r"(?<=[.!?])(?<!\b[A-Z]\.)(?<!\b(?:Dr|Mr|Ms|St|No)\.)(?<!\bMrs\.)"
                  r"([\"'\u201d\u2019)]*)(\s+)(?=[A-Z0-9\"'\u201c\u2018(]|$)")
"""Where a sentence ends inside a text: after . ! or ? (and any closing quote or bracket) and a space, before
a capital, a digit or an opening quote or bracket, or before the element that follows; not after an
initial or a title ('A. Writer', 'Dr. Lee'), and 'e.g. the' goes on."""


@dataclass(frozen=True)
class Marked:
    """One sentence found in a document: its element id and the words written there."""

    id: str
    written: str
    starts_paragraph: bool


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _not_spoken(element: etree._Element) -> bool:
    return bool(NOT_SPOKEN & set((element.get("class") or "").split()))


def _picture(element: etree._Element) -> bool:
    return _local(element) == "img" and bool((element.get("alt") or "").strip())


def words_of(element: etree._Element) -> str:
    """The text of an element as written, without the parts that are not spoken."""
    parts = [element.text or ""]
    for child in element:
        if _local(child) == "br":
            parts.append(" ")
        elif not _not_spoken(child):
            parts.append(words_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


class _Marker:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.found: list[Marked] = []

    def new_id(self) -> str:
        return f"{self.prefix}{len(self.found) + 1}"

    def block(self, element: etree._Element) -> None:
        pieces: list[str | etree._Element] = [element.text or ""]
        for child in element:
            pieces += [child, child.tail or ""]
            child.tail = None
        element.text = None
        for child in list(element):
            element.remove(child)
        first = [True]
        run: list[str | etree._Element] = []
        for piece in pieces:
            if isinstance(piece, str) or _local(piece) not in BLOCKS:
                run.append(piece)
                continue
            self.run(element, run, first)
            run = []
            element.append(piece)
            self.block(piece)
            first[0] = True
        self.run(element, run, first)

    def run(self, parent: etree._Element, run: list[str | etree._Element], first: list[bool]) -> None:
        """Split a run of text and inline elements into sentences and write it back into ``parent``."""
        sentence: list[str | etree._Element] = []
        for piece in run:
            if isinstance(piece, str):
                position = 0
                for match in _END.finditer(piece):
                    sentence.append(piece[position:match.end(1)])
                    self.emit(parent, sentence, first)
                    sentence = []
                    _append_text(parent, match.group(2))
                    position = match.end(2)
                sentence.append(piece[position:])
            elif _local(piece) == "br":  # a line break ends a sentence (a note under a title)
                self.emit(parent, sentence, first)
                sentence = []
                parent.append(piece)
            elif _not_spoken(piece) or _picture(piece):
                self.emit(parent, sentence, first)
                sentence = []
                parent.append(piece)
                if _picture(piece):
                    piece.set("id", piece.get("id") or self.new_id())
                    self.found.append(Marked(piece.get("id"), f"Picture: {piece.get('alt')}", first[0]))
                    first[0] = False
            else:
                sentence.append(piece)
        self.emit(parent, sentence, first)

    def emit(self, parent: etree._Element, sentence: list[str | etree._Element], first: list[bool]) -> None:
        """Write one sentence into ``parent``: in a span with an id when it has words, else as it is."""
        written = "".join(p if isinstance(p, str) else words_of(p) for p in sentence)
        if not any(ch.isalnum() for ch in written):
            for piece in sentence:
                _append_text(parent, piece) if isinstance(piece, str) else parent.append(piece)
            return
        pieces = list(sentence)
        lead = pieces[0][:len(pieces[0]) - len(pieces[0].lstrip())] if isinstance(pieces[0], str) else ""
        trail = pieces[-1][len(pieces[-1].rstrip()):] if isinstance(pieces[-1], str) else ""
        if lead:
            pieces[0] = pieces[0][len(lead):]  # type: ignore[index]
        if trail:
            pieces[-1] = pieces[-1][:len(pieces[-1]) - len(trail)]  # type: ignore[index]
        _append_text(parent, lead)
        span = etree.SubElement(parent, f"{{{XHTML_NS}}}span", {"id": self.new_id(), "class": SENTENCE_CLASS})
        for piece in pieces:
            _append_text(span, piece) if isinstance(piece, str) else span.append(piece)
        _append_text(parent, trail)
        self.found.append(Marked(span.get("id"), " ".join(written.split()), first[0]))
        first[0] = False


def _append_text(parent: etree._Element, text: str) -> None:
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def mark_sentences(root: etree._Element, prefix: str = "s") -> tuple[Marked, ...]:
    """Wrap every sentence of a content document's body in a span with an id; return them in reading order."""
    marker = _Marker(prefix)
    body = root.find(f"{{{XHTML_NS}}}body")
    if body is not None:
        marker.block(body)
    return tuple(marker.found)


def spoken_sentences(found: tuple[Marked, ...], lexicon: Lexicon) -> tuple[Sentence, ...]:
    """What the voice says for each sentence: the written words through the MP3's normaliser and lexicon.

    Each ends as a sentence for the voice (a full stop after a heading or a title, as the MP3's script
    says them), so the voice falls and pauses at the end of every clip.
    """
    return tuple(Sentence(m.id, sentence(speak(m.written, lexicon)), m.starts_paragraph) for m in found)


def _clock(seconds: float) -> str:
    return f"{seconds:.3f}s"


def smil(document_name: str, audio_name: str, part: TimedPart) -> bytes:
    """The media overlay of one content document: a ``par`` per sentence, its text and its clip, in reading order."""
    pars = "\n".join(
        f'<par id="par-{s.key}"><text src={quoteattr(f"{document_name}#{s.key}")}/>'
        f'<audio src={quoteattr(audio_name)} clipBegin="{_clock(s.start)}" clipEnd="{_clock(s.end)}"/></par>'
        for s in part.sentences
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:epub="http://www.idpf.org/2007/ops" version="3.0">\n'
        f'<body>\n<seq id="seq-1" epub:textref={quoteattr(document_name)}>\n{pars}\n</seq>\n</body>\n</smil>\n'
    ).encode("utf-8")


def narrate(documents: list[ContentDocument], settings: VoiceSettings, lexicon: Lexicon, loc: Location
            ) -> tuple[list[ContentDocument], tuple[Resource, ...]]:
    """Every sentence of every document marked and spoken: the documents with their overlays, and the audio.

    One MP3 per content document (``audio/opening.mp3``) in the voice, pace and
    lexicon of the audio formats; each document's SMIL beside it.
    """
    sentences = [spoken_sentences(mark_sentences(d.root), lexicon) for d in documents]
    parts = record_sentences(sentences, settings, loc)
    done, audio = [], []
    for document, part in zip(documents, parts, strict=True):
        audio_name = f"audio/{document.item_id}.mp3"
        overlay = Resource(f"{document.item_id}.smil", "application/smil+xml", smil(document.name, audio_name, part))
        done.append(replace(document, overlay=overlay, duration=part.duration))
        audio.append(Resource(audio_name, "audio/mpeg", part.mp3))
    return done, tuple(audio)
