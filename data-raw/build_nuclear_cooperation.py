"""Build ``nuclear_cooperation``: civil nuclear cooperation agreements (Fuhrmann 2012), dyad-years."""

from __future__ import annotations

import polars as pl

from _common import publish, source

COLUMNS = {
    "ccode1": "COW code of the supplier or first signatory",
    "ccode2": "COW code of the second signatory",
    "year": "year the agreement was signed",
    "agreement": "running number of the agreement within the dyad-year (1, 2, ...)",
    "nca_type": "agreement type code as in the NCA codebook (Fuhrmann 2012)",
}


def main() -> None:
    path = source(
        "nuclear_latency_cns/nca_dataset.dta",
        "cefed748d9d91fd3d29d0fd523a2e7586ff25a60720468e9a3fc64f6de2b0688",
    )
    import pyreadstat

    raw, _ = pyreadstat.read_dta(str(path))
    frame = (
        pl.from_pandas(raw)
        .filter(pl.col("nca") == 1)
        .select(
            pl.col("ccode1").cast(pl.Int32),
            pl.col("ccode2").cast(pl.Int32),
            pl.col("year").cast(pl.Int32),
            pl.col("nca_type").cast(pl.Int8),
        )
        .with_columns(
            pl.int_range(1, pl.len() + 1)
            .over("ccode1", "ccode2", "year")
            .cast(pl.Int16)
            .alias("agreement")
        )
        .select(list(COLUMNS))
    )
    publish(
        "nuclear_cooperation",
        frame,
        title="Nuclear Cooperation Agreements (Fuhrmann 2012)",
        description="Bilateral civil nuclear cooperation agreements, one row per agreement, 1951-2003.",
        upstream="Nuclear Cooperation Agreement (NCA) dataset",
        version="Fuhrmann 2012 (data4ds4da copy)",
        publisher="Matthew Fuhrmann (via data4ds4da)",
        citation_text=(
            "Fuhrmann, Matthew. 2012. Atomic Assistance: How 'Atoms for Peace' Programs Cause Nuclear Insecurity. "
            "Ithaca, NY: Cornell University Press."
        ),
        citation_bibtex="""
@book{fuhrmann2012atomic,
  author = {Fuhrmann, Matthew},
  title = {Atomic Assistance: How ``Atoms for Peace'' Programs Cause Nuclear Insecurity},
  publisher = {Cornell University Press}, address = {Ithaca, NY}, year = {2012}
}""",
        licence="Academic data free with citation; data4ds4da package GPL-3",
        retrieved="2020-01-21",
        unit="agreement (dyad-year)",
        code_system="cow",
        key=["ccode1", "ccode2", "year", "agreement"],
        columns=COLUMNS,
        inputs=[path],
    )


if __name__ == "__main__":
    main()
