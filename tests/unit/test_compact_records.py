"""Compact records: packed reuse and article metadata give back the same record and the same answers as the full ones."""

from __future__ import annotations

from dateline.model import Event, Evidence, Mention, Reuse, ReuseSpan
from dateline.resolve.compact_records import PackedReuse, pair_of, unpacked
from dateline.resolve.passages import attribute, passage_links
from dateline.resolve.stories import PairRecords, StoryResolver

RECORDS = [
    Reuse(source_article_id="wire", target_article_id="blog", direction="source_to_target",
          spans=[ReuseSpan(source_start=0, source_end=120, target_start=40, target_end=160),
                 ReuseSpan(source_start=300, source_end=380, target_start=500, target_end=580)],
          source_share=0.4, target_share=0.25),
    Reuse(source_article_id="blog", target_article_id="digest", direction="unknown", spans=[],
          source_share=0.0, target_share=0.0),
]


def test_packing_keeps_every_field() -> None:
    for record in RECORDS:
        packed = PackedReuse.of(record)
        assert packed.unpack() == record
        assert PackedReuse.of(packed) is packed
    assert list(unpacked(PackedReuse.of(r) for r in RECORDS)) == RECORDS


def test_readers_answer_alike_for_either_form() -> None:
    packed = [PackedReuse.of(r) for r in RECORDS]
    for start, end in [(50, 60), (510, 520), (200, 210)]:
        assert passage_links("blog", start, end, packed) == passage_links("blog", start, end, RECORDS)
    event = Event(id="e1", article_id="blog", type="attack", trigger=Mention(article_id="blog", text="shelled", start=50, end=57),
                  evidence=Evidence(text="Troops shelled the town.", start=45, end=70))
    assert attribute(event, packed) == attribute(event, RECORDS) == "wire"


def test_resolver_takes_a_record_once_in_either_form() -> None:
    kept = PairRecords()
    resolver = StoryResolver(reuse=kept)
    resolver.add([], {}, RECORDS)
    resolver.add([], {}, [PackedReuse.of(r) for r in RECORDS])
    pairs = {pair_of(r.source_article_id, r.target_article_id) for r in RECORDS}
    assert sum(len(kept.get(pair)) for pair in pairs) == 2


def test_article_metadata_answers_as_the_article_does() -> None:
    from datetime import date

    from dateline.model import Article, Story
    from dateline.resolve.compact_records import ArticleMeta
    from dateline.resolve.dating import infer_publication_window
    from dateline.resolve.reuse import observed_date

    wire = Article(id="wire", text="Troops shelled the town on Monday.", source="Wire", published=date(2017, 10, 20),
                   published_found_in="header", kind="report")
    blog = Article(id="blog", text="As the wire said, troops shelled the town.", kind="opinion")
    story = Story(id="s1", type="attack", event_ids=["e1", "e2"], article_ids=["blog", "wire"],
                  start=date(2017, 10, 16))
    meta = {a.id: ArticleMeta.of(a) for a in (wire, blog)}
    assert meta["wire"] == ("wire", "Wire", date(2017, 10, 20), "header", None, "report", None)
    assert [observed_date(m) for m in meta.values()] == [observed_date(a) for a in (wire, blog)]
    full = {"wire": wire, "blog": blog}
    assert infer_publication_window(meta["blog"], [story], meta) == infer_publication_window(blog, [story], full)
    assert infer_publication_window(meta["blog"], [story], meta) is not None
