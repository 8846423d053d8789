"""The opening of an article: date header lines, the dateline, a headline line.

Wire copy announces where (and sometimes when) it was filed in its first
characters — " date 2017-10-20 ALTUN KUPRI, Iraq - ...", "BAGHDAD (Reuters) -",
"Washington, Oct. 3 —" — and exports often put a headline and a "Date:" line
above the body. These are the most reliable place and date facts an article
has, so they are read here, by position, before any NLP runs. Only the first
few lines are ever looked at, which keeps the cost per article negligible and
keeps a "Date:" deep in a quoted document from being taken as the article's.

All offsets are into the original text; nothing here changes the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from dateline.ingest.dates import (
    MONTH_RE,
    PARTIAL_DATE_PATTERN,
    WEEKDAY_RE,
    DateMatch,
    find_full_date,
    match_full_date_at,
)
from dateline.model import Dateline

OPENING_LINES = 3
"""How many non-empty lines at the top may hold the header, headline and dateline."""
MAX_PLACE_CHARS = 60
MAX_TITLE_CHARS = 150
MAX_TITLE_WORDS = 20

_UPPER = "".join(chr(code) for code in range(0x41, 0x250) if chr(code).isupper())
_CAPWORD = rf"[{_UPPER}][\w'’.\-]*"
_ARTICLE_PREFIX = r"(?:al|el|ad|ar|as|ash|at|az|an|ed|es|ez|ibn|bin|abu|bani)"
_WORD = rf"(?:{_CAPWORD}|{_ARTICLE_PREFIX}-{_CAPWORD})"
_LINK = r"(?:al|el|de|del|della|di|da|do|dos|du|la|le|les|of|on|upon|sur|y|bin|ibn|abu|bani)"
_NAME = rf"{_CAPWORD}(?:[ \t]+(?:{_LINK}[ \t]+)?{_WORD}){{0,4}}"
_NOT_A_DATE = rf"(?!(?i:{MONTH_RE}|{WEEKDAY_RE}))"

DATELINE_RE = re.compile(
    rf"""
    (?P<place>{_NAME}(?:,[ \t]*{_NOT_A_DATE}{_NAME}){{0,2}})
    (?:,?[ \t]*(?P<date>(?i:{PARTIAL_DATE_PATTERN})))?
    (?:[ \t]*\((?P<agency>[A-Za-z][A-Za-z&.'\- ]{{0,40}}?)\))?
    (?P<sep>[ \t]*(?:—|–|--)|[ \t]+-(?=\s)|[ \t]*[_:](?=\s))
    (?P<gap>\s*)(?=\S)
    """,
    re.VERBOSE,
)
"""PLACE[, REGION][, DATE][ (AGENCY)] and a separator: a dash, the old wire "_", or a colon.
The body may follow on the same line or, in older wire copy, on the next."""

_HEADER_LABEL_RE = re.compile(
    r"(?:(?:date(?:d|[ \t]+published)?|published(?:[ \t]+(?:on|at))?|publication[ \t]+date"
    r"|posted(?:[ \t]+on)?|pub[ \t]?date)[ \t]*[:=]?[ \t]*)?",
    re.IGNORECASE,
)
_NOT_PLACES = frozenset(
    {"BREAKING", "UPDATE", "UPDATED", "EXCLUSIVE", "WATCH", "ANALYSIS", "OPINION", "EDITORIAL",
     "LIVE", "CORRECTION", "NOTE", "PHOTOS", "VIDEO", "COMMENT", "REVIEW", "FACTBOX", "EXPLAINER"}
)  # fmt: skip
_BYLINE = re.compile(r"By\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}\s*(?:,.*)?$")
"""A byline ("By Jane Smith", "By Jane Smith, Associated Press") sits between headline and body."""
_TITLE_END = re.compile(r"[.!?;,:]['\"’”]?\s*$")


@dataclass(frozen=True, slots=True)
class DateHeader:
    """A header line's date: " date 2017-10-20", "Date: 14 March 2019", or a line holding only a date."""

    date: DateMatch
    end: int
    """Where the text after the header begins (the dateline may follow on the same line)."""


@dataclass(frozen=True, slots=True)
class Opening:
    """What the top of an article says about itself."""

    header: DateHeader | None
    dateline: Dateline | None
    title: str | None
    body_start: int
    """Where the article's own words begin (after header, headline and dateline)."""


def _lines(text: str, start: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-empty line from ``start``, leading whitespace skipped."""
    for match in re.finditer(r"[^\r\n]+", text[start:]):
        content = match.group(0)
        stripped = len(content) - len(content.lstrip())
        if stripped < len(content):
            yield start + match.start() + stripped, start + match.end()


def find_date_header(text: str) -> DateHeader | None:
    """A date header among the first lines, or None.

    A header is a line that starts with a date label ("date", "Date:",
    "Published:", "Posted on") and a complete date, or a line that is only a
    complete date. Anything may follow a labelled date on the same line (the
    dateline often does); an unlabelled date must stand alone, or "3 March 2019
    was the day ..." would be taken for a header.

    >>> find_date_header(" date 2017-10-20 ALTUN KUPRI, Iraq - Iraqi ...").date.value
    datetime.date(2017, 10, 20)
    """
    for index, (start, end) in enumerate(_lines(text, 0)):
        if index >= OPENING_LINES:
            break
        label = _HEADER_LABEL_RE.match(text, start, end)
        label_end = label.end() if label else start  # the label is optional, so this always matches
        found = match_full_date_at(text, label_end)
        if found is None or found.end > end:
            continue
        rest = text[found.end : end]
        if label_end == start and rest.strip():
            continue
        return DateHeader(found, found.end + (len(rest) - len(rest.lstrip())))
    return None


def parse_dateline(text: str, pos: int) -> tuple[Dateline, int] | None:
    """The dateline starting exactly at ``pos``, and where the body after it begins.

    An all-caps place ("ALTUN KUPRI, Iraq -", "BAGHDAD (Reuters) -", "ANKARA:")
    is a dateline by convention. A mixed-case place must carry a region, a date
    or an agency ("Washington, Oct. 3 —", "Kabul (AP) —"), because "Meanwhile —"
    or a headline's first words would otherwise pass.

    ``Dateline.start``/``end`` span the whole dateline, place to dash
    ("ALTUN KUPRI, Iraq -", "Washington, Oct. 3 —"), so later stages can skip
    it; the place text starts at ``start``. A date without a year is kept as
    ``date_text`` only.
    """
    match = DATELINE_RE.match(text, pos)
    if match is None:
        return None
    place = match.group("place")
    if len(place) > MAX_PLACE_CHARS:
        return None
    first_word = place.split(",")[0].split()[0]
    letters = [char for char in first_word if char.isalpha()]
    all_caps = len(letters) >= 2 and all(char.isupper() for char in letters)
    qualified = "," in place or bool(match.group("date") or match.group("agency"))
    separator = match.group("sep").strip()
    if all_caps:
        if first_word.strip(".") in _NOT_PLACES:
            return None
        if separator == ":" and not (qualified or " " in place):
            return None  # "JEWELL:" is a speaker in a transcript; "NEW DELHI:" a dateline
    elif separator == ":" or not qualified:
        return None
    dateline = Dateline(
        place_text=place,
        start=match.start("place"),
        end=match.start("place") + len(match.group(0).rstrip()),
        agency=(match.group("agency") or "").strip() or None,
        date_text=match.group("date"),
    )
    return dateline, match.end()


def _is_title_line(line: str, has_more: bool) -> bool:
    words = line.split()
    return (
        has_more
        and len(line) <= MAX_TITLE_CHARS
        and 0 < len(words) <= MAX_TITLE_WORDS
        and not line[0].islower()
        and _TITLE_END.search(line) is None
    )


def read_opening(text: str) -> Opening:
    """Read the header, headline and dateline at the top of ``text``.

    Convention puts an optional headline and date header (in either order) and
    an optional byline above the first paragraph, which may open with a
    dateline. A dateline on the header's own line (the AP style) is found too.

    >>> opening = read_opening(" date 2017-10-20 ALTUN KUPRI, Iraq - Iraqi federal ...")
    >>> opening.dateline.place_text, opening.header.date.value.isoformat()
    ('ALTUN KUPRI, Iraq', '2017-10-20')
    """
    header = find_date_header(text)
    title: str | None = None
    body_start = 0
    for index, (start, end) in enumerate(_lines(text, 0)):
        if index >= OPENING_LINES + 1:
            break
        if header is not None and start <= header.date.start < end:
            start = body_start = header.end  # what follows the date on its line, if anything
            if not text[start:end].strip():
                body_start = end
                continue
        found = parse_dateline(text, start)
        if found is not None:
            return Opening(header, found[0], title, found[1])
        line = text[start:end].rstrip()
        if _BYLINE.match(line):
            body_start = end
            continue
        if title is None and _is_title_line(line, bool(text[end:].strip())):
            title = line
            body_start = end
            continue
        body_start = start
        break
    return Opening(header, None, title, body_start)


def dateline_date(dateline: Dateline) -> date | None:
    """The complete date in a dateline ("Oct. 3, 2017"), or None when it has no year."""
    if not dateline.date_text:
        return None
    found = find_full_date(dateline.date_text)
    return found.value if found else None
