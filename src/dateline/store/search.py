"""Text search on either backend: full-text ``q=`` (SQLite FTS5 or PostgreSQL ``tsvector``) and the ``actor`` substring.

The user's query is reduced to its words before it reaches either engine, so
FTS5 operators, quotes and brackets in it are just text: ``q`` can never be a
syntax error or change the query's meaning. Every word must occur (AND), with
English stemming on both backends ("shelled" finds "shelling"). PostgreSQL
also drops English stop words, so a query made only of them ("the") matches
nothing there.

The index names and expressions here match the ones migration 0002 creates;
on PostgreSQL the expression must be the indexed one, character for
character in meaning, for the GIN index to be used.

The ``actor`` filter is a substring search, not a word search, over every
distinct actor code, name and mention text (``actor_terms``, lower case,
thousands of values rather than one per event). On SQLite a trigram index
(``actor_terms_fts``, migration 0004) finds the terms holding any text of
three characters or more; shorter texts, and PostgreSQL, compare each term.
The terms lead to their events through ``event_actor_terms``.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnClause, ColumnElement

from dateline.store.schema import actor_terms, articles, event_actor_terms, events

_WORD = re.compile(r"\w+", re.UNICODE)
_EN: ColumnClause[Any] = sa.literal_column("'english'::regconfig")
_PG_EVENT_TEXT: ColumnClause[Any] = sa.literal_column("to_tsvector('english'::regconfig, events.evidence)")
_PG_ARTICLE_TEXT: ColumnClause[Any] = sa.literal_column(
    "to_tsvector('english'::regconfig, coalesce(articles.title, '') || ' ' || articles.text)"
)
_EVENTS_FTS = sa.table("events_fts", sa.column("rowid"), sa.column("events_fts"))
_ACTOR_TERMS_FTS = sa.table("actor_terms_fts", sa.column("rowid"), sa.column("actor_terms_fts"))
TRIGRAM = 3
"""Characters in a trigram: the shortest text the trigram indexes can look up."""
_ARTICLES_FTS = sa.table("articles_fts", sa.column("rowid"), sa.column("articles_fts"))


def search_terms(q: str) -> list[str]:
    """The words of a query, the only part of it either engine sees.

    >>> search_terms('shelled "peshmerga" OR NEAR(x')
    ['shelled', 'peshmerga', 'OR', 'NEAR', 'x']
    """
    return _WORD.findall(q)


def actor_term(text: str) -> str:
    """A code, name or mention text as ``actor_terms`` holds it, and the ``actor`` filter's text
    as it is looked for there: in lower case (Unicode-aware, unlike SQLite's ``lower()``)."""
    return text.lower()


def actor_text_match(dialect: str, text: str) -> ColumnElement[bool]:
    """A condition on ``events``: some actor's code, name or mention text contains ``text`` (any case)."""
    return _among(dialect, events.c.seq, actor_text_rows(dialect, text))


def actor_text_rows(dialect: str, text: str) -> sa.Select[Any]:
    """The ``seq`` of every event some actor term of which contains ``text`` (once per matching term)."""
    needle = actor_term(text)
    if dialect == "sqlite" and len(needle) >= TRIGRAM:
        # One FTS5 string: the trigram tokenizer turns it into consecutive trigrams, i.e. a substring.
        terms = _fts_rows(_ACTOR_TERMS_FTS, '"' + needle.replace('"', '""') + '"')
    else:
        terms = sa.select(actor_terms.c.id).where(actor_terms.c.term.contains(needle, autoescape=True))
    return sa.select(event_actor_terms.c.event_seq).where(event_actor_terms.c.term_id.in_(terms))


def event_text_match(dialect: str, q: str) -> ColumnElement[bool]:
    """A condition on ``events``: its evidence sentence contains every word of ``q``."""
    terms = search_terms(q)
    if not terms:
        return sa.false()
    rows = event_text_rows(dialect, q)
    if rows is not None:
        return _among(dialect, events.c.seq, rows)
    return _PG_EVENT_TEXT.bool_op("@@")(_pg_query(terms))


def event_text_rows(dialect: str, q: str) -> sa.Select[Any] | None:
    """The ``seq`` of the events whose evidence has every word of ``q``, from SQLite's index alone (else None)."""
    terms = search_terms(q)
    return _fts_rows(_EVENTS_FTS, _fts_words(terms)) if dialect == "sqlite" and terms else None


def article_text_match(dialect: str, q: str) -> ColumnElement[bool]:
    """A condition on ``articles``: title and text together contain every word of ``q``."""
    terms = search_terms(q)
    if not terms:
        return sa.false()
    if dialect == "sqlite":
        # Matches come in seq order, the listing's order: looking each one up is the fastest plan.
        return articles.c.seq.in_(_fts_rows(_ARTICLES_FTS, _fts_words(terms)))
    return _PG_ARTICLE_TEXT.bool_op("@@")(_pg_query(terms))


def _fts_words(terms: list[str]) -> str:
    # Each word quoted as an FTS5 string: no operator in q survives.
    return " ".join(f'"{t}"' for t in terms)


def _pg_query(terms: list[str]) -> ColumnElement[Any]:
    return sa.func.plainto_tsquery(_EN, " ".join(terms))


def _fts_rows(fts: sa.TableClause, query: str) -> sa.Select[Any]:
    return sa.select(fts.c.rowid).where(fts.c[fts.name].match(query))


def _among(dialect: str, seq: sa.Column[int], rows: sa.Select[Any]) -> ColumnElement[bool]:
    """``seq`` is one of ``rows`` (search matches), used as a check, not as the way in.

    On SQLite written ``seq + 0`` so the planner does not look every match up
    by ``seq`` and sort them all: it walks the index of the list order (or of
    another filter) and checks each row against the matches, stopping when the
    page is full. That costs at most one pass over an index for a rare word,
    and far less for a common one, where looking every match up would read
    thousands of rows. PostgreSQL weighs both plans itself.
    """
    return (seq + 0).in_(rows) if dialect == "sqlite" else seq.in_(rows)
