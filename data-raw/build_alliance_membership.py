"""Build ``alliance_membership``: NATO, SCO and CSTO membership by date (socius curated table)."""

from __future__ import annotations

import polars as pl

from _citations import CURATED_LICENCE
from _common import CURATED, partial_date, publish, source

COLUMNS = {
    "org": "NATO, SCO or CSTO",
    "ccode": "COW state code",
    "stateabb": "COW abbreviation",
    "name": "COW state name",
    "joined": "date of accession (NATO: deposit of the instrument of accession; founders: signature 1949-04-04)",
    "joined_precision": "day, month or year",
    "left": "date membership ended (null = still a member)",
    "left_precision": "day, month or year (null when still a member)",
    "source": "documents the date rests on",
}


def main() -> None:
    path = source(
        "alliance_membership.csv",
        "d0d200dc18cda6607b64cd46a111c7ec4bc3d5736ffdc73ae059ab33929194de",
        base=CURATED,
    )
    raw = pl.read_csv(path, infer_schema_length=0)
    frame = raw.select(
        "org",
        pl.col("ccode").cast(pl.Int32),
        "stateabb",
        "name",
        *partial_date("joined"),
        *partial_date("left"),
        "source",
    ).select(list(COLUMNS))
    publish(
        "alliance_membership",
        frame,
        title="Membership of NATO, the SCO and the CSTO by date (curated)",
        description="Accession and exit dates of every NATO, SCO and CSTO member state, with sources, to 2024.",
        upstream="socius curated table alliance_membership.csv",
        version="2026-07",
        publisher="socius developers, from nato.int, sectsco.org, government and agency sources (cited per row)",
        citation_text=(
            "socius curated alliance membership table (2026), compiled from NATO, SCO Secretariat and government "
            "sources cited in each row."
        ),
        citation_bibtex="""
@misc{socius_alliance_membership,
  author = {{socius developers}},
  title = {Membership of {NATO}, the {SCO} and the {CSTO} by Date},
  year = {2026},
  note = {Curated table; each row cites its sources}
}""",
        licence=CURATED_LICENCE,
        retrieved="2026-07-01",
        unit="membership spell",
        code_system="cow",
        key=["org", "ccode", "joined"],
        columns=COLUMNS,
        inputs=[path],
        coverage={"start": 1949, "end": 2024},
        notes=(
            "West Germany (260) 1955-05-06 to 1990-10-02, unified Germany (255) from 1990-10-03. France's and "
            "Greece's withdrawals from NATO's integrated command are not exits. SCO observers and dialogue "
            "partners are not members."
        ),
    )


if __name__ == "__main__":
    main()
