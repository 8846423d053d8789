"""Roles: who acted (sources), who was acted upon (targets), who acted alongside (co-actors).

Roles are read from the dependency parse around a trigger and filled with the
actor mentions the actors extractor found:

* active clauses: the subject is the source, the object (or the object of a
  type's target prepositions: "fired *on* positions") the target;
* passives: "positions were shelled *by* X" — X is the source, the subject the target;
* subjects shared through coordination, participles and control verbs
  ("rolled into Kirkuk, *forcing the peshmerga to withdraw*": the peshmerga withdraw);
* relative clauses: "militias *that* fight" — the militias;
* reciprocal events ("X and Y exchanged fire", "X clashed with Y"): every
  participant is a source, as PLOVER prescribes for two-sided events;
* co-actors: "alongside X", "supported/backed by X", "together with X";
* nominal triggers: "*Iran's* bombing", "the attack *by* rebels *on* a base",
  "clashes *between* X and Y", and the subject of a light verb ("X *launched*
  an attack").

A phrase with no actor mention becomes an uncoded participant (the phrase
text, ``coded=False``, rule ``event.participant``) when it is a noun phrase;
pronouns without a mention are left out rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from dateline.extract.event_triggers import (
    Sense,
    TriggerHit,
    TriggerLexicon,
    is_nominal,
    is_verbal,
    objects,
    prep_objects,
)
from dateline.model import (
    Actor,
    ActorKind,
    ActorMention,
    Article,
    Mention,
    PlaceMention,
)

_RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})
_FIRST_PERSON = frozenset({"i", "we", "us", "me", "our"})
_COACTOR_VERBS = frozenset({"support", "back", "aid", "join", "accompany", "assist", "help", "reinforce", "arm", "sponsor", "train"})
_COACTOR_PREPS = frozenset({"alongside", "beside"})
_NOUN_SOURCE_PREPS = ("by", "from")
_KIND_BY_WORDLIST: dict[str, ActorKind] = {"state": "state_force", "nonstate": "rebel_militia", "civilians": "civilians", "protesters": "civilians", "crowd": "civilians"}


@dataclass
class RoleTokens:
    """Head tokens of each role, before they are matched to actor mentions."""

    sources: list[Token] = field(default_factory=list)
    targets: list[Token] = field(default_factory=list)
    coactors: list[Token] = field(default_factory=list)
    modifier_sources: list[Token] = field(default_factory=list)
    """Adjective/compound modifiers of a nominal trigger ("*Israeli* airstrikes"): sources only if an actor mention covers them."""


def clause_anchor(tok: Token, lex: TriggerLexicon, sense: Sense | None = None) -> Token:
    """The verb whose clause carries a trigger: itself, the light verb of a nominal trigger
    ("*launched* an attack"), or the verb a "be in control of" noun hangs from."""
    if is_verbal(tok):
        return tok
    head = tok.head
    if tok.dep_ in ("dobj", "attr", "nsubj", "nsubjpass", "oprd") and head.lemma_.lower() in lex.light_verbs and head.pos_ in ("VERB", "AUX"):
        return head
    if sense is not None and sense.head_prep and tok.dep_ == "pobj" and head.head.pos_ in ("VERB", "AUX"):
        return head.head
    return tok


def role_tokens(hit: TriggerHit, doc, lex: TriggerLexicon) -> RoleTokens:
    """Head tokens of the source, target and co-actor roles of one trigger."""
    tok = doc[hit.token]
    sense = hit.sense
    frame = (sense.object or frozenset()) | (sense.with_ or frozenset()) | (sense.subject or frozenset())
    people = frozenset().union(*lex.participant_kinds.values())
    defaults = lex.defaults(hit.type)
    object_role = hit.sense.object_role or defaults.object_role
    roles = RoleTokens()
    if is_verbal(tok):
        _verb_roles(tok, hit, roles, object_role, defaults.target_preps, defaults.partner_preps)
    else:
        _noun_roles(tok, hit, roles, lex, defaults.target_preps, defaults.partner_preps)
    _coactors(tok, roles)
    # Words that are part of the trigger's frame ("exchanged *fire*", "hit by a
    # *shell*") are not participants, unless they name people ("executed prisoners").
    def is_participant(t: Token) -> bool:
        return t.lemma_.lower() not in frame or t.lemma_.lower() in people

    roles.sources = [t for t in roles.sources if is_participant(t)]
    # A participant named twice (subject and partner) stays a source.
    roles.targets = [t for t in roles.targets if t not in roles.sources and is_participant(t)]
    return roles


def _verb_roles(tok: Token, hit: TriggerHit, roles: RoleTokens, object_role: str, target_preps, partner_preps) -> None:
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    agents = prep_objects(tok, ("by",)) if passive else []
    if hit.sense.victim_subject:
        roles.targets.extend(subjects(tok))  # "two persons died"
    else:
        roles.sources.extend(agents if passive else subjects(tok))
    objs = objects(tok)
    if object_role == "target":
        roles.targets.extend(objs)
    partners = prep_objects(tok, partner_preps)
    if hit.sense.reciprocal:
        roles.sources.extend(partners)
    else:
        roles.targets.extend(partners)
    roles.targets.extend(prep_objects(tok, target_preps))


def _noun_roles(tok: Token, hit: TriggerHit, roles: RoleTokens, lex: TriggerLexicon, target_preps, partner_preps) -> None:
    anchor = clause_anchor(tok, lex, hit.sense)
    roles.sources.extend(c for c in tok.children if c.dep_ == "poss")
    roles.modifier_sources.extend(c for c in tok.children if c.dep_ in ("amod", "compound", "nmod"))
    roles.sources.extend(prep_objects(tok, _NOUN_SOURCE_PREPS))
    partners = prep_objects(tok, partner_preps)
    (roles.sources if hit.sense.reciprocal else roles.targets).extend(partners)
    roles.targets.extend(prep_objects(tok, target_preps))
    if anchor != tok and tok.dep_ not in ("nsubj", "nsubjpass"):
        # "X launched an attack on Y", "they are in full control of Z"
        if not roles.sources:
            roles.sources.extend(subjects(anchor))
        roles.targets.extend(prep_objects(anchor, target_preps))
    elif tok.dep_ in ("nsubj",) and anchor != tok:
        # "an airstrike hit a market": what the event did is its verb's object.
        roles.targets.extend(objects(anchor))


def _coactors(tok: Token, roles: RoleTokens) -> None:
    """'alongside X', 'together with X', and 'supported by X' on the trigger or on a source."""
    roles.coactors.extend(prep_objects(tok, _COACTOR_PREPS))
    for child in tok.children:
        if child.dep_ in ("prep",) and child.lower_ == "with" and any(c.lower_ in ("along", "together") for c in child.children):
            roles.coactors.extend(c for c in child.children if c.dep_ == "pobj")
        if child.dep_ == "advmod" and child.lower_ in ("along", "together"):
            roles.coactors.extend(prep_objects(child, ("with",)))
    for holder in (tok, *roles.sources):
        for child in holder.children:
            if child.dep_ in ("acl", "advcl", "relcl") and child.lemma_.lower() in _COACTOR_VERBS and child.tag_ == "VBN":
                roles.coactors.extend(prep_objects(child, ("by",)))
            if child.dep_ == "relcl":
                roles.coactors.extend(prep_objects(child, _COACTOR_PREPS))


def subjects(verb: Token, _depth: int = 0) -> list[Token]:
    """Subject heads of a verb, inherited through coordination, participles, control and relative clauses."""
    if _depth > 6:
        return []
    subs = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if not subs:
        # "Gen. X gave warning": the parser can hang the subject on an auxiliary.
        subs = [g for c in verb.children if c.dep_ in ("aux", "auxpass") for g in c.children if g.dep_ == "nsubj"]
    if subs:
        out: list[Token] = []
        for s in subs:
            if s.lower_ in _RELATIVE and verb.dep_ == "relcl":
                s = verb.head
            out.extend((s, *s.conjuncts))
        return out
    head = verb.head
    if head == verb:
        return []
    if verb.dep_ == "conj" and is_verbal(head):
        return subjects(head, _depth + 1)
    if verb.dep_ == "xcomp":
        controllers = [c for c in head.children if c.dep_ in ("dobj", "obj")]
        return controllers or subjects(head, _depth + 1)
    if verb.dep_ == "advcl" and verb.tag_ in ("VBG", "VBN") and not any(c.dep_ == "mark" for c in verb.children):
        return subjects(head, _depth + 1)
    if verb.dep_ in ("relcl", "acl") and verb.tag_ == "VBG" and is_nominal(head):
        return [head]
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and is_verbal(head.head):
        return subjects(head.head, _depth + 1)
    return []


# ---------------------------------------------------------------------------
# Filling roles with actor mentions
# ---------------------------------------------------------------------------


class ParticipantIndex:
    """Finds the actor mentions a role's head token stands for, in one article."""

    def __init__(self, article: Article, actors: list[ActorMention], places: list[PlaceMention], lex: TriggerLexicon) -> None:
        self.article = article
        self.actors = sorted(actors, key=lambda m: m.mention.start)
        self.places = places
        self.lex = lex
        self.speaker_by_sentence: dict[int, ActorMention] = {}

    def mentions(self, head: Token, *, fallback: bool = True, sentence_start: int | None = None) -> list[ActorMention]:
        """Actor mentions for the phrase headed by ``head`` (its own, or those inside it), or an uncoded one."""
        head = _counted_head(head)
        if head.ent_type_ in ("DATE", "TIME"):
            return []  # "on Friday" is when, not whom
        start, end = _phrase_span(head)
        covering = [m for m in self.actors if m.mention.start <= head.idx < m.mention.end]
        inside = [m for m in self.actors if start <= m.mention.start and m.mention.end <= end and m not in covering]
        found = covering + inside
        if found:
            return [self._resolved(m) for m in found]
        low = head.lower_
        if low in _FIRST_PERSON and sentence_start is not None and sentence_start in self.speaker_by_sentence:
            return [self.speaker_by_sentence[sentence_start]]
        if not fallback or not self._is_participant_phrase(head) or self._is_place(head):
            return []
        return [self._uncoded(head, start, end)]

    def _is_participant_phrase(self, head: Token) -> bool:
        """Whether an uncoded phrase names a participant: a name, or a people/force noun ("villagers", "gunmen")."""
        if head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
            return True
        if head.pos_ != "NOUN":
            return False
        words = {head.lemma_.lower(), head.lower_}
        return any(words & vocab for vocab in self.lex.participant_kinds.values())

    def head_kinds(self, head: Token) -> set[str]:
        """Participant kinds named by a role's head noun itself ("attacked Tse Ujoh *community*")."""
        head = _counted_head(head)
        words = {head.lemma_.lower(), head.lower_}
        return {name for name, vocab in self.lex.participant_kinds.items() if words & vocab}

    def kinds(self, mention: ActorMention) -> set[str]:
        """Participant kinds of a mention for the ACLED mapping: civilians, armed, protesters, state, nonstate, crowd."""
        words = {w.lower() for w in mention.mention.text.replace("-", " ").split()}
        words |= {w[:-1] for w in words if w.endswith("s")}
        kinds = {name for name, vocab in self.lex.participant_kinds.items() if words & vocab}
        actor = mention.actor
        if actor.kind in ("state_force", "government", "external_state") or actor.sector in ("MIL", "GOV", "COP", "SPY"):
            kinds |= {"state", "armed"} if actor.kind == "state_force" or actor.sector in ("MIL", "COP") else {"state"}
        if actor.kind == "rebel_militia" or actor.sector in ("REB", "INS", "UAF"):
            kinds |= {"nonstate", "armed"}
        if actor.kind == "civilians" or actor.sector in ("CVL",):
            kinds.add("civilians")
        if "armed" in kinds and "civilians" in kinds:
            kinds.discard("civilians")
        if "protesters" in kinds:
            kinds.discard("civilians")
        return kinds

    def _resolved(self, mention: ActorMention) -> ActorMention:
        """A pronoun mention stands for its antecedent's actor (kept at the pronoun's span)."""
        if mention.antecedent is not None and 0 <= mention.antecedent < len(self.actors) and not mention.coded:
            ante = self.actors[mention.antecedent]
            return mention.model_copy(update={"actor": ante.actor, "coded": ante.coded})
        return mention

    def _is_place(self, head: Token) -> bool:
        return any(p.mention.start <= head.idx < p.mention.end and p.role in ("literal", "dateline") for p in self.places)

    def _uncoded(self, head: Token, start: int, end: int) -> ActorMention:
        text = self.article.text[start:end]
        words = {head.lemma_.lower(), head.lower_}
        kind: ActorKind = "other"
        for name in ("state", "nonstate", "protesters", "crowd", "civilians"):
            if words & self.lex.participant_kinds.get(name, frozenset()):
                kind = _KIND_BY_WORDLIST[name]
                break
        return ActorMention(
            mention=Mention(article_id=self.article.id, start=start, end=end, text=text),
            actor=Actor(name=text, kind=kind),
            coded=False,
            rule="event.participant",
        )


_QUANTITY_HEADS = frozenset({"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "score", "scores", "number", "group", "members", "member", "some", "many", "most", "all", "several", "tens", "millions", "handful", "crowd", "band"})


def _counted_head(head: Token) -> Token:
    """For "thousands of protesters", "a group of Turks", the people counted."""
    if head.like_num or head.lemma_.lower() in _QUANTITY_HEADS or head.lower_ in _QUANTITY_HEADS:
        for pobj in prep_objects(head, ("of",)):
            return pobj
    return head


def _phrase_span(head: Token) -> tuple[int, int]:
    """Character span of a noun phrase's core: left edge (minus determiners) to the head and its name tail."""
    doc = head.doc
    left = head
    subtree = {t.i for t in head.subtree}
    while left.i > 0 and (left.i - 1) in subtree:
        prev = doc[left.i - 1]
        spaced = bool(prev.whitespace_) or (prev.i > 0 and bool(doc[prev.i - 1].whitespace_))
        if (prev.is_punct and spaced) or prev.is_space or "\n" in prev.whitespace_ or prev.dep_ in ("relcl", "acl", "appos"):
            break  # a spaced dash or comma ends the phrase ("Iraq - Iraqi forces")
        left = prev
    while left.i < head.i and left.dep_ in ("det", "predet", "punct", "cc", "advmod", "quantmod", "nummod") and left.pos_ != "PROPN":
        left = doc[left.i + 1]
    right = head
    for child in head.rights:
        if child.dep_ in ("compound", "flat", "appos") and child.pos_ == "PROPN" and child.i == right.i + 1:
            right = child
    return left.idx, right.idx + len(right.text)
