"""Build ``freedom_house``: Freedom in the World ratings and scores (OWID processing), COW-coded."""

from __future__ import annotations

import polars as pl

from _citations import OWID_NOTE
from _common import publish, source
from _names import in_cow_system, with_ccode

COLUMNS = {
    "ccode": "COW state code",
    "year": "year covered by the rating (the FIW edition published the following year)",
    "fh_status": "0 not free, 1 partly free, 2 free",
    "fh_pr": "political rights rating, 1 (most free) to 7 (least free)",
    "fh_cl": "civil liberties rating, 1 (most free) to 7 (least free)",
    "fh_electdem": "1 if an electoral democracy, else 0",
    "fh_pr_score": "political rights aggregate score [0, 40] (2005 onwards)",
    "fh_cl_score": "civil liberties aggregate score [0, 60] (2005 onwards)",
    "fh_country": "Freedom House / OWID country name",
}


def main() -> None:
    path = source(
        "owid_democracy/fh_final.csv",
        "f3889cb0c94ad3574501a6de695f3479a93edf641443ce03b2ca568ce6bfecd5",
    )
    raw = pl.read_csv(path, infer_schema_length=100_000).filter(pl.col("country_fh") == 1)
    raw = raw.with_columns(pl.col("year").cast(pl.Int32))
    coded = in_cow_system(with_ccode(raw))
    frame = coded.select(
        "ccode",
        "year",
        pl.col("regime_fh").cast(pl.Int8).alias("fh_status"),
        pl.col("polrights_fh").cast(pl.Int8).alias("fh_pr"),
        pl.col("civlibs_fh").cast(pl.Int8).alias("fh_cl"),
        pl.col("electdem_fh").cast(pl.Int8).alias("fh_electdem"),
        pl.col("polrights_score_fh").cast(pl.Int16).alias("fh_pr_score"),
        pl.col("civlibs_score_fh").cast(pl.Int16).alias("fh_cl_score"),
        pl.col("country_name").alias("fh_country"),
    ).filter(pl.any_horizontal(pl.col("fh_status", "fh_pr", "fh_cl").is_not_null()))
    publish(
        "freedom_house",
        frame,
        title="Freedom House, Freedom in the World 1973-2023 editions (ratings and scores)",
        description="Status, political-rights and civil-liberties ratings (1972-2022) and aggregate scores (2005-2022).",
        upstream="Freedom in the World, Country and Territory Ratings and Statuses (OWID processing)",
        version="FIW 2023 (data through 2022)",
        publisher="Freedom House; processed by Our World in Data",
        citation_text=(
            "Freedom House. 2023. Freedom in the World 2023: Country and Territory Ratings and Statuses, "
            "1973-2023. Washington, DC: Freedom House. " + OWID_NOTE
        ),
        citation_bibtex="""
@misc{freedomhouse2023,
  author = {{Freedom House}},
  title = {Freedom in the World 2023: Country and Territory Ratings and Statuses, 1973-2023},
  year = {2023},
  url = {https://freedomhouse.org/report/freedom-world}
}
@misc{owid_democracy,
  author = {Herre, Bastian},
  title = {Democracy and Human Rights Datasets (processing of Freedom House data)},
  howpublished = {Our World in Data}, year = {2023},
  url = {https://github.com/owid/notebooks/tree/main/BastianHerre/democracy}
}""",
        licence="Freedom House data: free to use with attribution (check Freedom House terms for commercial reuse); OWID processing CC BY 4.0",
        retrieved="2024-06-14",
        unit="state-year",
        code_system="cow",
        key=["ccode", "year"],
        columns=COLUMNS,
        inputs=[path],
        notes=(
            "Only entities Freedom House treats as countries are kept; territories are left out. "
            "Years are the years covered (OWID labels them 'Edition'; the FIW 2023 edition covers 2022)."
        ),
    )


if __name__ == "__main__":
    main()
