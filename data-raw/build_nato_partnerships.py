"""Build ``nato_partnerships``: NATO partnership frameworks by date (socius curated table)."""

from __future__ import annotations

import polars as pl

from _citations import CURATED_LICENCE
from _common import CURATED, partial_date, publish, source

COLUMNS = {
    "framework": "Partnership for Peace, Mediterranean Dialogue, Istanbul Cooperation Initiative, or Partners across the globe",
    "ccode": "COW state code",
    "stateabb": "COW abbreviation",
    "name": "COW state name",
    "joined": "date of joining (PfP: signature of the Framework Document; partners across the globe: first formal partnership programme)",
    "joined_precision": "day, month or year (null: date unknown)",
    "left": "date the state left the framework (PfP: NATO accession); null = still a partner",
    "left_precision": "day, month or year",
    "suspended": "date NATO suspended practical cooperation without a formal exit; the partnership is inactive from then on (null: not suspended)",
    "suspended_precision": "day, month or year",
    "source": "documents the dates rest on",
}


def main() -> None:
    path = source(
        "nato_partnerships.csv",
        "967290abe6a1c7a7fb34149cd94e6063e4bfbd2d7b08994f56a0c3333e77ea8f",
        base=CURATED,
    )
    raw = pl.read_csv(path, infer_schema_length=0)
    frame = raw.select(
        "framework",
        pl.col("ccode").cast(pl.Int32),
        "stateabb",
        "name",
        *partial_date("joined"),
        *partial_date("left"),
        *partial_date("suspended"),
        "source",
    ).select(list(COLUMNS))
    publish(
        "nato_partnerships",
        frame,
        title="NATO partnership frameworks by date (curated)",
        description="Participants in the Partnership for Peace, Mediterranean Dialogue, Istanbul Cooperation Initiative and NATO's partners across the globe.",
        upstream="socius curated table nato_partnerships.csv",
        version="2026-11",
        publisher="socius developers, from nato.int and other sources cited per row",
        citation_text="socius curated NATO partnership table (2026), compiled from nato.int and sources cited in each row.",
        citation_bibtex="""
@misc{socius_nato_partnerships,
  author = {{socius developers}},
  title = {{NATO} Partnership Frameworks by Date},
  year = {2026},
  note = {Curated table; each row cites its sources}
}""",
        licence=CURATED_LICENCE,
        retrieved="2026-11-30",
        unit="partnership spell",
        code_system="cow",
        key=["framework", "ccode", "joined"],
        columns=COLUMNS,
        inputs=[path],
        coverage={"start": 1994, "end": 2024},
        notes=(
            "NATO suspended practical cooperation with Russia (2014-04-01), Belarus (2021-11) and Afghanistan "
            "(2021-08-20) without a formal exit: `suspended` gives the date and `left` stays null, so analyses "
            "treat the partnership as inactive from `suspended` on. Pakistan's partner-across-the-globe date is "
            "unknown (null): unknown, not absent."
        ),
    )


if __name__ == "__main__":
    main()
