"""Time expressions in an article, each resolved against the publication date.

Finding: the time grammar (:mod:`dateline.extract.time_grammar`) over the raw
text, plus spaCy's DATE/TIME entities for anything the grammar does not know.
The grammar wins where both fire, because its spans are the expression alone
("the six months" and "Oct. 1", not "the six months ended Oct. 1").

Resolving: :mod:`dateline.extract.time_rules`, given two things only the parse
knows — the tense of the verb governing the expression ("will meet on Monday"
is the coming Monday) and the last day mentioned before it (for "the next
day", "three days later").

A mention keeps the signal word that changes its meaning ("since June 21st",
"for three days", "from Monday to Wednesday"); the bare expression's span is
kept too (:class:`TimeSpan`) for scoring against TimeML, which leaves
prepositions out.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from dateline.extract.time_grammar import find_expressions, signal_before
from dateline.extract.time_rules import Resolution, Tense, resolve_found, resolve_time_text, years_earlier
from dateline.model import Article, Mention, TimeMention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

log = logging.getLogger(__name__)

__all__ = [
    "TimeSpan",
    "extract_times",
    "find_time_spans",
    "resolve_spans",
    "resolve_time_text",
    "tense_of",
]

_MEANINGFUL_SIGNALS = frozenset({"since", "until", "till", "through"})
"""Signal words kept in the mention because they turn a point into an interval
("from"/"between" too, when a range follows: "from Monday to Wednesday")."""

_NOT_TIME_ENTS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "NORP", "LAW", "MONEY"}
)
"""A grammar match inside one of these is part of a name ("Theresa May") or an amount."""
_AGE = re.compile(r"\d+[-\s](?:years?|months?|weeks?|days?)[-\s]old\b|\bage[sd]?\b|^\W*\d{1,3}\W*$", re.IGNORECASE)
_RANGE_JOIN = re.compile(r"\s*(?:to|until|till|through|and|-|\u2013)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class TimeSpan:
    """One time expression in a Doc: the expression itself, its signal word and verb tense."""

    start: int
    end: int
    kind: str | None
    """Grammar pattern that found it; None when only spaCy's NER did."""
    tense: Tense
    signal: str | None = None
    signal_start: int | None = None


def find_time_spans(doc: Doc, *, text: str | None = None) -> list[TimeSpan]:
    """Every time expression in ``doc``, in text order, without overlaps.

    ``text`` is ``doc.text`` when the caller has it already (spaCy rebuilds
    that string from the tokens on every access).
    """
    text = doc.text if text is None else text
    ents = entity_spans(doc)
    blocked = [(s, e) for s, e, label in ents if label in _NOT_TIME_ENTS]
    cores: list[tuple[int, int, str | None]] = [
        (f.start, f.end, f.kind) for f in find_expressions(text) if not _inside_any(f.start, f.end, blocked)
    ]
    for start, end, label in ents:
        phrase = text[start:end]
        if label not in ("DATE", "TIME") or _AGE.search(phrase):
            continue
        if any(s < end and start < e for s, e, _ in cores):
            continue
        cores.append((start, end - (2 if phrase.endswith(("'s", "\u2019s")) else 0), None))
    spans = []
    for start, end, kind in sorted(cores):
        sig = signal_before(text, start)
        spans.append(
            TimeSpan(start, end, kind, tense_of(doc, start, end), sig[0] if sig else None, sig[1] if sig else None)
        )
    return spans


def entity_spans(doc: Doc) -> list[tuple[int, int, str]]:
    """``(start_char, end_char, label)`` of the Doc's named entities.

    Read from the token arrays: ``doc.ents`` builds a Python object per token
    and per entity, which costs more than all of the time extraction.
    """
    from spacy.attrs import ENT_IOB, ENT_TYPE, IDX

    if len(doc) == 0:
        return []
    rows = doc.to_array([ENT_IOB, ENT_TYPE, IDX]).tolist()
    out = []
    i, n = 0, len(rows)
    while i < n:
        if rows[i][0] != 3:  # 3 = B(egin); 1 = I(nside)
            i += 1
            continue
        j = i + 1
        while j < n and rows[j][0] == 1:
            j += 1
        last = doc[j - 1]
        out.append((rows[i][2], last.idx + len(last.text), doc.vocab.strings[rows[i][1]]))
        i = j
    return out


def _inside_any(start: int, end: int, blocks: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in blocks)


def extract_times(
    doc: Doc, article: Article, *, anchor: date | None = None, anchor_label: str = "published"
) -> list[TimeMention]:
    """Find and resolve every time expression in an article.

    Args:
        doc: the spaCy Doc of ``article.text``.
        article: the article; its ``published`` date is the default anchor.
        anchor: resolve against this date instead (e.g. one inferred from a
            dated article that reports the same events).
        anchor_label: what to record as the anchor of anchored values:
            ``published`` or ``inferred:<article id>``.

    With no anchor at all, relative expressions come back with ``value=None``
    and ``reason="no anchor date"``; absolute dates still resolve.
    """
    if anchor is None:
        anchor = article.published
    text = doc.text
    spans = find_time_spans(doc, text=text)
    mentions: list[TimeMention] = []
    story = _StoryTime(text, anchor)
    i = 0
    while i < len(spans):
        span, nxt = spans[i], spans[i + 1] if i + 1 < len(spans) else None
        i += 1
        start, end = span.start, span.end
        if span.signal in _MEANINGFUL_SIGNALS or (span.signal == "for" and span.kind == "duration"):
            start = span.signal_start  # type: ignore[assignment]
        if span.signal in ("from", "between") and nxt and _RANGE_JOIN.fullmatch(text[span.end : nxt.start]):
            start, end, i = span.signal_start, nxt.end, i + 1  # type: ignore[assignment]
        reference = story.reference
        res = story.resolve(span, start, end)
        if res.rule == "unrecognised":
            log.debug("skipping %r: %s", text[start:end], res.reason)
            continue
        mentions.append(_mention(article.id, start, text[start:end], res, anchor_label, reference))
    return mentions


def resolve_spans(doc: Doc, anchor: date | None) -> list[tuple[TimeSpan, Resolution]]:
    """Each bare expression (no signal words, ranges not joined) with its resolution.

    This is the TimeML view of the article, which scores expressions one by one.
    """
    text = doc.text
    story = _StoryTime(text, anchor)
    resolved = ((span, story.resolve(span, span.start, span.end)) for span in find_time_spans(doc, text=text))
    return [(span, res) for span, res in resolved if res.rule != "unrecognised"]


_PERIOD_TIMEML = re.compile(r"^\d{4}-(?:\d\d|Q\d|H\d|SP|SU|FA|WI)$")
_SAME_PERIOD_REACH = 300
"""How far back (characters, same paragraph) a period stays the subject of "a year earlier"."""


class _StoryTime:
    """What an expression can count from besides the anchor, as the text goes on.

    The last day mentioned ("the next day", "three days later" count from it),
    and whether the time mentioned just before was a period: "sales rose in
    the third quarter from a year earlier" compares with the same quarter a
    year before, not with the whole year.
    """

    def __init__(self, text: str, anchor: date | None) -> None:
        self.text = text
        self.anchor = anchor
        self.reference: date | None = None
        self._period: Resolution | None = None
        self._period_end = 0

    def resolve(self, span: TimeSpan, start: int, end: int) -> Resolution:
        """Resolve ``text[start:end]`` (the span, perhaps with its signal word) and move the story on."""
        phrase = self.text[start:end]
        if (start, end) == (span.start, span.end) and span.kind:
            res = resolve_found(phrase, span.kind, self.anchor, tense=span.tense, reference=self.reference)
        else:
            res = resolve_time_text(phrase, self.anchor, tense=span.tense, reference=self.reference)
        res = self._same_period(res, start)
        if res.granularity == "day" and res.start is not None:
            self.reference = res.start
        is_period = bool(res.timeml and _PERIOD_TIMEML.match(res.timeml))
        self._period, self._period_end = (res, end) if is_period else (None, 0)
        return res

    def _same_period(self, res: Resolution, start: int) -> Resolution:
        period = self._period
        if period is None or period.start is None or res.start is None or res.granularity != "year":
            return res
        if res.rule not in ("ago", "before-anchor", "year-earlier"):
            return res
        gap = self.text[self._period_end : start]
        years = period.start.year - res.start.year
        if years not in (1, 2) or len(gap) > _SAME_PERIOD_REACH or "\n\n" in gap:
            return res
        return years_earlier(period, years, f"{res.rule}+same-period")


def _mention(
    article_id: str, start: int, phrase: str, res: Resolution, anchor_label: str, reference: date | None
) -> TimeMention:
    label = {"anchor": anchor_label, "reference": f"time:{reference.isoformat()}" if reference else None}
    return TimeMention(
        mention=Mention(article_id=article_id, start=start, end=start + len(phrase), text=phrase),
        value=res.value,
        start=res.start,
        end=res.end,
        granularity=res.granularity,
        anchor=label.get(res.basis),
        rule=res.rule,
        reason=res.reason,
    )


# ---------------------------------------------------------------------------
# Tense of the governing verb
# ---------------------------------------------------------------------------

_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "going"})
_OBLIGATION_AUX = frozenset({"must", "should"})
_PLAN_LEMMAS = frozenset(
    {"plan", "schedule", "expect", "due", "set", "intend", "aim", "prepare", "hope", "vow", "promise", "threaten",
     "agree", "decide", "propose", "seek", "want", "offer"}
)
_MAX_CLIMB = 6


def tense_of(doc: Doc, start: int, end: int) -> Tense:
    """The tense ("past"/"future") of the verb that governs the characters ``start:end``, else None.

    Future: an auxiliary "will"/"shall"/"'ll", "going to", or an infinitive
    under a planning verb ("plans to meet on Monday", "is due to vote in
    March"). Past: a past-tense verb or perfect auxiliary. Present tense and
    anything unclear give None, and the rules fall back on their defaults.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    verb = _governing_verb(span)
    if verb is None:
        return None
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in _FUTURE_AUX for a in aux):
        return "future"
    if any(a.lower_ in _OBLIGATION_AUX for a in aux) and not any(a.lemma_ == "have" for a in aux):
        return "future"  # "must be returned by Jan. 14"
    if verb.dep_ == "xcomp" and (verb.head.lemma_ in _PLAN_LEMMAS or verb.head.lower_ == "going"):
        return "future"
    if verb.tag_ == "VB" and verb.dep_ == "acl" and any(a.lower_ == "to" for a in aux):
        return "future"  # "an agreement to acquire the bank in January"
    if any(c.lemma_ in ("due", "scheduled", "set") and c.dep_ in ("acomp", "oprd") for c in verb.children):
        return "future"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" or a.lemma_ == "have" for a in aux):
        return "past"
    if verb.tag_ == "VBN" and verb.dep_ in ("relcl", "acl", "advcl", "ccomp"):
        return "past"
    return None


def _governing_verb(span: Span) -> Token | None:
    tok = span.root
    for _ in range(_MAX_CLIMB):
        if tok.pos_ in ("VERB", "AUX") and tok not in span:
            return tok
        if tok.head.i == tok.i:
            return tok if tok.pos_ in ("VERB", "AUX") else None
        tok = tok.head
    return None
