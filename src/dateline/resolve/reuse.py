"""Text reuse between articles: which passages one article shares with another.

Wire copy is re-published and quoted; a blog may paste three paragraphs of an
AP report between its own comments. Knowing that tells the analyst that two
"sources" are really one, and lets events in a pasted passage be attributed to
the article they came from.

Two steps, so the cost never grows with the number of article *pairs*:

1. **Candidates** from an inverted index of word 4-gram shingles (hashed to
   64-bit ints; 4-grams with fewer than two content words are not indexed,
   and a shingle found in more than ``max_postings`` articles is boilerplate
   and ignored). An article is a candidate when it shares at least
   ``min_shared`` shingles with the query.
2. **Alignment** on candidates only: word 3-grams seed pairs of sentences;
   each seeded pair is verified with :class:`difflib.SequenceMatcher` over its
   words, which tolerates light edits ("Kurdish forces, known as the
   peshmerga, responded ..." vs "Kurdish forces responded ..."). A pair that
   trades one name or number for another in the same place ("the first time
   in 17 years" / "in 125 years", "near the Lota crossing" / "near the Hafa
   crossing"), or whose names have nothing in common, is a stock phrase used
   twice, not a copy, and is rejected: an edited copy may add or drop a name,
   or reword a clause around one, but keeps the names of what it copies.
   Accepted pairs are matched one-to-one and runs of consecutive pairs merge
   into passages.

Direction is ``source_to_target`` (earlier → later) only when both articles
have *observed* publication dates that differ. Otherwise it is ``unknown`` and
``source_article_id`` is only the likelier origin: the article with an observed
date, then the one classified as a report, then the one that does not say it
reprints another's text ("Distributed by arrangement."), then the one whose
text is the larger reused share (a quoted report is usually a bigger part of
itself than of the commentary quoting it).

The index state is rebuildable: :func:`reuse_signature` depends only on the
article, and :meth:`ReuseIndex.add_signature` restores it without re-reading
the text (texts are then fetched on demand for alignment).
"""

from __future__ import annotations

import hashlib
import logging
import re
import sys
import threading
from bisect import bisect_right
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import Match, SequenceMatcher
from functools import lru_cache
from itertools import accumulate
from typing import Literal

from dateline.model import Article, Reuse, ReuseSpan
from dateline.resolve._text import WORD, fold, is_content_word, sentence_bounds, words
from dateline.resolve.compact_records import ArticleMeta

log = logging.getLogger(__name__)

SHINGLE_WORDS = 4
SEED_WORDS = 3
MIN_CONTENT_IN_SHINGLE = 2
MIN_SENTENCE_MATCH_WORDS = 5
"""A sentence pair shares at least this many words in order ..."""
MIN_SENTENCE_RATIO = 0.5
"""... and they make up this share of both sentences (difflib ratio) ..."""
MIN_SENTENCE_CONTAINMENT = 0.8
"""... or this share of the shorter one (a sentence quoted in part)."""
MAX_SWAP_WORDS = 3
"""A sentence pair is rejected when, between matched words, a name fills a gap of at most this many words
on each side: a slot of a stock phrase filled twice ("near the Lota crossing" / "near the Hafa crossing").
A longer reworded stretch ("..., Kempthorne said, adding that ..." / "..., said Secretary Dirk Kempthorne")
is an edit of a copy."""
MIN_PAIR_MATCH_WORDS = 8
"""Two articles sharing fewer matched words than this are not reported."""
MIN_SHARED = 2
"""Shingles a candidate must share with the query."""
MAX_POSTINGS = 1000
"""A shingle in more articles than this is boilerplate and ignored."""
MAX_CANDIDATES = 20
"""Candidates aligned per query, most shared shingles first."""
CACHED_CUT_CHARS = 32_000_000
"""Characters of text kept cut for alignment, about 160 MB (a cut takes some five bytes a character: the
text, its folded copy and its words). Candidates recur across queries, and where articles share stock
phrases they come from anywhere in the store: at 10,000 500-word articles all stay cut, and resolving
that store took 266 s instead of 314 with 4,096 articles kept."""
CACHED_CUTS = 16_384
"""... and no more articles than this: a short article's cut costs more than its characters say."""
UNDATED_KINDS = ("unknown", "inferred")
_DIGIT = re.compile(r"\d")
_SET_OFF = re.compile(r"[-:\u2013\u2014]")
Direction = Literal["source_to_target", "unknown"]


@dataclass(frozen=True, slots=True)
class ReuseSignature:
    """What the index keeps per article: its shingles and the facts direction needs."""

    article_id: str
    published: date | None
    kind: str
    shingles: frozenset[int]


def reuse_signature(article: Article) -> ReuseSignature:
    """The article's indexable shingles; depends only on the article, so it can be stored and reloaded."""
    norms = words(article.text)
    content = [is_content_word(w) for w in norms]
    shingles = set()
    for i in range(len(norms) - SHINGLE_WORDS + 1):
        if sum(content[i : i + SHINGLE_WORDS]) >= MIN_CONTENT_IN_SHINGLE:
            shingles.add(_hash(" ".join(norms[i : i + SHINGLE_WORDS])))
    return ReuseSignature(article.id, observed_date(article), article.kind, frozenset(shingles))


def observed_date(article: Article | ArticleMeta) -> date | None:
    """The publication date when it was read from the article, not inferred."""
    return article.published if article.published_found_in not in UNDATED_KINDS else None


def _hash(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")


def rank_candidates(shared: Iterable[tuple[str, int]], most: int) -> list[tuple[str, int]]:
    """The ``most`` (article id, shared shingles) pairs sharing most, ties to the smaller id."""
    return sorted(shared, key=lambda item: (-item[1], item[0]))[:most]


class ReuseIndex:
    """Finds the stored articles a new article shares passages with.

    Args:
        fetch: how to get an indexed article's text back for alignment (e.g.
            a store lookup). Without it the index keeps the articles it was
            given in memory.
        min_shared: shingles a candidate must share with the query.
        max_postings: a shingle in more articles than this is boilerplate.
        max_candidates: candidates aligned per query, most shared first.

    Example:
        >>> index = ReuseIndex()
        >>> index.add(ap_report)
        >>> [r.spans for r in index.find_reuse(blog_post)]   # the AP paragraphs the blog quotes
    """

    def __init__(
        self,
        *,
        fetch: Callable[[str], Article | None] | None = None,
        min_shared: int = MIN_SHARED,
        max_postings: int = MAX_POSTINGS,
        max_candidates: int = MAX_CANDIDATES,
    ) -> None:
        self._fetch = fetch
        self._min_shared = min_shared
        self._max_postings = max_postings
        self._max_candidates = max_candidates
        self._postings: dict[int, list[int]] = defaultdict(list)
        self._ids: list[str] = []
        self._slot: dict[str, int] = {}
        self._articles: dict[str, Article] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._slot

    def add(self, article: Article) -> None:
        """Index an article (a second add of the same id does nothing)."""
        if article.id in self._slot:
            return
        if self._fetch is None:
            self._articles[article.id] = article
        self.add_signature(reuse_signature(article))

    def add_signature(self, signature: ReuseSignature) -> None:
        """Index a stored signature; the text is fetched later, only if the article becomes a candidate."""
        if signature.article_id in self._slot:
            return
        slot = len(self._ids)
        self._ids.append(signature.article_id)
        self._slot[signature.article_id] = slot
        for shingle in signature.shingles:
            posting = self._postings[shingle]
            if len(posting) <= self._max_postings:
                posting.append(slot)

    def candidates(self, article: Article) -> list[tuple[str, int]]:
        """Indexed articles sharing at least ``min_shared`` shingles with ``article``, most first."""
        counts: Counter[int] = Counter()
        for shingle in reuse_signature(article).shingles:
            posting = self._postings.get(shingle)
            if posting and len(posting) <= self._max_postings:
                counts.update(posting)
        own = self._slot.get(article.id)
        shared = ((self._ids[slot], n) for slot, n in counts.items() if n >= self._min_shared and slot != own)
        return rank_candidates(shared, self._max_candidates)

    def find_reuse(self, article: Article) -> list[Reuse]:
        """Passages ``article`` shares with indexed articles, one :class:`Reuse` per article pair.

        Does not add ``article`` to the index; call :meth:`add` for that.
        """
        found = []
        for other_id, _ in self.candidates(article):
            other = self._article(other_id)
            if other is None:
                log.warning("reuse candidate %s for article %s is not available; skipped", other_id, article.id)
                continue
            reuse = align(other, article)
            if reuse is not None:
                found.append(reuse)
        return found

    def _article(self, article_id: str) -> Article | None:
        if self._fetch is not None:
            return self._fetch(article_id)
        return self._articles.get(article_id)


# ---------------------------------------------------------------------------
# Alignment of one pair
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Sentence:
    """A sentence's words; where each word sits is worked out only if the sentence matches."""

    start: int
    end: int
    words: tuple[str, ...]
    """Lower-cased and interned: the same word in a thousand cached articles is one string."""


def _grams(words: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """The sentence's seed 3-grams, in order."""
    return zip(*(words[k:] for k in range(SEED_WORDS)), strict=False)


class _Cut:
    """An article's text cut for alignment, once: an article meets up to ``max_candidates`` others.

    Small (its words are interned strings), so that many can be cached: word
    offsets and word counts are worked out only for sentences that may match,
    when they are compared, and the index of seed 3-grams only for the article
    whose candidates are being aligned (:func:`_seed_index`).
    """

    __slots__ = ("_folded", "redistributed", "sentences")

    def __init__(self, text: str) -> None:
        self._folded = fold(text)
        lowered = self._folded.lower()
        same_length = len(lowered) == len(self._folded)  # lower-casing can lengthen a few non-Latin letters
        self.sentences: list[_Sentence] = []
        for start, end in sentence_bounds(text):
            if same_length:
                found = WORD.findall(lowered, start, end)
            else:
                found = [w.lower() for w in WORD.findall(self._folded, start, end)]
            if found:
                self.sentences.append(_Sentence(start, end, tuple(map(sys.intern, found))))
        self.redistributed = is_redistributed(text)

    def offsets(self, k: int) -> list[tuple[int, int]]:
        """Character span of each word of sentence ``k``."""
        s = self.sentences[k]
        return [m.span() for m in WORD.finditer(self._folded, s.start, s.end)]

    def names(self, k: int) -> list[bool]:
        """Whether each word of sentence ``k`` names something: capitalized after the first word, or a number."""
        s = self.sentences[k]
        found = WORD.findall(self._folded, s.start, s.end)
        return [(n > 0 and w[0].isupper()) or _DIGIT.search(w) is not None for n, w in enumerate(found)]

    def set_off(self, k: int, w: int) -> bool:
        """Whether the words of sentence ``k`` before its word ``w`` end in a dash or colon, as a dateline does."""
        at = self.offsets(k)
        return _SET_OFF.search(self._folded, at[w - 1][1], at[w][0]) is not None

    @property
    def chars(self) -> int:
        """The length of the text cut (folding keeps every character's place)."""
        return len(self._folded)

    @property
    def word_count(self) -> int:
        return sum(len(s.words) for s in self.sentences)


@dataclass(frozen=True, slots=True)
class _Match:
    """Sentence ``a`` of one article matched to sentence ``b`` of the other, with spans and matched words."""

    a: int
    b: int
    words: int
    a_span: tuple[int, int]
    b_span: tuple[int, int]


def align(first: Article, second: Article) -> Reuse | None:
    """Align the passages two articles share; None when they share fewer than a few sentences' words.

    The returned record is oriented: ``source`` is the earlier (or likelier
    original) article, see the module docstring. Spans are character offsets
    into each article's ``text``.
    """
    if first.id == second.id:
        return None
    return _align(first, _cut(first.text), second, _cut(second.text))


class StoredTexts:
    """Stored articles' texts cut for alignment, by article id, for one store-wide pass.

    Such a pass meets each article as a candidate of up to ``max_candidates``
    others: its text is read (``read_texts``: ids -> their texts, in one
    call) and cut the first time, and kept, within the bounds of the cut
    cache, for the others. Aligned from metadata
    (:class:`~dateline.resolve.compact_records.ArticleMeta`), so no article
    record is read for it. One per pass: ids are only unique within a store.
    """

    def __init__(self, read_texts: Callable[[list[str]], Mapping[str, str]]) -> None:
        self._read_texts = read_texts
        self._cuts = _CutCache()

    def align(
        self, article: ArticleMeta, others: Sequence[ArticleMeta]
    ) -> Iterator[tuple[ArticleMeta, Reuse | None]]:
        """Each of ``others`` with its alignment to ``article`` (as :func:`align`), None where they share too little.

        An article whose text the store no longer holds is left out, with a warning.
        """
        cuts = {a.id: self._cuts.get(a.id) for a in (article, *others)}
        missing = [article_id for article_id, cut in cuts.items() if cut is None]
        if missing:
            for article_id, text in self._read_texts(missing).items():
                cuts[article_id] = read = _Cut(text)
                self._cuts.put(article_id, read)
        cut = cuts[article.id]
        for other in others:
            other_cut = cuts[other.id]
            if cut is None or other_cut is None:
                log.warning("reuse candidate %s for article %s is not available; skipped", other.id, article.id)
                continue
            yield other, (None if other.id == article.id else _align(other, other_cut, article, cut))


def _align(first: Article | ArticleMeta, cut_a: _Cut, second: Article | ArticleMeta, cut_b: _Cut) -> Reuse | None:
    matches = _match_sentences(cut_a, cut_b)
    if sum(m.words for m in matches) < MIN_PAIR_MATCH_WORDS:
        return None
    passages = _merge_runs(matches)
    share_a = _share(cut_a, [m.a for m in matches], [p[0] for p in passages])
    share_b = _share(cut_b, [m.b for m in matches], [p[1] for p in passages])
    source_is_first, direction = _orient(first, second, cut_a.redistributed, cut_b.redistributed, share_a, share_b)
    if source_is_first:
        spans = [ReuseSpan(source_start=a[0], source_end=a[1], target_start=b[0], target_end=b[1]) for a, b in passages]
        src, tgt, src_share, tgt_share = first, second, share_a, share_b
    else:
        spans = [ReuseSpan(source_start=b[0], source_end=b[1], target_start=a[0], target_end=a[1]) for a, b in passages]
        src, tgt, src_share, tgt_share = second, first, share_b, share_a
    spans.sort(key=lambda s: (s.source_start, s.target_start))
    return Reuse(
        source_article_id=src.id,
        target_article_id=tgt.id,
        direction=direction,
        spans=spans,
        source_share=round(src_share, 3),
        target_share=round(tgt_share, 3),
    )


class _CutCache:
    """Texts cut for alignment, the least recently used let go past :data:`CACHED_CUTS` or :data:`CACHED_CUT_CHARS`.

    Bounded by characters as well as by count, so that the cuts of long
    articles take no more memory than those of short ones. Keyed by the text
    itself (:func:`align`) or by article id (:class:`StoredTexts`).
    """

    def __init__(self) -> None:
        self._cuts: OrderedDict[str, _Cut] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    def __call__(self, text: str) -> _Cut:
        cut = self.get(text)
        if cut is None:
            cut = _Cut(text)
            self.put(text, cut)
        return cut

    def get(self, key: str) -> _Cut | None:
        with self._lock:
            cut = self._cuts.get(key)
            if cut is not None:
                self._cuts.move_to_end(key)
            return cut

    def put(self, key: str, cut: _Cut) -> None:
        with self._lock:
            if key in self._cuts:
                return
            self._cuts[key] = cut
            self._chars += cut.chars
            while len(self._cuts) > CACHED_CUTS or self._chars > CACHED_CUT_CHARS:
                _, dropped = self._cuts.popitem(last=False)
                self._chars -= dropped.chars

    def clear(self) -> None:
        with self._lock:
            self._cuts.clear()
            self._chars = 0


_cut = _CutCache()
"""The text cut for alignment; cached, since one article is aligned with up to ``max_candidates`` others."""


def forget_cut_texts() -> None:
    """Drop the cached cuts (a store-wide pass calls this when done, so they do not outlive it)."""
    _cut.clear()
    _seed_index.cache_clear()
    _bags.cache_clear()


@lru_cache(maxsize=4)
def _seed_index(cut: _Cut) -> dict[tuple[str, ...], list[int]]:
    """Each seed 3-gram of ``cut`` with a content word -> the sentences it occurs in.

    Kept only for the last few articles asked for: the one being aligned with
    its candidates asks for it once per candidate.
    """
    seeds: dict[tuple[str, ...], list[int]] = {}
    for k, sent in enumerate(cut.sentences):
        content = [is_content_word(w) for w in sent.words]
        for n, gram in enumerate(_grams(sent.words)):
            if any(content[n : n + SEED_WORDS]):
                where = seeds.setdefault(gram, [])
                if not where or where[-1] != k:
                    where.append(k)
    return seeds


def _seeded_pairs(a: _Cut, b: _Cut) -> set[tuple[int, int]]:
    """Sentence pairs sharing at least one word 3-gram with a content word.

    Whether a 3-gram holds a content word depends on the 3-gram alone, so
    looking ``a``'s 3-grams up in ``b``'s seed index finds the same pairs as
    the other way round; ``b`` is the article being aligned with its candidates.
    """
    pairs: set[tuple[int, int]] = set()
    seeds = _seed_index(b)
    for i, sent in enumerate(a.sentences):
        # The keys view intersects in C: only the shared 3-grams reach Python.
        for gram in seeds.keys() & _grams(sent.words):
            pairs.update((i, j) for j in seeds[gram])
    return pairs


class _Bag:
    """Sentence ``k`` of a cut as a set of words and, once asked for, as a multiset and its names.

    Made once per sentence of an alignment, not once per pair of sentences
    compared: a sentence is often seeded with several of the other article's.
    """

    __slots__ = ("_counts", "_cut", "_k", "_named", "_names", "distinct", "repeats", "words")

    def __init__(self, cut: _Cut, k: int) -> None:
        self._cut, self._k = cut, k
        self.words = cut.sentences[k].words
        self.distinct = frozenset(self.words)
        self.repeats = len(self.words) - len(self.distinct)
        self._counts: Counter[str] | None = None
        self._names: list[bool] | None = None
        self._named: frozenset[str] | None = None

    @property
    def counts(self) -> Counter[str]:
        if self._counts is None:
            self._counts = Counter(self.words)
        return self._counts

    @property
    def names(self) -> list[bool]:
        """Whether each word names something (:meth:`_Cut.names`)."""
        if self._names is None:
            self._names = self._cut.names(self._k)
        return self._names

    @property
    def named(self) -> frozenset[str]:
        """The words that name something."""
        if self._named is None:
            self._named = frozenset(w for w, name in zip(self.words, self.names, strict=True) if name)
        return self._named

    def set_off(self, w: int) -> bool:
        """Whether the words before word ``w`` end in a dash or colon (:meth:`_Cut.set_off`)."""
        return self._cut.set_off(self._k, w)


@lru_cache(maxsize=4)
def _bags(cut: _Cut) -> list[_Bag]:
    """The bags of ``cut``'s sentences, for the last few articles aligned with their candidates."""
    return [_Bag(cut, k) for k in range(len(cut.sentences))]


def _match_sentences(a: _Cut, b: _Cut) -> list[_Match]:
    scored = []
    bags_a: dict[int, _Bag] = {}
    bags_b = _bags(b)
    for i, j in _seeded_pairs(a, b):
        bag_a = bags_a.get(i)
        if bag_a is None:
            bag_a = bags_a[i] = _Bag(a, i)
        match = _verify(a, i, bag_a, b, j, bags_b[j])
        if match is not None:
            scored.append(match)
    scored.sort(key=lambda m: (-m.words, m.a, m.b))
    used_a: set[int] = set()
    used_b: set[int] = set()
    kept = []
    for m in scored:
        if m.a not in used_a and m.b not in used_b:
            kept.append(m)
            used_a.add(m.a)
            used_b.add(m.b)
    kept.sort(key=lambda m: (m.a, m.b))
    return kept


def _verify(a: _Cut, i: int, bag_a: _Bag, b: _Cut, j: int, bag_b: _Bag) -> _Match | None:
    wa, wb = bag_a.words, bag_b.words
    # Shared words counted with repeats are at most the distinct shared words plus either side's repeats.
    repeats = min(bag_a.repeats, bag_b.repeats)
    if not _may_match(len(bag_a.distinct & bag_b.distinct) + repeats, len(wa), len(wb)):
        return None
    count_a, count_b = bag_a.counts, bag_b.counts
    if not _may_match(sum(min(count_a[w], count_b[w]) for w in count_a.keys() & count_b.keys()), len(wa), len(wb)):
        return None  # not even the shared words, in any order, would be enough
    named_a, named_b = bag_a.named, bag_b.named
    if named_a and named_b and named_a.isdisjoint(named_b):
        return None  # one phrase told of different people, places or numbers
    blocks = [blk for blk in SequenceMatcher(None, wa, wb, autojunk=False).get_matching_blocks() if blk.size]
    matched = sum(blk.size for blk in blocks)
    if not _may_match(matched, len(wa), len(wb)) or _swaps_a_name(bag_a, bag_b, blocks):
        return None
    solid = [blk for blk in blocks if blk.size >= 2] or blocks
    first, last = solid[0], solid[-1]
    at_a, at_b = a.offsets(i), b.offsets(j)
    a_span = (at_a[first.a][0], at_a[last.a + last.size - 1][1])
    b_span = (at_b[first.b][0], at_b[last.b + last.size - 1][1])
    return _Match(i, j, matched, a_span, b_span)


def _swaps_a_name(bag_a: _Bag, bag_b: _Bag, blocks: list[Match]) -> bool:
    """Whether a short gap between matched words holds a name on both sides (:data:`MAX_SWAP_WORDS`).

    Names before the first matched words are no swap when both sentences set
    them off with a dash or colon: two copies of one wire report carry their
    own dateline and credit ("GOMA, Congo -" / "KINSHASA (AFP) -").
    """
    names_a, names_b = bag_a.names, bag_b.names
    at_a = at_b = 0
    for blk in [*blocks, Match(len(names_a), len(names_b), 0)]:
        gap_a, gap_b = names_a[at_a : blk.a], names_b[at_b : blk.b]
        if (0 < len(gap_a) <= MAX_SWAP_WORDS and 0 < len(gap_b) <= MAX_SWAP_WORDS and any(gap_a) and any(gap_b)
                and not (at_a == at_b == 0 and bag_a.set_off(blk.a) and bag_b.set_off(blk.b))):
            return True
        at_a, at_b = blk.a + blk.size, blk.b + blk.size
    return False


def _may_match(matched: int, len_a: int, len_b: int) -> bool:
    """Whether ``matched`` words in common make two sentences of these lengths a match."""
    if matched < MIN_SENTENCE_MATCH_WORDS:
        return False
    ratio = 2.0 * matched / (len_a + len_b)
    containment = matched / min(len_a, len_b)
    return ratio >= MIN_SENTENCE_RATIO or containment >= MIN_SENTENCE_CONTAINMENT


def _merge_runs(matches: list[_Match]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Join matches that are consecutive in both articles into one passage each."""
    passages: list[tuple[tuple[int, int], tuple[int, int]]] = []
    prev: _Match | None = None
    for m in matches:
        if prev is not None and m.a == prev.a + 1 and m.b == prev.b + 1:
            (a0, _), (b0, _) = passages[-1]
            passages[-1] = ((a0, m.a_span[1]), (b0, m.b_span[1]))
        else:
            passages.append((m.a_span, m.b_span))
        prev = m
    return passages


def _share(cut: _Cut, matched: list[int], spans: list[tuple[int, int]]) -> float:
    """Share of an article's words that lie inside the given spans.

    Spans begin and end on words of matched sentences and a merged passage
    covers only consecutive matched sentences, so only their words are looked at.
    """
    total = cut.word_count
    if not total:
        return 0.0
    ordered = sorted(spans)
    starts = [a for a, _ in ordered]
    reach = list(accumulate((b for _, b in ordered), max))  # furthest end among spans starting this early
    inside = 0
    for k in matched:
        for start, end in cut.offsets(k):
            n = bisect_right(starts, start) - 1
            if n >= 0 and reach[n] >= end:
                inside += 1
    return inside / total


def _orient(
    first: Article | ArticleMeta, second: Article | ArticleMeta,
    redistributed_a: bool, redistributed_b: bool, share_a: float, share_b: float,
) -> tuple[bool, Direction]:
    """(is ``first`` the source, direction) — see the module docstring for the order of evidence."""
    da, db = observed_date(first), observed_date(second)
    if da is not None and db is not None and da != db:
        return da < db, "source_to_target"
    key_a = (da is not None, first.kind == "report", not redistributed_a, share_a, second.id)
    key_b = (db is not None, second.kind == "report", not redistributed_b, share_b, first.id)
    return key_a >= key_b, "unknown"


_REDISTRIBUTION = re.compile(
    r"\b(?:distributed (?:by|under) arrangement|distributed by|reprinted (?:with|by|from|under)|"
    r"republished (?:with|by|from|under)|originally (?:published|appeared)|used (?:with|by) permission)\b"
)
"""Searched in lower-cased text (quicker than a case-blind search)."""


def is_redistributed(text: str) -> bool:
    """True when an article's text says it reprints someone else's ("Distributed by arrangement.")."""
    return _REDISTRIBUTION.search(text.lower()) is not None
