"""Figures for extended deterrence: the sweep curve and each party's deterrent value.

Functions return a matplotlib ``Figure`` in the house style of :mod:`socius.figstyle`
(colour-blind-safe palette, takeaway title, source line, percent axes, the one-half
threshold marked); the report turns it into inline SVG and the command line saves it to a
file. :mod:`socius.figstyle` (and so matplotlib) is imported only when a figure is drawn.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from socius.deterrence.extended import DeterrenceResult

__all__ = ["plot_parties", "plot_sweep"]

_ASSUMPTION = "judgment inputs are illustrative assumptions"
_SOURCE = f"socius extended-deterrence model; capabilities COW NMC v7.0 CINC; {_ASSUMPTION}"


def plot_sweep(table: pl.DataFrame, *, title: str = "") -> Any:
    """P(deterrence holds) against the swept input, from :func:`~socius.deterrence.sweep`.

    The challenger's expected utility at the means is drawn on a second axis; the takeaway
    title says whether any value of the input makes deterrence hold in half of the draws.

    Parameters
    ----------
    table
        The frame :func:`~socius.deterrence.sweep` returns (``parameter``, ``value``,
        ``p_deterrence`` [0-1], ``eu_at_means``), one row per value in order.
    title
        Text before the first colon starts the takeaway title (``"Taiwan Strait: ..."``
        gives ``"Taiwan Strait: deterrence holds ..."``); default none.

    Returns
    -------
    matplotlib.figure.Figure
        P(deterrence holds) [%] against the value, the one-half line, ``EU - status
        quo`` on the right axis (0 marked), and a source line saying that the judgment
        inputs are illustrative assumptions. Close it with ``plt.close(fig)``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from socius.deterrence import load_scenario, sweep
    >>> game = load_scenario("taiwan-strait", year=2007).game
    >>> fig = plot_sweep(sweep(game, "nato.probability", [0.0, 0.5, 1.0], draws=2000))
    >>> len(fig.axes)
    2
    >>> plt.close(fig)
    """
    from socius.figstyle import (
        PALETTE,
        SERIES_COLOURS,
        new_figure,
        percent_axis,
        source_line,
        takeaway,
        threshold,
    )

    fig, ax = new_figure(7.0, 4.2)
    param = str(table["parameter"][0]) if table.height else "value"
    x = table["value"].to_list()
    p = [100 * v for v in table["p_deterrence"].to_list()]
    ax.plot(x, p, color=PALETTE["member"], marker="o", ms=3, label="P(deterrence holds)")
    ax.set_ylim(-2, 102)
    percent_axis(ax, "y")
    threshold(ax, 50.0, "half of the draws", axis="y")
    ax.set_xlabel(param)
    ax.set_ylabel("P(deterrence holds)")
    twin = ax.twinx()
    twin.plot(
        x,
        table["eu_at_means"].to_list(),
        color=SERIES_COLOURS[1],
        ls="--",
        label="challenger EU - status quo (means)",
    )
    twin.axhline(0.0, color=PALETTE["none"], lw=0.8)
    twin.set_ylabel("EU - status quo")
    twin.tick_params(labelsize=8)
    twin.spines[["top"]].set_visible(False)
    lines = ax.get_lines()[:1] + twin.get_lines()[:1]
    ax.legend(lines, [ln.get_label() for ln in lines], loc="best", frameon=False)
    reach = [v for v, q in zip(x, p, strict=True) if q >= 50.0]
    head = f"{title.split(':')[0]}: " if title else ""
    takeaway(
        fig,
        head
        + (
            f"deterrence holds in half of the draws from {param} = {min(reach):g}"
            if reach
            else f"no value of {param} makes deterrence hold in half of the draws"
        ),
    )
    source_line(fig, _SOURCE)
    return fig


def plot_parties(result: DeterrenceResult, *, title: str = "") -> Any:
    """Each party's signal: marginal deterrent value (left) and P(deterrence holds) with and
    without it (right).

    Parameters
    ----------
    result
        From :func:`~socius.deterrence.simulate`; its ``parties`` table gives one bar per
        party (``marginal_value``, ``p_deterrence_with``, ``p_deterrence_without``).
    title
        Text before the first colon starts the takeaway title; default
        ``"<challenger> vs <protégé>"``.

    Returns
    -------
    matplotlib.figure.Figure
        Two panels sharing the party axis: the fall in the challenger's expected utility
        due to each signal (negative for the challenger's allies) and P(deterrence holds)
        [% of draws] with and without it (probability 0), with the one-half line; the
        takeaway names the party whose signal deters most. Close it with
        ``plt.close(fig)``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from socius.deterrence import load_scenario, simulate
    >>> fig = plot_parties(simulate(load_scenario("taiwan-strait", year=2007).game, draws=2000))
    >>> len(fig.axes)
    2
    >>> plt.close(fig)
    """
    from socius.figstyle import (
        PALETTE,
        SERIES_COLOURS,
        new_figure,
        source_line,
        takeaway,
    )

    table = result.parties
    names = table["party"].to_list()
    pos = list(range(len(names)))
    fig, first = new_figure(8.0, max(3.0, 0.55 * len(names) + 2.0))
    first.remove()
    left, right = fig.subplots(1, 2, sharey=True)
    for ax in (left, right):
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(alpha=0.25, linewidth=0.6, axis="x")
        ax.tick_params(labelsize=8)
    values = table["marginal_value"].to_list()
    left.barh(
        pos, values, color=[PALETTE["active_partner"] if v >= 0 else PALETTE["sco"] for v in values]
    )
    left.axvline(0.0, color=PALETTE["none"], lw=0.8)
    left.set_yticks(pos, names)
    left.set_xlabel("marginal deterrent value\n(fall in challenger EU due to the signal)")
    right.barh(
        [q + 0.2 for q in pos],
        [100 * v for v in table["p_deterrence_with"].to_list()],
        height=0.4,
        color=PALETTE["member"],
        label="with its signal",
    )
    right.barh(
        [q - 0.2 for q in pos],
        [100 * v for v in table["p_deterrence_without"].to_list()],
        height=0.4,
        color=SERIES_COLOURS[3],
        label="without (probability 0)",
    )
    right.set_xlim(0, 100)
    right.axvline(50.0, color=PALETTE["flag"], ls="--", lw=0.9)
    right.set_xlabel("P(deterrence holds), % of draws")
    right.tick_params(labelleft=False)
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=2, frameon=False)
    best = names[max(pos, key=lambda k: values[k])] if names else ""
    head = title.split(":")[0] if title else f"{result.game.challenger} vs {result.game.protege}"
    takeaway(
        fig,
        f"{head}: deterrence holds in {result.p_deterrence:.0%} of draws; "
        + (f"{best}'s signal deters most" if best else "no third party"),
    )
    source_line(fig, _SOURCE)
    return fig
