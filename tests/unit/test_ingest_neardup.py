"""NearDuplicateIndex: a lightly edited copy is found, an unrelated or merely quoting text is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.ingest import NearDuplicateIndex, StoredNearDuplicates
from dateline.ingest import neardup
from dateline.ingest.neardup import shingles
from dateline.model import Article
from dateline.model import article_id as content_id
from dateline.store import Store

WIRE = (
    "MAIDUGURI, Nigeria (AP) — Nigerian troops fought off militants who attacked an army base near the town "
    "of Monguno on Monday, killing seven of the attackers, the military said. The fighters approached the base "
    "in about a dozen pickup trucks mounted with machine guns shortly after sunset, an army spokesman said in a "
    "statement. The gunfight lasted nearly three hours before air force jets forced the insurgents to withdraw "
    "toward Lake Chad. Two soldiers were wounded. Residents of Monguno said they heard heavy gunfire and "
    "explosions late into the night. The army said troops recovered 12 rifles and two rocket-propelled grenade "
    "launchers from the area on Tuesday morning."
)
EDITED = (
    WIRE.replace("pickup trucks", "pick-up trucks")
    .replace("Two soldiers were wounded.", "Two soldiers were injured.")
    .replace("“", '"')
    + " Copyright The Associated Press."
)
UNRELATED = (
    "HODEIDAH, Yemen - Yemen's government and the Houthi rebels agreed on Tuesday to a 72-hour truce in the "
    "Hays district south of the port city, the United Nations mission monitoring the front said, after a week "
    "of fighting. Under the deal, both sides will halt shelling and allow aid convoys to reach villages along "
    "the coast road. Officers from the two sides will meet at a joint observation post to report violations."
)
QUOTING_BLOG = (
    "If you want to understand why this war never ends, read what the army leaves out. Here is the wire "
    'report: "Nigerian troops fought off militants who attacked an army base near the town of Monguno on '
    'Monday, killing seven of the attackers, the military said." A dozen gun trucks reached a garrison town '
    "unchallenged, and three hours passed before help came from the air. Seven dead militants is the headline "
    "the army wanted; the real story is that the insurgents still choose when and where to fight, and that "
    "displaced families spend another night on the floor while commanders promise victory."
)


def test_lightly_edited_copy_is_a_near_duplicate() -> None:
    index = NearDuplicateIndex()
    index.add("wire", index.signature(WIRE))
    index.add("truce", index.signature(UNRELATED))
    match = index.query(index.signature(EDITED))
    assert match is not None
    assert match[0] == "wire"
    assert 0.8 <= match[1] < 1.0


def test_unrelated_and_quoting_texts_are_not_near_duplicates() -> None:
    index = NearDuplicateIndex()
    index.add("wire", index.signature(WIRE))
    assert index.query(index.signature(UNRELATED)) is None
    assert index.query(index.signature(QUOTING_BLOG)) is None


def test_signatures_are_deterministic_bytes_and_rebuild_the_index() -> None:
    first, second = NearDuplicateIndex(), NearDuplicateIndex()
    signature = first.signature(WIRE)
    assert isinstance(signature, bytes)
    assert signature == second.signature(WIRE)
    assert first.signature("Troops clash near Kirkuk.") != signature
    rebuilt = NearDuplicateIndex()
    rebuilt.add("wire", bytes(signature))  # as read back from a store
    assert rebuilt.query(first.signature(WIRE)) == ("wire", 1.0)


def test_identical_copy_scores_one_and_exclude_skips_self() -> None:
    index = NearDuplicateIndex()
    signature = index.signature(WIRE)
    index.add("wire", signature)
    index.add("wire", signature)  # adding again changes nothing
    assert len(index) == 1 and "wire" in index
    assert index.query(signature) == ("wire", 1.0)
    assert index.query(signature, exclude="wire") is None


def test_best_match_wins_and_ties_go_to_the_first_indexed() -> None:
    index = NearDuplicateIndex()
    index.add("edited", index.signature(EDITED))
    index.add("wire", index.signature(WIRE))
    index.add("wire-again", index.signature(WIRE))
    assert index.query(index.signature(WIRE)) == ("wire", 1.0)


def test_signature_from_other_parameters_is_refused() -> None:
    index = NearDuplicateIndex()
    other = NearDuplicateIndex(seed=7)
    with pytest.raises(ValueError, match="other parameters"):
        index.add("x", other.signature(WIRE))
    with pytest.raises(ValueError, match="does not fit"):
        index.query(b"\x00" * 10)
    with pytest.raises(ValueError, match="threshold"):
        NearDuplicateIndex(threshold=0)


def test_shingles_ignore_typography() -> None:
    assert shingles("Kurdish forces — known as the “peshmerga”") == shingles(
        'kurdish forces - known as the "peshmerga"'
    )
    assert shingles("") == set()
    assert shingles("Kirk") == {b"kirk"}


def test_answers_hold_across_merges_of_the_band_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """Band keys move from the dictionary of latest additions into the sorted arrays every BLOCK articles."""
    monkeypatch.setattr(neardup, "BLOCK", 2)
    index = NearDuplicateIndex()
    texts = {"wire": WIRE, "truce": UNRELATED, "blog": QUOTING_BLOG, "wire-copy": EDITED, "late": WIRE}
    for article_id, text in texts.items():
        index.add(article_id, index.signature(text))
    assert len(index) == 5
    assert index.query(index.signature(WIRE)) == ("wire", 1.0)  # "wire" sits in the merged arrays
    assert index.query(index.signature(WIRE), exclude="wire") == ("late", 1.0)  # "late" only in the latest
    assert index.query(index.signature(UNRELATED), exclude="truce") is None
    assert index.query(index.signature(EDITED))[0] == "wire-copy"


def _stored_article(store: Store, finder: StoredNearDuplicates, text: str) -> str:

    article = Article(id=content_id(text), text=text)
    signature = finder.signature(text)
    store.save_article(article, minhash=signature, near_keys=finder.keys(signature))
    return article.id


def test_stored_near_duplicates_answer_as_the_index_in_memory(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'near.db'}") as store:
        finder = StoredNearDuplicates(store)
        assert store.index_near_duplicates(finder.banding, finder.keys) == 0  # empty store: nothing to key
        memory = NearDuplicateIndex()
        ids = {}
        for name, text in {"wire": WIRE, "truce": UNRELATED, "blog": QUOTING_BLOG}.items():
            ids[name] = _stored_article(store, finder, text)
            memory.add(ids[name], memory.signature(text))
        for text in (WIRE, EDITED, UNRELATED, QUOTING_BLOG, "Troops clash near Kirkuk."):
            assert finder.query(finder.signature(text)) == memory.query(memory.signature(text))
        assert finder.query(finder.signature(EDITED))[0] == ids["wire"]


def test_this_runs_unsaved_articles_are_found_until_stored_then_through_the_store(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'near.db'}") as store:
        finder = StoredNearDuplicates(store)
        store.index_near_duplicates(finder.banding, finder.keys)
        finder.add("pending-wire", finder.signature(WIRE))
        assert "pending-wire" in finder
        assert finder.query(finder.signature(EDITED))[0] == "pending-wire"
        assert finder.query(finder.signature(UNRELATED)) is None
        stored_id = _stored_article(store, finder, WIRE)  # the same text, stored: it wins the tie
        assert finder.query(finder.signature(WIRE)) == (stored_id, 1.0)
        finder.stored("pending-wire")
        assert "pending-wire" not in finder
        assert finder.query(finder.signature(EDITED))[0] == stored_id


def test_band_keys_depend_on_the_banding() -> None:
    strict, loose = NearDuplicateIndex(threshold=0.9), NearDuplicateIndex(threshold=0.6)
    assert strict.banding != loose.banding
    signature = strict.signature(WIRE)
    assert not set(strict.keys(signature)) & set(loose.keys(signature))
    assert all(-(2**63) <= k < 2**63 for k in strict.keys(signature))  # they fit a BIGINT
