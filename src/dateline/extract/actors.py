"""Find the actors of an article and code them: who is doing things in this text.

Works over the spaCy ``Doc`` of ``article.text`` with the knowledge base from
:func:`dateline.knowledge.actors.load_actor_kb`. An actor mention is one of:

- a person named by NER, with the title and owner before the name
  ("Kurdish leader Masoud Barzani" -> person, KURGOV, role leader);
- a noun phrase headed by a force or role noun ("Iraq's federal forces"),
  split on coordination ("Iraqi federal and Kurdish forces" -> IRQMIL and KURMIL),
  with sponsors read from "<country>-backed" modifiers;
- a KB name (a group, an IGO, a people: "the peshmerga", "Hashd al-Shaabi", "the Kurds");
- a country name used as an actor, not as a place ("Iran has been bombing"),
  and a capital that stands for its government as the subject of a verb of
  speech or action ("Baghdad condemned" -> IRQGOV);
- an organisation NER found that the KB does not know (kept, uncoded).

Two names joined by "known as", an acronym in brackets or an apposition become
one actor. Pronouns and definite descriptions that refer back ("they", "the
federal forces") get an ``antecedent`` and the antecedent's actor.

What it does not do: read world knowledge into the text. A title with no
owner in the sentence ("Brig. Gen. X") stays uncoded, and a phrase with no
country ("Iranian-sponsored militias") keeps ``code=None`` with its sector and
sponsor as the best guess.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dateline.extract.actor_phrases import (
    COORDINATORS,
    DASHES,
    DETERMINERS,
    HEAD_ALIAS_KINDS,
    OWNER_PRIORITY,
    POSSESSIVE,
    AliasMatch,
    Head,
    PhraseParts,
    Words,
    code_actor_text,
    code_parts,
    describe_phrase,
    head_at,
    take_owner,
)
from dateline.knowledge.actors import ActorKB, fold
from dateline.model import Actor, ActorMention, Article, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)

__all__ = ["code_actor_text", "extract_actors"]

DOMESTIC_SECTORS = frozenset({"GOV", "COP", "UAF", "REB", "OPP", "CVL", "JUD", "LEG"})
"""Sectors for which an uncoded actor's country is guessed from the dateline."""

COLLECTIVE_KINDS = frozenset({"government", "igo", "ethnic_group", "rebel_militia", "state_force", "political_party"})
"""Kinds "they" can refer to even when the phrase is grammatically singular."""

_LEADING_TAGS = frozenset({"CD", "DT", "PDT", "PRP$", "RB", "RBR", "RBS", "JJR", "JJS"})
_DEFINITE = frozenset({"the", "these", "those", "both", "this", "that"})
_NON_PERSON_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "nn"})
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "dative", "conj", "appos", "attr", "agent"})


# ---------------------------------------------------------------------------
# The Doc extractor
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Cand:
    """An actor mention under construction, over tokens ``start:end``."""

    start: int
    end: int
    head: int
    actor: Actor
    coded: bool
    rule: str
    role: str | None = None
    definite: bool = False
    modifiers: tuple[str, ...] = ()
    pronoun: bool = False
    antecedent: _Cand | None = None


def extract_actors(doc: Doc, article: Article, *, kb: ActorKB) -> list[ActorMention]:
    """Every actor mention in the article, coded against the KB where the text allows.

    Args:
        doc: the spaCy Doc of ``article.text`` (from ``dateline.nlp.load_pipeline()``).
        article: the article; its id and dateline are used.
        kb: the actor knowledge base (:func:`~dateline.knowledge.actors.load_actor_kb`).

    Returns:
        Mentions in text order. Offsets are character offsets into
        ``article.text``; ``antecedent`` indexes into this list and always
        points to an earlier mention. ``rule`` says how each was found
        (``phrase:country``, ``alias``, ``metonymy``, ``coref:pronoun`` ...).

    Raises:
        ValueError: the Doc is not of this article's text.

    Example:
        In "Iraqi federal and Kurdish forces exchanged fire", two mentions:
        "Iraqi federal" (IRQMIL, rule ``phrase:country+coordination``) and
        "Kurdish forces" (KURMIL, ``phrase:group``).
    """
    if doc.text != article.text:
        raise ValueError(
            f"article {article.id}: the Doc's text is not the article's text; "
            "run the pipeline on article.text unchanged"
        )
    return _DocExtractor(doc, article, kb).run()


class _DocExtractor:
    """One pass over one Doc; holds the per-document state of the stages."""

    def __init__(self, doc: Doc, article: Article, kb: ActorKB) -> None:
        self.doc = doc
        self.article = article
        self.kb = kb
        self.lex = kb.lexicon
        self.w = Words([t.text for t in doc], kb)
        self.consumed = bytearray(len(doc))
        self.cands: list[_Cand] = []
        self.title_words = {word for key in self.lex.titles for word in key}
        self.honorifics = {key[0] for key, title in self.lex.titles.items() if title.role is None and len(key) == 1}
        self.dateline_end = article.dateline.end if article.dateline else -1
        self.sent_starts = [sent.start for sent in doc.sents]
        self.sent_start = [0] * len(doc)
        for start, end in zip(self.sent_starts, [*self.sent_starts[1:], len(doc)]):
            self.sent_start[start:end] = [start] * (end - start)

    def run(self) -> list[ActorMention]:
        self._persons()
        self._phrases()
        self._names()
        self._organisations()
        self.cands.sort(key=lambda c: (c.start, -c.end))
        self._merge_appositions()
        self._pronouns()
        self.cands.sort(key=lambda c: (c.start, -c.end))
        self._corefer()
        self._guess_countries()
        return self._mentions()

    # -- helpers --------------------------------------------------------------

    def _free(self, start: int, end: int) -> bool:
        return not any(self.consumed[start:end])

    def _add(self, cand: _Cand) -> None:
        self.cands.append(cand)
        for k in range(cand.start, cand.end):
            self.consumed[k] = 1

    def _text(self, start: int, end: int) -> str:
        return self.doc[start:end].text

    def _is_head_token(self, tok: Token) -> bool:
        """Is this token the last word of an actor head (a force noun or a group's name)?"""
        m = self.w.match_at[tok.i]
        if m is not None:
            return m.end - 1 == tok.i and m.first(HEAD_ALIAS_KINDS) is not None
        key = (self.w.words[tok.i],)
        return key in self.lex.heads or any(
            tuple(self.w.words[tok.i - s + 1 : tok.i + 1]) in self.lex.heads for s in (2, 3) if tok.i - s + 1 >= 0
        )

    # -- stage 1: people ----------------------------------------------------

    def _persons(self) -> None:
        not_people = self._place_like_texts()
        for ent in self.doc.ents:
            after_honorific = ent.start > 0 and self.w.words[ent.start - 1].rstrip(".") in self.honorifics
            if not after_honorific and (ent.label_ != "PERSON" or fold(ent.text) in not_people):
                continue
            m = self.w.match_at[ent.start]
            if m is not None and m.start <= ent.start and m.end >= ent.end:
                continue  # a KB name NER took for a person ("Wagner", "Hezbollah")
            root = self.doc[ent.end - 1]
            if root.dep_ in _MODIFIER_DEPS and root.head.i >= ent.end and self._is_head_token(root.head):
                continue  # "the Maliki government": the person names whose government it is
            name_start = ent.start
            while name_start < ent.end and (
                self._is_title_token(self.doc[name_start]) or not self.doc[name_start].text[:1].isupper()
            ):
                name_start += 1  # titles inside the entity, and words NER took along ("and", "of")
            if name_start == ent.end:
                continue  # only a title ("Brig"): it belongs to the next name
            left = self._title_start(name_start)
            self._add_person(left, name_start, ent.end)

    def _place_like_texts(self) -> set[str]:
        """Texts that this article uses as places: a PERSON label on them is a tagging error."""
        texts = set()
        for ent in self.doc.ents:
            if ent.label_ in _NON_PERSON_LABELS or self._is_place_use(ent.start, ent.end):
                texts.add(fold(ent.text))
        return texts

    def _is_title_token(self, tok: Token) -> bool:
        return tok.text == "." or self.w.words[tok.i].rstrip(".") in self.title_words

    def _title_start(self, name_start: int) -> int:
        """Walk left over title words, owners and possessives before a name."""
        j = name_start - 1
        while j >= 0 and name_start - j <= 8 and not self.consumed[j]:
            tok = self.doc[j]
            m = self.w.match_at[j]
            if m is not None and m.first(set(OWNER_PRIORITY)) is not None:
                j = m.start - 1
            elif tok.text == ".":
                if j == 0 or self.w.words[j - 1] not in self.title_words:
                    break  # a full stop, not the end of "Brig."
                j -= 1
            elif self._is_title_token(tok) or self.w.words[j] in POSSESSIVE:
                j -= 1
            else:
                break
        left = j + 1
        while left < name_start and (self.doc[left].text == "." or self.w.words[left] in POSSESSIVE):
            left += 1
        return left

    def _add_person(self, left: int, name_start: int, end: int) -> None:
        w = self.w
        title_words = [w.words[k].rstrip(".") for k in range(left, name_start) if w.match_at[k] is None]
        title_words = [x for x in title_words if x and x not in POSSESSIVE]
        title = None
        for size in range(len(title_words), 0, -1):
            for i in range(len(title_words) - size, -1, -1):
                title = self.lex.titles.get(tuple(title_words[i : i + size]))
                if title is not None:
                    break
            if title is not None:
                break
        parts = PhraseParts()
        for m in w.matches:
            if left <= m.start and m.end <= name_start:
                take_owner(self.kb, parts, m)
        sector = title.sector if title else None
        owner = parts.entry or parts.group or parts.country or parts.religion
        actor = self._person_actor(self._text(name_start, end), owner, sector, parts)
        rule = "person:title" if title or owner else "person"
        self._add(_Cand(left, end, end - 1, actor, actor.code is not None, rule, role=title.role if title else None))

    def _person_actor(self, name: str, owner: str | None, sector: str | None, parts: PhraseParts) -> Actor:
        code = country = None
        if owner is not None and owner in self.kb.entries:
            entry = self.kb.entries[owner]
            code, country, sector = owner, entry.country, entry.sector
        elif owner is not None:
            code = owner + (sector or "")
            country = parts.country or (owner if owner in self.kb.countries else None)
        return Actor(
            name=name,
            code=code,
            kind="person",
            country=country,
            sector=sector,
            affiliations=[code] if code else [],
        )

    # -- stage 2: noun phrases headed by force/role nouns or group names -------

    def _phrases(self) -> None:
        heads = []
        k = 0
        while k < len(self.doc):
            head = head_at(self.kb, self.w, k) if not self.consumed[k] else None
            if head is not None and self.doc[head.end - 1].pos_ in ("NOUN", "PROPN", "ADJ", "X"):
                heads.append(head)
                k = head.end
            else:
                k += 1
        for head in reversed(heads):  # right to left: an NP's head before the nouns modifying it
            if self._free(head.start, head.end):
                self._phrase(head)

    def _phrase(self, head: Head) -> None:
        doc = self.doc
        last = doc[head.end - 1]
        governor = last.head
        modifier_of = None
        if last.dep_ in _MODIFIER_DEPS and governor.i > last.i:
            if self._is_head_token(governor):
                return  # "police" in "police forces": part of the bigger phrase
            modifier_of = governor
        region = self._premodifiers(head, modifier_of or last)
        definite = any(self.w.words[k] in _DEFINITE for k in region)
        region = self._strip_leading(region)
        conjuncts = self._split_coordination(region, head)
        owner_end = self._of_owner(last) if modifier_of is None else None
        if modifier_of is not None:
            parts = describe_phrase(self.kb, self.w, region, head)
            named = parts.country or parts.group or parts.entry or parts.religion
            if not named and last.dep_ != "poss":
                return  # "military positions", "police station": not an actor
        for n, (tokens, shared) in enumerate(conjuncts):
            is_last = n == len(conjuncts) - 1
            span_tokens = tokens or [head.start]
            start = min(span_tokens)
            end = head.end if is_last else max(span_tokens) + 1
            describe_tokens = sorted(set(tokens) | set(shared))
            if is_last and owner_end is not None:
                describe_tokens += list(range(head.end, owner_end))
                end = owner_end
            parts = describe_phrase(self.kb, self.w, describe_tokens, head)
            name = self._phrase_name(describe_tokens, head, is_last, end)
            actor, coded, how = code_parts(self.kb, parts, name)
            if not coded and is_last:
                actor, coded, how = self._owner_phrase(last, actor, coded, how)
            rule = f"phrase:{how}" if how not in ("alias", "alias:local") else how
            if len(conjuncts) > 1:
                rule += "+coordination"
            if modifier_of is not None:
                rule += "+modifier"
            if actor.sponsor and parts.sponsor:
                rule += "+sponsor"
            self._add(
                _Cand(
                    start,
                    end,
                    last.i,
                    actor,
                    coded,
                    rule,
                    role=parts.role,
                    definite=definite,
                    modifiers=tuple(parts.modifiers),
                )
            )

    def _premodifiers(self, head: Head, anchor: Token) -> list[int]:
        """Tokens left of the head inside the noun phrase headed by ``anchor``."""
        doc, region = self.doc, []
        j = head.start - 1
        while j >= 0 and not self.consumed[j]:
            tok = doc[j]
            if not anchor.is_ancestor(tok) or self._is_boundary(tok):
                break
            region.append(j)
            j -= 1
        return sorted(region)

    def _is_boundary(self, tok: Token) -> bool:
        text = tok.text
        if text in DASHES or text in ("\u2013", "\u2014"):
            prev = self.doc[tok.i - 1] if tok.i else None
            return bool(tok.whitespace_ or (prev is not None and prev.whitespace_))
        if tok.is_punct and text not in (",", "'s", "'", "\u2019s") and tok.tag_ != "HYPH":
            return True
        return tok.pos_ in ("ADP", "VERB", "AUX", "PRON", "SCONJ") and tok.tag_ not in ("VBN", "VBG")

    def _strip_leading(self, region: list[int]) -> list[int]:
        """Drop determiners, numbers and quantifiers: "the", "more", "just", "three"."""
        while region and (self.w.words[region[0]] in DETERMINERS or self.doc[region[0]].tag_ in _LEADING_TAGS):
            region = region[1:]
        while region and self.w.words[region[0]] in COORDINATORS:
            region = region[1:]
        return region

    def _split_coordination(self, region: list[int], head: Head) -> list[tuple[list[int], list[int]]]:
        """Split "Iraqi federal and Kurdish" into conjuncts; a leading possessor is shared.

        Returns (tokens, shared tokens) per conjunct. Splits only when at least
        two conjuncts name an owner or a sector, so "trade and industry
        ministers" stays one phrase.
        """
        shared: list[int] = []
        for idx, k in enumerate(region):
            if self.w.words[k] in POSSESSIVE:
                shared, region = region[: idx + 1], region[idx + 1 :]
                break
        groups: list[list[int]] = [[]]
        for k in region:
            if self.w.words[k] in COORDINATORS and self.doc[k].dep_ in ("cc", "punct") and groups[-1]:
                groups.append([])
            else:
                groups[-1].append(k)
        groups = [g for g in groups if g]
        whole: list[tuple[list[int], list[int]]] = [(shared + region, [])]
        if len(groups) < 2:
            return whole
        described = [describe_phrase(self.kb, self.w, g, None) for g in groups]
        if sum(1 for p in described if p.has_identity) < 2:
            return whole
        out = []
        inherited: list[int] = []
        for g, parts in zip(groups, described):
            own_owner = parts.country or parts.group or parts.entry
            extra = [] if own_owner else inherited
            out.append((g, sorted(set(shared) | set(extra))))
            if parts.country and not inherited:
                inherited = [k for k in g if (m := self.w.match_at[k]) is not None and m.first({"country", "demonym"})]
        out[0] = (sorted(set(out[0][0]) | set(shared)), out[0][1])
        return out

    def _of_owner(self, last: Token) -> int | None:
        """End token of an "of <country/group>" owner after the head ("the government of Iraq")."""
        for child in last.rights:
            if child.dep_ != "prep" or child.lower_ != "of":
                continue
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                m = self.w.match_at[pobj.i]
                if m is not None and m.first({"country", "group", "entry"}) is not None and self._free(child.i, m.end):
                    return m.end
        return None

    def _owner_phrase(self, last: Token, actor: Actor, coded: bool, how: str) -> tuple[Actor, bool, str]:
        """Code "a commander of the Iraqi army" from the phrase its "of"/"for" object is.

        An uncoded owner ("a spokesman for vigilante groups") still lends its sector and kind.
        """
        for child in last.rights:
            if child.dep_ != "prep" or child.lower_ not in ("of", "for"):
                continue
            for pobj in child.children:
                owner = next((c for c in self.cands if c.head == pobj.i), None)
                if pobj.dep_ != "pobj" or owner is None or owner.actor.kind in ("person", "external_state"):
                    continue
                update: dict[str, object] = {"sector": owner.actor.sector or actor.sector, "kind": owner.actor.kind}
                if owner.coded:
                    update |= {"code": owner.actor.code, "country": owner.actor.country}
                    update["affiliations"] = [owner.actor.code]
                return actor.model_copy(update=update), owner.coded, "of" if owner.coded else how + "+of"
        return actor, coded, how

    def _phrase_name(self, tokens: list[int], head: Head, is_last: bool, end: int) -> str:
        words = [self.doc[k].text_with_ws for k in tokens if self.w.words[k] not in DETERMINERS]
        text = "".join(words).strip()
        head_text = self._text(head.start, head.end)
        if is_last:
            tail = self._text(head.start, end)
            return f"{text} {tail}".strip() if text else tail
        return f"{text} {head_text}".strip()

    # -- stage 3: country names, group names, capitals and metonyms ---------

    def _names(self) -> None:
        for m in self.w.matches:
            if not self._free(m.start, m.end):
                continue
            target = m.first({"entry", "country", "group", "capital", "metonym"})
            if target is None:
                continue
            last = self.doc[m.end - 1]
            if self._inside_person(m):
                continue
            if target.kind == "entry":
                code, rule = target.code, "alias+modifier"
            elif target.kind in ("capital", "metonym"):
                if not self._is_agentive_subject(last):
                    continue
                code = target.code + "GOV" if target.kind == "capital" else target.code
                rule = f"metonymy:{target.kind}"
            elif self._is_place_use(m.start, m.end) or self._in_dateline(m):
                continue
            else:
                code, rule = target.code, f"name:{target.kind}"
            actor = self.kb.actor(code)
            if actor is not None:
                self._add(_Cand(m.start, m.end, last.i, actor, True, rule))

    def _inside_person(self, m: AliasMatch) -> bool:
        for ent in self.doc.ents:
            if (
                ent.label_ == "PERSON"
                and ent.start <= m.start
                and m.end <= ent.end
                and ent.end - ent.start > m.end - m.start
            ):
                return True
        return False

    def _is_agentive_subject(self, tok: Token) -> bool:
        """Subject of a verb of speech or action: "Baghdad condemned", "Washington and Moscow said"."""
        while tok.dep_ == "conj":
            tok = tok.head
        return tok.dep_ == "nsubj" and tok.head.lemma_.lower() in self.lex.metonymy_verbs

    def _is_place_use(self, start: int, end: int) -> bool:
        """A name used as a place: object of "in"/"across", "north of", or modifying a thing."""
        tok = self.doc[end - 1]
        while tok.dep_ == "conj":
            tok = tok.head
        if tok.dep_ == "pobj":
            prep = tok.head.lower_
            if prep in self.lex.locative_preps:
                return True
            if prep == "of" and tok.head.head.lower_ in self.lex.place_nouns:
                return True
        if tok.dep_ in _MODIFIER_DEPS and tok.head.i > tok.i and not self._is_head_token(tok.head):
            return True
        if tok.dep_ == "poss" and tok.head.lower_ in self.lex.place_nouns:
            return True
        return tok.dep_ == "appos" and tok.head.ent_type_ in ("GPE", "LOC", "PERSON")

    def _in_dateline(self, m: AliasMatch) -> bool:
        doc = self.doc
        if doc[m.start].idx < self.dateline_end:
            return True
        before = doc[m.start - 1].text if m.start else ""
        after = doc[m.end].text if m.end < len(doc) else ""
        return before == "," and (after in DASHES or after in ("\u2013", "\u2014", "("))

    # -- stage 4: organisations the KB does not know --------------------------

    def _organisations(self) -> None:
        surnames = {self.w.words[c.end - 1] for c in self.cands if c.actor.kind == "person"}
        for ent in self.doc.ents:
            if ent.label_ != "ORG" or not self._free(ent.start, ent.end):
                continue
            if ent.end - ent.start == 1 and self.w.words[ent.start] in surnames:
                person = Actor(name=ent.text, kind="person")
                self._add(_Cand(ent.start, ent.end, ent.start, person, False, "person"))
                continue  # NER called a person's surname an organisation here
            start = ent.start
            while start < ent.end - 1 and self.w.words[start] in DETERMINERS:
                start += 1
            tokens = list(range(start, ent.end))
            parts = describe_phrase(self.kb, self.w, tokens, None)
            for k in reversed(tokens):
                head = head_at(self.kb, self.w, k)
                if head is not None and head.word is not None:
                    parts.sector = head.word.sector
                    break
            prefix = parts.group or parts.country
            if prefix and parts.sector:
                actor = self.kb.compose(prefix, parts.sector, name=self._text(start, ent.end), country=parts.country)
                coded, rule = True, "org:composed"
            else:
                actor = Actor(name=self._text(start, ent.end), kind="other", country=parts.country, sector=parts.sector)
                coded, rule = False, "org:unknown"
            self._add(_Cand(start, ent.end, ent.end - 1, actor, coded, rule))

    # -- stage 5: one actor, two names -------------------------------------

    def _merge_appositions(self) -> None:
        """Join "Kurdish forces, known as the peshmerga", "Counter Terrorism Service (CTS)", appositions."""
        cands, out = self.cands, []
        i = 0
        while i < len(cands):
            a = cands[i]
            a = self._absorb_acronym(a)
            if i + 1 < len(cands):
                b = cands[i + 1]
                how = self._apposition(a, b)
                if how:
                    out.append(self._merge(a, b, how))
                    i += 2
                    continue
            out.append(a)
            i += 1
        self.cands = out

    def _absorb_acronym(self, a: _Cand) -> _Cand:
        doc, e = self.doc, a.end
        if e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")" and doc[e + 1].text.isupper():
            others = [c for c in self.cands if c.start == e + 1]
            for c in others:
                self.cands.remove(c)
            aliases = [*a.actor.aliases, doc[e + 1].text]
            a.actor = a.actor.model_copy(update={"aliases": aliases})
            a.end = e + 3
            a.rule += "+acronym"
        return a

    def _apposition(self, a: _Cand, b: _Cand) -> str | None:
        gap = [self.w.words[k] for k in range(a.end, b.start)]
        core = [g for g in gap if g not in (",", "the", "a", "an")]
        if core and tuple(core) in self.lex.known_as:
            return "known_as"
        if core or "," not in gap:
            return None
        b_head, a_head = self.doc[b.head], self.doc[a.head]
        if b_head.dep_ != "appos" or b_head.head.i != a.head:
            return None
        if {a_head.tag_, b_head.tag_} == {"NN", "NNS"}:
            return None  # "three fighters, a spokesman ... said": number disagrees, not one actor
        if a.actor.kind == "external_state" and b.actor.kind == "external_state":
            return None
        return "apposition"

    def _merge(self, a: _Cand, b: _Cand, how: str) -> _Cand:
        named_b = b.coded and b.rule.startswith("alias")
        if a.actor.kind == "person":
            actor = a.actor
            if not a.coded and b.coded:
                actor = actor.model_copy(
                    update={
                        "code": b.actor.code,
                        "country": b.actor.country,
                        "sector": b.actor.sector,
                        "affiliations": [b.actor.code],
                    }
                )
            elif actor.sector is None:
                actor = actor.model_copy(update={"sector": b.actor.sector})
            return _Cand(
                a.start, b.end, a.head, actor, actor.code is not None, "person:apposition", role=a.role or b.role
            )
        keep, other = (b, a) if named_b or not a.coded else (a, b)
        other_text = self._text(other.start, other.end)
        actor = keep.actor.model_copy(
            update={
                "aliases": list(dict.fromkeys([*keep.actor.aliases, other_text])),
                "sponsor": keep.actor.sponsor or other.actor.sponsor,
            }
        )
        return _Cand(
            a.start,
            b.end,
            keep.head,
            actor,
            keep.coded,
            f"apposition:{how}",
            role=keep.role or other.role,
            definite=a.definite,
        )

    # -- stage 6: pronouns and references back --------------------------------

    def _pronouns(self) -> None:
        lex = self.lex
        for tok in self.doc:
            word = tok.lower_
            if self.consumed[tok.i] or tok.dep_ not in _ARGUMENT_DEPS:
                continue
            if (
                word in lex.plural_pronouns
                or word in lex.person_pronouns
                or (word in lex.organisation_pronouns and self._is_agentive_subject(tok))
            ):
                placeholder = Actor(name=tok.text)
                self.cands.append(_Cand(tok.i, tok.i + 1, tok.i, placeholder, False, "coref:pronoun", pronoun=True))

    def _corefer(self) -> None:
        owners = self._people_by_surname()
        resolved: list[_Cand] = []
        for idx, cand in enumerate(self.cands):
            earlier = [c for c in resolved if c.start < cand.start]
            if cand.pronoun:
                ante = self._pronoun_antecedent(cand, earlier)
                if ante is None:
                    continue
                while ante.antecedent is not None and ante.pronoun:
                    ante = ante.antecedent
                cand.antecedent, cand.actor, cand.coded = ante, ante.actor, ante.coded
                cand.role = ante.role
            elif cand.actor.kind == "person":
                self._surname_antecedent(cand, earlier)
            else:
                self._description_antecedent(cand, earlier)
                if not cand.coded:
                    self._person_owner(cand, owners)
            resolved.append(cand)
        self.cands = resolved

    def _people_by_surname(self) -> dict[str, _Cand]:
        people: dict[str, _Cand] = {}
        for cand in self.cands:
            if cand.actor.kind == "person" and cand.coded:
                people.setdefault(self.w.words[cand.end - 1], cand)
        return people

    def _person_owner(self, cand: _Cand, owners: dict[str, _Cand]) -> None:
        """Code "the Maliki government" as the government of Maliki's country, when the article says which."""
        for word in cand.modifiers:
            person = owners.get(word)
            prefix = self.kb.prefix_of(person.actor.code) if person and person.actor.code else None
            if prefix is not None and cand.actor.sector:
                cand.actor = self.kb.compose(
                    prefix, cand.actor.sector, name=cand.actor.name, sponsor=cand.actor.sponsor
                )
                cand.coded = True
                cand.rule += "+owner:person"
                return

    def _sent_index(self, cand: _Cand) -> int:
        return self.sent_start[cand.head]

    def _pronoun_antecedent(self, pro: _Cand, earlier: list[_Cand]) -> _Cand | None:
        tok = self.doc[pro.start]
        word = tok.lower_
        if word in self.lex.person_pronouns:
            fits = [c for c in earlier if c.actor.kind == "person"]
        elif word in self.lex.plural_pronouns:
            fits = [c for c in earlier if c.actor.kind != "person" and self._plural(c) and not self._encloses(c, tok)]
        else:
            fits = [c for c in earlier if c.actor.kind in COLLECTIVE_KINDS and not self._plural(c)]
        if not fits:
            return None
        here = self.sent_start[tok.i]
        same = [c for c in fits if self._sent_index(c) == here]
        if same and not (tok.i == here or tok.dep_ in ("nsubj", "nsubjpass") and same[-1].end <= here):
            return same[-1]
        starts = self.sent_starts
        pos = starts.index(here) if here in starts else 0
        window = set(starts[max(0, pos - 2) : pos + 1])
        near = [c for c in fits if self._sent_index(c) in window]
        if not near:
            return None
        subjects = [c for c in near if self.doc[c.head].dep_ in ("nsubj", "nsubjpass")]
        prev = [c for c in subjects if self._sent_index(c) != here] or subjects or near
        return prev[-1]

    def _plural(self, cand: _Cand) -> bool:
        tok = self.doc[cand.head]
        return tok.tag_ in ("NNS", "NNPS") or cand.actor.kind in COLLECTIVE_KINDS and cand.actor.kind != "government"

    def _encloses(self, cand: _Cand, tok: Token) -> bool:
        """Is the pronoun inside a relative clause of this mention ("militias that fight alongside them")?"""
        head = self.doc[cand.head]
        return any(c.dep_ in ("relcl", "acl") and c.is_ancestor(tok) for c in head.children)

    def _surname_antecedent(self, cand: _Cand, earlier: list[_Cand]) -> None:
        last_name = self.w.words[cand.end - 1]
        for prev in reversed(earlier):
            if prev.actor.kind == "person" and prev.end - prev.start > 1 and self.w.words[prev.end - 1] == last_name:
                cand.antecedent = prev
                if not cand.coded and prev.coded:
                    cand.actor, cand.coded = prev.actor, True
                    cand.role = cand.role or prev.role
                cand.rule += "+coref:surname"
                return

    def _description_antecedent(self, cand: _Cand, earlier: list[_Cand]) -> None:
        """Link "the federal forces" to "Iraq's federal armed forces", "the Kurds" to "Kurdish forces"."""
        if cand.coded:
            if not cand.definite or cand.actor.code is None:
                return
            own = cand.actor.code
            for prev in reversed(earlier):
                code = prev.actor.code or ""
                if prev.pronoun or prev.actor.kind == "person" or "+of" in prev.rule:
                    continue
                if code == own or (len(own) == 3 and code[:3] == own):
                    cand.antecedent = prev
                    cand.rule += "+coref:definite"
                    return
            return
        sector = cand.actor.sector
        if sector is None:
            return
        head_lemma = self.doc[cand.head].lemma_.lower()
        for prev in reversed(earlier):
            if prev.pronoun or not prev.coded or prev.actor.sector != sector or prev.actor.kind == "person":
                continue
            shared = set(cand.modifiers) & set(prev.modifiers)
            same_head = self.doc[prev.head].lemma_.lower() == head_lemma
            if shared or (cand.definite and same_head and not cand.modifiers):
                cand.antecedent = prev
                sponsor = cand.actor.sponsor or prev.actor.sponsor
                cand.actor = prev.actor.model_copy(update={"sponsor": sponsor})
                cand.coded = True
                cand.rule += "+coref:description"
                return

    def _guess_countries(self) -> None:
        """An uncoded domestic actor in a datelined report most likely belongs to that country."""
        country = self._dateline_country()
        if country is None:
            return
        for cand in self.cands:
            if not cand.coded and cand.actor.country is None and cand.actor.sector in DOMESTIC_SECTORS:
                cand.actor = cand.actor.model_copy(update={"country": country})
                cand.rule += "+country:dateline"

    def _dateline_country(self) -> str | None:
        dateline = self.article.dateline
        if dateline is None:
            return None
        for piece in reversed(dateline.place_text.split(",")):
            for target in self.kb.lookup(piece.strip()):
                if target.kind in ("country", "capital"):
                    return target.code
        return None

    # -- output -------------------------------------------------------------

    def _mentions(self) -> list[ActorMention]:
        doc, aid = self.doc, self.article.id
        position = {id(c): n for n, c in enumerate(self.cands)}
        out = []
        for cand in self.cands:
            start = doc[cand.start].idx
            last = doc[cand.end - 1]
            end = last.idx + len(last.text)
            ante = position.get(id(cand.antecedent)) if cand.antecedent is not None else None
            out.append(
                ActorMention(
                    mention=Mention(article_id=aid, start=start, end=end, text=self.article.text[start:end]),
                    actor=cand.actor,
                    coded=cand.coded and cand.actor.code is not None,
                    role=cand.role,
                    antecedent=ante,
                    rule=cand.rule,
                )
            )
        return out
