"""Near-duplicate band keys in the store: ``near_duplicate_keys`` and ``store_settings``.

Ingest used to read every stored MinHash signature into memory when it
started, to find near-duplicates among them; a writer's memory grew with the
store, and so did the start-up of every ingest (an API request included).
The LSH band keys now live in ``near_duplicate_keys``, looked up one article
at a time. Which banding they were made under is kept in ``store_settings``.

The tables start empty: the banding depends on the near-duplicate threshold
the next ingest runs with, so that ingest fills them from ``articles.minhash``
(it finds no banding recorded).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "near_duplicate_keys",
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_near_duplicate_keys_article_id"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("key", "article_id", name=op.f("pk_near_duplicate_keys")),
    )
    op.create_table(
        "store_settings",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_store_settings")),
    )


def downgrade() -> None:
    op.drop_table("store_settings")
    op.drop_table("near_duplicate_keys")
