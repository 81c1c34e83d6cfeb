"""The evidence behind affiliation decisions: bundled dataset columns and derived indicators,
assembled for every state-year, with the year each value comes from and its published
uncertainty where the source gives one."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from socius import panel
from socius.alliances import members
from socius.cohesion import member_vote_similarity, vote_divergence
from socius.data import info, load
from socius.data.catalog import dataset_names
from socius.errors import UnknownNameError, ValidationError, suggest
from socius.sanctions import in_force

__all__ = [
    "DERIVED",
    "IndicatorSpec",
    "assemble",
    "check_policy_columns",
    "derived_source",
    "indicator_spec",
    "unknown_start_partners",
]

# Permanent members of the UN Security Council (UN Charter, Art. 23(1)). The Republic of China
# held China's seat until UNGA Resolution 2758 (XXVI) of 25 October 1971; the Russian Federation
# continued the USSR's seat from December 1991. COW codes: ROC is 710 before 1949 and 713 after.
P5_SPELLS = (
    (2, 1945, 9999),
    (200, 1945, 9999),
    (220, 1945, 9999),
    (365, 1945, 9999),
    (710, 1945, 1948),
    (713, 1949, 1970),
    (710, 1971, 9999),
)
P5_SOURCE = "UN Charter Art. 23(1); UNGA Res. 2758 (XXVI), 1971"
Z90 = 1.6448536269514722  # standard normal 95% quantile: a 90% interval spans 2 * Z90 sd


@dataclass(frozen=True)
class IndicatorSpec:
    """What socius knows about an indicator: scale, source and published uncertainty."""

    key: str
    label: str
    scale: tuple[float, float]
    source: str
    published_uncertainty: bool = False


# Bounded scales of common columns; other dataset columns use their observed range.
KNOWN_SCALES: dict[str, tuple[float, float]] = {
    "freedom_house.fh_pr": (1, 7),
    "freedom_house.fh_cl": (1, 7),
    "freedom_house.fh_status": (0, 2),
    "freedom_house.fh_pr_score": (0, 40),
    "freedom_house.fh_cl_score": (0, 60),
    "freedom_house.fh_electdem": (0, 1),
    "democracy.polity2": (-10, 10),
    "vdem.v2x_regime": (0, 3),
    "nuclear_status.nuclear_status": (0, 3),
    "nmc.cinc": (0, 1),
}

DERIVED: dict[str, IndicatorSpec] = {
    "milex_share": IndicatorSpec(
        "derived.milex_share",
        "share of world military expenditure (SIPRI when imported, else COW NMC)",
        (0, 1),
        "sipri_milex or nmc",
    ),
    "milper_share": IndicatorSpec(
        "derived.milper_share", "share of world military personnel", (0, 1), "nmc"
    ),
    "major_power": IndicatorSpec(
        "derived.major_power",
        "major, global or regional power (COW, Maoz)",
        (0, 1),
        "major_powers+maoz_powers",
    ),
    "p5": IndicatorSpec(
        "derived.p5", "permanent seat on the UN Security Council", (0, 1), P5_SOURCE
    ),
    "flashpoint_party": IndicatorSpec(
        "derived.flashpoint_party",
        "claimant or party to an East Asian flashpoint",
        (0, 1),
        "flashpoints",
    ),
    "partnership_framework": IndicatorSpec(
        "derived.partnership_framework",
        "takes part in a NATO partnership framework",
        (0, 1),
        "nato_partnerships",
    ),
    "unsc_np_sanctions": IndicatorSpec(
        "derived.unsc_np_sanctions",
        "under UN Security Council nonproliferation sanctions in force on 31 December (1/0)",
        (0, 1),
        "unsc_np_sanctions",
    ),
    "unga_participation": IndicatorSpec(
        "derived.unga_participation",
        "takes part in the UN General Assembly (has a UNGA ideal point that year; 1/0)",
        (0, 1),
        "unga_idealpoints",
    ),
    "npt_party": IndicatorSpec(
        "derived.npt_party",
        "party to the NPT on 31 December (1/0; null for states the curated table does not list)",
        (0, 1),
        "np_regimes",
    ),
    "defence_pacts_with_members": IndicatorSpec(
        "derived.defence_pacts_with_members",
        "number of members with an ATOP defence obligation either way",
        (0, 50),
        "atop",
    ),
    "idealpoint_distance": IndicatorSpec(
        "derived.idealpoint_distance",
        "distance of the UN ideal point from the members' median",
        (0, 10),
        "unga_idealpoints",
        True,
    ),
    "member_vote_similarity": IndicatorSpec(
        "derived.member_vote_similarity",
        "mean UN-vote similarity (Signorino-Ritter S) with the members",
        (-1, 1),
        "unvotes",
    ),
    "vote_divergence": IndicatorSpec(
        "derived.vote_divergence",
        "shortfall of the mean UN-vote S with the members below the members' median, relative to the members' own "
        "90th-percentile deviation",
        (-10, 100),
        "unvotes",
    ),
    "idealpoint_divergence": IndicatorSpec(
        "derived.idealpoint_divergence",
        "ideal-point distance from the members' median, relative to the members' own 90th-percentile distance",
        (0, 50),
        "unga_idealpoints",
        True,
    ),
}


def _split(key: str) -> tuple[str, str]:
    if "." not in key:
        raise ValidationError(
            f"indicator column '{key}' must be 'dataset.column' or 'derived.<name>'"
        )
    ds, col = key.split(".", 1)
    return ds, col


@functools.lru_cache(maxsize=128)
def indicator_spec(key: str) -> IndicatorSpec:
    """The spec of indicator *key*; raises UnknownNameError for unknown datasets, columns or derived names."""
    ds, col = _split(key)
    if ds == "derived":
        if col not in DERIVED:
            raise UnknownNameError(
                f"unknown derived indicator '{col}'{suggest(col, list(DERIVED))}; choose from: {', '.join(DERIVED)}"
            )
        return DERIVED[col]
    names = dataset_names()
    if ds not in names:
        raise UnknownNameError(f"unknown dataset '{ds}' in column '{key}'{suggest(ds, names)}")
    meta = info(ds)
    cols = list(meta.columns)
    if not {"ccode", "year"} <= set(cols):
        raise ValidationError(
            f"dataset '{ds}' is not a COW state-year dataset (needs ccode and year); choose another source"
        )
    if col not in cols or col in ("ccode", "year"):
        raise UnknownNameError(
            f"dataset '{ds}' has no indicator column '{col}'{suggest(col, cols)}"
        )
    if key in KNOWN_SCALES:
        scale = KNOWN_SCALES[key]
    elif col.startswith("v2x") or col.startswith("v2xcl"):
        scale = (0.0, 1.0)  # V-Dem indices are defined on [0, 1]
    else:
        values = load(ds, columns=[col])[col].cast(pl.Float64)
        scale = (float(values.min()), float(values.max()))  # type: ignore[arg-type]
    published = key == "unga_idealpoints.idealpoint"
    return IndicatorSpec(
        key, meta.columns[col]["description"], scale, f"{ds} {meta.version}", published
    )


def check_policy_columns(policy: object, *, file_name: str, text: str) -> None:
    """Check every indicator of *policy* exists and its threshold lies on the indicator's scale."""
    from socius.affiliation.policy import Policy, _locate

    assert isinstance(policy, Policy)
    problems: list[str] = []
    ids: dict[str, str] = {}
    for cname, i, ind in policy.indicator_items():
        where = f"criteria.{cname}.indicators[{i}]"
        try:
            spec = indicator_spec(ind.column)
        except (UnknownNameError, ValidationError) as exc:
            line = _locate_value(text, ind.column)
            problems.append(f"{where}.column{line}: {exc}")
            continue
        lo, hi = spec.scale
        if not lo <= ind.threshold <= hi:
            line = _locate_value(text, ind.column)
            problems.append(
                f"{where}.threshold{line}: {ind.threshold} is outside the scale of {ind.column} [{lo:g}, {hi:g}]; "
                "choose a threshold within the scale"
            )
        ident = ind.id or indicator_id(ind.column)
        if ident in ids:
            problems.append(
                f"{where}: indicator name '{ident}' is already used in criterion '{ids[ident]}'; "
                'give this one its own name with id = "..."'
            )
        ids[ident] = cname
    for ename, rule in policy.exclusions.items():
        for i, cond in enumerate(rule.when):
            where = f"exclusions.{ename}.when[{i}].column"
            try:
                spec = indicator_spec(cond.column)
            except (UnknownNameError, ValidationError) as exc:
                line = _locate_value(text, cond.column)
                problems.append(
                    f"{where}{line}: {exc}; name a bundled dataset column or a derived indicator"
                )
                continue
            lo, hi = spec.scale
            if not lo <= cond.threshold <= hi:
                line = _locate_value(text, cond.column)
                problems.append(
                    f"exclusions.{ename}.when[{i}].threshold{line}: {cond.threshold} is outside the scale "
                    f"of {cond.column} [{lo:g}, {hi:g}]; choose a threshold within the scale"
                )
    if policy.trojan_horse is not None:
        try:
            indicator_spec(policy.trojan_horse.alignment)
        except (UnknownNameError, ValidationError) as exc:
            problems.append(f"trojan_horse.alignment{_locate(text, ('alignment',))}: {exc}")
    if problems:
        raise ValidationError(f"{file_name}: " + "; ".join(problems))


def _locate_value(text: str, value: str) -> str:
    for n, line in enumerate(text.splitlines(), start=1):
        if f'"{value}"' in line or f"'{value}'" in line:
            return f" (line {n})"
    return ""


def indicator_id(column: str) -> str:
    """Short id of an indicator column: the part after the dataset name."""
    return column.split(".", 1)[1]


# ---------------------------------------------------------------------------------------------
# Derived indicators: each returns ccode, year, value (and optionally sd) for years lo..hi.


def _share(col: str) -> Callable[[int, int, str], pl.DataFrame]:
    def fn(lo: int, hi: int, alliance: str) -> pl.DataFrame:
        nmc = load("nmc", columns=["ccode", "year", col]).filter(pl.col("year").is_between(lo, hi))
        return nmc.select(
            "ccode", "year", (pl.col(col) / pl.col(col).sum().over("year")).alias("value")
        )

    return fn


def milex_dataset() -> str:
    """The dataset military-expenditure shares come from: ``sipri_milex`` when the user has
    imported SIPRI, else ``nmc`` (COW NMC, a stated fallback)."""
    from socius.indicators.expenditure import milex_source

    return milex_source("auto")


SIPRI = "sipri_milex"


def derived_source(key: str) -> str:
    """The source a derived or dataset indicator is actually read from (for the evidence table)."""
    if key == "derived.milex_share":
        ds = milex_dataset()
        return (
            f"{ds} {info(ds).version} (years with fewer than {SIPRI_MIN_STATES} states: nmc)"
            if ds != "nmc"
            else f"nmc {info('nmc').version} (SIPRI not imported; NMC milex has a series break in 2005)"
        )
    return indicator_spec(key).source


#: A SIPRI year counts as a world total only when it reports at least this many states (the full
#: Military Expenditure Database reports about 150-170); years of a partial import use NMC.
SIPRI_MIN_STATES = 100


def _milex_share(lo: int, hi: int, alliance: str) -> pl.DataFrame:
    """Share of world military expenditure: from the imported SIPRI series (current US$, shares
    of the year's total over the states SIPRI reports) in years where SIPRI reports at least
    :data:`SIPRI_MIN_STATES` states; from COW NMC (the stated fallback, with its 2005 break)
    otherwise."""
    nmc = _share("milex")(lo, hi, alliance)
    if milex_dataset() == "nmc":
        return nmc
    frame = load(SIPRI, columns=["ccode", "year", "milex_current"]).filter(
        pl.col("year").is_between(lo, hi)
        & pl.col("ccode").is_not_null()
        & pl.col("milex_current").is_not_null()
    )
    frame = frame.group_by("ccode", "year").agg(pl.col("milex_current").sum())
    full = frame.with_columns(pl.len().over("year").alias("_n")).filter(
        pl.col("_n") >= SIPRI_MIN_STATES
    )
    sipri = full.select(
        "ccode",
        "year",
        (pl.col("milex_current") / pl.col("milex_current").sum().over("year")).alias("value"),
    )
    years = full["year"].unique().to_list()
    return pl.concat(
        [
            sipri.select(pl.col("ccode").cast(pl.Int32), pl.col("year").cast(pl.Int32), "value"),
            nmc.filter(~pl.col("year").is_in(years)).select(
                pl.col("ccode").cast(pl.Int32), pl.col("year").cast(pl.Int32), "value"
            ),
        ]
    )


def _reference_day() -> pl.Expr:
    return pl.date(pl.col("year"), 12, 31)


def _unsc_np_sanctions(lo: int, hi: int, alliance: str) -> pl.DataFrame:
    """1 where a UNSC resolution imposing nonproliferation sanctions on the state is in force on
    31 December (adopted on or before it, not lifted by then); 0 for other states in the years
    the curated table covers; null outside them."""
    sy = panel.state_years(years=(lo, hi)).select("ccode", "year")
    start, end = info("unsc_np_sanctions").start or 1946, info("unsc_np_sanctions").end or hi
    active = in_force(sy).select("ccode", "year", pl.lit(True).alias("flag"))
    out = sy.join(active, on=["ccode", "year"], how="left")
    return out.select(
        "ccode",
        "year",
        pl.when(pl.col("year").is_between(start, end))
        .then(pl.col("flag").fill_null(False).cast(pl.Float64))
        .otherwise(None)
        .alias("value"),
    )


#: Years of the UNGA participation window: a member that loses its vote for arrears (UN Charter
#: Art. 19; Venezuela has no ideal point in 2022-2023) still counts as taking part.
UNGA_WINDOW = 3


def _unga_participation(lo: int, hi: int, alliance: str) -> pl.DataFrame:
    """1 where the state has a UN General Assembly ideal point in the year or the two before
    (:data:`UNGA_WINDOW`), 0 where it has none, within the ideal points' coverage; null outside
    it (``fallback_years`` carries the last year forward)."""
    ip = load("unga_idealpoints", columns=["ccode", "year"]).unique()
    start, end = int(ip["year"].min()), int(ip["year"].max())  # type: ignore[arg-type]
    sy = panel.state_years(years=(max(lo, start), min(hi, end))).select("ccode", "year")
    shifted = pl.concat([ip.with_columns(pl.col("year") + k) for k in range(UNGA_WINDOW)]).unique()
    flagged = shifted.with_columns(pl.lit(1.0).alias("value"))
    return sy.join(flagged, on=["ccode", "year"], how="left").with_columns(
        pl.col("value").fill_null(0.0)
    )


def _npt_party(lo: int, hi: int, alliance: str) -> pl.DataFrame:
    """1 where the state is an NPT party on 31 December, 0 where the curated table lists it as
    not (yet) a party or withdrawn; null for states the table does not list."""
    regimes = load("np_regimes").filter(pl.col("regime") == "NPT")
    listed = regimes.select("ccode", "joined", "left")
    sy = panel.state_years(years=(lo, hi)).select("ccode", "year")
    joined = sy.join(listed, on="ccode", how="inner")
    day = _reference_day()
    party = (
        pl.col("joined").is_not_null()
        & (pl.col("joined") <= day)
        & (pl.col("left").is_null() | (pl.col("left") >= day))
    )
    return joined.group_by("ccode", "year").agg(party.any().cast(pl.Float64).alias("value"))


def _major_power(lo: int, hi: int, alliance: str) -> pl.DataFrame:
    sy = panel.state_years(years=(lo, min(hi, panel.system_coverage()[1])))
    out = panel.add_major_powers(sy)
    return out.select(
        "ccode",
        "year",
        pl.max_horizontal(pl.col("cowmaj"), pl.col("maoz_regional"), pl.col("maoz_global"))
        .cast(pl.Float64)
        .alias("value"),
    )


def _p5(lo: int, hi: int, alliance: str) -> pl.DataFrame:
    sy = panel.state_years(years=(max(lo, 1946), hi)).select("ccode", "year")
    spells = pl.DataFrame(
        P5_SPELLS, schema={"ccode": pl.Int32, "first": pl.Int32, "last": pl.Int32}, orient="row"
    )
    joined = sy.join(spells, on="ccode", how="left")
    flag = (pl.col("year") >= pl.col("first")) & (pl.col("year") <= pl.col("last"))
    return joined.group_by("ccode", "year").agg(
        flag.fill_null(False).any().cast(pl.Float64).alias("value")
    )


def _flashpoint(lo: int, hi: int, alliance: str) -> pl.DataFrame:
    fp = load("flashpoints").filter(pl.col("role").is_in(["claimant", "party"]))
    parties = set(fp["ccode"].to_list())
    sy = panel.state_years(years=(lo, hi)).select("ccode", "year")
    return sy.with_columns(pl.col("ccode").is_in(list(parties)).cast(pl.Float64).alias("value"))


def _partnerships() -> pl.DataFrame:
    table = load("nato_partnerships")
    if "suspended" not in table.columns:  # snapshots built before the column existed
        table = table.with_columns(
            pl.lit(None, dtype=pl.Date).alias("suspended"),
            pl.lit(None, dtype=pl.String).alias("suspended_precision"),
        )
    return table


def unknown_start_partners() -> dict[int, list[str]]:
    """States with a NATO partnership whose start date is unknown (Pakistan's partners-across-
    the-globe row): state -> frameworks. Their partnership is unknown, not absent."""
    table = _partnerships().filter(pl.col("joined").is_null())
    out: dict[int, list[str]] = {}
    for r in table.iter_rows(named=True):
        out.setdefault(int(r["ccode"]), []).append(str(r["framework"]))
    return out


def _framework(lo: int, hi: int, alliance: str) -> pl.DataFrame:
    """1 where the state takes part in a NATO partnership framework on 31 December: joined by
    then, not left, not suspended (NATO suspended practical cooperation with Russia on
    2014-04-01, Belarus 2021-11 and Afghanistan 2021-08-20). A state whose only partnership has
    an unknown start date (Pakistan) gets null: unknown, not "no relationship"."""
    sy = panel.state_years(years=(lo, hi)).select("ccode", "year")
    if alliance.upper() != "NATO":
        return sy.with_columns(pl.lit(None, dtype=pl.Float64).alias("value"))
    table = _partnerships()
    spells = table.filter(pl.col("joined").is_not_null())
    joined = sy.join(spells.select("ccode", "joined", "left", "suspended"), on="ccode", how="left")
    day = _reference_day()
    active = (
        (pl.col("joined") <= day)
        & (pl.col("left").is_null() | (pl.col("left") >= day))
        & (pl.col("suspended").is_null() | (pl.col("suspended") > day))
    )
    out = joined.group_by("ccode", "year").agg(
        active.fill_null(False).any().cast(pl.Float64).alias("value")
    )
    unknown = list(unknown_start_partners())
    return out.with_columns(
        pl.when(pl.col("ccode").is_in(unknown) & (pl.col("value") == 0))
        .then(None)
        .otherwise(pl.col("value"))
        .alias("value")
    )


def _member_table(lo: int, hi: int, alliance: str) -> pl.DataFrame:
    rows = []
    for y in range(lo, hi + 1):
        try:
            rows += [(y, c) for c in members(alliance, y)]
        except Exception:  # years before the alliance existed have no members
            continue
    return pl.DataFrame(rows, schema={"year": pl.Int32, "member": pl.Int32}, orient="row")


def _defence_pacts(lo: int, hi: int, alliance: str) -> pl.DataFrame:
    atop = load("atop", columns=["ccode1", "ccode2", "year", "atop_defense"]).filter(
        pl.col("year").is_between(lo, hi) & (pl.col("atop_defense") == 1)
    )
    both = pl.concat(
        [
            atop.select("ccode1", "ccode2", "year"),
            atop.select(pl.col("ccode2").alias("ccode1"), pl.col("ccode1").alias("ccode2"), "year"),
        ]
    ).unique()
    mem = _member_table(lo, hi, alliance)
    counts = (
        both.join(mem, left_on=["ccode2", "year"], right_on=["member", "year"], how="inner")
        .group_by("ccode1", "year")
        .len()
    )
    atop_lo, atop_hi = info("atop").start or lo, info("atop").end or hi
    sy = panel.state_years(years=(lo, hi)).select("ccode", "year")
    out = sy.join(
        counts.rename({"ccode1": "ccode"}), on=["ccode", "year"], how="left"
    ).with_columns(
        pl.when(pl.col("year").is_between(atop_lo, atop_hi))
        .then(pl.col("len").fill_null(0))
        .otherwise(None)
        .cast(pl.Float64)
        .alias("value")
    )
    return out.select("ccode", "year", "value")


def _idealpoints(lo: int, hi: int, alliance: str, *, relative: bool) -> pl.DataFrame:
    ip = load(
        "unga_idealpoints",
        columns=["ccode", "year", "idealpoint", "idealpoint_q05", "idealpoint_q95"],
    ).filter(pl.col("year").is_between(lo, hi))
    mem = _member_table(lo, hi, alliance)
    mip = ip.join(mem, left_on=["ccode", "year"], right_on=["member", "year"], how="inner")
    med = mip.group_by("year").agg(pl.col("idealpoint").median().alias("med"))
    spread = (
        mip.join(med, on="year")
        .group_by("year")
        .agg(
            (pl.col("idealpoint") - pl.col("med"))
            .abs()
            .quantile(0.9, interpolation="linear")
            .alias("q90")
        )
    )
    out = ip.join(med, on="year", how="inner").join(spread, on="year", how="inner")
    scale = pl.col("q90") if relative else pl.lit(1.0)
    return out.select(
        "ccode",
        "year",
        ((pl.col("idealpoint") - pl.col("med")).abs() / scale).alias("value"),
        ((pl.col("idealpoint_q95") - pl.col("idealpoint_q05")) / (2 * Z90) / scale).alias("sd"),
    )


DERIVED_FUNCS: dict[str, Callable[[int, int, str], pl.DataFrame]] = {
    "milex_share": _milex_share,
    "milper_share": _share("milper"),
    "major_power": _major_power,
    "p5": _p5,
    "flashpoint_party": _flashpoint,
    "partnership_framework": _framework,
    "defence_pacts_with_members": _defence_pacts,
    "unsc_np_sanctions": _unsc_np_sanctions,
    "unga_participation": _unga_participation,
    "npt_party": _npt_party,
    "member_vote_similarity": member_vote_similarity,
    "vote_divergence": vote_divergence,
    "idealpoint_distance": lambda lo, hi, a: _idealpoints(lo, hi, a, relative=False),
    "idealpoint_divergence": lambda lo, hi, a: _idealpoints(lo, hi, a, relative=True),
}


#: Derived indicators that read data the user can import during a session (SIPRI): never cached.
_USER_DATA = frozenset({"milex_share"})


@functools.lru_cache(maxsize=64)
def _derived_cached(col: str, lo: int, hi: int, alliance: str) -> pl.DataFrame:
    """A derived indicator over bundled (read-only) snapshots, computed once per process and
    span: a web session or a report classifies the same years repeatedly, and the UN-vote
    alignment alone takes half a second a call. Polars frames are immutable, so sharing is safe."""
    return DERIVED_FUNCS[col](lo, hi, alliance)


def _values_for(key: str, lo: int, hi: int, alliance: str) -> pl.DataFrame:
    ds, col = _split(key)
    if ds == "derived":
        frame = (
            DERIVED_FUNCS[col](lo, hi, alliance)
            if col in _USER_DATA
            else _derived_cached(col, lo, hi, alliance)
        )
    else:
        cols = ["ccode", "year", col]
        extra = []
        if key == "unga_idealpoints.idealpoint":
            extra = ["idealpoint_q05", "idealpoint_q95"]
        frame = load(ds, columns=cols + extra).filter(pl.col("year").is_between(lo, hi))
        frame = frame.with_columns(pl.col(col).cast(pl.Float64).alias("value"))
        if extra:
            frame = frame.with_columns(
                ((pl.col("idealpoint_q95") - pl.col("idealpoint_q05")) / (2 * Z90)).alias("sd")
            )
    if "sd" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, dtype=pl.Float64).alias("sd"))
    return frame.select(
        pl.col("ccode").cast(pl.Int32), pl.col("year").cast(pl.Int32), "value", "sd"
    ).drop_nulls("value")


def assemble(keys: list[tuple[str, int]], years: tuple[int, int], alliance: str) -> pl.DataFrame:
    """Evidence for every COW state-year in *years*.

    *keys* lists (column key, fallback years). For each key the frame gets ``<key>``
    (value), ``<key>|year`` (the year the value comes from, up to *fallback* years earlier)
    and ``<key>|sd`` (published standard error, else null).
    """
    lo, hi = years
    deepest = max((f for _, f in keys), default=0)
    base = panel.state_years(years=(max(lo - deepest, panel.system_coverage()[0]), hi)).select(
        "ccode", "year", "stateabb", "statenme"
    )
    out = base.sort("ccode", "year")
    for key, fallback in dict.fromkeys(keys):
        vals = _values_for(key, lo - fallback, hi, alliance)
        joined = out.select("ccode", "year").join(
            vals, on=["ccode", "year"], how="left", maintain_order="left"
        )
        have = pl.col("value").is_not_null()
        joined = joined.with_columns(
            pl.when(have).then(pl.col("year")).otherwise(None).alias("_vy"),
        ).with_columns(
            pl.col("value").forward_fill().over("ccode", order_by="year").alias("_v"),
            pl.col("sd").forward_fill().over("ccode", order_by="year").alias("_sd"),
            pl.col("_vy").forward_fill().over("ccode", order_by="year").alias("_y"),
        )
        ok = pl.col("_y").is_not_null() & ((pl.col("year") - pl.col("_y")) <= fallback)
        out = out.with_columns(
            joined.select(pl.when(ok).then(pl.col("_v")).otherwise(None)).to_series().alias(key),
            joined.select(pl.when(ok).then(pl.col("_y")).otherwise(None))
            .to_series()
            .cast(pl.Int32)
            .alias(f"{key}|year"),
            joined.select(pl.when(ok).then(pl.col("_sd")).otherwise(None))
            .to_series()
            .alias(f"{key}|sd"),
        )
    return out.filter(pl.col("year").is_between(lo, hi))


def scale_array(keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper bounds of the indicators' scales."""
    specs = [indicator_spec(k) for k in keys]
    return np.array([s.scale[0] for s in specs], dtype=float), np.array(
        [s.scale[1] for s in specs], dtype=float
    )


def suspended_partnerships(year: int, *, frame: bool = False) -> Any:
    """NATO partnerships suspended on or before 31 December *year*: state -> [(framework, date
    as text)], or with ``frame=True`` the rows (ccode, framework, suspended, text)."""
    import datetime as dt

    table = _partnerships().filter(
        pl.col("suspended").is_not_null() & (pl.col("suspended") <= dt.date(year, 12, 31))
    )
    table = table.select(
        "ccode",
        "framework",
        "suspended",
        pl.when(pl.col("suspended_precision") == "month")
        .then(pl.col("suspended").dt.strftime("%Y-%m"))
        .otherwise(pl.col("suspended").dt.strftime("%Y-%m-%d"))
        .alias("text"),
    )
    if frame:
        return table
    out: dict[int, list[tuple[str, str]]] = {}
    for r in table.iter_rows(named=True):
        out.setdefault(int(r["ccode"]), []).append((str(r["framework"]), str(r["text"])))
    return out
