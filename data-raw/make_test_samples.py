"""Write the committed samples of peacesciencer's own output used by tests/test_panel_conflict.py.

peacesciencer ships its whittled dyad-year dispute files (``gml_mid_ddydisps``,
``cow_mid_ddydisps``): they are the R package's output of ``add_gml_mids()``/``add_cow_mids()``'s
whittling. The samples keep, for every dyad-year that has more than one dispute in the
raw dispute-year files, the dispute peacesciencer kept. Run from data-raw/.
"""

from __future__ import annotations

import polars as pl

from _common import REPO, read_rda, source

PAIRS = {
    "gml": (
        (
            "peacesciencer/gml_dirdisp.rda",
            "862dd4c70ffe5b400ef9db9e136e35798f561c2aae9f00e212d1baf3b18bae4a",
        ),
        (
            "peacesciencer/gml_mid_ddydisps.rda",
            "46ce6732909e62b555546ceeeb2f380415c4153fa1cb05824a837ec45a4aa7ce",
        ),
    ),
    "cow": (
        (
            "peacesciencer/cow_mid_dirdisps.rda",
            "7b9fc5fd0785b423b7ddc8b9319fa30d4e2c8a005342b88c2b1d87b7a6e62a0e",
        ),
        (
            "peacesciencer/cow_mid_ddydisps.rda",
            "2db5aeef570a727cd4b28d7f56ad49193d79bbb018019e9225d53321a11d5e45",
        ),
    ),
}
KEY = ["ccode1", "ccode2", "year"]


def main() -> None:
    out_dir = REPO / "tests" / "data" / "peacesciencer"
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, ((raw, raw_sha), (ref, ref_sha)) in PAIRS.items():
        disputes = read_rda(source(raw, raw_sha)).select(pl.col(KEY).cast(pl.Int32))
        several = disputes.filter(disputes.is_duplicated()).unique()
        kept = read_rda(source(ref, ref_sha)).select(pl.col([*KEY, "dispnum"]).cast(pl.Int32))
        sample = kept.join(several, on=KEY, how="semi").sort(KEY)
        path = out_dir / f"{name}_whittled_dyad_years.csv"
        sample.write_csv(path)
        print(f"{path.relative_to(REPO)}: {sample.height} dyad-years")


if __name__ == "__main__":
    main()
