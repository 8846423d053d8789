"""Counts reported with an event: fatalities, injured, arrested, displaced, vehicles, aircraft, troops.

A count is a number (digits, words, or a vague quantity such as "dozens")
and the noun it counts. What it measures comes from that noun ("50 armored
*vehicles*", "seven Su-25 attack *planes*") or, for people, from the verb
that governs them ("24 people were *killed*" is fatalities, "12 people were
*arrested*" arrests). Word lists live in ``knowledge/data/triggers_quantities_en.yaml``.

Vague quantities become ranges by a fixed convention (``dozens`` = 24–99,
``several`` = 3–9 ...), documented in ``docs/events.md``; ``value`` is then
None. "At least 24" keeps 24 as value and as the low end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from spacy.tokens import Token

from dateline.knowledge.ontology import read_data_yaml
from dateline.model import Mention, Quantity

QUANTITY_FILE = "triggers_quantities_en.yaml"
_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+$")
_LOWER_BOUND = frozenset({"at", "least", "more", "over", "than", "above", "nearly", "almost", "around", "about", "some", "up"})
_SCALE_WORDS = ("million", "billion")


@dataclass(frozen=True)
class QuantityLexicon:
    number_words: dict[str, int]
    multipliers: dict[str, int]
    vague: dict[str, tuple[int, int]]
    noun_kinds: dict[str, str]
    verb_kinds: dict[str, str]
    people_nouns: frozenset[str]

    @cached_property
    def vague_by_first_word(self) -> dict[str, list[tuple[list[str], int, int]]]:
        """Vague phrases by their first word, longest first: every token of a clause is looked up here."""
        out: dict[str, list[tuple[list[str], int, int]]] = {}
        for phrase, (low, high) in sorted(self.vague.items(), key=lambda kv: -len(kv[0])):
            words = phrase.split()
            out.setdefault(words[0], []).append((words, low, high))
        return out


@lru_cache(maxsize=1)
def load_quantity_lexicon() -> QuantityLexicon:
    """Load (once) the number words and count kinds from ``knowledge/data``."""
    raw = read_data_yaml(QUANTITY_FILE)
    noun_kinds: dict[str, str] = {}
    verb_kinds: dict[str, str] = {}
    for kind, spec in raw["kinds"].items():
        noun_kinds.update({n: kind for n in spec.get("nouns", [])})
        verb_kinds.update({v: kind for v in spec.get("verbs", [])})
    return QuantityLexicon(
        number_words={str(k): int(v) for k, v in raw["number_words"].items()},
        multipliers={str(k): int(v) for k, v in raw["multipliers"].items()},
        vague={str(k): (int(v[0]), int(v[1])) for k, v in raw["vague"].items()},
        noun_kinds=noun_kinds,
        verb_kinds=verb_kinds,
        people_nouns=frozenset(raw["people_nouns"]),
    )


def find_quantities(tokens: Iterable[Token], article_id: str, *, lexicon: QuantityLexicon | None = None) -> list[Quantity]:
    """Counts among ``tokens`` (an event's clause), each with its kind and span.

    Args:
        tokens: the tokens to look in (the events extractor passes the
            trigger's clause, so counts of other events stay out).
        article_id: for the mentions.

    Returns:
        One :class:`Quantity` per count whose kind is known, in text order.
        Counts of things with no known kind ("40 kilometers") are left out.

    Example:
        "At least 24 people were killed and 18 others injured" ->
        fatalities 24 (low 24) and injured 18.
    """
    lex = lexicon or load_quantity_lexicon()
    toks = sorted(set(tokens), key=lambda t: t.i)
    allowed = {t.i for t in toks}
    out: list[Quantity] = []
    seen: set[int] = set()
    for tok in toks:
        if tok.i in seen:
            continue
        parsed = _number_at(tok, lex)
        if parsed is None:
            continue
        first, last, value, low, high, counted = parsed
        seen.update(range(first.i, last.i + 1))
        kind = _kind(counted, tok, lex)
        if kind is None or (counted is not None and counted.i not in allowed and counted != tok):
            continue
        start = _lower_bound_start(first)
        span_end = counted if counted is not None and counted.i > last.i else last
        doc = tok.doc
        text = doc[start.i : span_end.i + 1].text
        if low is None and start != first and value is not None:
            low = value
        out.append(
            Quantity(
                kind=kind,
                text=text,
                value=value,
                low=low,
                high=high,
                mention=Mention(article_id=article_id, start=start.idx, end=span_end.idx + len(span_end.text), text=text),
            )
        )
    return out


def parse_number(text: str, *, lexicon: QuantityLexicon | None = None) -> tuple[int | None, int | None, int | None]:
    """``(value, low, high)`` of a written number: "5,000" -> (5000, None, None); "dozens" -> (None, 24, 99)."""
    lex = lexicon or load_quantity_lexicon()
    key = text.lower().strip()
    if key in lex.vague:
        low, high = lex.vague[key]
        return None, low, high
    value = _value(key.split(), lex)
    return value, None, None


def _number_at(tok: Token, lex: QuantityLexicon):
    """If a count starts at ``tok``: (first, last, value, low, high, counted noun or None)."""
    doc = tok.doc
    low_text = tok.lower_
    # Vague quantities, longest first ("tens of thousands", "a few").
    for words, low, high in lex.vague_by_first_word.get(low_text, ()):
        end = tok.i + len(words)
        if end <= len(doc) and [t.lower_ for t in doc[tok.i : end]] == words:
            last = doc[end - 1]
            return tok, last, None, low, high, _counted(last, doc)
    if not (tok.like_num or low_text in lex.number_words) or tok.ent_type_ in ("DATE", "TIME", "PERCENT", "MONEY", "ORDINAL"):
        return None
    if low_text in lex.multipliers and tok.i > 0 and doc[tok.i - 1].like_num:
        return None  # the tail of "two hundred", read from its head
    last = tok
    while last.i + 1 < len(doc) and (doc[last.i + 1].lower_ in lex.multipliers or doc[last.i + 1].lower_ in lex.number_words) and not doc[last.i + 1].lower_.startswith("dozen"):
        last = doc[last.i + 1]
    value = _value([t.lower_ for t in doc[tok.i : last.i + 1]], lex)
    if value is None:
        return None
    return tok, last, value, None, None, _counted(last, doc)


def _value(words: list[str], lex: QuantityLexicon) -> int | None:
    total = 0
    current = 0
    seen = False
    for w in words:
        w = w.replace(",", "")
        if _DIGITS.match(w):
            current += int(w)
        elif w in lex.multipliers:
            current = max(current, 1) * lex.multipliers[w]
            if w in _SCALE_WORDS or w == "thousand":
                total, current = total + current, 0
        elif w in lex.number_words:
            current += lex.number_words[w]
        else:
            continue
        seen = True
    return total + current if seen else None


def _counted(last: Token, doc) -> Token | None:
    """The noun a number counts: its head for "24 people", the object of "of" for "dozens of people"."""
    if last.dep_ in ("nummod", "quantmod", "compound") and last.head.pos_ in ("NOUN", "PROPN", "ADJ"):
        return last.head
    for child in last.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


_GROUP_KINDS = frozenset({"troops", "protesters"})
"""Kinds named by a people noun: what happened to them, when said, says more ("12 protesters were arrested")."""


def _kind(counted: Token | None, number: Token, lex: QuantityLexicon) -> str | None:
    if counted is not None:
        for t in (counted, *[c for c in counted.children if c.dep_ in ("compound", "amod")]):
            kind = lex.noun_kinds.get(t.lemma_.lower()) or lex.noun_kinds.get(t.lower_)
            if kind in _GROUP_KINDS and t == counted:
                verbs = [v.lemma_.lower() for v in _verbs_about(counted)]
                return next((lex.verb_kinds[v] for v in verbs if v in lex.verb_kinds), kind)
            if kind and (t == counted or kind in ("vehicles", "aircraft")):
                return kind
        if counted.lemma_.lower() not in lex.people_nouns and counted.lower_ not in lex.people_nouns and counted.lower_ != "others":
            return None
        anchor = counted
    else:
        anchor = number
    # People (or a bare number): the governing or modifying verb says what happened to them.
    for verb in _verbs_about(anchor):
        kind = lex.verb_kinds.get(verb.lemma_.lower())
        if kind:
            return kind
    for child in anchor.children:
        kind = lex.noun_kinds.get(child.lemma_.lower()) or lex.noun_kinds.get(child.lower_)
        if child.dep_ in ("amod", "acl", "oprd") and kind:
            return kind
    return None


def _verbs_about(tok: Token) -> list[Token]:
    """Verbs saying what happened to a noun: its head verb (subject/object), its participles ("18 others injured")."""
    out: list[Token] = [c for c in tok.children if c.dep_ in ("acl", "amod", "relcl") and c.pos_ in ("VERB", "ADJ")]
    head = tok
    while head.dep_ in ("conj", "appos", "pobj", "prep") and head.head != head:
        head = head.head
    if head.dep_ in ("nsubj", "nsubjpass", "dobj", "obj", "attr", "conj") and head.head.pos_ in ("VERB", "AUX"):
        out.append(head.head)
        # "left 24 people dead" / "killing 5 and wounding 3"
        out.extend(c for c in head.head.children if c.dep_ in ("oprd", "acomp"))
    elif head.head.pos_ == "VERB":
        out.append(head.head)
    return out


def _lower_bound_start(first: Token) -> Token:
    """Include "at least" / "more than" before a number in its text."""
    doc = first.doc
    start = first
    while start.i > 0 and doc[start.i - 1].lower_ in _LOWER_BOUND:
        start = doc[start.i - 1]
    return start
