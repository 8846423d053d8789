"""``dateline.nlp.parse``: size-bounded spaCy batches, the same Docs as one ``nlp.pipe`` call, in order."""

from __future__ import annotations

import spacy
from spacy.language import Language

from dateline.nlp import load_pipeline, parse
from tests.conftest import EXAMPLES

BATCH_SIZES: list[int] = []
"""Docs per batch seen by the recording component (reset by each test that reads it)."""


class _Recorder:
    """A pipe that notes how many Docs each batch spaCy hands it holds."""

    def __call__(self, doc):
        BATCH_SIZES.append(1)
        return doc

    def pipe(self, docs, batch_size=None):
        batch = list(docs)
        BATCH_SIZES.append(len(batch))
        yield from batch


@Language.factory("record_batches")
def _make_recorder(nlp, name):
    return _Recorder()


def _batches(texts: list[str], batch_chars: int) -> list[int]:
    nlp = spacy.blank("en")
    nlp.add_pipe("record_batches")
    BATCH_SIZES.clear()
    docs = list(parse(nlp, texts, batch_chars=batch_chars))
    assert [d.text for d in docs] == texts
    return list(BATCH_SIZES)


def test_batches_hold_at_most_the_budget_and_a_long_text_goes_alone():
    texts = ["a" * 40, "b" * 40, "c" * 40, "d" * 250, "e" * 10, "f" * 10]
    assert _batches(texts, batch_chars=100) == [2, 1, 1, 2]


def test_one_batch_when_everything_fits():
    assert _batches(["x" * 10] * 7, batch_chars=1000) == [7]


def test_no_texts_no_batches():
    assert _batches([], batch_chars=100) == []


def test_the_same_docs_as_one_pipe_call():
    """Cutting batches by size changes nothing in any annotation dateline reads."""
    nlp = load_pipeline()
    texts = [p.read_text(encoding="utf-8") for p in sorted((EXAMPLES / "articles").glob("*.txt"))]
    assert len(texts) >= 3

    def annotations(doc):
        return [(t.text, t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_, t.lemma_) for t in doc]

    whole = [annotations(d) for d in nlp.pipe(texts, batch_size=len(texts))]
    cut = [annotations(d) for d in parse(nlp, texts, batch_chars=min(len(t) for t in texts))]
    assert cut == whole
