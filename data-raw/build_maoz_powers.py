"""Build ``maoz_powers``: Maoz's regional and global power spells."""

from __future__ import annotations

import polars as pl

from _citations import PEACESCIENCER_BIB, PEACESCIENCER_LICENCE, PEACESCIENCER_TEXT
from _common import date_col, publish, read_rda, source

COLUMNS = {
    "ccode": "COW state code",
    "kind": "regional or global",
    "start": "first day of the spell",
    "end": "last day of the spell (2019-12-31 = end of the data)",
}


def main() -> None:
    path = source(
        "peacesciencer/maoz_powers.rda",
        "600899bd98cf2d056c9fbfca57ec1b6587a5fe22cebe56687e4f2f2536a143fd",
    )
    raw = read_rda(path)
    parts = []
    for kind, a, b in (
        ("regional", "regstdate", "regenddate"),
        ("global", "globstdate", "globenddate"),
    ):
        part = raw.filter(pl.col(a).is_not_null()).select(
            pl.col("ccode").cast(pl.Int32),
            pl.lit(kind).alias("kind"),
            date_col(raw, a).alias("start"),
            date_col(raw, b).alias("end"),
        )
        parts.append(part)
    frame = pl.concat(parts)
    publish(
        "maoz_powers",
        frame,
        title="Regional and global powers (Maoz 2010)",
        description="Spells in which a state was a regional or a global power, 1816-2019.",
        upstream="Maoz, Networks of Nations, power status (peacesciencer maoz_powers)",
        version="Maoz 2010, extended to 2019 in peacesciencer",
        publisher="Zeev Maoz (via peacesciencer)",
        citation_text=(
            "Maoz, Zeev. 2010. Networks of Nations: The Evolution, Structure, and Impact of International Networks, "
            "1816-2001. Cambridge: Cambridge University Press. " + PEACESCIENCER_TEXT
        ),
        citation_bibtex="""
@book{maoz2010networks,
  author = {Maoz, Zeev},
  title = {Networks of Nations: The Evolution, Structure, and Impact of International Networks, 1816-2001},
  publisher = {Cambridge University Press}, address = {Cambridge}, year = {2010}
}"""
        + PEACESCIENCER_BIB,
        licence=PEACESCIENCER_LICENCE,
        retrieved="2026-07-01",
        unit="state spell",
        code_system="cow",
        key=["ccode", "kind", "start"],
        columns=COLUMNS,
        inputs=[path],
        coverage={"start": 1816, "end": 2019},
    )


if __name__ == "__main__":
    main()
