"""Build ``unvotes``: UN General Assembly roll-call votes (yes/abstain/no), COW-coded, 1946-2019."""

from __future__ import annotations

import polars as pl

from _common import publish, read_rda, source
from _names import in_cow_system, with_ccode

UN_BIB = """
@incollection{voeten2013unga,
  author = {Voeten, Erik},
  title = {Data and Analyses of Voting in the {UN} {General Assembly}},
  booktitle = {Routledge Handbook of International Organization},
  editor = {Reinalda, Bob},
  publisher = {Routledge}, year = {2013}
}
@misc{voeten2009ungadata,
  author = {Voeten, Erik and Strezhnev, Anton and Bailey, Michael},
  title = {United Nations General Assembly Voting Data},
  howpublished = {Harvard Dataverse}, year = {2009},
  note = {hdl:1902.1/12379}
}"""
UN_TEXT = (
    "Voeten, Erik. 2013. Data and Analyses of Voting in the UN General Assembly. In Routledge Handbook of "
    "International Organization, ed. Bob Reinalda. Voeten, Erik, Anton Strezhnev and Michael Bailey. 2009. United "
    "Nations General Assembly Voting Data. Harvard Dataverse, hdl:1902.1/12379. Packaged in the unvotes R "
    "package (David Robinson)."
)

COLUMNS = {
    "rcid": "roll-call identifier (joins un_rollcalls)",
    "year": "calendar year of the vote",
    "ccode": "COW state code",
    "vote": "yes, abstain or no (absent states and non-members have no row)",
}


def main() -> None:
    votes_path = source(
        "unvotes/un_votes.rda", "cf814a48bc536e8f87f8e027942ac515fe6aae9d63cd71dd88ed718b14887e87"
    )
    calls_path = source(
        "unvotes/un_roll_calls.rda",
        "ff2070ae600cfd32176c6d149637306b9b677d6b910f48bec59a15357d673b4b",
    )
    calls = read_rda(calls_path).select(
        pl.col("rcid").cast(pl.Int32), pl.col("date").dt.year().cast(pl.Int32).alias("year")
    )
    votes = (
        read_rda(votes_path)
        .select(pl.col("rcid").cast(pl.Int32), pl.col("country"), pl.col("vote").cast(pl.String))
        .join(calls, on="rcid", how="inner")
    )
    # The Republic of China held China's seat; unvotes labels it "Taiwan" throughout, but before the
    # move to Taipei (COW 713 starts in 1949) it is China, COW 710.
    votes = votes.with_columns(
        pl.when((pl.col("country") == "Taiwan") & (pl.col("year") < 1949))
        .then(pl.lit("China"))
        .otherwise(pl.col("country"))
        .alias("country")
    )
    coded = in_cow_system(with_ccode(votes, column="country"))
    frame = coded.select(
        "rcid", "year", "ccode", pl.col("vote").cast(pl.Enum(["yes", "abstain", "no"]))
    )
    publish(
        "unvotes",
        frame,
        title="UN General Assembly roll-call votes (Voeten), 1946-2019",
        description="Country votes on UNGA roll calls, sessions 1-74, COW-coded.",
        upstream="United Nations General Assembly Voting Data (unvotes R package)",
        version="unvotes 0.3.0 data (sessions 1-74, to 2020-01-14)",
        publisher="Erik Voeten, Anton Strezhnev and Michael Bailey; packaged by David Robinson",
        citation_text=UN_TEXT,
        citation_bibtex=UN_BIB,
        licence="MIT (unvotes package); underlying Dataverse data free to use with citation",
        retrieved="2021-03-08",
        unit="state-roll-call",
        code_system="cow",
        key=["rcid", "ccode"],
        columns=COLUMNS,
        inputs=[votes_path, calls_path],
        notes=(
            "Votes are matched to COW codes by country name and year; the calendar year of the vote is used. "
            "Votes of UN members that are not COW states are left out: the Ukrainian and Byelorussian SSRs "
            "(1946-1990) and British India (1946). The Republic of China's votes count as China (710) before "
            "1949 and as Taiwan (713) from 1949 to 1971."
        ),
    )


if __name__ == "__main__":
    main()
