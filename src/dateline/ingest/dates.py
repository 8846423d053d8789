"""Explicit calendar dates: "2017-10-20", "Oct. 3, 2017", "14 March 2019", RFC 2822 metadata.

Publication dates only ever come from explicit, complete dates. This module
recognises them with compiled regular expressions, which costs microseconds per
article; dateparser (about a millisecond per call, and happy to turn
"yesterday" into a date relative to *today*) is used only as a last resort for
odd metadata strings that contain a four-digit year. Relative expressions are
the time extractor's job, once a publication date is known.
"""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

MONTHS: dict[str, int] = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

MONTH_RE = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
WEEKDAY_RE = r"(?:" + "|".join(WEEKDAYS) + r"|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b\.?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|2\d\d\d)"
_WD_PREFIX = rf"(?:{WEEKDAY_RE},?\s+)?"

FULL_DATE_RE = re.compile(
    rf"""
    (?<![\w-])
    (?:
        {_WD_PREFIX}(?P<mdy_m>{MONTH_RE})\s+(?P<mdy_d>{_DAY}),?\s+(?P<mdy_y>{_YEAR})
      | {_WD_PREFIX}(?P<dmy_d>{_DAY})\s+(?:of\s+)?(?P<dmy_m>{MONTH_RE}),?\s+(?P<dmy_y>{_YEAR})
      | (?P<iso_y>{_YEAR})(?P<iso_sep>[-/.])(?P<iso_m>0?[1-9]|1[0-2])(?P=iso_sep)(?P<iso_d>[12]\d|3[01]|0?[1-9])
      | (?P<num_a>\d{{1,2}})(?P<num_sep>[/.])(?P<num_b>\d{{1,2}})(?P=num_sep)(?P<num_y>{_YEAR})
    )
    (?=\W|$|T\d)
    """,
    re.IGNORECASE | re.VERBOSE,
)
"""A complete date (day, month and year) in any common English news style."""

PARTIAL_DATE_PATTERN = (
    rf"(?:{_WD_PREFIX}{MONTH_RE}\s+{_DAY}(?:,?\s+{_YEAR})?"
    rf"|{_WD_PREFIX}{_DAY}\s+(?:of\s+)?{MONTH_RE}(?:,?\s+{_YEAR})?"
    rf"|{WEEKDAY_RE})(?!\w)"
)
"""A day with or without a year ("Oct. 3", "3 October 2017", "Monday"): what datelines carry.
Case-insensitive; embed it as ``(?i:...)`` in case-sensitive patterns."""

TIME_SUFFIX_RE = re.compile(
    r"(?:[T ,]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?[ \t]*(?:[ap]\.?m\.?)?[ \t]*(?:Z|[+-]\d{2}:?\d{2}|GMT|UTC)?)?",
    re.IGNORECASE,
)

_YEAR_IN_TEXT = re.compile(r"(?<!\d)(?:1[89]|2\d)\d\d(?!\d)")
_FUTURE_TOLERANCE = timedelta(days=2)
_EPOCH = re.compile(r"\d{10}(?:\d{3})?(?:\.\d+)?")
"""Unix time in seconds or milliseconds (2001 onwards), as some JSON exports write dates."""


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A complete date found in text, with its span (offsets into the searched string)."""

    value: date
    start: int
    end: int
    text: str


def _to_date(match: re.Match[str]) -> date | None:
    """The date a FULL_DATE_RE match denotes, or None when it is not a real or unambiguous date."""
    groups = match.groupdict()
    try:
        if groups["mdy_m"]:
            return date(int(groups["mdy_y"]), _month(groups["mdy_m"]), _day(groups["mdy_d"]))
        if groups["dmy_m"]:
            return date(int(groups["dmy_y"]), _month(groups["dmy_m"]), _day(groups["dmy_d"]))
        if groups["iso_y"]:
            return date(int(groups["iso_y"]), int(groups["iso_m"]), int(groups["iso_d"]))
        first, second = int(groups["num_a"]), int(groups["num_b"])
    except ValueError:  # 31 June and the like
        return None
    return _numeric_date(first, second, int(groups["num_y"]))


def _numeric_date(first: int, second: int, year: int) -> date | None:
    """3/14/2019 or 14/3/2019 — accepted only when the reading is unambiguous."""
    if first == second:
        month, day = first, first
    elif first > 12 >= second:
        day, month = first, second
    elif second > 12 >= first:
        month, day = first, second
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _day(text: str) -> int:
    return int(text[:2] if text[:2].isdigit() else text[:1])


def is_plausible(value: date) -> bool:
    """Reject dates in the future: a publication date cannot be later than now.

    This is the only use of the current date in ingest — as a bound, never as a value.
    """
    return value <= date.today() + _FUTURE_TOLERANCE


def find_full_date(text: str, start: int = 0, end: int | None = None) -> DateMatch | None:
    """The first complete, real, plausible date in ``text[start:end]``.

    Offsets in the result are offsets into ``text``. Partial dates ("Oct. 3"),
    weekdays and relative expressions are not dates here.

    >>> find_full_date("Fighting resumed on Oct. 3, 2017 near Kirkuk").value
    datetime.date(2017, 10, 3)
    """
    stop = len(text) if end is None else end
    for match in FULL_DATE_RE.finditer(text, start, stop):
        value = _to_date(match)
        if value is not None and is_plausible(value):
            return DateMatch(value, match.start(), match.end(), match.group(0))
    return None


def match_full_date_at(text: str, pos: int) -> DateMatch | None:
    """A complete date starting exactly at ``pos`` (with an optional time after it)."""
    match = FULL_DATE_RE.match(text, pos)
    if match is None:
        return None
    value = _to_date(match)
    if value is None or not is_plausible(value):
        return None
    time = TIME_SUFFIX_RE.match(text, match.end())
    end = time.end() if time else match.end()
    return DateMatch(value, match.start(), end, text[match.start() : end])


def parse_metadata_date(value: object) -> date | None:
    """A publication date from a metadata value, or None when it is not a complete date.

    Accepts ``date``/``datetime`` objects, ISO 8601 ("2017-10-20T09:00:00Z"),
    Unix timestamps, RFC 2822 ("Fri, 20 Oct 2017 10:00:00 +0300") and the written styles of
    :data:`FULL_DATE_RE`. A timestamp keeps the calendar day written in its own
    time zone (the outlet's day), not the UTC one.

    >>> parse_metadata_date("Fri, 20 Oct 2017 10:00:00 +0300")
    datetime.date(2017, 10, 20)
    >>> parse_metadata_date("yesterday") is None
    True
    """
    parsed = _parse_metadata_value(value)
    if parsed is None or not is_plausible(parsed):
        return None
    return parsed


def _parse_metadata_value(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    if _EPOCH.fullmatch(text):
        seconds = int(float(text)) / (1000 if len(text.split(".")[0]) == 13 else 1)
        return datetime.fromtimestamp(seconds, tz=UTC).date()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    found = FULL_DATE_RE.search(text)
    if found is not None and (value_found := _to_date(found)) is not None:
        return value_found
    return _dateparser_fallback(text)


def _dateparser_fallback(text: str) -> date | None:
    """dateparser for unusual but complete metadata dates; never for relative ones.

    Requiring a four-digit year keeps "yesterday" or "2 hours ago" — which
    dateparser would anchor on today — from ever becoming a publication date.
    """
    if not _YEAR_IN_TEXT.search(text) or len(text) > 64:
        return None
    import dateparser  # imported lazily: ~0.3 s, and most inputs never get here

    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False},
    )
    return parsed.date() if parsed is not None else None
