"""Build ``major_powers``: COW major-power spells (State System v2016)."""

from __future__ import annotations

import polars as pl

from _citations import COW_STATES_BIB, PEACESCIENCER_BIB, PEACESCIENCER_LICENCE, PEACESCIENCER_TEXT
from _common import cow_date, publish, read_rda, source

COLUMNS = {
    "ccode": "COW state code",
    "start": "first day of the major-power spell",
    "end": "last day of the spell (2016-12-31 = still a major power in v2016)",
}


def main() -> None:
    path = source(
        "peacesciencer/cow_majors.rda",
        "673cb752c2d1af045ea8e2c602b45bc037b84dda9537bfb060142ff255c7f2b6",
    )
    raw = read_rda(path)
    frame = raw.select(
        pl.col("ccode").cast(pl.Int32),
        cow_date("st").alias("start"),
        cow_date("end").alias("end"),
    )
    publish(
        "major_powers",
        frame,
        title="COW major powers v2016",
        description="Spells of major-power status in the COW State System (United States, United Kingdom, France, Germany, Austria-Hungary, Italy, Russia, China, Japan).",
        upstream="COW State System Membership v2016, major powers",
        version="2016",
        publisher="Correlates of War Project (via peacesciencer)",
        citation_text="Correlates of War Project. 2017. State System Membership List, v2016. "
        + PEACESCIENCER_TEXT,
        citation_bibtex=COW_STATES_BIB + PEACESCIENCER_BIB,
        licence=PEACESCIENCER_LICENCE,
        retrieved="2026-07-01",
        unit="state spell",
        code_system="cow",
        key=["ccode", "start"],
        columns=COLUMNS,
        inputs=[path],
        coverage={"start": 1816, "end": 2024, "coded_until": 2016},
        notes="Spells open in v2016 are treated as continuing through 2024, like the state system.",
    )


if __name__ == "__main__":
    main()
