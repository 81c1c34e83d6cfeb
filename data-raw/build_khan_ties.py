"""Build ``khan_ties``: the dated ties of the A. Q. Khan proliferation network (socius curated table)."""

from __future__ import annotations

import polars as pl

from _common import CURATED, BuildError, partial_date, source
from _nonproliferation import SOURCE_KIND_DOC, publish_curated, source_kind

TITLE = "Ties of the A. Q. Khan proliferation network (curated)"
# README-nonproliferation.md: seven ties rest on the Malaysian police (IGP) press release or the
# Butler Review; the rest on press and NGO reports.
PRIMARY = r"IGP|Butler Review|Royal Malaysia Police"
PRIMARY_ROWS = 7
# A tie is an allegation when its description says the claim is alleged or denied by the party,
# or records a conflict between sources (the curated table states each such case in words).
ALLEGED = r"(?i)\balleg|\bden(y|ies|ied)\b|\bCONFLICT\b"
KINDS = ["supply", "manufacture", "transshipment", "finance", "customer", "employment"]

BIBKEY = "socius_khan_network"
BIBTITLE = "The {A. Q. Khan} Proliferation Network"

COLUMNS = {
    "source_id": "actor the tie runs from (khan_nodes.id)",
    "target_id": "actor the tie runs to (khan_nodes.id)",
    "kind": "supply, manufacture, transshipment, finance, customer (source buys from target) or employment (source works or acts for target)",
    "start": "first date of the tie (null: not stated by the sources)",
    "start_precision": "day, month or year",
    "end": "last date of the tie (null: not stated by the sources)",
    "end_precision": "day, month or year",
    "alleged": "true when the tie rests on an allegation, is denied by a party, or the sources conflict (the description says which)",
    "description": "what the tie is, as the sources describe it",
    "source_kind": SOURCE_KIND_DOC,
    "evidence": "documents the tie rests on",
}


def main() -> None:
    path = source(
        "aq_khan_network.csv",
        "bac351421b10b0b5aa92a6fb460a655a8e2158cddf89397395de7ebba00b5018",
        base=CURATED,
    )
    nodes = source(
        "aq_khan_network_nodes.csv",
        "e2ba44cab6e7281c91cf292d91ac5bd1e81228dc1030486d105622264c3eb9b1",
        base=CURATED,
    )
    raw = pl.read_csv(path, infer_schema_length=0)
    ids = set(pl.read_csv(nodes, infer_schema_length=0)["id"].to_list())
    dangling = sorted((set(raw["source_id"]) | set(raw["target_id"])) - ids)
    if dangling:
        raise BuildError(
            f"aq_khan_network.csv: ties name actors missing from the node table: {dangling}"
        )
    bad = sorted(set(raw["kind"]) - set(KINDS))
    if bad:
        raise BuildError(f"aq_khan_network.csv: unknown tie kinds {bad}; expected {KINDS}")
    frame = raw.with_row_index("row").select(
        "row",
        "source_id",
        "target_id",
        "kind",
        *partial_date("start"),
        *partial_date("end"),
        pl.col("description").str.contains(ALLEGED).alias("alleged"),
        "description",
        source_kind(pl.col("evidence").str.contains(PRIMARY)),
        "evidence",
    )
    reversed_ = frame.filter(pl.col("end") < pl.col("start"))
    if reversed_.height:
        raise BuildError(
            f"aq_khan_network.csv: ties end before they start: {reversed_['row'].to_list()}"
        )
    frame = frame.select(list(COLUMNS))
    publish_curated(
        "khan_ties",
        frame,
        csv="aq_khan_network.csv",
        title=TITLE,
        bib_key=BIBKEY,
        bib_title=BIBTITLE,
        primary_rows=PRIMARY_ROWS,
        description=(
            "Dated, directed ties (supply, manufacture, transshipment, finance, customer, employment) between "
            "the actors of the A. Q. Khan network, each with the documents it rests on and a flag for "
            "allegations."
        ),
        unit="directed tie",
        code_system="none",
        key=["source_id", "target_id", "kind"],
        columns=COLUMNS,
        inputs=[path, nodes],
        coverage={"start": 1972, "end": 2004},
        notes=(
            "`employment` also codes principal/agent and associate ties, as each description states. Many "
            "ties have no stated dates (null): unknown, not absent. `alleged` marks ties that rest on an "
            "allegation, are denied by a party or have conflicting sources; analyses can run with and "
            "without them. `source_kind` follows README-nonproliferation.md."
        ),
    )


if __name__ == "__main__":
    main()
