"""Merges contributed by the analysis packages, found by name.

``socius.panel`` is the base the analyses build on, so none of its modules imports an
analysis. An analysis that can add columns to a panel registers a merge instead::

    # in socius/<analysis>/_panel_merges.py, imported by socius/<analysis>/__init__.py
    from socius.panel.registry import register_merge
    register_merge("similarity", add_similarity_columns)

:func:`get_merge` finds a merge by name; for the names in :data:`PROVIDERS` it first
imports the package that registers it (by its dotted name, so no import edge from
``socius.panel`` to the analysis exists until a user asks for that merge).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import polars as pl

from socius.errors import UnknownNameError, suggest

__all__ = ["PROVIDERS", "get_merge", "register_merge", "registered_merges"]

Merge = Callable[..., pl.DataFrame]

#: Merge name -> the package whose import registers it.
PROVIDERS: dict[str, str] = {
    "similarity": "socius.similarity",
    "expected_utility": "socius.deterrence",
    "eu": "socius.deterrence",
}

_REGISTRY: dict[str, Merge] = {}


def register_merge(name: str, func: Merge, *, aliases: tuple[str, ...] = ()) -> Merge:
    """Register *func* as the panel merge called *name* (and *aliases*); returns *func*.

    Registering the same function twice is harmless; a different function under a taken
    name is an error.
    """
    for key in (name, *aliases):
        known = _REGISTRY.get(key)
        if known is not None and known is not func:
            raise ValueError(f"merge '{key}' is already registered by {known.__module__}")
        _REGISTRY[key] = func
    return func


def registered_merges() -> dict[str, Merge]:
    """The merges registered so far (without importing any provider)."""
    return dict(_REGISTRY)


def get_merge(name: str, *, builtins: dict[str, Merge] | None = None) -> Merge:
    """The merge called *name*: a built-in, a registered one, or one a provider registers."""
    if builtins and name in builtins:
        return builtins[name]
    if name not in _REGISTRY and name in PROVIDERS:
        importlib.import_module(PROVIDERS[name])
    if name in _REGISTRY:
        return _REGISTRY[name]
    choices = sorted({*(builtins or {}), *PROVIDERS, *_REGISTRY})
    raise UnknownNameError(
        f"unknown merge '{name}'{suggest(name, choices)}; choose from: {', '.join(choices)}"
    )


def call_merge(name: str, frame: Any, **kwargs: Any) -> pl.DataFrame:
    """Run the merge called *name* on *frame*."""
    return get_merge(name)(frame, **kwargs)
