"""Blocs (NATO, SCO, CSTO, or any user-defined group) aggregated over time: military
spending, capabilities and arms flows inside the bloc.

Alliance membership is read on 31 December of each year from the curated
``alliance_membership`` table (the rule of :func:`socius.alliances.members`). A
user-defined group has fixed members, counted in the years they were COW system
members.

Examples
--------
>>> m = bloc_members("SCO", years=(2007, 2007))
>>> sorted(m["ccode"].to_list())
[365, 702, 703, 704, 705, 710]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from socius.codes import to_ccodes
from socius.data import load
from socius.errors import ValidationError
from socius.indicators import arms as _arms
from socius.indicators import expenditure as _milex
from socius.indicators._common import (
    SIPRI_ARMS,
    Years,
    check_period,
    coverage,
    finish,
    has_dataset,
    source_label,
    with_abb,
)
from socius.indicators.capabilities import cinc
from socius.panel import state_years, system_coverage

__all__ = ["Bloc", "bloc", "bloc_aggregates", "bloc_flows", "bloc_members"]


@dataclass(frozen=True)
class Bloc:
    """A bloc: an alliance with dated membership (``members`` None) or a fixed group."""

    name: str
    members: tuple[int, ...] | None = None

    @property
    def is_alliance(self) -> bool:
        return self.members is None


def _alliances() -> list[str]:
    return sorted(set(load("alliance_membership", columns=["org"])["org"].to_list()))


def bloc(spec: str | Bloc, states: Sequence[str | int] | None = None) -> Bloc:
    """Make a :class:`Bloc` from an alliance name ("NATO", "SCO", "CSTO") or from a
    name and a list of states (COW codes, abbreviations or names).

    Parameters
    ----------
    spec
        An alliance in the curated ``alliance_membership`` table (NATO, SCO, CSTO; any
        case), the name of a user-defined group when *states* is given, or a
        :class:`Bloc`, returned unchanged.
    states
        The members of a user-defined group (COW codes, ISO3/COW abbreviations or names);
        None for an alliance with dated membership.

    Returns
    -------
    Bloc
        For an alliance ``members`` is None (membership is read by date); for a group it
        is the sorted tuple of unique COW codes.

    Raises
    ------
    ValidationError
        When *spec* is not an alliance with membership data and no *states* are given, or
        the group has no members.
    UnknownNameError
        When a member state cannot be resolved.

    Examples
    --------
    >>> bloc("nato")
    Bloc(name='NATO', members=None)
    >>> bloc("Quad", ["USA", "JPN", "IND", "AUL"]).members
    (2, 740, 750, 900)
    """
    if isinstance(spec, Bloc):
        return spec
    if states is not None:
        codes = tuple(sorted(set(to_ccodes(states))))
        if not codes:
            raise ValidationError(f"group '{spec}' has no members; give at least one state")
        return Bloc(str(spec), codes)
    names = _alliances()
    for n in names:
        if n.lower() == str(spec).strip().lower():
            return Bloc(n)
    raise ValidationError(
        f"bloc '{spec}' is not an alliance with membership data ({', '.join(names)}); for another group "
        "give its members, e.g. bloc('Quad', ['USA', 'JPN', 'IND', 'AUL'])"
    )


def _span(b: Bloc, years: Years) -> tuple[int, int]:
    cover = coverage("alliance_membership") if b.is_alliance else system_coverage("cow")
    return check_period(years, cover, f"the membership of {b.name}")


def bloc_members(spec: str | Bloc, *, years: Years = None) -> pl.DataFrame:
    """Members of a bloc in each year: ``bloc, year, ccode, stateabb``.

    Alliance members are those whose membership spans 31 December of the year; years
    before the alliance existed have no rows. A user-defined group's members count in the
    years they were COW system members.

    Parameters
    ----------
    spec
        An alliance name (NATO, SCO, CSTO) or a :class:`Bloc` (see :func:`bloc`).
    years
        Inclusive ``(start, end)`` [calendar years]; default the membership table's
        coverage (1949-2024) for an alliance and the COW state system's (1816-2024) for a
        group.

    Returns
    -------
    polars.DataFrame
        One row per member and year, sorted by year and COW code: ``bloc``, ``year``,
        ``ccode`` [COW code], ``stateabb``.

    Raises
    ------
    ValidationError
        When *spec* is not a known alliance or the period runs backwards.
    CoverageError
        When the period lies outside the coverage above.

    Examples
    --------
    NATO's enlargement of 2004 took it from 19 to 26 members:

    >>> [bloc_members("NATO", years=(y, y)).height for y in (2003, 2004)]
    [19, 26]
    """
    b = bloc(spec)
    lo, hi = _span(b, years)
    grid = pl.DataFrame({"year": pl.int_range(lo, hi + 1, eager=True).cast(pl.Int32)})
    if b.is_alliance:
        table = load("alliance_membership", columns=["org", "ccode", "joined", "left"]).filter(
            pl.col("org") == b.name
        )
        day = pl.date(pl.col("year"), 12, 31)
        rows = grid.join(table, how="cross").filter(
            (pl.col("joined") <= day) & (pl.col("left").is_null() | (pl.col("left") >= day))
        )
        out = rows.select("year", "ccode").unique()
        datasets = ["alliance_membership"]
    else:
        members = list(b.members or ())
        out = (
            state_years(years=(lo, hi))
            .filter(pl.col("ccode").is_in(members))
            .select("year", "ccode")
        )
        datasets = ["cow_states"]
    out = with_abb(
        out.with_columns(pl.lit(b.name).alias("bloc"))
        .select("bloc", "year", "ccode")
        .sort("year", "ccode")
    )
    return finish(out, [*datasets, "cow_states"])


def _clip(span: tuple[int, int], cover: tuple[int, int]) -> tuple[int, int] | None:
    lo, hi = max(span[0], cover[0]), min(span[1], cover[1])
    return (lo, hi) if lo <= hi else None


def bloc_flows(spec: str | Bloc, *, years: Years = None) -> pl.DataFrame:
    """Arms transfers between members of the bloc (both members in the year of delivery).

    Needs the imported SIPRI arms data (``socius data import sipri-arms FILE...``); SIPRI's
    tables are not bundled.

    Parameters
    ----------
    spec
        An alliance name (NATO, SCO, CSTO) or a :class:`Bloc` (see :func:`bloc`).
    years
        Inclusive ``(start, end)`` [years of delivery] within the membership coverage;
        the flows are read for the part of it the imported SIPRI data covers.

    Returns
    -------
    polars.DataFrame
        One row per supplier, recipient and year, sorted by year, supplier and recipient:
        ``bloc``, ``year``, ``supplier`` and ``recipient`` (SIPRI's names), ``ccode1`` and
        ``ccode2`` [COW codes], ``tiv`` [SIPRI TIV, millions] and ``source``.

    Raises
    ------
    DataError
        When SIPRI's arms-transfer data has not been imported.
    ValidationError
        When *spec* is not a known alliance or the period runs backwards.
    CoverageError
        When the period lies outside the membership coverage. A period that shares no
        year with the imported SIPRI data gives an empty frame.

    Examples
    --------
    Transfers inside NATO (needs the imported SIPRI data):

    >>> flows = bloc_flows("NATO", years=(2017, 2021))  # doctest: +SKIP
    >>> flows["ccode1"].is_null().any()  # doctest: +SKIP
    False
    """
    b = bloc(spec)
    span = _span(b, years)
    flows = _arms.arms_transfers(
        years=_clip(span, coverage(SIPRI_ARMS)) if has_dataset(SIPRI_ARMS) else span
    )
    members = bloc_members(b, years=span).select("year", "ccode")
    inside = flows.join(members.rename({"ccode": "ccode1"}), on=["year", "ccode1"]).join(
        members.rename({"ccode": "ccode2"}), on=["year", "ccode2"]
    )
    out = inside.select(
        pl.lit(b.name).alias("bloc"),
        "year",
        "supplier",
        "recipient",
        "ccode1",
        "ccode2",
        "tiv",
        "source",
    ).sort("year", "supplier", "recipient")
    return finish(out, [SIPRI_ARMS, "alliance_membership"])


def bloc_aggregates(
    blocs: Sequence[str | Bloc],
    *,
    years: Years = None,
    measure: _milex.Measure = "constant",
    source: _milex.Source = "auto",
) -> pl.DataFrame:
    """Spending, capabilities and internal arms flows of each bloc, by year.

    Parameters
    ----------
    blocs
        Alliance names (NATO, SCO, CSTO) or :class:`Bloc` objects (see :func:`bloc`), one or
        more.
    years
        Inclusive ``(start, end)`` [calendar years]; default each bloc's membership
        coverage. Each component is computed for the part of the period its source
        covers.
    measure
        Spending measure as in :func:`milex`: ``"constant"`` (default; NMC falls back to
        current US$) or ``"current"``; the share and per-capita measures are accepted
        but are summed over the members like money.
    source
        Spending source: ``"auto"`` (SIPRI if imported, else COW NMC), ``"sipri"`` or
        ``"nmc"``.

    Returns
    -------
    polars.DataFrame
        ``bloc, year, members, milex, milex_reporting, milex_share_world, cinc,
        arms_internal, arms_imports, arms_internal_share, milex_unit, source, caveat``.
        ``milex`` sums the members with data (``milex_reporting`` of them) and
        ``milex_share_world`` divides by all states with data; ``cinc`` sums the
        members' CINC shares; ``arms_internal`` is TIV delivered between members,
        ``arms_imports`` the members' total imports. Each component is missing
        outside its own source's coverage; arms columns are missing without SIPRI.
        Units: ``milex`` as in ``milex_unit`` (e.g. US$ m), ``milex_share_world`` and
        ``cinc`` [0, 1], ``arms_*`` [SIPRI TIV, millions], ``arms_internal_share``
        [0, 1; null when the members imported nothing].

    Raises
    ------
    ValidationError
        When no bloc is given, a bloc is not a known alliance, the period runs backwards,
        or *measure* or *source* is unknown.
    CoverageError
        When the period lies outside a bloc's membership coverage.
    DataError
        When ``source="sipri"`` or a SIPRI-only measure is asked for without SIPRI imported.

    Notes
    -----
    For bloc :math:`B_t` in year :math:`t`: :math:`M_t = \\sum_{i \\in B_t} m_{it}`,
    :math:`C_t = \\sum_{i \\in B_t} \\mathrm{CINC}_{it}` and the internal share
    :math:`\\sum_{i,j \\in B_t} T_{ijt} / \\sum_{j \\in B_t} \\sum_i T_{ijt}`.

    Examples
    --------
    NATO and the SCO in 2007 (COW NMC: spending in current US$):

    >>> a = bloc_aggregates(["NATO", "SCO"], years=(2007, 2007), source="nmc")
    >>> cols = ("bloc", "members", "milex_share_world", "cinc")
    >>> [(b, n, round(m, 2), round(c, 2)) for b, n, m, c in a.select(*cols).rows()]
    [('NATO', 26, 0.67, 0.3), ('SCO', 6, 0.06, 0.23)]
    """
    if not blocs:
        raise ValidationError(
            "no bloc given; name one or more of NATO, SCO, CSTO or define a group"
        )
    made = [bloc(b) for b in blocs]
    spans = [_span(b, years) for b in made]
    lo, hi = min(s[0] for s in spans), max(s[1] for s in spans)
    members = pl.concat(
        [
            bloc_members(b, years=s).select("bloc", "year", "ccode")
            for b, s in zip(made, spans, strict=True)
        ]
    )
    counts = members.group_by("bloc", "year").agg(pl.len().cast(pl.Int32).alias("members"))
    datasets: list[str] = ["alliance_membership", "cow_states"]
    labels: list[str] = []
    caveat: str | None = None
    unit = ""
    out = counts
    dataset = _milex.milex_source(source)
    mspan = _clip((lo, hi), _milex.milex_coverage(dataset))
    if mspan is not None:
        m = _milex.milex(years=mspan, measure=measure, source=source)
        caveat = m["caveat"][0] if m.height else None
        unit = str(m["unit"][0]) if m.height else ""
        world = m.drop_nulls("milex").group_by("year").agg(pl.col("milex").sum().alias("_world"))
        part = members.join(
            m.select("ccode", "year", "milex").drop_nulls("milex"), on=["ccode", "year"]
        )
        agg = (
            part.group_by("bloc", "year")
            .agg(pl.col("milex").sum(), pl.len().cast(pl.Int32).alias("milex_reporting"))
            .join(world, on="year")
            .with_columns((pl.col("milex") / pl.col("_world")).alias("milex_share_world"))
        )
        out = out.join(agg.drop("_world"), on=["bloc", "year"], how="left")
        datasets.append(dataset)
        labels.append(source_label(dataset))
    cspan = _clip((lo, hi), coverage("nmc"))
    if cspan is not None:
        c = cinc(years=cspan).select("ccode", "year", "cinc")
        agg_c = (
            members.join(c, on=["ccode", "year"]).group_by("bloc", "year").agg(pl.col("cinc").sum())
        )
        out = out.join(agg_c, on=["bloc", "year"], how="left")
        datasets.append("nmc")
        labels.append(source_label("nmc"))
    aspan = _clip((lo, hi), coverage(SIPRI_ARMS)) if has_dataset(SIPRI_ARMS) else None
    if aspan is not None:
        flows = load(SIPRI_ARMS, columns=["year", "ccode1", "ccode2", "tiv"], years=aspan)
        recv = flows.join(members.rename({"ccode": "ccode2"}), on=["year", "ccode2"])
        imports = recv.group_by("bloc", "year").agg(pl.col("tiv").sum().alias("arms_imports"))
        internal = (
            recv.join(members.rename({"ccode": "ccode1", "bloc": "_b"}), on=["year", "ccode1"])
            .filter(pl.col("bloc") == pl.col("_b"))
            .group_by("bloc", "year")
            .agg(pl.col("tiv").sum().alias("arms_internal"))
        )
        grid = counts.filter(pl.col("year").is_between(*aspan)).select("bloc", "year")
        arms = (
            grid.join(internal, on=["bloc", "year"], how="left")
            .join(imports, on=["bloc", "year"], how="left")
            .with_columns(
                pl.col("arms_internal").fill_null(0.0), pl.col("arms_imports").fill_null(0.0)
            )
        )
        out = out.join(arms, on=["bloc", "year"], how="left")
        datasets.append(SIPRI_ARMS)
        labels.append(source_label(SIPRI_ARMS))
    for col, dtype in (
        ("milex", pl.Float64),
        ("milex_reporting", pl.Int32),
        ("milex_share_world", pl.Float64),
        ("cinc", pl.Float64),
        ("arms_internal", pl.Float64),
        ("arms_imports", pl.Float64),
    ):
        if col not in out.columns:
            out = out.with_columns(pl.lit(None, dtype=dtype).alias(col))
    out = out.with_columns(
        pl.when(pl.col("arms_imports") > 0)
        .then(pl.col("arms_internal") / pl.col("arms_imports"))
        .alias("arms_internal_share"),
        pl.lit(unit).alias("milex_unit"),
        # NMC can be both the spending and the CINC source: name each dataset once
        pl.lit("; ".join(dict.fromkeys([source_label("alliance_membership"), *labels]))).alias(
            "source"
        ),
        pl.lit(caveat, dtype=pl.String).alias("caveat"),
    ).select(
        "bloc",
        "year",
        "members",
        "milex",
        "milex_reporting",
        "milex_share_world",
        "cinc",
        "arms_internal",
        "arms_imports",
        "arms_internal_share",
        "milex_unit",
        "source",
        "caveat",
    )
    return finish(out.sort("bloc", "year"), datasets)
