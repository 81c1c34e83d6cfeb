"""Build ``igo_dyads``: shared IGO memberships per undirected COW dyad-year (COW IGO v3.0)."""

from __future__ import annotations

import polars as pl

from _citations import (
    IGO_BIB,
    IGO_TEXT,
    PEACESCIENCER_BIB,
    PEACESCIENCER_LICENCE,
    PEACESCIENCER_TEXT,
)
from _common import publish, read_rda, source

COLUMNS = {
    "ccode1": "COW code of the first state (ccode1 < ccode2)",
    "ccode2": "COW code of the second state",
    "year": "calendar year",
    "igo_shared": "number of IGOs in which both states are full members",
}


def main() -> None:
    path = source(
        "peacesciencer/cow_igo_ndy.rda",
        "e663531dab70d1d46419fdf0d2d29d51b5b314eab055ea1f691d824e4d15af26",
    )
    raw = read_rda(path)
    frame = raw.select(
        pl.col("ccode1").cast(pl.Int32),
        pl.col("ccode2").cast(pl.Int32),
        pl.col("year").cast(pl.Int32),
        pl.col("dyadigos").cast(pl.Int16).alias("igo_shared"),
    )
    publish(
        "igo_dyads",
        frame,
        title="COW IGO v3.0 shared memberships per dyad-year",
        description="Number of IGOs with joint full membership for undirected COW dyad-years, 1816-2014.",
        upstream="COW IGO Data v3.0 (peacesciencer cow_igo_ndy)",
        version="3.0",
        publisher="Correlates of War Project (via peacesciencer)",
        citation_text=IGO_TEXT + " " + PEACESCIENCER_TEXT,
        citation_bibtex=IGO_BIB + PEACESCIENCER_BIB,
        licence=PEACESCIENCER_LICENCE,
        retrieved="2026-07-01",
        unit="undirected dyad-year",
        code_system="cow",
        key=["ccode1", "ccode2", "year"],
        columns=COLUMNS,
        inputs=[path],
    )


if __name__ == "__main__":
    main()
