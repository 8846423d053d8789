"""The geoparser in the shape ``dateline eval geo`` scores (:class:`GeoPredictor`).

End to end, every toponym :func:`extract_places` finds is returned (demonyms and
metonyms too: the gold files annotate them as place names). With gold spans,
each span is resolved with :func:`resolve_spans`, the article's own toponyms
serving as context. A resolved mention is reported at its place's own point,
not at a relative offset ("40 km NW of Kirkuk" scores Kirkuk), because the gold
coordinates are those of the named place. A facility the gazetteer lacks is
reported at the town it was placed in.
"""

from __future__ import annotations

from datetime import date

from dateline.evaluate.protocols import GeoPrediction
from dateline.extract.places import add_gazetteer_ruler, extract_places, resolve_spans
from dateline.knowledge.gazetteer import Gazetteer, load_gazetteer
from dateline.model import Article, PlaceMention, article_id
from dateline.nlp import load_pipeline


class GeoPredictor:
    """Runs the spaCy pipeline with the gazetteer matcher, then the places extractor."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or load_gazetteer()
        self.nlp = load_pipeline()
        add_gazetteer_ruler(self.nlp, self.gazetteer)

    def predict(
        self, text: str, *, published: date | None, spans: list[tuple[int, int]] | None
    ) -> list[GeoPrediction]:
        """Toponyms of ``text`` (or the given ``spans``) with their points and countries."""
        article = Article(id=article_id(text), text=text, published=published)
        doc = self.nlp(text)
        if spans is not None:
            mentions = resolve_spans(doc, article, spans, gazetteer=self.gazetteer)
        else:
            mentions = extract_places(doc, article, gazetteer=self.gazetteer)
        return [_prediction(m) for m in mentions]


def _prediction(m: PlaceMention) -> GeoPrediction:
    place = m.place or m.anchor
    return GeoPrediction(
        start=m.mention.start,
        end=m.mention.end,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        country=place.country if place else None,
    )


def build_predictor() -> GeoPredictor:
    """The production geo predictor (loads the spaCy pipeline and the gazetteer)."""
    return GeoPredictor()


get_predictor = build_predictor
"""Alias: the name the places extractor's contract uses."""
