"""Registers the ``expected_utility`` (alias ``eu``) panel merge (see :mod:`socius.panel.registry`)."""

from __future__ import annotations

from typing import Any

import polars as pl

from socius.panel._base import as_polars, keeps_provenance
from socius.panel.registry import register_merge

__all__ = ["add_expected_utility_merge"]


@keeps_provenance
def add_expected_utility_merge(
    frame: Any, *, similarity: str = "tau_b", third_parties: str = "region"
) -> pl.DataFrame:
    """Add Bueno de Mesquita's War Trap expected utility (``eu_ij``, ``eu_ji`` and their parts);
    see :func:`socius.deterrence.add_expected_utility`."""
    from socius.deterrence.dyadic import add_expected_utility

    return add_expected_utility(
        as_polars(frame),
        similarity=similarity,  # type: ignore[arg-type]
        third_parties=third_parties,  # type: ignore[arg-type]
    )


register_merge("expected_utility", add_expected_utility_merge, aliases=("eu",))
