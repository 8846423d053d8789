"""Resolution rules for single time expressions (no spaCy): one case per kind of expression."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.extract.time_grammar import find_expressions
from dateline.extract.time_rules import (
    NO_ANCHOR,
    NO_REFERENCE,
    add_months,
    duration_timeml,
    parse_number,
    resolve_time_text,
)

FRI = date(2017, 10, 20)  # a Friday


def value(text: str, anchor: date | None = FRI, **kw: object) -> str | None:
    return resolve_time_text(text, anchor, **kw).value  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# With an anchor
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "granularity"),
    [
        # weekdays: the most recent one on or before the anchor
        ("Monday", "2017-10-16", "day"),
        ("on Monday", "2017-10-16", "day"),
        ("on Friday", "2017-10-20", "day"),
        ("Saturday", "2017-10-14", "day"),
        ("last Friday", "2017-10-13", "day"),
        ("next Tuesday", "2017-10-24", "day"),
        ("Thursday evening", "2017-10-19", "day"),
        # relative days
        ("yesterday", "2017-10-19", "day"),
        ("today", "2017-10-20", "day"),
        ("tomorrow", "2017-10-21", "day"),
        ("last night", "2017-10-19", "day"),
        ("two days ago", "2017-10-18", "day"),
        ("the day before yesterday", "2017-10-18", "day"),
        # "a day after X" dates X: the day before the report's own day
        ("a day after", "2017-10-19", "day"),
        ("two days after", "2017-10-18", "day"),
        ("days after", "2017-10-13/2017-10-18", "interval"),
        ("a day before", "2017-10-21", "day"),
        # weeks, months, years around the anchor
        ("this week", "2017-10-16/2017-10-22", "week"),
        ("last week", "2017-10-09/2017-10-15", "week"),
        ("earlier this week", "2017-10-16/2017-10-19", "interval"),
        ("this month", "2017-10", "month"),
        ("earlier this month", "2017-10-01/2017-10-19", "interval"),
        ("last month", "2017-09", "month"),
        ("last year", "2016", "year"),
        ("next year", "2018", "year"),
        ("the past two years", "2015-10-20/2017-10-20", "interval"),
        # calendar dates
        ("October 20, 2017", "2017-10-20", "day"),
        ("20/10/2017", "2017-10-20", "day"),
        ("2017-10-16", "2017-10-16", "day"),
        ("Oct. 16", "2017-10-16", "day"),
        ("Tuesday, Oct. 17, 2017", "2017-10-17", "day"),
        ("June 21st", "2017-06-21", "day"),
        ("the 21st of June", "2017-06-21", "day"),
        # months and years
        ("in September", "2017-09", "month"),
        ("September 2016", "2016-09", "month"),
        ("in 2014", "2014", "year"),
        ("fiscal 1989", "1989", "year"),
        ("the 1990s", "1990/1999", "interval"),
        ("early 2014", "2014-01-01/2014-04-30", "interval"),
        ("mid-November", "2017-11-10/2017-11-21", "interval"),
        # quarters, seasons
        ("the third quarter", "2017-07-01/2017-09-30", "interval"),
        ("the latest quarter", "2017-07-01/2017-09-30", "interval"),
        ("the first quarter of 2015", "2015-01-01/2015-03-31", "interval"),
        ("last summer", "2017-06-01/2017-08-31", "interval"),
        # ranges
        ("since June 21st", "2017-06-21/2017-10-20", "interval"),
        ("since 2014", "2014-01-01/2017-10-20", "interval"),
        ("from Monday to Wednesday", "2017-10-16/2017-10-18", "interval"),
        ("between 1994 and 1997", "1994/1997", "interval"),
        ("now", "2017-10-20", "day"),
    ],
)
def test_anchored(text: str, expected: str, granularity: str) -> None:
    res = resolve_time_text(text, FRI)
    assert (res.value, res.granularity) == (expected, granularity), res


def test_day_after_is_counted_back_from_the_anchor() -> None:
    res = resolve_time_text("a day after", FRI)
    day = date(2017, 10, 19)
    assert res.as_tuple() == ("2017-10-19", day, day, "day", "day-after-anchor", None)
    assert res.basis == "anchor"


def test_future_tense_turns_weekdays_and_months_forward() -> None:
    assert value("Monday", tense="future") == "2017-10-23"
    assert value("Friday", tense="future") == "2017-10-20"
    assert value("September", tense="future") == "2018-09"
    assert value("June 21", tense="future") == "2018-06-21"


def test_past_tense_keeps_a_later_month_day_in_the_previous_year() -> None:
    assert value("Dec. 14", tense="past") == "2016-12-14"


def test_without_tense_a_near_future_month_day_is_upcoming_a_far_one_past() -> None:
    assert value("Nov. 15") == "2017-11-15"
    assert value("March 30") == "2017-03-30"


def test_leap_day_takes_a_year_that_has_one() -> None:
    assert value("Feb. 29", date(2017, 10, 20)) == "2016-02-29"


def test_durations_have_no_date_but_keep_the_timeml_length() -> None:
    res = resolve_time_text("for three days", FRI)
    assert res.value is None and res.start is None
    assert res.rule == "for+duration"
    assert res.timeml == "P3D"
    assert "duration" in (res.reason or "")


def test_vague_and_recurring_expressions_say_why_they_have_no_value() -> None:
    recent = resolve_time_text("recently", FRI)
    assert recent.value is None and recent.timeml == "PAST_REF"
    daily = resolve_time_text("daily", FRI)
    assert daily.value is None and daily.rule == "set" and daily.timeml == "P1D"


def test_narrative_expressions_count_from_the_reference_day() -> None:
    ref = date(2017, 10, 16)
    res = resolve_time_text("the next day", FRI, reference=ref)
    assert (res.value, res.basis) == ("2017-10-17", "reference")
    assert value("three days later", reference=ref) == "2017-10-19"
    missing = resolve_time_text("the next day", FRI)
    assert missing.value is None and missing.reason == NO_REFERENCE


# ---------------------------------------------------------------------------
# Without an anchor
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["on Monday", "last night", "yesterday", "a day after", "days after", "this week", "in September",
             "earlier this month", "two days ago", "now"],
)  # fmt: skip
def test_relative_expressions_stay_unresolved_without_anchor(text: str) -> None:
    res = resolve_time_text(text, None)
    assert res.start is None and res.end is None
    assert res.reason == NO_ANCHOR


@pytest.mark.parametrize("anchor", [FRI, None])
@pytest.mark.parametrize("text", ["earlier today", "Earlier today", "later today"])
def test_earlier_or_later_today_is_the_anchor_day(text: str, anchor: date | None) -> None:
    """"earlier today" once sent the part-of-day rule round in a loop until Python's stack ran out."""
    got = resolve_time_text(text, anchor)
    assert (got.value, got.granularity) == ((FRI.isoformat() if anchor else None), "day")
    assert got.reason == (None if anchor else NO_ANCHOR)


def test_unresolved_relative_expressions_keep_their_granularity() -> None:
    assert resolve_time_text("last week", None).granularity == "week"
    assert resolve_time_text("next month", None).granularity == "month"
    assert resolve_time_text("on Monday", None).granularity == "day"


def test_month_day_without_anchor_keeps_month_and_day() -> None:
    res = resolve_time_text("since June 21st", None)
    assert res.value == "XXXX-06-21"
    assert res.granularity == "day"
    assert res.reason == NO_ANCHOR
    assert res.rule == "since+month-day"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("October 20, 2017", "2017-10-20"), ("20/10/2017", "2017-10-20"), ("in 2014", "2014"),
     ("September 2016", "2016-09"), ("the first quarter of 2015", "2015-01-01/2015-03-31")],
)  # fmt: skip
def test_absolute_expressions_resolve_without_anchor(text: str, expected: str) -> None:
    res = resolve_time_text(text, None)
    assert res.value == expected
    assert res.reason is None
    assert res.basis == "absolute"


def test_since_an_absolute_date_without_anchor_is_open_ended() -> None:
    res = resolve_time_text("since 2014", None)
    assert res.value == "2014/.."
    assert res.start == date(2014, 1, 1) and res.end is None


# ---------------------------------------------------------------------------
# TimeML values and helpers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "anchor", "timeml"),
    [
        ("the third quarter", date(1989, 10, 26), "1989-Q3"),
        ("last week", date(1998, 2, 16), "1998-W07"),
        ("the weekend", date(1990, 8, 13), "1990-W32-WE"),
        ("last fall", date(1999, 5, 7), "1998-FA"),
        ("the 1960s", date(2000, 2, 24), "196X"),
        ("5 p.m. EST, Nov. 6", date(1989, 10, 30), "1989-11-06T17:00"),
        ("Thursday evening", date(1998, 2, 12), "1998-02-12TEV"),
        ("the next two years", date(1989, 10, 30), "P2Y"),
        ("5 1/2 hours", date(1998, 8, 17), "PT5H30M"),
        ("each Thursday", date(1998, 2, 13), "XXXX-WXX-4"),
        ("every other week", date(1998, 2, 13), "P2W"),
        ("every few months", date(1998, 2, 13), "PXM"),
        ("currently", date(1998, 2, 13), "PRESENT_REF"),
        ("the future", date(1998, 2, 13), "FUTURE_REF"),
    ],
)
def test_timeml_values(text: str, anchor: date, timeml: str) -> None:
    assert resolve_time_text(text, anchor).timeml == timeml


def test_number_words_and_units() -> None:
    assert parse_number("three days") == 3
    assert parse_number("a five-hour visit") == 5
    assert parse_number("twenty-five years") == 25
    assert parse_number("5 1/2 hours") == 5.5
    assert parse_number("several months") is None
    assert duration_timeml(None, "Y") == "PXY"
    assert duration_timeml(1.5, "MIN") == "PT1M30S"
    assert add_months(date(2017, 1, 31), 1) == date(2017, 2, 28)


def test_grammar_finds_what_spacy_small_misses() -> None:
    text = "Forces shelled the town, a day after the warning, days after the withdrawal. It has held since June 21st."
    kinds = {text[f.start : f.end]: f.kind for f in find_expressions(text)}
    assert kinds == {"a day after": "offset", "days after": "offset", "June 21st": "month_day"}


def test_grammar_ignores_quantities_and_ages() -> None:
    text = "2000 people fled; a 6-year-old boy and a man, 52 years old, were hurt. Theresa May spoke."
    found = [text[f.start : f.end] for f in find_expressions(text)]
    assert "2000" not in found
    assert not any("old" in f or "year" in f for f in found)
