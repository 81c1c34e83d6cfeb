"""Build ``un_rollcalls``: UNGA roll-call descriptions and issue codes, 1946-2019."""

from __future__ import annotations

import polars as pl

from _common import publish, read_rda, source
from build_unvotes import UN_BIB, UN_TEXT

ISSUES = {
    "me": "Palestinian conflict",
    "nu": "Nuclear weapons and nuclear material",
    "di": "Arms control and disarmament",
    "hr": "Human rights",
    "co": "Colonialism",
    "ec": "Economic development",
}
COLUMNS = {
    "rcid": "roll-call identifier",
    "session": "UNGA session number",
    "date": "date of the vote",
    "year": "calendar year of the vote",
    "important": "1 if the US State Department classed the vote as important",
    "unres": "resolution symbol",
    "amend": "1 if a vote on an amendment",
    "para": "1 if a vote on a paragraph",
    "short": "short description",
    "descr": "long description",
    **{f"issue_{k}": f"roll call concerns: {v}" for k, v in ISSUES.items()},
}


def main() -> None:
    calls_path = source(
        "unvotes/un_roll_calls.rda",
        "ff2070ae600cfd32176c6d149637306b9b677d6b910f48bec59a15357d673b4b",
    )
    issues_path = source(
        "unvotes/un_roll_call_issues.rda",
        "eec1b509ebce692c242b842837d5d861b52b65b2868a7c66f573d4a87d2eb0be",
    )
    calls = read_rda(calls_path)
    issues = read_rda(issues_path).select(
        pl.col("rcid").cast(pl.Int32), pl.col("short_name").cast(pl.String)
    )
    flags = issues.with_columns(pl.lit(True).alias("flag")).pivot(
        on="short_name", index="rcid", values="flag"
    )
    frame = calls.select(
        pl.col("rcid").cast(pl.Int32),
        pl.col("session").cast(pl.Int16),
        pl.col("date"),
        pl.col("date").dt.year().cast(pl.Int32).alias("year"),
        pl.col("importantvote").cast(pl.Int8).alias("important"),
        pl.col("unres"),
        pl.col("amend").cast(pl.Int8),
        pl.col("para").cast(pl.Int8),
        pl.col("short"),
        pl.col("descr"),
    ).join(flags, on="rcid", how="left")
    frame = frame.with_columns(
        [
            pl.col(k).fill_null(False).alias(f"issue_{k}")
            if k in frame.columns
            else pl.lit(False).alias(f"issue_{k}")
            for k in ISSUES
        ]
    ).select(list(COLUMNS))
    publish(
        "un_rollcalls",
        frame,
        title="UN General Assembly roll calls with issue codes (Voeten), 1946-2019",
        description="Session, date, resolution, descriptions and six issue codes for each UNGA roll call.",
        upstream="United Nations General Assembly Voting Data (unvotes R package)",
        version="unvotes 0.3.0 data (sessions 1-74)",
        publisher="Erik Voeten, Anton Strezhnev and Michael Bailey; packaged by David Robinson",
        citation_text=UN_TEXT,
        citation_bibtex=UN_BIB,
        licence="MIT (unvotes package); underlying Dataverse data free to use with citation",
        retrieved="2021-03-08",
        unit="roll call",
        code_system="none",
        key=["rcid"],
        columns=COLUMNS,
        inputs=[calls_path, issues_path],
    )


if __name__ == "__main__":
    main()
