"""Build ``unga_idealpoints``: Bailey-Strezhnev-Voeten UNGA ideal points with posterior quantiles."""

from __future__ import annotations

import polars as pl

from _common import publish, source

COLUMNS = {
    "ccode": "COW state code",
    "year": "calendar year in which the session opened (1945 + session)",
    "session": "UNGA session number",
    "nvotes": "number of votes the estimate rests on",
    "idealpoint": "ideal point estimate (higher = closer to the US-led liberal order)",
    "idealpoint_q05": "5% posterior quantile of the ideal point",
    "idealpoint_q10": "10% posterior quantile",
    "idealpoint_q50": "posterior median",
    "idealpoint_q90": "90% posterior quantile",
    "idealpoint_q95": "95% posterior quantile",
    "agree_usa": "share of votes agreeing with the United States",
    "agree_russia": "share of votes agreeing with Russia (USSR)",
    "agree_china": "share of votes agreeing with China",
    "agree_india": "share of votes agreeing with India",
}


def main() -> None:
    path = source(
        "unga_idealpoints/IdealpointestimatesAll_Jun2024.csv",
        "adaeca9a9d617afaf463f892a868fbfe17b33bbd6bdb613688d67f1b8dd6887d",
    )
    raw = pl.read_csv(path, infer_schema_length=100_000, null_values=["NA", ""])
    frame = raw.select(
        pl.col("ccode").cast(pl.Int32),
        (pl.col("session") + 1945).cast(pl.Int32).alias("year"),
        pl.col("session").cast(pl.Int16),
        pl.col("NVotesAll").cast(pl.Int32).alias("nvotes"),
        pl.col("IdealPointAll").alias("idealpoint"),
        pl.col("Q5%All").alias("idealpoint_q05"),
        pl.col("Q10%All").alias("idealpoint_q10"),
        pl.col("Q50%All").alias("idealpoint_q50"),
        pl.col("Q90%All").alias("idealpoint_q90"),
        pl.col("Q95%All").alias("idealpoint_q95"),
        pl.col("USAgree").alias("agree_usa"),
        pl.col("RUSSAgree").alias("agree_russia"),
        pl.col("ChinaAgree").alias("agree_china"),
        pl.col("IndiaAgree").alias("agree_india"),
    )
    publish(
        "unga_idealpoints",
        frame,
        title="UN General Assembly ideal points (Bailey, Strezhnev and Voeten), June 2024 release",
        description="Dynamic ideal-point estimates from all UNGA votes, sessions 1-78 (1946-2023), with posterior quantiles.",
        upstream="UNGA Voting Data: Idealpoint estimates (all votes)",
        version="June 2024",
        publisher="Michael A. Bailey, Anton Strezhnev and Erik Voeten (Harvard Dataverse)",
        citation_text=(
            "Bailey, Michael A., Anton Strezhnev and Erik Voeten. 2017. Estimating Dynamic State Preferences from "
            "United Nations Voting Data. Journal of Conflict Resolution 61(2): 430-456. Voeten, Erik, Anton "
            "Strezhnev and Michael Bailey. 2009. United Nations General Assembly Voting Data. Harvard Dataverse, "
            "hdl:1902.1/12379 (ideal points, June 2024)."
        ),
        citation_bibtex="""
@article{bailey2017idealpoints,
  author = {Bailey, Michael A. and Strezhnev, Anton and Voeten, Erik},
  title = {Estimating Dynamic State Preferences from {United Nations} Voting Data},
  journal = {Journal of Conflict Resolution},
  volume = {61}, number = {2}, pages = {430--456}, year = {2017},
  doi = {10.1177/0022002715595700}
}
@misc{voeten2009ungadata,
  author = {Voeten, Erik and Strezhnev, Anton and Bailey, Michael},
  title = {United Nations General Assembly Voting Data},
  howpublished = {Harvard Dataverse}, year = {2009},
  note = {hdl:1902.1/12379}
}""",
        licence="Academic data published on Harvard Dataverse for reuse with citation",
        retrieved="2025-03-20",
        unit="state-year (UNGA session)",
        code_system="cow",
        key=["ccode", "year"],
        columns=COLUMNS,
        inputs=[path],
        notes="Session s opens in September of year 1945 + s; the file's line endings were normalised upstream (content identical).",
    )


if __name__ == "__main__":
    main()
