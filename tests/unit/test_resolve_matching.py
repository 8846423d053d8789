"""Pairwise evidence: actors at the code level, places by precision, dates by uncertainty, shared text."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.model import Quantity
from dateline.resolve.matching import (
    MERGE_THRESHOLD,
    Link,
    compare,
    features,
    is_match,
    shares_specifics,
    type_family,
)
from tests.unit.test_resolve_support import ALTUN_KUPRI, FRIDAY, HAWIJA, actor, at_phrase, event, uncoded


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


# ---------------------------------------------------------------------------
# Real extractor output: uncoded actors, provinces, filing places, publication dates
# ---------------------------------------------------------------------------

MONDAY = date(2021, 6, 7)
MONGUNO, KONDUGA, MAIDUGURI, BORNO = (12.67, 13.61), (11.65, 13.42), (11.85, 13.16), (11.73, 12.95)
TOWN = {"country": "NG", "admin1": "Borno", "precision": "near", "on": MONDAY}


def _nigeria(article="a", **kw):
    kw = {"sources": (), "targets": (), "at": MONGUNO, "place": "Monguno", **TOWN, **kw}
    return features(event(article, f"{article}-1", **kw))


def test_uncoded_armed_groups_match_by_class_and_country():
    fighters = uncoded("jihadist fighters", kind="rebel_militia", sector="REB")
    militants = uncoded("Islamic State-allied militants", kind="rebel_militia", sector="REB", country="NGA")
    gunmen = uncoded("gunmen")  # nothing known but the head noun
    assert compare(_nigeria("a", sources=(fighters,)), _nigeria("b", sources=(militants,))) == pytest.approx(2.5)
    assert compare(_nigeria("a", sources=(gunmen,)), _nigeria("b", sources=(militants,))) == pytest.approx(2.5)
    syrian = uncoded("Syrian rebels", kind="rebel_militia", sector="REB", country="SYR")
    assert compare(_nigeria("a", sources=(syrian,)), _nigeria("b", sources=(militants,))) == pytest.approx(2.0)
    iswap = actor("IMGISIISW", "ISWAP")
    assert compare(_nigeria("a", sources=(iswap,)), _nigeria("b", sources=(militants,))) == pytest.approx(2.5)


def test_state_forces_and_armed_groups_in_one_role_conflict_but_two_sides_of_a_fight_do_not():
    soldiers = uncoded("soldiers", kind="state_force", sector="MIL")
    fighters = uncoded("fighters", kind="rebel_militia", sector="REB")
    assert compare(_nigeria("a", type="COERCE", sources=(soldiers,)), _nigeria("b", type="COERCE", sources=(fighters,))) is None
    # "soldiers fought" and "fighters attacked": each names one side of the same fight
    assert compare(_nigeria("a", sources=(soldiers,)), _nigeria("b", sources=(fighters,))) == pytest.approx(2.0)


def test_one_sided_reports_of_a_fight_are_not_a_third_party():
    troops_only = _nigeria("a", sources=(actor("NGAMIL"),))
    iswap_only = _nigeria("b", sources=(actor("IMGISIISW"),))
    assert compare(troops_only, iswap_only) is not None
    other_war = _nigeria("c", sources=(actor("NGAMIL"),), targets=(actor("NGAREBBOK"),))
    assert compare(other_war, _nigeria("d", sources=(actor("NGAMIL"),), targets=(actor("IMGISIISW"),))) is None


def test_a_town_inside_the_province_the_other_names_is_compatible_another_province_is_not():
    town = _nigeria("a")
    province = _nigeria("b", at=BORNO, place="Borno", precision="admin1")
    assert compare(town, province) == pytest.approx(1.5)  # day 1.0 + containment 0.5
    yobe_town = _nigeria("c", at=(11.9, 12.3), place="Gujba", precision="exact", admin1="Yobe")
    assert compare(yobe_town, province) is None


def test_two_towns_more_than_their_reach_apart_on_one_day_are_two_happenings():
    assert compare(_nigeria("a"), _nigeria("b", at=KONDUGA, place="Konduga")) is None


def test_the_dateline_is_where_the_report_was_filed_not_where_it_happened():
    filed = _nigeria("a", at=MAIDUGURI, place="Maiduguri", precision="exact", place_rule="clause_dateline")
    assert filed.precision == "filing"
    assert compare(filed, _nigeria("b")) == pytest.approx(1.5)  # same province as Monguno, about 100 km away
    in_maiduguri = _nigeria("c", at=MAIDUGURI, place="Maiduguri", precision="exact", place_rule="syntactic")
    assert compare(in_maiduguri, _nigeria("b")) is None


def test_a_publication_date_fallback_covers_the_days_before_publication():
    published = {"on": date(2021, 6, 8), "inferred": True, "date_rule": "published: no time expression"}
    fallback = _nigeria("a", **published)
    assert (fallback.start, fallback.end) == (date(2021, 6, 5).toordinal(), date(2021, 6, 8).toordinal())
    assert not fallback.day_level and fallback.date_inferred
    assert compare(fallback, _nigeria("b", on=date(2021, 6, 4))) is not None  # with a day of slack
    assert compare(fallback, _nigeria("b", on=date(2021, 6, 2))) is None
    assert compare(fallback, _nigeria("b", on=date(2021, 6, 10))) is None  # after publication


def test_definite_nominal_triggers_refer_back():
    sentence = "The gunfight lasted nearly three hours before the insurgents attacked again."
    gunfight = features(event("a", "a-1", **at_phrase(sentence, "gunfight", sentence_start=100)))
    attacked = features(event("a", "a-2", **at_phrase(sentence, "attacked", sentence_start=100)))
    assert gunfight.anaphoric and not attacked.anaphoric
    fresh = features(event("a", "a-3", **at_phrase("Gunmen opened fire on a market.", "opened fire")))
    assert not fresh.anaphoric


def test_vague_tolls_are_kept_as_ranges():
    e = event("a", "a-1")
    e.quantities = [Quantity(kind="fatalities", text="tens of thousands", low=20000, high=99999),
                    Quantity(kind="fatalities", text="at least five", value=5)]
    assert features(e).fatalities == (20000, 99999)
    assert shares_specifics(_nigeria("a"), _nigeria("b", sources=(), at=KONDUGA, place="Konduga"))  # the day
    assert not shares_specifics(_nigeria("a", on=None), _nigeria("b", on=None, at=BORNO, precision="admin1"))
