"""Inferred publication windows for undated articles, always marked as inferred."""

from __future__ import annotations

from datetime import date

from dateline.resolve.dating import REPORTING_LAG_DAYS, infer_publication_window, mark_inferred
from dateline.resolve.reuse import ReuseIndex
from dateline.resolve.stories import resolve_stories
from tests.unit.test_resolve_support import FRIDAY, article, event, seed_articles, sentence_around, span_of


def test_undated_blog_gets_window_from_the_dated_ap_report(seeds_dir):
    ap, blog, _ = seed_articles(seeds_dir)
    index = ReuseIndex()
    index.add(ap)
    reuse = index.find_reuse(blog)
    phrase = "shelled Kurdish military positions"
    events = [
        event(ap.id, "ap-1", trigger=span_of(ap.text, "shelled"), evidence=sentence_around(ap.text, phrase)),
        event(blog.id, "blog-1", trigger=span_of(blog.text, "shelled"), on=None, evidence=sentence_around(blog.text, phrase)),
    ]
    articles = {ap.id: ap, blog.id: blog}
    stories = resolve_stories(events, articles, reuse)
    window = infer_publication_window(blog, stories, articles)
    assert window == (FRIDAY, date(2017, 10, 20 + REPORTING_LAG_DAYS), ap.id)
    dated = mark_inferred(blog, window)
    assert dated.published is None
    assert dated.published_found_in == "inferred"
    assert dated.published_window == (FRIDAY, date(2017, 10, 27))
    assert dated.published_note == f"inferred from {ap.id}"
    assert infer_publication_window(ap, stories, articles) is None  # observed dates are never replaced


def test_no_shared_story_means_no_window():
    articles = {"a": article("a"), "u": article("u", published=None)}
    events = [event("a", "a-1"), event("u", "u-1", on=None, at=None, sources=(), targets=())]
    stories = resolve_stories(events, articles)
    assert infer_publication_window(articles["u"], stories, articles) is None


def test_inferred_dates_are_not_lent_on():
    inferred = article("i", published=None)
    inferred = mark_inferred(inferred, (FRIDAY, date(2017, 10, 27), "a"))
    articles = {"i": inferred, "u": article("u", published=None)}
    shared = "Iraqi forces shelled Kurdish positions near Altun Kupri, a commander told reporters."
    events = [event("i", "i-1", on=None, evidence=shared), event("u", "u-1", on=None, evidence=shared)]
    stories = resolve_stories(events, articles)
    assert len(stories) == 1
    assert infer_publication_window(articles["u"], stories, articles) is None


def test_most_shared_dated_article_wins_and_window_starts_at_the_happening():
    articles = {
        "early": article("early", published=date(2017, 10, 18)),
        "main": article("main", published=date(2017, 10, 21)),
        "u": article("u", published=None),
    }
    first = "Federal forces entered Kirkuk and took over the governor's office, officials said."
    second = "Iraqi forces shelled Kurdish positions near Altun Kupri, a commander told reporters."
    kirkuk = {"type": "COERCE", "at": (35.468, 44.392), "place": "Kirkuk", "evidence": first}
    events = [
        event("main", "m-1", on=date(2017, 10, 16), **kirkuk),
        event("u", "u-1", on=None, **kirkuk),
        event("main", "m-2", evidence=second),
        event("u", "u-2", on=None, evidence=second),
        event("early", "e-1", on=date(2017, 10, 16), **kirkuk),
    ]
    stories = resolve_stories(events, articles)
    start, end, source = infer_publication_window(articles["u"], stories, articles)
    assert source == "main"
    assert (start, end) == (FRIDAY, date(2017, 10, 28))
