"""``socius users``: manage the web workspace's accounts (add, list, set-role, disable)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from socius.cli._common import console, err_console
from socius.cli.serve import DatabaseOpt

NAME = "users"
app = typer.Typer(help="Accounts of the web workspace (socius serve).", no_args_is_help=True)

if TYPE_CHECKING:
    import sqlalchemy


@contextlib.contextmanager
def open_engine(url: str | None) -> Iterator[sqlalchemy.Engine]:
    """An engine on the workspace database, migrated to the current schema; its
    connections are closed on exit."""
    from socius.cli.serve import need_serve_extra

    need_serve_extra()
    from socius.web.db import make_engine, migrate

    engine = make_engine(url)
    try:
        migrate(engine)
        yield engine
    finally:
        engine.dispose()


@app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="Login name")],
    role: Annotated[str, typer.Option(help="viewer, analyst, approver or admin")] = "viewer",
    database: DatabaseOpt = None,
) -> None:
    """Add a user; the password is read from $SOCIUS_PASSWORD or asked for."""
    from socius.cli.serve import need_serve_extra

    need_serve_extra()
    from socius.web import accounts

    accounts.check_role(role)
    password = os.environ.get("SOCIUS_PASSWORD") or typer.prompt(
        f"password for {username}", hide_input=True, confirmation_prompt=True
    )
    with open_engine(database) as engine, engine.begin() as conn:
        user = accounts.add_user(conn, username, password, role=role, actor="cli")
    err_console.print(f"added {user.username} ({user.role})")


@app.command("list")
def list_(database: DatabaseOpt = None) -> None:
    """List the users, their roles and whether they are active."""
    import polars as pl

    from socius.cli._common import print_frame
    from socius.web import accounts

    with open_engine(database) as engine, engine.connect() as conn:
        rows = accounts.list_users(conn)
    if not rows:
        console.print("no users; add one with `socius users add NAME --role admin`")
        return
    print_frame(
        pl.DataFrame(
            [
                {"user": u.username, "role": u.role, "active": u.active, "created": u.created_at}
                for u in rows
            ]
        ),
        title="Users",
    )


@app.command("set-role")
def set_role(
    username: Annotated[str, typer.Argument(help="Login name")],
    role: Annotated[str, typer.Argument(help="viewer, analyst, approver or admin")],
    database: DatabaseOpt = None,
) -> None:
    """Change a user's role (their sessions end)."""
    from socius.web import accounts

    with open_engine(database) as engine, engine.begin() as conn:
        user = accounts.set_role(conn, username, role, actor="cli")
    err_console.print(f"{user.username} is now {user.role}")


@app.command("disable")
def disable(
    username: Annotated[str, typer.Argument(help="Login name")],
    enable: Annotated[bool, typer.Option("--enable", help="Re-enable instead")] = False,
    database: DatabaseOpt = None,
) -> None:
    """Disable a user (their sessions stop working at once); --enable reverses it."""
    from socius.web import accounts

    with open_engine(database) as engine, engine.begin() as conn:
        user = accounts.set_active(conn, username, enable, actor="cli")
    err_console.print(f"{user.username} is {'enabled' if user.active else 'disabled'}")
