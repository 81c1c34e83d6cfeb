"""``socius users``, ``socius audit verify`` and ``socius serve`` argument checks."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from socius.cli import main
from socius.web.db import make_engine


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("SOCIUS_PASSWORD", "correct horse battery staple")
    return url


def test_users_add_list_set_role_disable(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["users", "add", "ada", "--role", "admin", "--database", db]) == 0
    assert main(["users", "add", "ann", "--role", "analyst", "--database", db]) == 0
    assert main(["users", "set-role", "ann", "approver", "--database", db]) == 0
    assert main(["users", "disable", "ann", "--database", db]) == 0
    capsys.readouterr()
    assert main(["users", "list", "--database", db]) == 0
    out = capsys.readouterr().out
    assert "ada" in out and "approver" in out and "False" in out


def test_users_errors_are_one_line(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["users", "add", "x1", "--role", "boss", "--database", db]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: role 'boss' is not known") and err.count("\n") == 1
    assert main(["users", "disable", "nobody", "--database", db]) == 2
    assert "user 'nobody' does not exist" in capsys.readouterr().err
    assert main(["users", "add", "ada", "--role", "admin", "--database", db]) == 0
    assert main(["users", "set-role", "ada", "viewer", "--database", db]) == 2
    assert "'ada' is the last active admin" in capsys.readouterr().err
    assert main(["users", "disable", "ada", "--database", db]) == 2


def test_audit_verify_passes_then_names_an_altered_entry(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["users", "add", "ada", "--role", "admin", "--database", db])
    main(["users", "add", "ann", "--role", "analyst", "--database", db])
    capsys.readouterr()
    assert main(["audit", "verify", "--database", db]) == 0
    assert "verifies: 2 entries" in capsys.readouterr().out
    eng = make_engine(db)
    with eng.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER audit_no_update")
        conn.execute(sa.text("UPDATE audit SET target = 'eve' WHERE seq = 2"))
    eng.dispose()
    assert main(["audit", "verify", "--database", db]) == 2
    err = capsys.readouterr().err
    assert "FAIL entry 2: content changed" in err
    assert "error: audit trail does NOT verify: 1 problem(s) in 2 entries" in err


def test_serve_checks_its_arguments_before_starting(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--port", "70000", "--database", db]) == 2
    assert "--port 70000" in capsys.readouterr().err
    assert main(["serve", "--workers", "0", "--database", db]) == 2
    assert main(["serve", "--database", "mysql://x/y"]) == 2
    assert "not supported" in capsys.readouterr().err


def test_the_database_defaults_to_sqlite_in_the_user_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from socius.web.db import database_url

    monkeypatch.delenv("SOCIUS_DATABASE_URL", raising=False)
    monkeypatch.delenv("SOCIUS_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert database_url() == f"sqlite:///{tmp_path / 'socius' / 'serve.sqlite3'}"
    # the same folder imports go to: a test, a docs run or a second install stays apart
    monkeypatch.setenv("SOCIUS_DATA_DIR", str(tmp_path / "store"))
    assert database_url() == f"sqlite:///{tmp_path / 'store' / 'serve.sqlite3'}"
    monkeypatch.setenv("SOCIUS_DATABASE_URL", "postgres://u@db.internal/socius")
    assert database_url() == "postgresql+psycopg://u@db.internal/socius"
    assert database_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
