"""Build ``nuclear_proficiency``: nu-CLEAR latent nuclear proficiency with credible intervals."""

from __future__ import annotations

import polars as pl

from _common import publish, source

COLUMNS = {
    "ccode": "COW state code",
    "year": "calendar year",
    "nu_mean": "latent nuclear proficiency (posterior mean)",
    "nu_lower80": "80% credible interval, lower bound",
    "nu_upper80": "80% credible interval, upper bound",
    "nu_lower95": "95% credible interval, lower bound",
    "nu_upper95": "95% credible interval, upper bound",
    "enrichment": "1 if the state had uranium enrichment capability",
    "reprocess": "1 if the state had plutonium reprocessing capability",
    "explore": "1 if the state explored nuclear weapons (Singh and Way style)",
    "pursue": "1 if the state pursued nuclear weapons",
    "possession": "1 if the state possessed nuclear weapons",
}


def main() -> None:
    path = source(
        "nuclear_latency_cns/nu_public_rep.csv",
        "f68ee1ac830eb7471163edeb8f7eeef152eec151cf4fa59ffb29412d9fe7b550",
    )
    raw = pl.read_csv(path, infer_schema_length=100_000, null_values=["NA"])
    frame = raw.select(
        pl.col("ccode").cast(pl.Int32),
        pl.col("year").cast(pl.Int32),
        pl.col("Nu_means").alias("nu_mean"),
        pl.col("Nu_lower_80").alias("nu_lower80"),
        pl.col("Nu_upper_80").alias("nu_upper80"),
        pl.col("Nu_lower_95").alias("nu_lower95"),
        pl.col("Nu_upper_95").alias("nu_upper95"),
        *[
            pl.col(c).cast(pl.Int8)
            for c in ("enrichment", "reprocess", "explore", "pursue", "possession")
        ],
    )
    publish(
        "nuclear_proficiency",
        frame,
        title="nu-CLEAR latent nuclear proficiency (Smith and Spaniel)",
        description="Latent nuclear proficiency with 80% and 95% credible intervals and component indicators, 1938-2001.",
        upstream="nu-CLEAR",
        version="public replication file",
        publisher="Bradley C. Smith and William Spaniel (via the data4ds4da R package)",
        citation_text=(
            "Smith, Bradley C. and William Spaniel. 2019. Introducing nu-CLEAR: A Latent Variable Approach to "
            "Measuring Nuclear Proficiency. Conflict Management and Peace Science 37(2): 232-256. "
            "doi:10.1177/0738894217741619."
        ),
        citation_bibtex="""
@article{smithspaniel2019nuclear,
  author = {Smith, Bradley C. and Spaniel, William},
  title = {Introducing nu-{CLEAR}: A Latent Variable Approach to Measuring Nuclear Proficiency},
  journal = {Conflict Management and Peace Science},
  volume = {37}, number = {2}, pages = {232--256}, year = {2020},
  doi = {10.1177/0738894217741619}
}""",
        licence="Academic data free with citation; data4ds4da package GPL-3",
        retrieved="2020-01-21",
        unit="state-year",
        code_system="cow",
        key=["ccode", "year"],
        columns=COLUMNS,
        inputs=[path],
    )


if __name__ == "__main__":
    main()
