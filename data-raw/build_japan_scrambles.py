"""Build ``japan_scrambles``: ASDF scrambles by Japanese fiscal year and origin (socius curated table)."""

from __future__ import annotations

import polars as pl

from _citations import CURATED_LICENCE
from _common import CURATED, BuildError, publish, source

COLUMNS = {
    "fiscal_year": "Japanese fiscal year (2024 = 1 April 2024 to 31 March 2025)",
    "total": "all scrambles against aircraft",
    "china": "scrambles against Chinese aircraft",
    "russia": "scrambles against Russian aircraft",
    "taiwan": "scrambles against Taiwanese aircraft",
    "north_korea": "scrambles against North Korean aircraft",
    "other": "scrambles against other aircraft",
    "source": "documents the figures rest on (DERIVED marks arithmetic on sourced figures)",
}


def main() -> None:
    path = source(
        "japan_scrambles.csv",
        "ce7e8e2a12e3ad87a0a7feae936c50161851b6f87b6cb23b7d115c8218073258",
        base=CURATED,
    )
    raw = pl.read_csv(path, infer_schema_length=0)
    counts = ["total", "china", "russia", "taiwan", "north_korea", "other"]
    frame = raw.select(
        pl.col("fiscal_year").cast(pl.Int32), *[pl.col(c).cast(pl.Int32) for c in counts], "source"
    )
    full = frame.filter(pl.all_horizontal(pl.col(counts).is_not_null()))
    bad = full.filter(pl.col("total") != pl.sum_horizontal(counts[1:]))
    if bad.height:
        raise BuildError(
            f"japan_scrambles: components do not add up to the total in {bad['fiscal_year'].to_list()}"
        )
    publish(
        "japan_scrambles",
        frame,
        title="Japan Air Self-Defense Force scrambles by fiscal year and origin (curated)",
        description="Scrambles against foreign aircraft, FY2003-FY2024, as published by Japan's Joint Staff Office, by origin.",
        upstream="socius curated table japan_scrambles.csv (Joint Staff Office releases as reproduced by press and defence media)",
        version="2026-07",
        publisher="socius developers, from Japan Joint Staff Office releases (cited per row)",
        citation_text=(
            "socius curated table of ASDF scrambles (2026), from Japan Ministry of Defense / Joint Staff Office "
            "releases as reported by the sources cited in each row."
        ),
        citation_bibtex="""
@misc{socius_japan_scrambles,
  author = {{socius developers}},
  title = {Japan Air Self-Defense Force Scrambles by Fiscal Year and Origin},
  year = {2026},
  note = {Curated from Joint Staff Office releases; each row cites its sources}
}""",
        licence=CURATED_LICENCE,
        retrieved="2026-07-01",
        unit="fiscal year",
        code_system="none",
        key=["fiscal_year"],
        columns=COLUMNS,
        inputs=[path],
        coverage={"start": 2003, "end": 2024},
        notes="Unpublished breakdowns are missing, never 0; where all five origins and the total exist they add up (checked).",
    )


if __name__ == "__main__":
    main()
