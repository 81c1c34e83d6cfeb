"""Build ``igo_members``: COW IGO v3.0 memberships (long format), 1816-2014."""

from __future__ import annotations

import polars as pl

from _citations import IGO_BIB, IGO_TEXT
from _common import publish, read_rda, source

COLUMNS = {
    "ccode": "COW state code",
    "year": "calendar year",
    "igo": "COW IGO short name, lower case (nato, eapc, sco, csto, osce, un, eu, asean, ...)",
    "igo_name": "full name of the organisation",
    "status": "1 full member, 2 associate member, 3 observer; null = membership unknown (COW -9)",
}


def main() -> None:
    sy_path = source(
        "cow_igo/state_year_format3.rda",
        "dc39e159f7153c71cf3168e0733da0d079fead8ccf5df20fe4dde019544d7e7e",
    )
    igo_path = source(
        "cow_igo/igo_year_format3.rda",
        "7fb22534081f6383dca740c7f7ae26ce587125d98fcc1b6fdcfa96eac34a9113",
    )
    wide = read_rda(sy_path)
    names = (
        read_rda(igo_path)
        .select(
            pl.col("ioname").str.to_lowercase().alias("igo"), pl.col("orgname").alias("igo_name")
        )
        .unique("igo", keep="first")
    )
    long = wide.drop("state").unpivot(
        index=["ccode", "year"], variable_name="igo", value_name="code"
    )
    frame = (
        long.filter(pl.col("code").is_in([1.0, 2.0, 3.0, -9.0]))
        .select(
            pl.col("ccode").cast(pl.Int32),
            pl.col("year").cast(pl.Int32),
            pl.col("igo"),
            pl.when(pl.col("code") > 0)
            .then(pl.col("code"))
            .otherwise(None)
            .cast(pl.Int8)
            .alias("status"),
        )
        .join(names, on="igo", how="left")
        .select(list(COLUMNS))
    )
    publish(
        "igo_members",
        frame,
        title="COW Intergovernmental Organizations v3.0: state memberships",
        description=(
            "One row per state, year and organisation in which the state was a full member, associate member or "
            "observer (or its status is unknown), 534 organisations, 1816-2014."
        ),
        upstream="COW IGO Data v3.0 (state-year format)",
        version="3.0",
        publisher="Correlates of War Project (via the igoR R package, D. Hernangomez)",
        citation_text=IGO_TEXT + " Packaged in igoR (Hernangomez, doi:10.32614/CRAN.package.igoR).",
        citation_bibtex=IGO_BIB,
        licence="COW data: free to use with citation; igoR package GPL (>= 3)",
        retrieved="2026-07-21",
        unit="state-year-organisation",
        code_system="cow",
        key=["ccode", "year", "igo"],
        columns=COLUMNS,
        inputs=[sy_path, igo_path],
        coverage={"start": 1816, "end": 2014},
        notes=(
            "Absent rows mean no membership in a year the data covers (COW codes 0 and -1); COW observes every "
            "five years before 1965 and annually afterwards. NATO and SCO memberships after 2014 come from the "
            "curated alliance_membership table."
        ),
    )


if __name__ == "__main__":
    main()
