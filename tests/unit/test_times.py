"""The times extractor over real spaCy parses: team-written sentences and the seed articles."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest

from dateline.extract.times import extract_times, find_time_spans
from dateline.model import Article, TimeMention, article_id
from dateline.nlp import load_pipeline
from tests.conftest import seed_text

FRI = date(2017, 10, 20)


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def times_of(nlp, text: str, published: date | None = FRI, **kw: object) -> dict[str, TimeMention]:
    article = Article(id=article_id(text), text=text, published=published)
    found = extract_times(nlp(text), article, **kw)  # type: ignore[arg-type]
    for tm in found:
        assert text[tm.mention.start : tm.mention.end] == tm.mention.text
        assert tm.mention.article_id == article.id
    return {tm.mention.text: tm for tm in found}


# ---------------------------------------------------------------------------
# Team-written sentences, one per case
# ---------------------------------------------------------------------------


def test_weekday_past_and_future_by_tense(nlp) -> None:
    t = times_of(nlp, "Rebels seized the bridge on Monday. Negotiators will meet on Thursday in Geneva.")
    assert t["Monday"].value == "2017-10-16"
    assert t["Thursday"].value == "2017-10-26"
    assert t["Monday"].anchor == "published"
    assert t["Monday"].granularity == "day"


def test_planned_event_reads_forward(nlp) -> None:
    t = times_of(nlp, "The council plans to vote on Tuesday on the ceasefire.")
    assert t["Tuesday"].value == "2017-10-24"


def test_day_after_dates_the_earlier_event(nlp) -> None:
    t = times_of(nlp, "Militias shelled the village on Friday, a day after the governor warned them to leave.")
    assert t["Friday"].value == "2017-10-20"
    after = t["a day after"]
    assert (after.value, after.rule, after.anchor) == ("2017-10-19", "day-after-anchor", "published")


def test_relative_days(nlp) -> None:
    text = (
        "Gunmen attacked a checkpoint last night. Police said yesterday that two days ago a convoy was hit, "
        "days after troops withdrew."
    )
    t = times_of(nlp, text)
    assert t["last night"].value == "2017-10-19"
    assert t["yesterday"].value == "2017-10-19"
    assert t["two days ago"].value == "2017-10-18"
    assert t["days after"].value == "2017-10-13/2017-10-18"
    assert t["days after"].granularity == "interval"


def test_this_week_and_earlier_this_month(nlp) -> None:
    t = times_of(nlp, "Protests spread this week. Earlier this month the army deployed to the capital.")
    assert (t["this week"].value, t["this week"].granularity) == ("2017-10-16/2017-10-22", "week")
    assert t["Earlier this month"].value == "2017-10-01/2017-10-19"


def test_explicit_dates(nlp) -> None:
    text = "The accord was signed on October 20, 2016, ratified on 20/10/2017 and published Oct. 16."
    t = times_of(nlp, text)
    assert t["October 20, 2016"].value == "2016-10-20"
    assert t["October 20, 2016"].anchor is None  # absolute: needs no anchor
    assert t["20/10/2017"].value == "2017-10-20"
    assert t["Oct. 16"].value == "2017-10-16"


def test_years_months_and_since(nlp) -> None:
    text = "The group has held the town since June 21st. It was founded in 2014 and took the dam in September."
    t = times_of(nlp, text)
    since = t["since June 21st"]
    assert (since.value, since.granularity) == ("2017-06-21/2017-10-20", "interval")
    assert (t["2014"].value, t["2014"].granularity) == ("2014", "year")
    assert (t["September"].value, t["September"].granularity) == ("2017-09", "month")


def test_duration_keeps_text_without_a_date(nlp) -> None:
    t = times_of(nlp, "Fighting raged for three days around the airport.")
    tm = t["for three days"]
    assert tm.value is None and tm.start is None
    assert tm.rule == "for+duration"


def test_a_length_before_a_clause_is_a_duration_not_an_offset(nlp) -> None:
    t = times_of(nlp, "The gunfight lasted nearly three hours before jets arrived shortly after sunset.")
    assert set(t) == {"nearly three hours"}
    assert t["nearly three hours"].rule == "duration"


def test_recurring_times(nlp) -> None:
    t = times_of(nlp, "Every few weeks a base is hit, and convoys leave daily.")
    assert t["Every few weeks"].rule == "set" and t["Every few weeks"].value is None
    assert t["daily"].rule == "set"


def test_range_is_one_interval_mention(nlp) -> None:
    t = times_of(nlp, "The curfew lasted from Monday to Wednesday.")
    assert t["from Monday to Wednesday"].value == "2017-10-16/2017-10-18"


def test_narrative_time_counts_from_the_last_day_mentioned(nlp) -> None:
    t = times_of(nlp, "Troops entered the city on Monday. The next day, they raised the flag.")
    nxt = t["The next day"]
    assert nxt.value == "2017-10-17"
    assert nxt.anchor == "time:2017-10-16"


def test_a_year_earlier_compares_the_same_period(nlp) -> None:
    t = times_of(nlp, "Attacks doubled in September from a year earlier. Deaths fell in 2016 from two years ago.")
    assert t["September"].value == "2017-09"
    earlier = t["a year earlier"]
    assert (earlier.value, earlier.granularity, earlier.rule) == ("2016-09", "month", "before-anchor+same-period")
    assert t["two years ago"].value == "2015"  # no period in the sentence: the year


def test_inferred_anchor_label(nlp) -> None:
    t = times_of(nlp, "Clashes broke out on Monday.", published=None, anchor=FRI, anchor_label="inferred:abc123")
    assert t["Monday"].value == "2017-10-16"
    assert t["Monday"].anchor == "inferred:abc123"


def test_no_anchor_leaves_relative_unresolved_and_absolute_resolved(nlp) -> None:
    text = "On Monday the army moved in, a day after the vote of October 16, 2017."
    t = times_of(nlp, text, published=None)
    for phrase in ("Monday", "a day after"):
        assert t[phrase].value is None
        assert t[phrase].reason == "no anchor date"
    assert t["October 16, 2017"].value == "2017-10-16"


def test_ages_and_names_are_not_times(nlp) -> None:
    text = "A 6-year-old girl and a man, 52 years old, were hurt, Theresa May said."
    assert times_of(nlp, text) == {}


def test_spans_are_in_text_order_without_overlap(nlp) -> None:
    doc = nlp("On Monday, a day after the vote, and again on Tuesday, Oct. 17, forces advanced.")
    spans = find_time_spans(doc)
    assert all(a.end <= b.start for a, b in pairwise(spans))


# ---------------------------------------------------------------------------
# Seed articles (../shared/seeds)
# ---------------------------------------------------------------------------


def _seed(seeds_dir: Path, prefix: str) -> str:
    return seed_text(seeds_dir, prefix)


def test_ap_seed(nlp, seeds_dir: Path) -> None:
    t = times_of(nlp, _seed(seeds_dir, "002"), published=FRI)
    assert t["Monday"].value == "2017-10-16"
    assert t["a day after"].value == "2017-10-19"
    assert t["Friday"].value == "2017-10-20"
    assert (t["2014"].value, t["2014"].granularity) == ("2014", "year")
    assert (t["September"].value, t["September"].granularity) == ("2017-09", "month")


def test_ap_seed_through_ingest(nlp, seeds_dir: Path) -> None:
    from dateline.ingest import prepare_article, read_items

    (path,) = sorted(seeds_dir.glob("002_*.txt"))
    (item,) = list(read_items([str(path)]))
    article = prepare_article(item)
    assert isinstance(article, Article) and article.published == FRI
    found = {tm.mention.text: tm for tm in extract_times(nlp(article.text), article)}
    assert found["Monday"].value == "2017-10-16"
    assert found["a day after"].value == "2017-10-19"


def test_undated_blog_seed(nlp, seeds_dir: Path) -> None:
    t = times_of(nlp, _seed(seeds_dir, "000"), published=None)
    for phrase in ("Last night", "days after"):
        assert t[phrase].value is None
        assert t[phrase].reason == "no anchor date"


def test_undated_2014_seed(nlp, seeds_dir: Path) -> None:
    t = times_of(nlp, _seed(seeds_dir, "001"), published=None)
    since = t["since June 21st"]
    assert since.value == "XXXX-06-21"
    assert since.start is None
    assert since.reason == "no anchor date"
