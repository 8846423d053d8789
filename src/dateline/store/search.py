"""Full-text search (``q=``) on either backend: SQLite FTS5 or PostgreSQL ``tsvector``.

The user's query is reduced to its words before it reaches either engine, so
FTS5 operators, quotes and brackets in it are just text: ``q`` can never be a
syntax error or change the query's meaning. Every word must occur (AND), with
English stemming on both backends ("shelled" finds "shelling"). PostgreSQL
also drops English stop words, so a query made only of them ("the") matches
nothing there.

The index names and expressions here match the ones migration 0002 creates;
on PostgreSQL the expression must be the indexed one, character for
character in meaning, for the GIN index to be used.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from dateline.store.schema import articles, events

_WORD = re.compile(r"\w+", re.UNICODE)
_EN = sa.literal_column("'english'::regconfig")
_PG_EVENT_TEXT = sa.literal_column("to_tsvector('english'::regconfig, events.evidence)")
_PG_ARTICLE_TEXT = sa.literal_column(
    "to_tsvector('english'::regconfig, coalesce(articles.title, '') || ' ' || articles.text)"
)
_EVENTS_FTS = sa.table("events_fts", sa.column("rowid"), sa.column("events_fts"))
_ARTICLES_FTS = sa.table("articles_fts", sa.column("rowid"), sa.column("articles_fts"))


def search_terms(q: str) -> list[str]:
    """The words of a query, the only part of it either engine sees.

    >>> search_terms('shelled "peshmerga" OR NEAR(x')
    ['shelled', 'peshmerga', 'OR', 'NEAR', 'x']
    """
    return _WORD.findall(q)


def event_text_match(dialect: str, q: str) -> ColumnElement[bool]:
    """A condition on ``events``: its evidence sentence contains every word of ``q``."""
    return _match(dialect, q, events.c.seq, _EVENTS_FTS, _PG_EVENT_TEXT)


def article_text_match(dialect: str, q: str) -> ColumnElement[bool]:
    """A condition on ``articles``: title and text together contain every word of ``q``."""
    return _match(dialect, q, articles.c.seq, _ARTICLES_FTS, _PG_ARTICLE_TEXT)


def _match(
    dialect: str,
    q: str,
    seq: sa.Column[int],
    fts: sa.TableClause,
    pg_vector: ColumnElement[object],
) -> ColumnElement[bool]:
    terms = search_terms(q)
    if not terms:
        return sa.false()
    if dialect == "sqlite":
        # Each word quoted as an FTS5 string: no operator in q survives.
        fts_query = " ".join(f'"{t}"' for t in terms)
        return seq.in_(sa.select(fts.c.rowid).where(fts.c[fts.name].match(fts_query)))
    return pg_vector.bool_op("@@")(sa.func.plainto_tsquery(_EN, " ".join(terms)))
