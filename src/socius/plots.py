"""One-call figures for notebooks: each function returns a matplotlib Figure, which Jupyter
shows inline (``fig.savefig("x.png")`` saves it). The report uses the same functions.

Examples
--------
>>> import socius.plots as sp
>>> fig = sp.cohesion(["NATO", "SCO"], years=(2001, 2010))
>>> len(fig.axes)
6
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from matplotlib.ticker import MaxNLocator

from socius.figstyle import (
    BLOC_COLOURS,
    PALETTE,
    TIER_COLOURS,
    TIER_LABELS,
    log_share_axis,
    new_figure,
    percent_axis,
    source_line,
    takeaway,
    threshold,
)

__all__ = [
    "BLOC_COLOURS",
    "bloc_arms_flows",
    "bloc_spending",
    "bloc_spending_figure",
    "cohesion",
    "cohesion_figure",
    "network",
    "tiers",
    "tiers_figure",
]

COHESION_PANELS = (
    ("s_un_mean", "UN votes: mean S of member pairs"),
    ("s_atop_mean", "Alliance portfolios: mean S"),
    ("idealpoint_sd", "UN ideal points: sd"),
    ("libdem_sd", "Liberal democracy: sd (dashed: electoral)"),
    ("cinc_hhi", "Capabilities: Herfindahl index"),
    ("n_members", "Members"),
)


def cohesion_figure(series: pl.DataFrame) -> Any:
    """Six panels of cohesion measures over time, one line per alliance in *series*
    (the output of :func:`socius.cohesion.compare` or :func:`~socius.cohesion.cohesion_series`)."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 3, figsize=(10.5, 5.8), dpi=100, sharex=True)
    blocs = list(dict.fromkeys(series["alliance"].to_list()))
    for ax, (col, title) in zip(axes.ravel(), COHESION_PANELS, strict=True):
        for bloc in blocs:
            part = series.filter(pl.col("alliance") == bloc).sort("year")
            years = part["year"].to_numpy()
            colour = BLOC_COLOURS.get(bloc, "#555555")
            ax.plot(
                years,
                part[col].cast(pl.Float64).fill_null(np.nan).to_numpy(),
                color=colour,
                linewidth=1.6,
                label=bloc,
            )
            if col == "libdem_sd" and "polyarchy_sd" in part.columns:
                ax.plot(
                    years,
                    part["polyarchy_sd"].fill_null(np.nan).to_numpy(),
                    color=colour,
                    linewidth=0.9,
                    linestyle="--",
                )
        ax.set_title(title, fontsize=9)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        if col == "n_members":  # a count: no "12.5 members" ticks
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(alpha=0.25, linewidth=0.6)
        ax.tick_params(labelsize=8)
    axes[0, 0].legend(frameon=False, fontsize=8)
    last = series.drop_nulls("s_un_mean")
    if last.height:
        yr = int(last["year"].max())  # type: ignore[arg-type]
        at = last.filter(pl.col("year") == yr).sort("s_un_mean", descending=True)
        parts = [f"{a} {v:.2f}" for a, v in at.select("alliance", "s_un_mean").iter_rows()]
        takeaway(
            fig,
            f"{at['alliance'][0]} members vote most alike at the UN in {yr} (mean S: "
            + ", ".join(parts)
            + ")",
        )
    source_line(fig, _cohesion_sources())
    return fig


def _cohesion_sources() -> str:
    from socius.data import info

    names = {
        "unvotes": "UN votes",
        "atop": "ATOP",
        "unga_idealpoints": "UN ideal points",
        "vdem": "V-Dem",
        "nmc": "COW NMC",
    }
    return "; ".join(f"{label} {info(n).version}" for n, label in names.items()) + (
        "; S on [-1, 1], sd and Herfindahl index on the measures' own scales"
    )


def cohesion(
    alliances: Sequence[str] = ("NATO", "SCO"), *, years: tuple[int, int] | None = None
) -> Any:
    """Cohesion of *alliances* over *years*, side by side (see :mod:`socius.cohesion`)."""
    from socius.cohesion import compare

    return cohesion_figure(compare(list(alliances), years))


def bloc_spending_figure(agg: pl.DataFrame) -> Any:
    """Each bloc's share of world military spending and of world capabilities over time, from
    :func:`socius.indicators.bloc_aggregates` output. When the spending comes from COW NMC,
    its 2005 source change is marked with a vertical rule and the spending lines leave a gap
    there (never a line through the break)."""
    from socius.indicators import NMC_BREAKS

    fig, _ = new_figure(9.0, 3.8)
    fig.clf()
    ax1, ax2 = fig.subplots(1, 2)
    nmc = agg.height > 0 and "nmc" in str(agg["source"][0])
    cuts = sorted(NMC_BREAKS) if nmc else []
    for name in dict.fromkeys(agg["bloc"].to_list()):
        s = agg.filter(pl.col("bloc") == name).sort("year")
        colour = BLOC_COLOURS.get(str(name), "#555555")
        share = (s["milex_share_world"] * 100).cast(pl.Float64).fill_null(np.nan).to_numpy()
        years = s["year"].to_numpy().astype(float)
        for cut in cuts:  # a NaN point between the two sides of the break
            at = int(np.searchsorted(years, cut))
            if 0 < at < years.size:
                years = np.insert(years, at, cut - 0.5)
                share = np.insert(share, at, np.nan)
        ax1.plot(years, share, color=colour, label=name)
        ax2.plot(s["year"].to_list(), (s["cinc"] * 100).to_list(), color=colour, label=name)
    for cut in cuts:
        if agg.height and agg["year"].min() < cut <= agg["year"].max():  # type: ignore[operator]
            ax1.axvline(cut - 0.5, color=PALETTE["flag"], linestyle="--", linewidth=0.8)
            ax1.annotate(
                f"NMC source change {cut}",
                (cut - 0.5, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(3, -10),
                textcoords="offset points",
                fontsize=8,
            )
    ax1.set_title("Share of world military spending", fontsize=9)
    ax2.set_title("Share of world capabilities (CINC)", fontsize=9)
    for ax in (ax1, ax2):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        percent_axis(ax)
        ax.legend(frameon=False, fontsize=8)
        ax.grid(alpha=0.25, linewidth=0.6)
    if agg.height:
        unit = str(agg["milex_unit"][0]) if "milex_unit" in agg.columns else ""
        source_line(
            fig,
            f"{agg['source'][0]}; spending in {unit}"
            + ("; dashed rule: series break, no line drawn across it" if cuts else ""),
        )
    return fig


def bloc_spending(
    blocs: Sequence[str] = ("NATO", "SCO"),
    *,
    years: tuple[int, int] | None = None,
    source: str = "auto",
) -> Any:
    """Each bloc's share of world military spending and of world capabilities (CINC) over time.

    Spending comes from SIPRI when imported, otherwise COW NMC (current prices); the frame's
    ``source`` column says which (see :func:`socius.indicators.bloc_aggregates`).
    """
    from socius import indicators as ind

    return bloc_spending_figure(ind.bloc_aggregates(list(blocs), years=years, source=source))


def bloc_arms_flows(
    blocs: Sequence[str] = ("NATO", "SCO"), *, years: tuple[int, int] | None = None
) -> Any:
    """Arms transfers between members of each bloc per year (SIPRI TIV; needs `socius data import sipri-arms`)."""
    from socius import indicators as ind

    fig, ax = new_figure(8.0, 3.6)
    for name in blocs:
        flows = ind.bloc_flows(name, years=years)
        per_year = flows.group_by("year").agg(pl.col("tiv").sum()).sort("year")
        ax.plot(
            per_year["year"].to_list(),
            per_year["tiv"].to_list(),
            color=BLOC_COLOURS.get(name.upper(), "#555555"),
            label=name.upper(),
        )
    ax.set_ylabel("TIV, millions (1990 prices)")
    ax.set_title("Arms transfers inside each bloc (SIPRI)", fontsize=9)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(frameon=False, fontsize=8)
    return fig


def network(source: str = "nuclear", *, start: int = 1994, end: int = 2003, k: int = 5) -> Any:
    """A state network built from the bundled data (``nuclear``, ``alliances``) or imported SIPRI
    transfers (``arms``), with its *k* key players ringed (see :mod:`socius.networks`)."""
    from socius.networks import key_players, node_measures
    from socius.networks.build import build_network
    from socius.networks.figures import network_figure

    net = build_network(source, start=start, end=end)
    measures = node_measures(net)
    players = key_players(net, k).players if k > 0 else ()
    fig = network_figure(net, measures=measures, key_players=players)
    fig.axes[0].set_title(net.origin, fontsize=9)
    return fig


def tiers_figure(table: pl.DataFrame) -> Any:
    """States by liberal democracy and capability share, coloured by tier, flagged states crossed
    (from a :func:`socius.affiliation.classify` table). Dashed lines mark the democracy (0.5)
    and capability (1%) thresholds of the shipped policy; key states are labelled."""
    pts = table.drop_nulls(["v2x_libdem", "cinc"]).filter(pl.col("cinc") > 0)
    fig, ax = new_figure(7.5, 5.4)
    for tier in ("none", "associate", "active_partner", "member"):
        sub = pts.filter(pl.col("tier") == tier)
        ax.scatter(
            sub["v2x_libdem"].to_numpy(),
            sub["cinc"].to_numpy() * 100,
            s=20,
            c=TIER_COLOURS[tier],
            label=TIER_LABELS[tier],
            alpha=0.85,
            edgecolors="none",
        )
    flagged = pts.filter(pl.col("trojan_horse").is_not_null())
    ax.scatter(
        flagged["v2x_libdem"].to_numpy(),
        flagged["cinc"].to_numpy() * 100,
        s=40,
        marker="x",
        c=PALETTE["flag"],
        label="flagged",
    )
    log_share_axis(ax, "y")
    threshold(ax, 0.5, "democracy 0.5", axis="x")
    threshold(ax, 1.0, "capability 1%", axis="y")
    for r in (
        pts.filter(pl.col("tier").is_in(["active_partner", "associate"]))
        .sort("cinc", descending=True)
        .head(10)
        .iter_rows(named=True)
    ):
        ax.annotate(
            r["stateabb"],
            (r["v2x_libdem"], r["cinc"] * 100),
            fontsize=8,
            xytext=(3, 2),
            textcoords="offset points",
        )
    ax.set_xlabel("liberal democracy index (V-Dem v14) [0-1]")
    ax.set_ylabel("share of world capabilities (CINC, log scale)")
    ax.legend(frameon=False, loc="lower right")
    if "year" in table.columns and table.height:
        counts = {t: int((table["tier"] == t).sum()) for t in ("active_partner", "associate")}
        takeaway(
            fig,
            f"{counts['active_partner']} active partners and {counts['associate']} associates "
            f"in {table['year'][0]}",
        )
    source_line(fig, "V-Dem v14 (v2x_libdem); COW NMC v7.0 (CINC); ten largest partners labelled")
    return fig


def tiers(year: int, *, policy: str | Path | None = None, alliance: str | None = None) -> Any:
    """The two-tier affiliation of *year* as a figure (see :func:`tiers_figure`)."""
    from socius.affiliation import classify

    return tiers_figure(classify(year, policy=policy, alliance=alliance, draws=1))
