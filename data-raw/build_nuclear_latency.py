"""Build ``nuclear_latency``: enrichment and reprocessing facilities (Fuhrmann and Tkach, NL v1.2)."""

from __future__ import annotations

import warnings

import polars as pl

from _common import publish, source

COLUMNS = {
    "ccode": "COW state code",
    "country": "country name in the source",
    "facility": "facility name",
    "kind": "enrichment type or reprocessing as coded by NL (enr_type)",
    "size": "facility size code (NL codebook)",
    "construction_start": "year construction began",
    "operation_start": "year operation began (null: never operated)",
    "operation_end": "year operation ended (null: still operating or never operated)",
    "still_operating": "true when NL codes the facility as still operating (7777)",
    "covert": "1 if the facility was covert",
    "iaea": "1 if under IAEA safeguards",
    "military": "1 if used for military purposes",
    "foreign_assistance": "1 if built with foreign assistance",
}


def _year(col: str) -> pl.Expr:
    return (
        pl.when(pl.col(col).is_in([7777, 9999, -77]))
        .then(None)
        .otherwise(pl.col(col))
        .cast(pl.Int16)
        .alias(col)
    )


def main() -> None:
    path = source(
        "nuclear_latency_cns/nl_dataset_v.1.2.xlsx",
        "1a3798e2ba09b73d64021e70e535ef08d456e51c9203f12412d549e84a74d7b3",
    )
    import pandas as pd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        raw = pl.from_pandas(pd.read_excel(path))
    frame = raw.select(
        pl.col("ccode").cast(pl.Int32),
        pl.col("country_name").alias("country"),
        pl.col("facility_name").alias("facility"),
        pl.col("enr_type").cast(pl.String).alias("kind"),
        pl.col("size").cast(pl.Int16),
        _year("construction_start"),
        _year("operation_start"),
        _year("operation_end"),
        (pl.col("operation_end") == 7777).alias("still_operating"),
        *[pl.col(c).cast(pl.Int8) for c in ("covert", "iaea", "military", "foreign_assistance")],
    ).with_row_index("facility_id")
    frame = frame.drop("facility_id")
    publish(
        "nuclear_latency",
        frame,
        title="Nuclear Latency dataset v1.2 (Fuhrmann and Tkach): enrichment and reprocessing facilities",
        description="Every known uranium enrichment and plutonium reprocessing facility, 1939-2012.",
        upstream="Nuclear Latency (NL) dataset",
        version="1.2",
        publisher="Matthew Fuhrmann and Benjamin Tkach (via data4ds4da)",
        citation_text=(
            "Fuhrmann, Matthew and Benjamin Tkach. 2015. Almost Nuclear: Introducing the Nuclear Latency Dataset. "
            "Conflict Management and Peace Science 32(4): 443-461. doi:10.1177/0738894214559672."
        ),
        citation_bibtex="""
@article{fuhrmanntkach2015latency,
  author = {Fuhrmann, Matthew and Tkach, Benjamin},
  title = {Almost Nuclear: Introducing the Nuclear Latency Dataset},
  journal = {Conflict Management and Peace Science},
  volume = {32}, number = {4}, pages = {443--461}, year = {2015},
  doi = {10.1177/0738894214559672}
}""",
        licence="Academic data free with citation; data4ds4da package GPL-3",
        retrieved="2020-01-21",
        unit="facility",
        code_system="cow",
        key=[],
        columns=COLUMNS,
        inputs=[path],
        coverage={"start": 1939, "end": 2012},
        notes="NL codes 7777 (still operating), 9999 (never operated) and -77 (ambiguous) become null years; still_operating keeps 7777.",
    )


if __name__ == "__main__":
    main()
