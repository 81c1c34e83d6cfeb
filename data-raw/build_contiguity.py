"""Build ``contiguity``: COW Direct Contiguity v3.2 spells (directed)."""

from __future__ import annotations

import polars as pl

from _citations import PEACESCIENCER_BIB, PEACESCIENCER_LICENCE, PEACESCIENCER_TEXT
from _common import date_col, publish, read_rda, source

COLUMNS = {
    "ccode1": "COW code of the first state",
    "ccode2": "COW code of the second state",
    "conttype": "1 land or river border, 2 separated by <= 12 miles of water, 3 <= 24 miles, 4 <= 150 miles, 5 <= 400 miles",
    "start": "first month of the spell (day set to 1)",
    "end": "last month of the spell (day set to 1; 2016-12-01 = ongoing in v3.2)",
}


def main() -> None:
    path = source(
        "peacesciencer/cow_contdir.rda",
        "779062fb96238a7c55dbb3436a0925f67d8f0b5bd8e522731c0c3c55f492dd70",
    )
    raw = read_rda(path)
    frame = raw.select(
        pl.col("ccode1").cast(pl.Int32),
        pl.col("ccode2").cast(pl.Int32),
        pl.col("conttype").cast(pl.Int8),
        date_col(raw, "stdate").alias("start"),
        date_col(raw, "enddate").alias("end"),
    )
    publish(
        "contiguity",
        frame,
        title="COW Direct Contiguity v3.2",
        description="Spells of direct contiguity (land, or water up to 400 miles) between COW states, 1816-2016, both directions.",
        upstream="Correlates of War Direct Contiguity",
        version="3.2",
        publisher="Correlates of War Project (via peacesciencer)",
        citation_text=(
            "Stinnett, Douglas M., Jaroslav Tir, Philip Schafer, Paul F. Diehl and Charles Gochman. 2002. The "
            "Correlates of War Project Direct Contiguity Data, Version 3. Conflict Management and Peace Science "
            "19(2): 58-66. " + PEACESCIENCER_TEXT
        ),
        citation_bibtex="""
@article{stinnettetal2002cow,
  author = {Stinnett, Douglas M. and Tir, Jaroslav and Schafer, Philip and Diehl, Paul F. and Gochman, Charles},
  title = {The {Correlates of War} Project Direct Contiguity Data, Version 3},
  journal = {Conflict Management and Peace Science},
  volume = {19}, number = {2}, pages = {58--66}, year = {2002},
  doi = {10.1177/073889420201900203}
}"""
        + PEACESCIENCER_BIB,
        licence=PEACESCIENCER_LICENCE,
        retrieved="2026-07-01",
        unit="directed dyad spell",
        code_system="cow",
        key=["ccode1", "ccode2", "start"],
        columns=COLUMNS,
        inputs=[path],
        coverage={"start": 1816, "end": 2016},
        notes="Dyad-years after 2016 are outside coverage (missing), even for borders that certainly persist.",
    )


if __name__ == "__main__":
    main()
