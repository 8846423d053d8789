"""Modality: did the event happen as told, or is it negated, threatened, planned, hypothetical, claimed, an opinion?

Read from the syntax around the trigger's clause and from the verbs that
embed it, climbing through complement clauses:

* negated — "did not attack", "no clashes", "failed to stop", "denied that ...".
* threatened — planned or future: "will attack", "is going to enter",
  "plans to deploy" (a threat *verb* is a THREATEN event of its own; the
  events extractor absorbs the act it threatens).
* hypothetical — "may have to fly", "if they attack", "it has been
  speculated that ...", "could", "would", "possibly".
* opinion — "I think they attacked".
* claimed — "the Joint Command has claimed that it controls ...", "X alleged
  that ...", "reportedly". A plain report verb ("officials said ...",
  "according to officials") keeps the event asserted but still records who
  said it as the claimant.

When several apply the strongest wins, in that order (negated first); the
claimant is kept whatever the modality, so "X said it will attack" is
threatened *and* attributed to X.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from dateline.extract.event_triggers import TriggerLexicon

ORDER = ("negated", "hypothetical", "threatened", "opinion", "claimed")
_CLIMB_DEPS = frozenset({"ccomp", "xcomp", "conj", "pcomp", "parataxis", "advcl"})
_HYPOTHETICAL_MARKS = frozenset({"if", "unless", "whether"})
_FUTURE_ADJECTIVES = frozenset({"coming", "upcoming", "planned", "impending", "imminent", "looming", "future", "expected", "proposed", "threatened"})
_POSSIBLE_ADJECTIVES = frozenset({"possible", "potential", "hypothetical", "feared", "rumoured", "rumored"})
_ALLEGED_ADJECTIVES = frozenset({"alleged", "purported", "suspected", "reported"})
_HEARSAY = frozenset({"reportedly", "allegedly", "purportedly", "supposedly", "apparently"})


@dataclass(frozen=True, slots=True)
class ModalityReading:
    """The modality of one event and, for claims, who claims it."""

    modality: str
    claimant: Token | None
    cue: str | None
    """The word that decided it ("speculated", "will", "not"), for the evidence."""


def read_modality(anchor: Token, trigger: Token, lex: TriggerLexicon) -> ModalityReading:
    """Modality of the event whose trigger is ``trigger`` and whose clause verb is ``anchor``.

    Args:
        anchor: the verb heading the event's clause (the trigger itself for a
            verbal trigger; the light verb for "launched an attack").
        trigger: the trigger token.
        lex: the trigger lexicon (for its modal, claim and plan word lists).

    Example:
        "It has been speculated that Russia pilots may have to fly the planes"
        -> hypothetical (cue "may").
    """
    found: dict[str, str] = {}
    claimant: Token | None = None
    words = lex.words

    if any(c.dep_ == "neg" for c in trigger.children) or any(
        c.dep_ == "det" and c.lower_ in ("no",) for c in trigger.children
    ):
        found.setdefault("negated", "not")
    for child in trigger.children:
        if child.dep_ == "amod" and child.lower_ in _FUTURE_ADJECTIVES:
            found.setdefault("threatened", child.text)  # "the coming battles"
        elif child.dep_ == "amod" and child.lower_ in _POSSIBLE_ADJECTIVES:
            found.setdefault("hypothetical", child.text)  # "a possible offensive"
        elif child.dep_ == "amod" and child.lower_ in _ALLEGED_ADJECTIVES:
            found.setdefault("claimed", child.text)  # "the alleged attack"

    cur = _verb_of(anchor)
    first = True
    for _ in range(8):
        _local(cur, words, found, negation=first)
        if cur.dep_ not in _CLIMB_DEPS or cur.head == cur:
            break
        dep = cur.dep_
        gov = cur.head
        lemma = gov.lemma_.lower()
        if dep == "advcl" or (dep == "pcomp" and gov.lower_ == "for"):
            # An adverbial clause ("after they attacked", "if they attack") keeps its own
            # modality; a purpose clause ("sent troops to fight", "mobilising for attacking")
            # has not happened yet.
            if _is_purpose(cur, gov):
                found.setdefault("threatened", "to")
            break
        if dep != "conj":
            if lemma in ("deny",) or (lemma in words.get("negation_words", frozenset()) and dep == "xcomp"):
                found.setdefault("negated", gov.text)
            if lemma in words.get("hypothetical_verbs", frozenset()) or any(
                c.dep_ in ("acomp", "attr") and c.lower_ in words.get("hypothetical_words", frozenset()) for c in gov.children
            ):
                found.setdefault("hypothetical", gov.text)  # "it is possible that ..."
            if lemma in words.get("plan_verbs", frozenset()) or (lemma == "go" and dep == "xcomp"):
                found.setdefault("threatened", gov.text)
            if lemma in words.get("opinion_verbs", frozenset()):
                found.setdefault("opinion", gov.text)
            if lemma in words.get("claim_verbs", frozenset()) and dep in ("ccomp", "parataxis"):
                # "X claimed/alleged that ..." is a claim; "officials said ..." only says who
                # reported it: the claimant is kept either way.
                if lemma in words.get("strong_claim_verbs", frozenset()):
                    found.setdefault("claimed", gov.text)
                if claimant is None:
                    claimant = _speaker(gov)
        cur = gov
        first = dep == "conj" and first

    if claimant is None:
        claimant = _according_to(anchor)  # attribution, like "said"
    if claimant is not None and found.get("hypothetical", "").lower() == "would":
        # Reported speech: "said the group would continue its advance" is the future seen from the past.
        del found["hypothetical"]
        found.setdefault("threatened", "would")
    for name in ORDER:
        if name in found:
            return ModalityReading(name, claimant, found[name])
    return ModalityReading("asserted", claimant, None)


def _is_purpose(clause: Token, gov: Token) -> bool:
    if clause.dep_ == "pcomp":
        return True
    return clause.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children) and not any(
        c.dep_ == "mark" for c in clause.children
    )


def _verb_of(tok: Token) -> Token:
    """A nominal trigger's modality is its clause's: climb to the verb it hangs from ("come ... with a full assault")."""
    cur = tok
    for _ in range(6):
        if cur.pos_ in ("VERB", "AUX") or cur.head == cur:
            return cur
        if cur.dep_ not in ("pobj", "prep", "dobj", "nsubj", "nsubjpass", "attr", "conj", "appos", "npadvmod"):
            return cur
        cur = cur.head
    return cur


def _local(verb: Token, words: dict[str, frozenset[str]], found: dict[str, str], *, negation: bool) -> None:
    """Marks on the clause's own verb: negation, modal and future auxiliaries, "if", hedges."""
    for child in verb.children:
        low = child.lower_
        if negation and child.dep_ == "neg":
            found.setdefault("negated", child.text)
        elif child.dep_ in ("aux", "auxpass"):
            if low in ("may", "might", "could", "would", "should"):
                found.setdefault("hypothetical", child.text)
            elif low in words.get("future_aux", frozenset()):
                found.setdefault("threatened", child.text)
        elif child.dep_ == "mark" and low in _HYPOTHETICAL_MARKS:
            found.setdefault("hypothetical", child.text)
        elif child.dep_ == "advmod":
            if low in _HEARSAY:
                found.setdefault("claimed", child.text)
            elif low in words.get("hypothetical_words", frozenset()):
                found.setdefault("hypothetical", child.text)


def _speaker(verb: Token) -> Token | None:
    """The subject of a speech verb ("said peshmerga fighter Ibrahim Mirza" has it after the verb)."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ != "PRON" or child.dep_ == "nsubj":
            return child
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _according_to(anchor: Token) -> Token | None:
    """X in "according to X" anywhere in the anchor's sentence."""
    for tok in anchor.sent:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            for child in tok.doc[tok.i + 1].children:
                if child.dep_ == "pobj":
                    return child
    return None
