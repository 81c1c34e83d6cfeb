"""Build ``nmc``: COW National Material Capabilities v7.0 (state-years 1816-2022)."""

from __future__ import annotations

import polars as pl

from _citations import PEACESCIENCER_BIB, PEACESCIENCER_LICENCE, PEACESCIENCER_TEXT
from _common import publish, read_rda, source

COLUMNS = {
    "ccode": "COW state code",
    "year": "calendar year",
    "milex": "military expenditure, thousands (British pounds 1816-1913, current US dollars from 1914)",
    "milper": "military personnel, thousands",
    "irst": "iron and steel production, thousands of tons",
    "pec": "primary energy consumption, thousands of coal-ton equivalents",
    "tpop": "total population, thousands",
    "upop": "urban population, thousands",
    "cinc": "Composite Index of National Capability: the state's mean share of the six world totals [0, 1]",
}


def main() -> None:
    path = source(
        "peacesciencer/cow_nmc.rda",
        "c265ab4ffa73c87ddc565ce08a12963e8a6aa5020a56e3658108add14b24e82d",
    )
    raw = read_rda(path)
    frame = raw.with_columns(pl.col("ccode").cast(pl.Int32), pl.col("year").cast(pl.Int32))
    publish(
        "nmc",
        frame,
        title="COW National Material Capabilities v7.0",
        description="Six components of national material capability and the CINC score, state-years 1816-2022.",
        upstream="Correlates of War National Material Capabilities",
        version="7.0",
        publisher="Correlates of War Project (via peacesciencer)",
        citation_text=(
            "Singer, J. David, Stuart Bremer and John Stuckey. 1972. Capability Distribution, Uncertainty, and "
            "Major Power War, 1820-1965. In Peace, War, and Numbers, ed. Bruce Russett, 19-48. Beverly Hills: "
            "Sage. Singer, J. David. 1987. Reconstructing the Correlates of War Dataset on Material "
            "Capabilities of States, 1816-1985. International Interactions 14: 115-132. COW National Material "
            "Capabilities v7.0. " + PEACESCIENCER_TEXT
        ),
        citation_bibtex="""
@incollection{singeretal1972cinc,
  author = {Singer, J. David and Bremer, Stuart and Stuckey, John},
  title = {Capability Distribution, Uncertainty, and Major Power War, 1820-1965},
  booktitle = {Peace, War, and Numbers},
  editor = {Russett, Bruce},
  publisher = {Sage}, address = {Beverly Hills}, pages = {19--48}, year = {1972}
}
@article{singer1987nmc,
  author = {Singer, J. David},
  title = {Reconstructing the {Correlates of War} Dataset on Material Capabilities of States, 1816-1985},
  journal = {International Interactions},
  volume = {14}, number = {2}, pages = {115--132}, year = {1987},
  doi = {10.1080/03050628808434695}
}"""
        + PEACESCIENCER_BIB,
        licence=PEACESCIENCER_LICENCE,
        retrieved="2026-07-01",
        unit="state-year",
        code_system="cow",
        key=["ccode", "year"],
        columns=COLUMNS,
        inputs=[path],
        notes="Missing components are null as in the source (COW's -9 already converted to missing).",
    )


if __name__ == "__main__":
    main()
