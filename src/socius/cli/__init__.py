"""The ``socius`` command line: a thin adapter over the library.

Every failure becomes one line on stderr, at one place (:func:`main`), and never a
traceback for input the user gave:

==================================================  ===========================
what went wrong                                     exit code
==================================================  ===========================
:class:`socius.errors.SociusError` (bad input,      2
bad or missing data), usage errors, operating-
system errors (permission, full disk, name too
long, ...), undecodable text, input nested too
deeply, out of memory
Ctrl-C (SIGINT)                                     130
SIGTERM, SIGHUP                                     128 + signal number
==================================================  ===========================

Signals reach the same cleanup path as Ctrl-C, so the temporary files of an
interrupted write are removed. Control characters from the user's input are
escaped before they reach the terminal. Command modules are imported lazily
(see :mod:`socius.cli.commands`), so ``socius --version`` and ``socius --help``
start fast.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType

import typer

from socius.cli.commands import LazyGroup
from socius.errors import SociusError

__all__ = ["app", "escape", "main"]

app = typer.Typer(
    name="socius",
    cls=LazyGroup,
    help="Evidence-based alliance partnership analysis on real open data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # plain click help for the root: rich's help renderer (and markdown-it) costs about
    # 0.2 s to import, more than the whole start-up budget; command groups keep rich help
    rich_markup_mode=None,
)

# Typer ships its own copy of click; reach its exception base through a public class.
_CLICK_ERROR: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
)

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
_SIGNALS = tuple(
    s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s is not None
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


def escape(text: str) -> str:
    """Return *text* with control characters escaped, safe to print on a terminal.

    Examples
    --------
    >>> escape("bad\\x1b[31mname\\n")
    'bad\\\\x1b[31mname\\\\n'
    """
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable() or ch == " ":
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)


class _Signalled(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the program is so that cleanup runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_received: list[int] = []


def _on_signal(signum: int, frame: FrameType | None) -> None:
    _received.append(signum)
    raise _Signalled(signum)


@contextlib.contextmanager
def _signals_as_interrupts() -> Iterator[None]:
    """SIGTERM and SIGHUP raise like Ctrl-C while the command runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, _on_signal) for s in _SIGNALS}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code (0 ok, 2 bad input or data problem, 130 interrupted)."""
    _received.clear()
    try:
        with _signals_as_interrupts():
            code = _run(argv)
    except KeyboardInterrupt:  # a signal between the handlers' set-up and the run
        code = _interrupted()
    if argv is None:  # called as the console script
        sys.exit(code)
    return code


def _run(argv: list[str] | None) -> int:
    try:
        result = app(args=argv, standalone_mode=False, prog_name="socius")
    except KeyboardInterrupt:
        return _interrupted()
    except SociusError as exc:
        return _fail(str(exc))
    except typer.Exit as exc:
        return _exit_code(exc.exit_code)
    except typer.Abort as exc:
        if isinstance(exc.__context__, KeyboardInterrupt):
            return _interrupted()
        typer.echo("aborted", err=True)
        return 1
    except _CLICK_ERROR as exc:
        return _usage_error(exc)
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            return _broken_pipe()
        return _fail(_os_message(exc))
    except UnicodeError as exc:
        return _fail(_unicode_message(exc))
    except RecursionError:
        return _fail(
            "the input is nested too deeply to read (RecursionError); flatten the file "
            "(a policy or scenario needs only a few levels of tables)"
        )
    except MemoryError:
        return _fail(
            "out of memory; reduce the work (fewer --draws, --points or --rounds, a shorter "
            "--years range) or use a machine with more memory"
        )
    except Exception as exc:
        if os.environ.get("SOCIUS_DEBUG"):
            raise
        typer.echo(
            f"internal error: {type(exc).__name__}: {escape(' '.join(str(exc).split()))}; "
            "this is a bug in socius, please report it with the command you ran "
            "(SOCIUS_DEBUG=1 shows the traceback)",
            err=True,
        )
        return 1
    return _exit_code(result if isinstance(result, int) else 0)


def _broken_pipe() -> int:
    """The reader of our output went away (``socius ... | head``): stop quietly, like SIGPIPE."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 128 + 13  # SIGPIPE


def _exit_code(code: object) -> int:
    value = int(code) if isinstance(code, int) else 0
    if value == EXIT_INTERRUPTED:
        return _interrupted()
    return value


def _interrupted() -> int:
    if _received:
        signum = _received[-1]
        typer.echo(f"terminated by {signal.Signals(signum).name}", err=True)
        return 128 + signum
    typer.echo("interrupted", err=True)
    return EXIT_INTERRUPTED


def _fail(message: str) -> int:
    first = " ".join(message.split())
    typer.echo(f"error: {escape(first)}", err=True)
    return EXIT_BAD_INPUT


_OS_FIXES = {
    errno.EACCES: "permission denied; choose a file or folder you can access (or change its permissions)",
    errno.EPERM: "operation not permitted; choose a file or folder you can access",
    errno.ENOSPC: "no space left on the device; free some space or write to another disk",
    errno.EDQUOT: "disk quota exceeded; free some space or write to another disk",
    errno.ENAMETOOLONG: "the file name is too long; use a shorter name",
    errno.EROFS: "the file system is read-only; write to another folder",
    errno.ENOENT: "no such file or folder; check the path",
    errno.ENOTDIR: "a part of the path is not a folder; check the path",
    errno.EISDIR: "it is a folder; give a file name",
    errno.EMFILE: "too many open files; close other programs or raise the limit (ulimit -n)",
}


def _os_message(exc: OSError) -> str:
    where = exc.filename if exc.filename is not None else None
    fix = _OS_FIXES.get(exc.errno or -1)
    if fix is None:
        reason = exc.strerror or str(exc) or type(exc).__name__
        fix = f"{reason.lower()}; check the path and try again"
    return f"'{os.fsdecode(where)}': {fix}" if where is not None else fix


def _unicode_message(exc: UnicodeError) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return (
            f"a file is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at position "
            f"{exc.start}); save it as UTF-8 and try again"
        )
    return f"text cannot be encoded ({exc}); use UTF-8 text"


_REWRITES = (
    ("is not a valid integer", "is not a whole number"),
    ("is not a valid float", "is not a number"),
    ("is not a valid boolean", "is not true or false"),
)
_KINDS = {
    "int_parsing": "is not a whole number",
    "int_from_float": "is not a whole number",
    "float_parsing": "is not a number",
    "bool_parsing": "is not true or false",
}


def _bad_value(exc: Exception) -> str | None:
    """``"'abc' is not a whole number"`` from the converter's error behind *exc*, if any."""
    cause = exc.__cause__ or exc.__context__
    errors = getattr(cause, "errors", None)
    if not callable(errors):
        return None
    try:
        first = errors()[0]
    except Exception:
        return None
    value = first.get("input")
    kind = _KINDS.get(str(first.get("type")), "is not valid")
    detail = "" if kind != "is not valid" else f" ({first.get('msg', '')})"
    return f"{value!r} {kind}{detail}"


def _usage_error(exc: Exception) -> int:
    message = str(exc.format_message())  # type: ignore[attr-defined]
    if type(exc).__name__ == "NoArgsIsHelpError":
        typer.echo(message)
        return 0
    ctx = getattr(exc, "ctx", None)
    where = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
    first = " ".join(message.split())
    hint = getattr(exc, "param_hint", None)
    param = getattr(exc, "param", None)
    if first.startswith("Invalid value for "):
        # "Invalid value for '--year': 'abc' is not a valid integer." -> "--year 'abc' is ..."
        label = first.split(":", 1)[0].removeprefix("Invalid value for ").strip("'\" ")
        detail = _bad_value(exc) or (first.split(":", 1)[1].strip() if ":" in first else "")
        for old, new in _REWRITES:
            detail = detail.replace(old, new)
        first = f"{label} {detail.rstrip('.')}"
    elif hint is None and param is None and first.endswith("."):
        first = first[:-1]
    typer.echo(f"error: {escape(first)}{where}", err=True)
    return EXIT_BAD_INPUT
