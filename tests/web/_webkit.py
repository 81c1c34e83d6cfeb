"""Helpers shared by the web tests (databases on both engines, signed-in clients)."""

from __future__ import annotations

import os
import re
import uuid
import warnings
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

from socius.web.db import make_engine, migrate

with warnings.catch_warnings():  # starlette warns about httpx at import; the client works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PG_URL = os.environ.get(
    "SOCIUS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
PASSWORD = "correct horse battery staple"
ROLE_USERS = {"viewer": "vera", "analyst": "ann", "approver": "bob", "admin": "ada"}


def _pg_available() -> str | None:
    try:
        eng = sa.create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with eng.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        eng.dispose()
    except Exception as exc:  # any failure to connect means: no server here
        return f"PostgreSQL not reachable at {PG_URL.split('@')[-1]} ({type(exc).__name__})"
    return None


_PG_PROBLEM: list[str | None] = []


def pg_problem() -> str | None:
    if not _PG_PROBLEM:
        _PG_PROBLEM.append(_pg_available())
    return _PG_PROBLEM[0]


def _schema_url(schema: str) -> str:
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


def new_engine(kind: str, tmp_path: Any) -> tuple[sa.Engine, Callable[[], None]]:
    """A fresh, migrated database of *kind*, and a function that removes it."""
    if kind == "sqlite":
        url = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
        eng = make_engine(url)
        migrate(eng)
        return eng, eng.dispose
    problem = pg_problem()
    if problem:
        pytest.skip(problem)
    schema = f"socius_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    eng = make_engine(_schema_url(schema))
    migrate(eng)

    def drop() -> None:
        eng.dispose()
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()

    return eng, drop


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "page has no CSRF token"
    return m.group(1)


def sign_in(app: Any, username: str) -> Any:
    """A TestClient signed in as *username*, with its CSRF token in ``client.csrf``."""
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    r = client.post(
        "/login",
        data={
            "username": username,
            "password": PASSWORD,
            "csrf_token": token,
            "next": "/decisions",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    client.csrf = csrf_of(client.get("/decisions").text)  # type: ignore[attr-defined]
    return client
