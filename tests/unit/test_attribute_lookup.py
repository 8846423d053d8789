"""The attribute lookup sets exactly what spaCy's attribute ruler sets, token by token."""

from __future__ import annotations

import pytest

from dateline.attribute_lookup import LookupAttributeRuler, UnsupportedPattern, use_lookup_attribute_ruler
from dateline.extract import load_resources
from dateline.nlp import load_pipeline
from tests.conftest import EXAMPLES

# Every two-token rule of the model's ruler, and the one-token rules on dependencies and whitespace, at least once.
HARD_CASES = [
    "Ain't nobody gonna stop us, y'all know it. Let's go, we gotta leave. C'mon!",
    "There is a curfew and there were checkpoints; there's no way through, they aren't letting anyone in.",
    "Which forces did that? Those who fired have not been named, and that which was taken is gone.",
    "Police   said\n\nthe march,  which\tstarted at noon , was    dispersed.",
    "It isn't clear whether the army has or hasn't withdrawn, but it's said it'd return.",
]


@pytest.fixture(scope="module")
def pipelines():
    plain = load_pipeline.__wrapped__()
    fast = load_pipeline.__wrapped__()
    use_lookup_attribute_ruler(fast)
    return plain, fast


def _annotations(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def _example_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((EXAMPLES / "articles").glob("*.txt"))]


def test_lookup_replaces_the_ruler_in_place(pipelines):
    plain, fast = pipelines
    assert "attribute_ruler" not in fast.pipe_names
    at = plain.pipe_names.index("attribute_ruler")
    assert fast.pipe_names[at] == "dateline_attribute_lookup"
    assert fast.pipe_names[:at] + fast.pipe_names[at + 1:] == plain.pipe_names[:at] + plain.pipe_names[at + 1:]


@pytest.mark.parametrize("text", HARD_CASES + _example_texts())
def test_same_annotations_as_the_ruler(pipelines, text):
    plain, fast = pipelines
    assert _annotations(fast(text)) == _annotations(plain(text))


def test_same_annotations_as_the_ruler_on_real_news(pipelines, real_news_texts):
    """News brings words no rule names at every turn: those are answered from their tag, dependency and spacing."""
    plain, fast = pipelines
    for ours, theirs in zip(fast.pipe(real_news_texts), plain.pipe(real_news_texts), strict=True):
        assert _annotations(ours) == _annotations(theirs)


def test_multi_token_rules_fire(pipelines):
    """The hard cases really exercise the two-token rules: lemmas the tagger alone would not give."""
    _, fast = pipelines
    lemmas = {t.text.lower(): t.lemma_ for t in fast("Ain't nobody gonna stop us. Let's go, y'all.")}
    assert lemmas["gon"] == "go" and lemmas["na"] == "to" and lemmas["'s"] == "us"


def test_unsupported_pattern_keeps_the_ruler(caplog):
    nlp = load_pipeline.__wrapped__()
    nlp.get_pipe("attribute_ruler").add([[{"LENGTH": {">": 40}}]], {"POS": "X"})
    with pytest.raises(UnsupportedPattern, match="LENGTH"):
        LookupAttributeRuler(nlp.get_pipe("attribute_ruler"))
    with caplog.at_level("INFO", logger="dateline.attribute_lookup"):
        use_lookup_attribute_ruler(nlp)
    assert "attribute_ruler" in nlp.pipe_names and "LENGTH" in caplog.text


def test_ingest_pipeline_uses_the_lookup():
    assert "dateline_attribute_lookup" in load_resources().nlp.pipe_names
