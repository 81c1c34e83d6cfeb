"""The table of ``socius`` commands, loaded lazily, and the checks every command gets.

:data:`COMMANDS` maps each top-level command to the module that implements it and
the one-line help that ``socius --help`` prints. A module is imported only when its
command runs (or its own ``--help`` is asked for), so ``socius --version`` and
``socius --help`` do not pay for scipy, polars or matplotlib. A module either
defines ``app`` (a ``typer.Typer`` group) and ``NAME``, or ``register(root)`` that
attaches a top-level command of the table's name (such as ``report``).

Adding a module ``socius/cli/<topic>.py`` means adding its row here; a test fails
if a module is missing from the table.

Before any command's own code runs, :func:`guard` checks what every command shares:
each count option (``--draws``, ``--points``, ``--rounds``, ``--k``, ``--seed``, ...)
against :data:`socius.limits.LIMITS`, each output path (``--out``, ``--figure``,
``--html``) for a writable folder and a name that is not too long, and that no
output is the same file as an input.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import typer

from socius.errors import ValidationError

__all__ = ["COMMANDS", "OUTPUT_DIR_PARAMS", "OUTPUT_PARAMS", "LazyGroup", "guard", "load"]

#: name -> (module, one-line help); the order is the order of ``socius --help``.
COMMANDS: dict[str, tuple[str, str]] = {
    "affiliation": (
        "socius.cli.affiliation",
        "Two-tier affiliation: classify states, explain decisions, trace history, test thresholds.",
    ),
    "bargain": (
        "socius.cli.bargain",
        "Forecast multi-party bargaining with Bueno de Mesquita's expected-utility model "
        "(Scholz, Calbert and Smith 2011).",
    ),
    "cohesion": (
        "socius.cli.cohesion",
        "Alliance cohesion: members' similarity, dispersion and capability concentration over "
        "time, blocs side by side, and what-if partner sets with each candidate's divergence from the core.",
    ),
    "data": (
        "socius.cli.data",
        "List, verify and cite the bundled datasets; import your own SIPRI downloads.",
    ),
    "deter": (
        "socius.cli.deter",
        "Extended deterrence: would more signals of support deter a challenger?",
    ),
    "flashpoints": (
        "socius.cli.flashpoints",
        "East Asian flashpoints: parties, patrons and a dashboard of their indicators.",
    ),
    "indicators": (
        "socius.cli.indicators",
        "Security-environment indicators: military spending, arms transfers, capabilities, "
        "nuclear and missile tests, incidents and blocs.",
    ),
    "networks": (
        "socius.cli.networks",
        "Proliferation networks: read and measure actor networks, find key players, build "
        "state networks from the data, rank state risk.",
    ),
    "panel": (
        "socius.cli.panel",
        "Build state-year and dyad-year panels with data merged in.",
    ),
    "serve": (
        "socius.cli.serve",
        "Start the web workspace: explore, profiles, what-if, scenarios, decisions, audit.",
    ),
    "users": ("socius.cli.users", "Accounts of the web workspace (socius serve)."),
    "audit": ("socius.cli.audit", "The audit trail of the web workspace (socius serve)."),
    "sweep": (
        "socius.cli.sweep",
        "Sweeps over policies, draws and scenario inputs, on Dask (this machine or a cluster).",
    ),
    "report": (
        "socius.cli.report",
        "Write one self-contained HTML report (works offline) on the bundled data.",
    ),
}

#: Parameter names that are output files; every other path-valued parameter that
#: names an existing file is an input.
OUTPUT_PARAMS = frozenset({"out", "output", "figure", "html"})
#: Parameter names that are output folders (must exist and be writable).
OUTPUT_DIR_PARAMS = frozenset({"out_dir"})

# Typer ships its own copy of click; reach its classes through public Typer ones.
_TyperGroup: type[Any] = typer.core.TyperGroup
_TyperCommand: type[Any] = typer.core.TyperCommand


def load(name: str) -> Any:
    """Import the module of command *name* and return its click command."""
    module_name = COMMANDS[name][0]
    module = importlib.import_module(module_name)
    holder = typer.Typer()
    hook = getattr(module, "register", None)
    if callable(hook):
        hook(holder)
    else:
        holder.add_typer(module.app, name=module.NAME)
    group = typer.main.get_group(holder)
    command = group.commands[name]
    _install_guard(command)
    return command


class LazyGroup(_TyperGroup):  # type: ignore[misc]
    """The root group: lists the commands of :data:`COMMANDS` and imports one only
    when it is resolved to run."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, (_, text) in COMMANDS.items():
            if name not in self.commands:
                self.commands[name] = _Placeholder(name=name, help=text, short_help=text)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else None
        if name in COMMANDS and isinstance(self.commands.get(name), _Placeholder):
            self.commands[name] = load(name)
        return super().resolve_command(ctx, args)


class _Placeholder(_TyperCommand):  # type: ignore[misc]
    """Stands for a command in the help listing until its module is imported."""


def _walk(command: Any) -> Iterator[Any]:
    subs = getattr(command, "commands", None)
    if isinstance(subs, dict):
        for sub in subs.values():
            yield from _walk(sub)
    else:
        yield command


def _install_guard(command: Any) -> None:
    for leaf in _walk(command):
        original: Callable[[Any], Any] = leaf.invoke

        def invoke(ctx: Any, _original: Callable[[Any], Any] = original) -> Any:
            guard(ctx)
            return _original(ctx)

        leaf.invoke = invoke


def _spelling(ctx: Any, name: str) -> str:
    for param in ctx.command.params:
        if param.name == name:
            opts = [o for o in param.opts if o.startswith("--")]
            return opts[0] if opts else (param.opts[0] if param.opts else name)
    return name


def _paths(value: Any) -> list[str]:
    items = value if isinstance(value, list | tuple) else [value]
    return [os.fspath(v) for v in items if isinstance(v, str | os.PathLike) and str(v)]


def _check_utf8_name(path: str, option: str) -> None:
    """Refuse an input file name that is not UTF-8 (the readers cannot open it)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        shown = path.encode("utf-8", "surrogateescape").decode("ascii", "backslashreplace")
        raise ValidationError(
            f"{option} '{shown}' is not a UTF-8 file name; rename the file (or copy it to a "
            "UTF-8 name) and try again"
        ) from None


def guard(ctx: Any) -> None:
    """Checks shared by every command, run after parsing and before any work.

    Raises
    ------
    socius.errors.ValidationError
        A count outside :data:`socius.limits.LIMITS`, an output that cannot be
        written, or an output that is the same file as an input.
    """
    from socius._io import check_folder_writable, check_not_input, check_writable
    from socius.limits import LIMITS, check_count

    params = {p.name: p for p in ctx.command.params}
    for name, value in ctx.params.items():
        if name in LIMITS and isinstance(value, int) and not isinstance(value, bool):
            param = params.get(name)
            default = getattr(param, "default", None)
            means_none = value == 0 and "0: none" in (getattr(param, "help", "") or "")
            if value != default and not means_none:
                check_count(name, value, option=_spelling(ctx, name))
    for name, value in ctx.params.items():
        if name in OUTPUT_DIR_PARAMS:
            for folder in _paths(value):
                check_folder_writable(folder, option=_spelling(ctx, name))
    for name, value in ctx.params.items():
        if name not in OUTPUT_PARAMS | OUTPUT_DIR_PARAMS:
            for p in _paths(value):
                _check_utf8_name(p, _spelling(ctx, name))
    outputs = [
        (name, Path(v))
        for name, value in ctx.params.items()
        if name in OUTPUT_PARAMS
        for v in _paths(value)
    ]
    if not outputs:
        return
    inputs = [
        p
        for name, value in ctx.params.items()
        if name not in OUTPUT_PARAMS
        for p in _paths(value)
        if os.path.isfile(p)
    ]
    for name, out in outputs:
        option = _spelling(ctx, name)
        if out.is_dir():  # a command that writes into a folder (a sweep's --out)
            check_folder_writable(out, option=option)
        elif (out.parent if str(out.parent) else Path(".")).is_dir():
            check_writable(out, option=option)
        # else: the command names the missing folder in its own words (or creates it)
        check_not_input(out, inputs, option=option)
