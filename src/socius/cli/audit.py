"""``socius audit``: check the web workspace's hash-chained audit trail."""

from __future__ import annotations

import typer

from socius.cli._common import console
from socius.cli.serve import DatabaseOpt

NAME = "audit"
app = typer.Typer(help="The audit trail of the web workspace (socius serve).", no_args_is_help=True)


@app.command("verify")
def verify(database: DatabaseOpt = None) -> None:
    """Recompute every hash; name any changed, removed or reordered entry (exit 1 if any)."""
    from socius.cli.users import open_engine
    from socius.web import audit

    engine = open_engine(database)
    with engine.connect() as conn:
        n, findings = audit.verify(conn)
    if findings:
        for f in findings:
            typer.echo(f"FAIL {f}", err=True)
        typer.echo(
            f"audit trail does NOT verify: {len(findings)} problem(s) in {n} entries", err=True
        )
        raise typer.Exit(1)
    console.print(f"audit trail verifies: {n} entries, each hash covers the previous one")
