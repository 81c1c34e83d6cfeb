"""The ``socius`` command line: a thin adapter over the library.

Errors raised on purpose by the library (:class:`socius.errors.SociusError`) and
usage errors become one line on stderr and exit code 2; there is never a traceback
for bad input.
"""

from __future__ import annotations

import sys

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

# Typer ships its own copy of click; reach its exception base through a public class.
_CLICK_ERROR: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
)


def _version(value: bool) -> None:
    if value:
        from socius import __version__

        typer.echo(f"socius {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Evidence-based alliance partnership analysis on real open data."""


def _register() -> None:
    from socius.cli import commands

    commands.register(app)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code (0 ok, 2 bad input or data problem)."""
    _register()
    code = 0
    try:
        app(args=argv, standalone_mode=False, prog_name="socius")
    except SociusError as exc:
        typer.echo(f"error: {exc}", err=True)
        code = 2
    except typer.Exit as exc:
        code = int(exc.exit_code or 0)
    except typer.Abort:
        typer.echo("aborted", err=True)
        code = 1
    except _CLICK_ERROR as exc:
        code = _usage_error(exc)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        code = 130
    if argv is None:  # called as the console script
        sys.exit(code)
    return code


def _usage_error(exc: Exception) -> int:
    message = exc.format_message()  # type: ignore[attr-defined]
    if type(exc).__name__ == "NoArgsIsHelpError":
        typer.echo(message)
        return 0
    ctx = getattr(exc, "ctx", None)
    where = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
    first = " ".join(str(message).split())
    typer.echo(f"error: {first}{where}", err=True)
    return 2
