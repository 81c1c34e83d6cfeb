"""Build ``cow_gw``: the year-by-year crosswalk between COW and Gleditsch-Ward codes."""

from __future__ import annotations

import polars as pl

from _common import publish, read_rda, source

COLUMNS = {
    "year": "calendar year",
    "ccode": "COW state code (null: a Gleditsch-Ward state with no COW counterpart that year)",
    "gwcode": "Gleditsch-Ward state code (null: a COW state with no Gleditsch-Ward counterpart that year)",
    "cow_name": "COW state name",
    "gw_name": "Gleditsch-Ward state name",
}


def main() -> None:
    cw_path = source(
        "isard/cw_gw_panel.rda", "155f5413b63d6199461cdbbe76d02a55c945b6572fa77aac892b932f839f8a0c"
    )
    gc_path = source(
        "isard/gw_cw_panel.rda", "6f12e11d4137fe9255b50dee9d2e42542f576aed077adb393f53d0f272557540"
    )
    cols = [
        pl.col("year").cast(pl.Int32),
        pl.col("ccode").cast(pl.Int32),
        pl.col("gwcode").cast(pl.Int32),
        pl.col("cw_name").alias("cow_name"),
        pl.col("gw_name"),
    ]
    both = pl.concat([read_rda(cw_path).select(cols), read_rda(gc_path).select(cols)])
    merged = both.group_by("year", "ccode", "gwcode").agg(
        pl.col("cow_name").drop_nulls().first(), pl.col("gw_name").drop_nulls().first()
    )
    publish(
        "cow_gw",
        merged,
        title="COW - Gleditsch-Ward state-year crosswalk",
        description=(
            "Every COW state-year with its Gleditsch-Ward code and every Gleditsch-Ward state-year with its "
            "COW code (union of isard's cw_gw_panel and gw_cw_panel), 1816-2025."
        ),
        upstream="isard crosswalk panels (cw_gw_panel, gw_cw_panel)",
        version="isard 2026-06-25",
        publisher="Steven V. Miller (isard R package)",
        citation_text=(
            "Miller, Steven V. isard: overflow state-year data for peacesciencer (R package), crosswalk of COW "
            "State System v2016 and Gleditsch and Ward (1999)."
        ),
        citation_bibtex="""
@misc{miller_isard,
  author = {Miller, Steven V.},
  title = {{isard}: Overflow State-Year Data for {peacesciencer}},
  note = {R package},
  url = {https://github.com/svmiller/isard}
}
@article{gleditschward1999,
  author = {Gleditsch, Kristian S. and Ward, Michael D.},
  title = {A Revised List of Independent States since the {Congress of Vienna}},
  journal = {International Interactions},
  volume = {25}, number = {4}, pages = {393--413}, year = {1999},
  doi = {10.1080/03050629908434958}
}""",
        licence="GPL-2 (isard package); underlying state lists free to use with citation",
        retrieved="2026-06-25",
        unit="state-year",
        code_system="cow+gw",
        key=["year", "ccode", "gwcode"],
        columns=COLUMNS,
        inputs=[cw_path, gc_path],
    )


if __name__ == "__main__":
    main()
