"""Resolve one time expression to calendar dates, relative to an anchor date.

The anchor is normally the article's publication date. News text leans on it
constantly ("on Monday", "last night", "a day after") and the rules here encode
how wire copy uses those phrases, which general date parsers do not:

* a bare weekday is the most recent such day on or before the anchor ("on
  Friday" in a Friday report is that Friday) unless the verb is future;
* "a day after X" in "A happened, a day after X" dates X, one day before the
  report's own day (rule ``day-after-anchor``);
* "since June 21st" is an interval from that day to the anchor;
* a month or month-day without a year takes the year that puts it on the
  right side of the anchor for the verb's tense;
* with no anchor, anything relative stays unresolved with the reason
  ``no anchor date`` and a month-day keeps what it knows (``XXXX-06-21``).

``dateparser`` parses the open-ended zoo of calendar formats ("Tuesday, Oct.
17, 2017", "20/10/2017", "21st of June"); the closed vocabulary around it
(weekdays, quarters, "earlier this month", durations) is resolved here, where
the granularity and the news reading are known. Every result also carries its
TimeML value (``1989-Q3``, ``P3D``, ``PRESENT_REF`` ...) so the same rules can be
scored against TimeML gold data.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from dateline.extract import time_grammar as g
from dateline.model import Granularity

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

Tense = Literal["past", "future"] | None
Basis = Literal["anchor", "reference", "absolute", "none"]

NO_ANCHOR = "no anchor date"
NO_REFERENCE = "counts from another time in the text, which was not found"
NOT_A_POINT = "a duration, not a point in time"
RECURRING = "a recurring time, not one point in time"

FUTURE_WINDOW_DAYS = 92
"""With no tense to go by, a yearless month or month-day starting up to this many days
after the anchor is read as upcoming ("payable Nov. 15"); later ones as past."""

VAGUE_RANGE = (2, 7)
"""How many units "days after", "a few years ago" span: between 2 and 7."""


@dataclass(frozen=True)
class Resolution:
    """What one time expression means: a value with its date range, or why there is none.

    ``value`` is an ISO date (``2017-10-16``), month (``2017-10``), year
    (``2014``), interval (``2017-10-16/2017-10-22``) or partial date
    (``XXXX-06-21``). ``basis`` says what it was counted from: the anchor, a
    reference time earlier in the text, nothing (absolute), or nothing usable.
    """

    value: str | None = None
    start: date | None = None
    end: date | None = None
    granularity: Granularity = "unknown"
    rule: str = ""
    reason: str | None = None
    timeml: str | None = None
    basis: Basis = "none"

    def as_tuple(self) -> tuple[str | None, date | None, date | None, Granularity, str, str | None]:
        """``(value, start, end, granularity, rule, reason)``."""
        return self.value, self.start, self.end, self.granularity, self.rule, self.reason


@dataclass(frozen=True)
class _Ctx:
    anchor: date | None
    tense: Tense
    reference: date | None


def resolve_time_text(
    text: str, anchor: date | None, *, tense: Tense = None, reference: date | None = None
) -> Resolution:
    """Resolve a time expression, with its leading signal word if any ("since June 21st").

    Args:
        text: the expression as written.
        anchor: the date relative expressions count from (publication date), or None.
        tense: "past"/"future" when the governing verb says so; picks which
            Monday or which June a bare "Monday"/"June" means.
        reference: the last day mentioned before this expression, for
            narrative phrases ("the next day", "three days later").
    """
    return _resolve(_clean(text), _Ctx(anchor, tense, reference))


def resolve_found(
    text: str, kind: str, anchor: date | None, *, tense: Tense = None, reference: date | None = None
) -> Resolution:
    """Resolve an expression already matched by grammar pattern ``kind`` (skips the dispatch)."""
    ctx = _Ctx(anchor, tense, reference)
    clean = _clean(text)
    m = g.FULL[kind].fullmatch(clean)
    if m is None:
        return _resolve(clean, ctx)
    return _RESOLVERS[kind](m, clean.lower(), ctx)


# ---------------------------------------------------------------------------
# Signals and dispatch
# ---------------------------------------------------------------------------

_LEAD = re.compile(
    r"(since|until|till|through|from|between|for|within|over|during|by|in|on|at|after|before|of)\s+(.+)",
    re.IGNORECASE | re.DOTALL,
)
_RANGE_SPLIT = re.compile(r"\s*(?:\bto\b|\buntil\b|\btill\b|\bthrough\b|\band\b|-|\u2013)\s*", re.IGNORECASE)


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip(" ,;:")
    text = re.sub(r"'s$", "", text)
    return text.rstrip(".") if not re.search(r"\b(?:[ap]\.m|[A-Z][a-z]{1,3})\.$", text) else text


def _resolve(text: str, ctx: _Ctx) -> Resolution:
    """Dispatch: a whole-text grammar match, else a leading signal word, else the longest part, else dateparser."""
    whole = g.match_whole(text)
    if whole:
        kind, m = whole
        return _RESOLVERS[kind](m, text.lower(), ctx)
    lead = _LEAD.fullmatch(text)
    if lead:
        return _with_signal(lead.group(1).lower(), lead.group(2), ctx)
    found = _find_all(text)
    if found:
        best = max(found, key=lambda f: f.end - f.start)
        part = text[best.start : best.end]
        return resolve_found(part, best.kind, ctx.anchor, tense=ctx.tense, reference=ctx.reference)
    return _by_dateparser(text, ctx)


def _find_all(text: str) -> list[g.Found]:
    """Sub-expressions of a longer phrase, bare years included (the phrase is known to be a time)."""
    out: list[g.Found] = []
    for name, rx in g.COMPILED.items():
        out.extend(g.Found(m.start(), m.end(), name) for m in rx.finditer(text))
    return g.select_longest(out)


def _with_signal(signal: str, rest: str, ctx: _Ctx) -> Resolution:
    if signal == "since":
        inner = _resolve(rest, replace(ctx, tense="past"))
        return _since(inner, ctx)
    if signal in ("from", "between"):
        parts = _RANGE_SPLIT.split(rest, maxsplit=1)
        if len(parts) == 2:
            return _between(_resolve(parts[0], ctx), _resolve(parts[1], ctx), signal)
    inner = _resolve(rest, ctx)
    if signal in ("until", "till", "through", "for"):
        return replace(inner, rule=f"{signal}+{inner.rule}")
    return inner


def _since(inner: Resolution, ctx: _Ctx) -> Resolution:
    """Since X: from X's start to the anchor; keeps a partial X when it is all there is."""
    rule = f"since+{inner.rule}"
    if inner.start is None:
        return replace(inner, rule=rule)
    if ctx.anchor is None:
        reason = f"{NO_ANCHOR}: the interval's end is unknown"
        return replace(inner, value=f"{inner.value}/..", end=None, granularity="interval", rule=rule, reason=reason)
    if inner.start > ctx.anchor:
        return replace(inner, rule=rule)
    return _interval(inner.start, ctx.anchor, rule, inner.timeml, "anchor")


def _between(a: Resolution, b: Resolution, signal: str) -> Resolution:
    rule = f"{signal}-range"
    if a.start is None or b.end is None:
        reason = a.reason or b.reason or "one end of the range could not be resolved"
        return Resolution(granularity="interval", rule=rule, reason=reason, timeml=a.timeml)
    basis: Basis = "anchor" if "anchor" in (a.basis, b.basis) else a.basis
    return _interval(a.start, b.end, rule, a.timeml, basis)


def years_earlier(period: Resolution, years: int, rule: str) -> Resolution:
    """The same period ``years`` earlier: "a year earlier" said of the third quarter is last year's third quarter."""
    assert period.start is not None and period.end is not None
    s, e = add_months(period.start, -12 * years), add_months(period.end, -12 * years)
    e = _month_end(e.year, e.month) if period.end == _month_end(period.end.year, period.end.month) else e
    timeml = re.sub(r"^\d{4}", lambda m: f"{int(m.group(0)) - years:04d}", period.timeml or "") or None
    if period.granularity == "month":
        return _month(s.year, s.month, rule, period.basis)
    return _interval(s, e, rule, timeml, period.basis)


# ---------------------------------------------------------------------------
# Calendar arithmetic
# ---------------------------------------------------------------------------


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole months, the day clamped to the target month's length."""
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _shift(d: date, n: float, unit: str) -> date:
    """``d`` moved by ``n`` units (negative = back)."""
    if unit in ("S", "MIN", "H"):
        hours = {"S": 1 / 3600, "MIN": 1 / 60, "H": 1}[unit] * n
        return d + timedelta(days=int(hours // 24) if hours >= 0 else -int(-hours // 24))
    if unit == "D":
        return d + timedelta(days=round(n))
    if unit in ("W", "WE"):
        return d + timedelta(days=round(7 * n))
    if unit == "2W":
        return d + timedelta(days=round(14 * n))
    months = {"M": 1, "Q": 3, "Y": 12, "E": 120, "C": 1200}[unit] * n
    return add_months(d, round(months))


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


# ---------------------------------------------------------------------------
# Result builders
# ---------------------------------------------------------------------------


def _day(d: date, rule: str, basis: Basis, part: str = "") -> Resolution:
    return Resolution(d.isoformat(), d, d, "day", rule, timeml=d.isoformat() + part, basis=basis)


def _month(y: int, m: int, rule: str, basis: Basis) -> Resolution:
    value = f"{y:04d}-{m:02d}"
    return Resolution(value, date(y, m, 1), _month_end(y, m), "month", rule, timeml=value, basis=basis)


def _year(y: int, rule: str, basis: Basis) -> Resolution:
    return Resolution(f"{y:04d}", date(y, 1, 1), date(y, 12, 31), "year", rule, timeml=f"{y:04d}", basis=basis)


def _week(d: date, rule: str, basis: Basis) -> Resolution:
    s = _monday(d)
    e = s + timedelta(days=6)
    return Resolution(f"{s.isoformat()}/{e.isoformat()}", s, e, "week", rule, timeml=_iso_week(d), basis=basis)


def _interval(s: date, e: date, rule: str, timeml: str | None, basis: Basis) -> Resolution:
    if s == e:
        return replace(_day(s, rule, basis), timeml=timeml)
    if s.month == 1 and s.day == 1 and e.month == 12 and e.day == 31:
        value = f"{s.year:04d}/{e.year:04d}" if e.year != s.year else f"{s.year:04d}"
    else:
        value = f"{s.isoformat()}/{e.isoformat()}"
    return Resolution(value, s, e, "interval", rule, timeml=timeml, basis=basis)


def _unanchored(granularity: Granularity, rule: str, value: str | None = None) -> Resolution:
    return Resolution(value, None, None, granularity, rule, reason=NO_ANCHOR)


def _unreferenced(granularity: Granularity, rule: str) -> Resolution:
    return Resolution(None, None, None, granularity, rule, reason=NO_REFERENCE)


_EDGE_WORDS = re.compile(
    r"^(earlier|later|early|late|mid-?|the (?:beginning|start|middle|end) of|at the end of)\s*(?:in\s+)?",
    re.IGNORECASE,
)


def _edge_of(text: str) -> tuple[str | None, str]:
    """Split a leading "early"/"earlier"/"the end of" from the rest."""
    m = _EDGE_WORDS.match(text)
    if not m:
        return None, text
    word = m.group(1).lower().rstrip("-")
    edge = _EDGE_NAMES.get(word, word)
    return edge, text[m.end() :]


_EDGE_NAMES = {
    "the beginning of": "early",
    "the start of": "early",
    "the middle of": "mid",
    "the end of": "late",
    "at the end of": "late",
}


def _narrow(res: Resolution, edge: str | None, anchor: date | None) -> Resolution:
    """Apply an edge word: early/mid/late take a third of the period; earlier/later cut at the anchor."""
    if edge is None or res.start is None or res.end is None:
        return res
    s, e = res.start, res.end
    if edge in ("early", "mid", "late"):
        s, e = _third(s, e, edge)
    elif edge == "earlier" and anchor is not None and s < anchor:
        e = min(e, anchor - timedelta(days=1))
    elif edge == "later" and anchor is not None and e > anchor:
        s = max(s, anchor + timedelta(days=1))
    if (s, e) == (res.start, res.end):
        return replace(res, rule=f"{edge}-{res.rule}")
    narrowed = _interval(s, e, f"{edge}-{res.rule}", res.timeml, res.basis)
    return narrowed


def _third(s: date, e: date, edge: str) -> tuple[date, date]:
    """The first, middle or last third of a period, in whole years or months when it is made of them."""
    months = (e.year - s.year) * 12 + e.month - s.month + 1
    if months < 3 or s.day != 1 or e != _month_end(e.year, e.month):
        third = timedelta(days=(e - s).days // 3)
        return {"early": (s, s + third), "mid": (s + third, e - third), "late": (e - third, e)}[edge]
    step = 12 if months >= 24 and months % 12 == 0 else 1
    n = months // step
    k = max(1, round(n / 3))
    first, last = {"early": (0, k), "mid": ((n - k) // 2, (n - k) // 2 + k), "late": (n - k, n)}[edge]
    start = add_months(s, first * step)
    stop = add_months(s, last * step - 1)
    return start, _month_end(stop.year, stop.month)


def _pick(
    occurrence: Callable[[int], tuple[date, date] | None], anchor: date, tense: Tense, window: int
) -> tuple[date, date] | None:
    """Choose the year of a recurring period (a month, a month-day, a season) around ``anchor``.

    ``occurrence(year)`` gives the period in that year. Past tense: the latest
    one starting on or before the anchor; future: the first one ending on or
    after it; unknown: past, unless the next one starts within ``window`` days.
    """
    options = [o for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (o := occurrence(y))]
    past = [o for o in options if o[0] <= anchor]
    future = [o for o in options if o[1] >= anchor]
    if tense == "future" and future:
        return future[0]
    if tense is None and future:
        upcoming = [o for o in future if o[0] > anchor]
        if upcoming and (upcoming[0][0] - anchor).days <= window:
            return upcoming[0]
    return past[-1] if past else (future[0] if future else None)


# ---------------------------------------------------------------------------
# Numbers and units
# ---------------------------------------------------------------------------

_NUM_RX = re.compile(
    r"(\d+(?:\.\d+)?)(\s+1/2)?|(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(one|two|three|four|five|six|seven|eight|nine)"
)


def parse_number(text: str) -> float | None:
    """The count in "three days", "5 1/2 hours", "a minute and a half"; None for vague counts."""
    t = text.lower().strip()
    half = 0.5 if re.search(r"\band a half\b", t) else 0.0
    t = re.sub(r"\s*\band a half\b", "", t)
    m = _NUM_RX.search(t)
    if m and m.group(1):
        return float(m.group(1)) + (0.5 if m.group(2) else half)
    if m and m.group(3):
        return g.NUMBER_WORDS[m.group(3)] + g.NUMBER_WORDS[m.group(4)] + half
    if any(re.search(rf"\b{v}\b", t) for v in g.VAGUE_NUMBERS):
        return None
    for phrase in sorted((p for p in g.NUMBER_WORDS if " " in p), key=len, reverse=True):
        if re.search(rf"\b{phrase}\b", t):
            return g.NUMBER_WORDS[phrase] + half
    words = [w for w in re.findall(r"[a-z]+", t) if w in g.NUMBER_WORDS]
    counted = [w for w in words if w not in ("a", "an")] or words  # "a five-hour visit" is five
    return g.NUMBER_WORDS[counted[0]] + half if counted else None


_UNIT_RX = re.compile(g.UNIT, re.IGNORECASE)


def parse_unit(text: str) -> str | None:
    """The unit code of the last unit word in ``text`` ("three trading days" -> "D")."""
    found = _UNIT_RX.findall(text)
    if not found:
        return None
    word = re.sub(r"\s+", " ", found[-1].lower())
    for stem, code in sorted(g.UNITS.items(), key=lambda kv: -len(kv[0])):
        if word.startswith(stem):
            return code
    return None


def duration_timeml(n: float | None, unit: str) -> str:
    """TimeML duration value: P3D, PT5H30M, P1Y6M, PXY ..."""
    scale = {"2W": (2, "W"), "WE": (2, "D"), "C": (100, "Y")}.get(unit)
    if scale:
        n, unit = (None if n is None else scale[0] * n), scale[1]
    timed = unit in ("H", "MIN", "S")
    prefix, letter = ("PT" if timed else "P"), {"MIN": "M"}.get(unit, unit)
    if n is None:
        return f"{prefix}X{letter}"
    whole, frac = int(n), n - int(n)
    finer = {"H": "M", "MIN": "S", "D": "H", "Y": "M"}.get(unit)
    if frac == 0 or finer is None:
        return f"{prefix}{round(n)}{letter}"
    tail = f"{round(frac * (24 if unit == 'D' else 12 if unit == 'Y' else 60))}{finer}"
    head = f"{whole}{letter}" if whole else ""
    if unit == "D":
        return f"P{head}T{tail}"
    return f"{prefix}{head}{tail}"


_GRAIN: dict[str, Granularity] = {
    "S": "day", "MIN": "day", "H": "day", "D": "day", "W": "week", "WE": "week", "2W": "week",
    "M": "month", "Y": "year",
}  # fmt: skip
"""The granularity of a point counted in a unit ("two weeks ago" is a week)."""


def _point_at(d: date, unit: str, rule: str, basis: Basis) -> Resolution:
    """The period of ``unit`` size around ``d``: a day, an ISO week, a month, a year ..."""
    if unit in ("W", "WE", "2W"):
        return _week(d, rule, basis)
    if unit == "M":
        return _month(d.year, d.month, rule, basis)
    if unit == "Y":
        return _year(d.year, rule, basis)
    if unit == "Q":
        return _quarter(d.year, (d.month - 1) // 3 + 1, rule, basis)
    if unit in ("E", "C"):
        size = 10 if unit == "E" else 100
        y0 = d.year - d.year % size
        return _interval(date(y0, 1, 1), date(y0 + size - 1, 12, 31), rule, _decade_timeml(y0, size), basis)
    return _day(d, rule, basis)


def _decade_timeml(y0: int, size: int) -> str:
    return f"{y0 // 10:03d}X" if size == 10 else f"{y0 // 100:02d}XX"


# ---------------------------------------------------------------------------
# dateparser: calendar formats
# ---------------------------------------------------------------------------

_HAS_YEAR = re.compile(r"(?<!\d)(?:1[5-9]\d\d|20\d\d)(?!\d)|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2}\b")
_LEAP_BASE = datetime(2000, 12, 31, 12)  # 2000 is a leap year: any month-day exists in it


@lru_cache(maxsize=64)
def _date_parser(base: datetime, prefer: str) -> DateDataParser:
    from dateparser.date import DateDataParser  # imported on first use: ~0.3 s

    return DateDataParser(
        languages=["en"],
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer, "RETURN_TIME_AS_PERIOD": True},
    )


@lru_cache(maxsize=8192)
def parse_calendar(text: str, base: date | None = None, prefer: str = "past") -> tuple[date, str] | None:
    """dateparser's reading of a calendar-format string: (date, period) or None.

    Always English-only: language detection would cost ~30x per call.
    """
    when = datetime(base.year, base.month, base.day, 12) if base else _LEAP_BASE
    data = _date_parser(when, prefer).get_date_data(text)
    if data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"


def _calendar_date(text: str, rule: str, ctx: _Ctx) -> Resolution:
    """A day written in a calendar format, with or without its year."""
    if _HAS_YEAR.search(text):
        parsed = parse_calendar(text)
        if parsed is None:
            return Resolution(rule=rule, reason=f"dateparser could not read {text!r}")
        return _day(parsed[0], rule, "absolute")
    parsed = parse_calendar(text)  # month and day only, read in a leap year
    if parsed is None:
        return Resolution(rule=rule, reason=f"dateparser could not read {text!r}")
    month, day = parsed[0].month, parsed[0].day
    if ctx.anchor is None:
        return _unanchored("day", rule, f"XXXX-{month:02d}-{day:02d}")
    picked = _pick(lambda y: _valid(y, month, day), ctx.anchor, ctx.tense, FUTURE_WINDOW_DAYS)
    if picked is None:
        return Resolution(rule=rule, reason=f"{text!r} does not exist near {ctx.anchor}")
    return _day(picked[0], rule, "anchor")


def _valid(y: int, m: int, d: int) -> tuple[date, date] | None:
    try:
        day = date(y, m, d)
    except ValueError:
        return None
    return day, day


def _by_dateparser(text: str, ctx: _Ctx) -> Resolution:
    """Last resort for a phrase no rule knows (spaCy called it a date).

    Only phrases with a number or a calendar name go to dateparser: without
    one ("the night", "years") it finds nothing, at ~1 ms a try.
    """
    if not (re.search(r"\d", text) or _MONTH_RX.search(text) or _WEEKDAY_RX.search(text)):
        return Resolution(rule="unrecognised", reason=f"not a time expression on its own: {text!r}")
    absolute = bool(_HAS_YEAR.search(text))
    if ctx.anchor is None and not absolute:
        parsed = parse_calendar(text)
        if parsed is None:
            return Resolution(rule="unrecognised", reason=f"not understood: {text!r}")
        return _unanchored("unknown", "dateparser")
    parsed = parse_calendar(text, ctx.anchor, "future" if ctx.tense == "future" else "past")
    if parsed is None:
        return Resolution(rule="unrecognised", reason=f"not understood: {text!r}")
    d, period = parsed
    basis: Basis = "absolute" if absolute else "anchor"
    unit = {"week": "W", "month": "M", "year": "Y"}.get(period, "D")
    return _point_at(d, unit, "dateparser", basis)


# ---------------------------------------------------------------------------
# Rules, one per grammar pattern
# ---------------------------------------------------------------------------


def _r_numeric_date(m: re.Match[str], t: str, ctx: _Ctx) -> Resolution:
    return _calendar_date(m.group(0), "calendar-date", ctx)


def _r_month_day(m: re.Match[str], t: str, ctx: _Ctx) -> Resolution:
    rel = re.match(r"(last|this past|next|this coming)\s+", t)
    if rel:  # "last Oct. 23" is past whatever the verb says; "next" the other way
        ctx = replace(ctx, tense="past" if rel.group(1) in ("last", "this past") else "future")
    text = re.sub(rf"^(?:(?:last|next|this past|this coming)\s+)?(?:{g.WEEKDAY},?\s+)?", "", m.group(0), flags=re.I)
    return _calendar_date(text, "month-day" if not _HAS_YEAR.search(text) else "calendar-date", ctx)


# Lower-case text reaches the rules, so these ignore the grammar's capitalisation guard.
_WEEKDAY_RX = re.compile(rf"\b(?:{g._alt(g.WEEKDAYS)})\b", re.IGNORECASE)
_MONTH_RX = re.compile(rf"\b(?:{g._alt(g.MONTHS)})\b", re.IGNORECASE)
_YEAR_RX = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")


def _weekday_number(t: str) -> int:
    word = _WEEKDAY_RX.search(t).group(0).lower().rstrip(".")  # type: ignore[union-attr]
    return g.WEEKDAYS[word]


def _r_weekday(m: re.Match[str], t: str, ctx: _Ctx) -> Resolution:
    if ctx.anchor is None:
        return _unanchored("day", "weekday")
    return _day(_weekday_date(t, ctx), "weekday", "anchor")


def _weekday_date(t: str, ctx: _Ctx) -> date:
    assert ctx.anchor is not None
    wd = _weekday_number(t)
    back = (ctx.anchor.weekday() - wd) % 7
    fwd = (wd - ctx.anchor.weekday()) % 7
    if re.match(r"(last|this past)\b", t):
        return ctx.anchor - timedelta(days=back or 7)
    if re.match(r"(next|this coming|the coming)\b", t):
        return ctx.anchor + timedelta(days=fwd or 7)
    if ctx.tense == "future":
        return ctx.anchor + timedelta(days=fwd)
    return ctx.anchor - timedelta(days=back)


def _r_day_before_weekday(m: re.Match[str], t: str, ctx: _Ctx) -> Resolution:
    if ctx.anchor is None:
        return _unanchored("day", "day-before-weekday")
    d = _weekday_date(re.sub(r"^.*?(?:before|after)\s+", "", t), ctx)
    return _day(d + timedelta(days=1 if "after" in t else -1), "day-before-weekday", "anchor")


_DAY_REF_OFFSETS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "last night": -1}


def _r_day_ref(m: re.Match[str], t: str, ctx: _Ctx) -> Resolution:
    if ctx.anchor is None:
        return _unanchored("day", "relative-day")
    if "overnight" in t:
        night = ctx.anchor.isoformat() + "TNI"
        return _interval(ctx.anchor - timedelta(days=1), ctx.anchor, "overnight", night, "anchor")
    if "before yesterday" in t or "after tomorrow" in t:
        return _day(ctx.anchor + timedelta(days=-2 if "before" in t else 2), "relative-day", "anchor")
    word = re.sub(r"^(early|late)\s+", "", t)
    part = {"tonight": "TNI", "last night": "TNI"}.get(word, "")
    return _day(ctx.anchor + timedelta(days=_DAY_REF_OFFSETS[word]), "relative-day", "anchor", part)


_PART_RX = re.compile(rf"\b({g.PART_OF_DAY})s?\b", re.IGNORECASE)


def _r_day_part(m: re.Match[str], t: str, ctx: _Ctx) -> Resolution:
    part = _PART_RX.search(t)
    code = "T" + g.PARTS_OF_DAY[part.group(1).lower()] if part else ""
    if part and part.group(0).endswith("s") and _WEEKDAY_RX.search(t):  # "Tuesday nights": every Tuesday
        return Resolution(rule="set", reason=RECURRING, timeml=f"XXXX-WXX-{_weekday_number(t) + 1}{code}")
    names_a_day = _WEEKDAY_RX.search(t) or re.search(r"yesterday|tomorrow|today", t)
    if re.match(r"(last|this)\s", t) or (re.match(r"(later|earlier|mid|late|early)\b", t) and not names_a_day):
        # "last night", "this morning", "mid afternoon": the anchor's day (or the one before)
        if ctx.anchor is None:
            return _unanchored("day", "part-of-day")
        back = 1 if t.startswith("last") else 0
        return _day(ctx.anchor - timedelta(days=back), "part-of-day", "anchor", code)
    day_text = re.sub(r"^(?:the\s+)?(?:early\s+hours|(?:early|late)\s+\w+)\s+of\s+", "", m.group(0), flags=re.I)
    day_text = re.sub(r"^(?:(?:earlier|later|early|late)\b|mid-?)\s*", "", _PART_RX.sub("", day_text), flags=re.I)
    day_text = re.sub(r"'s\b", "", day_text).strip(" ,")
    if not day_text or day_text.lower() == t:  # no day left apart from the part of it: resolving again would loop
        return Resolution(granularity="day", rule="part-of-day", reason="names a part of a day but no day")
    inner = _resolve(day_text, ctx)
    if inner.start is None or inner.granularity != "day":
        return replace(inner, rule=f"part-of-day+{inner.rule}")
    return replace(inner, rule=f"{inner.rule}+part-of-day", timeml=inner.start.isoformat() + code)


_CLOCK_RX = re.compile(rf"({g.CLOCK}){g.ZONE}", re.IGNORECASE)


def _clock_timeml(clock: str) -> str:
    c = clock.lower().replace(".", "").replace(" ", "")
    if c in ("noon", "midday"):
        return "T12:00"
    if c == "midnight":
        return "T24:00"
    m = re.match(r"(\d{1,2})(?::?(\d\d))?(am|pm)?", c)
    if not m:
        return ""
    h = int(m.group(1)) % 12 if m.group(3) else int(m.group(1))
    if m.group(3) == "pm":
        h += 12
    return f"T{h:02d}:{m.group(2) or '00'}"


def _r_clock_and_day(m: re.Match[str], t: str, ctx: _Ctx) -> Resolution:
    clock = _CLOCK_RX.search(t)
    suffix = _clock_timeml(clock.group(1)) if clock else ""
    rest = _CLOCK_RX.sub(" ", m.group(0))  # original case: the day part is re-read by the grammar
    rest = re.sub(r"\b(around|about|shortly|after|before|early|late|at|on)\b|,", " ", rest, flags=re.I).strip()
    if rest:
        inner = _resolve(rest, ctx)
        if inner.start is not None and inner.granularity == "day":
            return replace(inner, rule=f"{inner.rule}+clock", timeml=inner.start.isoformat() + suffix)
        return replace(inner, rule=f"clock+{inner.rule}")
    if ctx.reference is not None:
        return _day(ctx.reference, "clock-on-reference-day", "reference", suffix)
    if ctx.anchor is None:
        return _unanchored("day", "clock")
    return _day(ctx.anchor, "clock-on-anchor-day", "anchor", suffix)


def _r_week_of(m: re.Match[str], t: str, ctx: _Ctx) -> Resolution:
    inner = _calendar_date(re.sub(r"^the\s+week\s+of\s+", "", m.group(0), flags=re.IGNORECASE), "week-of", ctx)
    if inner.start is None:
        return replace(inner, granularity="week")
    return _week(inner.start, "week-of", inner.basis)


def _r_month(m: re.Match[str], t: str, ctx: _Ctx) -> Resolution:
    edge, rest = _edge_of(t)
    month = g.MONTHS[_MONTH_RX.search(m.group(0)).group(0).lower().rstrip(".")]  # type: ignore[union-attr]
    year = _YEAR_RX.search(rest)
    if year:
        return _narrow(_month(int(year.group(1)), month, "month", "absolute"), edge, ctx.anchor)
    if ctx.anchor is None:
        return _unanchored("month", "month", f"XXXX-{month:02d}")
    a = ctx.anchor
    rel_year = re.search(r"\b(this|last|next) year\b", rest)
    if rel_year:
        y = a.year + {"this": 0, "last": -1, "next": 1}[rel_year.group(1)]
    elif re.match(r"(last|this past)\b", rest):
        y = a.year if month < a.month else a.year - 1
    elif re.match(r"(next|this coming)\b", rest):
        y = a.year if month > a.month else a.year + 1
    elif rest.startswith("this"):
        y = a.year
    else:
        picked = _pick(lambda yy: (date(yy, month, 1), _month_end(yy, month)), a, ctx.tense, FUTURE_WINDOW_DAYS)
        y = picked[0].year if picked else a.year
    return _narrow(_month(y, month, "month", "anchor"), edge, a)


def _quarter(y: int, q: int, rule: str, basis: Basis) -> Resolution:
    s = date(y, 3 * q - 2, 1)
    return _interval(s, _month_end(y, 3 * q), rule, f"{y:04d}-Q{q}", basis)


def _r_quarter(m: re.Match[str], t: str, ctx: _Ctx) -> Resolution:
    ordinal = re.search(rf"\b({g.ORDINAL})[-\s]quarter", t)
    q = g.ORDINALS[ordinal.group(1)] if ordinal else None
    year = _YEAR_RX.search(t)
    back = 1 if re.search(r"year-ago|year-earlier|comparable|last year", t) else 0
    if year and q:
        return _quarter(int(year.group(1)) - back, q, "quarter", "absolute")
    if ctx.anchor is None:
        return _unanchored("interval", "quarter")
    a = ctx.anchor
    current = (a.month - 1) // 3 + 1
    if q is None:  # "the quarter", "the latest quarter", "last quarter": the last one reported
        if re.search(r"\b(this|current)\b", t):
            q, y = current, a.year
        elif re.search(r"\bnext\b", t):
            q, y = current % 4 + 1, a.year + (current == 4)
        else:
            q, y = (current - 1, a.year) if current > 1 else (4, a.year - 1)
    else:
        y = a.year if date(a.year, 3 * q - 2, 1) <= a or ctx.tense == "future" else a.year - 1
        if re.search(r"\bnext year\b", t):
            y = a.year + 1
        elif re.search(r"\bthis year\b", t):
            y = a.year
    if year:
        y = int(year.group(1))
    return _quarter(y - back, q, "quarter", "anchor" if not year else "absolute")


def _r_half(m: re.Match[str], t: str, ctx: _Ctx) -> Resolution:
    h = 1 if re.search(r"first|1st", t) else 2
    year = _YEAR_RX.search(t)
    if year:
        y = int(year.group(1))
    elif ctx.anchor is None:
        return _unanchored("interval", "half-year")
    else:
        a = ctx.anchor
        y = a.year + (1 if "next year" in t else -1 if "last year" in t else 0)
        if "year" not in t and h == 2 and a.month <= 6 and ctx.tense != "future":
            y -= 1
    s, e = (date(y, 1, 1), date(y, 6, 30)) if h == 1 else (date(y, 7, 1), date(y, 12, 31))
    return _interval(s, e, "half-year", f"{y:04d}-H{h}", "absolute" if year else "anchor")


_SEASON_MONTHS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _season_span(y: int, code: str) -> tuple[date, date]:
    start = date(y, _SEASON_MONTHS[code], 1)
    end = add_months(start, 2)
    return start, _month_end(end.year, end.month)


def _r_season(m: re.Match[str], t: str, ctx: _Ctx) -> Resolution:
    edge, rest = _edge_of(t)
    code = g.SEASONS[re.search(g.SEASON, rest).group(0)]  # type: ignore[union-attr]
    year = _YEAR_RX.search(rest)
    if year:
        y = int(year.group(1))
        basis: Basis = "absolute"
    elif ctx.anchor is None:
        return _unanchored("interval", "season")
    else:
        a, basis = ctx.anchor, "anchor"
        if re.match(r"(last|this past)\b", rest):
            y = max(yy for yy in (a.year - 2, a.year - 1, a.year) if _season_span(yy, code)[1] < a)
        elif re.match(r"(next|this coming|the coming)\b", rest):
            y = min(yy for yy in (a.year, a.year + 1) if _season_span(yy, code)[0] > a)
        elif rest.startswith("this"):
            y = a.year if code != "WI" or a.month == 12 else a.year - 1
        else:
            picked = _pick(lambda yy: _season_span(yy, code), a, ctx.tense, 0)
            y = picked[0].year if picked else a.year
    s, e = _season_span(y, code)
    return _narrow(_interval(s, e, "season", f"{y:04d}-{code}", basis), edge, ctx.anchor)


def _r_decade(m: re.Match[str], t: str, ctx: _Ctx) -> Resolution:
    edge, rest = _edge_of(re.sub(r"^the\s+", "", t))
    digits = re.search(r"(\d+)0'?s", rest).group(1)  # type: ignore[union-attr]
    if len(digits) == 3:
        y0, basis = int(digits) * 10, "absolute"
    elif ctx.anchor is None:
        return _unanchored("interval", "decade")
    else:
        y0 = ctx.anchor.year // 100 * 100 + int(digits) * 10
        y0 -= 100 if y0 > ctx.anchor.year else 0
        basis = "anchor"
    res = _interval(date(y0, 1, 1), date(y0 + 9, 12, 31), "decade", _decade_timeml(y0, 10), basis)  # type: ignore[arg-type]
    return _narrow(res, edge, ctx.anchor)


def _r_year(m: re.Match[str], t: str, ctx: _Ctx) -> Resolution:
    edge, rest = _edge_of(t)
    y = int(_YEAR_RX.search(rest).group(1))  # type: ignore[union-attr]
    rule = "after-year" if rest.startswith("post") else "before-year" if rest.startswith("pre") else "year"
    return _narrow(_year(y, rule, "absolute"), edge, ctx.anchor)


_UNIT_WORD = r"(week|weekend|month|year|decade|century)"


def _r_this_unit(m: re.Match[str], t: str, ctx: _Ctx) -> Resolution:
    """This/last/next week, month, year ...; "the weekend"; "the past week" (the stretch up to the anchor)."""
    edge, rest = _edge_of(t)
    unit_m = re.search(rf"\b{_UNIT_WORD}$", rest)
    unit = unit_m.group(1) if unit_m else "week"
    code = {"week": "W", "weekend": "WE", "month": "M", "year": "Y", "decade": "E", "century": "C"}[unit]
    step = 0
    if re.match(r"(last|past|previous|this past)\b", rest):
        step = -1
    elif re.match(r"(next|coming|the coming|this coming)\b", rest):
        step = 1
    stretch = re.match(r"the (past|last)\b", rest) is not None
    if rest == "the weekend":
        rule = "the-weekend"
    elif stretch:
        rule = f"past-{unit}"
    else:
        rule = f"{ {-1: 'last', 0: 'this', 1: 'next'}[step]}-{unit}"
    a = ctx.anchor
    if a is None:
        grain = _GRAIN.get(code, "interval") if not stretch and unit != "weekend" else "interval"
        return _unanchored(grain, rule)
    if rest == "the weekend":
        sat = a - timedelta(days=(a.weekday() - 5) % 7)
        if ctx.tense == "future":
            sat = a + timedelta(days=(5 - a.weekday()) % 7)
        return _weekend(sat, rule)
    if stretch:
        return _interval(_shift(a, -1, code), a, rule, duration_timeml(1, code), "anchor")
    if unit == "weekend":
        return _narrow(_weekend(_monday(a) + timedelta(days=5 + 7 * step), rule), edge, a)
    return _narrow(_point_at(_shift(a, step, code), code, rule, "anchor"), edge, a)


def _weekend(sat: date, rule: str) -> Resolution:
    return _interval(sat, sat + timedelta(days=1), rule, _iso_week(sat) + "-WE", "anchor")


def _count_and_unit(t: str) -> tuple[float | None, str | None]:
    head = re.split(r"\s+(?:ago|earlier|later|before|after)\b", t)[0]
    return parse_number(head), parse_unit(head)


def _r_ago(m: re.Match[str], t: str, ctx: _Ctx) -> Resolution:
    n, unit = _count_and_unit(t)
    if unit is None:
        return Resolution(rule="ago", reason=f"no unit in {t!r}")
    rule = "ago" if t.endswith("ago") else "before-anchor"
    if ctx.anchor is None:
        return _unanchored(_GRAIN.get(unit, "interval"), rule)
    if n is None:
        lo, hi = VAGUE_RANGE
        s, e = _shift(ctx.anchor, -hi, unit), _shift(ctx.anchor, -lo, unit)
        return _interval(s, e, f"vague-{rule}", "PAST_REF", "anchor")
    return _point_at(_shift(ctx.anchor, -n, unit), unit, rule, "anchor")


_UNIT_NAMES = {"D": "day", "W": "week", "M": "month", "Y": "year", "H": "hour", "MIN": "minute", "Q": "quarter"}


def _r_offset(m: re.Match[str], t: str, ctx: _Ctx) -> Resolution:
    """Offsets: "a day after", "days after", "a week before" (from the anchor); "three days later" (from the story).

    In "A happened, a day after X", the expression dates X: one day before A,
    and A is the report's own day. "Later" counts forward from the last day
    the text mentioned.
    """
    n, unit = _count_and_unit(t)
    unit = unit or "D"
    word = t.split()[-1]
    later = word == "later"
    name = _UNIT_NAMES.get(unit, "unit") + ("" if n == 1 else "s")
    rule = f"{name}-later" if later else f"{name}-{word}-anchor"
    timeml = duration_timeml(n, unit)
    base = ctx.reference if later else ctx.anchor
    if base is None:
        grain = _GRAIN.get(unit, "interval") if n is not None else "interval"
        return replace((_unreferenced if later else _unanchored)(grain, rule), timeml=timeml)
    basis: Basis = "reference" if later else "anchor"
    sign = 1 if word in ("later", "before") else -1
    if n is None:
        lo, hi = VAGUE_RANGE if unit not in ("H", "MIN", "S") else (0, 1)
        ends = sorted([_shift(base, sign * lo, unit), _shift(base, sign * hi, unit)])
        return _interval(ends[0], ends[1], rule, timeml, basis)
    return replace(_point_at(_shift(base, sign * n, unit), unit, rule, basis), timeml=timeml)


_NARRATIVE_STEP = {"next": 1, "following": 1, "previous": -1, "prior": -1, "before": -1, "earlier": -1, "after": 1}


def _r_narrative(m: re.Match[str], t: str, ctx: _Ctx) -> Resolution:
    if t.startswith("year-"):
        if ctx.anchor is None:
            return _unanchored("year", "year-earlier")
        return _year(ctx.anchor.year - 1, "year-earlier", "anchor")
    unit_word = re.search(r"(day|morning|afternoon|evening|night|weekend|week|month|year)", t).group(1)  # type: ignore[union-attr]
    step = next((v for k, v in _NARRATIVE_STEP.items() if re.search(rf"\b{k}\b", t)), 0)
    if ctx.reference is None:
        return _unreferenced("unknown" if unit_word in ("week", "weekend", "month", "year") else "day", "narrative")
    code = {"week": "W", "weekend": "W", "month": "M", "year": "Y"}.get(unit_word, "D")
    d = _shift(ctx.reference, step, code)
    res = _point_at(d, code, "narrative", "reference")
    part = g.PARTS_OF_DAY.get(unit_word)
    return replace(res, timeml=res.timeml + "T" + part) if part and res.timeml else res


def _r_duration(m: re.Match[str], t: str, ctx: _Ctx) -> Resolution:
    """A length of time. "The past two years" / "the next few days" also place it against the anchor."""
    t = re.sub(r"^for\s+", "", t)
    if re.fullmatch(r"(the\s+)?(full|fiscal|calendar)\s+year", t):
        return _unanchored("year", "this-year") if ctx.anchor is None else _year(ctx.anchor.year, "this-year", "anchor")
    direction = re.match(r"(?:the\s+)?(past|last|next|coming|recent)\b", t)
    n = parse_number(t[direction.end() :] if direction else t)  # "the past few days", "recent weeks": None
    unit = parse_unit(t) or "D"
    timeml = duration_timeml(n, unit)
    if direction is None:
        return Resolution(granularity="unknown", rule="duration", reason=NOT_A_POINT, timeml=timeml)
    word = direction.group(1)
    rule = f"{word}-duration" if n is not None else f"vague-{word}-duration"
    if ctx.anchor is None:
        return replace(_unanchored("interval", rule), timeml=timeml)
    back = word in ("past", "last", "recent")
    count = n if n is not None else VAGUE_RANGE[1]
    other = _shift(ctx.anchor, -count if back else count, unit)
    s, e = (other, ctx.anchor) if back else (ctx.anchor, other)
    return _interval(s, e, rule, timeml, "anchor")


_REFERENCES = {
    "PRESENT_REF": r"now|nowadays|currently|current|these days|at present|at the moment|presently",
    "FUTURE_REF": r"(in )?the (near |distant )?future|soon|shortly|one day",
}


def _r_reference(m: re.Match[str], t: str, ctx: _Ctx) -> Resolution:
    core = re.sub(r"^right\s+", "", t)
    kind = next((k for k, rx in _REFERENCES.items() if re.fullmatch(rx, core)), "PAST_REF")
    if kind == "PRESENT_REF":
        if ctx.anchor is None:
            return replace(_unanchored("day", "present-ref"), timeml=kind)
        return replace(_day(ctx.anchor, "present-ref", "anchor"), timeml=kind)
    side = "past" if kind == "PAST_REF" else "future"
    return Resolution(rule=f"{side}-ref", reason=f"a vague reference to the {side}", timeml=kind)


_SET_TIMEML = {
    "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M", "quarterly": "P3M", "annually": "P1Y",
    "yearly": "P1Y",
}  # fmt: skip


def _r_set(m: re.Match[str], t: str, ctx: _Ctx) -> Resolution:
    """Recurring times: "daily", "each Thursday", "every few weeks", "every other month"."""
    if t in _SET_TIMEML:
        timeml = _SET_TIMEML[t]
    elif _WEEKDAY_RX.search(t):
        timeml = f"XXXX-WXX-{_weekday_number(t) + 1}"
    else:
        every = re.sub(r"^(each|every)\s+", "", t)
        n = 2.0 if every.startswith("other ") else parse_number(every) if re.search(r"\w+\s+\w", every) else 1.0
        timeml = duration_timeml(n, parse_unit(t) or "D")
    return Resolution(rule="set", reason=RECURRING, timeml=timeml)


_RESOLVERS: dict[str, Callable[[re.Match[str], str, _Ctx], Resolution]] = {
    "numeric_date": _r_numeric_date,
    "clock_and_day": _r_clock_and_day,
    "day_part": _r_day_part,
    "month_day": _r_month_day,
    "week_of": _r_week_of,
    "month": _r_month,
    "quarter": _r_quarter,
    "half": _r_half,
    "season": _r_season,
    "decade": _r_decade,
    "day_ref": _r_day_ref,
    "weekday": _r_weekday,
    "day_before_weekday": _r_day_before_weekday,
    "this_unit": _r_this_unit,
    "ago": _r_ago,
    "offset": _r_offset,
    "narrative": _r_narrative,
    "duration": _r_duration,
    "year": _r_year,
    "reference": _r_reference,
    "set": _r_set,
}
assert set(_RESOLVERS) == {name for name, _ in g.PATTERNS}, "every grammar pattern needs a rule"
