"""Is an article a report, an opinion piece or an analysis? Cheap cues over the text.

Analysts weigh a wire report and a blogger's commentary differently, and an
event asserted only in a blogger's own words deserves less confidence than one
in a reported passage. The classifier counts cues of three voices and says
which ones decided:

* **opinion** — the author speaks as "I"/"we" outside quotation marks,
  addresses the reader ("If you thought ..."), uses evaluative or sarcastic
  language ("stunning", "for the icing on the cake"), calls to action, blog
  furniture ("Posted by", "h/t"), or embeds a wire agency's text inside the
  commentary ("(Associated Press)" in mid-text).
* **report** — a dateline opening ("ALTUN KUPRI, Iraq -"), an agency credit at
  the start, attributions ("said", "according to") and quoted sources.
* **analysis** — third-person explanation: "analysts", "this suggests", "the
  implications", hedged forecasts — without the opinion voice.

Text inside double quotation marks is someone else's voice and is left out of
the voice cues: a peshmerga fighter saying "we" does not make an AP report an
opinion piece. This is a lexicon classifier; it does not detect irony without
markers, and it reads English only.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from dateline.model import Article, ArticleKind

_QUOTED = re.compile(r"\"[^\"\n]{0,600}\"|\u201c[^\u201d\n]{0,600}\u201d|``[^\n]{0,600}?''")
"""Double-quoted speech: straight, curly, or tokenised (``like this'')."""
_WORDS = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?")
_LEADING_LITERAL = re.compile(r"(?:\\b)?([a-z ',/:-]*)")


def _first(pattern: str, low: str) -> re.Match[str] | None:
    """The first match of a lower-case cue pattern in ``low``, testing the text its matches begin with first.

    A pattern that starts at a word boundary gives the regex engine no literal
    to scan for, so it tries every position of the article; most articles hold
    none of the cues, and a substring test rules them out at C speed.
    """
    return re.search(pattern, low) if _lead(pattern) in low else None


@cache
def _lead(pattern: str) -> str:
    """The literal text every match of ``pattern`` begins with (may be empty)."""
    m = _LEADING_LITERAL.match(pattern)
    lead = m.group(1) if m else ""
    if lead and pattern[m.end() : m.end() + 1] in ("?", "*", "{"):
        lead = lead[:-1]  # the last letter is optional ("comments?")
    return lead


FIRST_PERSON = frozenset(
    "i i'm i've i'd i'll me my mine myself we we're we've we'd we'll us our ours ourselves".split()
)
SECOND_PERSON = frozenset("you you're you've you'd you'll your yours yourself".split())

EVALUATIVE = frozenset(
    """stunning disturbing disturbingly sadly unfortunately pity shameful outrageous absurd ridiculous
    disgraceful pathetic appalling incredible incredibly remarkable obviously frankly toughest worst
    terrible horrible brilliant foolish stupid naive hypocrisy hypocritical fiasco alas thankfully
    hopefully laughable insane disgusting shocking amazing awful idiotic ludicrous sadder sadly
    heartbreaking embarrassing pointless reckless cowardly""".split()
)

SARCASM = (
    r"icing on the cake",
    r"cherry on top",
    r"straight-up",
    r"so-called",
    r"yeah,? right",
    r"what could (?:possibly )?go wrong",
    r"surprise,? surprise",
    r"shocking,? i know",
    r"who could have (?:guessed|predicted|imagined)",
    r"color me",
)

CALLS_TO_ACTION = (
    r"\bwe (?:must|need to|have to|ought to)\b",
    r"\bcall your (?:senator|representative|congressman|mp)\b",
    r"\bsign (?:the|our|this) petition\b",
    r"\bit'?s time (?:to|for)\b",
    r"\blet'?s\b",
    r"\bjoin us\b",
    r"\bspeak out\b",
    r"\bcontact your\b",
    r"\bdon'?t let\b",
)

BLOG_MARKERS = (
    r"\bposted by\b",
    r"\bshare this\b",
    r"\bread more\b",
    r"\bh/t\b",
    r"\bhat tip\b",
    r"\bupdate:",
    r"\(emphasis (?:added|mine)\)",
    r"\bfiled under\b",
    r"\bclick here\b",
    r"\bleave a comment\b",
    r"\bcomments?\s*\(\d+\)",
)

HEDGES = (
    r"\bperhaps\b",
    r"\bprobably\b",
    r"\bapparently\b",
    r"\bit seems\b",
    r"\bseems to\b",
    r"\bi think\b",
    r"\bi believe\b",
    r"\bin my (?:view|opinion)\b",
)

ANALYSIS_MARKERS = (
    r"\banalys[ie]s\b",
    r"\banalysts?\b",
    r"\bexperts? (?:say|said|believe|warn)\b",
    r"\bthis (?:means|suggests|shows|reflects)\b",
    r"\bimplications?\b",
    r"\bthe question (?:is|of)\b",
    r"\bin other words\b",
    r"\bon the other hand\b",
    r"\bthe logic of\b",
    r"\bincreasingly\b",
    r"\bremains to be seen\b",
    r"\bseems?\b",
    r"\bstrategic(?:ally)?\b",
    r"\blikely to\b",
    r"\bin the long run\b",
    r"\bthe (?:reason|context|background)\b",
)

AGENCIES = r"(?:Associated Press|AP|Reuters|AFP|Agence France-Presse|Bloomberg|BBC|dpa|Xinhua|Anadolu)"
_AGENCY_CREDIT = re.compile(r"\(" + AGENCIES + r"\)|\baccording to (?:the )?" + AGENCIES + r"\b|\b" + AGENCIES + r" reports?\b")
_DATELINE = re.compile(
    r"^\s*(?:date\s+\S+\s+)?([A-Z][A-Z'.\- ]{2,40}(?:,\s*[A-Z][A-Za-z.' ]{1,30})?)\s*(?:\([A-Za-z. ]+\)\s*)?[-\u2013\u2014]\s"
)
_ATTRIBUTION = re.compile(r"\b(?:said|says|told|according to|announced|stated|confirmed|reported)\b", re.IGNORECASE)

# Points per cue and the caps that keep one cue from deciding alone.
FIRST_PERSON_POINT, FIRST_PERSON_CAP = 0.75, 4.0
SECOND_PERSON_POINT, SECOND_PERSON_CAP = 0.75, 1.5
EVALUATIVE_POINT, EVALUATIVE_CAP = 0.5, 2.5
SARCASM_POINT = 1.0
CALL_POINT = 1.0
BLOG_POINT = 1.5
QUOTED_WIRE_POINT = 1.5
HEDGE_POINT, HEDGE_CAP = 0.5, 1.5
RHETORICAL_POINT, RHETORICAL_CAP = 0.5, 1.5
DATELINE_POINT = 2.5
ATTRIBUTION_POINT, ATTRIBUTION_CAP = 0.4, 2.0
QUOTE_POINT, QUOTE_CAP = 0.5, 1.5
ANALYSIS_POINT, ANALYSIS_CAP = 0.75, 3.0

OPINION_THRESHOLD = 3.0
ANALYSIS_THRESHOLD = 2.0
MIN_EVIDENCE = 1.0
WIRE_CREDIT_LEAD_CHARS = 120
"""An agency credit this close to the start is the article's own byline, not quoted wire text."""


@dataclass(slots=True)
class _Tally:
    """Points per voice and the human-readable cues that earned them."""

    points: dict[str, float]
    cues: dict[str, list[str]]

    def add(self, kind: str, points: float, cue: str) -> None:
        if points > 0:
            self.points[kind] = self.points.get(kind, 0.0) + points
            self.cues.setdefault(kind, []).append(cue)


def classify_article(article: Article) -> tuple[ArticleKind, list[str]]:
    """Classify an article as report, opinion or analysis, and say which cues decided.

    Args:
        article: any ingested article; only ``text`` and ``dateline`` are read.

    Returns:
        ``(kind, cues)``. ``cues`` lists the cues of the chosen kind first, each
        as ``"<kind>: <cue>"``, then a line with the three scores. ``kind`` is
        ``"unknown"`` when the text carries almost no cue at all.

    Example:
        The blog seed ("If you thought the Catalonian independence bid ...",
        "we learned", "(for the icing on the cake)", "(Associated Press)")
        comes out ``opinion``; the AP seed, opening "ALTUN KUPRI, Iraq -",
        comes out ``report``.
    """
    text = article.text
    own_voice = _QUOTED.sub(" ", text)
    tally = _Tally({"opinion": 0.0, "report": 0.0, "analysis": 0.0}, {})
    _opinion_cues(text, own_voice, tally)
    _report_cues(article, text, tally)
    _analysis_cues(own_voice, tally)
    kind = _decide(tally.points)
    cues = [f"{kind}: {c}" for c in tally.cues.get(kind, [])]
    cues += [f"{k}: {c}" for k in ("opinion", "report", "analysis") if k != kind for c in tally.cues.get(k, [])]
    scores = ", ".join(f"{k} {tally.points[k]:.1f}" for k in ("opinion", "report", "analysis"))
    cues.append(f"scores: {scores}")
    return kind, cues


def _decide(points: dict[str, float]) -> ArticleKind:
    opinion, report, analysis = points["opinion"], points["report"], points["analysis"]
    if max(opinion, report, analysis) < MIN_EVIDENCE:
        return "unknown"
    if opinion >= OPINION_THRESHOLD and opinion >= report:
        return "opinion"
    if analysis >= ANALYSIS_THRESHOLD and analysis > report:
        return "analysis"
    if report >= MIN_EVIDENCE:
        return "report"
    return "unknown"  # weak cues of a voice, none strong enough to decide


def _opinion_cues(text: str, own_voice: str, tally: _Tally) -> None:
    words = [w for w in _WORDS.findall(own_voice) if w != "US"]
    lowered = Counter(w.replace("\u2019", "'").lower() for w in words)
    first = {w: n for w, n in lowered.items() if w in FIRST_PERSON}
    if first:
        pts = min(FIRST_PERSON_POINT * sum(first.values()), FIRST_PERSON_CAP)
        tally.add("opinion", pts, "first-person voice outside quotes (" + _counts(first) + ")")
    second = {w: n for w, n in lowered.items() if w in SECOND_PERSON}
    if second:
        pts = min(SECOND_PERSON_POINT * sum(second.values()), SECOND_PERSON_CAP)
        tally.add("opinion", pts, "addresses the reader (" + _counts(second) + ")")
    evaluative = sorted(w for w in lowered if w in EVALUATIVE)
    if evaluative:
        pts = min(EVALUATIVE_POINT * len(evaluative), EVALUATIVE_CAP)
        tally.add("opinion", pts, "evaluative language (" + ", ".join(evaluative) + ")")
    low_voice = own_voice.lower()
    for label, patterns, point in (
        ("sarcasm", SARCASM, SARCASM_POINT),
        ("call to action", CALLS_TO_ACTION, CALL_POINT),
        ("blog marker", BLOG_MARKERS, BLOG_POINT),
    ):
        for pattern in patterns:
            m = _first(pattern, low_voice)
            if m:
                tally.add("opinion", point, f"{label} ({m.group()!r})")
    questions = len(re.findall(r"\?(?=\s|$)", own_voice))
    if questions:
        tally.add("opinion", min(RHETORICAL_POINT * questions, RHETORICAL_CAP), f"questions in the author's voice (×{questions})")
    hedges = [m.group() for p in HEDGES for m in [_first(p, low_voice)] if m]
    if hedges:
        tally.add("opinion", min(HEDGE_POINT * len(hedges), HEDGE_CAP), "speculation (" + ", ".join(hedges) + ")")
    for m in _AGENCY_CREDIT.finditer(text):
        if m.start() > WIRE_CREDIT_LEAD_CHARS:
            tally.add("opinion", QUOTED_WIRE_POINT, f"quoted wire text inside commentary ({m.group()!r} at char {m.start()})")
            break


def _report_cues(article: Article, text: str, tally: _Tally) -> None:
    if article.dateline is not None:
        tally.add("report", DATELINE_POINT, f"dateline ({article.dateline.place_text!r})")
    else:
        m = _DATELINE.match(text)
        if m:
            tally.add("report", DATELINE_POINT, f"dateline ({m.group(1).strip()!r})")
    lead = _AGENCY_CREDIT.search(text[:WIRE_CREDIT_LEAD_CHARS])
    if lead:
        tally.add("report", DATELINE_POINT, f"agency credit at the start ({lead.group()!r})")
    attributions = len(_ATTRIBUTION.findall(text))
    if attributions:
        tally.add("report", min(ATTRIBUTION_POINT * attributions, ATTRIBUTION_CAP), f"attributions (×{attributions})")
    quotes = len(_QUOTED.findall(text))
    if quotes:
        tally.add("report", min(QUOTE_POINT * quotes, QUOTE_CAP), f"quoted sources (×{quotes})")


def _analysis_cues(own_voice: str, tally: _Tally) -> None:
    low = own_voice.lower()
    found = [m.group() for p in ANALYSIS_MARKERS for m in [_first(p, low)] if m]
    if found:
        tally.add("analysis", min(ANALYSIS_POINT * len(found), ANALYSIS_CAP), "explanatory framing (" + ", ".join(found) + ")")


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{w} ×{n}" for w, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
