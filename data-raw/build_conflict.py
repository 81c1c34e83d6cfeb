"""Build the COW war, UCDP/PRIO and strategic-rivalry snapshots used by socius.panel.conflict.

* ``cow_war_inter``: COW Inter-State War v4.0, directed war-dyad-years (peacesciencer's coding).
* ``cow_war_intra``: COW Intra-State War v4.1, one row per war, participating state and year.
* ``ucdp_acd``: UCDP/PRIO Armed Conflict v25.1, one row per conflict, primary party and year.
* ``ucdp_onsets``: UCDP onset counts per Gleditsch-Ward state-year (1946-2017).
* ``td_rivalries`` / ``tss_rivalries``: Thompson-Dreyer and Thompson-Sakuwa-Suhas rivalry spells.
"""

from __future__ import annotations

import polars as pl

from _citations import PEACESCIENCER_BIB, PEACESCIENCER_LICENCE, PEACESCIENCER_TEXT
from _common import publish, read_rda, source

PS = "peacesciencer/"
RETRIEVED = "2026-07-01"

BIB_WARS = """
@book{sarkeeswayman2010,
  author = {Sarkees, Meredith Reid and Wayman, Frank Whelon},
  title = {Resort to War: A Data Guide to Inter-state, Extra-state, Intra-state, and Non-state Wars, 1816-2007},
  publisher = {CQ Press}, address = {Washington, DC}, year = {2010}
}"""
TEXT_WARS = (
    "Sarkees, Meredith Reid and Frank Whelon Wayman. 2010. Resort to War: A Data Guide to Inter-state, "
    "Extra-state, Intra-state, and Non-state Wars, 1816-2007. Washington DC: CQ Press. "
)
BIB_UCDP = """
@article{gleditschetal2002,
  author = {Gleditsch, Nils Petter and Wallensteen, Peter and Eriksson, Mikael and Sollenberg, Margareta and Strand, H{\\aa}vard},
  title = {Armed Conflict 1946-2001: A New Dataset},
  journal = {Journal of Peace Research},
  volume = {39}, number = {5}, pages = {615--637}, year = {2002},
  doi = {10.1177/0022343302039005007}
}"""
TEXT_UCDP = (
    "Gleditsch, Nils Petter, Peter Wallensteen, Mikael Eriksson, Margareta Sollenberg and Havard Strand. "
    "2002. Armed Conflict 1946-2001: A New Dataset. Journal of Peace Research 39(5): 615-637; "
    "Davies, Shawn et al. 2025. Organized violence 1989-2024. Journal of Peace Research 62(4). "
)
BIB_ONSETS = """
@article{petterssonetal2019,
  author = {Pettersson, Therese and H{\\"o}gbladh, Stina and {\\"O}berg, Magnus},
  title = {Organized violence, 1989-2018 and peace agreements},
  journal = {Journal of Peace Research},
  volume = {56}, number = {4}, pages = {589--603}, year = {2019},
  doi = {10.1177/0022343319856046}
}"""
BIB_TD = """
@book{thompsondreyer2012,
  author = {Thompson, William R. and Dreyer, David R.},
  title = {Handbook of International Rivalries, 1494-2010},
  publisher = {CQ Press}, address = {Washington, DC}, year = {2012}
}"""
BIB_TSS = """
@book{thompsonsakuwasuhas2021,
  author = {Thompson, William R. and Sakuwa, Kentaro and Suhas, Prashant H.},
  title = {Analyzing Strategic Rivalries in World Politics: Types of Rivalry, Regional Variation, and Escalation/De-escalation},
  publisher = {Springer}, address = {Singapore}, year = {2021}
}"""


def wars() -> None:
    path = source(
        PS + "cow_war_inter.rda", "d727523be3ab6f35653adc62a9b893101c8342e152af084d96f1297bb9a56131"
    )
    raw = read_rda(path)
    cols = {
        "warnum": "COW war number",
        "ccode1": "COW code of the first state",
        "ccode2": "COW code of the second state",
        "year": "calendar year",
        "cowinteronset": "1 if the dyad's war began this year",
        "cowinterongoing": "1 (the two states were at war on opposite sides this year)",
        "sidea1": "side of the first state (1 or 2)",
        "sidea2": "side of the second state (1 or 2)",
        "initiator1": "1 if the first state initiated the war",
        "initiator2": "1 if the second state initiated the war",
        "outcome1": "outcome for the first state (COW codes: 1 winner, 2 loser, 3 compromise, ...)",
        "outcome2": "outcome for the second state",
        "batdeath1": "battle deaths of the first state (-9 unknown)",
        "batdeath2": "battle deaths of the second state (-9 unknown)",
        "resume": "1 if the war resumed after a break",
    }
    frame = raw.select(
        pl.col("warnum", "ccode1", "ccode2", "year").cast(pl.Int32),
        *[pl.col(c).cast(pl.Int8) for c in list(cols)[4:12]],
        pl.col("batdeath1", "batdeath2").cast(pl.Int32),
        pl.col("resume").cast(pl.Int8),
    )
    # A state with two participation spells in one war-year appears twice; keep the first row.
    frame = frame.unique(["warnum", "ccode1", "ccode2", "year"], keep="first", maintain_order=True)
    publish(
        "cow_war_inter",
        frame,
        title="COW Inter-State War data v4.0, directed war-dyad-years",
        description="Directed dyad-years of states fighting on opposite sides of an inter-state war, 1816-2007.",
        upstream="Correlates of War Inter-State War",
        version="4.0",
        publisher="Correlates of War Project (via peacesciencer)",
        citation_text=TEXT_WARS + PEACESCIENCER_TEXT,
        citation_bibtex=BIB_WARS + PEACESCIENCER_BIB,
        licence=PEACESCIENCER_LICENCE,
        retrieved=RETRIEVED,
        unit="directed war-dyad-year (war participants only)",
        code_system="cow",
        key=["warnum", "ccode1", "ccode2", "year"],
        columns=cols,
        inputs=[path],
        coverage={"start": 1816, "end": 2007},
        notes=(
            "Dyad-years of system members without a row were not at war with each other (0) within 1816-2007. "
            "Rows repeated for a state with two participation spells in one war-year are kept once."
        ),
    )

    path = source(
        PS + "cow_war_intra.rda", "0c0a9bfe2cc566c7bd6d4e893fa7d507da85489d8ad6de1c478dbc7a3186e993"
    )
    raw = read_rda(path)
    parts = [
        raw.select(
            pl.col("warnum"),
            pl.col(side).alias("ccode"),
            "year",
            "cowintraonset",
            "cowintraongoing",
            "intnl",
        )
        for side in ("ccodea", "ccodeb")
    ]
    frame = (
        pl.concat(parts)
        .filter(pl.col("ccode").is_not_null() & (pl.col("ccode") > 0))
        .group_by(pl.col("warnum", "ccode", "year").cast(pl.Int32))
        .agg(pl.col("cowintraonset", "cowintraongoing", "intnl").max().cast(pl.Int8))
    )
    publish(
        "cow_war_intra",
        frame,
        title="COW Intra-State War data v4.1, state participation by year",
        description="One row per intra-state war, participating state (either side) and year, 1816-2008.",
        upstream="Correlates of War Intra-State War",
        version="4.1",
        publisher="Correlates of War Project (via peacesciencer)",
        citation_text=(
            "Dixon, Jeffrey and Meredith Reid Sarkees. 2016. A Guide to Intra-state Wars. Washington DC: CQ Press. "
            + TEXT_WARS
            + PEACESCIENCER_TEXT
        ),
        citation_bibtex=BIB_WARS + PEACESCIENCER_BIB,
        licence=PEACESCIENCER_LICENCE,
        retrieved=RETRIEVED,
        unit="war-state-year (participants only)",
        code_system="cow",
        key=["warnum", "ccode", "year"],
        columns={
            "warnum": "COW war number",
            "ccode": "COW code of a state fighting on either side",
            "year": "calendar year",
            "cowintraonset": "1 if the war began this year",
            "cowintraongoing": "1 (the war went on this year)",
            "intnl": "1 if the war was internationalized",
        },
        inputs=[path],
        coverage={"start": 1816, "end": 2008},
        notes="Non-state sides (coded -8) are dropped. State-years without a row had no civil-war participation (0).",
    )


def ucdp() -> None:
    path = source(
        PS + "ucdp_acd.rda", "e040581fa00a27a21544c5cc8d012fb841d64f2bb99d1a483c6ae68c465e6bdc"
    )
    raw = read_rda(path)
    parts = [
        raw.select(
            pl.col("conflict_id").cast(pl.Int32),
            pl.col(col).cast(pl.Int32).alias("gwcode"),
            pl.col("year").cast(pl.Int32),
            pl.lit(side).alias("side"),
            pl.col("type_of_conflict").cast(pl.String).replace({"II": "internationalized"}),
            pl.col("intensity_level").cast(pl.Int8),
            (pl.col("start_date2").dt.year() == pl.col("year"))
            .cast(pl.Int8)
            .alias("episode_onset"),
        )
        for col, side in (("gwno_a", "a"), ("gwno_b", "b"))
    ]
    frame = (
        pl.concat(parts)
        .filter(pl.col("gwcode").is_not_null())
        .unique(["conflict_id", "gwcode", "year"], keep="first", maintain_order=True)
    )
    publish(
        "ucdp_acd",
        frame,
        title="UCDP/PRIO Armed Conflict Dataset v25.1, primary parties by year",
        description="One row per armed conflict, primary state party (side A or B) and year, 1946-2024.",
        upstream="UCDP/PRIO Armed Conflict Dataset",
        version="25.1",
        publisher="Uppsala Conflict Data Program and PRIO (via peacesciencer)",
        citation_text=TEXT_UCDP + PEACESCIENCER_TEXT,
        citation_bibtex=BIB_UCDP + PEACESCIENCER_BIB,
        licence="UCDP: CC BY 4.0; " + PEACESCIENCER_LICENCE,
        retrieved=RETRIEVED,
        unit="conflict-party-year (primary parties only)",
        code_system="gw",
        key=["conflict_id", "gwcode", "year"],
        columns={
            "conflict_id": "UCDP conflict identifier",
            "gwcode": "Gleditsch-Ward code of a primary party",
            "year": "calendar year",
            "side": "a (government side) or b (opposition side, a state only in interstate conflicts)",
            "type_of_conflict": "extrasystemic, interstate, intrastate or internationalized (intrastate)",
            "intensity_level": "1 minor (25-999 battle deaths in the year), 2 war (1,000 or more)",
            "episode_onset": "1 if the conflict's current episode began this year",
        },
        inputs=[path],
        coverage={"start": 1946, "end": 2024},
        notes="Secondary parties (gwno_a_2nd, gwno_b_2nd) are not counted as parties.",
    )

    path = source(
        PS + "ucdp_onsets.rda", "90d86e1e1c68e0217cf89c5c9ece3d311deb1512f34c93925f2c4ca7f2a70908"
    )
    raw = read_rda(path)
    counts = ["sumnewconf", "sumonset1", "sumonset2", "sumonset3", "sumonset5", "sumonset10"]
    frame = raw.select(
        pl.col("gwcode", "year").cast(pl.Int32), *[pl.col(c).cast(pl.Int16) for c in counts]
    )
    publish(
        "ucdp_onsets",
        frame,
        title="UCDP conflict onsets by state-year",
        description="Counts of new conflicts and of onsets after 1, 2, 3, 5 and 10 years of peace, per G-W state-year, 1946-2017.",
        upstream="UCDP Conflict Onset data",
        version="19.1",
        publisher="Uppsala Conflict Data Program (via peacesciencer)",
        citation_text=(
            "Pettersson, Therese, Stina Hogbladh and Magnus Oberg. 2019. Organized violence, 1989-2018 and peace "
            "agreements. Journal of Peace Research 56(4): 589-603. "
            + TEXT_UCDP
            + PEACESCIENCER_TEXT
        ),
        citation_bibtex=BIB_ONSETS + BIB_UCDP + PEACESCIENCER_BIB,
        licence="UCDP: CC BY 4.0; " + PEACESCIENCER_LICENCE,
        retrieved=RETRIEVED,
        unit="state-year",
        code_system="gw",
        key=["gwcode", "year"],
        columns={
            "gwcode": "Gleditsch-Ward code",
            "year": "calendar year",
            "sumnewconf": "number of conflicts new to the dataset",
            "sumonset1": "onsets after at least 1 year without that conflict",
            "sumonset2": "onsets after at least 2 years",
            "sumonset3": "onsets after at least 3 years",
            "sumonset5": "onsets after at least 5 years",
            "sumonset10": "onsets after at least 10 years",
        },
        inputs=[path],
        notes="The version of the onset file is the one peacesciencer bundles (data to 2017).",
    )


FLAGS = ("spatial", "positional", "ideological", "interventionary")


def rivalries() -> None:
    path = source(
        PS + "td_rivalries.rda", "06875a5100a9aaf83a073d6b78078722be7a0ef1c8a851ee31ad36914553c68b"
    )
    raw = read_rda(path)
    types = pl.concat_list("type1", "type2", "type3")
    frame = raw.select(
        pl.col("rivalryno").cast(pl.Int32),
        pl.col("rivalryname").cast(pl.String),
        pl.col("ccode1", "ccode2").cast(pl.Int32),
        pl.col("styear").cast(pl.Int32).alias("start"),
        pl.col("endyear").cast(pl.Int32).alias("end"),
        pl.col("region").cast(pl.String),
        *[types.list.contains(k).fill_null(False).cast(pl.Int8).alias(k) for k in FLAGS],
    )
    cols = {
        "rivalryno": "rivalry number",
        "rivalryname": "rivalry name",
        "ccode1": "COW code of the first rival (the lower code)",
        "ccode2": "COW code of the second rival",
        "start": "first year of the rivalry",
        "end": "last year of the rivalry (2010 = ongoing at the end of coding)",
        "region": "region of the rivalry",
        **{k: f"1 if the rivalry is {k}" for k in FLAGS},
    }
    publish(
        "td_rivalries",
        frame,
        title="Thompson-Dreyer strategic rivalries, 1494-2010",
        description="Strategic rivalry spells between states (Thompson and Dreyer's handbook).",
        upstream="Handbook of International Rivalries",
        version="2012",
        publisher="William R. Thompson and David R. Dreyer (via peacesciencer)",
        citation_text=(
            "Thompson, William R. and David R. Dreyer. 2012. Handbook of International Rivalries, 1494-2010. "
            "Washington DC: CQ Press. " + PEACESCIENCER_TEXT
        ),
        citation_bibtex=BIB_TD + PEACESCIENCER_BIB,
        licence=PEACESCIENCER_LICENCE,
        retrieved=RETRIEVED,
        unit="rivalry spell",
        code_system="cow",
        key=["rivalryno"],
        columns=cols,
        inputs=[path],
        coverage={"start": 1816, "end": 2010},
        notes="Spells begin as early as 1494; panels use the years from 1816.",
    )

    path = source(
        PS + "tss_rivalries.rda", "7d4aabe829ed3f3d32cc16cb1cf4c4fa11588e6823a2c19d73678e29c6879f6f"
    )
    raw = read_rda(path)
    frame = raw.select(
        pl.col("tssr_id").cast(pl.Int32).alias("rivalryno"),
        pl.col("rivalry").cast(pl.String).alias("rivalryname"),
        pl.col("ccode1", "ccode2").cast(pl.Int32),
        pl.col("start").cast(pl.Int32),
        pl.col("end").cast(pl.Int32),
        *[pl.col(k).fill_null(0).cast(pl.Int8) for k in FLAGS],
        pl.col("principal").fill_null(0).cast(pl.Int8),
    )
    cols = {
        "rivalryno": "rivalry identifier (tssr_id)",
        "rivalryname": "rivalry name",
        "ccode1": "COW code of the first rival (the lower code)",
        "ccode2": "COW code of the second rival",
        "start": "first year of the rivalry",
        "end": "last year of the rivalry (2020 = ongoing at the end of coding)",
        **{k: f"1 if the rivalry is {k}" for k in FLAGS},
        "principal": "1 if a principal rivalry",
    }
    publish(
        "tss_rivalries",
        frame,
        title="Thompson-Sakuwa-Suhas strategic rivalries, 1494-2020",
        description="Strategic rivalry spells between states with their types.",
        upstream="Analyzing Strategic Rivalries in World Politics",
        version="2021",
        publisher="William R. Thompson, Kentaro Sakuwa and Prashant H. Suhas (via peacesciencer)",
        citation_text=(
            "Thompson, William R., Kentaro Sakuwa and Prashant H. Suhas. 2021. Analyzing Strategic Rivalries in "
            "World Politics. Singapore: Springer. " + PEACESCIENCER_TEXT
        ),
        citation_bibtex=BIB_TSS + PEACESCIENCER_BIB,
        licence=PEACESCIENCER_LICENCE,
        retrieved=RETRIEVED,
        unit="rivalry spell",
        code_system="cow",
        key=["rivalryno"],
        columns=cols,
        inputs=[path],
        coverage={"start": 1816, "end": 2020},
        notes="Spells begin as early as 1494; panels use the years from 1816.",
    )


def main() -> None:
    wars()
    ucdp()
    rivalries()


if __name__ == "__main__":
    main()
