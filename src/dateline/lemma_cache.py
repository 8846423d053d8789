"""The model's lemmatizer, with every answer remembered per word form, part of speech and morphology.

spaCy's rule lemmatizer remembers only the lemmas it works out through its
suffix rules; the base forms it recognises first (a singular noun, an
infinitive, a positive adjective: two tokens in three of news text) and the
words of parts of speech without rules (proper nouns, punctuation) are
worked out again at every occurrence, reading the token's morphology as a
dictionary each time. What it decides depends only on the token's form,
part of speech and morphology (and its fixed tables), so
:class:`CachedLemmatizer` asks it once per distinct combination and sets the
remembered lemma on every later token, the whole document in one array.
Tokens that already have a lemma (the attribute rules give a few) keep it,
as the lemmatizer itself does. The tests compare the two token by token.

Asking it once is dear too: its index of known words is a list per part of
speech (57,528 nouns), searched word by word for each form a suffix rule
proposes, about 0.1 ms a new word. The lemmatizer that the cache takes over
gets that index as sets, which answer the same membership questions at once.

No ``from __future__ import annotations`` here: spaCy reads the factory's
signature to validate its config.
"""

import logging
from typing import Any, cast

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

log = logging.getLogger(__name__)

_PURE_MODES = ("rule", "lookup")
"""Modes whose lemma is a function of the token's form, part of speech and morphology alone."""


class CachedLemmatizer:
    """Sets the lemmas ``lemmatizer`` would set, asking it once per (form, part of speech, morphology).

    Args:
        lemmatizer: the pipeline's (initialised) lemmatizer, in a mode of :data:`_PURE_MODES`.
    """

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self._lemmatizer = lemmatizer
        index = lemmatizer.lookups.get_table("lemma_index", {})
        for pos, words in list(index.items()):
            if isinstance(words, list):  # only ever asked whether a form is in it
                index[pos] = frozenset(words)
        self._strings = lemmatizer.vocab.strings
        self._overwrite = lemmatizer.overwrite
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        keys = rows[:, :3].tolist()
        lemmas = rows[:, 3].tolist()
        for i, key in enumerate(keys):
            if lemmas[i] and not self._overwrite:
                continue
            known = tuple(key)
            lemma = self._lemmas.get(known)
            if lemma is None:
                lemma = self._lemmas[known] = self._strings.add(self._lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = lemma
        doc.from_array([LEMMA], cast(Any, np.array(lemmas, dtype=np.uint64).reshape(-1, 1)))
        return doc


def use_cached_lemmatizer(nlp: Language) -> None:
    """Swap the pipeline's ``lemmatizer`` for a :class:`CachedLemmatizer` around it.

    Leaves the pipeline as it is when it has no lemmatizer or the
    lemmatizer's mode may read more than the token (logged).
    """
    if "lemmatizer" not in nlp.pipe_names:
        return
    mode = getattr(nlp.get_pipe("lemmatizer"), "mode", None)
    if mode not in _PURE_MODES:
        log.info("keeping spaCy's lemmatizer: its mode %r is not one whose answers can be remembered", mode)
        return
    nlp.add_pipe("dateline_lemmatizer", before="lemmatizer")
    nlp.remove_pipe("lemmatizer")


@Language.factory("dateline_lemmatizer", requires=["token.pos"], assigns=["token.lemma"])
def make_cached_lemmatizer(nlp: Language, name: str) -> CachedLemmatizer:
    """The cache around the pipeline's ``lemmatizer`` (which must be there)."""
    return CachedLemmatizer(cast(Lemmatizer, nlp.get_pipe("lemmatizer")))
