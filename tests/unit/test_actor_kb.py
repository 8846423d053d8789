"""The actor knowledge base: its data is consistent, and users can add to it."""

from __future__ import annotations

import re
from pathlib import Path

import pycountry
import pytest

from dateline.errors import InputError
from dateline.knowledge.actors import AliasCollision, load_actor_kb, validate

EXPECTED_COLLISIONS = {
    AliasCollision("cpc", ("CAFREBCPC", "CHNPTYCCP")),
    AliasCollision("jem", ("PAKREBJEM", "SDNREBJEM")),
}
"""Aliases deliberately shared by two actors. "JeM" and "JEM" differ in case, which the
extractor's matcher respects; "CPC" is ambiguous in the world too. A new collision makes
the test below fail so that it gets looked at."""


@pytest.fixture(scope="module")
def kb():  # noqa: ANN201
    return load_actor_kb()


def test_loaded_once_per_process(kb) -> None:  # noqa: ANN001
    assert load_actor_kb() is kb


def test_data_has_no_problems(kb) -> None:  # noqa: ANN001
    # Duplicate codes are caught at load time and listed in kb.problems;
    # validate() checks affiliations, sponsors, sectors and country coverage.
    assert kb.problems == []
    assert validate(kb) == []


def test_every_iso_country_present_with_a_name(kb) -> None:  # noqa: ANN001
    for country in pycountry.countries:
        assert country.alpha_3 in kb.countries, country.name
        assert kb.countries[country.alpha_3].name
    assert kb.countries["XKX"].name == "Kosovo"


def test_codes_are_three_letter_blocks_and_unique(kb) -> None:  # noqa: ANN001
    block = re.compile(r"^(?:[A-Z0-9]{3})+$")
    assert all(block.match(code) for code in kb.entries)
    assert not set(kb.groups) & set(kb.countries)
    assert not set(kb.groups) & set(kb.entries)


def test_every_affiliation_and_sponsor_resolves(kb) -> None:  # noqa: ANN001
    for entry in kb.entries.values():
        for parent in entry.affiliations:
            assert kb.is_known_code(parent), (entry.code, parent)
        assert entry.sponsor is None or entry.sponsor in kb.countries, entry.code


def test_alias_collisions_are_reported(kb) -> None:  # noqa: ANN001
    assert set(kb.collisions) == EXPECTED_COLLISIONS


def test_sizes(kb) -> None:  # noqa: ANN001
    named_groups = [e for e in kb.entries.values() if e.kind in ("rebel_militia", "political_party", "state_force")]
    assert len(kb.countries) >= 250
    assert len(named_groups) >= 200
    assert len(kb.aliases) >= 2500


@pytest.mark.parametrize(
    ("alias", "code"),
    [
        ("ISIS", "IMGISI"),
        ("Daesh", "IMGISI"),
        ("Islamic State of Iraq and the Levant", "IMGISI"),
        ("Hashd al-Shaabi", "IRQUAFPMF"),
        ("Popular Mobilization Forces", "IRQUAFPMF"),
        ("peshmerga", "KURMIL"),
        ("Ansar Allah", "YEMREBHOU"),
        ("al-Shabab", "IMGAQDSHB"),
        ("Wagner Group", "RUSUAFWAG"),
        ("NATO", "IGONAT"),
        ("Arab League", "IGOARL"),
        ("anti-ISIS coalition", "IGOCOA"),
        ("Tatmadaw", "MMRMIL"),
    ],
)
def test_aliases_name_their_actor(kb, alias: str, code: str) -> None:  # noqa: ANN001
    assert code in {t.code for t in kb.lookup(alias)}


def test_country_forms(kb) -> None:  # noqa: ANN001
    iraq = kb.countries["IRQ"]
    assert "Iraqis" in iraq.people and "Baghdad" in iraq.capitals
    assert {t.kind for t in kb.lookup("Britain")} == {"country"}
    assert kb.lookup("British")[0].code == "GBR"
    assert kb.lookup("Kurdish")[0].code == "KUR"
    assert kb.countries["RUS"].name == "Russia"


def test_affiliation_chain_and_sponsor(kb) -> None:  # noqa: ANN001
    cts = kb.actor("IRQMILCTS")
    assert (cts.country, cts.sector, cts.affiliations) == ("IRQ", "MIL", ["IRQMIL"])
    pmf = kb.actor("IRQUAFPMF")
    assert pmf.sponsor == "IRN" and pmf.kind == "rebel_militia"
    assert kb.actor("KURMIL").affiliations == ["KURGOV", "KUR"]


def test_local_alias_needs_its_country(kb) -> None:  # noqa: ANN001
    assert kb.local_alias("IRQ", "anti-terrorism forces").code == "IRQMILCTS"
    assert kb.local_alias("SYR", "anti-terrorism forces") is None


def test_composed_codes(kb) -> None:  # noqa: ANN001
    police = kb.actor("IRQCOP")
    assert (police.name, police.kind, police.country, police.affiliations) == (
        "Iraqi police",
        "state_force",
        "IRQ",
        ["IRQ"],
    )
    kurds = kb.actor("KURGOV")
    assert kurds.name == "Kurdistan Regional Government"  # an entry takes precedence
    assert kb.actor("KURREB").code == "KURREB" and kb.actor("KURREB").country is None
    assert kb.actor("IRQ").kind == "external_state"
    assert kb.actor("XYZMIL") is None
    assert not kb.is_known_code("IRQXYZ")


# ---------------------------------------------------------------------------
# A user's --actors file
# ---------------------------------------------------------------------------


def test_extra_yaml_adds_and_overrides(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "- {code: IRQUAFNBR, name: Nahrawan Brigade, kind: rebel_militia, country: IRQ, sector: UAF,\n"
        "   aliases: [Nahrawan Brigade, Liwa al-Nahrawan], affiliations: [IRQUAFPMF], sponsor: IRN}\n"
        "- {code: KURMIL, name: Kurdish forces, kind: state_force, sector: MIL, aliases: [peshmerga]}\n",
        encoding="utf-8",
    )
    kb = load_actor_kb(extra)
    assert kb.problems == []
    assert kb.lookup("Liwa al-Nahrawan")[0].code == "IRQUAFNBR"
    assert kb.actor("IRQUAFNBR").affiliations == ["IRQUAFPMF"]
    assert kb.actor("KURMIL").name == "Kurdish forces"
    assert load_actor_kb().actor("KURMIL").name == "Peshmerga"  # the default KB is untouched


def test_extra_csv_with_list_columns(tmp_path: Path) -> None:
    extra = tmp_path / "mine.csv"
    extra.write_text(
        "code,name,kind,country,sector,aliases,affiliations\n"
        "SYRUAFDSR,Deir ez-Zor Military Council,rebel_militia,SYR,UAF,Deir ez-Zor Military Council|DZMC,SYRREBSDF\n",
        encoding="utf-8",
    )
    kb = load_actor_kb(extra)
    assert kb.lookup("DZMC")[0].code == "SYRUAFDSR"
    assert kb.actor("SYRUAFDSR").affiliations == ["SYRREBSDF"]


def test_extra_dangling_affiliation_is_a_problem(tmp_path: Path) -> None:
    extra = tmp_path / "mine.tsv"
    extra.write_text("code\tname\tkind\taffiliations\nIRQUAFZZZ\tZ group\trebel_militia\tNOPE00\n", encoding="utf-8")
    kb = load_actor_kb(extra)
    assert any("NOPE00" in p and "mine.tsv:1" in p for p in kb.problems)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- {code: IRQUAFNBR, name: X, kind: militia}\n", "kind 'militia'"),
        ("- {code: IRQ-UAF, name: X, kind: other}\n", "blocks of three"),
        ("- {code: IRQUAFNBR, kind: other}\n", "missing 'name'"),
        ("- {code: IRQUAFNBR, name: X, kind: other, colour: red}\n", "unknown field"),
        ("code: IRQUAFNBR\n", "YAML list"),
    ],
)
def test_extra_file_errors_name_the_file_and_fix(tmp_path: Path, content: str, message: str) -> None:
    extra = tmp_path / "bad.yaml"
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)) as info:
        load_actor_kb(extra)
    assert "bad.yaml" in str(info.value)


def test_extra_file_missing_or_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        load_actor_kb(tmp_path / "nope.yaml")
    odd = tmp_path / "actors.json"
    odd.write_text("[]", encoding="utf-8")
    with pytest.raises(InputError, match="unknown format"):
        load_actor_kb(odd)
