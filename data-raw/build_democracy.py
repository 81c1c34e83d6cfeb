"""Build ``democracy``: extended UDS, Polity2 and V-Dem polyarchy for COW state-years (isard)."""

from __future__ import annotations

import polars as pl

from _citations import PEACESCIENCER_BIB
from _common import publish, read_rda, source

COLUMNS = {
    "ccode": "COW state code",
    "year": "calendar year",
    "euds": "extended Unified Democracy Score (latent, mean 0 across the original UDS sample; higher = more democratic)",
    "aeuds": "adjusted extended UDS: euds rescaled so that 0 is the cut point between democracy and autocracy used by Marquez",
    "polity2": "Polity5 combined score [-10, 10]",
    "v2x_polyarchy": "V-Dem electoral democracy index [0, 1] (recent V-Dem release)",
}


def main() -> None:
    path = source(
        "isard/cw_democracy.rda", "63817db0ed4be6d4faafe6a1c363ffe3862897fb1b28d53298099fef576be45a"
    )
    frame = read_rda(path).with_columns(
        pl.col("ccode").cast(pl.Int32), pl.col("year").cast(pl.Int32)
    )
    publish(
        "democracy",
        frame,
        title="Democracy scores for COW state-years: extended UDS, Polity2, V-Dem polyarchy (isard)",
        description="Extended Unified Democracy Scores, Polity5 polity2 and V-Dem polyarchy, COW state-years 1816-2025.",
        upstream="isard cw_democracy",
        version="isard 2026-06-25 (V-Dem v15/v16, Polity5, extended UDS)",
        publisher="Steven V. Miller (isard R package) from V-Dem, Polity5 and Marquez's democracyData",
        citation_text=(
            "Marquez, Xavier. 2016. A Quick Method for Extending the Unified Democracy Scores. "
            "doi:10.2139/ssrn.2753830. Pemstein, Daniel, Stephen A. Meserve and James Melton. 2010. Democratic "
            "Compromise: A Latent Variable Analysis of Ten Measures of Regime Type. Political Analysis 18(4): "
            "426-449. Marshall, Monty G. 2020. Polity5: Political Regime Characteristics and Transitions, "
            "1800-2018, Dataset Users' Manual. Center for Systemic Peace. Coppedge, Michael et al. 2025. V-Dem "
            "Country-Year Dataset v15. doi:10.23696/vdemds25. Packaged in isard (Miller)."
        ),
        citation_bibtex="""
@techreport{marquez2016quickuds,
  author = {Marquez, Xavier},
  title = {A Quick Method for Extending the {Unified Democracy Scores}},
  institution = {SSRN}, year = {2016},
  doi = {10.2139/ssrn.2753830}
}
@article{pemstein2010uds,
  author = {Pemstein, Daniel and Meserve, Stephen A. and Melton, James},
  title = {Democratic Compromise: A Latent Variable Analysis of Ten Measures of Regime Type},
  journal = {Political Analysis},
  volume = {18}, number = {4}, pages = {426--449}, year = {2010},
  doi = {10.1093/pan/mpq020}
}
@manual{marshall2020polity5,
  author = {Marshall, Monty G.},
  title = {Polity5: Political Regime Characteristics and Transitions, 1800-2018. Dataset Users' Manual},
  organization = {Center for Systemic Peace}, year = {2020}
}
@misc{vdem15,
  author = {Coppedge, Michael and Gerring, John and Knutsen, Carl Henrik and Lindberg, Staffan I. and Teorell, Jan and others},
  title = {{V-Dem} [Country-Year] Dataset v15},
  publisher = {Varieties of Democracy (V-Dem) Project}, year = {2025},
  doi = {10.23696/vdemds25}
}"""
        + PEACESCIENCER_BIB,
        licence="GPL-2 (isard); V-Dem CC BY-SA 4.0; Polity5 and UDS free for research with citation",
        retrieved="2026-06-25",
        unit="state-year",
        code_system="cow",
        key=["ccode", "year"],
        columns=COLUMNS,
        inputs=[path],
        notes="The extended UDS are point estimates; isard does not carry their standard errors.",
    )


if __name__ == "__main__":
    main()
