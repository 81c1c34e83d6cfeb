"""Build ``gdppop``: simulated GDP, GDP per capita and population with uncertainty (Fariss et al. 2022)."""

from __future__ import annotations

import polars as pl

from _citations import PEACESCIENCER_BIB
from _common import publish, read_rda, source

COLUMNS = {
    "ccode": "COW state code",
    "year": "calendar year",
    "gdppc": "GDP per capita, 2011 international dollars (Maddison-anchored, posterior mean)",
    "gdppc_sd": "standard deviation of gdppc",
    "gdp": "GDP, millions of 2017 international dollars (PWT-anchored, posterior mean)",
    "gdp_sd": "standard deviation of gdp",
    "population": "population, millions (PWT-anchored, posterior mean)",
    "population_sd": "standard deviation of population",
}


def main() -> None:
    path = source(
        "isard/cw_gdppop.rda", "205017f75f9d65b1b01c48d594a018e6ef7de285891dfea15b2dfb95a5174b97"
    )
    raw = read_rda(path)
    frame = raw.select(
        pl.col("ccode").cast(pl.Int32),
        pl.col("year").cast(pl.Int32),
        pl.col("mrgdppc").alias("gdppc"),
        pl.col("sd_mrgdppc").alias("gdppc_sd"),
        pl.col("pwtrgdp").alias("gdp"),
        pl.col("sd_pwtrgdp").alias("gdp_sd"),
        pl.col("pwtpop").alias("population"),
        pl.col("sd_pwtpop").alias("population_sd"),
    )
    publish(
        "gdppop",
        frame,
        title="Simulated GDP and population (Fariss, Anders, Markowitz and Barnum 2022)",
        description="Latent estimates of GDP, GDP per capita and population with standard deviations, COW state-years 1816-2019.",
        upstream="isard cw_gdppop",
        version="Fariss et al. 2022 (isard 2026-06-25)",
        publisher="Christopher J. Fariss et al.; packaged by Steven V. Miller (isard)",
        citation_text=(
            "Fariss, Christopher J., Therese Anders, Jonathan N. Markowitz and Miriam Barnum. 2022. New Estimates of "
            "Over 500 Years of Historic GDP and Population Data. Journal of Conflict Resolution 66(3): 553-591. "
            "Packaged in isard (Miller)."
        ),
        citation_bibtex="""
@article{fariss2022gdp,
  author = {Fariss, Christopher J. and Anders, Therese and Markowitz, Jonathan N. and Barnum, Miriam},
  title = {New Estimates of Over 500 Years of Historic {GDP} and Population Data},
  journal = {Journal of Conflict Resolution},
  volume = {66}, number = {3}, pages = {553--591}, year = {2022},
  doi = {10.1177/00220027211054432}
}"""
        + PEACESCIENCER_BIB,
        licence="GPL-2 (isard); data free with citation",
        retrieved="2026-06-25",
        unit="state-year",
        code_system="cow",
        key=["ccode", "year"],
        columns=COLUMNS,
        inputs=[path],
    )


if __name__ == "__main__":
    main()
