"""Build ``country_codes``: the alias table behind :mod:`socius.codes`.

Rows map a spelling (a COW or Gleditsch-Ward name or abbreviation, a UN ideal-point
name, an ISO3 code, or a hand-checked variant from ``country_aliases.csv``) to a COW
code over a range of years. Names used by the bundled sources (V-Dem, Freedom House,
OWID, UN votes) are checked here: every one resolves to a state or is listed in
``non_state_names.csv`` with a reason, or the build fails.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

from _common import REPO, publish, read_rda, source

sys.path.insert(0, str(REPO / "src"))
from socius.codes import normalize_name

OPEN_END = 2100
HERE = Path(__file__).resolve().parent

COLUMNS = {
    "alias_norm": "normalised spelling (lower case, ASCII, punctuation removed) used for matching",
    "alias": "the spelling as written in its source",
    "kind": "name | cowabb | gwabb | iso3 | nonstate (a territory or aggregate with no state code)",
    "ccode": "COW state code the spelling refers to in these years (null for kind nonstate)",
    "first_year": "first year the mapping applies",
    "last_year": f"last year the mapping applies ({OPEN_END} = open-ended)",
    "priority": "0 hand-checked variant, 1 COW abbreviation/name, 2 Gleditsch-Ward, 3 UN ideal-point file",
    "source": "where the spelling comes from",
}


def _rows(frame: pl.DataFrame, kind: str, priority: int, src: str) -> pl.DataFrame:
    return frame.select(
        pl.col("alias").map_elements(normalize_name, return_dtype=pl.String).alias("alias_norm"),
        pl.col("alias"),
        pl.lit(kind).alias("kind"),
        pl.col("ccode").cast(pl.Int32),
        pl.col("first_year").cast(pl.Int32),
        pl.col("last_year").cast(pl.Int32),
        pl.lit(priority, dtype=pl.Int8).alias("priority"),
        pl.lit(src).alias("source"),
    )


def _gw_spans(gw: pl.DataFrame, column: str) -> pl.DataFrame:
    """First and last year of each (spelling, COW code) pair; spans reaching 2020 stay open."""
    return (
        gw.group_by(column, "ccode")
        .agg(pl.col("year").min().alias("first_year"), pl.col("year").max().alias("last_year"))
        .with_columns(
            pl.when(pl.col("last_year") >= 2020)
            .then(OPEN_END)
            .otherwise(pl.col("last_year"))
            .alias("last_year")
        )
    )


def main() -> None:
    cow_path = source(
        "peacesciencer/cow_states.rda",
        "9248b9fc801124d2bb48c58740bb335a1ee4938c4096e4d5e0bd01c22bf1dc09",
    )
    gw_path = source(
        "isard/gw_cw_panel.rda", "6f12e11d4137fe9255b50dee9d2e42542f576aed077adb393f53d0f272557540"
    )
    ip_path = source(
        "unga_idealpoints/IdealpointestimatesAll_Jun2024.csv",
        "adaeca9a9d617afaf463f892a868fbfe17b33bbd6bdb613688d67f1b8dd6887d",
    )
    cow = read_rda(cow_path).with_columns(
        pl.when(pl.col("endyear") == 2016)
        .then(OPEN_END)
        .otherwise(pl.col("endyear"))
        .alias("endyear")
    )
    cow_span = cow.group_by("ccode").agg(
        pl.col("styear").min().alias("first_year"),
        pl.col("endyear").max().alias("last_year"),
        pl.col("statenme").first(),
        pl.col("stateabb").first(),
    )
    parts = [
        _rows(cow_span.rename({"statenme": "alias"}), "name", 1, "COW state system v2016"),
        _rows(cow_span.rename({"stateabb": "alias"}), "cowabb", 1, "COW state system v2016"),
    ]
    gw = read_rda(gw_path).filter(pl.col("ccode").is_not_null() & pl.col("gw_name").is_not_null())
    gw_names = _gw_spans(gw, "gw_name")
    parts.append(
        _rows(
            gw_names.rename({"gw_name": "alias"}),
            "name",
            2,
            "Gleditsch-Ward list (isard crosswalk)",
        )
    )
    gw_abbs = _gw_spans(gw, "stateabb")
    parts.append(
        _rows(
            gw_abbs.rename({"stateabb": "alias"}),
            "gwabb",
            2,
            "Gleditsch-Ward list (isard crosswalk)",
        )
    )

    ip = pl.read_csv(ip_path, infer_schema_length=100_000)
    ip_span = (
        ip.group_by("ccode", "iso3c", "Countryname")
        .agg(
            (pl.col("session").min() + 1945).alias("first_year"),
            (pl.col("session").max() + 1945).alias("last_year"),
        )
        .with_columns(
            pl.when(pl.col("last_year") >= 2023)
            .then(OPEN_END)
            .otherwise(pl.col("last_year"))
            .alias("last_year")
        )
    )
    parts.append(
        _rows(
            ip_span.rename({"Countryname": "alias"}),
            "name",
            3,
            "UNGA ideal points (Bailey, Strezhnev and Voeten)",
        )
    )
    iso = ip_span.rename({"iso3c": "alias"}).filter(~pl.col("ccode").is_in([345, 678, 680]))
    # ISO 3166 codes where the ideal-point file departs from the standard: YAR is not an ISO code
    # (ISO 3166 gave YEM to the Yemen Arab Republic and YMD to Democratic Yemen), and Serbia is
    # SRB after the end of Serbia and Montenegro (ISO 3166-3 lists YUG and SCG as withdrawn).
    iso_fixes = pl.DataFrame(
        {
            "alias": ["YEM", "YMD", "YUG", "SCG", "SRB", "SUN", "DDR", "CSK", "TWN", "XKX"],
            "ccode": [678, 680, 345, 345, 345, 365, 265, 315, 713, 347],
            "first_year": [1926, 1967, 1878, 2003, 2006, 1922, 1954, 1918, 1949, 2008],
            "last_year": [1989, 1990, 2002, 2005, OPEN_END, 1991, 1990, 1992, OPEN_END, OPEN_END],
        }
    )
    parts.append(
        _rows(
            iso.select("alias", "ccode", "first_year", "last_year"),
            "iso3",
            3,
            "UNGA ideal points (iso3c)",
        )
    )
    parts.append(_rows(iso_fixes, "iso3", 0, "ISO 3166-1 / 3166-3 (hand-checked)"))

    manual_path = HERE / "country_aliases.csv"
    manual = pl.read_csv(manual_path)
    parts.append(_rows(manual, "name", 0, "hand-checked variant (data-raw/country_aliases.csv)"))

    non_states = pl.read_csv(HERE / "non_state_names.csv")
    parts.append(
        non_states.select(
            pl.col("name").map_elements(normalize_name, return_dtype=pl.String).alias("alias_norm"),
            pl.col("name").alias("alias"),
            pl.lit("nonstate").alias("kind"),
            pl.lit(None, dtype=pl.Int32).alias("ccode"),
            pl.lit(1816, dtype=pl.Int32).alias("first_year"),
            pl.lit(OPEN_END, dtype=pl.Int32).alias("last_year"),
            pl.lit(0, dtype=pl.Int8).alias("priority"),
            ("not a state: " + pl.col("reason")).alias("source"),
        )
    )
    table = pl.concat(parts).unique(
        ["alias_norm", "kind", "ccode", "first_year"], keep="first", maintain_order=True
    )
    _check_sources(table)
    publish(
        "country_codes",
        table,
        title="socius country-code crosswalk (names, abbreviations, ISO3 to COW codes)",
        description=(
            "Year-aware alias table: COW and Gleditsch-Ward names and abbreviations, UN ideal-point "
            "names and ISO3 codes, and hand-checked variants used by V-Dem, Freedom House, OWID and UN data."
        ),
        upstream="COW State System v2016; Gleditsch-Ward list (isard); UNGA ideal points (June 2024)",
        version="2026.1",
        publisher="socius (compiled from the listed sources)",
        citation_text=(
            "Correlates of War Project. 2017. State System Membership List, v2016; Gleditsch and Ward 1999; "
            "Bailey, Strezhnev and Voeten 2017 (UNGA ideal points, June 2024)."
        ),
        citation_bibtex="""
@misc{cowstates2016,
  author = {{Correlates of War Project}},
  title = {State System Membership List, v2016},
  year = {2017},
  url = {https://correlatesofwar.org/data-sets/state-system-membership/}
}
@article{gleditschward1999,
  author = {Gleditsch, Kristian S. and Ward, Michael D.},
  title = {A Revised List of Independent States since the {Congress of Vienna}},
  journal = {International Interactions},
  volume = {25}, number = {4}, pages = {393--413}, year = {1999},
  doi = {10.1080/03050629908434958}
}""",
        licence="Compiled table: CC BY 4.0; sources free to use with citation",
        retrieved="2026-07-01",
        unit="alias-period",
        code_system="cow",
        key=["alias_norm", "kind", "ccode", "first_year"],
        columns=COLUMNS,
        inputs=[cow_path, gw_path, ip_path, manual_path, HERE / "non_state_names.csv"],
        coverage={"start": 1816, "end": 2024},
        notes="Names of territories and aggregates that are not states are listed in data-raw/non_state_names.csv.",
    )


def _check_sources(table: pl.DataFrame) -> None:
    """Every name used by a bundled source must resolve or be a listed non-state."""
    import pyreadr

    known = set(table["alias_norm"])
    from _common import RAW

    names: set[str] = set()
    for rel in [
        "owid_democracy/fh_final.csv",
        "owid_democracy/human_rights_protection.csv",
        "owid_democracy/ert_final.csv",
        "nuclear_owid/nuclear_weapons_proliferation_owid.csv",
        "nuclear_owid/nuclear_weapons_stockpiles.csv",
        "nuclear_owid/nuclear_weapons_tests_states.csv",
    ]:
        names |= set(pl.read_csv(RAW / rel, infer_schema_length=0)["country_name"].drop_nulls())
    names |= set(
        pyreadr.read_r(str(RAW / "vdemlite/vdemlite.rda"))["vdemlite"]["country_name"].dropna()
    )
    names |= set(pyreadr.read_r(str(RAW / "unvotes/un_votes.rda"))["un_votes"]["country"].dropna())
    missing = sorted(n for n in names if normalize_name(n) not in known)
    if missing:
        raise SystemExit(f"country_codes: names used by bundled sources do not resolve: {missing}")


if __name__ == "__main__":
    main()
