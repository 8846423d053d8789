"""Stories: one per happening, independent sources, disagreements, order independence."""

from __future__ import annotations

import random
from datetime import date

import pytest

from dateline.model import Reuse, ReuseSpan, stable_id
from dateline.resolve.reuse import ReuseIndex
from dateline.resolve.stories import StoryResolver, resolve_stories
from tests.unit.test_resolve_support import (
    FRIDAY,
    HAWIJA,
    actor,
    article,
    at_phrase,
    event,
    seed_articles,
    sentence_around,
    span_of,
    uncoded,
)

WIRE_SENTENCE = "Iraqi federal police forces shelled Kurdish positions north and south of Altun Kupri on Friday."


def _clash_world():
    """A wire story, two re-publications, an independent report of the same clash, an unrelated clash."""
    articles = {
        "wire": article("wire", source="AP"),
        "repub1": article("repub1", source="Daily Star", near_duplicate_of="wire"),
        "repub2": article("repub2", source="Gulf Times", near_duplicate_of="wire"),
        "indep": article("indep", source="Reuters"),
        "hawija": article("hawija", source="Rudaw"),
    }
    events = [
        event("wire", "ev-wire", evidence=WIRE_SENTENCE, fatalities=2),
        event("repub1", "ev-repub1", evidence=WIRE_SENTENCE, fatalities=2),
        event("repub2", "ev-repub2", evidence=WIRE_SENTENCE, on=None),
        event("indep", "ev-indep", sources=("IRQ",), at=(35.76, 44.13), fatalities=3,
              evidence="Iraqi troops and peshmerga fighters traded artillery fire around Altun Kupri, killing three."),
        event("hawija", "ev-hawija", targets=("IMGMUSISI",), at=HAWIJA, place="Hawija",
              evidence="Iraqi soldiers clashed with Islamic State fighters near Hawija in Kirkuk province on Friday."),
    ]
    return events, articles


def test_same_clash_is_one_story_with_two_independent_sources():
    events, articles = _clash_world()
    stories = resolve_stories(events, articles)
    assert len(stories) == 2
    by_size = sorted(stories, key=lambda s: -len(s.event_ids))
    clash, other = by_size
    assert clash.event_ids == ["ev-indep", "ev-repub1", "ev-repub2", "ev-wire"]
    assert clash.article_ids == ["indep", "repub1", "repub2", "wire"]
    assert clash.independent_sources == 2
    assert clash.sources == ["AP", "Daily Star", "Gulf Times", "Reuters"]
    assert clash.id == stable_id("story", "ev-indep")
    assert clash.start == clash.end == FRIDAY
    assert [d.field for d in clash.disagreements] == ["fatalities"]
    assert clash.disagreements[0].values == {"indep": "3", "repub1": "2", "wire": "2"}
    assert "ASSAULT" in clash.summary and "Altun Kupri" in clash.summary and "2 independent" in clash.summary
    assert other.event_ids == ["ev-hawija"] and other.independent_sources == 1


def test_result_does_not_depend_on_arrival_order():
    events, articles = _clash_world()
    expected = [s.model_dump() for s in resolve_stories(events, articles)]
    for seed in range(8):
        rng = random.Random(seed)
        order = events[:]
        rng.shuffle(order)
        resolver = StoryResolver()
        for e in order:
            # articles arrive with their events, in the shuffled order
            resolver.add([e], {e.article_id: articles[e.article_id]})
        assert [s.model_dump() for s in resolver.stories()] == expected, f"order {[e.id for e in order]}"


def test_articles_arriving_after_their_events_still_link_them():
    events, articles = _clash_world()
    resolver = StoryResolver()
    resolver.add(events, {})
    resolver.add([], articles)
    assert [s.model_dump() for s in resolver.stories()] == [s.model_dump() for s in resolve_stories(events, articles)]


def test_incremental_adds_rebuild_only_what_changed():
    events, articles = _clash_world()
    resolver = StoryResolver()
    resolver.add(events[:1], articles)
    first = resolver.stories()
    assert [s.event_ids for s in first] == [["ev-wire"]]
    resolver.add(events[1:], articles)
    assert len(resolver.stories()) == 2
    assert resolver.story_ids()["ev-wire"] == resolver.story_ids()["ev-indep"]
    resolver.add(events, articles)  # re-adding changes nothing
    assert len(resolver) == len(events)


def test_same_date_disagreement_is_reported_not_resolved():
    articles = {"a": article("a", source="A"), "b": article("b", source="B")}
    events = [event("a", "a-1"), event("b", "b-1", on=date(2017, 10, 21))]
    (story,) = resolve_stories(events, articles)
    assert story.disagreements[0].field == "date"
    assert story.disagreements[0].values == {"a": "2017-10-20", "b": "2017-10-21"}
    assert (story.start, story.end) == (FRIDAY, date(2017, 10, 21))


def test_undated_event_without_shared_text_stays_apart():
    articles = {"a": article("a", source="A"), "b": article("b", source="B", published=None)}
    events = [event("a", "a-1"), event("b", "b-1", on=None, evidence="Fighting near the town was heavy, witnesses said.")]
    assert len(resolve_stories(events, articles)) == 2


def test_events_in_other_weeks_or_countries_are_never_compared(monkeypatch):
    from dateline.resolve import stories as module

    calls = []
    real = module.compare
    monkeypatch.setattr(module, "compare", lambda a, b: calls.append((a.id, b.id)) or real(a, b))
    articles = {f"a{i}": article(f"a{i}") for i in range(4)}
    events = [
        event("a0", "e0"),
        event("a1", "e1", on=date(2017, 12, 1), evidence="Shelling hit Kurdish positions in early December, a commander said."),
        event("a2", "e2", country="SY", at=(36.2, 37.1), evidence="Shelling hit rebel positions around Aleppo on Friday, monitors said."),
        event("a3", "e3", type="PROTEST", evidence="Hundreds protested in Altun Kupri against the federal advance on Friday."),
    ]
    resolve_stories(events, articles)
    assert calls == []
    articles["a4"] = article("a4")
    resolve_stories([*events, event("a4", "e4", evidence="Kurdish positions were shelled on Friday, officials said.")],
                    articles)
    assert calls == [("e4", "e0")]  # the same week, country and type family: compared once


def test_reports_sharing_text_compare_only_events_of_one_kind(monkeypatch):
    """Two articles that share text meet unit by unit; a pair of another type family or modality is never scored."""
    from dateline.resolve import stories as module

    calls = []
    real = module.compare
    monkeypatch.setattr(module, "compare", lambda a, b: calls.append({a.id, b.id}) or real(a, b))
    articles = {"wire": article("wire"), "copy": article("copy", near_duplicate_of="wire")}
    events = [
        event("wire", "w-clash"),
        event("wire", "w-protest", type="PROTEST", evidence="Hundreds protested against the shelling on Friday."),
        event("copy", "c-clash", evidence="Iraqi forces shelled Kurdish positions on Friday, the copy says."),
        event("copy", "c-seize", type="COERCE", evidence="Federal forces seized the town on Friday, the copy says."),
        event("copy", "c-protest", type="PROTEST", modality="threatened",
              evidence="Residents threatened to protest against the shelling on Friday."),
    ]
    resolve_stories(events, articles)
    assert {"w-clash", "c-clash"} in calls and {"w-clash", "c-seize"} in calls  # ASSAULT and COERCE: one family
    assert not any(ids & {"w-protest", "c-protest"} for ids in calls)  # another family, or threatened not asserted


def test_the_link_between_two_reports_is_sought_only_when_their_fields_agree(monkeypatch):
    """Finding the link may read reuse records from disk, so a pair whose dates conflict never asks for it."""
    from datetime import timedelta

    from dateline.resolve import stories as module
    from tests.unit.test_resolve_support import FRIDAY

    compared, linked = [], []
    real_compare, real_link = module.compare, StoryResolver._link
    monkeypatch.setattr(module, "compare", lambda a, b: compared.append(a.id) or real_compare(a, b))
    monkeypatch.setattr(StoryResolver, "_link",
                        lambda self, a, b, *rest: linked.append(a.id) or real_link(self, a, b, *rest))
    articles = {"wire": article("wire"), "copy": article("copy", near_duplicate_of="wire")}
    resolve_stories([event("wire", "w-1"), event("copy", "c-1", on=FRIDAY - timedelta(days=3))], articles)
    assert compared and linked == []  # compared (same week, place and type), dates three days apart: no link sought
    resolve_stories([event("wire", "w-1"), event("copy", "c-1", on=FRIDAY + timedelta(days=1))], articles)
    assert linked  # a day apart agrees: now the link counts


def test_reuse_records_are_read_only_for_articles_that_share_text():
    """Pairs met in a block whose articles share no text never ask the keeper (which may be a file) for records."""
    from dateline.resolve.stories import PairRecords

    class Counting(PairRecords):
        def __init__(self) -> None:
            super().__init__()
            self.asked: list[tuple[str, str]] = []

        def get(self, pair):
            self.asked.append(pair)
            return super().get(pair)

    keeper = Counting()
    resolver = StoryResolver(reuse=keeper)
    articles = {aid: article(aid) for aid in ("wire", "copy", "other")}
    record = Reuse(source_article_id="wire", target_article_id="copy", direction="unknown",
                   spans=[ReuseSpan(source_start=0, source_end=80, target_start=0, target_end=80)])
    resolver.add([event("wire", "w-1"), event("copy", "c-1", evidence="Kurdish positions were shelled, police said."),
                  event("other", "o-1", evidence="Shelling near the town killed two on Friday, a medic said.")],
                 articles, [record])
    stories = resolver.stories()
    assert any(s.event_ids == ["c-1", "o-1", "w-1"] for s in stories)  # all three agree on the fields
    assert keeper.asked and set(keeper.asked) == {("copy", "wire")}  # only the pair that shares text was looked up


def test_seed_blog_and_ap_shelling_resolve_to_one_story(seeds_dir):
    ap, blog, _ = seed_articles(seeds_dir)
    index = ReuseIndex()
    index.add(ap)
    reuse = index.find_reuse(blog)
    ap_event = event(ap.id, "ap-shelled", trigger=span_of(ap.text, "shelled"),
                     sources=("IRQMIL",), targets=("KURMIL",),
                     evidence=sentence_around(ap.text, "shelled Kurdish military positions"))
    blog_event = event(blog.id, "blog-shelled", trigger=span_of(blog.text, "shelled"), on=None,
                       sources=("IRQMIL",), targets=("KURMIL",),
                       evidence=sentence_around(blog.text, "shelled Kurdish military positions"))
    blog_commentary = event(blog.id, "blog-flag", type="COERCE", trigger=span_of(blog.text, "raised the Iraqi flag"),
                            on=None, evidence=sentence_around(blog.text, "raised the Iraqi flag"))
    stories = resolve_stories([ap_event, blog_event, blog_commentary], {ap.id: ap, blog.id: blog}, reuse)
    (shelling,) = [s for s in stories if "ap-shelled" in s.event_ids]
    assert shelling.event_ids == ["ap-shelled", "blog-shelled"]
    assert shelling.sources == ["Associated Press", "blog"]
    assert shelling.independent_sources == 1
    assert shelling.earliest_article_id == ap.id
    assert shelling.start == FRIDAY  # from the AP event only: the blog's copy is undated
    assert any(s.event_ids == ["blog-flag"] for s in stories)


def _random_world(seed: int):
    """Happenings in two countries over three weeks, reported 1-4 times; copies linked by reuse records."""
    rng = random.Random(seed)
    events, articles, reuse = [], {}, []
    towns = [(35.0 + 0.3 * i, 44.0 + 0.3 * i) for i in range(5)]
    for h in range(60):
        country = rng.choice(("IQ", "SY"))
        at = towns[rng.randrange(5)] if country == "IQ" else (36.0, 38.0 + rng.randrange(3))
        src, tgt = rng.sample(("IRQMIL", "KURMIL", "IMGISI", "IRQCOP"), 2)
        when = date(2017, 10, 1 + rng.randrange(21))
        first = None
        for r in range(rng.randint(1, 4)):
            aid = f"h{h}r{r}"
            copy = first is not None and rng.random() < 0.4
            articles[aid] = article(aid, source=f"outlet{rng.randrange(6)}", published=None if copy else when)
            events.append(event(aid, f"e{h}-{r}", sources=(src if rng.random() < 0.8 else src[:3],), targets=(tgt,),
                                at=at, country=country, on=None if copy else when, trigger=(0, 6),
                                evidence=f"Report {h}/{r}: {src} attacked {tgt} near a town, officials said."))
            if copy:
                reuse.append(Reuse(source_article_id=first, target_article_id=aid, direction="unknown",
                                   spans=[ReuseSpan(source_start=0, source_end=60, target_start=0, target_end=60)]))
            first = first or aid
    return events, articles, reuse


def test_random_arrival_orders_and_batches_give_the_same_stories():
    events, articles, reuse = _random_world(3)
    expected = [s.model_dump() for s in resolve_stories(events, articles, reuse)]
    assert 20 < len(expected) < len(events)  # some merging happened, not everything
    for seed in range(6):
        rng = random.Random(seed)
        items = [("event", e) for e in events] + [("article", a) for a in articles.values()] + [("reuse", r) for r in reuse]
        rng.shuffle(items)
        resolver = StoryResolver()
        while items:
            size = rng.randint(1, 25)
            batch, items = items[:size], items[size:]
            resolver.add([x for k, x in batch if k == "event"], {x.id: x for k, x in batch if k == "article"},
                         [x for k, x in batch if k == "reuse"])
            if rng.random() < 0.3:
                resolver.stories()  # intermediate reads must not disturb the result
        assert [s.model_dump() for s in resolver.stories()] == expected


def test_streamed_stories_are_the_stories():
    """iter_stories (holding none of them; the order StoryPass keeps) yields exactly what stories() returns."""
    events, articles, reuse = _random_world(5)
    resolver = StoryResolver()
    resolver.add(events, articles, reuse)
    streamed = sorted((s.model_dump() for s in resolver.iter_stories()), key=lambda s: s["id"])
    assert streamed == [s.model_dump() for s in resolver.stories()]
    assert any(len(s["article_ids"]) > 1 for s in streamed)
    # Restricted to some articles: every story holding one of them, built only from their linked groups.
    some = {aid for s in streamed[:5] for aid in s["article_ids"]}
    restricted = [s.model_dump() for s in resolver.iter_stories(some)]
    assert [s for s in streamed if some & set(s["article_ids"])] == \
        sorted((s for s in restricted if some & set(s["article_ids"])), key=lambda s: s["id"])
    assert len(restricted) < len(streamed)


# ---------------------------------------------------------------------------
# Several mentions per article, as the extractor produces them
# ---------------------------------------------------------------------------

MONDAY = date(2021, 6, 7)
PUBLISHED = {"on": date(2021, 6, 8), "inferred": True, "date_rule": "published: no time expression; a report of the day"}
NIGERIA = {"country": "NG", "admin1": "Borno", "sources": (), "targets": ()}
MONGUNO, KONDUGA, BORNO = (12.67, 13.61), (11.65, 13.42), (11.73, 12.95)


def _borno_world():
    """A wire report, an independent report whose town and day sit in different mentions, a clash elsewhere."""
    articles = {aid: article(aid, source=aid.title(), published=date(2021, 6, 8)) for aid in ("wire", "monitor", "watch")}
    lead = "Soldiers fought off militants who attacked a base near Monguno on Monday, the army said."
    militants = uncoded("militants", kind="rebel_militia", sector="REB", country="NGA")
    stormed = "Residents sheltered on Monday night as jihadist fighters stormed the edge of the town."
    third = "The attack is the third on the town this year."
    clash = "Vigilantes clashed with Boko Haram fighters outside Konduga on Monday."
    events = [
        event("wire", "w-1", **NIGERIA | {"sources": (actor("NGAMIL"),)}, at=MONGUNO, precision="near",
              **PUBLISHED, **at_phrase(lead, "fought off")),
        event("wire", "w-2", **NIGERIA | {"sources": (militants,)}, at=MONGUNO, precision="near", on=MONDAY,
              **at_phrase(lead, "attacked")),
        event("monitor", "m-1", **NIGERIA | {"sources": (uncoded("jihadist fighters", kind="rebel_militia"),)},
              at=BORNO, place="Borno", precision="admin1", on=MONDAY, **at_phrase(stormed, "stormed")),
        event("monitor", "m-2", **NIGERIA, at=MONGUNO, place="Monguno", on=date(2021, 1, 1), until=date(2021, 12, 31),
              granularity="year", fatalities=5, **at_phrase(third, "attack", sentence_start=200)),
        event("watch", "k-1", **NIGERIA | {"sources": (actor("NGAREBBOK"),)}, at=KONDUGA, place="Konduga",
              precision="near", on=MONDAY, **at_phrase(clash, "clashed")),
    ]
    return events, articles


def test_an_independent_report_joins_through_all_its_mentions_and_the_clash_elsewhere_does_not():
    events, articles = _borno_world()
    stories = {tuple(s.article_ids): s for s in resolve_stories(events, articles)}
    assert set(stories) == {("monitor", "wire"), ("watch",)}
    monguno = stories[("monitor", "wire")]
    assert monguno.event_ids == ["m-1", "m-2", "w-1", "w-2"]
    assert monguno.independent_sources == 2
    assert (monguno.start, monguno.end) == (MONDAY, MONDAY)  # "this year" does not widen a story dated to the day
    assert (monguno.lat, monguno.lon) == MONGUNO


def test_each_mention_alone_would_not_have_matched():
    events, articles = _borno_world()
    singles = {e.id: e for e in events}
    stormed_only = resolve_stories([singles["m-1"], singles["w-2"]], articles)
    assert len(stormed_only) == 2  # a province, a day and a class of actor are not enough on their own


def test_events_of_an_article_arriving_in_pieces_give_the_same_stories():
    events, articles = _borno_world()
    expected = [s.model_dump() for s in resolve_stories(events, articles)]
    for seed in range(6):
        order = events[:]
        random.Random(seed).shuffle(order)
        resolver = StoryResolver()
        for e in order:
            resolver.add([e], articles)
            resolver.stories()
        assert [s.model_dump() for s in resolver.stories()] == expected, [e.id for e in order]


def test_a_report_matching_two_clashes_joins_the_closer_one_and_never_merges_them():
    articles = {aid: article(aid, source=aid) for aid in ("a", "b", "v")}
    shared = "Gunmen attacked the town on Friday, killing four people, officials said."
    hawija = {"at": HAWIJA, "place": "Hawija"}
    events = [
        event("a", "a-1", evidence=shared),
        event("b", "b-1", **hawija, evidence="Gunmen attacked Hawija on Friday, police said."),
        event("v", "v-1", at=None, evidence=shared),  # prints a's sentence, and b's passage by the reuse below
    ]
    reuse = [Reuse(source_article_id="b", target_article_id="v", direction="unknown",
                   spans=[ReuseSpan(source_start=0, source_end=60, target_start=0, target_end=60)])]
    stories = resolve_stories(events, articles, reuse)
    assert sorted(s.event_ids for s in stories) == [["a-1", "v-1"], ["b-1"]]


def test_a_reprint_links_each_event_to_its_own_copy_only():
    articles = {"wire": article("wire", source="AP"), "reprint": article("reprint", source="Star", near_duplicate_of="wire")}
    text = ("Troops shelled the town on Friday. Residents said the shelling went on for most of the day and that "
            "several houses were destroyed. They also seized the bridge after a long siege of it.")
    whole = [ReuseSpan(source_start=0, source_end=len(text), target_start=0, target_end=len(text))]
    reuse = [Reuse(source_article_id="wire", target_article_id="reprint", direction="unknown", spans=whole)]
    events = []
    for aid in articles:
        events.append(event(aid, f"{aid}-shelled", trigger=span_of(text, "shelled"), evidence=text[:34]))
        events.append(event(aid, f"{aid}-seized", type="COERCE", on=None, trigger=span_of(text, "seized"),
                            evidence=text[text.index("They also"):]))
    stories = resolve_stories(events, articles, reuse)
    assert sorted(s.event_ids for s in stories) == [["reprint-seized", "wire-seized"], ["reprint-shelled", "wire-shelled"]]


def test_a_keeper_filled_before_the_resolver_gives_the_same_stories():
    """Reuse found first into a scratch on disk (as the store pass finds it), which the resolver asks for links."""
    from dateline.resolve.compact_records import PackedReuse, pair_of
    from dateline.resolve.reuse_scratch import ReuseScratch

    events, articles, reuse = _random_world(7)
    expected = [s.model_dump() for s in resolve_stories(events, articles, reuse)]
    assert [s.model_dump() for s in resolve_stories(events, articles)] != expected  # the links matter in this world
    with ReuseScratch() as scratch:
        for r in reuse:
            scratch.add(pair_of(r.source_article_id, r.target_article_id), PackedReuse.of(r))
        resolver = StoryResolver(reuse=scratch)
        resolver.add([], articles)
        resolver.add(events, {})
        assert [s.model_dump() for s in resolver.stories()] == expected
    assert any(len(s["article_ids"]) > 1 for s in expected)
