"""The places extractor on the real spaCy pipeline: recognition, roles, resolution, relative places, event places."""

from __future__ import annotations

import pytest

from dateline.extract.places import add_gazetteer_ruler, extract_places, locate_event, resolve_spans
from dateline.knowledge.gazetteer import load_gazetteer
from dateline.knowledge.geo_math import haversine_km
from dateline.model import Article, Dateline, article_id
from dateline.nlp import load_pipeline
from tests.conftest import seed_text


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="module")
def nlp(gaz):
    nlp = load_pipeline()
    add_gazetteer_ruler(nlp, gaz)
    return nlp


def _article(text: str, dateline: str | None = None) -> Article:
    dl = None
    if dateline:
        start = text.index(dateline)
        dl = Dateline(place_text=dateline, start=start, end=start + len(dateline))
    return Article(id=article_id(text), text=text, dateline=dl)


def _places(nlp, gaz, text: str, dateline: str | None = None):
    article = _article(text, dateline)
    doc = nlp(text)
    return doc, article, extract_places(doc, article, gazetteer=gaz)


def _find(mentions, text: str, nth: int = 0):
    return [m for m in mentions if m.mention.text == text][nth]


# ---------------------------------------------------------------------------
# The AP report on Altun Kupri (../shared/seeds/002_*)
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ap(nlp, gaz, seeds_dir):
    text = seed_text(seeds_dir, "002")
    return _places(nlp, gaz, text, "ALTUN KUPRI, Iraq")


def test_ap_dateline_is_the_default_place(ap):
    _, _, mentions = ap
    first = mentions[0]
    assert first.role == "dateline" and first.mention.text == "ALTUN KUPRI"
    assert first.place.country == "IQ" and haversine_km(first.lat, first.lon, 35.75, 44.14) < 5


def test_ap_altun_kupri_is_the_iraqi_town_between_kirkuk_and_erbil(ap):
    _, _, mentions = ap
    towns = [m for m in mentions if m.mention.text == "Altun Kupri"]
    assert len(towns) == 4
    for m in towns:
        assert m.place is not None and m.place.country == "IQ"
        assert haversine_km(m.place.lat, m.place.lon, 35.75, 44.14) < 5
        assert m.candidates and m.candidates[0].place == m.place


def test_ap_kirkuk_is_the_iraqi_city(ap):
    _, _, mentions = ap
    kirkuk = _find(mentions, "Kirkuk")
    assert kirkuk.place.feature_code == "PPL" and kirkuk.precision == "exact"
    assert haversine_km(kirkuk.lat, kirkuk.lon, 35.47, 44.39) < 10


def test_ap_forty_km_northwest_of_kirkuk_is_a_near_point(ap):
    _, _, mentions = ap
    last = [m for m in mentions if m.mention.text == "Kirkuk"][-1]
    assert last.precision == "near" and last.rule == "relative_distance"
    assert last.anchor is not None and last.anchor.name == "Kirkuk"
    assert haversine_km(last.anchor.lat, last.anchor.lon, last.lat, last.lon) == pytest.approx(40, abs=1)
    assert last.lat > last.anchor.lat and last.lon < last.anchor.lon
    assert haversine_km(last.lat, last.lon, 35.75, 44.14) < 15  # where Altun Kupri is


def test_ap_demonyms_and_metonymy(ap):
    _, _, mentions = ap
    assert _find(mentions, "Iraqi").role == "demonym"
    assert _find(mentions, "Iraqi").place.country == "IQ"
    assert _find(mentions, "Kurdish").role == "demonym"
    assert _find(mentions, "Baghdad").role == "metonymy"


def test_ap_event_places_skip_demonyms(ap):
    doc, article, mentions = ap
    shelled = next(t for t in doc if t.text == "shelled")
    where = locate_event(doc, doc[shelled.i : shelled.i + 1], mentions, article)
    assert where.rule == "syntactic" and where.place.mention.text == "Altun Kupri"
    assert where.precision == "near" and where.country == "IQ"
    exchanged = next(t for t in doc if t.text == "exchanged")
    where = locate_event(doc, doc[exchanged.i : exchanged.i + 1], mentions, article)
    assert where.place.role == "dateline" and where.rule.endswith("dateline")


# ---------------------------------------------------------------------------
# One team-written sentence per rule
# ---------------------------------------------------------------------------


def test_matcher_marks_unknown_town_names_as_places(nlp):
    doc = nlp("Gunmen attacked a police post in Altun Kupri on Tuesday.")
    assert ("Altun Kupri", "GPE") in [(e.text, e.label_) for e in doc.ents]
    doc = nlp("Michael Jordan visited the stadium.")
    assert "Jordan" not in [e.text for e in doc.ents if e.label_ == "GPE"]


def test_qualifier_picks_the_namesake(nlp, gaz):
    _, _, mentions = _places(nlp, gaz, "Hundreds marched through Paris, Texas, on Sunday after the shooting.")
    paris = _find(mentions, "Paris")
    assert paris.place.country == "US" and paris.place.admin1 == "Texas"


def test_context_picks_the_namesake(nlp, gaz):
    text = (
        "Police in Columbus said the suspect fled north on the highway toward Dublin. "
        "Ohio troopers arrested him near the Delaware County line."
    )
    _, _, mentions = _places(nlp, gaz, text)
    dublin = _find(mentions, "Dublin")
    assert dublin.place.country == "US" and dublin.place.admin1 == "Ohio"


def test_kind_word_selects_a_province(nlp, gaz):
    _, _, mentions = _places(nlp, gaz, "Clashes spread across Kirkuk province overnight, officials said.")
    kirkuk = _find(mentions, "Kirkuk")
    assert kirkuk.place.feature_code == "ADM1" and kirkuk.precision == "admin1"


def test_near_keeps_the_anchor(nlp, gaz):
    _, _, mentions = _places(nlp, gaz, "A roadside bomb exploded near Mosul, killing two soldiers.")
    mosul = _find(mentions, "Mosul")
    assert mosul.precision == "near" and mosul.anchor.name == "Mosul" and mosul.radius_km >= 15


def test_unknown_name_stays_unresolved_with_a_reason(nlp, gaz):
    text = "Fighters overran Qzxwarbuk before dawn."
    article = _article(text)
    doc = nlp(text)
    (m,) = resolve_spans(doc, article, [(17, 26)], gazetteer=gaz)
    assert m.place is None and m.precision == "unresolved" and "no gazetteer entry" in m.reason


def test_street_is_placed_in_the_articles_town(nlp, gaz):
    text = "BAGHDAD - A car bomb exploded on Abu Nuwas Street, police in Baghdad said."
    article = _article(text, "BAGHDAD")
    doc = nlp(text)
    start = text.index("Abu Nuwas Street")
    (m,) = resolve_spans(doc, article, [(start, start + len("Abu Nuwas Street"))], gazetteer=gaz)
    assert m.rule == "facility_in_focus_town" and m.anchor.country == "IQ" and m.precision == "near"


def test_event_place_rules(nlp, gaz):
    text = "MOSUL, Iraq - Militants attacked a checkpoint in Tikrit on Monday. The army said it would respond."
    doc, article, mentions = _places(nlp, gaz, text, "MOSUL, Iraq")
    attacked = next(t for t in doc if t.text == "attacked")
    where = locate_event(doc, doc[attacked.i : attacked.i + 1], mentions, article)
    assert where.rule == "syntactic" and where.place.mention.text == "Tikrit"
    respond = next(t for t in doc if t.text == "respond")
    where = locate_event(doc, doc[respond.i : respond.i + 1], mentions, article)
    assert where.rule == "dateline" and where.place.mention.text == "MOSUL"


def test_event_place_falls_back_to_the_country(nlp, gaz):
    text = "Syrian troops shelled rebel positions. Damascus denied it. Aleppo residents fled as the army advanced."
    doc, article, mentions = _places(nlp, gaz, text)
    shelled = next(t for t in doc if t.text == "shelled")
    where = locate_event(doc, doc[shelled.i : shelled.i + 1], mentions, article)
    assert where.rule == "country" and where.country == "SY" and where.precision == "country"
