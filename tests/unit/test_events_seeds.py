"""Events on the seed corpus (../shared/seeds): what an analyst must find in each report.

Skipped when ../shared is absent (the ``seeds_dir`` fixture says so).
"""

from __future__ import annotations

from datetime import date

import pytest

from dateline.extract import extract_article, load_resources
from dateline.ingest import prepare_article, read_items
from dateline.model import Article, Event


@pytest.fixture(scope="module")
def resources():
    return load_resources()


def _events(resources, seeds_dir, prefix: str) -> tuple[Article, list[Event]]:
    (path,) = sorted(seeds_dir.glob(f"{prefix}_*.txt"))
    (item,) = list(read_items([str(path)]))
    article = prepare_article(item)
    assert isinstance(article, Article), article
    return article, extract_article(resources.nlp(article.text), article, resources).events


def _one(events: list[Event], trigger: str, etype: str) -> Event:
    found = [e for e in events if e.trigger.text.startswith(trigger) and e.type == etype]
    assert len(found) == 1, f"{etype} at {trigger!r}: got {[(e.type, e.trigger.text) for e in events]}"
    return found[0]


def _names(mentions) -> str:
    return " | ".join(m.mention.text for m in mentions)


# ---------------------------------------------------------------------------
# The AP wire report, dated 2017-10-20 (002_*)
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ap(resources, seeds_dir):
    return _events(resources, seeds_dir, "002")


def test_ap_federal_shelling_near_altun_kupri(ap):
    _, events = ap
    e = _one(events, "shelled", "ASSAULT")
    assert e.mode == "heavy-weapons"
    assert (e.acled_type, e.acled_subtype) == ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    assert e.cameo_root == "19"
    assert "federal police forces" in _names(e.sources)
    assert "Kurdish" in _names(e.targets)
    assert e.date.start == date(2017, 10, 20)
    assert e.place.place is not None and e.place.place.mention.text == "Altun Kupri"
    assert e.modality == "asserted"


def test_ap_exchange_of_fire_is_two_sided(ap):
    _, events = ap
    e = _one(events, "exchanged", "ASSAULT")
    assert "Kurdish forces" in _names(e.sources) and "Iraqi" in _names(e.sources)
    assert e.targets == []
    assert e.date.start == date(2017, 10, 20) and "Friday" in e.date.rule


def test_ap_peshmerga_rocket_fire_in_response(ap):
    _, events = ap
    e = _one(events, "responded", "ASSAULT")
    assert e.mode == "heavy-weapons"
    assert "Kurdish forces" in _names(e.sources)


def test_ap_kurdish_reinforcements(ap):
    _, events = ap
    e = _one(events, "sent", "MOBILIZE")
    assert e.mode == "troops" and "Kurdish authorities" in _names(e.sources)
    assert e.acled_subtype == "Change to group/activity"


def test_ap_generals_warning_is_a_threat_the_day_before(ap):
    _, events = ap
    e = _one(events, "warning", "THREATEN")
    assert e.mode == "territory"
    assert "Raad Baddai" in _names(e.sources)
    assert e.date.start == date(2017, 10, 19) and e.date.rule.startswith("relative")
    # The entering of the town has not happened: no event of its own.
    assert not [x for x in events if x.trigger.text == "enter"]


def test_ap_federal_takeover_of_kirkuk_on_monday(ap):
    _, events = ap
    e = _one(events, "rolled", "COERCE")
    assert e.mode == "seize"
    assert e.acled_subtype == "Government regains territory"
    assert "federal forces" in _names(e.sources)
    assert "militias" in _names(e.coactors)
    assert e.date.start == date(2017, 10, 16)
    assert e.place.place is not None and e.place.place.mention.text == "Kirkuk"


def test_ap_plea_for_coalition_help_is_only_a_request(ap):
    _, events = ap
    e = _one(events, "urging", "REQUEST")
    assert "Ibrahim Mirza" in _names(e.sources)
    assert "coalition forces" in _names(e.targets)
    in_quote = [x for x in events if x.evidence.start == e.evidence.start]
    assert [x.type for x in in_quote] == ["REQUEST"]


# ---------------------------------------------------------------------------
# The undated 2014 piece (001_*)
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def piece(resources, seeds_dir):
    return _events(resources, seeds_dir, "001")


def test_2014_troop_deployment(piece):
    _, events = piece
    e = _one(events, "sending", "MOBILIZE")
    assert e.mode == "troops"
    assert e.date.start is None


def test_2014_iranian_aircraft_deployment(piece):
    _, events = piece
    e = _one(events, "deployed", "MOBILIZE")
    assert "Iran" in _names(e.sources)
    assert [(q.kind, q.value) for q in e.quantities] == [("aircraft", 7)]


def test_2014_iranian_bombing_since_june_21_year_unknown(piece):
    _, events = piece
    e = _one(events, "bombing", "ASSAULT")
    assert "Iran" in _names(e.sources) and "ISIS" in _names(e.targets)
    assert e.modality == "claimed"  # "reportedly"
    assert e.date.start is None
    assert e.date.time is not None and "June 21" in e.date.time.mention.text


def test_2014_russian_purchase_deal(piece):
    _, events = piece
    e = _one(events, "completing", "COOPERATE")
    assert "Russia" in _names(e.sources) and "Maliki" in _names(e.targets)
    assert [(q.kind, q.value) for q in e.quantities] == [("aircraft", 12)]


def test_2014_speculation_is_marked(piece):
    _, events = piece
    e = _one(events, "fly", "MOBILIZE")
    assert e.modality == "hypothetical"
    assert e.date.start is None
