"""Events: who did what to whom, where, when, how sure — with the sentence that says so.

For each sentence the event classifier (rules by default, see
:mod:`dateline.extract.event_triggers`) proposes triggers with a PLOVER type
and mode. This module turns them into :class:`~dateline.model.Event` records:

1. **Structure the sentence's triggers.** A verbal governor absorbs the act
   in its complement ("gave warning he was going to *enter* the town" is one
   THREATEN by the speaker; "urging the coalition forces to come and *help*
   us" one REQUEST). Triggers that report the same happening merge ("suicide
   *bombers* *blew* themselves up, *killing* ..." is one ASSAULT, mode
   suicide-attack). Nouns that only name an event with a light verb
   ("*signed* a deal") never stand alone. Relative clauses in the simple
   present ("militias that fight alongside them") describe, not report, and
   are dropped.
2. **Roles** from the parse (:mod:`~dateline.extract.event_roles`), filled
   with the actors extractor's mentions; first-person speakers in quotes are
   the quote's attributed speaker.
3. **Modality** (:mod:`~dateline.extract.event_modality`). Cooperative acts
   that are promised or planned are AGREE events, as PLOVER codes them.
4. **Date**: the time expression scoping the event's clause (or an enclosing
   clause: "when ..." inherits "in 2014"); "a day after X" dates X from the
   event it is relative to; else the publication date for a report of the day
   (rule ``published``, ``inferred=True``); else unknown. Future and
   past-perfect events get no publication-date fallback.
5. **Place** via ``places.locate_event``; **quantities** from the trigger's
   clause; ACLED/CAMEO codes via the ontology, including ACLED's
   combinations (a protest met with arrests is "Protest with intervention").
6. **Confidence** (see :func:`_confidence`): a score in [0, 1] for ranking
   and filtering, documented in docs/events.md with its measured precision.

Events whose confidence falls below :data:`MIN_CONFIDENCE` are not returned.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import timedelta

from spacy.tokens import Doc, Span, Token

from dateline.extract.event_modality import ModalityReading, read_modality
from dateline.extract.event_quantities import find_quantities
from dateline.extract.event_roles import (
    ParticipantIndex,
    RoleTokens,
    clause_anchor,
    role_tokens,
)
from dateline.extract.event_triggers import (
    EventClassifier,
    TriggerHit,
    TriggerLexicon,
    get_classifier,
    is_nominal,
    is_verbal,
    load_trigger_lexicon,
)
from dateline.knowledge.ontology import Ontology
from dateline.model import (
    ActorMention,
    Article,
    Event,
    EventDate,
    EventPlace,
    Evidence,
    Mention,
    PlaceMention,
    Quantity,
    TimeMention,
    stable_id,
)

log = logging.getLogger(__name__)

MIN_CONFIDENCE = 0.2
"""Events scored below this are dropped (a lone weak trigger with no participants)."""

COOPERATIVE_TYPES = frozenset({"SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"})
"""Types that become AGREE when promised or planned (PLOVER: future cooperation is an intention)."""

_QUOTES = re.compile(r"[\"\u201c\u201d]")
_DURATION_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "hour": 0, "hours": 0, "minute": 0, "minutes": 0, "moment": 0, "moments": 0}
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}

Locator = Callable[[Doc, Span, list[PlaceMention], Article], EventPlace]


@dataclass
class _Draft:
    """An event being assembled; becomes an :class:`Event` at the end."""

    hit: TriggerHit
    sent: Span
    anchor: Token
    referenced: bool = False
    source_heads: list[Token] = field(default_factory=list)
    target_heads: list[Token] = field(default_factory=list)
    sources: list[ActorMention] = field(default_factory=list)
    targets: list[ActorMention] = field(default_factory=list)
    coactors: list[ActorMention] = field(default_factory=list)
    reading: ModalityReading | None = None
    claimant: ActorMention | None = None
    date: EventDate = field(default_factory=EventDate)
    place: EventPlace = field(default_factory=EventPlace)
    quantities: list[Quantity] = field(default_factory=list)
    acled_type: str | None = None
    acled_subtype: str | None = None
    cameo_root: str | None = None
    quad: str | None = None
    confidence: float = 0.0


def extract_events(
    doc: Doc,
    article: Article,
    *,
    places: list[PlaceMention],
    actors: list[ActorMention],
    times: list[TimeMention],
    ontology: Ontology,
    classifier: EventClassifier | str = "rules",
    locator: Locator | None = None,
) -> list[Event]:
    """The events an article reports, each with type, roles, place, date, modality and evidence.

    Args:
        doc: the spaCy Doc of ``article.text``.
        article: the article (its id, publication date and dateline are used).
        places: the places extractor's mentions (event locations come from them).
        actors: the actors extractor's mentions (roles are filled with them).
        times: the times extractor's mentions, resolved against publication.
        ontology: PLOVER/ACLED/CAMEO tables (``load_ontology()``).
        classifier: an :class:`EventClassifier` or a registered name (setting
            ``event_classifier``; default ``"rules"``).
        locator: the event geolocation function; default
            ``dateline.extract.places.locate_event``.

    Returns:
        Events in text order, ids stable (``stable_id(article.id, trigger start, type)``).

    Example:
        On the AP report dated 2017-10-20, "Iraq's anti-terrorism and federal
        police forces shelled Kurdish military positions north and south of
        Altun Kupri" gives ASSAULT/heavy-weapons (ACLED "Shelling/artillery/
        missile attack", CAMEO 19), sources the federal forces, target the
        Kurdish positions, dated 2017-10-20 by the ``published`` rule.

    Not done here: cross-article resolution (``dateline.resolve``); events
    with no trigger word (a sentence of bare casualty figures).
    """
    lex = load_trigger_lexicon()
    clf = get_classifier(classifier) if isinstance(classifier, str) else classifier
    locate = locator or _default_locator()
    index = ParticipantIndex(article, actors, places, lex)
    index.speaker_by_sentence = _quote_speakers(doc, index, lex)
    if article.dateline is not None:
        # The header's own date ("date 2017-10-20 ALTUN KUPRI, Iraq -") scopes no event.
        times = [tm for tm in times if tm.mention.start >= article.dateline.end]

    drafts: list[_Draft] = []
    for sent in _sentences(doc):
        hits = _structure(clf.find_triggers(sent), doc, lex)
        trigger_tokens = {h.token for h in hits}
        sent_drafts = [
            d for hit in hits if (d := _draft(hit, sent, doc, article, index, lex, trigger_tokens)) is not None
        ]
        for d in sent_drafts:
            d.date = _event_date(d, doc, times, article)
            d.place = locate(doc, doc[d.hit.token : d.hit.token + 1], places, article)
            _code(d, ontology, index)
        _combine(sent_drafts, ontology)
        _relative_dates(sent, sent_drafts)
        _riots_at_protests(sent_drafts, drafts[-3:], ontology)
        drafts.extend(sent_drafts)

    events: list[Event] = []
    for d in drafts:
        d.confidence = _confidence(d)
        if d.confidence < MIN_CONFIDENCE:
            log.debug("article %s: dropped weak %s trigger %r (%.2f)", article.id, d.hit.type, doc[d.hit.token].text, d.confidence)
            continue
        events.append(_event(d, doc, article))
    return events


def _default_locator() -> Locator:
    """The places extractor's event geolocation (imported late: places loads the gazetteer code)."""
    from dateline.extract.places import locate_event

    return locate_event


# ---------------------------------------------------------------------------
# 1. Structure the triggers of one sentence
# ---------------------------------------------------------------------------

_TITLE_ABBREVIATIONS = frozenset(
    {"brig.", "gen.", "col.", "lt.", "maj.", "capt.", "sgt.", "cpl.", "adm.", "cmdr.", "dr.", "mr.", "mrs.", "ms.",
     "prof.", "sen.", "rep.", "gov.", "st.", "rev.", "pres."}
)


_EVENT_HEADS = frozenset({"spree", "campaign", "wave", "incident", "operation", "raid", "attack", "spate", "series"})
"""Nouns whose compound modifier names the event ("a *looting* spree", "a *bombing* campaign")."""


def _sentences(doc: Doc) -> list[Span]:
    """spaCy's sentences, rejoined where the parser split after a title ("Brig. | Gen. Raad Baddai")."""
    out: list[Span] = []
    for sent in doc.sents:
        if out and _ends_with_title(out[-1]):
            out[-1] = doc[out[-1].start : sent.end]
        else:
            out.append(sent)
    return out


def _ends_with_title(sent: Span) -> bool:
    last = sent[-1]
    if last.lower_ in _TITLE_ABBREVIATIONS:
        return True
    return last.text == "." and len(sent) > 1 and sent[-2].lower_ + "." in _TITLE_ABBREVIATIONS


def _structure(hits: list[TriggerHit], doc: Doc, lex: TriggerLexicon) -> list[TriggerHit]:
    by_token = {h.token: h for h in hits}
    absorbed: set[int] = set()
    out: dict[int, TriggerHit] = dict(by_token)

    # Governors absorb the act in their complement.
    for hit in hits:
        if not hit.sense.governs:
            continue
        inner = [by_token[t.i] for t in _complement(doc[hit.token]) if t.i in by_token and t.i != hit.token]
        if not inner:
            continue
        absorbed.update(h.token for h in inner)
        gov = out[hit.token]
        main = inner[0]
        if gov.type == "THREATEN" and main.type in COOPERATIVE_TYPES | {"AGREE", "CONSULT"}:
            gov = replace(gov, type="AGREE", mode=None)
        elif not gov.mode_specific:
            mode = lex.governed_modes.get(gov.type, {}).get(main.type)
            if mode:
                gov = replace(gov, mode=mode, mode_specific=True)
        out[hit.token] = replace(
            gov, hints=gov.hints | main.hints, contexts=gov.contexts | main.contexts, absorbed=tuple(inner)
        )
    for t in absorbed:
        out.pop(t, None)

    # Triggers of one happening merge into the highest of them.
    parent: dict[int, int] = {}
    for t in sorted(out):
        linked = _linked_trigger(doc[t], out)
        if linked is not None and _same_happening(out[t], out[linked]):
            parent[t] = linked

    def root(t: int) -> int:
        while t in parent:
            t = parent[t]
        return t

    merged: dict[int, TriggerHit] = {}
    members: dict[int, list[int]] = {}
    for t in sorted(out):
        r = root(t)
        members.setdefault(r, []).append(t)
    for r, toks in members.items():
        best = out[r]
        for t in toks:
            other = out[t]
            if other is best:
                continue
            best = _merge(best, other, lex)
        merged[r] = replace(best, token=r, members=tuple(m for m in toks if m != r))

    kept: list[TriggerHit] = []
    for t, hit in sorted(merged.items()):
        tok = doc[t]
        if hit.sense.light and clause_anchor(tok, lex, hit.sense) == tok and len(members[t]) == 1:
            continue  # "the agreement" alone reports nothing
        if hit.sense.light and tok.head.i in out and tok.head.i not in members.get(t, []):
            continue  # "completed a deal": the verb's event carries it
        if is_verbal(tok) and tok.dep_ == "relcl" and tok.tag_ in ("VBP", "VBZ"):
            continue  # "militias that fight alongside them": a description
        if hit.type == "SUPPORT" and tok.dep_ in ("acl", "amod") and tok.tag_ == "VBN":
            continue  # "forces, supported by militias": a co-actor, not an event
        if tok.dep_ in ("compound", "amod") and len(members[t]) == 1 and tok.head.lemma_.lower() not in _EVENT_HEADS:
            continue  # "attack planes", "the attacking troops", "a shooting war": a modifier
        kept.append(hit)
    return kept


def _complement(tok: Token) -> list[Token]:
    """Tokens of a governor's complement clause(s): "threatened [to attack]", "gave warning [he was going to enter]"."""
    out: list[Token] = []
    for child in tok.children:
        if child.dep_ in ("xcomp", "ccomp") or (is_nominal(tok) and child.dep_ in ("acl", "ccomp", "relcl")):
            out.extend(child.subtree)
        elif child.dep_ == "prep" and child.lower_ in ("for", "to", "of"):
            out.extend(t for t in child.subtree if t.pos_ in ("VERB", "NOUN"))
    return out


def _linked_trigger(tok: Token, hits: dict[int, TriggerHit]) -> int | None:
    """The trigger this one attaches to: its head, through a preposition ("killed *in* an airstrike"),
    a participle or coordinated verb without its own subject ("blew themselves up, *killing* ...")."""
    head = tok.head
    if head == tok:
        return None
    if tok.dep_ in ("conj", "advcl", "xcomp") and is_verbal(tok):
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children) or any(c.dep_ == "mark" for c in tok.children):
            return None
        if tok.dep_ == "conj" and hits[tok.i].type != "ASSAULT":
            return None  # "sold oil to Turkey and closed a deal with Israel": two events
        return head.i if head.i in hits else None
    if tok.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "compound", "amod", "nmod", "npadvmod"):
        return head.i if head.i in hits else None
    if tok.dep_ == "pobj" and head.dep_ in ("prep", "agent") and head.lower_ in ("in", "with", "by", "during", "of", "from", "using"):
        return head.head.i if head.head.i in hits else None
    return None


def _same_happening(a: TriggerHit, b: TriggerHit) -> bool:
    return a.type == b.type


def _merge(keep: TriggerHit, other: TriggerHit, lex: TriggerLexicon) -> TriggerHit:
    """Fold ``other`` into ``keep``: the more specific mode, the higher score, all hints."""
    mode = keep.mode
    specific = keep.mode_specific
    if other.mode_specific and (not keep.mode_specific or _mode_rank(other, lex) < _mode_rank(keep, lex)):
        mode, specific = other.mode, True
    return replace(
        keep,
        mode=mode,
        mode_specific=specific,
        score=max(keep.score, other.score),
        hints=keep.hints | other.hints,
        contexts=keep.contexts | other.contexts,
        sense=keep.sense if keep.sense.reciprocal or not other.sense.reciprocal else replace(keep.sense, reciprocal=True),
    )


def _mode_rank(hit: TriggerHit, lex: TriggerLexicon) -> int:
    cues = lex.mode_cues.get(hit.type, ())
    for i, cue in enumerate(cues):
        if cue.mode == hit.mode:
            return i
    return len(cues)


# ---------------------------------------------------------------------------
# 2-3. Roles and modality
# ---------------------------------------------------------------------------


def _draft(
    hit: TriggerHit, sent: Span, doc: Doc, article: Article, index: ParticipantIndex, lex: TriggerLexicon, triggers: set[int]
) -> _Draft | None:
    tok = doc[hit.token]
    anchor = clause_anchor(tok, lex, hit.sense)
    d = _Draft(hit=hit, sent=sent, anchor=anchor)
    # "condemned the attack", "called off the strike": a noun naming an event another
    # trigger acts on refers to it more often than it reports it.
    d.referenced = is_nominal(tok) and anchor == tok and tok.head.i in triggers and tok.head.i != tok.i
    roles: RoleTokens = role_tokens(hit, doc, lex)
    for member in hit.members:
        extra = role_tokens(replace(hit, token=member), doc, lex)
        roles.sources.extend(t for t in extra.sources if t not in roles.sources)
        roles.targets.extend(t for t in extra.targets if t not in roles.targets)
        roles.modifier_sources.extend(t for t in extra.modifier_sources if t not in roles.modifier_sources)
    if not roles.targets:
        # "Libya offered to hand over the suspects *to Britain*": the absorbed act's recipients.
        for inner in hit.absorbed:
            roles.targets.extend(t for t in role_tokens(inner, doc, lex).targets if t not in roles.sources)
    d.source_heads, d.target_heads = list(roles.sources), list(roles.targets)
    if hit.type == "ASSAULT" and _caused_by_nature(tok, roles, lex):
        return None

    def fill(toks: list[Token], fallback: bool = True) -> list[ActorMention]:
        return _unique(m for t in toks for m in index.mentions(t, fallback=fallback, sentence_start=sent.start))

    # A modifier is a source when it names an actor ("*Israeli* airstrikes", "*police* firing").
    nominal_modifiers = [t for t in roles.modifier_sources if t.pos_ in ("NOUN", "PROPN")]
    d.sources = fill(roles.modifier_sources, False) + fill(nominal_modifiers) + fill(roles.sources)
    d.sources = _unique(d.sources)
    d.targets = [m for m in fill(roles.targets) if m not in d.sources]
    d.coactors = [m for m in fill(roles.coactors) if m not in d.sources]

    reading = read_modality(anchor, tok, lex)
    speaker = index.speaker_by_sentence.get(sent.start)
    if reading.modality == "asserted" and speaker is not None and not _is_speaker_source(d, speaker):
        reading = ModalityReading("claimed", None, "quote")
    d.reading = reading
    if reading.claimant is not None:
        claimants = index.mentions(reading.claimant, sentence_start=sent.start)
        d.claimant = claimants[0] if claimants else None
    elif speaker is not None and reading.modality != "asserted":
        d.claimant = speaker

    _recode_by_modality(d, lex)
    if d.hit.type == "THREATEN" and d.reading.modality in ("asserted", "claimed"):
        # The threat was made; what it threatens has not happened (modality of the act).
        d.reading = replace(d.reading, modality="threatened")
    d.quantities = find_quantities(_clause_tokens(anchor, tok), article.id)
    return d


CONFLICT_ACTS = frozenset({"ASSAULT", "COERCE", "SANCTION"})
"""Material conflict that, announced for the future, is a THREATEN (PLOVER)."""
ANNOUNCING_CUES = frozenset(
    {"will", "shall", "'ll", "wo", "would", "going", "plan", "plans", "planned", "planning", "intend", "intends",
     "intended", "vow", "vowed", "vows", "pledge", "pledged", "swear", "swore", "sworn", "prepare", "prepared",
     "preparing", "ready", "willing", "determined", "promise", "promised", "threaten", "threatened", "committed"}
)
"""Words that announce an act (will, plan, vow ...). An attempt ("tried to kidnap") or a
purpose ("sent troops to fight") stays the act, marked threatened, not a THREATEN."""
_THREAT_MODE_BY_COERCE = {"arrest": "arrest", "seize": "territory", "ban": "ban", "deport": "expel"}


def _recode_by_modality(d: _Draft, lex: TriggerLexicon) -> None:
    """PLOVER codes what an act *is* given its modality: a promised cooperative act is
    AGREE, an announced conflictual act THREATEN, a refused or negated cooperative act
    REJECT, an act someone says another *must* do a REQUEST by the speaker."""
    hit, reading = d.hit, d.reading
    assert reading is not None
    modality = reading.modality
    if modality == "threatened" and (reading.cue or "").lower() in ANNOUNCING_CUES:
        if hit.type in COOPERATIVE_TYPES:
            d.hit, d.reading = replace(hit, type="AGREE", mode=None), replace(reading, modality="asserted")
        elif hit.type in CONFLICT_ACTS:
            mode = _THREAT_MODE_BY_COERCE.get(hit.mode or "", "restrict") if hit.type == "COERCE" else lex.governed_modes["THREATEN"].get(hit.type)
            d.hit, d.reading = replace(hit, type="THREATEN", mode=mode), replace(reading, modality="asserted")
    elif modality == "negated" and hit.type in COOPERATIVE_TYPES | {"AGREE", "CONSULT"}:
        mode = lex.governed_modes["REJECT"].get(hit.type, "change")
        d.hit, d.reading = replace(hit, type="REJECT", mode=mode), replace(reading, modality="asserted")
    elif _is_obligation(d.anchor) and d.claimant is not None:
        mode = lex.governed_modes["REQUEST"].get(hit.type, "change")
        d.targets = [m for m in d.sources if m.mention != d.claimant.mention]
        d.sources = [d.claimant]
        d.hit, d.reading = replace(hit, type="REQUEST", mode=mode), replace(reading, modality="asserted")


def _is_obligation(verb: Token) -> bool:
    """"Libya must hand over ...", "they have to withdraw"."""
    if any(c.dep_ == "aux" and c.lower_ == "must" for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ("have", "need") and any(c.lower_ == "must" for c in verb.head.children)


def _caused_by_nature(tok: Token, roles: RoleTokens, lex: TriggerLexicon) -> bool:
    """"A chemical leak has killed ten people", "the earthquake destroyed villages": no actor, no event."""
    causes = lex.words.get("non_agents", frozenset())
    subjects = [c for c in tok.children if c.dep_ in ("nsubj", "agent")] + roles.sources
    heads = [next((g for g in t.children if g.dep_ == "pobj"), t) if t.dep_ == "agent" else t for t in subjects]
    return any(h.lemma_.lower() in causes or h.lower_ in causes for h in heads)


def _is_speaker_source(d: _Draft, speaker: ActorMention) -> bool:
    return any(m.mention == speaker.mention for m in d.sources)


def _clause_tokens(anchor: Token, trigger: Token) -> list[Token]:
    """The event's clause: the anchor's subtree without embedded clauses that carry their own events."""
    out: list[Token] = []
    stack = [anchor]
    while stack:
        t = stack.pop()
        out.append(t)
        for c in t.children:
            if c.dep_ in ("ccomp", "relcl", "parataxis") or (c.dep_ in ("conj", "advcl") and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)):
                continue
            stack.append(c)
    if trigger not in out:
        out.extend(trigger.subtree)
    return out


def _unique(mentions: Iterable[ActorMention]) -> list[ActorMention]:
    seen: set[tuple[int, int]] = set()
    out: list[ActorMention] = []
    for m in mentions:
        key = (m.mention.start, m.mention.end)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def _quote_speakers(doc: Doc, index: ParticipantIndex, lex: TriggerLexicon) -> dict[int, ActorMention]:
    """Sentence start -> the speaker a quotation in it is attributed to ("... help us." said fighter X)."""
    claim = lex.words.get("claim_verbs", frozenset())
    sents = list(doc.sents)
    out: dict[int, ActorMention] = {}
    open_quote = False
    pending: list[Span] = []
    for i, sent in enumerate(sents):
        marks = len(_QUOTES.findall(sent.text))
        quoted = open_quote or marks > 0
        if marks % 2 == 1:
            open_quote = not open_quote
        if not quoted:
            continue
        pending.append(sent)
        if open_quote:
            continue
        speaker = None
        for cand in (sent, sents[i + 1] if i + 1 < len(sents) else None):
            if cand is None:
                continue
            for tok in cand:
                if tok.lemma_.lower() in claim and not _inside_quotes(tok):
                    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                    if subj is not None and subj.lower_ not in ("i", "we"):
                        found = index.mentions(subj)
                        speaker = found[0] if found else None
                        break
            if speaker is not None:
                break
        if speaker is not None:
            for s in pending:
                out[s.start] = speaker
        pending = []
    return out


def _inside_quotes(tok: Token) -> bool:
    before = tok.doc[tok.sent.start : tok.i].text
    return len(_QUOTES.findall(before)) % 2 == 1


# ---------------------------------------------------------------------------
# 4. Dates
# ---------------------------------------------------------------------------


def _event_date(d: _Draft, doc: Doc, times: list[TimeMention], article: Article) -> EventDate:
    sent = d.sent
    relative_span = _relative_phrase(sent)
    in_sent = [
        tm for tm in times
        if sent.start_char <= tm.mention.start < sent.end_char
        and not (relative_span and relative_span[0] <= tm.mention.start < relative_span[1])
    ]
    marker = _relative_marker(sent)
    after_marker = marker is not None and d.hit.token > marker[1].i
    # After "a day after", the clause's time is relative to the event before it; only
    # a time attached to its own verb counts ("... after he warned on Thursday").
    chosen = _scoping_time(d.anchor, doc, in_sent, climb=not after_marker)
    if chosen is not None:
        return EventDate(
            start=chosen.start,
            end=chosen.end,
            granularity=chosen.granularity if chosen.start else "unknown",
            time=chosen,
            rule=f"time: {chosen.mention.text!r}" + ("" if chosen.start else f" (unresolved: {chosen.reason or chosen.value})"),
        )
    modality = d.reading.modality if d.reading else "asserted"
    if modality in ("threatened", "hypothetical"):
        return EventDate(rule="not dated: the event has not happened")
    if _past_perfect(d.anchor):
        return EventDate(rule="not dated: past perfect, before the report")
    if article.published is not None:
        return EventDate(
            start=article.published,
            end=article.published,
            granularity="day",
            rule="published: no time expression; a report of the day",
            inferred=True,
        )
    return EventDate(rule="unknown: article undated and no time expression")


def _scoping_time(anchor: Token, doc: Doc, times: list[TimeMention], *, climb: bool = True) -> TimeMention | None:
    """The time mention attached to the anchor's clause, or to a clause enclosing it."""
    attached: dict[int, TimeMention] = {}
    distance: dict[int, int] = {}
    inside: dict[int, TimeMention] = {}
    for tm in times:
        span = doc.char_span(tm.mention.start, tm.mention.end, alignment_mode="expand")
        if span is None:
            continue
        inside.update({t.i: tm for t in span})
        verb = _governing_verb(span.root)
        if verb is not None and abs(span.root.i - verb.i) < distance.get(verb.i, 10**6):
            attached[verb.i] = tm
            distance[verb.i] = abs(span.root.i - verb.i)
    cur = anchor
    for _ in range(10 if climb else 1):
        if cur.i in attached:
            return attached[cur.i]
        if cur.dep_ == "relcl" and cur.head.i in inside:
            return inside[cur.head.i]  # "in 2014, when Iraqi soldiers gave up their posts"
        if cur.dep_ in ("relcl", "acl") or cur.head == cur:
            return None  # a relative clause describes; its time is its own
        cur = cur.head
    return None


def _governing_verb(tok: Token) -> Token | None:
    cur = tok
    for _ in range(8):
        if cur.head == cur:
            return cur if cur.pos_ in ("VERB", "AUX") else None
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            return cur
    return None


def _past_perfect(verb: Token) -> bool:
    return verb.tag_ == "VBN" and any(c.lower_ == "had" and c.dep_ == "aux" for c in verb.children)


def _relative_phrase(sent: Span) -> tuple[int, int] | None:
    """Character span of "a day after" / "two days before" in a sentence (the events after it are dated from the one before)."""
    found = _relative_marker(sent)
    if found is None:
        return None
    first, marker, _ = found
    return first.idx, marker.idx + len(marker.text)


def _relative_marker(sent: Span) -> tuple[Token, Token, int] | None:
    for tok in sent:
        if tok.lower_ not in ("after", "before") or tok.i - sent.start < 2:
            continue
        unit = tok.doc[tok.i - 1]
        days = _DURATION_UNITS.get(unit.lower_)
        count_tok = tok.doc[tok.i - 2]
        count = _NUMBER_WORDS.get(count_tok.lower_) or (int(count_tok.text) if count_tok.text.isdigit() else None)
        if days is None or count is None:
            continue
        return count_tok, tok, count * days * (1 if tok.lower_ == "before" else -1)
    return None


def _relative_dates(sent: Span, drafts: list[_Draft]) -> None:
    """Date events after "a day after" from the event before it: X shelled ..., a day after Y warned -> Y = X - 1 day."""
    found = _relative_marker(sent)
    if found is None:
        return
    _, marker, offset = found
    before = [d for d in drafts if d.hit.token < marker.i and d.date.start is not None]
    if not before:
        return
    base = before[-1]
    base_start = base.date.start
    assert base_start is not None
    for d in drafts:
        if d.hit.token > marker.i and d.date.time is None:
            shift = timedelta(days=offset)
            d.date = EventDate(
                start=base_start + shift,
                end=(base.date.end or base_start) + shift,
                granularity=base.date.granularity,
                rule=f"relative: {marker.doc[marker.i - 2 : marker.i + 1].text!r} the event at {base.sent.doc[base.hit.token].text!r} ({base.date.rule})",
                inferred=base.date.inferred,
            )


# ---------------------------------------------------------------------------
# 5. Codes
# ---------------------------------------------------------------------------


def _code(d: _Draft, ontology: Ontology, index: ParticipantIndex) -> None:
    source_kinds: set[str] = set()
    target_kinds: set[str] = set()
    for m in d.sources:
        source_kinds |= index.kinds(m)
    for m in d.targets:
        target_kinds |= index.kinds(m)
    for tok in d.source_heads:
        source_kinds |= index.head_kinds(tok)
    for tok in d.target_heads:
        target_kinds |= index.head_kinds(tok)
    target_kinds &= {"civilians", "armed", "protesters"}
    if "armed" in target_kinds:
        target_kinds.discard("civilians")
    hints = set(d.hit.hints)
    if "protesters" in source_kinds:
        hints.add("riot")
        if d.hit.type == "ASSAULT" and d.hit.mode in ("primitive", "beat", "destroy", None):
            # Stone-throwing demonstrators: PLOVER codes a riot as PROTEST/riot.
            d.hit = replace(d.hit, type="PROTEST", mode="riot")
    if "crowd" in source_kinds and "state" not in source_kinds and "nonstate" not in source_kinds:
        source_kinds = {"crowd"}
    else:
        source_kinds.discard("crowd")
    coding = ontology.code(
        d.hit.type,
        d.hit.mode,
        contexts=d.hit.contexts,
        hints=hints,
        target_kinds=target_kinds,
        source_kinds=source_kinds,
    )
    d.quad = coding.quad
    d.cameo_root = coding.cameo_root
    d.acled_type = coding.acled_type
    d.acled_subtype = coding.acled_subtype


_SCUFFLE_MODES = frozenset({"beat", "primitive", "destroy"})


def _riots_at_protests(drafts: list[_Draft], recent: list[_Draft], ontology: Ontology) -> None:
    """"There were scuffles" at a demonstration told just before: unattributed brawling at a
    protest is the protest turning violent (PROTEST/riot, ACLED violent demonstration)."""
    if not any(d.hit.type == "PROTEST" for d in (*recent, *drafts)):
        return
    for d in drafts:
        if d.hit.type == "ASSAULT" and not d.sources and d.hit.mode in _SCUFFLE_MODES:
            d.hit = replace(d.hit, type="PROTEST", mode="riot")
            coding = ontology.code("PROTEST", "riot")
            d.quad, d.cameo_root = coding.quad, coding.cameo_root
            d.acled_type, d.acled_subtype = coding.acled_type, coding.acled_subtype


def _combine(drafts: list[_Draft], ontology: Ontology) -> None:
    """ACLED codes some pairs reported together as one event of another sub-type (acled.yaml ``combinations``)."""
    # A partner counts only when it names someone ("police arrested protesters"), not
    # a mention in passing ("a plan for mass arrests"). Both events of a combined pair
    # take the combined sub-type: ACLED codes them as one event.
    named = [d.acled_subtype if (d.sources or d.targets) else None for d in drafts]
    for i, d in enumerate(drafts):
        for j, other in enumerate(named):
            if i == j or other is None or d.acled_subtype is None:
                continue
            becomes = ontology.combine(d.acled_subtype, other)
            if becomes:
                for e in (d, drafts[j]):
                    e.acled_subtype = becomes
                    e.acled_type = ontology.acled_subtypes[becomes].event_type


# ---------------------------------------------------------------------------
# 6. Confidence and the record
# ---------------------------------------------------------------------------


def _confidence(d: _Draft) -> float:
    """How much to trust the event's type and source, in [0, 1].

    Starts from the trigger's prior (the lexicon weight: how often that word,
    in that frame, reports that event type), then: x0.75 with no source found,
    +0.05 when a source is coded in the actor knowledge base, x0.9 when the
    modality is not ``asserted``, x0.85 for a nominal trigger standing alone
    (it may refer back to an event told before), x0.7 more when another trigger acts
    on it ("condemned *the attack*"). Measured precision per band
    is in docs/events.md.
    """
    score = d.hit.score
    if not d.sources:
        score *= 0.75
    elif any(m.coded for m in d.sources):
        score += 0.05
    if d.reading and d.reading.modality != "asserted":
        score *= 0.9
    tok = d.sent.doc[d.hit.token]
    if is_nominal(tok) and d.anchor == tok:
        score *= 0.85
    if d.referenced:
        score *= 0.7
    return round(max(0.0, min(0.99, score)), 3)


def _event(d: _Draft, doc: Doc, article: Article) -> Event:
    tok = doc[d.hit.token]
    end_tok = tok
    for child in tok.rights:
        if child.dep_ == "prt" and child.i == end_tok.i + 1:
            end_tok = child
    start, end = tok.idx, end_tok.idx + len(end_tok.text)
    trigger = Mention(article_id=article.id, start=start, end=end, text=article.text[start:end])
    reading = d.reading or ModalityReading("asserted", None, None)
    return Event(
        id=stable_id(article.id, start, d.hit.type),
        article_id=article.id,
        type=d.hit.type,
        mode=d.hit.mode,
        context=sorted(d.hit.contexts),
        quad=d.quad,
        acled_type=d.acled_type,
        acled_subtype=d.acled_subtype,
        cameo_root=d.cameo_root,
        sources=d.sources,
        targets=d.targets,
        coactors=d.coactors,
        place=d.place,
        date=d.date,
        modality=reading.modality,  # type: ignore[arg-type]
        claimant=d.claimant,
        quantities=d.quantities,
        trigger=trigger,
        evidence=Evidence(text=d.sent.text, start=d.sent.start_char, end=d.sent.end_char),
        confidence=d.confidence,
    )
