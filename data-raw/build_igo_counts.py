"""Build ``igo_counts``: number of IGO memberships per COW state-year (COW IGO v3.0)."""

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
    "ccode": "COW state code",
    "year": "calendar year",
    "igo_full": "number of IGOs in which the state is a full member",
    "igo_associate": "number of IGOs in which the state is an associate member",
    "igo_observer": "number of IGOs in which the state is an observer",
    "igo_any": "number of IGOs with any membership status",
}


def main() -> None:
    path = source(
        "peacesciencer/cow_igo_sy.rda",
        "0102eb9d48f34791ddb1a17aa0b312df23117ebafb3d707cee03ab64463e3bc7",
    )
    raw = read_rda(path)
    frame = raw.select(
        pl.col("ccode").cast(pl.Int32),
        pl.col("year").cast(pl.Int32),
        pl.col("sum_igo_full").cast(pl.Int16).alias("igo_full"),
        pl.col("sum_igo_associate").cast(pl.Int16).alias("igo_associate"),
        pl.col("sum_igo_observer").cast(pl.Int16).alias("igo_observer"),
        pl.col("sum_igo_anytype").cast(pl.Int16).alias("igo_any"),
    )
    publish(
        "igo_counts",
        frame,
        title="COW IGO v3.0 membership counts per state-year",
        description="Counts of full, associate and observer IGO memberships for COW state-years, 1816-2014.",
        upstream="COW IGO Data v3.0 (peacesciencer cow_igo_sy)",
        version="3.0",
        publisher="Correlates of War Project (via peacesciencer)",
        citation_text=IGO_TEXT + " " + PEACESCIENCER_TEXT,
        citation_bibtex=IGO_BIB + PEACESCIENCER_BIB,
        licence=PEACESCIENCER_LICENCE,
        retrieved="2026-07-01",
        unit="state-year",
        code_system="cow",
        key=["ccode", "year"],
        columns=COLUMNS,
        inputs=[path],
    )


if __name__ == "__main__":
    main()
