"""Registers every command group on the root ``socius`` app."""

from __future__ import annotations

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Attach the command groups (imported lazily so ``socius --help`` stays fast)."""
    if getattr(app, "_socius_registered", False):
        return
    app._socius_registered = True  # type: ignore[attr-defined]
