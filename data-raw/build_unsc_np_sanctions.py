"""Build ``unsc_np_sanctions``: UN Security Council nonproliferation resolutions by date (socius curated table)."""

from __future__ import annotations

import polars as pl

from _common import CURATED, partial_date, source
from _nonproliferation import SOURCE_KIND_DOC, publish_curated, source_kind

TITLE = "UN Security Council nonproliferation resolutions by target and date (curated)"

# README-nonproliferation.md: six rows rest on primary sources (2087, 2094, 2270, 2321, 1540 and
# the 2025 snapback, through the UN Spokesperson's note); the rest on secondary sources.
PRIMARY_RESOLUTIONS = ["2087", "2094", "2270", "2321", "1540"]
PRIMARY_ROWS = 6

BIBKEY = "socius_unsc_np_sanctions"
BIBTITLE = "{UN} Security Council Nonproliferation Resolutions"

COLUMNS = {
    "target_ccode": "COW code of the state the resolution targets (null: general resolution on all states, 1540)",
    "stateabb": "COW abbreviation of the target",
    "name": "COW name of the target",
    "resolution": "resolution number (the 2025 re-application of the Iran resolutions is its own row)",
    "adopted": "date adopted (or re-applied)",
    "adopted_precision": "day, month or year",
    "lifted": "date the measures were lifted (null: in force as of the newest source)",
    "lifted_precision": "day, month or year",
    "regime_type": "what the resolution does, as the sources state it",
    "imposes_sanctions": "true when the resolution imposes or re-applies sanctions on its target (Chapter VII, Article 41, or Iraq's continued embargo under 687)",
    "contested": "true when the validity of the measure is contested by a permanent member or the target (as the source states)",
    "source_kind": SOURCE_KIND_DOC,
    "source": "documents the row rests on",
}


def main() -> None:
    path = source(
        "unsc_nonproliferation_sanctions.csv",
        "423b8c56a59b00641ca535c8805e0384478f14cfea907d391f35a8c2920d3da4",
        base=CURATED,
    )
    raw = pl.read_csv(path, infer_schema_length=0)
    primary = pl.col("resolution").is_in(PRIMARY_RESOLUTIONS) | pl.col("resolution").str.contains(
        "snapback"
    )
    imposes = pl.col("regime_type").str.starts_with("sanctions (Chapter VII") | pl.col(
        "regime_type"
    ).str.contains("continued comprehensive embargo")
    frame = raw.select(
        pl.when(pl.col("target_ccode") == "")
        .then(None)
        .otherwise(pl.col("target_ccode"))
        .cast(pl.Int32)
        .alias("target_ccode"),
        pl.when(pl.col("stateabb") == "")
        .then(None)
        .otherwise(pl.col("stateabb"))
        .alias("stateabb"),
        pl.when(pl.col("name") == "").then(None).otherwise(pl.col("name")).alias("name"),
        "resolution",
        *partial_date("adopted"),
        *partial_date("lifted"),
        "regime_type",
        imposes.alias("imposes_sanctions"),
        pl.col("regime_type").str.contains("(?i)contested").alias("contested"),
        source_kind(primary),
        "source",
    ).select(list(COLUMNS))
    publish_curated(
        "unsc_np_sanctions",
        frame,
        csv="unsc_nonproliferation_sanctions.csv",
        title=TITLE,
        bib_key=BIBKEY,
        bib_title=BIBTITLE,
        primary_rows=PRIMARY_ROWS,
        description=(
            "UN Security Council resolutions on the nuclear and missile programmes of North Korea, Iran and "
            "Iraq, with adoption and lifting dates, and resolution 1540 on non-state actors."
        ),
        unit="resolution",
        code_system="cow",
        key=["resolution"],
        columns=COLUMNS,
        inputs=[path],
        coverage={"start": 1991, "end": 2025},
        notes=(
            "Iran's resolutions 1696-1929 were lifted on Implementation Day (2016-01-16) under resolution 2231; "
            "their re-application on 2025-09-27 (the snapback) is one row whose validity Iran, Russia and China "
            "contest. North Korea's resolutions have not been lifted. Resolution 1695 (2006, DPRK missiles) is "
            "not in the table (unsourced). `source_kind` follows README-nonproliferation.md."
        ),
    )


if __name__ == "__main__":
    main()
