"""One-call figures for notebooks and scripts: each function draws one chart from the bundled
data and returns a :class:`matplotlib.figure.Figure`, which Jupyter shows inline. The HTML
report draws its charts with the same functions.

What each function draws:

- :func:`cohesion`: six panels of cohesion measures over time (UN-vote and alliance-portfolio
  similarity, the spread of UN ideal points and of democracy, capability concentration, the
  number of members), one line per alliance.
- :func:`bloc_spending`: each bloc's share of world military spending and of world
  capabilities (CINC), in per cent, per year.
- :func:`bloc_arms_flows`: arms transferred between the members of each bloc per year (SIPRI
  trend-indicator values; needs the SIPRI files imported first).
- :func:`network`: a network of states (nuclear cooperation, alliances, arms transfers or the
  A. Q. Khan network) with its key players ringed.
- :func:`tiers`: the two-tier affiliation of one year, each state placed by liberal democracy
  and share of world capabilities and coloured by its tier.

The functions that end in ``_figure`` (:func:`cohesion_figure`, :func:`bloc_spending_figure`,
:func:`tiers_figure`) draw the same charts from a frame you already have, for example one you
filtered yourself.

**Saving a figure.** Call the figure's ``savefig`` method; the file's suffix picks the format.
``fig.savefig("china-milex.svg")`` writes a vector file (sharp at any size, for papers and web
pages); ``fig.savefig("nato-sco.png", dpi=200)`` writes a raster image at 200 dots per inch
(the figures are sized in inches at 100 dpi, so ``dpi=200`` doubles the pixels);
``bbox_inches="tight"`` trims the white margin. Close a figure you no longer need with
``matplotlib.pyplot.close(fig)``: a loop that draws many figures otherwise keeps them all in
memory.

**Without a screen.** socius draws with matplotlib's non-interactive Agg backend, so these
functions work in scripts, on servers and in continuous integration, where there is no display.
For your own matplotlib code in such a setting set the same backend with the environment
variable ``MPLBACKEND=Agg`` (``MPLBACKEND=Agg python make_figures.py``).

**Style.** Every figure follows :mod:`socius.figstyle`: one colour per alliance and per tier,
the same in the report and in these plots (colour-blind safe, at least 3:1 contrast), a takeaway
line that states the finding, a source line under the plot with each dataset, its version and
the units, and dashed lines where a threshold decides something.

Examples
--------
Draw a figure and save it as SVG and as PNG (here in a temporary folder):

>>> import tempfile
>>> from pathlib import Path
>>> import matplotlib.pyplot as plt
>>> import socius.plots as sp
>>> fig = sp.bloc_spending(["NATO", "SCO"], years=(2000, 2012))
>>> type(fig).__name__
'Figure'
>>> with tempfile.TemporaryDirectory() as folder:
...     fig.savefig(Path(folder) / "nato-sco-spending.svg")
...     fig.savefig(Path(folder) / "nato-sco-spending.png", dpi=200, bbox_inches="tight")
...     sorted(path.name for path in Path(folder).iterdir())
['nato-sco-spending.png', 'nato-sco-spending.svg']
>>> plt.close(fig)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from matplotlib.figure import Figure

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


def cohesion_figure(series: pl.DataFrame) -> Figure:
    """Six panels of cohesion measures over time, one line per alliance in *series*.

    Parameters
    ----------
    series : polars.DataFrame
        One row per alliance and year, as :func:`socius.cohesion.compare` or
        :func:`~socius.cohesion.cohesion_series` return it, with the columns ``alliance``,
        ``year`` and the six measures drawn: ``s_un_mean`` [-1, 1], ``s_atop_mean`` [-1, 1],
        ``idealpoint_sd`` [ideal-point units], ``libdem_sd`` [0-1 index units],
        ``cinc_hhi`` [0-1] and ``n_members`` [states]; ``polyarchy_sd`` [0-1 index units],
        when present, is drawn dashed in the democracy panel.

    Returns
    -------
    matplotlib.figure.Figure
        A 2 by 3 grid of panels sharing the year axis, with a takeaway line (which alliance's
        members vote most alike at the UN in the last year) and the sources.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from socius.cohesion import compare
    >>> fig = cohesion_figure(compare(["NATO", "SCO"], (2001, 2010)))
    >>> [ax.get_title() for ax in fig.axes][:2]
    ['UN votes: mean S of member pairs', 'Alliance portfolios: mean S']
    >>> plt.close(fig)
    """
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
) -> Figure:
    """Cohesion of *alliances* over *years*, side by side (see :mod:`socius.cohesion`).

    Parameters
    ----------
    alliances : sequence of str
        Alliance names, for example ``"NATO"``, ``"SCO"``, ``"CSTO"``; one line each.
    years : tuple of int, optional
        ``(first, last)`` [calendar years, inclusive]; default every year the data cover.

    Returns
    -------
    matplotlib.figure.Figure
        The six panels of :func:`cohesion_figure`, drawn from
        :func:`socius.cohesion.compare`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import socius.plots as sp
    >>> fig = sp.cohesion(["NATO", "SCO"], years=(2001, 2010))
    >>> len(fig.axes)
    6
    >>> plt.close(fig)
    """
    from socius.cohesion import compare

    return cohesion_figure(compare(list(alliances), years))


def bloc_spending_figure(agg: pl.DataFrame) -> Figure:
    """Each bloc's share of world military spending and of world capabilities over time.

    When the spending comes from COW NMC, its 2005 source change is marked with a vertical
    rule and the spending lines leave a gap there (never a line through the break).

    Parameters
    ----------
    agg : polars.DataFrame
        :func:`socius.indicators.bloc_aggregates` output: one row per bloc and year with
        ``milex_share_world`` [0-1 share of world spending], ``cinc`` [0-1 share of world
        capabilities], ``source`` and ``milex_unit``.

    Returns
    -------
    matplotlib.figure.Figure
        Two panels side by side, spending share and capability share [%], one line per bloc.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from socius.indicators import bloc_aggregates
    >>> agg = bloc_aggregates(["NATO", "SCO"], years=(2000, 2012))
    >>> fig = bloc_spending_figure(agg)
    >>> [ax.get_title() for ax in fig.axes]
    ['Share of world military spending', 'Share of world capabilities (CINC)']
    >>> plt.close(fig)
    """
    from socius.indicators import NMC_BREAKS

    fig: Figure
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
) -> Figure:
    """Each bloc's share of world military spending and of world capabilities (CINC) over time.

    Spending comes from SIPRI when imported, otherwise COW NMC (current prices); the source
    line under the plot says which (see :func:`socius.indicators.bloc_aggregates`).

    Parameters
    ----------
    blocs : sequence of str
        Bloc names (``"NATO"``, ``"SCO"``, ``"CSTO"``); one line each.
    years : tuple of int, optional
        ``(first, last)`` [calendar years, inclusive]; default every year the data cover.
    source : {"auto", "sipri", "nmc"}
        Where the spending comes from: ``"auto"`` takes SIPRI when imported, else COW NMC.

    Returns
    -------
    matplotlib.figure.Figure
        Two panels, as :func:`bloc_spending_figure` draws them.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import socius.plots as sp
    >>> fig = sp.bloc_spending(["NATO", "SCO"], years=(2000, 2012), source="nmc")
    >>> fig.axes[0].get_title()
    'Share of world military spending'
    >>> plt.close(fig)
    """
    from socius import indicators as ind

    return bloc_spending_figure(ind.bloc_aggregates(list(blocs), years=years, source=source))


def bloc_arms_flows(
    blocs: Sequence[str] = ("NATO", "SCO"), *, years: tuple[int, int] | None = None
) -> Figure:
    """Arms transfers between members of each bloc per year, from SIPRI's arms-transfer data.

    SIPRI's terms keep its data out of socius: download the trend-indicator value (TIV) tables
    and import them first with ``socius data import sipri-arms FILE...`` (or
    :func:`socius.data.sipri.import_arms`).

    Parameters
    ----------
    blocs : sequence of str
        Bloc names (``"NATO"``, ``"SCO"``, ``"CSTO"``); one line each.
    years : tuple of int, optional
        ``(first, last)`` [calendar years, inclusive]; default every year the data cover.

    Returns
    -------
    matplotlib.figure.Figure
        One panel: TIV delivered between members [millions of TIV, 1990 prices] per year.

    Raises
    ------
    DataError
        When the SIPRI transfers have not been imported; the message gives the command.

    Examples
    --------
    >>> import socius.plots as sp
    >>> fig = sp.bloc_arms_flows(["NATO", "SCO"], years=(2001, 2021))  # doctest: +SKIP
    """
    from socius import indicators as ind

    fig: Figure
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


def network(source: str = "nuclear", *, start: int = 1994, end: int = 2003, k: int = 5) -> Figure:
    """A network of states with its *k* key players ringed (see :mod:`socius.networks`).

    Parameters
    ----------
    source : {"nuclear", "alliances", "arms", "khan"}
        The ties: civilian nuclear cooperation agreements (Fuhrmann), ATOP alliances, arms
        transfers (needs the SIPRI files imported) or the A. Q. Khan network.
    start, end : int
        First and last year of the ties [calendar years, inclusive].
    k : int
        How many key players to ring [states]; 0 rings none.

    Returns
    -------
    matplotlib.figure.Figure
        One panel titled with the network's origin (dataset and period).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import socius.plots as sp
    >>> fig = sp.network("nuclear", start=1994, end=2003, k=3)
    >>> fig.axes[0].get_title()
    'nuclear cooperation agreements 1994-2003 (Fuhrmann 2012)'
    >>> plt.close(fig)
    """
    from socius.networks import key_players, node_measures
    from socius.networks.build import build_network
    from socius.networks.figures import network_figure

    net = build_network(source, start=start, end=end)
    measures = node_measures(net)
    players = key_players(net, k).players if k > 0 else ()
    fig: Figure = network_figure(net, measures=measures, key_players=players)
    fig.axes[0].set_title(net.origin, fontsize=9)
    return fig


def tiers_figure(table: pl.DataFrame) -> Figure:
    """States by liberal democracy and capability share, coloured by tier, flagged states crossed.

    Dashed lines mark the democracy (0.5) and capability (1%) thresholds of the shipped policy;
    the ten largest active partners and associates are labelled.

    Parameters
    ----------
    table : polars.DataFrame
        A :func:`socius.affiliation.classify` table: one row per state with ``tier``,
        ``v2x_libdem`` [0-1], ``cinc`` [0-1 share of world capabilities], ``trojan_horse``,
        ``stateabb`` and ``year``. States missing either value are left out.

    Returns
    -------
    matplotlib.figure.Figure
        One scatter panel (capability share on a log scale [%]) with a takeaway line that
        counts the active partners and associates.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from socius.affiliation import classify
    >>> fig = tiers_figure(classify(2010, draws=1))
    >>> fig.axes[0].get_xlabel()
    'liberal democracy index (V-Dem v14) [0-1]'
    >>> plt.close(fig)
    """
    pts = table.drop_nulls(["v2x_libdem", "cinc"]).filter(pl.col("cinc") > 0)
    fig: Figure
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


def tiers(year: int, *, policy: str | Path | None = None, alliance: str | None = None) -> Figure:
    """The two-tier affiliation of *year* as a figure (see :func:`tiers_figure`).

    Parameters
    ----------
    year : int
        The year to classify [calendar year].
    policy : str or pathlib.Path, optional
        An affiliation policy file; default the shipped policy.
    alliance : str, optional
        The alliance whose non-members are sorted; default the policy's (NATO).

    Returns
    -------
    matplotlib.figure.Figure
        The scatter of :func:`tiers_figure`, from one classification without Monte Carlo
        draws.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import socius.plots as sp
    >>> fig = sp.tiers(2010)
    >>> fig.texts[0].get_text()
    '23 active partners and 12 associates in 2010'
    >>> plt.close(fig)
    """
    from socius.affiliation import classify

    return tiers_figure(classify(year, policy=policy, alliance=alliance, draws=1))
