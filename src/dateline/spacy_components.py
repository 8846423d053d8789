"""dateline's extractors as spaCy components, for use inside anyone's spaCy pipeline.

Registered through the ``spacy_factories`` entry point, so with dateline
installed no import is needed::

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("dateline_gazetteer_ruler", before="ner")   # optional: gazetteer names as entities
    nlp.add_pipe("dateline_events")                         # also fills places, actors and times

    doc = nlp.make_doc(text)
    doc._.published = date(2017, 10, 20)                    # optional: anchor for "on Monday"
    doc = nlp(doc)
    doc._.events, doc._.places, doc._.actors, doc._.times   # dateline.model records

=============================  ===============================================================
component                      sets
=============================  ===============================================================
``dateline_gazetteer_ruler``   ``doc.ents``: gazetteer place names the model misses (put it before ``ner``)
``dateline_places``            ``doc._.places``: list of :class:`~dateline.model.PlaceMention`
``dateline_actors``            ``doc._.actors``: list of :class:`~dateline.model.ActorMention`
``dateline_times``             ``doc._.times``: list of :class:`~dateline.model.TimeMention`
``dateline_events``            ``doc._.events``: list of :class:`~dateline.model.Event`, and the three above if unset
=============================  ===============================================================

Every component also sets ``doc._.dateline_article``: the
:class:`~dateline.model.Article` made from ``doc.text`` as ingest would
(publication date from ``doc._.published`` when set, else from a date header,
dateline or lead). Offsets in every record are character offsets into
``doc.text``: ``doc.char_span(m.mention.start, m.mention.end)`` is the span.
The components need a tagger, parser and entity recogniser before them (any
English spaCy pipeline has them). A text dateline does not read (empty, not
English) gets empty lists and ``dateline_article`` None, with the reason logged.

This module deliberately avoids ``from __future__ import annotations``: spaCy
reads the factories' signatures to validate their config.
"""

import logging
from pathlib import Path
from typing import Any, Optional

from spacy.language import Language
from spacy.tokens import Doc

from dateline.errors import InputError
from dateline.extract.places import MATCH_MIN_POPULATION, MATCH_SINGLE_WORD_MIN_POPULATION, GazetteerMatcher
from dateline.model import ActorMention, Article, Event, PlaceMention, TimeMention

log = logging.getLogger(__name__)

EXTENSIONS = ("published", "dateline_article", "places", "actors", "times", "events")
"""The ``Doc._`` attributes the components read (``published``) and write (the rest)."""

_PARSED = ["token.dep", "doc.ents"]


def register_extensions() -> None:
    """Add the ``Doc._`` attributes (default None) unless they exist; every factory calls it."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def _path(value: Optional[str]) -> Optional[Path]:
    return Path(value) if value else None


def doc_article(doc: Doc) -> Optional[Article]:
    """The Article for ``doc.text`` (made once and kept in ``doc._.dateline_article``); None if not an article."""
    if doc._.dateline_article is None:
        from dateline.texts import to_article

        try:
            doc._.dateline_article = to_article(doc.text, published=doc._.published, origin="<spaCy Doc>")
        except InputError as exc:
            log.info("dateline components skip this Doc: %s", exc)
            return None
    return doc._.dateline_article


def _places(doc: Doc, gazetteer: Any) -> list[PlaceMention]:
    if doc._.places is None:
        from dateline.extract.places import extract_places

        article = doc_article(doc)
        doc._.places = extract_places(doc, article, gazetteer=gazetteer) if article else []
    return doc._.places


def _actors(doc: Doc, kb: Any) -> list[ActorMention]:
    if doc._.actors is None:
        from dateline.extract.actors import extract_actors

        article = doc_article(doc)
        doc._.actors = extract_actors(doc, article, kb=kb) if article else []
    return doc._.actors


def _times(doc: Doc) -> list[TimeMention]:
    if doc._.times is None:
        from dateline.extract.times import extract_times

        article = doc_article(doc)
        doc._.times = extract_times(doc, article) if article else []
    return doc._.times


class PlacesComponent:
    """Sets ``doc._.places``: every toponym, its role and where it was put on the map."""

    def __init__(self, places_file: Optional[str] = None) -> None:
        from dateline.knowledge.gazetteer import load_gazetteer

        self.gazetteer = load_gazetteer(_path(places_file))

    def __call__(self, doc: Doc) -> Doc:
        _places(doc, self.gazetteer)
        return doc


class ActorsComponent:
    """Sets ``doc._.actors``: every actor phrase, coded against the actor knowledge base where possible."""

    def __init__(self, actors_file: Optional[str] = None) -> None:
        from dateline.knowledge.actors import load_actor_kb

        self.kb = load_actor_kb(_path(actors_file))

    def __call__(self, doc: Doc) -> Doc:
        _actors(doc, self.kb)
        return doc


class TimesComponent:
    """Sets ``doc._.times``: every time expression, resolved against ``doc._.published`` when known."""

    def __call__(self, doc: Doc) -> Doc:
        _times(doc)
        return doc


class EventsComponent:
    """Sets ``doc._.events`` (and places, actors and times when no earlier component did)."""

    def __init__(self, places_file: Optional[str] = None, actors_file: Optional[str] = None) -> None:
        from dateline.knowledge.actors import load_actor_kb
        from dateline.knowledge.gazetteer import load_gazetteer
        from dateline.knowledge.ontology import load_ontology

        self.gazetteer = load_gazetteer(_path(places_file))
        self.kb = load_actor_kb(_path(actors_file))
        self.ontology = load_ontology()

    def __call__(self, doc: Doc) -> Doc:
        if doc._.events is None:
            doc._.events = self._events(doc)
        return doc

    def _events(self, doc: Doc) -> list[Event]:
        from dateline.extract.events import extract_events

        places, actors, times = _places(doc, self.gazetteer), _actors(doc, self.kb), _times(doc)
        article = doc_article(doc)
        if article is None:
            return []
        return extract_events(doc, article, places=places, actors=actors, times=times, ontology=self.ontology)


@Language.factory(
    "dateline_gazetteer_ruler",
    default_config={"places_file": None, "min_population": MATCH_MIN_POPULATION,
                    "single_word_min_population": MATCH_SINGLE_WORD_MIN_POPULATION},
    assigns=["doc.ents"],
)
def make_gazetteer_ruler(nlp: Language, name: str, places_file: Optional[str], min_population: int,
                         single_word_min_population: int) -> GazetteerMatcher:
    """Marks gazetteer place names as GPE/LOC entities; add it ``before="ner"`` so ``ner`` keeps them.

    It reads part-of-speech tags (``token.pos``, set by ``attribute_ruler`` in
    spaCy's English pipelines), so it must come after them.

    Towns under ``min_population`` (one-word names under
    ``single_word_min_population``) are left to ``ner``: their names collide
    with common words and surnames.
    """
    from dateline.extract.places import matcher_labels
    from dateline.knowledge.gazetteer import load_gazetteer

    register_extensions()
    matcher = GazetteerMatcher()
    matcher.labels = matcher_labels(load_gazetteer(_path(places_file)), min_population=min_population,
                                    single_word_min_population=single_word_min_population)
    return matcher


@Language.factory("dateline_places", default_config={"places_file": None}, requires=_PARSED,
                  assigns=["doc._.places", "doc._.dateline_article"])
def make_places(nlp: Language, name: str, places_file: Optional[str]) -> PlacesComponent:
    """``doc._.places``; ``places_file`` adds places (CSV) to the gazetteer."""
    register_extensions()
    return PlacesComponent(places_file)


@Language.factory("dateline_actors", default_config={"actors_file": None}, requires=_PARSED,
                  assigns=["doc._.actors", "doc._.dateline_article"])
def make_actors(nlp: Language, name: str, actors_file: Optional[str]) -> ActorsComponent:
    """``doc._.actors``; ``actors_file`` adds actors (YAML or CSV) to the knowledge base."""
    register_extensions()
    return ActorsComponent(actors_file)


@Language.factory("dateline_times", requires=_PARSED, assigns=["doc._.times", "doc._.dateline_article"])
def make_times(nlp: Language, name: str) -> TimesComponent:
    """``doc._.times``, resolved against ``doc._.published`` or the date found in the text."""
    register_extensions()
    return TimesComponent()


@Language.factory("dateline_events", default_config={"places_file": None, "actors_file": None}, requires=_PARSED,
                  assigns=["doc._.events", "doc._.places", "doc._.actors", "doc._.times", "doc._.dateline_article"])
def make_events(nlp: Language, name: str, places_file: Optional[str], actors_file: Optional[str]
                ) -> EventsComponent:
    """``doc._.events``, and places, actors and times when no earlier component set them."""
    register_extensions()
    return EventsComponent(places_file, actors_file)
