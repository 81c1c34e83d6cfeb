"""Build ``vdem``: selected V-Dem v14 indices (vdemlite subset), COW-coded, 1970-2023."""

from __future__ import annotations

import polars as pl

from _citations import VDEM_BIB
from _common import publish, read_rda, source
from _names import in_cow_system, with_ccode

COLUMNS = {
    "ccode": "COW state code",
    "year": "calendar year",
    "v2x_polyarchy": "electoral democracy index [0, 1]",
    "v2x_libdem": "liberal democracy index [0, 1]",
    "v2x_liberal": "liberal component index [0, 1]",
    "v2x_civlib": "civil liberties index [0, 1]",
    "v2x_clphy": "physical violence index (freedom from political killings and torture) [0, 1]",
    "v2x_clpol": "political civil liberties index [0, 1]",
    "v2x_rule": "rule of law index [0, 1]",
    "v2xcl_rol": "equality before the law and individual liberty index [0, 1]",
    "v2x_jucon": "judicial constraints on the executive index [0, 1]",
    "v2x_freexp_altinf": "freedom of expression and alternative sources of information index [0, 1]",
    "v2x_corr": "political corruption index [0, 1] (higher = more corrupt)",
    "v2x_regime": "Regimes of the World: 0 closed autocracy, 1 electoral autocracy, 2 electoral democracy, 3 liberal democracy",
    "v2x_ex_military": "military dimension index of the executive [0, 1] (how far the chief executive's appointment and removal rest on the military)",
    "vdem_country": "V-Dem country name",
}
SOURCE_COLS = [c for c in COLUMNS if c.startswith("v2")]


def main() -> None:
    path = source(
        "vdemlite/vdemlite.rda", "634ee6731c6cc33bb6b3b9c54172fd7e0ef1422344718ab66e576b0793d4ba1c"
    )
    raw = read_rda(path).select(
        pl.col("country_name"),
        pl.col("year").cast(pl.Int32),
        *[pl.col(c).cast(pl.Float64) for c in SOURCE_COLS],
    )
    coded = in_cow_system(with_ccode(raw))
    frame = coded.select(
        "ccode",
        "year",
        *[c for c in SOURCE_COLS if c != "v2x_regime"],
        pl.col("v2x_regime").cast(pl.Int8),
        pl.col("country_name").alias("vdem_country"),
    ).select(list(COLUMNS))
    publish(
        "vdem",
        frame,
        title="V-Dem v14 selected indices (democracy, liberties, rule of law, regime, military executive)",
        description=(
            "V-Dem country-year indices from the vdemlite subset of V-Dem v14, matched to COW state-years, 1970-2023."
        ),
        upstream="V-Dem Country-Year Dataset (vdemlite subset)",
        version="14",
        publisher="V-Dem Institute, University of Gothenburg (subset by E. Teitelbaum, vdemlite)",
        citation_text=(
            "Coppedge, Michael, John Gerring, Carl Henrik Knutsen, Staffan I. Lindberg, Jan Teorell et al. 2024. "
            "V-Dem [Country-Year] Dataset v14. Varieties of Democracy (V-Dem) Project. doi:10.23696/mcwt-fr58. "
            "Pemstein, Daniel et al. 2024. The V-Dem Measurement Model. V-Dem Working Paper 21. "
            "Subset: Teitelbaum, Emmanuel. vdemlite (R package)."
        ),
        citation_bibtex=VDEM_BIB,
        licence="CC BY-SA 4.0 (V-Dem; share-alike applies to this derived snapshot)",
        retrieved="2024-09-12",
        unit="state-year",
        code_system="cow",
        key=["ccode", "year"],
        columns=COLUMNS,
        inputs=[path],
        notes=(
            "V-Dem country names matched to COW codes by year (socius.codes); V-Dem units that are not COW "
            "state-years (Hong Kong, Palestine, Somaliland, pre-independence years) are left out. The subset "
            "carries no measurement-model bounds (codelow/codehigh)."
        ),
    )


if __name__ == "__main__":
    main()
