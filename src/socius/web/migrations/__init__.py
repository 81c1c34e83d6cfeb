"""Alembic migrations of the web workspace's schema (run by :func:`socius.web.db.migrate`)."""
