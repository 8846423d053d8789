"""The gazetteer index: lookups by name, alternate name, abbreviation and demonym; user CSVs; geometry."""

from __future__ import annotations

import math
import time
from pathlib import Path

import pytest

from dateline.errors import ResourceMissing
from dateline.knowledge.gazetteer import load_gazetteer
from dateline.knowledge.geo_build import central_point, source_version
from dateline.knowledge.geo_math import haversine_km, offset_point
from dateline.knowledge.geo_names import fold_name, key_variants


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def test_fold_name_meets_spellings_on_one_key():
    assert fold_name("Kirkūk") == fold_name("KIRKUK") == "kirkuk"
    assert fold_name("Al-Mawṣil") == "al mawsil"
    assert fold_name("St. Louis") == "st louis"
    assert "mawsil" in key_variants("al mawsil")


def test_city_found_by_name_and_alternate_names(gaz):
    (kirkuk,) = [p for p in gaz.lookup("Kirkuk") if p.feature_code == "PPL"]
    assert kirkuk.country == "IQ" and kirkuk.place_id.startswith("gn:")
    assert haversine_km(kirkuk.lat, kirkuk.lon, 35.47, 44.39) < 5
    erbil_ids = {p.place_id for p in gaz.lookup("Erbil") if p.feature_code == "PPL"}
    assert erbil_ids & {p.place_id for p in gaz.lookup("Hawler")}
    assert gaz.lookup("Arbil")


def test_lookup_dedupes_by_place_id(gaz):
    ids = [p.place_id for p in gaz.lookup("Baghdad")]
    assert len(ids) == len(set(ids))


def test_supplement_has_small_conflict_zone_towns(gaz):
    for name in ("Altun Kupri", "Altun Kopri", "Alton Kopru"):
        (place,) = [p for p in gaz.lookup(name) if p.country == "IQ"]
        assert place.place_id.startswith("dl:")
        assert haversine_km(place.lat, place.lon, 35.75, 44.14) < 3
    assert gaz.get(place.place_id) == place


def test_countries_subdivisions_and_abbreviations(gaz):
    iraq = gaz.country("IQ")
    assert iraq.name == "Iraq" and iraq.feature_code == "PCLI"
    assert gaz.lookup("U.S.")[0].country == "US"
    (calif,) = gaz.lookup("Calif.")
    assert calif.feature_code == "ADM1" and calif.name == "California"
    assert gaz.admin1("IQ", "Kirkuk") is not None
    assert any(p.feature_code == "ADM2" for p in gaz.lookup("Anderson County"))
    with pytest.raises(KeyError, match="ISO 3166-1"):
        gaz.country("XX")


def test_demonyms_are_looked_up_apart(gaz):
    assert gaz.lookup_demonym("Iraqi")[0].country == "IQ"
    assert gaz.lookup_demonym("Kurdish")[0].name == "Kurdistan Region"
    assert not gaz.lookup_demonym("Kirkuk")
    assert not any(p.country == "IQ" for p in gaz.lookup("Iraqi"))


def test_user_csv_adds_places(tmp_path: Path):
    csv = tmp_path / "mine.csv"
    csv.write_text(
        "name,alt_names,lat,lon,country,admin1,feature_code,population\n"
        "Qaryat Test,Test Village|Qaryet Test,34.10,43.20,IQ,Salah ad Din,PPL,\n",
        encoding="utf-8",
    )
    gaz = load_gazetteer(csv)
    (place,) = gaz.lookup("Test Village")
    assert place.name == "Qaryat Test" and place.country == "IQ"
    assert gaz.get(place.place_id) == place
    assert "qaryet test" in gaz.names_for_matching(min_population=10**9, single_word_min_population=10**9)


def test_user_csv_errors_name_the_file(tmp_path: Path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat,lon\nSomewhere,north,east\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.csv"):
        load_gazetteer(bad)
    with pytest.raises(ResourceMissing, match="does not exist"):
        load_gazetteer(tmp_path / "missing.csv")


def test_index_is_versioned_and_opens_fast(gaz):
    assert source_version() in gaz.path.name
    stats = gaz.stats()
    assert stats["cities500"] > 200_000 and stats["places_supplement.tsv"] >= 300
    started = time.perf_counter()
    load_gazetteer.__wrapped__()
    assert time.perf_counter() - started < 2.0


def test_geometry():
    lat, lon = offset_point(35.468, 44.392, 315.0, 40.0)
    assert math.isclose(haversine_km(35.468, 44.392, lat, lon), 40.0, rel_tol=1e-3)
    assert lat > 35.468 and lon < 44.392
    assert central_point([(0.0, 0.0), (10.0, 10.0)]) == (5.0, 5.0)
    assert central_point([]) is None
