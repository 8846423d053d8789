"""The remembering lemmatizer sets exactly the lemmas spaCy's lemmatizer sets, token by token."""

from __future__ import annotations

import logging

import pytest
import spacy

from dateline.attribute_lookup import use_lookup_attribute_ruler
from dateline.extract import load_resources
from dateline.lemma_cache import use_cached_lemmatizer
from dateline.nlp import load_pipeline
from tests.conftest import EXAMPLES

TEXTS = [
    # Base forms the lemmatizer recognises first, inflected forms its suffix rules and exceptions handle,
    # words the attribute rules lemmatise themselves, and the same word in several parts of speech.
    "The soldiers were shelling the villages; the village elders had fled, fleeing the shelled roads.",
    "Ain't nobody gonna stop us. Let's go, y'all: the mice ran, the geese flew, the children were better off.",
    "Rebels attack. The attack was repelled; attacking forces attacked again, and attacks continue.",
    "Militias in Kirkuk's outskirts said they'd been ambushed by 12 gunmen on Tuesday's dusty roads.",
]


def _pipeline(*, cached: bool) -> spacy.Language:
    """A fresh copy of the model (without ner) with the attribute lookup and, if asked, the remembering lemmatizer."""
    nlp = load_pipeline.__wrapped__(("ner",))
    use_lookup_attribute_ruler(nlp)
    if cached:
        use_cached_lemmatizer(nlp)
    return nlp


@pytest.fixture(scope="module")
def pipelines():
    return _pipeline(cached=False), _pipeline(cached=True)


def _lemmas(doc) -> list[tuple[str, str, str]]:
    return [(t.text, t.pos_, t.lemma_) for t in doc]


def test_the_cache_replaces_the_lemmatizer_in_place(pipelines):
    plain, cached = pipelines
    assert "lemmatizer" not in cached.pipe_names
    at = plain.pipe_names.index("lemmatizer")
    assert cached.pipe_names[at] == "dateline_lemmatizer"


@pytest.mark.parametrize("text", TEXTS + [p.read_text(encoding="utf-8") for p in sorted((EXAMPLES / "articles").glob("*.txt"))])
def test_same_lemmas_as_the_lemmatizer(pipelines, text):
    plain, cached = pipelines
    assert _lemmas(cached(text)) == _lemmas(plain(text))


def test_same_lemmas_when_answers_are_remembered(pipelines):
    """The second time a text is seen every answer comes from the cache; a new pipeline's first time, none."""
    plain, _ = pipelines
    cached = _pipeline(cached=True)
    for _ in range(2):
        assert [_lemmas(d) for d in cached.pipe(TEXTS)] == [_lemmas(d) for d in plain.pipe(TEXTS)]


def test_same_lemmas_on_real_news(pipelines, real_news_texts):
    plain, cached = pipelines
    for ours, theirs in zip(cached.pipe(real_news_texts), plain.pipe(real_news_texts), strict=True):
        assert _lemmas(ours) == _lemmas(theirs)


@spacy.Language.component("test_lemmas_from_elsewhere")
def _lemmas_from_elsewhere(doc):
    return doc


def test_a_lemmatizer_whose_answers_may_depend_on_more_is_kept(caplog):
    """A component under that name that is not a rule or lookup lemmatizer may read anything: left alone."""
    nlp = spacy.blank("en")
    nlp.add_pipe("test_lemmas_from_elsewhere", name="lemmatizer")
    with caplog.at_level(logging.INFO, logger="dateline.lemma_cache"):
        use_cached_lemmatizer(nlp)
    assert nlp.pipe_names == ["lemmatizer"]
    assert "keeping spaCy's lemmatizer" in caplog.text


def test_ingest_pipeline_uses_the_cache():
    assert "dateline_lemmatizer" in load_resources().nlp.pipe_names
