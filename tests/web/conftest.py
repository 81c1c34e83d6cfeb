"""Fixtures of the web workspace tests: a migrated database on SQLite and on PostgreSQL,
users of every role, and signed-in test clients.

PostgreSQL tests use the server at 127.0.0.1:5432 (trust authentication, database
``test``; override with SOCIUS_TEST_POSTGRES_URL), each in its own schema that is dropped
afterwards. They skip, with the reason, only where no server answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip(
    "fastapi", reason="the web tests need the serve extra: pip install socius[serve]"
)

import sqlalchemy as sa
from _webkit import PASSWORD, ROLE_USERS, TestClient, new_engine, sign_in

from socius.web import accounts


@pytest.fixture(autouse=True)
def _cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id with small cost parameters, so each test hashes in milliseconds; the
    production parameters are checked once in test_web_accounts."""
    from argon2 import PasswordHasher

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(accounts, "_HASHER", cheap)
    monkeypatch.setattr(accounts, "_DUMMY", cheap.hash("socius-not-a-password"))


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[sa.Engine]:
    """A migrated, empty database on each engine."""
    eng, drop = new_engine(request.param, tmp_path)
    yield eng
    drop()


@pytest.fixture
def populated(engine: sa.Engine) -> sa.Engine:
    """The database with one active user per role (see ROLE_USERS)."""
    with engine.begin() as conn:
        for role, name in ROLE_USERS.items():
            accounts.add_user(conn, name, PASSWORD, role=role, actor="test")
    return engine


@pytest.fixture
def app(populated: sa.Engine) -> Any:
    """The application on the populated database."""
    from socius.web.app import Config, create_app

    return create_app(Config(secret_key="test-secret-" + "x" * 32), engine=populated)


@pytest.fixture
def clients(app: Any) -> dict[str, Any]:
    """One signed-in client per role, plus ``anonymous``."""
    out = {role: sign_in(app, name) for role, name in ROLE_USERS.items()}
    out["anonymous"] = TestClient(app)
    return out
