"""Accepting data frames: socius works on polars and takes pandas as input."""

from __future__ import annotations

from typing import Any

import polars as pl

from socius.errors import ValidationError

__all__ = ["as_polars"]


def as_polars(
    frame: Any, *, what: str = "the input", hint: str = "build one with polars.DataFrame({...})"
) -> pl.DataFrame:
    """Return *frame* as a polars DataFrame (pandas frames are converted).

    Raises
    ------
    ValidationError
        For anything else, naming *what* was expected and the *hint* to fix it.
    """
    if isinstance(frame, pl.DataFrame):
        return frame
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        pd = None
    if pd is not None and isinstance(frame, pd.DataFrame):
        return pl.from_pandas(frame)
    raise ValidationError(
        f"{what} must be a polars or pandas DataFrame, not {type(frame).__name__}; {hint}"
    )
