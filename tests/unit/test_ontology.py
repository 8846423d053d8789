"""The PLOVER/ACLED/CAMEO tables and the mapping between them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from dateline.knowledge.ontology import OntologyError, _check, load_ontology

PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}


@pytest.fixture(scope="module")
def onto():
    return load_ontology()


def test_plover_has_the_sixteen_types_in_their_quad_categories(onto):
    assert set(onto.types) == PLOVER_TYPES
    quads = {name: t.quad for name, t in onto.types.items()}
    assert {n for n, q in quads.items() if q == "verbal-cooperation"} == {"AGREE", "CONSULT", "SUPPORT", "CONCEDE"}
    assert {n for n, q in quads.items() if q == "material-cooperation"} == {"COOPERATE", "AID", "RETREAT"}
    assert {n for n, q in quads.items() if q == "verbal-conflict"} == {"REQUEST", "ACCUSE", "REJECT", "THREATEN"}
    assert {n for n, q in quads.items() if q == "material-conflict"} == {"PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
    assert "PLOVER" in onto.plover_version


def test_modes_named_in_the_task_exist(onto):
    assert {"firearms", "heavy-weapons", "aerial", "drone", "explosives", "abduct", "assassinate"} <= set(onto.types["ASSAULT"].modes)
    assert {"troops", "police", "militia", "weapons"} <= set(onto.types["MOBILIZE"].modes)
    assert {"seize", "arrest", "restrict"} <= set(onto.types["COERCE"].modes)
    assert {"disapprove", "investigate", "allege"} <= set(onto.types["ACCUSE"].modes)
    assert {"military", "territory", "terrorism", "election"} <= set(onto.contexts)


def test_acled_and_cameo_tables(onto):
    assert set(onto.acled_types) == {
        "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots", "Strategic developments",
    }
    assert len(onto.acled_subtypes) == 25
    assert sorted(onto.cameo) == [f"{i:02d}" for i in range(1, 21)]
    assert onto.acled_code("Shelling/artillery/missile attack") == "ART_MISS_ATTACK"
    sub = onto.acled_by_code("NON_VIOL_TERRIT_TRANSFER")
    assert sub is not None and sub.event_type == "Strategic developments"
    assert onto.acled_by_code("DIPLO") is None


@pytest.mark.parametrize(
    ("etype", "mode", "kw", "acled", "cameo"),
    [
        ("ASSAULT", "heavy-weapons", {}, ("Explosions/Remote violence", "Shelling/artillery/missile attack"), "19"),
        ("ASSAULT", "aerial", {}, ("Explosions/Remote violence", "Air/drone strike"), "19"),
        ("ASSAULT", "drone", {}, ("Explosions/Remote violence", "Air/drone strike"), "19"),
        ("ASSAULT", "explosives", {"hints": ["grenade"]}, ("Explosions/Remote violence", "Grenade"), "18"),
        ("ASSAULT", "explosives", {}, ("Explosions/Remote violence", "Remote explosive/landmine/IED"), "18"),
        ("ASSAULT", "suicide-attack", {}, ("Explosions/Remote violence", "Suicide bomb"), "18"),
        ("ASSAULT", "firearms", {"contexts": ["cbrn"]}, ("Explosions/Remote violence", "Chemical weapon"), "20"),
        ("ASSAULT", "firearms", {"target_kinds": ["civilians"]}, ("Violence against civilians", "Attack"), "18"),
        ("ASSAULT", "firearms", {"target_kinds": ["armed"]}, ("Battles", "Armed clash"), "19"),
        ("ASSAULT", "firearms", {"target_kinds": ["protesters"]}, ("Protests", "Excessive force against protesters"), "17"),
        ("ASSAULT", "abduct", {}, ("Violence against civilians", "Abduction/forced disappearance"), "18"),
        ("ASSAULT", "beat", {"source_kinds": ["crowd"]}, ("Riots", "Mob violence"), "18"),
        ("COERCE", "arrest", {}, ("Strategic developments", "Arrests"), "17"),
        ("COERCE", "seize", {"hints": ["territory"], "source_kinds": ["state"]}, ("Battles", "Government regains territory"), "19"),
        ("COERCE", "seize", {"hints": ["territory"], "source_kinds": ["nonstate"]}, ("Battles", "Non-state actor overtakes territory"), "19"),
        ("COERCE", "confiscate", {"hints": ["weapons"]}, ("Strategic developments", "Disrupted weapons use"), "17"),
        ("RETREAT", "withdraw", {"hints": ["territory"]}, ("Strategic developments", "Non-violent transfer of territory"), "08"),
        ("MOBILIZE", "troops", {}, ("Strategic developments", "Change to group/activity"), "15"),
        ("MOBILIZE", "troops", {"hints": ["base"]}, ("Strategic developments", "Headquarters or base established"), "15"),
        ("PROTEST", "demo", {}, ("Protests", "Peaceful protest"), "14"),
        ("PROTEST", "riot", {}, ("Riots", "Violent demonstration"), "14"),
        ("AGREE", None, {}, ("Strategic developments", "Agreement"), "03"),
        ("ACCUSE", "disapprove", {}, (None, None), "11"),
        ("ACCUSE", "investigate", {}, (None, None), "09"),
        ("THREATEN", "territory", {}, (None, None), "13"),
    ],
)
def test_plover_to_acled_and_cameo(onto, etype, mode, kw, acled, cameo):
    coding = onto.code(etype, mode, **kw)
    assert (coding.acled_type, coding.acled_subtype) == acled
    assert coding.cameo_root == cameo
    assert coding.quad == onto.types[etype].quad


def test_precedence_and_combinations(onto):
    assert onto.precedence("Suicide bomb") < onto.precedence("Armed clash") < onto.precedence(None)
    assert onto.combine("Peaceful protest", "Arrests") == "Protest with intervention"
    assert onto.combine("Peaceful protest", "Attack") == "Excessive force against protesters"
    assert onto.combine("Arrests", "Peaceful protest") is None


def test_inconsistent_tables_fail_loudly(onto):
    bad_rule = dataclasses.replace(onto.rules[0], modes=frozenset({"no-such-mode"}))
    broken = dataclasses.replace(onto, rules=(bad_rule, *onto.rules[1:]))
    with pytest.raises(OntologyError, match="no-such-mode"):
        _check(broken)


def test_unknown_type_is_an_error(onto):
    with pytest.raises(KeyError):
        onto.code("FIGHT")


def test_loaded_once(onto):
    assert load_ontology() is onto


def _booleans_in_lists(node: object, path: str) -> list[str]:
    if isinstance(node, dict):
        return [hit for key, value in node.items() for hit in _booleans_in_lists(value, f"{path}.{key}")]
    if isinstance(node, list):
        found = [f"{path}[{i}]" for i, item in enumerate(node) if isinstance(item, bool)]
        return found + [hit for i, item in enumerate(node) for hit in _booleans_in_lists(item, f"{path}[{i}]")]
    return []


def test_no_word_list_in_the_knowledge_files_holds_a_yaml_boolean():
    """YAML reads bare on/off/yes/no as booleans: a word list holding "off" unquoted silently loses the word."""
    import yaml

    data = Path(__file__).parents[2] / "src" / "dateline" / "knowledge" / "data"
    hits = [hit for f in sorted(data.glob("*.yaml"))
            for hit in _booleans_in_lists(yaml.safe_load(f.read_text(encoding="utf-8")), f.name)]
    assert not hits, f"quote these words in their YAML files: {hits}"
