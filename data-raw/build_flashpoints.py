"""Build ``flashpoints``: East Asian flashpoints with their parties and patrons (socius curated table)."""

from __future__ import annotations

import polars as pl

from _citations import CURATED_LICENCE
from _common import CURATED, publish, source

COLUMNS = {
    "flashpoint": "Korean peninsula, Taiwan Strait, East China Sea, South China Sea (Spratly Islands)",
    "ccode": "COW state code",
    "stateabb": "COW abbreviation",
    "role": "claimant, party or patron",
    "source": "documents the role rests on",
}


def main() -> None:
    path = source(
        "flashpoints.csv",
        "07fe3d240bdcae762fe1b7c2aefb6fd7fac373d894c7508c2f2640d750bb8726",
        base=CURATED,
    )
    raw = pl.read_csv(path, infer_schema_length=0)
    frame = raw.select("flashpoint", pl.col("ccode").cast(pl.Int32), "stateabb", "role", "source")
    publish(
        "flashpoints",
        frame,
        title="East Asian flashpoints: parties, claimants and patrons (curated)",
        description="The states party to the Korean peninsula, Taiwan Strait, East China Sea and Spratly Islands flashpoints and their patrons.",
        upstream="socius curated table flashpoints.csv",
        version="2026-07",
        publisher="socius developers, from treaty texts, CRS reports and official statements cited per row",
        citation_text="socius curated flashpoint table (2026), compiled from sources cited in each row.",
        citation_bibtex="""
@misc{socius_flashpoints,
  author = {{socius developers}},
  title = {East {Asian} Flashpoints: Parties, Claimants and Patrons},
  year = {2026},
  note = {Curated table; each row cites its sources}
}""",
        licence=CURATED_LICENCE,
        retrieved="2026-07-01",
        unit="flashpoint-state",
        code_system="cow",
        key=["flashpoint", "ccode"],
        columns=COLUMNS,
        inputs=[path],
        coverage={},
        notes="Time-invariant roles as of 2024.",
    )


if __name__ == "__main__":
    main()
