"""The team-written corpus in examples/: ingest must find what examples/expected/*.json says.

Checks the metadata fields ingest owns (publication date and how it was found,
dateline, title, source, url, near-duplicates) and the corpus's own
consistency (every article has an expectation, every evidence string is in its
article), so later stages can rely on the expected files.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dateline.ingest import NearDuplicateIndex, RawItem, prepare_article, read_items
from dateline.model import Article

EXAMPLES = Path(__file__).parents[2] / "examples"
ARTICLES = EXAMPLES / "articles"
EXPECTED = EXAMPLES / "expected"
EVENT_FIELDS = {"type", "mode", "source_code", "target_code", "place", "date", "modality", "evidence"}
KINDS = {"report", "opinion", "analysis", "unknown"}


def _expected_files() -> list[Path]:
    return sorted(EXPECTED.glob("*.json"))


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _articles_of(relative: str) -> dict[str | None, Article]:
    """Prepared articles of one example file, keyed by item ("row 2", "item 1", or None for a whole file)."""
    path = EXAMPLES / relative
    found: dict[str | None, Article] = {}
    for result in read_items([str(path)]):
        assert isinstance(result, RawItem), result
        article = prepare_article(result)
        assert isinstance(article, Article), article
        key = result.origin[len(str(path)) + 1 :] or None
        found[key] = article
    return found


def test_every_article_file_has_an_expected_file() -> None:
    stems = {path.stem for path in ARTICLES.iterdir() if not path.name.startswith(".")}
    assert stems == {path.stem for path in _expected_files()}
    assert sum(len(_load(path)["articles"]) for path in _expected_files()) >= 14


@pytest.mark.parametrize("expected_path", _expected_files(), ids=lambda path: path.stem)
def test_ingest_finds_the_expected_metadata(expected_path: Path) -> None:
    expected = _load(expected_path)
    articles = _articles_of(expected["file"])
    assert set(articles) == {entry["item"] for entry in expected["articles"]}
    for entry in expected["articles"]:
        article = articles[entry["item"]]
        published = date.fromisoformat(entry["published"]) if entry["published"] else None
        assert (article.published, article.published_found_in) == (published, entry["published_found_in"])
        if published is None:
            assert article.published_note
        assert (article.title, article.source, article.url) == (entry["title"], entry["source"], entry["url"])
        if entry["dateline"] is None:
            assert article.dateline is None
        else:
            assert article.dateline is not None
            found = {"place_text": article.dateline.place_text, "agency": article.dateline.agency,
                     "date_text": article.dateline.date_text}  # fmt: skip
            assert found == entry["dateline"]
            start = article.dateline.start
            assert (
                article.text[start : start + len(article.dateline.place_text)] == article.dateline.place_text
            )


@pytest.mark.parametrize("expected_path", _expected_files(), ids=lambda path: path.stem)
def test_expected_files_are_consistent_with_their_articles(expected_path: Path) -> None:
    expected = _load(expected_path)
    articles = _articles_of(expected["file"])
    for entry in expected["articles"]:
        article = articles[entry["item"]]
        assert 80 <= len(article.text.split()) <= 300, "examples are short articles"
        assert entry["kind"] in KINDS
        for event in entry["events"]:
            assert set(event) >= EVENT_FIELDS, f"event lacks {EVENT_FIELDS - set(event)}"
            assert event["evidence"] in article.text, (
                f"evidence not in {expected['file']}: {event['evidence']!r}"
            )


def test_near_duplicates_in_the_corpus_are_exactly_the_expected_ones() -> None:
    corpus: list[tuple[Article, str, str | None]] = []
    for expected_path in _expected_files():
        expected = _load(expected_path)
        entries = {entry["item"]: entry for entry in expected["articles"]}
        for key, article in _articles_of(expected["file"]).items():
            name = expected["file"] if key is None else f"{expected['file']}:{key}"
            corpus.append((article, name, entries[key]["near_duplicate_of"]))
    index = NearDuplicateIndex()
    for article, _, _ in corpus:
        index.add(article.id, index.signature(article.text))
    file_of = {article.id: name for article, name, _ in corpus}
    wanted_pairs = {frozenset((name, wanted)) for _, name, wanted in corpus if wanted}
    found_pairs = set()
    for article, name, _ in corpus:
        match = index.query(index.signature(article.text), exclude=article.id)
        if match is not None:
            found_pairs.add(frozenset((name, file_of[match[0]])))
    assert found_pairs == wanted_pairs
