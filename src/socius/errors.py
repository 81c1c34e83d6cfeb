"""Exceptions raised by socius.

Every error derives from :class:`SociusError` and from the matching built-in, so
callers can catch either. A message names the argument, the bad value, what is
allowed and how to fix it; the CLI prints it as one line and exits with code 2.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "CoverageError",
    "DataError",
    "IntegrityError",
    "SociusError",
    "StoreLockedError",
    "UnknownNameError",
    "ValidationError",
    "suggest",
]


class SociusError(Exception):
    """Base class of every error socius raises on purpose."""


class ValidationError(SociusError, ValueError):
    """An argument, file or setting is malformed or out of range."""


class UnknownNameError(SociusError, KeyError):
    """A dataset, state, column, alliance or other name is not known."""

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0]) if self.args else ""


class CoverageError(ValidationError):
    """A request falls outside the years or units a source covers."""


class DataError(SociusError, OSError):
    """A bundled or imported snapshot is missing, corrupted or inconsistent."""


class IntegrityError(DataError):
    """A snapshot or manifest is missing, corrupted (sha256 mismatch) or unreadable.

    Unlike missing coverage (a note in a report), an integrity failure must stop a
    command: its results would silently rest on damaged data.
    """


class StoreLockedError(DataError):
    """The user data store is locked by another import for longer than the timeout."""


def suggest(value: str, choices: Iterable[str], *, n: int = 3) -> str:
    """Return ``"; did you mean: a, b?"`` for the closest *choices*, or ``""``.

    Examples
    --------
    >>> suggest("atop", ["atop", "nmc"])
    '; did you mean: atop?'
    """
    import difflib  # here, not at import: every start-up imports this module

    pool = list(dict.fromkeys(str(c) for c in choices))
    lowered = {c.lower(): c for c in pool}
    needle = value.lower()
    keys = difflib.get_close_matches(needle, list(lowered), n=n, cutoff=0.6)
    keys += [k for k in lowered if needle and needle in k and k not in keys]
    hits = [lowered[k] for k in keys[:n]]
    return f"; did you mean: {', '.join(hits)}?" if hits else ""
