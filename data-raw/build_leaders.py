"""Build ``archigos`` (Archigos 4.1 leader spells) and ``lead`` (LEAD leader attributes).

Both as peacesciencer ships them (Archigos trimmed to the leader-spell fields; LEAD keyed
by Archigos' ``obsid``).
"""

from __future__ import annotations

import polars as pl

from _citations import PEACESCIENCER_BIB, PEACESCIENCER_LICENCE, PEACESCIENCER_TEXT
from _common import publish, read_rda, source

BIB_ARCHIGOS = """
@article{goemansetal2009archigos,
  author = {Goemans, Henk E. and Gleditsch, Kristian Skrede and Chiozza, Giacomo},
  title = {Introducing {Archigos}: A Dataset of Political Leaders},
  journal = {Journal of Peace Research},
  volume = {46}, number = {2}, pages = {269--283}, year = {2009},
  doi = {10.1177/0022343308100719}
}"""
BIB_LEAD = """
@article{ellishorowitzstam2015,
  author = {Ellis, Cali Mortenson and Horowitz, Michael C. and Stam, Allan C.},
  title = {Introducing the {LEAD} Data Set},
  journal = {International Interactions},
  volume = {41}, number = {4}, pages = {718--741}, year = {2015},
  doi = {10.1080/03050629.2015.1016157}
}"""

LEAD_COLUMNS = {
    "obsid": "Archigos leader-spell identifier",
    "leveledu": "level of education (0 none ... 4 graduate; LEAD codebook)",
    "milservice": "1 if the leader served in the military",
    "combat": "1 if the leader saw combat",
    "rebel": "1 if the leader took part in a rebellion",
    "warwin": "1 if the leader fought in an inter-state war their side won",
    "warloss": "1 if the leader fought in an inter-state war their side lost",
    "rebelwin": "1 if the leader took part in a successful rebellion",
    "rebelloss": "1 if the leader took part in a failed rebellion",
    "yrsexper": "years of political experience before taking office",
    "physhealth": "1 if the leader had a serious physical illness",
    "mentalhealth": "1 if the leader had a mental illness",
}


def main() -> None:
    path = source(
        "peacesciencer/archigos.rda",
        "b58bb675856a11923b3906adf4360b61fe1be4cc30f29fda4c36ee38e69c991b",
    )
    raw = read_rda(path)
    frame = raw.select(
        pl.col("obsid").cast(pl.String),
        pl.col("gwcode").cast(pl.Int32),
        pl.col("leader").cast(pl.String),
        pl.col("yrborn").cast(pl.Int32),
        pl.col("gender").cast(pl.String),
        pl.col("startdate").alias("start"),
        pl.col("enddate").alias("end"),
        pl.col("entry").cast(pl.String),
        pl.col("exit").cast(pl.String),
    )
    publish(
        "archigos",
        frame,
        title="Archigos 4.1 political leaders",
        description="Spells in office of the effective leaders of independent states, 1840-2015 (Gleditsch-Ward codes).",
        upstream="Archigos",
        version="4.1",
        publisher="Henk E. Goemans, Kristian Skrede Gleditsch and Giacomo Chiozza (via peacesciencer)",
        citation_text=(
            "Goemans, Henk E., Kristian Skrede Gleditsch and Giacomo Chiozza. 2009. Introducing Archigos: A "
            "Dataset of Political Leaders. Journal of Peace Research 46(2): 269-283. "
            + PEACESCIENCER_TEXT
        ),
        citation_bibtex=BIB_ARCHIGOS + PEACESCIENCER_BIB,
        licence="Archigos: free for academic use with citation; " + PEACESCIENCER_LICENCE,
        retrieved="2026-07-01",
        unit="leader spell",
        code_system="gw",
        key=["obsid"],
        columns={
            "obsid": "leader-spell identifier (country abbreviation and start year)",
            "gwcode": "Gleditsch-Ward code of the state",
            "leader": "leader's name",
            "yrborn": "year of birth",
            "gender": "M or F",
            "start": "first day in office",
            "end": "last day in office (2015-12-31 = still in office at the end of coding)",
            "entry": "manner of entry (Regular, Irregular, Foreign Imposition, Unknown)",
            "exit": "manner of exit (Regular, Irregular, Natural Death, Still in Office, ...)",
        },
        inputs=[path],
        coverage={"start": 1840, "end": 2015},
        notes="Leader-years after 2015 are outside coverage.",
    )

    path = source(
        "peacesciencer/LEAD.rda",
        "91c91901b7facce4d681fb79bfd9f850baed6d1aa3981fc5291af0b2889e5cfb",
    )
    raw = read_rda(path)
    frame = raw.select(
        pl.col("obsid").cast(pl.String),
        *[pl.col(c).cast(pl.Int16 if c == "yrsexper" else pl.Int8) for c in list(LEAD_COLUMNS)[1:]],
    )
    publish(
        "lead",
        frame,
        title="Leader Experience and Attribute Descriptions (LEAD)",
        description="Background of Archigos leaders: education, military service, combat, rebellion, political experience, health.",
        upstream="LEAD",
        version="2015",
        publisher="Cali Mortenson Ellis, Michael C. Horowitz and Allan C. Stam (via peacesciencer)",
        citation_text=(
            "Ellis, Cali Mortenson, Michael C. Horowitz and Allan C. Stam. 2015. Introducing the LEAD Data Set. "
            "International Interactions 41(4): 718-741. " + PEACESCIENCER_TEXT
        ),
        citation_bibtex=BIB_LEAD + PEACESCIENCER_BIB,
        licence="LEAD: free for academic use with citation; " + PEACESCIENCER_LICENCE,
        retrieved="2026-07-01",
        unit="leader",
        code_system="gw",
        key=["obsid"],
        columns=LEAD_COLUMNS,
        inputs=[path],
        notes="Leaders LEAD does not code are missing (null) on every attribute.",
    )


if __name__ == "__main__":
    main()
