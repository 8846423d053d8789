"""Event triggers: which words of a sentence report an event, of which PLOVER type and mode.

The events extractor asks an :class:`EventClassifier` for the triggers of each
sentence; this module holds the protocol, the rules classifier that reads the
trigger lexicon (``knowledge/data/triggers_en.yaml``), and the registry the
``event_classifier`` setting picks from. A learned classifier plugs in by
implementing the same protocol and registering a name.

The rules classifier looks each verb and noun up by lemma; a lexicon sense can
ask for a particular object ("exchanged *fire*"), preposition ("rolled
*into*"), particle ("handed *over*"), instrument ("responded *with* rocket
fire") or compound ("*suicide* bombing"). Modes marked ``auto`` are read from
cue words in the trigger's own clause, so "attacked with mortars" is
heavy-weapons and "attacked with knives" primitive. Lookups are dict hits per
token, so the cost per sentence stays small.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Protocol

from spacy.tokens import Span, Token

from dateline.errors import DatelineError
from dateline.knowledge.ontology import read_data_yaml

log = logging.getLogger(__name__)

LEXICON_FILE = "triggers_en.yaml"


class EventConfigError(DatelineError):
    """The trigger lexicon has a malformed entry, or the event classifier setting names no classifier."""

# Dependency labels of clauses embedded under a word: their words are not cues
# for the word's own mode (a THREATEN's complement is, see ``_cue_window``).
CLAUSAL_DEPS = frozenset({"ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "parataxis", "csubj"})
COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "nummod"})
OBJECT_DEPS = frozenset({"dobj", "obj", "attr", "oprd"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})


@dataclass(frozen=True, slots=True)
class Sense:
    """One reading of a trigger word in the lexicon (see the header of ``triggers_en.yaml``)."""

    type: str
    mode: str | None = None
    default: str | None = None
    object: frozenset[str] | None = None
    prep: frozenset[str] | None = None
    with_: frozenset[str] | None = None
    particle: frozenset[str] | None = None
    compound: frozenset[str] | None = None
    not_compound: frozenset[str] | None = None
    subject: frozenset[str] | None = None
    head_prep: frozenset[str] | None = None
    hints: frozenset[str] = frozenset()
    contexts: frozenset[str] = frozenset()
    reciprocal: bool = False
    object_role: str | None = None
    weight: float = 0.6
    governs: bool = False
    light: bool = False
    victim_subject: bool = False


@dataclass(frozen=True, slots=True)
class TypeDefaults:
    """Per-type role conventions: which prepositions introduce targets or partners."""

    target_preps: frozenset[str]
    partner_preps: frozenset[str]
    object_role: str = "target"


@dataclass(frozen=True, slots=True)
class ModeCue:
    mode: str
    words: frozenset[str]
    hints: frozenset[str] = frozenset()
    clause_only: bool = False


@dataclass(frozen=True)
class TriggerLexicon:
    """The trigger lexicon and the cue word lists the extractor shares (loaded once)."""

    verbs: dict[str, tuple[Sense, ...]]
    nouns: dict[str, tuple[Sense, ...]]
    type_defaults: dict[str, TypeDefaults]
    light_verbs: frozenset[str]
    mode_cues: dict[str, tuple[ModeCue, ...]]
    context_cues: dict[str, frozenset[str]]
    context_blockers: dict[str, frozenset[str]]
    hint_cues: dict[str, frozenset[str]]
    participant_kinds: dict[str, frozenset[str]]
    words: dict[str, frozenset[str]] = field(default_factory=dict)
    """Plain word lists: claim_verbs, hypothetical_verbs, plan_verbs, negation_words ..."""
    governed_modes: dict[str, dict[str, str]] = field(default_factory=dict)
    """Mode of a governor (THREATEN, REQUEST, REJECT) by the type of the event it absorbs."""

    def defaults(self, event_type: str) -> TypeDefaults:
        return self.type_defaults.get(event_type, TypeDefaults(frozenset(), frozenset()))


@dataclass(frozen=True, slots=True)
class TriggerHit:
    """A word that reports an event: its token, PLOVER type and mode, and the sense that matched.

    ``mode_specific`` is false when the mode is only the sense's default (no
    cue was found), so a merge can prefer a sibling trigger that knows better.
    """

    token: int
    type: str
    mode: str | None
    score: float
    sense: Sense
    hints: frozenset[str] = frozenset()
    contexts: frozenset[str] = frozenset()
    mode_specific: bool = True
    classifier: str = "rules"
    members: tuple[int, ...] = ()
    """Tokens of other triggers merged into this one (their participants are the event's too)."""
    absorbed: tuple[TriggerHit, ...] = ()
    """Acts in this governor's complement ("threatened to *attack the Kurds*"): their targets are its recipients."""


class EventClassifier(Protocol):
    """Finds event triggers in a sentence and scores their PLOVER type and mode.

    Implementations: :class:`RuleClassifier` (``"rules"``). A learned model
    implements the same method (returning the sentence's root as trigger when
    it only classifies whole sentences) and registers under a new name.
    """

    name: str

    def find_triggers(self, sent: Span) -> list[TriggerHit]:
        """Trigger hits of one sentence, in token order."""
        ...


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def load_trigger_lexicon() -> TriggerLexicon:
    """Load (once per process) the English trigger lexicon from ``knowledge/data``.

    Raises:
        ResourceMissing: the lexicon file is missing from the installed package.
        EventConfigError: an entry has an unknown key; the message names the word.
    """
    raw = read_data_yaml(LEXICON_FILE)
    word_lists = {
        key: frozenset(str(w).lower() for w in raw.get(key, []))
        for key in (
            "claim_verbs",
            "strong_claim_verbs",
            "hypothetical_verbs",
            "hypothetical_words",
            "opinion_verbs",
            "plan_verbs",
            "future_aux",
            "negation_words",
            "factive_verbs",
            "non_agents",
        )
    }
    return TriggerLexicon(
        verbs={lemma: _senses(lemma, rows) for lemma, rows in raw["verbs"].items()},
        nouns={lemma: _senses(lemma, rows) for lemma, rows in raw["nouns"].items()},
        type_defaults={
            name: TypeDefaults(
                target_preps=frozenset(spec.get("target_preps", [])),
                partner_preps=frozenset(spec.get("partner_preps", [])),
                object_role=spec.get("object_role", "target"),
            )
            for name, spec in raw["type_defaults"].items()
        },
        light_verbs=frozenset(raw["light_verbs"]),
        mode_cues={
            etype: tuple(
                ModeCue(c["mode"], frozenset(c["words"]), frozenset(c.get("hints", [])), bool(c.get("clause_only", False)))
                for c in cues
            )
            for etype, cues in raw["mode_cues"].items()
        },
        context_cues={k: frozenset(v) for k, v in raw["context_cues"].items()},
        context_blockers={k: frozenset(v) for k, v in raw.get("context_blockers", {}).items()},
        hint_cues={k: frozenset(v) for k, v in raw["hint_cues"].items()},
        participant_kinds={k: frozenset(v) for k, v in raw["participant_kinds"].items()},
        words=word_lists,
        governed_modes={k: dict(v) for k, v in raw.get("governed_modes", {}).items()},
    )


_SENSE_KEYS = {
    "type", "mode", "default", "object", "prep", "with", "particle", "compound", "not_compound",
    "subject", "head_prep", "hints", "contexts", "reciprocal", "object_role", "weight", "governs",
    "light", "conflict_only", "victim_subject",
}


def _word_set_reader(row: dict[str, Any]) -> Callable[[str], frozenset[str] | None]:
    """``words(key)``: the entry's word list under ``key`` as a lower-case set, or None when absent."""

    def words(key: str) -> frozenset[str] | None:
        return frozenset(str(w).lower() for w in row[key]) if key in row else None

    return words


def _senses(lemma: str, rows: list[dict[str, Any]]) -> tuple[Sense, ...]:
    out = []
    for row in rows:
        unknown = set(row) - _SENSE_KEYS
        if unknown:
            raise EventConfigError(f"{LEXICON_FILE}: entry {lemma!r} has unknown keys {sorted(unknown)}; allowed: {sorted(_SENSE_KEYS)}")

        words = _word_set_reader(row)
        out.append(
            Sense(
                type=row["type"],
                mode=row.get("mode"),
                default=row.get("default"),
                object=words("object"),
                prep=words("prep"),
                with_=words("with"),
                particle=words("particle"),
                compound=words("compound"),
                not_compound=words("not_compound"),
                subject=words("subject"),
                head_prep=words("head_prep"),
                hints=frozenset(row.get("hints", [])),
                contexts=frozenset(row.get("contexts", [])),
                reciprocal=bool(row.get("reciprocal", False)),
                object_role=row.get("object_role"),
                weight=float(row.get("weight", 0.6)),
                governs=bool(row.get("governs", False)),
                light=bool(row.get("light", False)),
                victim_subject=bool(row.get("victim_subject", False)),
            )
        )
    return tuple(out)


# ---------------------------------------------------------------------------
# Token helpers shared by the events modules
# ---------------------------------------------------------------------------


def word(tok: Token) -> str:
    """The lookup form of a token: its lower-case lemma (spaCy keeps proper-noun case)."""
    return tok.lemma_.lower()


def token_words(tok: Token) -> set[str]:
    """Lemma and lower-case surface of a token, for cue lookups."""
    return {tok.lemma_.lower(), tok.lower_}


def is_verbal(tok: Token) -> bool:
    return (tok.pos_ == "VERB" or (tok.tag_.startswith("VB") and tok.pos_ != "AUX")) and not _is_gerund_noun(tok)


def is_nominal(tok: Token) -> bool:
    return (tok.pos_ in ("NOUN", "PROPN") and not tok.tag_.startswith("VB")) or _is_gerund_noun(tok)


def _is_gerund_noun(tok: Token) -> bool:
    """A gerund or participle used as a noun: "killed in *police firing*", "the *shelling*", "the *accused*"."""
    if tok.dep_ not in ("pobj", "dobj", "nsubj", "nsubjpass"):
        return False
    if tok.tag_ == "VBG":
        return any(c.dep_ in ("compound", "det", "poss", "amod") for c in tok.children)
    # "against the accused", "evacuated the wounded": a participle standing for people.
    return tok.tag_ == "VBN" and any(c.dep_ == "det" for c in tok.children)


def modifiers(tok: Token) -> list[Token]:
    """Compound and adjective modifiers of a noun, with their own compounds ("car bomb", "rocket-propelled grenade")."""
    out: list[Token] = []
    for child in tok.children:
        if child.dep_ in MODIFIER_DEPS:
            out.append(child)
            out.extend(c for c in child.children if c.dep_ in MODIFIER_DEPS)
    return out


def objects(tok: Token) -> list[Token]:
    """Direct objects of a verb (and passive subjects, which are its objects; and the noun a
    passive participle modifies: "rockets *fired* from Iran"), with conjuncts."""
    heads = [c for c in tok.children if c.dep_ in OBJECT_DEPS or c.dep_ == "nsubjpass"]
    if tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.pos_ in ("NOUN", "PROPN"):
        heads.append(tok.head)
    return [t for h in heads for t in (h, *h.conjuncts)]


def prep_objects(tok: Token, preps: Iterable[str]) -> list[Token]:
    """Objects of the given prepositions attached to a word ("fire *on* positions"), with conjuncts."""
    wanted = set(preps)
    out: list[Token] = []
    for child in tok.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in wanted:
            for pobj in child.children:
                if pobj.dep_ in ("pobj", "pcomp"):
                    out.extend((pobj, *pobj.conjuncts))
    return out


def _words_of(tokens: Iterable[Token]) -> set[str]:
    out: set[str] = set()
    for t in tokens:
        out.add(t.lemma_.lower())
        out.add(t.lower_)
    return out


# ---------------------------------------------------------------------------
# The rules classifier
# ---------------------------------------------------------------------------


class RuleClassifier:
    """Lexicon-and-syntax trigger finder (registered as ``"rules"``; versioned name ``dateline.events.rules.v1``)."""

    name = "rules"

    def __init__(self, lexicon: TriggerLexicon | None = None) -> None:
        self.lexicon = lexicon or load_trigger_lexicon()

    def find_triggers(self, sent: Span) -> list[TriggerHit]:
        """Trigger hits of one sentence.

        Example:
            >>> hits = RuleClassifier().find_triggers(nlp("Kurdish forces responded with rocket fire.")[:])
            >>> [(h.type, h.mode) for h in hits]
            [('ASSAULT', 'heavy-weapons')]
        """
        hits: list[TriggerHit] = []
        words = _words_of(sent)
        context_words = self._sentence_contexts(sent, words)
        hint_words = {h for h, ws in self.lexicon.hint_cues.items() if words & ws}
        for tok in sent:
            if is_verbal(tok):
                table = self.lexicon.verbs
            elif is_nominal(tok):
                table = self.lexicon.nouns
            else:
                continue
            senses = next((table[w] for w in _lookup_forms(tok) if w in table), None)
            if not senses:
                continue
            sense = next((s for s in senses if self._holds(s, tok)), None)
            if sense is None:
                continue
            mode, specific, cue_hints = self._mode(sense, tok)
            hits.append(
                TriggerHit(
                    token=tok.i,
                    type=sense.type,
                    mode=mode,
                    score=sense.weight,
                    sense=sense,
                    hints=sense.hints | cue_hints | frozenset(hint_words),
                    contexts=sense.contexts | context_words,
                    mode_specific=specific,
                )
            )
        return hits

    # -- conditions ------------------------------------------------------------

    def _holds(self, sense: Sense, tok: Token) -> bool:
        checks: list[tuple[frozenset[str] | None, Callable[[], set[str]]]] = [
            (sense.object, lambda: _words_of(t for o in objects(tok) for t in (o, *modifiers(o), *prep_objects(o, ("of",))))),
            (sense.prep, lambda: _words_of(c for c in tok.children if c.dep_ in ("prep", "prt", "advmod", "acomp", "dative", "agent", "oprd"))),
            (sense.with_, lambda: _words_of(t for o in prep_objects(tok, ("with",)) for t in (o, *modifiers(o)))),
            (sense.particle, lambda: _words_of(c for c in tok.children if c.dep_ in ("prt", "prep", "advmod"))),
            (sense.compound, lambda: _words_of(modifiers(tok)) | _hyphen_left(tok)),
            (sense.subject, lambda: _words_of(
                t for s in (*[c for c in tok.children if c.dep_ in SUBJECT_DEPS and c.dep_ != "nsubjpass"],
                            *prep_objects(tok, ("by",)), *self._nominal_subject(tok))
                for t in (s, *modifiers(s), *prep_objects(s, ("of",))))),
            (sense.head_prep, lambda: {tok.head.lower_} if tok.dep_ == "pobj" else set()),
        ]
        if any(wanted is not None and not (wanted & found()) for wanted, found in checks):
            return False
        return not (sense.not_compound and sense.not_compound & (_words_of(modifiers(tok)) | _hyphen_left(tok)))

    @staticmethod
    def _nominal_subject(tok: Token) -> list[Token]:
        """The noun a participle modifies ("a shell *hitting* the base") counts as its subject."""
        return [tok.head] if tok.dep_ in ("acl", "amod") and is_nominal(tok.head) else []

    # -- mode --------------------------------------------------------------------

    def _mode(self, sense: Sense, tok: Token) -> tuple[str | None, bool, frozenset[str]]:
        if sense.mode != "auto":
            return sense.mode, sense.mode is not None, frozenset()
        cues = self.lexicon.mode_cues.get(sense.type, ())
        window = _words_of(t for t in self._cue_window(tok, sense) if t != tok)
        for cue in cues:
            if cue.words & window:
                return cue.mode, True, cue.hints
        # No cue in the clause: the sentence's ("rockets fired from Iran slammed into
        # the town, killing seven") — still a reading, but not marked specific.
        sentence = _words_of(t for t in tok.sent if t != tok)
        for cue in cues:
            if not cue.clause_only and cue.words & sentence:
                return cue.mode, False, cue.hints
        return sense.default, False, frozenset()

    def _cue_window(self, tok: Token, sense: Sense) -> list[Token]:
        """The trigger's own clause: its subtree without embedded clauses (complements
        included for verbal governors such as "threatened to ..."), plus, for a noun,
        what its governing verb takes ("launched an attack *with rockets*")."""
        keep = COMPLEMENT_DEPS if sense.governs else frozenset()
        # The object of "bombed a missile base" is the target: its words say nothing of the
        # weapon (unlike "deployed *tanks*", whose object is what the event moves).
        is_target = (sense.object_role or self.lexicon.defaults(sense.type).object_role) == "target"
        skip = OBJECT_DEPS if sense.object is None and is_verbal(tok) and is_target else frozenset()
        out: list[Token] = []
        stack = [tok]
        while stack:
            t = stack.pop()
            out.append(t)
            stack.extend(
                c for c in t.children
                if (c.dep_ not in CLAUSAL_DEPS or c.dep_ in keep) and not (t == tok and c.dep_ in skip)
            )
        if is_nominal(tok) and tok.head != tok:
            head = tok.head
            out.append(head)
            for c in head.children:
                if c.dep_ not in CLAUSAL_DEPS and c != tok:
                    out.extend(c.subtree)
        return out

    # -- context -----------------------------------------------------------------

    def _sentence_contexts(self, sent: Span, words: set[str]) -> frozenset[str]:
        """Contexts whose cue words occur in the sentence (``words``: its lemmas and surfaces), unblocked.

        Most sentences hold no cue of most contexts; ``words`` rules those out
        before any token is looked at.
        """
        found: set[str] = set()
        for name, cues in self.lexicon.context_cues.items():
            if not cues & words:
                continue
            blockers = self.lexicon.context_blockers.get(name, frozenset())
            for tok in sent:
                if token_words(tok) & cues and not (_words_of(modifiers(tok)) & blockers) and not (
                    tok.i > sent.start and token_words(tok.doc[tok.i - 1]) & blockers
                ):
                    found.add(name)
                    break
        return frozenset(found)


def _lookup_forms(tok: Token) -> list[str]:
    """Lemma, surface, and a plain de-inflection of the surface: the small model
    lemmatises some verbs oddly ("raped" -> "rap")."""
    low = tok.lower_
    forms = [word(tok), low]
    if tok.tag_ in ("VBD", "VBN") and low.endswith("ed"):
        forms += [low[:-1], low[:-2]]
    elif tok.tag_ == "VBG" and low.endswith("ing"):
        forms += [low[:-3] + "e", low[:-3]]
    elif tok.tag_ in ("VBZ", "NNS") and low.endswith("s"):
        forms.append(low[:-1])
    return forms


def _hyphen_left(tok: Token) -> set[str]:
    """Words joined to the left by a hyphen ("air-strike", "suicide-bomb")."""
    doc = tok.doc
    if tok.i >= 2 and doc[tok.i - 1].text == "-":
        return token_words(doc[tok.i - 2])
    return set()


# ---------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------

CLASSIFIERS: dict[str, Callable[[], EventClassifier]] = {"rules": RuleClassifier}
"""Event classifiers by the name the ``event_classifier`` setting uses."""


@lru_cache(maxsize=8)
def get_classifier(name: str = "rules") -> EventClassifier:
    """The event classifier registered under ``name`` (built once per process).

    Raises:
        EventConfigError: no classifier has that name; the message lists those that exist.
    """
    try:
        factory = CLASSIFIERS[name]
    except KeyError:
        raise EventConfigError(
            f"unknown event classifier {name!r}; set event_classifier to one of {sorted(CLASSIFIERS)}"
        ) from None
    return factory()


def with_type(hit: TriggerHit, event_type: str, mode: str | None) -> TriggerHit:
    """A copy of a hit re-typed (a cooperative act promised becomes AGREE)."""
    return replace(hit, type=event_type, mode=mode)
