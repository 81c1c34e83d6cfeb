"""Build the ``cow_states`` snapshot: COW State System Membership v2016 spells."""

from __future__ import annotations

import polars as pl

from _common import cow_date, publish, read_rda, source

COLUMNS = {
    "ccode": "COW state code",
    "stateabb": "COW three-letter state abbreviation",
    "statenme": "COW state name",
    "start": "first day of the membership spell",
    "end": "last day of the membership spell as coded in v2016 (2016-12-31 = still a member)",
}


def main() -> None:
    path = source(
        "peacesciencer/cow_states.rda",
        "9248b9fc801124d2bb48c58740bb335a1ee4938c4096e4d5e0bd01c22bf1dc09",
    )
    raw = read_rda(path)
    frame = raw.select(
        pl.col("ccode").cast(pl.Int32),
        pl.col("stateabb"),
        pl.col("statenme"),
        cow_date("st").alias("start"),
        cow_date("end").alias("end"),
    )
    publish(
        "cow_states",
        frame,
        title="COW State System Membership List v2016",
        description="Spells of membership in the interstate system (Correlates of War), 1816-2016.",
        upstream="Correlates of War State System Membership List",
        version="2016",
        publisher="Correlates of War Project (via the peacesciencer R package, S. V. Miller)",
        citation_text=(
            "Correlates of War Project. 2017. State System Membership List, v2016. "
            "http://correlatesofwar.org. Packaged in: Miller, Steven V. 2022. peacesciencer: An R "
            "Package for Quantitative Peace Science Research. Conflict Management and Peace Science "
            "39(6): 755-779. doi:10.1177/07388942221077926."
        ),
        citation_bibtex="""
@misc{cowstates2016,
  author = {{Correlates of War Project}},
  title = {State System Membership List, v2016},
  year = {2017},
  url = {https://correlatesofwar.org/data-sets/state-system-membership/}
}
@article{miller2022peacesciencer,
  author = {Miller, Steven V.},
  title = {{peacesciencer}: An {R} Package for Quantitative Peace Science Research},
  journal = {Conflict Management and Peace Science},
  volume = {39}, number = {6}, pages = {755--779}, year = {2022},
  doi = {10.1177/07388942221077926}
}""",
        licence="Free to use with citation (Correlates of War terms); packaged under GPL-2 by peacesciencer",
        retrieved="2026-07-01",
        unit="state spell",
        code_system="cow",
        key=["ccode", "start"],
        columns=COLUMNS,
        inputs=[path],
        coverage={"start": 1816, "end": 2024, "coded_until": 2016},
        notes=(
            "Spells ending 2016-12-31 are open in v2016; socius treats them as continuing through 2024, "
            "the last year of peacesciencer's cow_ddy panel (system_end = coverage.end)."
        ),
    )


if __name__ == "__main__":
    main()
