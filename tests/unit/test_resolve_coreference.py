"""Mentions of one happening inside one article: grouped by sentence, anaphora and specifics, never across a conflict."""

from __future__ import annotations

import random
from datetime import date

from dateline.resolve.coreference import group_mentions, merge_mentions
from dateline.resolve.matching import features
from tests.unit.test_resolve_support import actor, at_phrase, event, uncoded

MONDAY = date(2021, 6, 7)
PUBLISHED = {"on": date(2021, 6, 8), "inferred": True, "date_rule": "published: no time expression; a report of the day"}
NIGERIA = {"country": "NG", "admin1": "Borno", "sources": (), "targets": ()}
MONGUNO, KONDUGA, MAIDUGURI = (12.67, 13.61), (11.65, 13.42), (11.85, 13.16)

LEAD = "Soldiers fought off militants who attacked a base near Monguno on Monday, the army said."
GUNFIGHT = "The gunfight lasted three hours."
BACKGROUND = "The insurgency has killed thousands of people across the northeast."
MILITANTS = uncoded("militants", kind="rebel_militia", sector="REB", country="NGA")


def _wire_mentions():
    """A wire report: the attack told three ways, and one background sentence."""
    starts = {"lead": 0, "gunfight": len(LEAD) + 1, "background": len(LEAD) + len(GUNFIGHT) + 2}
    fought = event("w", "w-fought", **NIGERIA | {"sources": (actor("NGAMIL"),)}, at=MAIDUGURI, place="Maiduguri",
                   precision="exact", place_rule="clause_dateline", **PUBLISHED, **at_phrase(LEAD, "fought off"))
    attacked = event("w", "w-attacked", **NIGERIA | {"sources": (MILITANTS,)}, at=MONGUNO, place="Monguno",
                     precision="near", on=MONDAY, **at_phrase(LEAD, "attacked"))
    gunfight = event("w", "w-gunfight", **NIGERIA, at=None, **PUBLISHED,
                     **at_phrase(GUNFIGHT, "gunfight", sentence_start=starts["gunfight"]))
    insurgency = uncoded("insurgency", kind="rebel_militia", sector="REB", country="NGA")
    background = event("w", "w-killed", **NIGERIA | {"sources": (insurgency,)}, at=(10.0, 8.0), place="Nigeria",
                       precision="country", **PUBLISHED,
                       **at_phrase(BACKGROUND, "killed", sentence_start=starts["background"]))
    return [features(e) for e in (fought, attacked, gunfight, background)]


def _ids(groups):
    return [[f.id for f in group] for group in groups]


def test_one_sentence_and_a_definite_description_join_a_happening_background_stays_apart():
    groups = group_mentions(_wire_mentions())
    assert _ids(groups) == [["w-fought", "w-attacked", "w-gunfight"], ["w-killed"]]


def test_grouping_does_not_depend_on_the_order_mentions_come_in():
    mentions = _wire_mentions()
    expected = _ids(group_mentions(mentions))
    for seed in range(5):
        shuffled = mentions[:]
        random.Random(seed).shuffle(shuffled)
        assert _ids(group_mentions(shuffled)) == expected


def test_a_group_carries_the_best_place_the_day_and_every_party():
    (attack, _) = group_mentions(_wire_mentions())
    merged = merge_mentions(attack)
    assert merged.id == "w-attacked" and merged.article_id == "w"
    assert (merged.lat, merged.lon, merged.precision) == (*MONGUNO, "near")
    assert (merged.start, merged.end, merged.day_level) == (MONDAY.toordinal(), MONDAY.toordinal(), True)
    assert {"NGAMIL", "name:militants"} <= merged.participants.keys
    assert len(merged.triggers) == 3 and not merged.date_inferred


def test_a_vague_mention_never_bridges_two_towns():
    sentence = "The fighting went on all night."
    monguno = event("r", "r-1", **NIGERIA, at=MONGUNO, place="Monguno", on=MONDAY,
                    **at_phrase("Gunmen attacked Monguno on Monday.", "attacked"))
    konduga = event("r", "r-2", **NIGERIA, at=KONDUGA, place="Konduga", on=MONDAY,
                    **at_phrase("Vigilantes clashed with gunmen in Konduga on Monday.", "clashed", sentence_start=40))
    fighting = event("r", "r-3", **NIGERIA, at=None, on=None, **at_phrase(sentence, "fighting", sentence_start=100))
    groups = _ids(group_mentions([features(e) for e in (monguno, konduga, fighting)]))
    assert len(groups) == 2
    assert not any({"r-1", "r-2"} <= set(g) for g in groups)


def test_different_types_in_one_article_are_different_acts():
    lead = "Troops repelled the raid and seized rifles near Monguno on Monday."
    repelled = event("r", "r-1", **NIGERIA, at=MONGUNO, on=MONDAY, **at_phrase(lead, "repelled"))
    seized = event("r", "r-2", type="COERCE", **NIGERIA, at=MONGUNO, on=MONDAY, **at_phrase(lead, "seized"))
    assert len(group_mentions([features(repelled), features(seized)])) == 2
