"""Build the ``gw_states`` snapshot: Gleditsch-Ward independent states, with micro-states."""

from __future__ import annotations

import polars as pl

from _common import date_col, publish, read_rda, source

COLUMNS = {
    "gwcode": "Gleditsch-Ward state code",
    "stateabb": "Gleditsch-Ward three-letter abbreviation",
    "statename": "Gleditsch-Ward state name",
    "microstate": "true for micro-states (population under 250,000) listed separately by Gleditsch and Ward",
    "start": "first day of the independence spell",
    "end": "last day of the spell as coded (2020-12-31 = still independent)",
}


def main() -> None:
    path = source(
        "isard/gw_system.rda", "53c434467bd592fc62b33522d26eec9401478aed30376b49fb0abedcb74d86ce"
    )
    raw = read_rda(path)
    frame = raw.select(
        pl.col("gwcode").cast(pl.Int32),
        pl.col("gw_abb").alias("stateabb"),
        pl.col("gw_name").alias("statename"),
        (pl.col("microstate") == 1).alias("microstate"),
        date_col(raw, "start").alias("start"),
        date_col(raw, "end").alias("end"),
    )
    publish(
        "gw_states",
        frame,
        title="Gleditsch-Ward list of independent states (with micro-states)",
        description="Spells of independence of states in the Gleditsch-Ward system, 1816-2020, micro-states flagged.",
        upstream="Gleditsch and Ward list of independent states",
        version="2020 update (isard R package)",
        publisher="Kristian S. Gleditsch and Michael D. Ward (via the isard R package, S. V. Miller)",
        citation_text=(
            "Gleditsch, Kristian S. and Michael D. Ward. 1999. A Revised List of Independent States since "
            "the Congress of Vienna. International Interactions 25(4): 393-413. "
            "doi:10.1080/03050629908434958. Packaged in isard (Miller)."
        ),
        citation_bibtex="""
@article{gleditschward1999,
  author = {Gleditsch, Kristian S. and Ward, Michael D.},
  title = {A Revised List of Independent States since the {Congress of Vienna}},
  journal = {International Interactions},
  volume = {25}, number = {4}, pages = {393--413}, year = {1999},
  doi = {10.1080/03050629908434958}
}""",
        licence="Free to use with citation; packaged under GPL-2 by isard",
        retrieved="2026-06-25",
        unit="state spell",
        code_system="gw",
        key=["gwcode", "start"],
        columns=COLUMNS,
        inputs=[path],
        coverage={"start": 1816, "end": 2024, "coded_until": 2020},
        notes="Spells ending 2020-12-31 are open; socius treats them as continuing through 2024 (system_end).",
    )


if __name__ == "__main__":
    main()
