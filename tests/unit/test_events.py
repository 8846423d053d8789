"""The events extractor on sentences the team wrote: type, mode, roles, modality, dates, codes."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.extract import extract_article, load_resources
from dateline.extract.event_triggers import EventConfigError, get_classifier
from dateline.model import Article, Event, article_id


@pytest.fixture(scope="module")
def resources():
    return load_resources()


@pytest.fixture(scope="module")
def events_of(resources):
    def run(text: str, published: date | None = date(2024, 3, 8)) -> list[Event]:
        article = Article(
            id=article_id(text), text=text, published=published, published_found_in="metadata" if published else "unknown"
        )
        return extract_article(resources.nlp(text), article, resources).events

    return run


def only(events: list[Event], etype: str) -> Event:
    found = [e for e in events if e.type == etype]
    assert len(found) == 1, f"expected one {etype}, got {[(e.type, e.trigger.text) for e in events]}"
    return found[0]


def texts(mentions) -> list[str]:
    return [m.mention.text for m in mentions]


def test_shelling_with_source_target_and_codes(events_of):
    events = events_of("Government troops shelled rebel positions near the town of Marwa on Tuesday.")
    e = only(events, "ASSAULT")
    assert e.mode == "heavy-weapons"
    assert e.trigger.text == "shelled"
    assert any("Government troops" in t for t in texts(e.sources))
    assert any("rebel positions" in t for t in texts(e.targets))
    assert (e.acled_type, e.acled_subtype) == ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    assert e.cameo_root == "19" and e.quad == "material-conflict"
    assert e.modality == "asserted"
    assert e.date.start == date(2024, 3, 5) and e.date.rule.startswith("time")
    assert e.evidence.text.startswith("Government troops shelled")
    assert e.evidence.start <= e.trigger.start < e.trigger.end <= e.evidence.end


def test_reciprocal_exchange_of_fire_makes_both_sides_sources(events_of):
    e = only(events_of("Rebels and soldiers exchanged fire outside the city."), "ASSAULT")
    sources = " ".join(texts(e.sources))
    assert "Rebels" in sources and "soldiers" in sources
    assert e.targets == []
    assert e.acled_subtype == "Armed clash"


def test_passive_agent_is_the_source(events_of):
    e = only(events_of("The army's positions were shelled by the insurgents overnight."), "ASSAULT")
    assert any("insurgents" in t for t in texts(e.sources))
    assert any("army" in t for t in texts(e.targets))  # the army's positions


def test_threat_absorbs_the_threatened_act(events_of):
    events = events_of("The army threatened to storm the rebel camp.")
    e = only(events, "THREATEN")
    assert e.mode == "violence" and e.modality == "threatened"
    assert not [x for x in events if x.type == "ASSAULT"]
    assert any("army" in t for t in texts(e.sources))
    assert any("rebel camp" in t for t in texts(e.targets))  # the threatened act's target


def test_warning_of_entry_is_a_threat_over_territory(events_of):
    events = events_of("The commander gave warning he was going to enter the town.")
    e = only(events, "THREATEN")
    assert e.mode == "territory"
    assert len(events) == 1


def test_request_for_help_is_only_a_request(events_of):
    events = events_of("The mayor urged the coalition forces to come and help the town.")
    e = only(events, "REQUEST")
    assert any("coalition forces" in t for t in texts(e.targets))
    assert not [x for x in events if x.type == "AID"]


def test_arrest_with_count(events_of):
    e = only(events_of("Police arrested 12 students in the capital on Monday."), "COERCE")
    assert e.mode == "arrest" and e.acled_subtype == "Arrests"
    (q,) = e.quantities
    assert (q.kind, q.value, q.text) == ("arrested", 12, "12 students")


def test_negated_event(events_of):
    e = only(events_of("The rebels did not attack the base."), "ASSAULT")
    assert e.modality == "negated"


def test_reported_event_keeps_who_said_it(events_of):
    e = only(events_of("Two soldiers were killed in the attack, officials said."), "ASSAULT")
    assert e.modality == "asserted"
    assert e.claimant is not None and "officials" in e.claimant.mention.text


def test_claimed_event_names_its_claimant(events_of):
    e = only(events_of("The ministry claimed militants had kidnapped two aid workers."), "ASSAULT")
    assert e.mode == "abduct"
    assert e.modality == "claimed"
    assert e.claimant is not None and "ministry" in e.claimant.mention.text
    assert e.acled_subtype == "Abduction/forced disappearance"


def test_hypothetical_event(events_of):
    e = only(events_of("If the talks fail, the militia could attack the airport."), "ASSAULT")
    assert e.modality == "hypothetical"
    assert e.date.start is None


def test_planned_deployment_is_threatened_and_undated(events_of):
    e = only(events_of("Iran will send troops to Syria next year."), "MOBILIZE")
    assert e.modality == "threatened"


def test_promised_cooperation_is_agree(events_of):
    e = only(events_of("Portugal will support the new government, the president said."), "AGREE")
    assert e.modality == "asserted"


def test_protest_met_with_arrests_is_protest_with_intervention(events_of):
    events = events_of("Police detained dozens of demonstrators during a protest outside parliament.")
    arrest = only(events, "COERCE")
    assert arrest.acled_subtype == "Protest with intervention"
    (q,) = arrest.quantities
    assert (q.kind, q.value, q.low, q.high) == ("arrested", None, 24, 99)


def test_coactor_supported_by(events_of):
    e = only(events_of("Federal forces, supported by local militias, captured the town of Sinjar."), "COERCE")
    assert e.mode == "seize"
    assert any("militias" in t for t in texts(e.coactors))
    assert e.acled_subtype in ("Government regains territory", "Non-state actor overtakes territory")


def test_suicide_bombing_merges_into_one_event(events_of):
    events = events_of("Two suicide bombers blew themselves up at a market, killing at least 10 people.")
    e = only(events, "ASSAULT")
    assert e.mode == "suicide-attack" and e.acled_subtype == "Suicide bomb"
    assert [(q.kind, q.value, q.low) for q in e.quantities] == [("fatalities", 10, 10)]


def test_undated_article_gives_unknown_dates(events_of):
    e = only(events_of("Rebels attacked a police post.", published=None), "ASSAULT")
    assert e.date.start is None and e.date.rule.startswith("unknown")


def test_report_of_the_day_takes_the_publication_date(events_of):
    e = only(events_of("Rebels attacked a police post."), "ASSAULT")
    assert e.date.start == date(2024, 3, 8) and e.date.inferred and e.date.rule.startswith("published")


def test_relative_day_dates_the_earlier_event(events_of):
    events = events_of("Troops shelled the village on Friday, a day after the general warned he would seize it.")
    shelling, threat = only(events, "ASSAULT"), only(events, "THREATEN")
    assert shelling.date.start == date(2024, 3, 8)
    assert threat.date.start == date(2024, 3, 7) and threat.date.rule.startswith("relative")


def test_ids_are_stable_and_confidence_bounded(events_of):
    text = "Rebels attacked a police post and soldiers arrested three men."
    first, second = events_of(text), events_of(text)
    assert [e.id for e in first] == [e.id for e in second]
    assert all(0.0 <= e.confidence <= 1.0 for e in first)
    assert {e.type for e in first} == {"ASSAULT", "COERCE"}


def test_scuffles_at_a_protest_are_a_riot(events_of):
    events = events_of("Thousands of farmers marched on the capital. There were scuffles near the ministry.")
    riot = [e for e in events if e.type == "PROTEST" and e.mode == "riot"]
    assert len(riot) == 1 and riot[0].acled_subtype == "Violent demonstration"


def test_stone_throwing_demonstrators_riot(events_of):
    e = only(events_of("Demonstrators threw stones at the police outside the court."), "PROTEST")
    assert e.mode == "riot" and e.acled_subtype == "Violent demonstration"
    assert any("police" in t for t in texts(e.targets))


def test_description_is_not_an_event(events_of):
    events = events_of("The peshmerga are outmatched by the militias that fight alongside the army.")
    assert not [e for e in events if e.type == "ASSAULT"]


def test_classifier_registry(events_of):
    assert get_classifier("rules").name == "rules"
    with pytest.raises(EventConfigError, match="rules"):
        get_classifier("no-such-classifier")
