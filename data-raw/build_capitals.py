"""Build ``capitals``: capitals of COW states with dates and coordinates (peacesciencer)."""

from __future__ import annotations

import polars as pl

from _citations import PEACESCIENCER_BIB, PEACESCIENCER_LICENCE, PEACESCIENCER_TEXT
from _common import date_col, publish, read_rda, source

COLUMNS = {
    "ccode": "COW state code",
    "capital": "capital city",
    "start": "first day the city was the capital (within the state's system membership)",
    "end": "last day (2024-12-31 = current)",
    "lat": "latitude [degrees]",
    "lon": "longitude [degrees]",
}


def main() -> None:
    path = source(
        "peacesciencer/cow_capitals.rda",
        "8659cd333a0cade601fd66f8de7e610962904c9562db5d07eaf4ccec862a6a0d",
    )
    raw = read_rda(path)
    frame = raw.select(
        pl.col("ccode").cast(pl.Int32),
        pl.col("capital"),
        date_col(raw, "stdate").alias("start"),
        date_col(raw, "enddate").alias("end"),
        pl.col("lat"),
        pl.col("lng").alias("lon"),
    )
    publish(
        "capitals",
        frame,
        title="Capitals of COW states (peacesciencer cow_capitals)",
        description="Capital cities of COW states with the dates they served and their coordinates, 1816-2024.",
        upstream="peacesciencer cow_capitals",
        version="peacesciencer 1.3.0 (capitals current through 2024)",
        publisher="Steven V. Miller (peacesciencer)",
        citation_text=PEACESCIENCER_TEXT,
        citation_bibtex=PEACESCIENCER_BIB,
        licence=PEACESCIENCER_LICENCE,
        retrieved="2026-07-01",
        unit="capital spell",
        code_system="cow",
        key=["ccode", "start"],
        columns=COLUMNS,
        inputs=[path],
        coverage={"start": 1816, "end": 2024},
        notes="Capital moves (for example Myanmar's to Naypyidaw) appear as new spells.",
    )


if __name__ == "__main__":
    main()
