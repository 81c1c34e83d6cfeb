"""Build ``nuclear_status``: nuclear-weapons status 0-3 per state-year (Bleek 2017 / NTI, OWID)."""

from __future__ import annotations

import polars as pl

from _common import publish, source
from _names import in_cow_system, with_ccode
from _nuclear import BLEEK_BIB, OWID_NUCLEAR_NOTE

COLUMNS = {
    "ccode": "COW state code",
    "year": "calendar year",
    "nuclear_status": "0 no consideration, 1 consideration, 2 pursuit, 3 possession of nuclear weapons",
}


def main() -> None:
    path = source(
        "nuclear_owid/nuclear_weapons_proliferation_owid.csv",
        "13cc1316b676e8054ec595e4c279908e8cc4933eaca9c735a4cb8aefe70456a1",
    )
    raw = pl.read_csv(path).with_columns(pl.col("year").cast(pl.Int32))
    coded = in_cow_system(with_ccode(raw))
    frame = coded.select(
        "ccode", "year", pl.col("nuclear_weapons_status").cast(pl.Int8).alias("nuclear_status")
    )
    publish(
        "nuclear_status",
        frame,
        title="Nuclear weapons proliferation status (Bleek 2017, NTI 2022; OWID)",
        description="Whether a state considered, pursued or possessed nuclear weapons, state-years 1938-2022.",
        upstream="OWID nuclear weapons proliferation (based on Bleek 2017 and NTI 2022)",
        version="OWID 2024 (data to 2022)",
        publisher="Philipp C. Bleek; Nuclear Threat Initiative; processed by Our World in Data",
        citation_text=(
            "Bleek, Philipp C. 2017. When Did (and Didn't) States Proliferate? Chronicling the Spread of Nuclear "
            "Weapons. Discussion paper, Belfer Center and James Martin CNS. Nuclear Threat Initiative. 2022. Country "
            "profiles. " + OWID_NUCLEAR_NOTE
        ),
        citation_bibtex=BLEEK_BIB,
        licence="OWID processing CC BY 4.0; underlying sources: attribution required",
        retrieved="2024-06-14",
        unit="state-year",
        code_system="cow",
        key=["ccode", "year"],
        columns=COLUMNS,
        inputs=[path],
        notes="Belarus, Kazakhstan and Ukraine, which held Soviet weapons after 1991, are not coded as possessing them.",
    )


if __name__ == "__main__":
    main()
