"""Peace years (time since the last event) and the politically relevant dyads filter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import polars as pl

from socius.errors import ValidationError
from socius.panel._base import as_polars, keeps_provenance, panel_shape

__all__ = ["SPELL_EVENTS", "add_peace_years", "filter_prd", "peace_years", "spline_basis"]

#: Event columns recognised by default, and the name of their spell column.
SPELL_EVENTS: dict[str, str] = {
    "gmlmidongoing": "gmlmidspell",
    "cowmidongoing": "cowmidspell",
    "cowinterongoing": "cowinterspell",
    "ucdpongoing": "ucdpspell",
}


def peace_years(unit: np.ndarray, event: np.ndarray) -> np.ndarray:
    """Rows since the unit's last event row, for rows sorted by unit and time.

    Equals ``sbtscs()`` of Miller's stevemisc (after Armstrong's DAMisc ``btscs``), which
    peacesciencer's ``add_peace_years()`` uses: the first row of a unit is 0; a row counts
    the rows since the last event row before it (an event row itself counts the peace
    before it; the row after an event is 0).

    >>> peace_years(np.array([1, 1, 1, 1, 1, 2, 2]), np.array([0, 0, 1, 0, 0, 1, 0]))
    array([0, 1, 2, 0, 1, 0, 0])
    """
    n = len(unit)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    pos = np.arange(n, dtype=np.int64)
    new_unit = np.ones(n, dtype=bool)
    new_unit[1:] = unit[1:] != unit[:-1]
    start = np.maximum.accumulate(np.where(new_unit, pos, 0))
    ev = np.where(event.astype(bool), pos, -1)
    before = np.empty(n, dtype=np.int64)
    before[0] = -1
    before[1:] = np.maximum.accumulate(ev)[:-1]
    last = np.maximum(before, start - 1)
    return np.asarray(pos - last - 1, dtype=np.int64)


def spline_basis(t: np.ndarray, knots: Sequence[float]) -> np.ndarray:
    """Restricted (natural) cubic spline basis of *t* with *knots* (Harrell 2001, eq. 2.25).

    Returns ``len(knots) - 2`` columns; with *t* itself they span cubic splines that are
    linear beyond the outer knots, the smooth time dependence Beck, Katz and Tucker (1998)
    recommend for binary time-series cross-section data.

    >>> spline_basis(np.array([0.0, 5.0, 20.0]), [1, 4, 7]).round(3).tolist()
    [[0.0], [1.722], [24.0]]
    """
    k = np.asarray(sorted(knots), dtype=float)
    if len(k) < 3 or len(set(k.tolist())) != len(k):
        raise ValidationError(
            f"knots {list(knots)} need at least three distinct values, e.g. knots=(1, 4, 7)"
        )
    x = np.asarray(t, dtype=float)
    tk, tk1 = k[-1], k[-2]
    scale = (tk - k[0]) ** 2

    def cube(v: np.ndarray) -> np.ndarray:
        return np.asarray(np.clip(v, 0.0, None) ** 3, dtype=float)

    cols = [
        (
            cube(x - kj)
            - cube(x - tk1) * (tk - kj) / (tk - tk1)
            + cube(x - tk) * (tk1 - kj) / (tk - tk1)
        )
        / scale
        for kj in k[:-2]
    ]
    return np.column_stack(cols)


def _unit_codes(df: pl.DataFrame, units: list[str]) -> np.ndarray:
    """One int64 per row identifying the unit (state, or directed dyad)."""
    code = np.zeros(df.height, dtype=np.int64)
    for col in units:
        values = df[col].fill_null(-1).cast(pl.Int64).to_numpy()
        code = code * 100_000 + (values + 1)
    return code


def _time_order(unit: np.ndarray, year: np.ndarray) -> np.ndarray:
    """Row order by unit then year (the identity when the panel is already sorted)."""
    n = len(unit)
    if n < 2:
        return np.arange(n)
    same = unit[1:] == unit[:-1]
    if bool(np.all((unit[1:] > unit[:-1]) | (same & (year[1:] > year[:-1])))):
        return np.arange(n)
    return np.lexsort((year, unit))


@keeps_provenance
def add_peace_years(
    frame: Any,
    events: Sequence[str] | None = None,
    *,
    cubic: bool = False,
    knots: Sequence[float] | None = None,
) -> pl.DataFrame:
    """Add peace years: the years since the unit's last year with an ongoing event.

    Parameters
    ----------
    frame
        Dyad-year (directed or not) or state-year panel. Peace years run within each
        directed dyad (or state) over the panel's rows in year order, as peacesciencer's
        ``add_peace_years()``: a gap in the panel does not reset or extend the count.
    events
        0/1 event columns (default: every column of :data:`SPELL_EVENTS` the panel has,
        e.g. ``gmlmidongoing`` from :func:`add_gml_mids`). Rows where the event is missing
        (outside its source's coverage) get a missing spell and are skipped by the count.
    cubic
        Also add ``<spell>2`` and ``<spell>3``, the square and cube (Carter and Signorino 2010).
    knots
        Also add restricted cubic spline terms ``<spell>_s1``... with these knots (Beck,
        Katz and Tucker 1998); see :func:`spline_basis`.

    Returns
    -------
    polars.DataFrame
        The panel with ``<spell>`` columns (``gmlmidspell`` for ``gmlmidongoing``; other
        columns get ``<event>_spell``), in the input's row order.
    """
    df = as_polars(frame)
    shape = panel_shape(df)
    units = [f"{shape.code}1", f"{shape.code}2"] if shape.unit == "dyad" else [shape.code]
    chosen = [c for c in SPELL_EVENTS if c in df.columns] if events is None else list(events)
    if not chosen:
        raise ValidationError(
            "the panel has no event column for peace years; add one first (e.g. add_gml_mids()) "
            "or name it with events=[...]"
        )
    missing = [c for c in chosen if c not in df.columns]
    if missing:
        raise ValidationError(f"event column '{missing[0]}' is not in the panel; add it first")
    unit = _unit_codes(df, units)
    year = df["year"].cast(pl.Int64).to_numpy()
    order = _time_order(unit, year)
    out_cols: list[pl.Series] = []
    for ev in chosen:
        name = SPELL_EVENTS.get(ev, f"{ev}_spell")
        values = df[ev]
        present_in = values.is_not_null().to_numpy()
        rows = order[present_in[order]]  # sorted rows that have the event coded
        spell_sorted = peace_years(unit[rows], values.fill_null(0).to_numpy()[rows])
        full = np.full(df.height, -1, dtype=np.int64)
        full[rows] = spell_sorted
        present = full >= 0
        out_cols.append(
            pl.Series(name, np.where(present, full, 0), dtype=pl.Int32).set(
                pl.Series(~present), None
            )
            if not present.all()
            else pl.Series(name, full, dtype=pl.Int32)
        )
        t = full.astype(float)
        if cubic:
            for power in (2, 3):
                out_cols.append(
                    pl.Series(f"{name}{power}", np.where(present, t**power, np.nan)).fill_nan(None)
                )
        if knots is not None:
            basis = spline_basis(np.where(present, t, 0.0), knots)
            for j in range(basis.shape[1]):
                out_cols.append(
                    pl.Series(f"{name}_s{j + 1}", np.where(present, basis[:, j], np.nan)).fill_nan(
                        None
                    )
                )
    return df.with_columns(out_cols)


@keeps_provenance
def filter_prd(frame: Any) -> pl.DataFrame:
    """Keep the politically relevant dyad-years: contiguous (any COW type 1-5) or with a
    major power on either side (Weede 1976; Lemke and Reed 2001), as peacesciencer's
    ``filter_prd()``. Needs ``conttype`` (:func:`add_contiguity`) and ``cowmaj1``/``cowmaj2``
    (:func:`add_major_powers`). Dyad-years with unknown contiguity or status (after 2016
    for contiguity) are dropped unless the known part already qualifies them.

    Works on dyad-year panels, directed or not. Unlike the ``add_*`` merges it changes
    the number of rows; the columns and their order stay as they are.

    Parameters
    ----------
    frame
        Dyad-year panel with ``conttype``, ``cowmaj1`` and ``cowmaj2`` (polars or pandas).

    Returns
    -------
    polars.DataFrame
        The rows with ``conttype`` in 1-5, ``cowmaj1 == 1`` or ``cowmaj2 == 1``, in their
        original order.

    Raises
    ------
    ValidationError
        One of the three columns is missing (the message names the merge to run first).

    References
    ----------
    Lemke, Douglas, and William Reed. 2001. "The Relevance of Politically Relevant
    Dyads." Journal of Conflict Resolution 45(1): 126-144.

    Examples
    --------
    >>> import polars as pl
    >>> from socius.panel import add_contiguity, add_major_powers, dyad_years
    >>> d = dyad_years(directed=False, years=(2007, 2007))
    >>> prd = filter_prd(add_major_powers(add_contiguity(d)))
    >>> d.height, prd.height
    (18528, 1791)
    """
    df = as_polars(frame)
    need = [c for c in ("conttype", "cowmaj1", "cowmaj2") if c not in df.columns]
    if need:
        raise ValidationError(
            f"filter_prd needs column '{need[0]}'; run add_contiguity() and add_major_powers() first"
        )
    relevant = (
        pl.col("conttype").is_between(1, 5).fill_null(False)
        | (pl.col("cowmaj1") == 1).fill_null(False)
        | (pl.col("cowmaj2") == 1).fill_null(False)
    )
    return df.filter(relevant)
