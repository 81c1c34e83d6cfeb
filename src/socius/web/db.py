"""Storage of the web workspace: one schema on SQLite or PostgreSQL, created and upgraded
by the Alembic migrations shipped in :mod:`socius.web.migrations`.

The tables (users, decisions, audit, settings) are declared here with SQLAlchemy Core;
the migrations create exactly these tables plus the triggers that make the audit table
append-only. Timestamps are ISO 8601 UTC text so that they hash identically on both
engines.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from socius.errors import ValidationError

__all__ = [
    "ROLES",
    "audit",
    "database_url",
    "decisions",
    "make_engine",
    "metadata",
    "migrate",
    "now",
    "settings",
    "users",
]

ROLES = ("viewer", "analyst", "approver", "admin")
STATUSES = ("proposed", "approved", "rejected")

metadata = sa.MetaData()

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("session_epoch", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", sa.String(32), nullable=False),
)

decisions = sa.Table(
    "decisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("ccode", sa.Integer, nullable=False),
    sa.Column("stateabb", sa.String(8), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("tier", sa.String(32), nullable=False),
    sa.Column("rationale", sa.Text, nullable=False),
    sa.Column("policy_hash", sa.String(64), nullable=False),
    sa.Column("evidence", sa.Text, nullable=False),
    sa.Column("status", sa.String(16), nullable=False, server_default="proposed"),
    sa.Column("proposed_by", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("proposed_at", sa.String(32), nullable=False),
    sa.Column("decided_by", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
    sa.Column("decided_at", sa.String(32), nullable=True),
    sa.Column("comment", sa.Text, nullable=True),
    sa.Index("ix_decisions_year_status", "year", "status"),
)

audit = sa.Table(
    "audit",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("ts", sa.String(32), nullable=False),
    sa.Column("actor", sa.String(64), nullable=True),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("target", sa.String(128), nullable=False),
    sa.Column("details", sa.Text, nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Index("ix_audit_action_target_ts", "action", "target", "ts"),
)

settings = sa.Table(
    "settings",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)


def now() -> str:
    """The current UTC time as ISO 8601 text with microseconds (sorts as time)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def database_url(url: str | None = None) -> str:
    """The database to use: *url*, else ``SOCIUS_DATABASE_URL``, else SQLite in the user data folder.

    The folder is the one imports go to: ``$SOCIUS_DATA_DIR`` when set, otherwise the
    platform's user data folder.
    """
    chosen = url or os.environ.get("SOCIUS_DATABASE_URL")
    if chosen:
        for prefix in ("postgresql://", "postgres://"):
            if chosen.startswith(prefix):
                chosen = "postgresql+psycopg://" + chosen.removeprefix(prefix)
        if not chosen.startswith(("sqlite", "postgresql")):
            raise ValidationError(
                f"database URL '{chosen.split(':', 1)[0]}:...' is not supported; use sqlite:///PATH or postgresql://USER@HOST/DB"
            )
        return chosen
    from socius.data.catalog import user_dir

    folder = user_dir()  # the one data folder: $SOCIUS_DATA_DIR, else the platform's
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'serve.sqlite3'}"


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for *url* (see :func:`database_url`).

    On SQLite every transaction starts with ``BEGIN IMMEDIATE``, so writers are serialised
    and a read-modify-write (the audit chain, an approval) cannot interleave; foreign keys
    are enforced.
    """
    resolved = database_url(url)
    if resolved.startswith("sqlite"):
        engine = sa.create_engine(
            resolved, connect_args={"isolation_level": None, "timeout": 30}, **kwargs
        )

        @sa.event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.execute("PRAGMA foreign_keys = ON")
            dbapi_conn.execute("PRAGMA journal_mode = WAL")

        @sa.event.listens_for(engine, "begin")
        def _on_begin(conn: sa.Connection) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return sa.create_engine(resolved, pool_pre_ping=True, **kwargs)


def migrate(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema to *revision* with the shipped Alembic migrations."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "socius.web:migrations")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def dialect(engine: Engine | sa.Connection) -> str:
    """``sqlite`` or ``postgresql``."""
    return engine.dialect.name
