"""Pairwise evidence: actors at the code level, places by precision, dates by uncertainty, shared text."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.resolve.matching import MERGE_THRESHOLD, Link, compare, features, is_match, type_family
from tests.unit.test_resolve_support import ALTUN_KUPRI, FRIDAY, HAWIJA, actor, event


def _f(article="a", event_id=None, **kw):
    return features(event(article, event_id or f"{article}-1", **kw))


def test_same_dyad_place_and_day_match():
    assert compare(_f("a"), _f("b")) == pytest.approx(3.0)
    assert is_match(_f("a"), _f("b"))


def test_parent_code_matches_with_lower_score():
    exact = compare(_f("a"), _f("b"))
    parent = compare(_f("a", sources=("IRQ",)), _f("b"))
    assert parent is not None and parent < exact
    assert parent >= MERGE_THRESHOLD


def test_affiliation_chain_counts_as_parent():
    cts = event("a", "a-1", sources=())
    cts.sources = [actor("IRQSPE", "Counter Terrorism Service", affiliations=("IRQMIL", "IRQ"))]
    plain = _f("b", sources=("IRQMIL",), targets=("KURMIL",))
    assert compare(features(cts), plain) == pytest.approx(compare(_f("a", sources=("IRQ",)), plain))


def test_peshmerga_and_kurdish_forces_share_a_code():
    peshmerga = event("a", "a-1", targets=())
    peshmerga.targets = [actor("KURMIL", "peshmerga")]
    kurdish_forces = event("b", "b-1", targets=())
    kurdish_forces.targets = [actor("KURMIL", "Kurdish forces")]
    assert is_match(features(peshmerga), features(kurdish_forces))


def test_different_enemy_vetoes_even_on_same_day_and_town():
    isis = _f("b", targets=("IMGMUSISI",), type="COERCE")
    assert compare(_f("a", type="COERCE"), isis) is None


def test_reciprocal_fight_matches_either_way_round_but_not_a_third_party():
    forward = _f("a")
    reverse = _f("b", sources=("KURMIL",), targets=("IRQMIL",))
    assert is_match(forward, reverse)
    other_war = _f("c", sources=("IRQMIL",), targets=("IMGMUSISI",))
    assert compare(forward, other_war) is None


def test_places_farther_than_their_precision_allows_conflict():
    assert compare(_f("a"), _f("b", at=HAWIJA, place="Hawija")) is None
    coarse = compare(_f("a"), _f("b", at=HAWIJA, place="Kirkuk", precision="admin1"))
    assert coarse is not None and coarse < compare(_f("a"), _f("b"))


def test_country_level_place_is_compared_by_country_not_centroid():
    centroid = _f("b", at=(33.0, 44.0), place="Iraq", precision="country")
    assert centroid.lat is None and centroid.precision == "country"
    assert compare(_f("a"), centroid) == pytest.approx(2.25)


def test_other_country_conflicts():
    assert compare(_f("a"), _f("b", country="SY", at=None)) is None


def test_disjoint_dates_conflict_and_one_day_slack_is_allowed():
    assert compare(_f("a"), _f("b", on=date(2017, 10, 25))) is None
    assert is_match(_f("a"), _f("b", on=date(2017, 10, 21)))
    month = _f("b", on=date(2017, 10, 1), until=date(2017, 10, 31), granularity="month")
    assert compare(_f("a"), month) == pytest.approx(2.5)


def test_undated_event_needs_shared_text():
    undated = _f("b", on=None)
    assert not is_match(_f("a"), undated)
    assert is_match(_f("a"), undated, link=Link.PASSAGE)
    assert not is_match(_f("a"), _f("b", on=None, sources=(), targets=(), at=None), link=Link.ARTICLES)


def test_types_must_be_equal_or_an_agreed_pair():
    assert compare(_f("a"), _f("b", type="PROTEST")) is None
    paired = compare(_f("a"), _f("b", type="COERCE", sources=("IRQMIL",), targets=("KURMIL",)))
    assert paired == pytest.approx(compare(_f("a"), _f("b")) - 0.5)
    assert type_family("COERCE") == type_family("ASSAULT") == "ASSAULT"
    assert type_family("PROTEST") == "PROTEST"


def test_modality_groups_must_agree():
    assert compare(_f("a"), _f("b", modality="negated")) is None
    assert compare(_f("a"), _f("b", modality="claimed")) is not None


def test_compare_is_symmetric():
    pairs = [
        (_f("a"), _f("b", sources=("IRQ",), on=date(2017, 10, 19))),
        (_f("a", at=None), _f("b", precision="admin1")),
        (_f("a", on=None), _f("b", type="COERCE")),
    ]
    for x, y in pairs:
        for link in Link:
            assert compare(x, y, link=link) == compare(y, x, link=link)


def test_features_keep_what_stories_need():
    f = _f("a", fatalities=3)
    assert (f.start, f.end) == (FRIDAY.toordinal(), FRIDAY.toordinal())
    assert (f.lat, f.lon) == ALTUN_KUPRI and f.country == "IQ"
    assert f.fatalities == (3, 3) and f.place_name == "Altun Kupri"
    assert "IRQ" in f.sources.lineage and f.sources.roots == {"IRQ"}
