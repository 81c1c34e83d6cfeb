"""``socius audit``: check the web workspace's hash-chained audit trail."""

from __future__ import annotations

import typer

from socius.cli._common import console
from socius.cli.serve import DatabaseOpt

NAME = "audit"
app = typer.Typer(help="The audit trail of the web workspace (socius serve).", no_args_is_help=True)


@app.command("verify")
def verify(database: DatabaseOpt = None) -> None:
    """Recompute every hash; name any changed, removed or reordered entry (exit 2 if any)."""
    from socius.cli.users import open_engine
    from socius.web import audit
    from socius.web.errors import AuditError

    with open_engine(database) as engine, engine.connect() as conn:
        n, findings = audit.verify(conn)
    if findings:
        for f in findings:
            typer.echo(f"FAIL {f}", err=True)
        raise AuditError(
            f"audit trail does NOT verify: {len(findings)} problem(s) in {n} entries; "
            "restore the database from a backup and investigate"
        )
    console.print(f"audit trail verifies: {n} entries, each hash covers the previous one")
