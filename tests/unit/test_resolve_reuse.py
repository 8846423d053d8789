"""Text reuse: candidates from the shingle index, aligned spans, shares and direction."""

from __future__ import annotations

import random
from datetime import date

import pytest

from dateline.model import Article, article_id
from dateline.resolve import reuse as reuse_module
from dateline.resolve.reuse import ReuseIndex, align, reuse_signature
from tests.unit.test_resolve_support import seed_articles

WIRE = (
    "GOMA, Congo - Rebels of the M23 movement seized the town of Rubaya on Tuesday after two days of fighting "
    "with government troops, residents said.\n\n"
    "The army withdrew toward Sake, leaving behind a depot of fuel and ammunition, a local official told reporters.\n\n"
    "At least 14 civilians were killed and dozens wounded when shells hit the market, according to the hospital director.\n\n"
    "The United Nations mission said it was sending a patrol to assess the damage."
)
REPOST = (
    "From our partners: Rebels of the M23 movement seized the town of Rubaya on Tuesday after two days of heavy "
    "fighting with government troops, residents said.\n\n"
    "The army withdrew toward Sake, leaving behind a depot of fuel and ammunition, a local official told reporters.\n\n"
    "At least 14 civilians were killed and dozens wounded when shells hit the market, according to the hospital director.\n\n"
    "The United Nations mission said it was sending a patrol to assess the damage."
)
COMMENT = (
    "Another week, another town lost in North Kivu. I keep asking how long the region can bear this. "
    "Here is how the wire put it: At least 14 civilians were killed and dozens wounded when shells hit the market, "
    "according to the hospital director. My guess is the peace talks in Luanda are dead."
)


def _article(text: str, published: date | None = None) -> Article:
    return Article(id=article_id(text), text=text, published=published,
                   published_found_in="header" if published else "unknown")


def test_blog_seed_quotes_ap_paragraphs(seeds_dir):
    ap, blog, other = seed_articles(seeds_dir)
    index = ReuseIndex()
    index.add(ap)
    index.add(other)
    found = index.find_reuse(blog)
    assert len(found) == 1
    (reuse,) = found
    assert reuse.source_article_id == ap.id and reuse.target_article_id == blog.id
    assert reuse.direction == "unknown"  # the blog is undated
    pairs = [(ap.text[s.source_start:s.source_end], blog.text[s.target_start:s.target_end]) for s in reuse.spans]
    assert any("shelled Kurdish military positions north and south of" in a
               and "shelled Kurdish military positions north and south of" in b for a, b in pairs)
    assert any(a.endswith("responded with rocket fire") and b == "Kurdish forces responded with rocket fire"
               for a, b in pairs)
    assert 0 < reuse.target_share < reuse.source_share < 0.5


def test_unrelated_seed_is_not_a_candidate(seeds_dir):
    ap, _, other = seed_articles(seeds_dir)
    index = ReuseIndex()
    index.add(ap)
    assert index.candidates(other) == []
    assert index.find_reuse(other) == []


def test_dated_pair_points_from_earlier_to_later():
    wire, comment = _article(WIRE, date(2024, 4, 30)), _article(COMMENT, date(2024, 5, 2))
    reuse = align(comment, wire)
    assert reuse is not None
    assert (reuse.source_article_id, reuse.target_article_id, reuse.direction) == (wire.id, comment.id, "source_to_target")
    (span,) = reuse.spans
    assert wire.text[span.source_start:span.source_end].startswith("At least 14 civilians were killed")
    assert comment.text[span.target_start:span.target_end].endswith("according to the hospital director")


def test_republication_aligns_as_one_passage_and_near_whole_share():
    wire, repost = _article(WIRE, date(2024, 4, 30)), _article(REPOST, date(2024, 4, 30))
    reuse = align(wire, repost)
    assert reuse is not None and reuse.direction == "unknown"  # same day: no order
    assert len(reuse.spans) == 1
    assert reuse.source_share > 0.9 and reuse.target_share > 0.9


def test_a_stock_phrase_told_of_other_places_and_numbers_is_not_reuse():
    first = _article("Aid workers in Goma said the road near the Rubaya crossing had been closed for 12 days, "
                     "although the figures are disputed. Traders in Goma say that fuel prices near the Rubaya "
                     "crossing have doubled since March.", date(2024, 4, 30))
    second = _article("Aid workers in Bunia said the road near the Djugu crossing had been closed for 40 days, "
                      "although the figures are disputed. Traders in Beni say that fuel prices near the Mutwanga "
                      "crossing have doubled since June.", date(2024, 5, 2))
    assert align(first, second) is None


def test_a_copy_that_adds_a_name_still_aligns_but_a_changed_figure_is_not_copied_text():
    wire = _article(WIRE, date(2024, 4, 30))
    copy = _article(WIRE.replace("seized the town of Rubaya", "seized the mining town of Rubaya in Masisi territory")
                    .replace("At least 14 civilians", "At least 19 civilians"), date(2024, 5, 1))
    reuse = align(wire, copy)
    assert reuse is not None
    copied = [copy.text[s.target_start:s.target_end] for s in reuse.spans]
    assert any("in Masisi territory on Tuesday after two days" in c for c in copied)
    assert not any("19 civilians" in c for c in copied)
    assert any(c.startswith("The United Nations mission said") for c in copied)


def test_a_copy_under_its_own_dateline_and_credit_aligns_from_its_first_sentence():
    wire = _article(WIRE, date(2024, 4, 30))
    copy = _article(WIRE.replace("GOMA, Congo - ", "KINSHASA (AFP) - "), date(2024, 4, 30))
    reuse = align(wire, copy)
    assert reuse is not None and len(reuse.spans) == 1
    (span,) = reuse.spans
    assert copy.text[span.target_start:span.target_end].startswith("Rebels of the M23 movement seized")


def test_state_rebuilds_from_stored_signatures():
    wire, comment = _article(WIRE, date(2024, 4, 30)), _article(COMMENT, date(2024, 5, 2))
    stored = {wire.id: wire}
    rebuilt = ReuseIndex(fetch=stored.get)
    rebuilt.add_signature(reuse_signature(wire))
    live = ReuseIndex()
    live.add(wire)
    assert rebuilt.find_reuse(comment) == live.find_reuse(comment)
    assert rebuilt.find_reuse(comment)


def test_only_candidates_are_aligned(monkeypatch):
    rng = random.Random(11)
    vocab = [f"w{i}" for i in range(3000)]
    index = ReuseIndex()
    for _ in range(300):
        index.add(_article(" ".join(rng.choice(vocab) for _ in range(120)) + "."))
    wire = _article(WIRE, date(2024, 4, 30))
    index.add(wire)
    calls = []
    real_align = reuse_module.align
    monkeypatch.setattr(reuse_module, "align", lambda a, b: calls.append(a.id) or real_align(a, b))
    found = index.find_reuse(_article(COMMENT, date(2024, 5, 2)))
    assert calls == [wire.id]
    assert [r.source_article_id for r in found] == [wire.id]


@pytest.mark.parametrize("text", ["", "Short.", WIRE])
def test_an_article_never_reuses_itself(text):
    a = _article(text)
    index = ReuseIndex()
    index.add(a)
    assert index.find_reuse(a) == []
    assert align(a, a) is None


def test_a_same_day_reprint_saying_so_points_to_its_original():
    day = date(2021, 6, 8)
    original = _article(WIRE, day).model_copy(update={"kind": "report"})
    reprint = _article(REPOST.replace("From our partners: ", "") + "\n\nDistributed by arrangement with the agency.",
                       day).model_copy(update={"kind": "report"})
    for first, second in ((original, reprint), (reprint, original)):
        reuse = align(first, second)
        assert reuse is not None and reuse.direction == "unknown"
        assert (reuse.source_article_id, reuse.target_article_id) == (original.id, reprint.id)
    assert reuse_module.is_redistributed(reprint.text) and not reuse_module.is_redistributed(original.text)


@pytest.mark.parametrize("write_at", [1 << 22, 1])  # every article's postings kept until freeze, or each written alone
@pytest.mark.parametrize("dense", [1 << 20, 0])  # hits counted in an array over the articles, or sorted
def test_compact_index_gives_the_same_candidates_as_the_reuse_index(monkeypatch, write_at, dense):
    """The store-wide pass uses the flat-array index; it must rank exactly as ReuseIndex does."""
    from dateline.resolve import compact_index
    from dateline.resolve.compact_index import CompactReuseIndex

    monkeypatch.setattr(compact_index, "WRITE_AT", write_at)
    monkeypatch.setattr(compact_index, "DENSE_COUNT_RATIO", dense)
    rng = random.Random(5)
    paragraphs = [p for text in (WIRE, REPOST, COMMENT) for p in text.split("\n\n")]
    texts = [WIRE, REPOST, COMMENT] + ["\n\n".join(rng.sample(paragraphs, k=rng.randint(1, 4))) for _ in range(30)]
    articles = list({a.id: a for a in map(_article, texts)}.values())
    for most in (3, 20):  # 3: most articles have more candidates than that, ties at the cut included
        full = ReuseIndex(max_postings=25, max_candidates=most)
        compact = CompactReuseIndex(max_postings=25, max_candidates=most)
        for article in articles:
            full.add(article)
            compact.add(article)
        compact.freeze()
        assert any(len(full.candidates(a)) == most for a in articles)
        for article in articles:
            assert compact.candidates(article.id) == full.candidates(article)


def test_compact_index_of_no_articles():
    from dateline.resolve.compact_index import CompactReuseIndex

    index = CompactReuseIndex()
    index.freeze()
    assert len(index) == 0
    with pytest.raises(KeyError, match="not in the index"):
        index.candidates("a1")


def test_compact_index_refuses_misuse():
    from dateline.resolve.compact_index import CompactReuseIndex

    index = CompactReuseIndex()
    index.add(_article(WIRE))
    with pytest.raises(RuntimeError, match="freeze"):
        index.candidates(_article(REPOST).id)
    index.freeze()
    index.freeze()  # a second call keeps what the first built
    assert index.candidates(_article(WIRE).id) == []
    with pytest.raises(RuntimeError, match="frozen"):
        index.add(_article(REPOST))
    with pytest.raises(KeyError, match="not in the index"):
        index.candidates(_article(REPOST).id)


def test_cut_cache_keeps_the_most_recent_within_its_character_and_count_bounds(monkeypatch):
    cache = reuse_module._CutCache()
    texts = [f"Sentence number {n} of a short wire report." for n in range(6)]
    chars = len(texts[0])
    monkeypatch.setattr(reuse_module, "CACHED_CUTS", 4)
    monkeypatch.setattr(reuse_module, "CACHED_CUT_CHARS", 3 * chars)
    first = cache(texts[0])
    assert cache(texts[0]) is first  # kept
    for text in texts[1:4]:
        cache(text)
    assert list(cache._cuts) == texts[1:4] and cache._chars == 3 * chars  # the characters bound let texts[0] go
    cache(texts[1])  # used again: now the most recent
    monkeypatch.setattr(reuse_module, "CACHED_CUT_CHARS", 100 * chars)
    monkeypatch.setattr(reuse_module, "CACHED_CUTS", 2)
    cache(texts[4])
    assert list(cache._cuts) == [texts[1], texts[4]]  # the count bound let the least recent go
    assert cache(texts[0]) is not first and cache(texts[0]).sentences == first.sentences
    cache.clear()
    assert not cache._cuts and cache._chars == 0
    monkeypatch.setattr(reuse_module, "CACHED_CUT_CHARS", chars - 1)
    assert cache(texts[5]).sentences  # too long to keep, still cut
    assert not cache._cuts and cache._chars == 0


def test_stored_alignment_reads_each_text_once_and_agrees_with_align(caplog):
    """A store-wide pass aligns from metadata, reading a text only the first time the article is met."""
    from dateline.resolve.compact_records import ArticleMeta

    wire, repost, comment = _article(WIRE), _article(REPOST), _article(COMMENT)
    texts = {a.id: a.text for a in (wire, repost, comment)}
    asked: list[list[str]] = []

    def read_texts(ids: list[str]) -> dict[str, str]:
        asked.append(sorted(ids))
        return {i: texts[i] for i in ids if i in texts}

    meta = {a.id: ArticleMeta.of(a) for a in (wire, repost, comment)}
    stored = reuse_module.StoredTexts(read_texts)
    first = dict(stored.align(meta[wire.id], [meta[repost.id], meta[comment.id]]))
    second = dict(stored.align(meta[comment.id], [meta[wire.id], meta[repost.id]]))
    assert asked == [sorted(texts)]  # the second call found every text already cut
    assert first[meta[repost.id]] == align(repost, wire) and first[meta[repost.id]] is not None
    assert first[meta[comment.id]] == align(comment, wire) and first[meta[comment.id]] is not None
    assert second[meta[wire.id]] == align(wire, comment)

    gone = ArticleMeta.of(_article("A report the store no longer holds, about something else entirely."))
    with caplog.at_level("WARNING"):
        assert dict(stored.align(meta[wire.id], [gone])) == {}
    assert asked[-1] == [gone.id]
    assert f"reuse candidate {gone.id} for article {wire.id} is not available" in caplog.text
