"""Build ``gml_mids`` and ``cow_mids``: directed dyadic dispute-years (every dispute, not whittled).

GML MID v2.2.1 (1816-2010) and COW-MID v5.0 (1816-2014), as peacesciencer ships them
(``gml_dirdisp``, ``cow_mid_dirdisps`` plus the dispute-level ``cow_mid_disps``). A dyad
with several disputes in a year has several rows; :func:`socius.panel.add_gml_mids`
chooses one per dyad-year by the user's rule. The build checks that socius's
peacesciencer rule reproduces peacesciencer's own whittled files (``gml_mid_ddydisps``,
``cow_mid_ddydisps``) dispute for dispute.
"""

from __future__ import annotations

import polars as pl

from _citations import PEACESCIENCER_BIB, PEACESCIENCER_LICENCE, PEACESCIENCER_TEXT
from _common import BuildError, publish, read_rda, source

COLUMNS = {
    "dispnum": "MID dispute number",
    "ccode1": "COW code of the first state",
    "ccode2": "COW code of the second state",
    "year": "calendar year of the dispute-year",
    "onset": "1 if the dispute began this year (a new dyadic dispute), else 0",
    "ongoing": "1 (the dispute is ongoing in this year)",
    "sidea1": "1 if the first state is on side A (the side that took the first militarized action)",
    "sidea2": "1 if the second state is on side A",
    "orig1": "1 if the first state was an originator of the dispute (0 = joiner)",
    "orig2": "1 if the second state was an originator",
    "fatality1": "fatality level of the first state (0 none, 1 1-25, ..., 6 >999; -9 unknown)",
    "fatality2": "fatality level of the second state",
    "hostlev1": "highest hostility level of the first state (1 no militarized action ... 5 war)",
    "hostlev2": "highest hostility level of the second state",
    "hiact1": "highest action of the first state (0-23, COW MID coding)",
    "hiact2": "highest action of the second state",
    "fatality": "dispute-level fatality level (-9 unknown)",
    "hostlev": "dispute-level highest hostility level (1-5)",
    "mindur": "dispute-level minimum duration [days]",
    "recip": "1 if the dispute was reciprocated",
    "stmon": "start month of the dispute",
}
INTS = [c for c in COLUMNS if c not in ("ccode1", "ccode2", "year", "dispnum", "mindur")]

BIB_GML = """
@article{giblermillerlittle2016,
  author = {Gibler, Douglas M. and Miller, Steven V. and Little, Erin K.},
  title = {An Analysis of the Militarized Interstate Dispute ({MID}) Dataset, 1816-2001},
  journal = {International Studies Quarterly},
  volume = {60}, number = {4}, pages = {719--730}, year = {2016},
  doi = {10.1093/isq/sqw045}
}"""
BIB_COW = """
@article{palmeretal2022mid5,
  author = {Palmer, Glenn and McManus, Roseanne W. and D'Orazio, Vito and Kenwick, Michael R. and Karstens, Mikaela and Bloch, Chase and Dietrich, Nick and Kahn, Kayla and Ritter, Kellan and Soules, Michael J.},
  title = {The {MID5} Dataset, 2011-2014: Procedures, coding rules, and description},
  journal = {Conflict Management and Peace Science},
  volume = {39}, number = {4}, pages = {470--482}, year = {2022},
  doi = {10.1177/0738894221995743}
}"""


def _tidy(frame: pl.DataFrame, onset: str, ongoing: str) -> pl.DataFrame:
    out = frame.rename({onset: "onset", ongoing: "ongoing"}).select(list(COLUMNS))
    return out.with_columns(
        pl.col("dispnum", "ccode1", "ccode2", "year").cast(pl.Int32),
        pl.col("mindur").cast(pl.Int32),
        *[pl.col(c).cast(pl.Int8) for c in INTS],
    )


def _check_against(frame: pl.DataFrame, reference: pl.DataFrame, name: str) -> None:
    from socius.panel.conflict import whittle

    mine = whittle(frame, "peacesciencer").select("ccode1", "ccode2", "year", "dispnum")
    ref = reference.select(pl.col("ccode1", "ccode2", "year", "dispnum").cast(pl.Int32)).rename(
        {"dispnum": "ref"}
    )
    both = mine.join(ref, on=["ccode1", "ccode2", "year"], how="full", coalesce=True)
    bad = both.filter(
        pl.col("dispnum").is_null() | pl.col("ref").is_null() | (pl.col("dispnum") != pl.col("ref"))
    )
    if bad.height:
        raise BuildError(
            f"{name}: the peacesciencer rule differs from peacesciencer on {bad.height} dyad-years"
        )


def main() -> None:
    gml_path = source(
        "peacesciencer/gml_dirdisp.rda",
        "862dd4c70ffe5b400ef9db9e136e35798f561c2aae9f00e212d1baf3b18bae4a",
    )
    gml_ref = source(
        "peacesciencer/gml_mid_ddydisps.rda",
        "46ce6732909e62b555546ceeeb2f380415c4153fa1cb05824a837ec45a4aa7ce",
    )
    gml = _tidy(read_rda(gml_path), "midonset", "midongoing")
    _check_against(gml, read_rda(gml_ref), "gml_mids")
    publish(
        "gml_mids",
        gml,
        title="Gibler-Miller-Little MID data v2.2.1, directed dispute-years",
        description=(
            "Every directed dyadic dispute-year of the GML MID data (a corrected COW-MID), 1816-2010; "
            "a dyad-year with several disputes has several rows."
        ),
        upstream="GML MID data",
        version="2.2.1",
        publisher="Douglas M. Gibler, Steven V. Miller and Erin K. Little (via peacesciencer)",
        citation_text=(
            "Gibler, Douglas M., Steven V. Miller and Erin K. Little. 2016. An Analysis of the Militarized "
            "Interstate Dispute (MID) Dataset, 1816-2001. International Studies Quarterly 60(4): 719-730. "
            + PEACESCIENCER_TEXT
        ),
        citation_bibtex=BIB_GML + PEACESCIENCER_BIB,
        licence="GML MID: free for academic use with citation; " + PEACESCIENCER_LICENCE,
        retrieved="2026-07-01",
        unit="directed dispute-dyad-year",
        code_system="cow",
        key=["dispnum", "ccode1", "ccode2", "year"],
        columns=COLUMNS,
        inputs=[gml_path, gml_ref],
        coverage={"start": 1816, "end": 2010},
        notes=(
            "Dyad-years of system members without a row had no dispute (0) within 1816-2010. The build "
            "checked that socius's 'peacesciencer' rule reproduces peacesciencer's gml_mid_ddydisps."
        ),
    )

    cow_path = source(
        "peacesciencer/cow_mid_dirdisps.rda",
        "7b9fc5fd0785b423b7ddc8b9319fa30d4e2c8a005342b88c2b1d87b7a6e62a0e",
    )
    disps_path = source(
        "peacesciencer/cow_mid_disps.rda",
        "b0dedb0e905411c506edc29c102766056f61c3fce9c67b7a925e7076028ed34a",
    )
    cow_ref = source(
        "peacesciencer/cow_mid_ddydisps.rda",
        "2db5aeef570a727cd4b28d7f56ad49193d79bbb018019e9225d53321a11d5e45",
    )
    disps = read_rda(disps_path).select(
        "dispnum", "fatality", "hostlev", "mindur", "recip", "stmon"
    )
    raw = read_rda(cow_path).join(disps, on="dispnum", how="left")
    cow = _tidy(raw, "disponset", "dispongoing")
    _check_against(cow, read_rda(cow_ref), "cow_mids")
    publish(
        "cow_mids",
        cow,
        title="Correlates of War MID data v5.0, directed dispute-years",
        description=(
            "Every directed dyadic dispute-year of COW-MID v5.0 (dyadic version by peacesciencer), "
            "1816-2014, with dispute-level fatality, hostility, duration, reciprocation and start month."
        ),
        upstream="Correlates of War Militarized Interstate Disputes",
        version="5.0",
        publisher="Correlates of War Project (via peacesciencer)",
        citation_text=(
            "Palmer, Glenn et al. 2022. The MID5 Dataset, 2011-2014: Procedures, coding rules, and "
            "description. Conflict Management and Peace Science 39(4): 470-482. "
            + PEACESCIENCER_TEXT
        ),
        citation_bibtex=BIB_COW + PEACESCIENCER_BIB,
        licence=PEACESCIENCER_LICENCE,
        retrieved="2026-07-01",
        unit="directed dispute-dyad-year",
        code_system="cow",
        key=["dispnum", "ccode1", "ccode2", "year"],
        columns=COLUMNS,
        inputs=[cow_path, disps_path, cow_ref],
        coverage={"start": 1816, "end": 2014},
        notes=(
            "Dyad-years of system members without a row had no dispute (0) within 1816-2014. The build "
            "checked that socius's 'peacesciencer' rule reproduces peacesciencer's cow_mid_ddydisps."
        ),
    )


if __name__ == "__main__":
    main()
