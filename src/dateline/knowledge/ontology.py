"""The event ontology: PLOVER types and modes, ACLED sub-types, CAMEO roots, and the mapping between them.

PLOVER is dateline's primary scheme (what was done, how, and why); every
event also carries the ACLED event type/sub-type and the CAMEO root it falls
under, because analysts filter and compare by those. The three codebooks and
the rules that map PLOVER onto the other two are data files in
``knowledge/data/`` (``plover.yaml``, ``acled.yaml``, ``cameo.yaml``,
``plover_mappings.yaml``), written by the team from the published codebooks
and documented in ``docs/ontology.md``. This module only loads, checks and
queries them; it knows no vocabulary of its own.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml  # type: ignore[import-untyped]

from dateline.errors import DatelineError, ResourceMissing

log = logging.getLogger(__name__)

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""The C YAML parser when libyaml is there (the lexicons load ten times faster)."""

DATA_PACKAGE = "dateline.knowledge"
DATA_FILES = ("plover.yaml", "acled.yaml", "cameo.yaml", "plover_mappings.yaml")

TARGET_KINDS = frozenset({"civilians", "armed", "protesters"})
SOURCE_KINDS = frozenset({"state", "nonstate", "crowd"})


class OntologyError(DatelineError):
    """An ontology data file is inconsistent (names a type, mode or sub-type that does not exist)."""


@dataclass(frozen=True, slots=True)
class PloverType:
    """One of PLOVER's 16 event types."""

    name: str
    quad: str
    cameo: str
    requires_recipient: bool
    reciprocal: bool
    description: str
    modes: dict[str, str]


@dataclass(frozen=True, slots=True)
class AcledSubtype:
    """An ACLED sub-event type, with its event type and its CASE 2021 label."""

    event_type: str
    name: str
    code: str
    description: str


@dataclass(frozen=True, slots=True)
class CameoRoot:
    """A CAMEO two-digit root category."""

    code: str
    name: str
    quad: str
    description: str


@dataclass(frozen=True, slots=True)
class MappingRule:
    """One row of ``plover_mappings.yaml``: conditions on an event, and the codes they give."""

    type: str
    modes: frozenset[str] | None
    context: str | None
    hint: str | None
    target: str | None
    source: str | None
    acled: tuple[str, str] | None
    cameo: str | None

    def matches(
        self,
        mode: str | None,
        contexts: frozenset[str],
        hints: frozenset[str],
        target_kinds: frozenset[str],
        source_kinds: frozenset[str],
    ) -> bool:
        """Whether every condition of this rule holds for the event described."""
        return (
            (self.modes is None or mode in self.modes)
            and (self.context is None or self.context in contexts)
            and (self.hint is None or self.hint in hints)
            and (self.target is None or self.target in target_kinds)
            and (self.source is None or self.source in source_kinds)
        )


@dataclass(frozen=True, slots=True)
class Coding:
    """The cross-scheme codes of one PLOVER type + mode in its circumstances."""

    quad: str
    cameo_root: str
    acled_type: str | None
    acled_subtype: str | None


@dataclass(frozen=True, slots=True)
class Combination:
    """Two ACLED sub-types in one sentence that ACLED codes as one event of a third."""

    first: str
    second: str
    becomes: str


@dataclass(frozen=True)
class Ontology:
    """PLOVER, ACLED and CAMEO tables and the mapping between them (see ``load_ontology``)."""

    plover_version: str
    acled_version: str
    cameo_version: str
    types: dict[str, PloverType]
    contexts: dict[str, str]
    acled_types: dict[str, str]
    acled_subtypes: dict[str, AcledSubtype]
    acled_precedence: tuple[str, ...]
    combinations: tuple[Combination, ...]
    cameo: dict[str, CameoRoot]
    rules: tuple[MappingRule, ...]
    _by_code: dict[str, AcledSubtype] = field(default_factory=dict, repr=False)

    def code(
        self,
        event_type: str,
        mode: str | None = None,
        *,
        contexts: Iterable[str] = (),
        hints: Iterable[str] = (),
        target_kinds: Iterable[str] = (),
        source_kinds: Iterable[str] = (),
    ) -> Coding:
        """Map a PLOVER type + mode, in its circumstances, to quad, CAMEO root and ACLED sub-type.

        Args:
            event_type: a PLOVER type name ("ASSAULT").
            mode: its mode ("heavy-weapons"), or None.
            contexts: PLOVER contexts the event carries ("cbrn", "territory").
            hints: cues from the trigger or sentence ("grenade", "base").
            target_kinds: kinds of the targets ("civilians", "armed", "protesters").
            source_kinds: kinds of the sources ("state", "nonstate", "crowd").

        Returns:
            The first matching mapping rule's codes; ACLED fields are None when
            no ACLED sub-type applies (e.g. ACCUSE).

        Raises:
            KeyError: ``event_type`` is not a PLOVER type.

        Example:
            >>> load_ontology().code("ASSAULT", "heavy-weapons").acled_subtype
            'Shelling/artillery/missile attack'
        """
        ptype = self.types[event_type]
        args = (
            mode,
            frozenset(contexts),
            frozenset(hints),
            frozenset(target_kinds),
            frozenset(source_kinds),
        )
        for rule in self.rules:
            if rule.type == event_type and rule.matches(*args):
                acled_type, acled_subtype = rule.acled if rule.acled else (None, None)
                return Coding(ptype.quad, rule.cameo or ptype.cameo, acled_type, acled_subtype)
        return Coding(ptype.quad, ptype.cameo, None, None)

    def acled_code(self, subtype: str | None) -> str | None:
        """The CASE 2021 label of an ACLED sub-type name ("Grenade" -> "GRENADE")."""
        return self.acled_subtypes[subtype].code if subtype else None

    def acled_by_code(self, code: str) -> AcledSubtype | None:
        """The ACLED sub-type with a CASE 2021 label, or None for labels outside ACLED."""
        return self._by_code.get(code)

    def precedence(self, subtype: str | None) -> int:
        """Rank of an ACLED sub-type in ACLED's precedence (0 = most specific; unknown last)."""
        try:
            return self.acled_precedence.index(subtype) if subtype else len(self.acled_precedence)
        except ValueError:
            return len(self.acled_precedence)

    def combine(self, first: str, second: str) -> str | None:
        """The sub-type an event of ``first`` becomes when ``second`` is reported with it, if any."""
        for combo in self.combinations:
            if combo.first == first and combo.second == second:
                return combo.becomes
        return None


@lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    """Load (once per process) and check the PLOVER/ACLED/CAMEO tables from ``knowledge/data``.

    Raises:
        ResourceMissing: a data file is missing from the installed package.
        OntologyError: the files disagree (a mapping names an unknown type,
            mode, context or sub-type); the message names file and entry.

    Example:
        >>> onto = load_ontology()
        >>> sorted(onto.types)[:3]
        ['ACCUSE', 'AGREE', 'AID']
    """
    plover, acled, cameo, mappings = (read_data_yaml(name) for name in DATA_FILES)
    types = {
        name: PloverType(
            name=name,
            quad=spec["quad"],
            cameo=str(spec["cameo"]),
            requires_recipient=bool(spec.get("requires_recipient", False)),
            reciprocal=bool(spec.get("reciprocal", False)),
            description=spec["description"],
            modes=dict(spec.get("modes") or {}),
        )
        for name, spec in plover["types"].items()
    }
    subtypes = {
        sub: AcledSubtype(event_type=etype, name=sub, code=info["code"], description=info["description"])
        for etype, spec in acled["types"].items()
        for sub, info in spec["subtypes"].items()
    }
    roots = {
        str(code): CameoRoot(code=str(code), name=spec["name"], quad=spec["quad"], description=spec["description"])
        for code, spec in cameo["roots"].items()
    }
    onto = Ontology(
        plover_version=str(plover["version"]),
        acled_version=str(acled["version"]),
        cameo_version=str(cameo["version"]),
        types=types,
        contexts=dict(plover["contexts"]),
        acled_types={name: spec["description"] for name, spec in acled["types"].items()},
        acled_subtypes=subtypes,
        acled_precedence=tuple(acled["precedence"]),
        combinations=tuple(
            Combination(first=c["when"][0], second=c["when"][1], becomes=c["becomes"])
            for c in acled.get("combinations", [])
        ),
        cameo=roots,
        rules=tuple(_rule(row) for row in mappings["rules"]),
        _by_code={s.code: s for s in subtypes.values()},
    )
    _check(onto)
    log.debug("ontology loaded: %d PLOVER types, %d ACLED sub-types", len(types), len(subtypes))
    return onto


def read_data_yaml(name: str) -> dict[str, Any]:
    """Parse one YAML file of ``dateline/knowledge/data`` (ontology tables, event lexicons).

    Raises:
        ResourceMissing: the file is not in the installed package.
    """
    try:
        text = resources.files(DATA_PACKAGE).joinpath("data", name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ResourceMissing(
            f"data file knowledge/data/{name} is missing from the dateline package; "
            "reinstall dateline (pip install -e .)"
        ) from exc
    return yaml.load(text, Loader=_YAML_LOADER)


def _rule(row: dict[str, Any]) -> MappingRule:
    acled = row.get("acled")
    modes = row.get("mode")
    return MappingRule(
        type=row["type"],
        modes=frozenset(modes) if modes else None,
        context=row.get("context"),
        hint=row.get("hint"),
        target=row.get("target"),
        source=row.get("source"),
        acled=(acled[0], acled[1]) if acled else None,
        cameo=str(row["cameo"]) if row.get("cameo") else None,
    )


def _check(onto: Ontology) -> None:
    """Fail loudly when the data files disagree with each other."""
    problems: list[str] = []
    for known in onto.types.values():
        if known.cameo not in onto.cameo:
            problems.append(f"plover.yaml: {known.name} names unknown CAMEO root {known.cameo!r}")
    for i, rule in enumerate(onto.rules):
        where = f"plover_mappings.yaml rule {i + 1} ({rule.type})"
        ptype = onto.types.get(rule.type)
        if ptype is None:
            problems.append(f"{where}: unknown PLOVER type")
            continue
        for mode in rule.modes or ():
            if mode not in ptype.modes:
                problems.append(f"{where}: {rule.type} has no mode {mode!r}")
        if rule.context and rule.context not in onto.contexts:
            problems.append(f"{where}: unknown context {rule.context!r}")
        if rule.acled:
            sub = onto.acled_subtypes.get(rule.acled[1])
            if sub is None or sub.event_type != rule.acled[0]:
                problems.append(f"{where}: unknown ACLED pair {list(rule.acled)!r}")
        if rule.cameo and rule.cameo not in onto.cameo:
            problems.append(f"{where}: unknown CAMEO root {rule.cameo!r}")
        if rule.target and rule.target not in TARGET_KINDS:
            problems.append(f"{where}: target must be one of {sorted(TARGET_KINDS)}")
        if rule.source and rule.source not in SOURCE_KINDS:
            problems.append(f"{where}: source must be one of {sorted(SOURCE_KINDS)}")
    for name in onto.acled_precedence:
        if name not in onto.acled_subtypes:
            problems.append(f"acled.yaml precedence: unknown sub-type {name!r}")
    for combo in onto.combinations:
        for name in (combo.first, combo.second, combo.becomes):
            if name not in onto.acled_subtypes:
                problems.append(f"acled.yaml combinations: unknown sub-type {name!r}")
    if problems:
        raise OntologyError("ontology data files disagree:\n  " + "\n  ".join(problems))
