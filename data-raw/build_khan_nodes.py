"""Build ``khan_nodes``: the actors of the A. Q. Khan proliferation network (socius curated table)."""

from __future__ import annotations

import polars as pl

from _common import CURATED, BuildError, source
from _nonproliferation import SOURCE_KIND_DOC, publish_curated, source_kind

TITLE = "Actors of the A. Q. Khan proliferation network (curated)"
# README-nonproliferation.md: five actors rest on the Malaysian police (IGP) press release of
# 2004-02-20 or the Butler Review, which quotes the police report; the rest on press and NGO sources.
PRIMARY = r"IGP|Butler Review|Royal Malaysia Police"
PRIMARY_ROWS = 5
KINDS = ["individual", "firm", "organisation", "state", "vessel"]

BIBKEY = "socius_khan_network"
BIBTITLE = "The {A. Q. Khan} Proliferation Network"

COLUMNS = {
    "id": "actor identifier (used by khan_ties)",
    "label": "actor's name",
    "kind": "individual, firm, organisation, state or vessel",
    "country": "COW abbreviation of the actor's base (for a vessel: its owner's or flag state as the source gives it)",
    "ccode": "COW code of `country`",
    "role": "role in the network, as the sources describe it",
    "source_kind": SOURCE_KIND_DOC,
    "source": "documents the row rests on",
}


def main() -> None:
    path = source(
        "aq_khan_network_nodes.csv",
        "e2ba44cab6e7281c91cf292d91ac5bd1e81228dc1030486d105622264c3eb9b1",
        base=CURATED,
    )
    from socius.data import load

    raw = pl.read_csv(path, infer_schema_length=0)
    bad = sorted(set(raw["kind"]) - set(KINDS))
    if bad:
        raise BuildError(f"aq_khan_network_nodes.csv: unknown actor kinds {bad}; expected {KINDS}")
    abbs = sorted({c for c in raw["country"].to_list() if c})
    table = load("cow_states").select("stateabb", "ccode").unique("stateabb")
    unknown = sorted(set(abbs) - set(table["stateabb"].to_list()))
    if unknown:
        raise BuildError(
            f"aq_khan_network_nodes.csv: COW abbreviations not in the state system: {unknown}"
        )
    frame = (
        raw.join(table.rename({"stateabb": "country"}), on="country", how="left")
        .select(
            "id",
            "label",
            "kind",
            pl.when(pl.col("country") == "")
            .then(None)
            .otherwise(pl.col("country"))
            .alias("country"),
            pl.col("ccode").cast(pl.Int32),
            "role",
            source_kind(pl.col("source").str.contains(PRIMARY)),
            "source",
        )
        .select(list(COLUMNS))
    )
    publish_curated(
        "khan_nodes",
        frame,
        csv="aq_khan_network_nodes.csv",
        title=TITLE,
        bib_key=BIBKEY,
        bib_title=BIBTITLE,
        primary_rows=PRIMARY_ROWS,
        description=(
            "Individuals, firms, organisations, states and a vessel of the A. Q. Khan nuclear-proliferation "
            "network, with their base country and role."
        ),
        unit="actor",
        code_system="cow",
        key=["id"],
        columns=COLUMNS,
        inputs=[path],
        coverage={"start": 1972, "end": 2004},
        notes=(
            "Court judgments were seen only through press reports. `source_kind` follows "
            "README-nonproliferation.md."
        ),
    )


if __name__ == "__main__":
    main()
