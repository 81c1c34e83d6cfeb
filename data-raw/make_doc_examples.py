"""Write the example files the documentation's commands read (docs/examples/).

Real data only: the A. Q. Khan network as curated (ties and actors, copied unchanged) and
Japan's Air Self-Defense Force scrambles reshaped into the long incident format that
``socius indicators incidents`` and ``socius.indicators.read_incidents`` read. The docs test
copies these files into the folder where it runs each page's blocks. Run from data-raw/.
"""

from __future__ import annotations

import shutil

import polars as pl

from _common import CURATED, REPO, source

OUT = REPO / "docs" / "examples"
KHAN = {
    "aq_khan_network.csv": "bac351421b10b0b5aa92a6fb460a655a8e2158cddf89397395de7ebba00b5018",
    "aq_khan_network_nodes.csv": "e2ba44cab6e7281c91cf292d91ac5bd1e81228dc1030486d105622264c3eb9b1",
}
SCRAMBLES = (
    "japan_scrambles.csv",
    "ce7e8e2a12e3ad87a0a7feae936c50161851b6f87b6cb23b7d115c8218073258",
)
#: scramble table column -> incident origin (ISO3 code, or a word the reader accepts)
ORIGINS = {
    "total": "all",
    "china": "CHN",
    "russia": "RUS",
    "taiwan": "TWN",
    "north_korea": "PRK",
    "other": "other",
}


def scramble_incidents() -> pl.DataFrame:
    wide = pl.read_csv(source(*SCRAMBLES, base=CURATED), infer_schema_length=None)
    long = wide.unpivot(
        index=["fiscal_year", "source"],
        on=list(ORIGINS),
        variable_name="column",
        value_name="count",
    )
    return (
        long.drop_nulls("count")  # a breakdown not published stays out: missing, not 0
        .with_columns(
            pl.lit("ASDF scrambles").alias("series"),
            pl.col("column").replace_strict(ORIGINS).alias("origin"),
            pl.col("count").cast(pl.Int64),
        )
        .select("fiscal_year", "series", "origin", "count", "source")
        .sort("fiscal_year", "origin")
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, sha in KHAN.items():
        shutil.copyfile(source(name, sha, base=CURATED), OUT / name)
    scramble_incidents().write_csv(OUT / "jasdf-scrambles.csv")


if __name__ == "__main__":
    main()
