"""A fast "is this English?" check for the ingest gate.

The extractors are English-only (the spaCy pipeline, the lexicons), so a French
or Arabic article would produce confident nonsense. Function words identify a
language from a few hundred words with no model at all: English news prose is
about a third "the", "of", "and", "said" ..., while other languages have their
own such words and almost none of these. This costs microseconds, where a
statistical language identifier would add a dependency and a model load.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

SAMPLE_CHARS = 3000
MIN_WORDS = 12
"""Below this many words a text is too short to judge, and is accepted as English."""
MIN_ENGLISH_SHARE = 0.08
"""English news prose is a third function words, a headline-style wire summary about a tenth (9-11 % for the
shortest English texts of the evaluation sets); other Latin-script languages share a few (Polish and Somali
sentences 5 %, Hausa 7 %), and the languages listed below are told apart by their own."""
MAX_OTHER_SCRIPT_SHARE = 0.5


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "English": _words(
        "the of and to in a is was that for on with as by at from it his he said were are have has had"
        " be been an this which not but they their after who its or will would"
    ),
    "French": _words("le la les des du de et un une est dans pour que qui sur au aux pas ont été par"),
    "Spanish": _words("el la los las de del y en que un una es por con para se su al fue como"),
    "German": _words("der die das und den dem des ein eine ist nicht mit von zu sich auf für im wurde"),
    "Portuguese": _words("o os as de do da dos das e em um uma que para com não por foi ao"),
    "Italian": _words("il lo gli le di del della e che un una per con non sono nel è ha"),
    "Dutch": _words("de het een en van in is dat op te met voor zijn niet die werd"),
    "Indonesian": _words("yang dan di ke dari ini itu dengan untuk pada adalah dalam tidak akan"),
}
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {
    word: tuple(language for language, vocabulary in _FUNCTION_WORDS.items() if word in vocabulary)
    for word in frozenset().union(*_FUNCTION_WORDS.values())
}
_WORD = re.compile(r"[^\W\d_]+")
_OTHER_SCRIPT_LETTER = re.compile(r"(?![\u0000-\u024f])[^\W\d_]")
"""A letter outside Latin (Basic, Supplement, Extended-A/B): Arabic, Cyrillic, Devanagari, CJK ..."""


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """The verdict and the evidence for it, so a skip reason can show its working."""

    is_english: bool
    reason: str


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def guess_language(text: str) -> LanguageGuess:
    """Decide whether ``text`` is English from its first :data:`SAMPLE_CHARS` characters.

    Returns a verdict with a human-readable reason ("18% English function
    words, 31% French"). Very short texts are accepted: there is nothing to
    judge them on, and dropping them silently would be worse.

    >>> guess_language("Les forces irakiennes ont bombardé les positions kurdes au nord de la ville "
    ...                "pendant la nuit, selon des témoins.").reason
    '0% English function words, 42% French'
    """
    sample = text[:SAMPLE_CHARS]
    words = _WORD.findall(sample.lower())
    letters = sum(map(len, words))
    other = _OTHER_SCRIPT_LETTER.findall(sample)
    if letters and len(other) / letters > MAX_OTHER_SCRIPT_SHARE:
        script = Counter(map(_script, other)).most_common(1)[0][0].title()
        return LanguageGuess(False, f"mostly {script} script ({len(other) / letters:.0%} of letters)")
    if len(words) < MIN_WORDS:
        return LanguageGuess(True, f"too short to judge ({len(words)} words)")
    word_counts = Counter(words)
    counts = dict.fromkeys(_FUNCTION_WORDS, 0)
    for word in word_counts.keys() & _LANGUAGES_OF.keys():
        for language in _LANGUAGES_OF[word]:
            counts[language] += word_counts[word]
    english = counts.pop("English") / len(words)
    rival, rival_count = max(counts.items(), key=lambda pair: pair[1])
    rival_share = rival_count / len(words)
    if english >= MIN_ENGLISH_SHARE and english >= rival_share:
        return LanguageGuess(True, f"{english:.0%} English function words")
    return LanguageGuess(False, f"{english:.0%} English function words, {rival_share:.0%} {rival}")
