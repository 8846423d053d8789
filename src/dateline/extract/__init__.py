"""Extraction: from a spaCy Doc and its Article to places, actors, times and events.

Each extractor is its own module with one public function over (Doc, Article);
this package only composes them in the order the events extractor needs.

The package is also callable: ``dateline.extract(text)`` returns the events of
one article (see :func:`dateline.texts.events_from_text`). A plain function
named ``extract`` in ``dateline/__init__.py`` would be replaced by this
package as soon as anything imported it, so the package module itself gets a
``__call__`` instead.
"""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from dateline.model import Article, Event, Extraction

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from dateline.extract.event_triggers import EventClassifier
    from dateline.knowledge.actors import ActorKB
    from dateline.knowledge.gazetteer import Gazetteer
    from dateline.knowledge.ontology import Ontology
    from dateline.texts import ArticleLike, DateLike


@dataclass
class Resources:
    """Everything extraction needs, loaded once per process (or per Dask worker)."""

    nlp: Language
    gazetteer: Gazetteer
    kb: ActorKB
    ontology: Ontology
    classifier: EventClassifier


def load_resources(
    *, actors_file: Path | None = None, places_file: Path | None = None, event_classifier: str = "rules"
) -> Resources:
    """Load the spaCy pipeline, gazetteer, actor knowledge base, ontology and event classifier.

    An unknown ``event_classifier`` name fails here, before any article is read.

    The gazetteer's entity ruler goes in before ``ner`` so names the statistical
    model mislabels (all-caps datelines, unfamiliar town names) come out as places,
    and the model's attribute ruler is applied by lookup and its lemmatizer's
    answers are remembered (same annotations, less time).
    """
    from dateline.attribute_lookup import use_lookup_attribute_ruler
    from dateline.extract.event_triggers import get_classifier
    from dateline.extract.places import add_gazetteer_ruler
    from dateline.knowledge.actors import load_actor_kb
    from dateline.knowledge.gazetteer import load_gazetteer
    from dateline.knowledge.ontology import load_ontology
    from dateline.lemma_cache import use_cached_lemmatizer
    from dateline.nlp import load_pipeline

    gazetteer = load_gazetteer(places_file)
    # A fresh (uncached) copy: adding the ruler must not mutate a pipeline others share.
    nlp = load_pipeline.__wrapped__()
    add_gazetteer_ruler(nlp, gazetteer)
    use_lookup_attribute_ruler(nlp)
    use_cached_lemmatizer(nlp)
    return Resources(nlp=nlp, gazetteer=gazetteer, kb=load_actor_kb(actors_file), ontology=load_ontology(),
                     classifier=get_classifier(event_classifier))


def extract_article(
    doc: Doc, article: Article, resources: Resources, *, anchor: date | None = None, anchor_label: str = "published"
) -> Extraction:
    """Run every extractor over one parsed article.

    Times are resolved against ``article.published``, or against ``anchor``
    when one is given (an undated article dated from a linked dated report:
    ``anchor_label="inferred:<article id>"``); with neither, relative
    expressions stay unresolved (the times extractor says why).
    """
    from dateline.extract.actors import extract_actors
    from dateline.extract.events import extract_events
    from dateline.extract.places import extract_places
    from dateline.extract.times import extract_times

    places = extract_places(doc, article, gazetteer=resources.gazetteer)
    actors = extract_actors(doc, article, kb=resources.kb)
    times = extract_times(doc, article, anchor=anchor, anchor_label=anchor_label)
    events = extract_events(
        doc, article, places=places, actors=actors, times=times, ontology=resources.ontology,
        classifier=resources.classifier,
    )
    return Extraction(article_id=article.id, places=places, actors=actors, times=times, events=events)


class _CallableModule(types.ModuleType):
    """This package's module type: lets ``dateline.extract(text)`` extract one article."""

    def __call__(
        self, text: ArticleLike, published: DateLike | None = None, *, source: str | None = None
    ) -> list[Event]:
        """The events of one article, as ``dateline ingest`` would extract them (without the store).

        Args:
            text: the article text (or a dict with a ``text`` field, or an Article).
            published: publication date, the anchor for "on Monday"; without it
                the date is read from the text's header, dateline or lead, or
                relative times stay unresolved.
            source: the outlet's name.

        Raises:
            InputError: empty or non-English text. ResourceMissing: no spaCy model.

        Example:
            >>> import dateline
            >>> events = dateline.extract("KIRKUK, Iraq - Iraqi forces shelled peshmerga positions "
            ...                           "on Monday, officials said.", published="2017-10-20")
        """
        from dateline.texts import events_from_text

        return events_from_text(text, published, source=source)


sys.modules[__name__].__class__ = _CallableModule
