"""Build ``psi_interdictions``: documented interdictions of proliferation cargo at sea (socius curated table)."""

from __future__ import annotations

import polars as pl

from _common import CURATED, partial_date, source
from _nonproliferation import SOURCE_KIND_DOC, publish_curated, source_kind

TITLE = (
    "Interdictions of proliferation cargo around the Proliferation Security Initiative (curated)"
)
# README-nonproliferation.md: the BBC China row rests on a primary source, So San on press reports.
PRIMARY_EVENTS = ["BBC China diversion"]
PRIMARY_ROWS = 1

BIBKEY = "socius_psi_interdictions"
BIBTITLE = "Proliferation Interdictions at Sea"

COLUMNS = {
    "event": "name of the interdiction",
    "date": "date of the boarding or diversion",
    "date_precision": "day, month or year",
    "vessel": "vessel and flag as the sources describe them",
    "origin_stateabb": "COW abbreviation of the state the cargo came from",
    "destination_stateabb": "COW abbreviation of the cargo's destination",
    "interdicting_states": "states that carried out the interdiction (semicolon-separated names)",
    "cargo": "what was found",
    "outcome": "what happened to the cargo and the ship",
    "source_kind": SOURCE_KIND_DOC,
    "source": "documents the row rests on",
}


def main() -> None:
    path = source(
        "psi_interdictions.csv",
        "70f2a72845395ae7c2709b92ecd3236f03c21dd5fadd7bd6920c4b8605834758",
        base=CURATED,
    )
    raw = pl.read_csv(path, infer_schema_length=0)
    frame = raw.select(
        "event",
        *partial_date("date"),
        "vessel",
        "origin_stateabb",
        "destination_stateabb",
        "interdicting_states",
        "cargo",
        "outcome",
        source_kind(pl.col("event").is_in(PRIMARY_EVENTS)),
        "source",
    ).select(list(COLUMNS))
    publish_curated(
        "psi_interdictions",
        frame,
        csv="psi_interdictions.csv",
        title=TITLE,
        bib_key=BIBKEY,
        bib_title=BIBTITLE,
        primary_rows=PRIMARY_ROWS,
        description=(
            "The So San boarding (December 2002, cited as the trigger of the PSI) and the BBC China diversion "
            "(October 2003), with cargo, states involved and outcome."
        ),
        unit="interdiction",
        code_system="cow",
        key=["event"],
        columns=COLUMNS,
        inputs=[path],
        coverage={"start": 2002, "end": 2003},
        notes=(
            "Two documented cases only; most PSI interdictions are not made public, so this table is not a "
            "count of interdictions. The So San date is derived from a report that the ship was boarded "
            "'early Monday'. `source_kind` follows README-nonproliferation.md."
        ),
    )


if __name__ == "__main__":
    main()
