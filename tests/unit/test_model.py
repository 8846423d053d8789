from datetime import date

from dateline.model import (
    Actor,
    ActorMention,
    Article,
    Event,
    Evidence,
    Extraction,
    Mention,
    article_id,
    normalise_text,
    stable_id,
)


def test_article_id_ignores_layout_but_not_words():
    a = "Troops  entered the town.\r\nResidents fled."
    b = "Troops entered the town. Residents fled."
    assert article_id(a) == article_id(b)
    assert article_id(a) != article_id("Troops left the town. Residents fled.")
    assert article_id("It’s “quoted”") == article_id("It's \"quoted\"")


def test_normalise_text_collapses_whitespace():
    assert normalise_text("  a\u00a0 b\n\nc ") == "a b c"


def test_stable_id_is_deterministic_and_part_sensitive():
    assert stable_id("x", 1, None) == stable_id("x", 1, None)
    assert stable_id("x", 1) != stable_id("x", 2)
    assert stable_id("ab", "c") != stable_id("a", "bc")


def test_event_round_trips_through_json():
    text = "Police arrested twelve protesters in Lagos on Monday."
    aid = article_id(text)
    actor = ActorMention(mention=Mention(article_id=aid, start=0, end=6, text="Police"),
                         actor=Actor(name="Nigerian police", code="NGACOP", kind="state_force", country="NGA"),
                         coded=True, rule="ent+sector")
    event = Event(id=stable_id(aid, 7, "COERCE"), article_id=aid, type="COERCE", mode="arrest",
                  sources=[actor], trigger=Mention(article_id=aid, start=7, end=15, text="arrested"),
                  evidence=Evidence(text=text, start=0, end=len(text)))
    extraction = Extraction(article_id=aid, actors=[actor], events=[event])
    assert Extraction.from_json(extraction.to_json()) == extraction
    article = Article(id=aid, text=text, published=date(2020, 3, 2), published_found_in="metadata")
    assert Article.from_json(article.to_json()) == article
