"""The ``socius`` command line: a thin adapter over the library.

Errors raised on purpose by the library (:class:`socius.errors.SociusError`) become
one line on stderr and exit code 2; there is never a traceback for bad input.
"""

from __future__ import annotations

import sys

import click
import typer

from socius.errors import SociusError

__all__ = ["app", "main"]

app = typer.Typer(
    name="socius",
    help="Evidence-based alliance partnership analysis on real open data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    from socius.cli import commands

    commands.register(app)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code (0 ok, 2 bad input or data problem)."""
    _register()
    try:
        app(args=argv, standalone_mode=False, prog_name="socius")
    except SociusError as exc:
        typer.echo(f"error: {exc}", err=True)
        return _exit(2, argv)
    except click.exceptions.Exit as exc:
        return _exit(int(exc.exit_code or 0), argv)
    except click.exceptions.Abort:
        typer.echo("aborted", err=True)
        return _exit(1, argv)
    except click.ClickException as exc:
        typer.echo(f"error: {exc.format_message()}", err=True)
        return _exit(2, argv)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        return _exit(130, argv)
    return _exit(0, argv)


def _exit(code: int, argv: list[str] | None) -> int:
    if argv is None:  # called as the console script
        sys.exit(code)
    return code
