"""The surface grammar of English time expressions in news text, as regular expressions.

One table of named patterns serves two jobs: *finding* time expressions in an
article (alongside spaCy's DATE/TIME entities, which miss "a day after",
"earlier this month", "now" ...) and *dispatching* a found expression to the
rule that resolves it (:mod:`dateline.extract.time_rules`). Keeping both on the
same table means a phrase that can be found can always be resolved.

Spans follow the TimeML convention for the expression itself ("last week",
"the third quarter", "two days ago" — no leading "on"/"in"); the words that
change its meaning around it ("since", "until", "for", "a day *after*") are
found separately as signals by :func:`signal_before`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip

NUMBER_WORDS: dict[str, float] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "a couple of": 2, "a couple": 2, "couple of": 2, "half a": 0.5,
    "a half": 0.5, "a dozen": 12, "dozen": 12,
}  # fmt: skip

VAGUE_NUMBERS = ("a few", "few", "several", "some", "many", "a number of", "numerous")

UNITS: dict[str, str] = {
    "second": "S", "minute": "MIN", "hour": "H", "day": "D", "night": "D", "trading day": "D",
    "business day": "D", "week": "W", "fortnight": "2W", "weekend": "WE", "month": "M",
    "quarter": "Q", "year": "Y", "decade": "E", "century": "C", "centurie": "C",
}  # fmt: skip
"""Unit word (singular stem) -> unit code used by the rules."""

PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}  # fmt: skip

ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "final": 4, "last": 4,
}  # fmt: skip

SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

# ---------------------------------------------------------------------------
# Building blocks (regex source strings)
# ---------------------------------------------------------------------------


def _alt(words: Iterable[str]) -> str:
    """An alternation of literal words, longest first so "sept" wins over "sep"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _capitalised(words: Iterable[str]) -> str:
    """Case-sensitive alternation of Capitalised or UPPER-CASE words ("May", "MAY", not "may")."""
    forms = {w.capitalize() for w in words} | {w.upper() for w in words}
    return "(?-i:" + _alt(forms) + ")"


_FULL_MONTHS = [m for m in MONTHS if len(m) > 4 or m in ("may", "june", "july")]
_ABBR_MONTHS = [m for m in MONTHS if m not in _FULL_MONTHS]
MONTH = (
    rf"(?:{_capitalised(_FULL_MONTHS)}(?!\.\w)"
    rf"|{_capitalised(_ABBR_MONTHS)}\.?(?=\s*\d)|{_capitalised(_ABBR_MONTHS)}\.)"
)
"""A month name; an abbreviation needs its dot or a day number after it ("Oct. 16", "Oct 16", not "Jan")."""
_FULL_DAYS = [d for d in WEEKDAYS if len(d) > 5]
_ABBR_DAYS = ["mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri"]
WEEKDAY = rf"(?:{_capitalised(_FULL_DAYS)}|{_capitalised(_ABBR_DAYS)}\.)"
YEAR = r"(?:1[5-9]\d\d|20\d\d)(?![\d,]\d)"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"
_NUMWORD = _alt([w for w in NUMBER_WORDS if " " not in w] + ["[a-z]+ty-[a-z]+"])
NUMBER = (
    rf"(?:\d+(?:\.\d+)?(?:\s+1/2)?|(?:{_alt([w for w in NUMBER_WORDS if ' ' in w])})"
    rf"|(?:{_NUMWORD})(?:\s+(?:and\s+)?a\s+half)?|{_alt(VAGUE_NUMBERS)})"
)
NUMBER_RANGE = rf"{NUMBER}(?:\s*(?:to|or|-)\s*{NUMBER})?"
UNIT = (
    r"(?:trading\s+days?|business\s+days?|seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|weekends?"
    r"|months?|quarters?|years?|decades?|centur(?:y|ies))"
)
PART_OF_DAY = _alt(PARTS_OF_DAY)
SEASON = _alt(SEASONS)
ORDINAL = _alt(ORDINALS)
REL = r"(?:this\s+past|this\s+coming|this|last|next|past|coming|previous|current)"
EDGE = r"(?:early|late|mid-?|the\s+(?:beginning|start|middle|end)\s+of|(?:at\s+)?the\s+end\s+of)"
HEDGE = (
    r"(?:about|around|approximately|roughly|nearly|almost|some|over|more\s+than|less\s+than|fewer\s+than"
    r"|at\s+least|at\s+most|up\s+to|no\s+more\s+than|as\s+many\s+as|as\s+few\s+as|a\s+full|a\s+further|another)"
)
"""Approximations kept in a span ("nearly two weeks ago"); "only", "just", "barely" are left outside it."""
CLOCK = (
    r"(?:[01]?\d|2[0-3])(?:[:.][0-5]\d)?\s*(?:a\.m\.?|p\.m\.?|am\b|pm\b)|(?:[01]?\d|2[0-3]):[0-5]\d(?!\d)"
    r"|(?<!high\s)noon|midday|midnight"
)
ZONE = r"(?:\s+(?:EST|EDT|CST|CDT|PST|PDT|GMT|UTC|BST|CET|CEST|local\s+time|\(\d{4}\s+GMT\)))?"
DAY_REF = r"(?:today|tonight|yesterday|tomorrow)"

# A "day expression" that can carry a clock time or part of day.
_DAY_EXPR = (
    rf"(?:{WEEKDAY},?\s+{MONTH}\s+{DAY}(?:,?\s+{YEAR})?|{MONTH}\s+{DAY}(?:,?\s+{YEAR})?|{DAY_REF}"
    rf"|(?:(?:last|next|this)\s+)?{WEEKDAY})"
)

# ---------------------------------------------------------------------------
# The pattern table
# ---------------------------------------------------------------------------

PATTERNS: list[tuple[str, str]] = [
    # 20/10/2017, 2017-10-20, 20.10.2017
    ("numeric_date", r"(?<![\d/.])(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2}))(?![\d/])"),
    # 5 p.m. EST, Nov. 6 / noon Saturday / Monday night / 10 p.m. Tuesday
    (
        "clock_and_day",
        rf"(?:(?:around|about|shortly\s+after|shortly\s+before|early|late)\s+)?(?:{CLOCK}){ZONE}(?:,?\s+(?:on\s+)?{_DAY_EXPR})?"
        rf"|{_DAY_EXPR}(?:,?\s+at)?\s+(?:{CLOCK}){ZONE}",
    ),
    (
        "day_part",
        rf"(?:(?:early|late|mid-?)\s*)?(?:{WEEKDAY}|{DAY_REF}(?<!tonight))(?:'s)?\s+(?:{PART_OF_DAY})s?"
        rf"|(?:(?:early|late)\s+)?(?:last|this|tomorrow|yesterday)\s+(?:{PART_OF_DAY})"
        rf"|(?:the\s+)?(?:early\s+hours|(?:early|late)\s+(?:{PART_OF_DAY}))\s+of\s+(?:{_DAY_EXPR})"
        rf"|(?:later|earlier)\s+(?:today|this\s+(?:{PART_OF_DAY}))"
        rf"|(?:mid[-\s]?|late\s+|early\s+)(?:afternoon|morning|evening)",
    ),
    # Tuesday, Oct. 17, 2017 / Oct. 16 / June 21st / 21 June 2017 / the 21st of June
    (
        "month_day",
        rf"(?:(?:last|next|this\s+past|this\s+coming)\s+)?(?:{WEEKDAY},?\s+)?(?:{MONTH}\s+{DAY}(?:,?\s+{YEAR})?|(?:the\s+)?{DAY}\s+(?:of\s+)?{MONTH}(?:,?\s+{YEAR})?)",
    ),
    # the week of March 6
    ("week_of", rf"the\s+week\s+of\s+{MONTH}\s+{DAY}(?:,?\s+{YEAR})?"),
    # September 2017 / early October this year / late November / last May
    (
        "month",
        rf"(?:{EDGE}\s*)?(?:(?:last|next|this|this\s+past|this\s+coming)\s+)?{MONTH}(?:,?\s+(?:of\s+)?{YEAR}|\s+(?:this|last|next)\s+year)?",
    ),
    # the third quarter of 1989 / the fiscal first quarter / the latest quarter / third-quarter
    (
        "quarter",
        rf"(?:(?:the|its|that|this|last|next)\s+)?(?:(?:fiscal|calendar|latest|recent|current|comparable|year-ago|year-earlier|previous|same|{YEAR})\s+)*"
        rf"(?:(?:{ORDINAL})[-\s])?quarter(?![-\s]century|ly)(?:\s+of\s+(?:fiscal\s+)?(?:{YEAR}|(?:this|last|next)\s+year))?",
    ),
    (
        "half",
        rf"(?:the\s+)?(?:first|second|1st|2nd)\s+half(?:\s+of\s+(?:fiscal\s+)?(?:{YEAR}|(?:this|last|next)\s+year))?",
    ),
    (
        "season",
        rf"(?:(?:early|late|mid-?)\s*)?(?:(?:last|this|next|the|this\s+past|this\s+coming|the\s+coming)\s+)"
        rf"(?:{SEASON})(?:\s+of\s+{YEAR})?"
        rf"|(?:{SEASON})\s+(?:of\s+)?{YEAR}",
    ),
    # the 1990s / early 1990s / the '90s
    ("decade", r"(?:(?:early|mid-?|late)\s*)?(?:(?:1[5-9]|20)\d0|'\d0)'?s\b"),
    # today, yesterday, last night, the day before yesterday
    (
        "day_ref",
        rf"(?:(?:early|late)\s+)?{DAY_REF}|last\s+night|overnight|the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)",
    ),
    # Monday / last Friday / next Tuesday / early Tuesday
    (
        "weekday",
        rf"(?:(?:last|next|this|this\s+past|this\s+coming|the\s+coming|early|late)\s+)?{WEEKDAY}(?:'s)?"
        rf"(?!\s*,?\s*{MONTH})",
    ),
    # the day before last Tuesday
    ("day_before_weekday", rf"(?:the\s+)?day\s+(?:before|after)\s+(?:last\s+|next\s+)?{WEEKDAY}"),
    # earlier this month / last week / next year / this past weekend / the coming week
    (
        "this_unit",
        rf"(?:(?:earlier|later|early|late|mid-?)\s+(?:in\s+)?)?(?:{REL}|the\s+(?:past|coming|previous|current|last))\s+"
        rf"(?:week|weekend|month|year|decade|century)(?!\s*-)"
        rf"|the\s+weekend|{EDGE}\s+(?:the|this|last|next)\s+(?:week|month|year)"
        rf"|(?:earlier|later)\s+in\s+the\s+(?:week|month|year)",
    ),
    # two days ago / a year earlier / a week or so ago
    (
        "ago",
        rf"(?:{HEDGE}\s+)?{NUMBER_RANGE}[-\s]+{UNIT}(?:\s+or\s+so)?\s+(?:ago|earlier|before(?=\s*[,.;]))"
        rf"|(?:{UNIT})\s+ago",
    ),
    # a day after / days after / three days later / the day before
    (
        "offset",
        rf"(?:(?:{HEDGE}\s+)?{NUMBER_RANGE}[-\s]+{UNIT}|(?<!\w\s)(?-i:[Dd]ays|[Ww]eeks|[Mm]onths|[Hh]ours))\s+(?:after|later|before)(?!\s+(?:that|this|the\s+next)\b)",
    ),
    # the next day / the following week / that day / the same day
    (
        "narrative",
        r"(?:the\s+(?:next|following|previous|same|prior)|that(?:\s+same)?)"
        r"\s+(?:day|morning|afternoon|evening|night|week|weekend|month|year)"
        r"|the\s+day\s+(?:before|after)(?!\s+(?:yesterday|tomorrow))|a\s+day\s+earlier|(?-i:year-(?:earlier|ago))",
    ),
    # now, recently, the future, these days
    (
        "reference",
        r"now(?!\s+that\b)|nowadays|currently|(?<!\bthe\s)current(?!\s+(?:account|affairs|events))|these\s+days|at\s+present|at\s+the\s+moment|presently"
        r"|recently|recent(?!\s+(?:days|weeks|months|years|decades))|lately|previously|formerly|(?:in\s+)?the\s+past(?!\s+(?:\d|few|several|two|three|four|five|six|seven|eight|nine|ten|week|month|year|decade|day))"
        r"|(?:in\s+)?the\s+(?:near\s+|distant\s+)?future|(?:soon|shortly)(?!\s+(?:after|before)\b)|(?<=\bwill\s)one\s+day|once\s+upon\s+a\s+time",
    ),
    # the past two years / the next few days / three days / 10-year / several months / recent weeks
    (
        "duration",
        rf"(?:(?:the|its)\s+)?(?:(?:past|last|next|first|coming|previous|final|full|following)\s+)?(?:{HEDGE}\s+)?{NUMBER_RANGE}(?:\s+more)?[-\s]+{UNIT}\b(?:\s+and\s+a\s+half|\s+or\s+so)?(?![-\s]*old)"
        rf"|(?:the\s+)?(?:recent|coming|past|next\s+few|past\s+few|last\s+few)\s+(?:days|weeks|months|years|decades)"
        rf"|(?:the\s+)?(?:full|fiscal|calendar)\s+year"
        rf"|(?-i:decades|centuries|years|months|weeks)(?:-long)?(?=\s+(?:of|ago|before|after|later|earlier)\b|[,.;])"
        rf"|(?-i:for\s+(?:days|weeks|months|years|decades))",
    ),
    # in 2014 / since 1998 / fiscal 1989 / post-1959 / the 1988 period
    (
        "year",
        rf"(?:(?:fiscal|calendar|early|mid-?|late|post-|pre-)\s*|{EDGE}\s+)?(?<![\d$£€.,/-]){YEAR}(?![\d%])",
    ),
    # daily, each Thursday, every month, twice a week
    (
        "set",
        rf"daily|weekly|monthly|annually|yearly|quarterly|nightly"
        rf"|(?:each|every)\s+(?:other\s+|{NUMBER}\s+)?(?:(?:day|night|week|weekend|month|year)s?|morning|evening|{WEEKDAY})",
    ),
]

_FLAGS = re.IGNORECASE
COMPILED: dict[str, re.Pattern[str]] = {
    name: re.compile(rf"\b(?:{src})(?<!\s)(?!(?<=\w)\w)", _FLAGS) for name, src in PATTERNS
}
"""For finding: a match starts and ends at word edges."""
FULL: dict[str, re.Pattern[str]] = {name: re.compile(rf"(?:{src})", _FLAGS) for name, src in PATTERNS}

# Pattern names whose matches alone are too weak to be a time expression in
# running text ("now" in "now that", bare years like "2000 people"); they are
# still used when an expression has to be resolved.
WEAK = frozenset({"year"})

_YEAR_CONTEXT = re.compile(
    r"(?:\b(?:in|since|until|till|by|from|of|during|before|after|through|between|and|to|or|year|years|early|late|mid|fiscal|the|around|circa|c\.)\s+|\(\s*)$",
    _FLAGS,
)


@dataclass(frozen=True)
class Found:
    """One time expression found in a text: character span and the pattern that matched."""

    start: int
    end: int
    kind: str


def find_expressions(text: str) -> list[Found]:
    """All time expressions in ``text``, longest match wins where patterns overlap.

    Bare years count only after a word that makes them a date ("in 2014",
    "since 1998", "fiscal 1989"); elsewhere a four-digit number is as likely a
    quantity. spaCy's DATE entities catch the years this leaves out.

    Patterns only run over windows around trigger words, and only the patterns
    a window's triggers can start (a window with just "Monday" in it is not
    searched for quarters): most of an article holds no time expression, and
    scanning all of it with every pattern would cost more than everything
    else the time extractor does.
    """
    found: list[Found] = []
    for lo, hi, kinds in trigger_windows(text):
        for name in kinds:
            for m in COMPILED[name].finditer(text, lo, hi):
                start, end = m.span()
                end = _trim_end(text, start, end)
                if end <= start:
                    continue
                if name in WEAK and not _year_in_context(text, start, m):
                    continue
                if name == "offset" and _LASTING.search(text, max(0, start - 16), start):
                    # "lasted three hours before jets arrived": a length, then a conjunction
                    end, name = start + text[start:end].rstrip().rfind(" "), "duration"
                found.append(Found(start, end, name))
    return select_longest(found)


_LASTING = re.compile(r"\b(?:lasted|lasting|lasts|last|took|takes|take|spent|spend|spends|continued|for)\s+$", _FLAGS)


_TRIGGERS: dict[str, str] = {
    **{w: "month" for w in MONTHS},
    **{w: "weekday" for w in WEEKDAYS},
    **{u + s: "unit" for u in UNITS for s in ("", "s")},
    **{w: "part" for w in PARTS_OF_DAY},
    "night": "part", "nights": "part", "centuries": "unit", "fortnights": "unit",
    **{w: "season" for w in SEASONS},
    **{w: "dayref" for w in ("today", "tonight", "yesterday", "tomorrow")},
    "half": "half",
    **{w: "ref" for w in ("now", "nowadays", "current", "currently", "present", "presently", "moment", "recent",
                          "recently", "lately", "previously", "formerly", "past", "future", "soon", "shortly",
                          "once", "one")},
    **{w: "set" for w in ("daily", "weekly", "monthly", "annually", "yearly", "quarterly", "nightly", "each",
                          "every")},
    **{w: "clock" for w in ("noon", "midday", "midnight", "am", "pm")},
}  # fmt: skip
"""Trigger word -> its class. Every pattern's matches contain a word of a class it is listed under below."""

_NEEDS: dict[str, frozenset[str]] = {
    "numeric_date": frozenset({"numeric"}),
    "clock_and_day": frozenset({"clock"}),
    "day_part": frozenset({"part", "dayref"}),
    "month_day": frozenset({"month"}),
    "week_of": frozenset({"month"}),
    "month": frozenset({"month"}),
    "quarter": frozenset({"unit"}),
    "half": frozenset({"half"}),
    "season": frozenset({"season"}),
    "decade": frozenset({"decade"}),
    "day_ref": frozenset({"dayref", "part", "unit"}),
    "weekday": frozenset({"weekday"}),
    "day_before_weekday": frozenset({"weekday"}),
    "this_unit": frozenset({"unit"}),
    "ago": frozenset({"unit"}),
    "offset": frozenset({"unit"}),
    "narrative": frozenset({"unit", "part"}),
    "reference": frozenset({"ref"}),
    "duration": frozenset({"unit"}),
    "year": frozenset({"year"}),
    "set": frozenset({"set"}),
}
assert set(_NEEDS) == {name for name, _ in PATTERNS}, "every pattern needs its trigger classes"
_WORD = re.compile(r"[^\W\d_]+|\d[\d/.:'-]*\w*")
_DIGIT_CLASSES = [
    (re.compile(r"\d{4}"), "year"),
    (re.compile(r"\d[/.-]\d"), "numeric"),
    (re.compile(r"\d:\d|\d(?:am|pm)$", re.IGNORECASE), "clock"),
    (re.compile(r"\d0'?s$"), "decade"),
]
_CLOCK_AFTER = re.compile(r"\s*[ap]\.?m\b", re.IGNORECASE)
_WINDOW_BEFORE = 40
_WINDOW_AFTER = 40


def trigger_windows(text: str) -> list[tuple[int, int, list[str]]]:
    """Merged windows around trigger words, widened to whitespace, with the patterns worth running in each.

    A word-by-word set lookup: cheaper than one regular expression with a
    hundred alternatives over the whole article.
    """
    windows: list[tuple[int, int, set[str]]] = []
    n = len(text)
    for m in _WORD.finditer(text):
        word = m.group(0)
        if word[0].isdigit():
            classes = {c for rx, c in _DIGIT_CLASSES if rx.search(word)}
            if _CLOCK_AFTER.match(text, m.end()):
                classes.add("clock")
        else:
            cls = _TRIGGERS.get(word.lower())
            classes = {cls} if cls else set()
        if not classes:
            continue
        lo = max(0, m.start() - _WINDOW_BEFORE)
        hi = min(n, m.end() + _WINDOW_AFTER)
        if windows and lo <= windows[-1][1]:
            windows[-1][2].update(classes)
            windows[-1] = (windows[-1][0], hi, windows[-1][2])
        else:
            windows.append((lo, hi, classes))
    return [
        (_to_space(text, lo, -1), _to_space(text, hi, 1), [name for name, needs in _NEEDS.items() if needs & classes])
        for lo, hi, classes in windows
    ]


def _to_space(text: str, i: int, step: int) -> int:
    while 0 < i < len(text) and not text[i - 1 if step < 0 else i].isspace():
        i += step
    return i


def _year_in_context(text: str, start: int, m: re.Match[str]) -> bool:
    if not m.group(0)[:1].isdigit():  # "fiscal 1989", "early 2014", "post-1959": modified, so a date
        return True
    return bool(_YEAR_CONTEXT.search(text[max(0, start - 24) : start]))


def _trim_end(text: str, start: int, end: int) -> int:
    """Drop a trailing possessive or punctuation a pattern swallowed ("Friday's" -> "Friday")."""
    span = text[start:end]
    for tail in ("'s", "\u2019s"):
        if span.endswith(tail):
            return end - len(tail)
    return end - (len(span) - len(span.rstrip(" ,")))


def select_longest(found: list[Found]) -> list[Found]:
    """Greedy non-overlapping selection: longest first, then leftmost; result in text order."""
    chosen: list[Found] = []
    taken: list[tuple[int, int]] = []
    for f in sorted(found, key=lambda f: (-(f.end - f.start), f.start, _priority(f.kind))):
        if any(f.start < e and s < f.end for s, e in taken):
            continue
        chosen.append(f)
        taken.append((f.start, f.end))
    return sorted(chosen, key=lambda f: f.start)


@cache
def _priority(kind: str) -> int:
    return [name for name, _ in PATTERNS].index(kind)


def match_whole(text: str) -> tuple[str, re.Match[str]] | None:
    """The first pattern (in table order) that matches all of ``text``, with its match."""
    for name, rx in FULL.items():
        m = rx.fullmatch(text)
        if m:
            return name, m
    return None


# ---------------------------------------------------------------------------
# Signals: the words around an expression that change what it means
# ---------------------------------------------------------------------------

SIGNALS_BEFORE = re.compile(
    r"\b(since|until|till|through|from|between|for|within|over|during|by|before|after|in|on|at)\s+$",
    _FLAGS,
)


def signal_before(text: str, start: int) -> tuple[str, int] | None:
    """The preposition right before an expression ("since" in "since June 21st") and its offset."""
    m = SIGNALS_BEFORE.search(text, max(0, start - 12), start)
    if m is None:
        return None
    return m.group(1).lower(), m.start(1)
