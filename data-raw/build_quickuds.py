"""Build ``quickuds``: Marquez's extended UDS posterior mean with peacesciencer's COW coding (1816-2020)."""

from __future__ import annotations

import polars as pl

from _citations import PEACESCIENCER_BIB, PEACESCIENCER_TEXT
from _common import publish, read_rda, source

COLUMNS = {
    "ccode": "COW state code",
    "year": "calendar year",
    "xm_qudsest": "extended Unified Democracy Score (QuickUDS posterior mean; higher = more democratic)",
}


def main() -> None:
    path = source(
        "peacesciencer_deprecated/ccode_democracy.rda",
        "d4695e3cd670ec9ec4685b80862f9ccc452b1b4dd605b0c35e1ab2b086cfebbb",
    )
    frame = read_rda(path).select(
        pl.col("ccode").cast(pl.Int32), pl.col("year").cast(pl.Int32), "xm_qudsest"
    )
    publish(
        "quickuds",
        frame,
        title="QuickUDS extended Unified Democracy Scores (peacesciencer ccode_democracy)",
        description="Marquez's extended UDS for COW state-years 1816-2020, as last distributed by peacesciencer.",
        upstream="peacesciencer ccode_democracy (deprecated 2026)",
        version="QuickUDS (Marquez 2016) via peacesciencer 1.2",
        publisher="Xavier Marquez (QuickUDS); packaged by Steven V. Miller",
        citation_text=(
            "Marquez, Xavier. 2016. A Quick Method for Extending the Unified Democracy Scores. "
            "doi:10.2139/ssrn.2753830. " + PEACESCIENCER_TEXT
        ),
        citation_bibtex="""
@techreport{marquez2016quickuds,
  author = {Marquez, Xavier},
  title = {A Quick Method for Extending the {Unified Democracy Scores}},
  institution = {SSRN}, year = {2016},
  doi = {10.2139/ssrn.2753830}
}"""
        + PEACESCIENCER_BIB,
        licence="Free for research with citation; packaged under GPL-2 by peacesciencer",
        retrieved="2026-06-30",
        unit="state-year",
        code_system="cow",
        key=["ccode", "year"],
        columns=COLUMNS,
        inputs=[path],
    )


if __name__ == "__main__":
    main()
