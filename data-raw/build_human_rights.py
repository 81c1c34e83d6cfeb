"""Build ``human_rights``: Fariss et al. latent human-rights protection scores v4.01 (OWID copy)."""

from __future__ import annotations

import polars as pl

from _citations import OWID_NOTE
from _common import publish, source
from _names import in_cow_system, with_ccode

COLUMNS = {
    "ccode": "COW state code",
    "year": "calendar year",
    "hr_protection": "latent human-rights protection score (posterior mean; higher = more respect for physical integrity rights; roughly -3 to 5)",
}


def main() -> None:
    path = source(
        "owid_democracy/human_rights_protection.csv",
        "a1681caed0e0b428df797a56c22b0b97186bda8398125155cf06f2aa5b033f41",
    )
    raw = pl.read_csv(path).with_columns(pl.col("year").cast(pl.Int32))
    coded = in_cow_system(with_ccode(raw))
    frame = coded.select("ccode", "year", pl.col("human_rights_protection").alias("hr_protection"))
    publish(
        "human_rights",
        frame,
        title="Human Rights Protection Scores v4.01 (Fariss, Kenwick and Reuning)",
        description="Latent physical-integrity human-rights protection scores, 1946-2019.",
        upstream="Latent Human Rights Protection Scores",
        version="4.01",
        publisher="Christopher J. Fariss, Michael R. Kenwick and Kevin Reuning; copy processed by Our World in Data",
        citation_text=(
            "Fariss, Christopher J., Michael R. Kenwick and Kevin Reuning. 2020. Estimating One-Sided-Killings from "
            "a Robust Measurement Model of Human Rights. Journal of Peace Research 57(6): 801-814. Fariss, "
            "Christopher J. 2014. Respect for Human Rights has Improved Over Time: Modeling the Changing Standard "
            "of Accountability. American Political Science Review 108(2): 297-318. " + OWID_NOTE
        ),
        citation_bibtex="""
@article{fariss2020hrp,
  author = {Fariss, Christopher J. and Kenwick, Michael R. and Reuning, Kevin},
  title = {Estimating One-Sided-Killings from a Robust Measurement Model of Human Rights},
  journal = {Journal of Peace Research},
  volume = {57}, number = {6}, pages = {801--814}, year = {2020},
  doi = {10.1177/0022343320965670}
}
@article{fariss2014hrp,
  author = {Fariss, Christopher J.},
  title = {Respect for Human Rights has Improved Over Time: Modeling the Changing Standard of Accountability},
  journal = {American Political Science Review},
  volume = {108}, number = {2}, pages = {297--318}, year = {2014},
  doi = {10.1017/S0003055414000070}
}""",
        licence="Free for research with citation (Harvard Dataverse); OWID processing CC BY 4.0",
        retrieved="2024-06-14",
        unit="state-year",
        code_system="cow",
        key=["ccode", "year"],
        columns=COLUMNS,
        inputs=[path],
        notes="The OWID copy carries the posterior mean only, not its standard deviation.",
    )


if __name__ == "__main__":
    main()
