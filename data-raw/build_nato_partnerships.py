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
    "source": "documents the dates rest on",
}


def main() -> None:
    path = source(
        "nato_partnerships.csv",
        "eb4c048cec8e56a7b1a47c9b30f71e03b55a7753886e4b3612859773af1dab88",
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
        "source",
    ).select(list(COLUMNS))
    publish(
        "nato_partnerships",
        frame,
        title="NATO partnership frameworks by date (curated)",
        description="Participants in the Partnership for Peace, Mediterranean Dialogue, Istanbul Cooperation Initiative and NATO's partners across the globe.",
        upstream="socius curated table nato_partnerships.csv",
        version="2026-07",
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
        retrieved="2026-07-01",
        unit="partnership spell",
        code_system="cow",
        key=["framework", "ccode", "joined"],
        columns=COLUMNS,
        inputs=[path],
        coverage={"start": 1994, "end": 2024},
        notes=(
            "NATO suspended practical cooperation with Russia (2014-04-01) and Belarus (2021-11) without a formal "
            "exit, so neither is coded as leaving. Pakistan's partner-across-the-globe date is unknown (null)."
        ),
    )


if __name__ == "__main__":
    main()
