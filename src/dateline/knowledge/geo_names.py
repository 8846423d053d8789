"""Folding place names into lookup keys.

News text spells one place many ways: "Kirkūk", "KIRKUK", "Kirkuk's", "Al-Mawsil",
"St. Louis". The gazetteer index and every lookup use the same :func:`fold_name`
so those meet on one key. Names in non-Latin scripts are dropped from the index
(:func:`is_latin_key`): English news does not use them, and they would triple
the index.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_EXTRA_LATIN = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ł": "l",
        "ß": "ss",
        "đ": "d",
        "ð": "d",
        "ı": "i",
        "þ": "th",
        "ħ": "h",
        "ŧ": "t",
        "ŋ": "n",
    }
)
_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc\u02bb\u02be\u02bf`´']")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_/.,;:()\[\]\"]+")
_ASCII_KEY = re.compile(r"^[a-z0-9 &]+$")


@lru_cache(maxsize=16384)
def fold_name(name: str) -> str:
    """Fold a place name to its lookup key: no accents, lower case, one space between words.

    >>> fold_name("Kirkūk")
    'kirkuk'
    >>> fold_name("Al-Mawṣil")
    'al mawsil'
    >>> fold_name("St. Louis")
    'st louis'

    Cached (bounded): resolving one article folds the same few admin-area and
    place names once per candidate pair.
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().translate(_EXTRA_LATIN)
    text = _APOSTROPHES.sub("", text)
    return _SEPARATORS.sub(" ", text).strip()


def is_latin_key(key: str) -> bool:
    """True when a folded key is plain Latin letters, digits, spaces or '&'."""
    return bool(key) and bool(_ASCII_KEY.match(key))


_ARTICLES = ("al ", "el ", "ad ", "ar ", "as ", "ash ", "at ", "az ", "an ", "the ")


def key_variants(key: str) -> list[str]:
    """Keys worth trying when ``key`` itself is not in the index, best first.

    Transliterated Arabic names drop or keep the article ("Al Qaim" / "Qaim"), and
    English adds "the" ("the Gaza Strip"); a possessive "'s" has already been
    removed by :func:`fold_name` (as "s") so the bare form is tried too.
    """
    out: list[str] = []
    for article in _ARTICLES:
        if key.startswith(article) and len(key) > len(article) + 2:
            out.append(key[len(article):])
    if key.endswith("s") and len(key) > 4:
        out.append(key[:-1])
    return out
