"""Alembic environment: runs the migrations on the connection given by
:func:`socius.web.db.migrate` (online mode only; there is no alembic.ini)."""

from __future__ import annotations

from alembic import context

from socius.web.db import metadata


def run_migrations() -> None:
    """Run the pending revisions on ``config.attributes['connection']``."""
    connection = context.config.attributes["connection"]
    context.configure(connection=connection, target_metadata=metadata)
    with context.begin_transaction():
        context.run_migrations()


if getattr(context, "_proxy", None) is not None:  # imported by Alembic, not by a doctest run
    run_migrations()
