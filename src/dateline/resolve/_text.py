"""Word and sentence segmentation with character offsets, shared by the reuse and kind modules.

Resolution must not depend on spaCy (it runs over stored articles, often
millions of them), so it segments text with a few regular expressions. The
segmentation only has to be *consistent* between two copies of a passage, not
linguistically perfect: "Brig. Gen." splitting a sentence in two does so in
both copies.
"""

from __future__ import annotations

import re

WORD = re.compile(r"\w+(?:['\u2019]\w+)*")
"""A word, apostrophes inside it included ("don't", "O\u2019Brien")."""
_RIGHT_QUOTE = str.maketrans({"\u2019": "'"})
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])|\n\s*")

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves said says say told""".split()
)


def fold(text: str) -> str:
    """The text with curly apostrophes made straight, so "don\u2019t" and "don't" are one word; offsets unchanged."""
    return text.translate(_RIGHT_QUOTE)


def words(text: str) -> list[str]:
    """The lower-cased words of ``text``, apostrophes folded."""
    return [w.lower() for w in WORD.findall(fold(text))]


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences (and paragraph lines) of ``text``, whitespace trimmed."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        _append_trimmed(bounds, text, start, m.start())
        start = m.end()
    _append_trimmed(bounds, text, start, len(text))
    return bounds


def _append_trimmed(bounds: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        bounds.append((start + lead, start + lead + len(stripped)))


def is_content_word(norm: str) -> bool:
    """True for words that carry meaning: not a stopword, not a single character."""
    return len(norm) > 1 and norm not in STOPWORDS
