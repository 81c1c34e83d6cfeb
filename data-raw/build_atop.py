"""Build ``atop``: ATOP v5.1 directed dyad-year alliance obligations (1815-2018)."""

from __future__ import annotations

import polars as pl

from _citations import PEACESCIENCER_BIB, PEACESCIENCER_LICENCE, PEACESCIENCER_TEXT
from _common import publish, read_rda, source

COLUMNS = {
    "ccode1": "COW code of the first state",
    "ccode2": "COW code of the second state",
    "year": "calendar year",
    "atop_defense": "1 if the dyad shares an alliance with a defence obligation that year, else 0",
    "atop_offense": "1 if the dyad shares an alliance with an offence obligation, else 0",
    "atop_neutral": "1 if the dyad shares an alliance with a neutrality obligation, else 0",
    "atop_nonagg": "1 if the dyad shares a non-aggression pact, else 0",
    "atop_consul": "1 if the dyad shares a consultation obligation, else 0",
}


def main() -> None:
    path = source(
        "peacesciencer/atop_alliance.rda",
        "1449ca0369aed33ccf3ac66e959d1d7429c981a3840981facc84fcb2c2bc0441",
    )
    raw = read_rda(path)
    frame = raw.select(
        pl.col("ccode1").cast(pl.Int32),
        pl.col("ccode2").cast(pl.Int32),
        pl.col("year").cast(pl.Int32),
        *[pl.col(c).cast(pl.Int8) for c in list(COLUMNS)[3:]],
    )
    publish(
        "atop",
        frame,
        title="Alliance Treaty Obligations and Provisions (ATOP) v5.1, directed dyad-years",
        description=(
            "Directed dyad-years with at least one shared alliance obligation (defence, offence, neutrality, "
            "non-aggression, consultation), 1815-2018. Dyad-years of system members that are absent had no "
            "ATOP alliance (0)."
        ),
        upstream="ATOP dyad-year data",
        version="5.1",
        publisher="Brett Ashley Leeds and the ATOP project (via peacesciencer)",
        citation_text=(
            "Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell and Andrew G. Long. 2002. Alliance "
            "Treaty Obligations and Provisions, 1815-1944. International Interactions 28: 237-260. ATOP v5.1. "
            + PEACESCIENCER_TEXT
        ),
        citation_bibtex="""
@article{leedsetal2002atop,
  author = {Leeds, Brett Ashley and Ritter, Jeffrey M. and Mitchell, Sara McLaughlin and Long, Andrew G.},
  title = {Alliance Treaty Obligations and Provisions, 1815-1944},
  journal = {International Interactions},
  volume = {28}, number = {3}, pages = {237--260}, year = {2002},
  doi = {10.1080/03050620213653}
}"""
        + PEACESCIENCER_BIB,
        licence="ATOP: free to use with citation; " + PEACESCIENCER_LICENCE,
        retrieved="2026-07-01",
        unit="directed dyad-year (alliance dyads only)",
        code_system="cow",
        key=["ccode1", "ccode2", "year"],
        columns=COLUMNS,
        inputs=[path],
        notes=(
            "Only dyad-years with an alliance are stored; merges fill 0 for other dyad-years of system members "
            "within 1815-2018 and leave other years missing. COW Formal Alliances are not bundled at the "
            "maintainer's request."
        ),
    )


if __name__ == "__main__":
    main()
