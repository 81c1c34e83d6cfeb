"""UN Security Council nonproliferation sanctions in force, by state and year.

One reading of the curated ``unsc_np_sanctions`` table, shared by the affiliation policy's
exclusion rule, the partnership roadmap and the proliferation-risk profile: a resolution that
imposes sanctions on its target is in force in a year when it was adopted on or before
31 December of that year and not lifted by then.

Examples
--------
>>> import polars as pl
>>> rows = pl.DataFrame({"ccode": [731, 630, 740], "year": [2007, 2007, 2007]})
>>> in_force(rows).sort("ccode").rows()
[(630, 2007, ['1737', '1747']), (731, 2007, ['1718'])]
"""

from __future__ import annotations

import polars as pl

from socius.data import load

__all__ = ["in_force"]


def in_force(rows: pl.DataFrame) -> pl.DataFrame:
    """The sanctioning resolutions in force on 31 December for each (``ccode``, ``year``) row.

    Parameters
    ----------
    rows
        A frame with ``ccode`` and ``year`` columns.

    Returns
    -------
    polars.DataFrame
        ``ccode``, ``year`` and ``resolutions`` (the resolution labels as the table gives them,
        in order of adoption), one row per state-year with at least one resolution in force;
        state-years without one are absent.
    """
    res = load("unsc_np_sanctions").filter(
        pl.col("imposes_sanctions") & pl.col("target_ccode").is_not_null()
    )
    res = res.select(pl.col("target_ccode").alias("ccode"), "resolution", "adopted", "lifted")
    day = pl.date(pl.col("year"), 12, 31)
    return (
        rows.select("ccode", "year")
        .unique()
        .join(res, on="ccode")
        .filter(
            (pl.col("adopted") <= day) & (pl.col("lifted").is_null() | (pl.col("lifted") > day))
        )
        .sort("adopted")
        .group_by("ccode", "year", maintain_order=True)
        .agg(pl.col("resolution").alias("resolutions"))
    )
