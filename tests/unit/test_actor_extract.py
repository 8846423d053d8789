"""Actor recognition and coding on the team's example sentences and the AP seed, with the real pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.extract.actors import code_actor_text, extract_actors
from dateline.knowledge.actors import load_actor_kb
from dateline.model import ActorMention, Article, Dateline, article_id
from dateline.nlp import load_pipeline


@pytest.fixture(scope="module")
def nlp():  # noqa: ANN201
    return load_pipeline()


@pytest.fixture(scope="module")
def kb():  # noqa: ANN201
    return load_actor_kb()


def run(nlp, kb, text: str, *, dateline: str | None = None) -> list[ActorMention]:  # noqa: ANN001
    line = None
    if dateline is not None:
        line = Dateline(place_text=dateline, start=0, end=len(dateline))
        text = f"{dateline} - {text}"
    article = Article(id=article_id(text), text=text, dateline=line)
    mentions = extract_actors(nlp(text), article, kb=kb)
    for m in mentions:  # offsets are exact, antecedents point back
        assert text[m.mention.start : m.mention.end] == m.mention.text
        assert m.mention.article_id == article.id
        assert m.antecedent is None or 0 <= m.antecedent < mentions.index(m)
    return mentions


def by_text(mentions: list[ActorMention]) -> dict[str, ActorMention]:
    return {m.mention.text: m for m in mentions}


def codes(mentions: list[ActorMention]) -> list[tuple[str, str | None]]:
    return [(m.mention.text, m.actor.code) for m in mentions]


# ---------------------------------------------------------------------------
# Coordination
# ---------------------------------------------------------------------------


def test_coordinated_owners_make_two_actors(nlp, kb) -> None:  # noqa: ANN001
    found = run(nlp, kb, "Iraqi federal and Kurdish forces exchanged fire near the town on Friday.")
    assert codes(found) == [("Iraqi federal", "IRQMIL"), ("Kurdish forces", "KURMIL")]
    assert all(m.coded and "coordination" in m.rule for m in found)
    assert found[0].actor.name == "Iraqi federal forces"


def test_coordinated_units_share_the_possessor(nlp, kb) -> None:  # noqa: ANN001
    found = run(nlp, kb, "Iraq's anti-terrorism and federal police forces shelled the positions.")
    assert codes(found) == [("Iraq's anti-terrorism", "IRQMILCTS"), ("federal police forces", "IRQCOP")]
    assert found[0].actor.name == "Counter-Terrorism Service"
    assert found[0].rule.startswith("alias:local")


def test_country_carries_over_to_a_bare_conjunct(nlp, kb) -> None:  # noqa: ANN001
    found = run(nlp, kb, "Iraqi army and police units secured the road.")
    assert codes(found) == [("Iraqi army", "IRQMIL"), ("police units", "IRQCOP")]


def test_two_countries(nlp, kb) -> None:  # noqa: ANN001
    found = run(nlp, kb, "Syrian and Russian troops attacked the rebels.")
    assert codes(found) == [("Syrian", "SYRMIL"), ("Russian troops", "RUSMIL"), ("rebels", None)]
    rebels = found[2]
    assert (rebels.coded, rebels.actor.sector, rebels.actor.kind) == (False, "REB", "rebel_militia")


def test_plain_list_of_modifiers_is_not_split(nlp, kb) -> None:  # noqa: ANN001
    found = run(nlp, kb, "Trade and industry ministers from Jordan met on Sunday.")
    assert [m.mention.text for m in found if m.actor.sector == "GOV"] == ["Trade and industry ministers"]


# ---------------------------------------------------------------------------
# Possessives, modifiers and sponsors
# ---------------------------------------------------------------------------


def test_possessive_owner(nlp, kb) -> None:  # noqa: ANN001
    found = run(nlp, kb, "Turkey's armed forces crossed the border.")
    assert codes(found) == [("Turkey's armed forces", "TURMIL")]
    assert found[0].actor.country == "TUR"


def test_sponsored_militia_keeps_sponsor_without_a_code(nlp, kb) -> None:  # noqa: ANN001
    (militia,) = run(nlp, kb, "Iranian-sponsored militias rolled into the city.")
    assert militia.mention.text == "Iranian-sponsored militias"
    assert (militia.actor.code, militia.coded) == (None, False)
    assert (militia.actor.sector, militia.actor.kind, militia.actor.sponsor) == ("UAF", "rebel_militia", "IRN")
    assert "sponsor" in militia.rule


def test_backed_and_led(nlp, kb) -> None:  # noqa: ANN001
    found = by_text(run(nlp, kb, "Russian-backed separatists clashed with troops as the US-led coalition watched."))
    separatists = found["Russian-backed separatists"]
    assert (separatists.actor.code, separatists.actor.sector, separatists.actor.sponsor) == (None, "REB", "RUS")
    coalition = found["US-led coalition"]
    assert (coalition.actor.code, coalition.actor.sponsor) == ("IGOCOA", "USA")


def test_sponsor_on_a_named_group(nlp, kb) -> None:  # noqa: ANN001
    (cts,) = run(nlp, kb, "The US-trained Counter Terrorism Service entered the town.")
    assert (cts.actor.code, cts.actor.sponsor) == ("IRQMILCTS", "USA")


def test_group_modifier_of_a_thing_is_the_group(nlp, kb) -> None:  # noqa: ANN001
    found = run(nlp, kb, "Iraqi troops repelled an Islamic State group advance and shelled Kurdish military positions.")
    assert codes(found) == [
        ("Iraqi troops", "IRQMIL"),
        ("Islamic State group", "IMGISI"),
        ("Kurdish military", "KURMIL"),
    ]


def test_party_government_is_the_states(nlp, kb) -> None:  # noqa: ANN001
    (gov,) = run(nlp, kb, "The Likud government approved the plan.")
    assert (gov.actor.code, gov.actor.affiliations, gov.rule) == ("ISRGOV", ["ISRGOV", "ISRPTYLIK"], "phrase:party")


def test_adjective_on_a_thing_is_not_an_actor(nlp, kb) -> None:  # noqa: ANN001
    assert run(nlp, kb, "The Iraqi flag was raised over the Kurdish side of the front.") == []


# ---------------------------------------------------------------------------
# People with titles
# ---------------------------------------------------------------------------


def test_title_without_owner_stays_uncoded(nlp, kb) -> None:  # noqa: ANN001
    found = run(nlp, kb, "A day after Brig. Gen. Salim Haddad gave warning, the town fell.")
    person = by_text(found)["Brig. Gen. Salim Haddad"]
    assert (person.actor.kind, person.actor.name, person.role) == ("person", "Salim Haddad", "military commander")
    assert (person.actor.code, person.actor.country, person.coded) == (None, None, False)
    assert person.actor.sector == "MIL"


def test_title_with_owner(nlp, kb) -> None:  # noqa: ANN001
    found = by_text(
        run(nlp, kb, "Iraqi Brig. Gen. Salim Haddad warned the Kurds. Kurdish leader Aram Karim called for calm.")
    )
    general = found["Iraqi Brig. Gen. Salim Haddad"]
    assert (general.actor.code, general.actor.country, general.role) == ("IRQMIL", "IRQ", "military commander")
    leader = found["Kurdish leader Aram Karim"]
    assert (leader.actor.code, leader.role, leader.actor.affiliations) == ("KURGOV", "leader", ["KURGOV"])


def test_title_from_a_named_group(nlp, kb) -> None:  # noqa: ANN001
    found = by_text(run(nlp, kb, '"We will hold the line," said peshmerga fighter Aziz Salih.'))
    fighter = found["peshmerga fighter Aziz Salih"]
    assert (fighter.actor.code, fighter.role, fighter.actor.sector) == ("KURMIL", "fighter", "MIL")


def test_affiliation_from_an_apposition(nlp, kb) -> None:  # noqa: ANN001
    found = run(nlp, kb, "Salim Haddad, a commander of the Iraqi army, said the operation was over.")
    person = found[0]
    assert person.mention.text.startswith("Salim Haddad")
    assert (person.actor.kind, person.actor.code, person.role) == ("person", "IRQMIL", "military commander")


def test_surname_refers_back(nlp, kb) -> None:  # noqa: ANN001
    found = run(nlp, kb, "Iraqi Prime Minister Adil Nouri spoke on Monday. Mr Nouri said the vote was illegal.")
    first, later = (m for m in found if m.actor.kind == "person")
    assert first.actor.code == "IRQGOV" and first.role == "prime minister"
    assert later.mention.text == "Mr Nouri" and later.actor.code == "IRQGOV"
    assert found[later.antecedent] is first


# ---------------------------------------------------------------------------
# Metonymy
# ---------------------------------------------------------------------------


def test_capital_as_subject_is_its_government(nlp, kb) -> None:  # noqa: ANN001
    found = by_text(run(nlp, kb, "Baghdad condemned the vote. Washington said it would send advisers."))
    assert found["Baghdad"].actor.code == "IRQGOV" and found["Baghdad"].rule == "metonymy:capital"
    assert found["Washington"].actor.code == "USAGOV"
    assert found["it"].actor.code == "USAGOV"


def test_capital_as_place_is_not_an_actor(nlp, kb) -> None:  # noqa: ANN001
    assert run(nlp, kb, "Fighting continued in Baghdad on Monday.") == []


def test_institution_metonym(nlp, kb) -> None:  # noqa: ANN001
    (kremlin,) = run(nlp, kb, "The Kremlin denied the report.")
    assert (kremlin.actor.code, kremlin.rule) == ("RUSGOV", "metonymy:metonym")


def test_country_as_actor_and_as_place(nlp, kb) -> None:  # noqa: ANN001
    found = run(nlp, kb, "Iran has sent drones. Troops were deployed in Syria.")
    assert codes(found) == [("Iran", "IRN"), ("Troops", None)]


# ---------------------------------------------------------------------------
# Coreference
# ---------------------------------------------------------------------------


def test_definite_and_pronoun_refer_back(nlp, kb) -> None:  # noqa: ANN001
    found = run(nlp, kb, "Kurdish forces withdrew from the city. The Kurds said they would return.")
    assert codes(found) == [("Kurdish forces", "KURMIL"), ("Kurds", "KUR"), ("they", "KUR")]
    assert found[1].antecedent == 0
    assert found[2].antecedent == 1 and found[2].rule == "coref:pronoun"


def test_bare_description_takes_the_antecedents_code(nlp, kb) -> None:  # noqa: ANN001
    found = run(nlp, kb, "Iraq's federal forces entered the city on Monday. The federal forces met little resistance.")
    assert codes(found) == [("Iraq's federal forces", "IRQMIL"), ("federal forces", "IRQMIL")]
    assert found[1].antecedent == 0 and found[1].coded and "coref" in found[1].rule


def test_unrelated_description_is_not_forced(nlp, kb) -> None:  # noqa: ANN001
    found = run(nlp, kb, "Iraq's federal forces entered the city. He urged the coalition forces to help.")
    coalition = by_text(found)["coalition forces"]
    assert (coalition.actor.code, coalition.coded, coalition.antecedent) == (None, False, None)


def test_them_inside_a_relative_clause(nlp, kb) -> None:  # noqa: ANN001
    text = "The rebels are outmatched by Syria's armed forces and the militias that fight alongside them."
    found = by_text(run(nlp, kb, text))
    them = found["them"]
    assert them.actor.code == "SYRMIL"


def test_he_refers_to_the_person(nlp, kb) -> None:  # noqa: ANN001
    found = run(nlp, kb, "Col. Omar Farouk said he would withdraw.")
    he = by_text(found)["he"]
    assert found[he.antecedent].actor.name == "Omar Farouk"


# ---------------------------------------------------------------------------
# Two names for one actor
# ---------------------------------------------------------------------------


def test_known_as_is_one_actor(nlp, kb) -> None:  # noqa: ANN001
    (actor,) = run(nlp, kb, "Kurdish forces, known as the peshmerga, responded with rocket fire.")
    assert actor.mention.text == "Kurdish forces, known as the peshmerga"
    assert (actor.actor.code, actor.rule) == ("KURMIL", "apposition:known_as")
    assert "Kurdish forces" in actor.actor.aliases


def test_acronym_in_brackets(nlp, kb) -> None:  # noqa: ANN001
    (cts,) = run(nlp, kb, "The Counter-Terrorism Service (CTS) led the assault.")
    assert cts.mention.text == "Counter-Terrorism Service (CTS)"
    assert cts.actor.code == "IRQMILCTS" and "CTS" in cts.actor.aliases


def test_apposition_needs_agreement(nlp, kb) -> None:  # noqa: ANN001
    found = by_text(run(nlp, kb, "An airstrike killed three fighters, a spokesman for the vigilante groups said."))
    assert "fighters" in found
    spokesman = found["spokesman"]
    assert (spokesman.role, spokesman.actor.sector, spokesman.coded) == ("spokesperson", "UAF", False)


def test_apposition_is_one_actor(nlp, kb) -> None:  # noqa: ANN001
    (pmf,) = run(nlp, kb, "Hashd al-Shaabi, the Iran-backed militias, entered the town.")
    assert (pmf.actor.code, pmf.actor.sponsor, pmf.rule) == ("IRQUAFPMF", "IRN", "apposition:apposition")


# ---------------------------------------------------------------------------
# Unknown actors are kept, names match with their case
# ---------------------------------------------------------------------------


def test_unknown_actors_are_kept_uncoded(nlp, kb) -> None:  # noqa: ANN001
    found = run(nlp, kb, "Gunmen attacked a checkpoint. The Nahrawan Defence Committee issued a statement.")
    assert [(m.mention.text, m.coded, m.actor.code) for m in found] == [
        ("Gunmen", False, None),
        ("Nahrawan Defence Committee", False, None),
    ]
    assert found[0].actor.sector == "UAF"


def test_dateline_country_is_a_best_guess_only(nlp, kb) -> None:  # noqa: ANN001
    found = run(nlp, kb, "Police arrested three men on Sunday.", dateline="MOSUL, Iraq")
    (police,) = found
    assert (police.actor.code, police.coded, police.actor.country) == (None, False, "IRQ")
    assert police.rule.endswith("+country:dateline")


def test_acronym_needs_capitals(nlp, kb) -> None:  # noqa: ANN001
    found = run(nlp, kb, "ISIS fighters attacked the village. This is what it is.")
    assert codes(found) == [("ISIS fighters", "IMGISI")]


def test_doc_of_another_text_is_refused(nlp, kb) -> None:  # noqa: ANN001
    article = Article(id="x", text="Iraqi forces advanced.")
    with pytest.raises(ValueError, match="article x"):
        extract_actors(nlp("Something else."), article, kb=kb)


# ---------------------------------------------------------------------------
# code_actor_text
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "sector"),
    [
        ("Iraqi President Saddam Hussein", "IRQGOV", "GOV"),
        ("Israeli police", "ISRCOP", "COP"),
        ("Sudan's government", "SDNGOV", "GOV"),
        ("United Nations peacekeepers", "IGOUNODPK", "MIL"),
        ("Hezbollah", "LBNREBHEZ", "REB"),
        ("Turkish police", "TURCOP", "COP"),
        ("Palestinians", "PSE", None),
        ("Moscow", "RUSGOV", "GOV"),
        ("Rebels in the Ivory Coast", "CIVREB", "REB"),
        ("Vietnamese-led forces", "VNMMIL", "MIL"),
    ],
)
def test_code_actor_text(kb, text: str, code: str, sector: str | None) -> None:  # noqa: ANN001
    actor = code_actor_text(text, kb)
    assert (actor.code, actor.sector) == (code, sector)


def test_code_actor_text_unknown(kb) -> None:  # noqa: ANN001
    assert code_actor_text("car bomb", kb) is None
    militias = code_actor_text("Iranian-sponsored militias", kb)
    assert (militias.code, militias.sector, militias.sponsor) == (None, "UAF", "IRN")


# ---------------------------------------------------------------------------
# The AP seed (../shared/seeds/002_*), read through ingest
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ap_seed(nlp, kb) -> list[ActorMention]:  # noqa: ANN001
    from tests.conftest import SHARED

    seeds = SHARED / "seeds"
    paths = sorted(seeds.glob("002_*.txt")) if seeds.is_dir() else []
    if not paths:
        pytest.skip(f"needs the AP seed {seeds}/002_*.txt from ../shared")
    from dateline.ingest import prepare_article, read_items

    (item,) = list(read_items([str(paths[0])]))
    article = prepare_article(item)
    assert isinstance(article, Article)
    return extract_actors(nlp(article.text), article, kb=kb)


def _first(mentions: list[ActorMention], text: str) -> ActorMention:
    return next(m for m in mentions if m.mention.text == text)


def test_ap_seed_coordination(ap_seed) -> None:  # noqa: ANN001
    assert _first(ap_seed, "Iraqi federal").actor.code == "IRQMIL"
    assert _first(ap_seed, "Kurdish forces").actor.code == "KURMIL"
    assert _first(ap_seed, "Iraq's anti-terrorism").actor.code == "IRQMILCTS"
    police = _first(ap_seed, "federal police forces")
    assert (police.actor.code, police.actor.sector) == ("IRQCOP", "COP")


def test_ap_seed_peshmerga_is_one_actor(ap_seed) -> None:  # noqa: ANN001
    pesh = _first(ap_seed, "Kurdish forces, known as the peshmerga")
    assert pesh.actor.code == "KURMIL"
    assert not any(m.mention.text == "peshmerga" and m.mention.start < pesh.mention.end for m in ap_seed)


def test_ap_seed_general(ap_seed) -> None:  # noqa: ANN001
    general = _first(ap_seed, "Brig. Gen. Raad Baddai")
    assert (general.actor.kind, general.role, general.actor.code) == ("person", "military commander", None)


def test_ap_seed_militias_and_baghdad(ap_seed) -> None:  # noqa: ANN001
    militias = [m for m in ap_seed if m.mention.text == "Iranian-sponsored militias"]
    assert len(militias) == 2
    assert all((m.actor.sector, m.actor.sponsor, m.actor.code) == ("UAF", "IRN", None) for m in militias)
    baghdad = _first(ap_seed, "Baghdad")
    assert (baghdad.actor.code, baghdad.rule) == ("IRQGOV", "metonymy:capital")


def test_ap_seed_references_back(ap_seed) -> None:  # noqa: ANN001
    federal = [m for m in ap_seed if m.mention.text == "federal forces" and m.antecedent is not None]
    assert federal and all(m.actor.code == "IRQMIL" for m in federal)
    they = _first(ap_seed, "They")
    assert ap_seed[they.antecedent].mention.text == "Kurdish authorities"
    assert they.actor.code == "KURGOV"


def test_ap_seed_dateline_country_is_not_an_actor(ap_seed) -> None:  # noqa: ANN001
    assert ap_seed[0].mention.text == "Iraqi federal"  # not "Iraq" in "ALTUN KUPRI, Iraq -"


def test_seed_corpus_offsets(nlp, kb, seeds_dir: Path) -> None:  # noqa: ANN001
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        mentions = run(nlp, kb, text)
        assert mentions, path.name
