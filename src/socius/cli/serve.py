"""``socius serve``: the multi-user web workspace (needs the ``serve`` extra)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from socius.cli._common import err_console
from socius.errors import ValidationError


def need_serve_extra() -> None:
    """Raise one clear error when the web stack (the ``serve`` extra) is not installed."""
    import importlib.util

    missing = [
        name
        for name in (
            "fastapi",
            "uvicorn",
            "jinja2",
            "sqlalchemy",
            "alembic",
            "argon2",
            "itsdangerous",
        )
        if importlib.util.find_spec(name) is None
    ]
    if missing:
        raise ValidationError(
            f"the web workspace needs {', '.join(missing)}; install it with: pip install 'socius[serve]'"
        )


DatabaseOpt = Annotated[
    str | None,
    typer.Option(
        "--database",
        help="Database URL (default: $SOCIUS_DATABASE_URL, else SQLite in the user data directory)",
    ),
]


def serve(
    host: Annotated[
        str, typer.Option(help="Address to bind (use a TLS proxy in front for others)")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    database: DatabaseOpt = None,
    workers: Annotated[int, typer.Option(help="Worker processes (uvicorn)")] = 1,
    init_admin: Annotated[
        str | None,
        typer.Option(
            "--init-admin",
            help="Create this admin first if there are no users; the password is read from "
            "$SOCIUS_ADMIN_PASSWORD or asked for (never a default)",
        ),
    ] = None,
) -> None:
    """Start the web workspace: explore, profiles, what-if, scenarios, decisions, audit."""
    from socius.limits import check_count

    check_count("workers", workers, option="--workers")
    need_serve_extra()
    if not 1 <= port <= 65535:
        raise ValidationError(f"--port {port} must lie between 1 and 65535")
    from socius.cli.users import open_engine
    from socius.web import accounts
    from socius.web.db import database_url

    url = database_url(database)
    with open_engine(url) as engine:
        with engine.begin() as conn:
            existing = accounts.list_users(conn)
        if init_admin:
            if existing:
                err_console.print(f"users exist already; --init-admin {init_admin} ignored")
            else:
                password = os.environ.get("SOCIUS_ADMIN_PASSWORD") or typer.prompt(
                    f"password for {init_admin}", hide_input=True, confirmation_prompt=True
                )
                with engine.begin() as conn:
                    accounts.add_user(conn, init_admin, password, role="admin", actor="cli")
                err_console.print(f"created admin '{init_admin}'")
        elif not existing:
            err_console.print(
                "no users yet: run `socius serve --init-admin NAME` (or `socius users add NAME --role admin`)"
            )
    import uvicorn

    os.environ["SOCIUS_DATABASE_URL"] = url  # the workers build the app from the environment
    safe = url.split("@")[-1] if "@" in url else url
    err_console.print(
        f"socius serve on http://{host}:{port} (database {safe}, {workers} worker(s))"
    )
    uvicorn.run(
        "socius.web:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        proxy_headers=True,
        forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    )


def register(root: typer.Typer) -> None:
    root.command("serve")(serve)
