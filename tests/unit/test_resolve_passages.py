"""Provenance: events in copied passages belong to their source; an opinion author's own claims weigh less."""

from __future__ import annotations

import pytest

from dateline.model import Reuse, ReuseSpan
from dateline.resolve.passages import (
    OPINION_COMMENTARY_FACTOR,
    apply_provenance,
    attribute,
    commentary_confidence,
    shared_with,
)
from dateline.resolve.reuse import ReuseIndex
from tests.unit.test_resolve_support import article, event, seed_articles, span_of


@pytest.fixture
def seeds_with_reuse(seeds_dir):
    ap, blog, _ = seed_articles(seeds_dir)
    index = ReuseIndex()
    index.add(ap)
    return ap, blog, index.find_reuse(blog)


def test_event_in_quoted_wire_paragraph_is_attributed_to_the_wire(seeds_with_reuse):
    ap, blog, reuse = seeds_with_reuse
    quoted = event(blog.id, "b1", trigger=span_of(blog.text, "responded with rocket fire"), on=None)
    own = event(blog.id, "b2", trigger=span_of(blog.text, "raised the Iraqi flag"), on=None)
    assert attribute(quoted, reuse) == ap.id
    assert attribute(own, reuse) is None
    assert shared_with(quoted, reuse) == {ap.id}
    ap_event = event(ap.id, "a1", trigger=span_of(ap.text, "responded with rocket fire"))
    assert attribute(ap_event, reuse) is None  # the source's own text is not attributed elsewhere
    assert shared_with(ap_event, reuse) == {blog.id}


def test_opinion_commentary_loses_confidence_but_quoted_passages_do_not(seeds_with_reuse):
    ap, blog, reuse = seeds_with_reuse
    quoted = event(blog.id, "b1", trigger=span_of(blog.text, "shelled"), on=None, confidence=0.8)
    own = event(blog.id, "b2", trigger=span_of(blog.text, "raised the Iraqi flag"), on=None, confidence=0.8)
    out = apply_provenance([quoted, own], blog, reuse)
    assert [(e.id, e.attributed_to, e.confidence) for e in out] == [
        ("b1", ap.id, 0.8),
        ("b2", None, round(0.8 * OPINION_COMMENTARY_FACTOR, 3)),
    ]
    assert own.confidence == 0.8  # inputs are not mutated
    ap_events = apply_provenance([event(ap.id, "a1", trigger=span_of(ap.text, "shelled"), confidence=0.8)], ap, reuse)
    assert ap_events[0].confidence == 0.8 and ap_events[0].attributed_to is None


def test_established_direction_beats_unknown_one():
    e = event("late", "e1", trigger=(10, 20))
    span = [ReuseSpan(source_start=0, source_end=50, target_start=0, target_end=50)]
    records = [
        Reuse(source_article_id="maybe", target_article_id="late", direction="unknown", spans=span, source_share=0.9),
        Reuse(source_article_id="early", target_article_id="late", direction="source_to_target", spans=span, source_share=0.2),
    ]
    assert attribute(e, records) == "early"


def test_report_confidence_is_unchanged():
    e = event("a", "e1", confidence=0.7)
    assert commentary_confidence(e, "report", attributed_to=None) == 0.7
    assert commentary_confidence(e, "opinion", attributed_to="x") == 0.7
    assert commentary_confidence(e, "analysis", attributed_to=None) < 0.7


def test_a_quote_found_in_a_wire_report_and_in_its_reprint_is_the_wire_reports():
    e = event("blog", "e1", trigger=(10, 20))
    span = [ReuseSpan(source_start=0, source_end=50, target_start=0, target_end=50)]
    records = [
        Reuse(source_article_id="reprint", target_article_id="blog", direction="unknown", spans=span, source_share=0.9),
        Reuse(source_article_id="wire", target_article_id="blog", direction="unknown", spans=span, source_share=0.4),
        Reuse(source_article_id="wire", target_article_id="reprint", direction="unknown", spans=span, source_share=0.8),
    ]
    assert attribute(e, records) == "wire"
    assert attribute(e, records[:2]) == "reprint"  # without the reprint's own record, the larger share decides
    (attributed,) = apply_provenance([e], article("blog"), records)
    assert attributed.attributed_to == "wire"


def test_the_store_pass_reads_the_records_between_an_articles_sources():
    """Resolution over the store hands provenance the reprint's own record too, so the wire keeps the quote."""
    from dateline.resolve.compact_records import ArticleMeta, PackedReuse, pair_of
    from dateline.resolve.reuse_scratch import ReuseScratch
    from dateline.resolve_store import _Pass, _reuse_around

    span = [ReuseSpan(source_start=0, source_end=50, target_start=0, target_end=50)]
    records = [PackedReuse.of(r) for r in [
        Reuse(source_article_id="reprint", target_article_id="blog", direction="unknown", spans=span, source_share=0.9),
        Reuse(source_article_id="wire", target_article_id="blog", direction="unknown", spans=span, source_share=0.4),
        Reuse(source_article_id="wire", target_article_id="reprint", direction="unknown", spans=span, source_share=0.8),
        Reuse(source_article_id="wire", target_article_id="digest", direction="unknown", spans=span, source_share=0.1),
    ]]
    with ReuseScratch() as scratch:
        for r in records:
            scratch.add(pair_of(r.source_article_id, r.target_article_id), r)
        p = _Pass(ids=[], articles={}, reuse=scratch, provenance_changed=set(), redated={})
        assert _reuse_around(p, "blog") == records[:3]  # not the digest's: it is no source of the blog
        (attributed,) = apply_provenance([event("blog", "e1", trigger=(10, 20))], ArticleMeta.of(article("blog")),
                                         _reuse_around(p, "blog"))
    assert attributed.attributed_to == "wire"
