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

from socius.errors import UnknownNameError, ValidationError, suggest

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

    An analysis package calls this when it is imported, so that ``add_merges`` and the
    ``socius panel --with`` option find its merge by name without ``socius.panel``
    importing the analysis.

    Parameters
    ----------
    name
        The merge's name, as users write it (``"similarity"``).
    func
        The merge: takes a panel as its first argument, keyword options after it, and
        returns the panel with its columns added (same rows, same order).
    aliases
        Further names for the same merge (``("eu",)`` for ``"expected_utility"``).

    Returns
    -------
    callable
        *func* itself, so that ``register_merge`` can be used on a function as it is
        defined.

    Raises
    ------
    ValidationError
        (a ``ValueError``) *name* or an alias is already registered to a different function (the message
        names the module that registered it). Names registered before the clash stay
        registered.

    Examples
    --------
    >>> eu = get_merge("eu")                 # registered by socius.deterrence
    >>> register_merge("eu", eu) is eu       # the same function again: harmless
    True
    >>> register_merge("eu", len)
    Traceback (most recent call last):
    ...
    socius.errors.ValidationError: merge 'eu' is already registered by socius.deterrence._panel_merges; register yours under another name
    """
    for key in (name, *aliases):
        known = _REGISTRY.get(key)
        if known is not None and known is not func:
            raise ValidationError(
                f"merge '{key}' is already registered by {known.__module__}; "
                "register yours under another name"
            )
        _REGISTRY[key] = func
    return func


def registered_merges() -> dict[str, Merge]:
    """The merges registered so far (without importing any provider)."""
    return dict(_REGISTRY)


def get_merge(name: str, *, builtins: dict[str, Merge] | None = None) -> Merge:
    """The merge called *name*: a built-in, a registered one, or one a provider registers.

    Parameters
    ----------
    name
        A merge name: ``"similarity"``, ``"expected_utility"`` (or ``"eu"``), any name
        registered with :func:`register_merge`, or a key of *builtins*.
    builtins
        Merges to look in first (``socius.panel.merge`` passes its built-in table, so
        that ``get_merge("democracy", builtins=...)`` works); default none.

    Returns
    -------
    callable
        The merge function. For a name in :data:`PROVIDERS` not yet registered, the
        package that registers it (``socius.similarity``, ``socius.deterrence``) is
        imported first.

    Raises
    ------
    UnknownNameError
        *name* is none of these (the message suggests close names and lists all).

    Examples
    --------
    >>> get_merge("eu").__name__
    'add_expected_utility_merge'
    """
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
