"""Build ``nuclear_tests``: nuclear explosive tests per state-year (Arms Control Association; OWID)."""

from __future__ import annotations

import polars as pl

from _common import publish, source
from _names import with_ccode
from _nuclear import OWID_NUCLEAR_NOTE

COLUMNS = {
    "ccode": "COW state code",
    "year": "calendar year",
    "nuclear_tests": "number of nuclear explosive tests",
}


def main() -> None:
    path = source(
        "nuclear_owid/nuclear_weapons_tests_states.csv",
        "25b48ff6e1e677ad6f7846adc2faa6de193accc1e066542a1cc4acd05e5c6072",
    )
    raw = pl.read_csv(path).with_columns(pl.col("year").cast(pl.Int32))
    frame = with_ccode(raw).select(
        "ccode", "year", pl.col("nuclear_weapons_tests").cast(pl.Int16).alias("nuclear_tests")
    )
    publish(
        "nuclear_tests",
        frame,
        title="Nuclear weapons tests (Arms Control Association; OWID)",
        description="Number of nuclear tests by the states that tested, 1945-2019.",
        upstream="Arms Control Association, The Nuclear Testing Tally (OWID series)",
        version="ACA 2020",
        publisher="Arms Control Association; processed by Our World in Data",
        citation_text="Arms Control Association. 2020. The Nuclear Testing Tally. "
        + OWID_NUCLEAR_NOTE,
        citation_bibtex="""
@misc{aca2020testing,
  author = {{Arms Control Association}},
  title = {The Nuclear Testing Tally},
  year = {2020},
  url = {https://www.armscontrol.org/factsheets/nucleartesttally}
}
@misc{owid_nuclear,
  author = {Herre, Bastian},
  title = {Nuclear Weapons Datasets},
  howpublished = {Our World in Data}, year = {2024},
  url = {https://github.com/owid/notebooks/tree/main/BastianHerre/nuclear_weapons}
}""",
        licence="OWID processing CC BY 4.0; ACA content: attribution",
        retrieved="2024-06-14",
        unit="state-year",
        code_system="cow",
        key=["ccode", "year"],
        columns=COLUMNS,
        inputs=[path],
        notes="Only states that have tested are listed (0 in the years between their tests).",
    )


if __name__ == "__main__":
    main()
