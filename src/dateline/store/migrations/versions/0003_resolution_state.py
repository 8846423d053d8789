"""``articles.resolved_at``: which articles the last committed resolution pass covered.

Cross-source resolution writes stories, reuse, provenance and inferred dates
in one transaction and stamps every article it read. An article with no stamp
was stored after the last pass finished (or while it was interrupted), so the
next ingest knows to resolve again even when it finds nothing new. Stores
upgraded to this revision start with every article unstamped: their next
ingest resolves once.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("articles", "resolved_at")
