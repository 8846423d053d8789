"""Article kind: report / opinion / analysis with the cues that decided."""

from __future__ import annotations

from dateline.model import Article, Dateline, article_id
from dateline.resolve.kind import classify_article
from tests.unit.test_resolve_support import seed_articles


def _classify(text: str, **fields) -> tuple[str, list[str]]:
    return classify_article(Article(id=article_id(text), text=text, **fields))


def test_blog_seed_is_opinion_for_its_voice_and_quoted_wire_text(seeds_dir):
    _, blog, _ = seed_articles(seeds_dir)
    kind, cues = classify_article(blog)
    assert kind == "opinion"
    decisive = [c for c in cues if c.startswith("opinion:")]
    assert any("first-person voice" in c for c in decisive)
    assert any("quoted wire text" in c and "Associated Press" in c for c in decisive)
    assert any("sarcasm" in c for c in decisive)
    assert cues[-1].startswith("scores:")


def test_ap_seed_is_report_by_its_dateline(seeds_dir):
    ap, _, _ = seed_articles(seeds_dir)
    kind, cues = classify_article(ap)
    assert kind == "report"
    assert cues[0].startswith("report: dateline") and "ALTUN KUPRI" in cues[0]


def test_first_person_inside_quotes_does_not_make_an_opinion():
    text = (
        "KABUL, Afghanistan - Police said on Tuesday that two rockets hit the airport perimeter. "
        '"We heard two blasts and we ran to our homes. I am afraid for my family," said a shopkeeper. '
        "No casualties were reported, according to officials."
    )
    kind, cues = _classify(text)
    assert kind == "report"
    assert not any("first-person" in c for c in cues)


def test_call_to_action_and_evaluation_make_an_opinion():
    text = (
        "It is time to stop pretending. The council's decision to close the clinic is shameful, and frankly "
        "absurd. We must speak out before the next vote. Call your representative today and sign the petition."
    )
    kind, cues = _classify(text)
    assert kind == "opinion"
    assert any("call to action" in c for c in cues if c.startswith("opinion:"))
    assert any("evaluative language" in c and "shameful" in c for c in cues)


def test_third_person_explanation_is_analysis():
    text = (
        "Analysts see the border dispute as a test of the new government. The implications reach beyond "
        "the region: in other words, the question is whether the ceasefire can hold. This suggests the "
        "talks are likely to drag on, and the strategic calculus of both sides remains to be seen."
    )
    kind, cues = _classify(text)
    assert kind == "analysis"
    assert cues[0].startswith("analysis: explanatory framing")


def test_stored_dateline_counts_as_report_cue():
    text = "Protesters gathered outside parliament, police said."
    kind, cues = _classify(text, dateline=Dateline(place_text="BEIRUT", start=0, end=6))
    assert kind == "report"
    assert any("dateline ('BEIRUT')" in c for c in cues)


def test_text_without_cues_is_unknown():
    kind, cues = _classify("Weather: mild, light winds, clouds later.")
    assert kind == "unknown"
    assert cues == ["scores: opinion 0.0, report 0.0, analysis 0.0"]


def test_tokenised_quotes_are_someone_elses_voice():
    text = ("The singer checked into a clinic , her spokesman told reporters .\n"
            "`` We appreciate your respect for our privacy at this time , '' the statement said .")
    kind, cues = _classify(text)
    assert kind == "report"
    assert not any("first-person" in c or "addresses the reader" in c for c in cues)


def test_a_stray_cue_does_not_decide():
    kind, cues = _classify("Roads were closed near the bridge and my neighbours stayed home.")
    assert kind == "unknown"
    assert any("first-person" in c for c in cues)


def test_cue_search_finds_what_the_pattern_alone_finds():
    """The substring test in front of each cue pattern may only skip texts the pattern cannot match."""
    import re

    from dateline.resolve import kind

    texts = [
        "yeah right, what could go wrong? what could possibly go wrong. surprise surprise, shocking i know.",
        "yeah, right. surprise, surprise. shocking, i know. color me unconvinced; the so-called truce.",
        "the icing on the cake and the cherry on top: a straight-up lie. who could have guessed?",
        "let's speak out. lets go. it's time to act, its time for change. don't let them; dont let them.",
        "we must act and we ought to. call your mp, sign our petition, join us, contact your senator.",
        "posted by admin. share this. read more. h/t a reader. hat tip. update: fixed. (emphasis mine)",
        "filed under news. click here to leave a comment. comments (12) comment(3) comments  (4)",
        "perhaps, probably, apparently. it seems so, it seems to be so. i think and i believe, in my view.",
        "an analysis, analyses by analysts and an analyst: experts say this means the question is open.",
        "implications and implication; in other words, on the other hand, the logic of it increasingly "
        "remains to be seen; it seems, strategically and strategic, likely to last in the long run; the reason.",
        "weapons, wemust, lettuce, itself, donation, comment, seemingly, thesis: near misses for every cue.",
    ]
    patterns = kind.SARCASM + kind.CALLS_TO_ACTION + kind.BLOG_MARKERS + kind.HEDGES + kind.ANALYSIS_MARKERS
    matched = set()
    for text in texts:
        for pattern in patterns:
            direct = re.search(pattern, text)
            fast = kind._first(pattern, text)
            assert (fast and fast.span()) == (direct and direct.span()), (pattern, text)
            if direct:
                matched.add(pattern)
    assert matched == set(patterns)  # every pattern matched somewhere, so the comparison covered them all
