"""The parts of the events extractor on their own: trigger lexicon, quantities, modality."""

from __future__ import annotations

import pytest

from dateline.extract.event_modality import read_modality
from dateline.extract.event_quantities import find_quantities, parse_number
from dateline.extract.event_triggers import RuleClassifier, load_trigger_lexicon
from dateline.knowledge.ontology import load_ontology
from dateline.nlp import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="module")
def classifier():
    return RuleClassifier()


def test_lexicon_names_only_known_types_and_modes():
    onto = load_ontology()
    lex = load_trigger_lexicon()
    for table in (lex.verbs, lex.nouns):
        for lemma, senses in table.items():
            for sense in senses:
                assert sense.type in onto.types, lemma
                if sense.mode not in (None, "auto"):
                    assert sense.mode in onto.types[sense.type].modes, (lemma, sense.mode)
                if sense.mode == "auto" and sense.default:
                    assert sense.default in onto.types[sense.type].modes, (lemma, sense.default)
    for etype, cues in lex.mode_cues.items():
        assert all(c.mode in onto.types[etype].modes for c in cues), etype
    for etype, table in lex.governed_modes.items():
        assert all(m in onto.types[etype].modes for m in table.values()), etype


def test_yaml_keeps_on_and_off_as_words():
    lex = load_trigger_lexicon()
    assert "on" in lex.defaults("ASSAULT").target_preps
    assert any(s.particle == frozenset({"off"}) for s in lex.verbs["call"])


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Kurdish forces responded with rocket fire.", [("ASSAULT", "heavy-weapons")]),
        ("Gunmen attacked the village with machetes.", [("ASSAULT", "primitive")]),
        ("Warplanes bombed the depot.", [("ASSAULT", "aerial")]),
        ("A drone strike hit the convoy.", [("ASSAULT", "drone"), ("ASSAULT", "drone")]),
        ("The army deployed tanks to the border.", [("MOBILIZE", "weapons")]),
        ("Police set up a checkpoint on the road.", [("MOBILIZE", "troops")]),
        ("Hundreds of workers staged a hunger strike.", [("PROTEST", None), ("PROTEST", "strike-hun")]),
        ("Soldiers defused a roadside bomb.", [("COERCE", "confiscate"), ("ASSAULT", "explosives")]),
    ],
)
def test_trigger_types_and_modes(nlp, classifier, sentence, expected):
    doc = nlp(sentence)
    assert [(h.type, h.mode) for h in classifier.find_triggers(doc[:])] == expected


def test_suicide_compound_decides_the_mode(nlp, classifier):
    doc = nlp("A suicide bombing killed five soldiers.")
    modes = {doc[h.token].text: h.mode for h in classifier.find_triggers(doc[:])}
    assert modes["bombing"] == "suicide-attack"


def test_tear_gas_is_not_chemical(nlp, classifier):
    doc = nlp("Police fired tear gas at the crowd.")
    (hit,) = classifier.find_triggers(doc[:])
    assert (hit.type, hit.mode) == ("COERCE", "restrict") and "cbrn" not in hit.contexts
    doc = nlp("Rebels fired shells filled with chlorine gas at the town.")
    (hit,) = classifier.find_triggers(doc[:])
    assert hit.type == "ASSAULT" and "cbrn" in hit.contexts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5,000", (5000, None, None)),
        ("seven", (7, None, None)),
        ("dozens", (None, 24, 99)),
        ("two hundred", (200, None, None)),
        ("a few", (None, 2, 5)),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("At least 24 people were killed and 18 others injured.", [("fatalities", 24, 24), ("injured", 18, None)]),
        ("A convoy of 50 armored vehicles arrived.", [("vehicles", 50, None)]),
        ("Iran deployed seven Su-25 attack planes.", [("aircraft", 7, None)]),
        ("More than 300 people fled their homes.", [("displaced", 300, 300)]),
        ("Soldiers repelled the assault, killing seven of the attackers.", [("fatalities", 7, None)]),
        ("The town is 40 kilometers north of the city.", []),
    ],
)
def test_quantities(nlp, sentence, expected):
    doc = nlp(sentence)
    found = find_quantities(doc, "a1")
    assert [(q.kind, q.value, q.low) for q in found] == expected
    for q in found:
        assert q.mention is not None and sentence[q.mention.start : q.mention.end] == q.text


@pytest.mark.parametrize(
    ("sentence", "trigger", "modality"),
    [
        ("The rebels attacked the base.", "attacked", "asserted"),
        ("The rebels did not attack the base.", "attack", "negated"),
        ("The rebels will attack the base.", "attack", "threatened"),
        ("The rebels plan to attack the base.", "attack", "threatened"),
        ("The rebels may attack the base.", "attack", "hypothetical"),
        ("It is possible that the rebels attacked the base.", "attacked", "hypothetical"),
        ("The army claimed the rebels attacked the base.", "attacked", "claimed"),
        ("The army said the rebels attacked the base.", "attacked", "asserted"),
        ("The rebels reportedly attacked the base.", "attacked", "claimed"),
        ("I think the rebels attacked the base.", "attacked", "opinion"),
        ("Residents fear the coming offensive.", "offensive", "threatened"),
    ],
)
def test_modality(nlp, sentence, trigger, modality):
    doc = nlp(sentence)
    tok = next(t for t in doc if t.text == trigger)
    assert read_modality(tok, tok, load_trigger_lexicon()).modality == modality


def test_claimant_is_the_speaker(nlp):
    doc = nlp("The army said the rebels attacked the base.")
    tok = next(t for t in doc if t.text == "attacked")
    reading = read_modality(tok, tok, load_trigger_lexicon())
    assert reading.claimant is not None and reading.claimant.text == "army"
