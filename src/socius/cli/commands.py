"""Registers every command group on the root ``socius`` app.

Each module ``socius.cli.<topic>`` (not starting with an underscore) that defines
``app`` (a ``typer.Typer``) and ``NAME`` (the group's command name) is attached
automatically, so adding a command group needs no edit here. A module may also
define ``register(root)`` instead, to attach top-level commands such as ``report``.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer

__all__ = ["register"]


def register(root: typer.Typer) -> None:
    """Attach every command group found in ``socius.cli``."""
    if getattr(root, "_socius_registered", False):
        return
    import socius.cli as pkg

    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if info.name.startswith("_") or info.name == "commands":
            continue
        module = importlib.import_module(f"socius.cli.{info.name}")
        hook = getattr(module, "register", None)
        if callable(hook):
            hook(root)
        elif hasattr(module, "app") and hasattr(module, "NAME"):
            root.add_typer(module.app, name=module.NAME)
    root._socius_registered = True  # type: ignore[attr-defined]
