"""Build ``trade``: COW national trade totals v4.0 (state-years 1870-2014)."""

from __future__ import annotations

import polars as pl

from _citations import PEACESCIENCER_BIB, PEACESCIENCER_LICENCE, PEACESCIENCER_TEXT
from _common import publish, read_rda, source

COLUMNS = {
    "ccode": "COW state code",
    "year": "calendar year",
    "imports": "total imports, millions of current US dollars",
    "exports": "total exports, millions of current US dollars",
}


def main() -> None:
    path = source(
        "peacesciencer/cow_trade_sy.rda",
        "41ad9d312b6146aa9eaa70d8f5a16a0164b6e27ee4ebe86a928c2ea4de415142",
    )
    frame = read_rda(path).with_columns(
        pl.col("ccode").cast(pl.Int32), pl.col("year").cast(pl.Int32)
    )
    publish(
        "trade",
        frame,
        title="COW Trade v4.0: national imports and exports",
        description="Total imports and exports of COW states in current US dollars, 1870-2014.",
        upstream="Correlates of War Trade Data Set, national totals",
        version="4.0",
        publisher="Correlates of War Project (via peacesciencer)",
        citation_text=(
            "Barbieri, Katherine, Omar M. G. Keshk and Brian Pollins. 2009. Trading Data: Evaluating our "
            "Assumptions and Coding Rules. Conflict Management and Peace Science 26(5): 471-491. Barbieri, "
            "Katherine and Omar M. G. Keshk. 2016. Correlates of War Project Trade Data Set Codebook, Version 4.0. "
            + PEACESCIENCER_TEXT
        ),
        citation_bibtex="""
@article{barbierietal2009td,
  author = {Barbieri, Katherine and Keshk, Omar M. G. and Pollins, Brian},
  title = {Trading Data: Evaluating our Assumptions and Coding Rules},
  journal = {Conflict Management and Peace Science},
  volume = {26}, number = {5}, pages = {471--491}, year = {2009},
  doi = {10.1177/0738894209343887}
}"""
        + PEACESCIENCER_BIB,
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
