"""Build ``nuclear_stockpiles``: nuclear warhead stockpiles per state-year (FAS, OWID)."""

from __future__ import annotations

import polars as pl

from _common import publish, source
from _names import with_ccode
from _nuclear import FAS_BIB, OWID_NUCLEAR_NOTE

COLUMNS = {
    "ccode": "COW state code",
    "year": "calendar year",
    "warheads": "estimated nuclear warhead stockpile (0 = none; the series lists only the nine nuclear-armed states)",
}


def main() -> None:
    path = source(
        "nuclear_owid/nuclear_weapons_stockpiles.csv",
        "1521719ffd9df10cedc86a9f7e7045c4122a7f90afb6df11e1270af9f5eeb077",
    )
    raw = pl.read_csv(path).with_columns(pl.col("year").cast(pl.Int32))
    coded = with_ccode(raw)
    frame = coded.select(
        "ccode", "year", pl.col("nuclear_weapons_stockpile").cast(pl.Int32).alias("warheads")
    )
    publish(
        "nuclear_stockpiles",
        frame,
        title="Nuclear warhead stockpiles (Federation of American Scientists; OWID)",
        description="Estimated stockpiles of the nine nuclear-armed states, 1945-2023.",
        upstream="FAS Status of World Nuclear Forces (OWID series)",
        version="FAS 2023",
        publisher="Federation of American Scientists; processed by Our World in Data",
        citation_text=(
            "Kristensen, Hans M., Matt Korda et al. 2023. Status of World Nuclear Forces. Federation of American "
            "Scientists. " + OWID_NUCLEAR_NOTE
        ),
        citation_bibtex=FAS_BIB,
        licence="OWID processing CC BY 4.0; FAS content: attribution",
        retrieved="2024-06-14",
        unit="state-year",
        code_system="cow",
        key=["ccode", "year"],
        columns=COLUMNS,
        inputs=[path],
        notes="States not listed had no warheads in the FAS estimates; 'World' totals are left out. Years before a state's independence (pre-1948 rows for Israel, India, Pakistan, North Korea) are left out.",
    )


if __name__ == "__main__":
    main()
