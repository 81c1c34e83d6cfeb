"""socius: evidence-based alliance partnership analysis on real open data."""

from __future__ import annotations

from socius.errors import (
    CoverageError,
    DataError,
    SociusError,
    UnknownNameError,
    ValidationError,
)

__version__ = "0.1.0"

__all__ = [
    "CoverageError",
    "DataError",
    "SociusError",
    "UnknownNameError",
    "ValidationError",
    "__version__",
]
