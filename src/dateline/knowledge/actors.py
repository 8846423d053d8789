"""The actor knowledge base: who can act in a news story, and the code each one gets.

Everything here is data the team wrote (``knowledge/data/countries.yaml``,
``actors_*.yaml``) plus ISO 3166 facts from pycountry. Keeping names, aliases
and sector words in data files — not in the extractor — means an analyst can
add a militia or a spelling without touching code (``--actors FILE``).

Codes follow the CAMEO idea of three-letter blocks, read left to right from
general to specific:

- a country (ISO alpha-3, ``IRQ``) or an ethnic/regional group (``KUR``);
- plus a sector (``IRQMIL``, ``IRQCOP``, ``KURGOV``) — any such pair is a valid
  code even without an entry of its own;
- plus three letters for a named actor inside it (``IRQMILCTS``, the
  Counter-Terrorism Service). International organisations start with ``IGO``
  (``IGOUNO``), transnational armed groups with ``IMG`` (``IMGISI``).

So filtering on a prefix (``IRQMIL*``) finds a unit and everything inside it.
The KB does not read text: recognising actors in an article is
``dateline.extract.actors``.
"""

from __future__ import annotations

import csv
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal, get_args

import yaml

from dateline.errors import InputError
from dateline.model import Actor, ActorKind

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"
COUNTRY_FILE = DATA_DIR / "countries.yaml"
LEXICON_FILE = DATA_DIR / "actors_lexicon.yaml"
ETHNIC_FILE = DATA_DIR / "actors_ethnic.yaml"
ACTOR_FILES = (DATA_DIR / "actors_igos.yaml", DATA_DIR / "actors_groups.yaml")

ENTRY_FIELDS = (
    "code",
    "name",
    "kind",
    "country",
    "sector",
    "aliases",
    "local_aliases",
    "metonyms",
    "affiliations",
    "sponsor",
)
"""Columns of an actor entry, in YAML keys or CSV/TSV headers. List columns in
CSV/TSV are separated by ``|``."""

LIST_FIELDS = frozenset({"aliases", "local_aliases", "metonyms", "affiliations"})

_CODE_RE = re.compile(r"^(?:[A-Z0-9]{3})+$")
_KINDS = frozenset(get_args(ActorKind))

AliasKind = Literal["country", "demonym", "people", "capital", "group", "entry", "local", "metonym"]
"""What an alias names: a country by name, adjective or people; a capital
(metonymy only); an ethnic group; a KB entry by name; or a place that stands
for an entry ("the Kremlin")."""

CaseMode = Literal["exact", "capital", "any"]
"""How an alias must be written to match: ``exact`` for acronyms written in
capitals ("IS", "US"), ``capital`` for names with a capital initial
("Turkey", not "turkey"), ``any`` for lower-case words ("peshmerga")."""


# ---------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Country:
    """A country: ISO codes and every way news copy names it."""

    code: str
    alpha2: str
    name: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...]
    people: tuple[str, ...]
    capitals: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EthnicGroup:
    """An ethnic, regional or religious group: a code prefix like a country's."""

    code: str
    name: str
    adjectives: tuple[str, ...]
    people: tuple[str, ...]
    names: tuple[str, ...]
    countries: tuple[str, ...]
    religion: bool = False


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """A named actor of the KB (a group, an IGO, an institution)."""

    code: str
    name: str
    kind: ActorKind
    country: str | None = None
    sector: str | None = None
    aliases: tuple[str, ...] = ()
    local_aliases: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()
    sponsor: str | None = None
    source: str = ""
    """File the entry came from (for error messages and ``--actors`` overrides)."""


@dataclass(frozen=True, slots=True)
class Sector:
    """A sector code and the actor kind it implies."""

    code: str
    kind: ActorKind
    label: str


@dataclass(frozen=True, slots=True)
class HeadWord:
    """A noun that can head an actor phrase ("forces", "police", "government")."""

    sector: str
    armed: bool
    generic: bool


@dataclass(frozen=True, slots=True)
class Title:
    """A title before a person's name ("Brig. Gen.", "Prime Minister")."""

    role: str | None
    sector: str | None


@dataclass(frozen=True, slots=True)
class AliasTarget:
    """One thing an alias can name."""

    kind: AliasKind
    code: str


@dataclass(frozen=True, slots=True)
class Alias:
    """An alias as written in the data, with how it must be cased to match."""

    text: str
    case: CaseMode
    target: AliasTarget


@dataclass(frozen=True, slots=True)
class AliasCollision:
    """One folded alias that names different codes; the extractor keeps all readings."""

    alias: str
    codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Words that make a noun phrase an actor. Keys are tuples of folded words."""

    heads: dict[tuple[str, ...], HeadWord]
    modifiers: dict[tuple[str, ...], dict[str, str]]
    """Modifier -> {"armed": sector, "civil": sector}."""
    titles: dict[tuple[str, ...], Title]
    sponsor_words: frozenset[str]
    metonymy_verbs: frozenset[str]
    locative_preps: frozenset[str]
    place_nouns: frozenset[str]
    known_as: tuple[tuple[str, ...], ...]
    plural_pronouns: frozenset[str]
    person_pronouns: frozenset[str]
    organisation_pronouns: frozenset[str]


@dataclass(eq=False)
class ActorKB:
    """Countries, groups, named actors and the lexicon, indexed for lookup.

    Built by :func:`load_actor_kb`; treat it as read-only. Compare by identity,
    so extractors can cache derived matchers per KB.
    """

    countries: dict[str, Country]
    groups: dict[str, EthnicGroup]
    entries: dict[str, ActorEntry]
    sectors: dict[str, Sector]
    lexicon: Lexicon
    aliases: list[Alias] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """Inconsistencies found while loading (duplicate codes, dangling affiliations)."""
    _by_alias: dict[str, list[AliasTarget]] = field(default_factory=dict, repr=False)
    _local: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:
        return (
            f"ActorKB({len(self.countries)} countries, {len(self.groups)} groups, "
            f"{len(self.entries)} entries, {len(self.aliases)} aliases)"
        )

    # -- lookups -----------------------------------------------------------

    def lookup(self, text: str) -> list[AliasTarget]:
        """Every reading of a name or adjective, case-insensitively ("Iraqi" -> IRQ demonym)."""
        return self._by_alias.get(fold(text), [])

    def local_alias(self, country: str, description: str) -> ActorEntry | None:
        """The entry a description means inside a country ("IRQ", "anti-terrorism forces" -> CTS)."""
        code = self._local.get((country, fold(description)))
        return self.entries.get(code) if code else None

    def prefix_of(self, code: str) -> str | None:
        """The country or group a code belongs to (``IRQMILCTS`` -> ``IRQ``)."""
        head = code[:3]
        return head if head in self.countries or head in self.groups else None

    def is_known_code(self, code: str) -> bool:
        """True for an entry, a country, a group, or a country/group + sector code."""
        if code in self.entries or code in self.countries or code in self.groups:
            return True
        return len(code) == 6 and self.prefix_of(code) is not None and code[3:] in self.sectors

    @property
    def collisions(self) -> list[AliasCollision]:
        """Aliases that name more than one code (e.g. a demonym shared by two groups)."""
        out = []
        for key, targets in sorted(self._by_alias.items()):
            codes = tuple(sorted({t.code for t in targets}))
            if len(codes) > 1:
                out.append(AliasCollision(key, codes))
        return out

    # -- building model actors ---------------------------------------------

    def actor(self, code: str) -> Actor | None:
        """The :class:`~dateline.model.Actor` a code stands for, or ``None`` if unknown.

        Example: ``kb.actor("IRQMILCTS").name == "Counter-Terrorism Service"``;
        ``kb.actor("IRQCOP")`` is a composed "Iraqi police" actor.
        """
        entry = self.entries.get(code)
        if entry is not None:
            return Actor(
                name=entry.name,
                code=entry.code,
                kind=entry.kind,
                country=entry.country,
                sector=entry.sector,
                affiliations=list(entry.affiliations),
                aliases=list(entry.aliases),
                sponsor=entry.sponsor,
            )
        if code in self.countries:
            return Actor(name=self.countries[code].name, code=code, kind="external_state", country=code)
        if code in self.groups:
            group = self.groups[code]
            return Actor(
                name=group.name,
                code=code,
                kind="ethnic_group",
                country=group.countries[0] if len(group.countries) == 1 else None,
            )
        if self.is_known_code(code):
            return self.compose(code[:3], code[3:])
        return None

    def compose(
        self,
        prefix: str | None,
        sector: str | None,
        *,
        name: str | None = None,
        country: str | None = None,
        sponsor: str | None = None,
    ) -> Actor:
        """An actor from a country or group prefix and a sector ("IRQ" + "MIL" -> IRQMIL).

        With no prefix the actor is returned uncoded (``code=None``) with the
        sector as a best guess: "Iranian-sponsored militias" has a sector (UAF)
        and a sponsor, but no country the text states.
        """
        sector_info = self.sectors.get(sector) if sector else None
        kind: ActorKind = sector_info.kind if sector_info else "other"
        if prefix in self.countries:
            country = country or prefix
        elif prefix in self.groups:
            group = self.groups[prefix]
            if country is None and len(group.countries) == 1:
                country = group.countries[0]
            if sector is None:
                kind = "ethnic_group"
        code = None
        if prefix is not None:
            code = prefix + (sector or "")
            if sector is None and prefix in self.countries:
                kind = "external_state"
        if name is None:
            name = self._compose_name(prefix, sector_info)
        return Actor(
            name=name,
            code=code,
            kind=kind,
            country=country,
            sector=sector,
            affiliations=[prefix] if prefix and sector else [],
            sponsor=sponsor,
        )

    def _compose_name(self, prefix: str | None, sector: Sector | None) -> str:
        label = sector.label if sector else "actor"
        if prefix in self.countries:
            country = self.countries[prefix]
            adj = country.adjectives[0] if country.adjectives else country.name
            return f"{adj} {label}"
        if prefix in self.groups:
            group = self.groups[prefix]
            return f"{group.adjectives[0]} {label}" if group.adjectives else f"{group.name} {label}"
        return label


# ---------------------------------------------------------------------------
# Text folding (shared with the extractor so both sides agree)
# ---------------------------------------------------------------------------

_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def fold(text: str) -> str:
    """Lower-case, straight quotes and hyphens, no accents, single spaces: the alias key."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())


def case_mode(alias: str) -> CaseMode:
    """How an alias must be cased to match (see :data:`CaseMode`)."""
    letters = [c for c in alias if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) <= 6:
        return "exact"
    if alias[:1].isupper():
        return "capital"
    return "any"


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


@lru_cache(maxsize=8)
def load_actor_kb(extra: Path | None = None) -> ActorKB:
    """Load the actor knowledge base once per process (and per ``extra`` file).

    Args:
        extra: a user's YAML, CSV or TSV file of actor entries (columns
            :data:`ENTRY_FIELDS`); an entry with the code of a built-in one
            replaces it. See ``docs/actors.md``.

    Raises:
        InputError: ``extra`` cannot be read or has an invalid entry; the
            message names the file, the row and the field.

    Example:
        >>> kb = load_actor_kb()
        >>> kb.lookup("peshmerga")[0].code
        'KURMIL'
    """
    lexicon_data = _read_yaml(LEXICON_FILE)
    sectors = {code: Sector(code, spec["kind"], spec["label"]) for code, spec in lexicon_data["sectors"].items()}
    countries = _load_countries(_read_yaml(COUNTRY_FILE))
    groups = {g.code: g for g in (_ethnic_group(row) for row in _read_yaml(ETHNIC_FILE))}
    kb = ActorKB(
        countries=countries,
        groups=groups,
        entries={},
        sectors=sectors,
        lexicon=_load_lexicon(lexicon_data),
    )
    for path in ACTOR_FILES:
        for i, row in enumerate(_read_yaml(path), start=1):
            _add_entry(kb, _entry_from_row(row, source=f"{path.name}:{i}"), replace=False)
    if extra is not None:
        for entry in _read_user_file(extra):
            _add_entry(kb, entry, replace=True)
    _index_aliases(kb)
    kb.problems.extend(validate(kb))
    for problem in kb.problems:
        log.warning("actor KB: %s", problem)
    log.info(
        "actor KB: %d countries, %d groups, %d entries, %d aliases",
        len(kb.countries),
        len(kb.groups),
        len(kb.entries),
        len(kb.aliases),
    )
    return kb


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader when PyYAML was built with it: about 5x faster on the KB files."""


def _read_yaml(path: Path):  # noqa: ANN202 - YAML documents are untyped
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader


def _load_countries(data: dict) -> dict[str, Country]:
    import pycountry

    countries: dict[str, Country] = {}
    for code, spec in data.items():
        spec = spec or {}
        iso = pycountry.countries.get(alpha_3=code)
        if iso is None and not spec.get("extra"):
            raise InputError(
                f"{COUNTRY_FILE.name}: {code!r} is not an ISO 3166 alpha-3 code; "
                "mark non-ISO entries with 'extra: true' and give 'name' and 'alpha2'"
            )
        official = [getattr(iso, a) for a in ("name", "common_name", "official_name") if hasattr(iso, a)]
        name = spec.get("name") or getattr(iso, "common_name", None) or iso.name  # type: ignore[union-attr]
        adjectives = tuple(spec.get("adj") or ())
        people = list(spec.get("people") or ())
        for adj in adjectives:
            if adj.endswith(("an", "i")) and adj + "s" not in people:
                people.append(adj + "s")
        countries[code] = Country(
            code=code,
            alpha2=spec.get("alpha2") or iso.alpha_2,  # type: ignore[union-attr]  # ISO or 'extra' with alpha2
            name=name,
            names=tuple(dict.fromkeys([name, *official, *(spec.get("names") or ())])),
            adjectives=adjectives,
            people=tuple(people),
            capitals=tuple(spec.get("capital") or ()),
        )
    return countries


def _ethnic_group(row: dict) -> EthnicGroup:
    return EthnicGroup(
        code=row["code"],
        name=row["name"],
        adjectives=tuple(row.get("adj") or ()),
        people=tuple(row.get("people") or ()),
        names=tuple(row.get("names") or ()),
        countries=tuple(row.get("countries") or ()),
        religion=bool(row.get("religion")),
    )


def _load_lexicon(data: dict) -> Lexicon:
    heads: dict[tuple[str, ...], HeadWord] = {}
    for group in data["heads"]:
        head = HeadWord(group["sector"], group["class"] == "armed", bool(group.get("generic")))
        for word in group["words"]:
            heads.setdefault(_words(word), head)
    modifiers = {}
    for word, sector in data["modifiers"].items():
        modifiers[_words(word)] = sector if isinstance(sector, dict) else {"armed": sector, "civil": sector}
    titles: dict[tuple[str, ...], Title] = {}
    for group in data["titles"]:
        title = Title(group["role"], group["sector"])
        for word in group["words"]:
            titles.setdefault(_words(word), title)
    pronouns = data["pronouns"]
    return Lexicon(
        heads=heads,
        modifiers=modifiers,
        titles=titles,
        sponsor_words=frozenset(data["sponsor_words"]),
        metonymy_verbs=frozenset(data["metonymy_verbs"]),
        locative_preps=frozenset(data["locative_preps"]),
        place_nouns=frozenset(data["place_nouns"]),
        known_as=tuple(tuple(cue) for cue in data["known_as"]),
        plural_pronouns=frozenset(pronouns["plural"]),
        person_pronouns=frozenset(pronouns["singular_person"]),
        organisation_pronouns=frozenset(pronouns["organisation"]),
    )


_WORD_SPLIT = re.compile(r"(-)|\s+")


def _words(text: str) -> tuple[str, ...]:
    """Folded words of a lexicon phrase, hyphens kept as their own word as spaCy splits them."""
    return tuple(w for w in _WORD_SPLIT.split(fold(text)) if w)


def _entry_from_row(row: dict, *, source: str) -> ActorEntry:
    unknown = set(row) - set(ENTRY_FIELDS)
    if unknown:
        raise InputError(f"{source}: unknown field(s) {sorted(unknown)}; allowed: {', '.join(ENTRY_FIELDS)}")
    for key in ("code", "name", "kind"):
        if not row.get(key):
            raise InputError(f"{source}: missing {key!r} (every actor needs code, name and kind)")
    code = str(row["code"]).strip().upper()
    if not _CODE_RE.match(code):
        raise InputError(f"{source}: code {code!r} must be letters/digits in blocks of three (IRQMILCTS)")
    if row["kind"] not in _KINDS:
        raise InputError(f"{source}: kind {row['kind']!r} is not one of {', '.join(sorted(_KINDS))}")

    def items(key: str) -> tuple[str, ...]:
        value = row.get(key) or ()
        if isinstance(value, str):
            value = value.split("|")
        return tuple(str(v).strip() for v in value if str(v).strip())

    return ActorEntry(
        code=code,
        name=str(row["name"]).strip(),
        kind=row["kind"],
        country=(str(row["country"]).strip().upper() or None) if row.get("country") else None,
        sector=(str(row["sector"]).strip().upper() or None) if row.get("sector") else None,
        aliases=items("aliases"),
        local_aliases=items("local_aliases"),
        metonyms=items("metonyms"),
        affiliations=tuple(a.upper() for a in items("affiliations")),
        sponsor=(str(row["sponsor"]).strip().upper() or None) if row.get("sponsor") else None,
        source=source,
    )


def _read_user_file(path: Path) -> list[ActorEntry]:
    """Entries from a user's ``--actors`` file: YAML (a list of mappings), CSV or TSV."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"actors file {str(path)!r} does not exist; pass a YAML, CSV or TSV file")
    suffix = path.suffix.lower()
    try:
        if suffix in (".yaml", ".yml"):
            rows = _read_yaml(path) or []
            if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                raise InputError(f"{path}: expected a YAML list of actor mappings (see docs/actors.md)")
        elif suffix in (".csv", ".tsv"):
            with path.open(encoding="utf-8", newline="") as fh:
                reader = csv.DictReader(fh, delimiter="\t" if suffix == ".tsv" else ",")
                rows = [{k.strip(): v for k, v in r.items() if k and v not in (None, "")} for r in reader]
        else:
            raise InputError(f"actors file {str(path)!r}: unknown format {suffix!r}; use .yaml, .csv or .tsv")
    except (yaml.YAMLError, csv.Error, UnicodeDecodeError) as exc:
        raise InputError(f"actors file {str(path)!r} cannot be parsed: {exc}") from exc
    return [_entry_from_row(row, source=f"{path.name}:{i}") for i, row in enumerate(rows, start=1)]


def _add_entry(kb: ActorKB, entry: ActorEntry, *, replace: bool) -> None:
    old = kb.entries.get(entry.code)
    if old is not None and not replace:
        kb.problems.append(f"duplicate code {entry.code} in {old.source} and {entry.source}; keeping the first")
        return
    if old is not None:
        log.info("actor %s from %s replaces the built-in entry (%s)", entry.code, entry.source, old.source)
    kb.entries[entry.code] = entry


def _index_aliases(kb: ActorKB) -> None:
    aliases: list[Alias] = []

    def add(text: str, kind: AliasKind, code: str) -> None:
        aliases.append(Alias(text, case_mode(text), AliasTarget(kind, code)))

    for c in kb.countries.values():
        for n in c.names:
            add(n, "country", c.code)
        for a in c.adjectives:
            add(a, "demonym", c.code)
        for p in c.people:
            add(p, "people", c.code)
        for cap in c.capitals:
            add(cap, "capital", c.code)
    for g in kb.groups.values():
        for a in g.adjectives:
            add(a, "group", g.code)
        for p in g.people:
            add(p, "people", g.code)
        for n in g.names:
            add(n, "group", g.code)
    for e in kb.entries.values():
        for a in dict.fromkeys((e.name, *e.aliases)):
            add(a, "entry", e.code)
        for m in e.metonyms:
            add(m, "metonym", e.code)
        if e.country:
            for local in e.local_aliases:
                kb._local[(e.country, fold(local))] = e.code
    by_alias: dict[str, list[AliasTarget]] = {}
    for alias in aliases:
        targets = by_alias.setdefault(fold(alias.text), [])
        if alias.target not in targets:
            targets.append(alias.target)
    kb.aliases = aliases
    kb._by_alias = by_alias


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


def validate(kb: ActorKB) -> list[str]:
    """Problems in the KB's data: dangling codes, bad sectors, missing countries.

    Duplicate codes are caught while loading (they never reach ``kb.entries``)
    and listed in ``kb.problems``. Alias collisions are not problems — they are
    listed by :attr:`ActorKB.collisions`.
    """
    import pycountry

    problems = []
    missing = sorted(c.alpha_3 for c in pycountry.countries if c.alpha_3 not in kb.countries)
    if missing:
        problems.append(f"countries.yaml lacks ISO countries: {', '.join(missing)}")
    clash = sorted(set(kb.groups) & set(kb.countries))
    if clash:
        problems.append(f"ethnic group codes equal country codes: {', '.join(clash)}")
    for entry in kb.entries.values():
        where = f"{entry.code} ({entry.source})"
        if entry.sector and entry.sector not in kb.sectors:
            problems.append(f"{where}: unknown sector {entry.sector}")
        if entry.country and entry.country not in kb.countries:
            problems.append(f"{where}: unknown country {entry.country}")
        if entry.sponsor and entry.sponsor not in kb.countries:
            problems.append(f"{where}: sponsor {entry.sponsor} is not a country code")
        for parent in entry.affiliations:
            if not kb.is_known_code(parent):
                problems.append(f"{where}: affiliation {parent} resolves to nothing")
            if parent == entry.code:
                problems.append(f"{where}: is its own affiliation")
        if entry.local_aliases and not entry.country:
            problems.append(f"{where}: local_aliases need a country")
    return problems
