"""Alembic environment for dateline's store: runs on the connection :func:`dateline.store.engine.migrate` passes.

Opening a :class:`dateline.store.Store` migrates its database, so nobody needs
to call Alembic. To write a new revision, see "Changing the schema" in
docs/schema.md (``alembic_config`` builds the configuration, no alembic.ini).
"""

from __future__ import annotations

from alembic import context

from dateline.store.engine import create_store_engine
from dateline.store.schema import metadata


def _run(connection) -> None:  # noqa: ANN001 - alembic hands us a Connection
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("give the database: alembic -x url=sqlite:///dateline.db ...")
    with create_store_engine(url).begin() as conn:
        _run(conn)
